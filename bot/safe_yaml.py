"""The one way the bot reads YAML (and the small text files given in its place): bounded, alias-free, and
every failure a one-line ``UserError`` that names the file and the line.

Why: ``yaml.safe_load`` accepts a few hundred bytes of nested aliases ("billion laughs") whose result grows
to billions of items as soon as anything walks or prints it, and a missing file, a non-UTF-8 byte or a typo
surfaces as a traceback. ``load_yaml`` (a file) and ``parse_yaml`` (text) therefore

- refuses a file over ``max_bytes`` before parsing it (reading at most ``max_bytes + 1`` bytes),
- refuses aliases (``*name``, and so ``<<: *name`` merges): the loader stops at the first one, before
  anything is shared or expanded (anchors on their own are harmless and allowed),
- turns unreadable files, non-UTF-8 bytes, YAML errors, nesting too deep to parse and numbers too long to
  convert into ``UserError("FILE is not valid YAML at line L, column C: …")`` and the like."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from bot.errors import UserError

MAX_BYTES = 256 * 1024  # the largest YAML file shipped is about 10 KB


class _NoAliasLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses aliases where the composer meets them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in this file",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def read_text(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, missing: str | None = None) -> str:
    """The text of a UTF-8 file (a leading byte-order mark dropped) of at most ``max_bytes`` bytes.
    ``missing`` is the message when the file does not exist (default: "PATH does not exist.")."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UserError(missing or f"{path} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {_one_line(exc.strerror or type(exc).__name__)}.") from None
    if len(data) > max_bytes:
        raise UserError(f"{path} is larger than {max_bytes:,} bytes: too large to read.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UserError(f"{path} is not UTF-8 text (line {line}): save it as UTF-8.") from None


def load_yaml(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES, missing: str | None = None) -> object:
    """The data in the YAML file at ``path`` (see the module docstring for what is refused); ``missing`` is the
    message when the file does not exist."""
    path = Path(path)
    return parse_yaml(read_text(path, max_bytes=max_bytes, missing=missing), name=str(path), max_bytes=max_bytes)


def parse_yaml(text: str, *, name: str = "The text", max_bytes: int = MAX_BYTES) -> object:
    """The data in YAML ``text``; ``name`` says where it came from in messages."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise UserError(f"{name} is larger than {max_bytes:,} bytes: too large to read.")
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # a SafeLoader: no Python objects
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise UserError(f"{name} is not valid YAML{where}: {_one_line(exc.problem or exc.context or exc)}.") from None
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        raise UserError(f"{name} is not valid YAML at line {line}: it holds the control character "
                        f"#x{exc.character:04x}.") from None
    except yaml.YAMLError as exc:
        raise UserError(f"{name} is not valid YAML: {_one_line(exc)}.") from None
    except RecursionError:
        raise UserError(f"{name} is not valid YAML: it nests too deeply.") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise UserError(f"{name} is not valid YAML: a value cannot be read ({_one_line(exc).split(';')[0]}).") from None
