"""Who a value is about: the organisation, one department, one team, or the organisation's use of one AI
tool (``tool:github-copilot``, measured from the tool's usage reports by bot/adoption)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UserError

KINDS = ("organisation", "department", "team", "tool")
_ALIASES = {"organization": "organisation", "org": "organisation", "company": "organisation",
            "dept": "department"}
MAX_NAME = 128


@dataclass(frozen=True)
class Scope:
    kind: str
    name: str = ""

    def __str__(self) -> str:
        return self.kind if self.kind == "organisation" else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        return "the organisation" if self.kind == "organisation" else f"{self.kind} {self.name}"


ORGANISATION = Scope("organisation")


def make_scope(kind: str | None, name: str | None = None) -> Scope:
    k = _ALIASES.get((kind or "organisation").strip().lower(), (kind or "organisation").strip().lower())
    if k not in KINDS:
        raise UserError(f"Unknown scope {kind!r}: use organisation, department:NAME, team:NAME or tool:NAME.")
    n = " ".join((name or "").split())
    if k == "organisation":
        if n:
            raise UserError("The organisation scope takes no name; use department:NAME or team:NAME for a part of it.")
        return ORGANISATION
    if not n:
        raise UserError(f"A {k} scope needs a name, e.g. {k}:Sales.")
    if len(n) > MAX_NAME:
        raise UserError(f"The {k} name is longer than {MAX_NAME} characters.")
    return Scope(k, n)


def parse_scope(text: str | None) -> Scope:
    """``organisation``, ``department:Sales`` or ``team:Platform``."""
    raw = (text or "organisation").strip()
    kind, _, name = raw.partition(":")
    return make_scope(kind, name)
