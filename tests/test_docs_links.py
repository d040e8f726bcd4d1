"""The README, docs/ and deploy/'s guides hold together: every relative link points to a file that exists and,
when it names an anchor in a Markdown file, to a heading there (anchors as GitHub renders them); every page in
docs/ can be reached from the README; and the README stays short enough to read in about five minutes."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from bot.ingest.chunking import anchor

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_MAX_WORDS = 1500  # about five minutes of reading; details go to the pages in docs/
_md = MarkdownIt("commonmark").enable("table")


def docs_pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


def pages() -> list[Path]:
    return [README, *docs_pages(), *sorted((ROOT / "deploy").rglob("*.md"))]


def links(path: Path) -> list[str]:
    """The link and image targets of a Markdown file (code blocks and code spans excluded)."""
    found: list[str] = []
    for token in _md.parse(path.read_text(encoding="utf-8")):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
            elif child.type == "image":
                found.append(str(child.attrs["src"]))
    return found


def anchors(path: Path) -> set[str]:
    """The heading anchors of a Markdown file as GitHub makes them, repeats numbered "-1", "-2"…"""
    tokens = _md.parse(path.read_text(encoding="utf-8"))
    seen: Counter[str] = Counter()
    out: set[str] = set()
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
        slug = anchor(text)
        out.add(slug if not seen[slug] else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return out


def broken_links(path: Path) -> list[str]:
    """`path`'s relative links whose file, or whose anchor in a Markdown file, does not exist."""
    problems: list[str] = []
    name = path.relative_to(ROOT) if ROOT in path.parents else path.name
    for href in links(path):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not target.exists():
            problems.append(f"{name}: {href} (no such file)")
        elif parts.fragment and target.suffix == ".md" and unquote(parts.fragment) not in anchors(target):
            problems.append(f"{name}: {href} (no such heading)")
    return problems


def test_every_relative_link_in_the_readme_docs_and_deploy_guides_resolves():
    problems = [problem for page in pages() for problem in broken_links(page)]
    assert not problems, "broken links:\n" + "\n".join(problems)


def unreached(start: Path, candidates: list[Path]) -> list[Path]:
    """The candidates no chain of relative Markdown links from `start` leads to."""
    reached, pending = {start}, [start]
    while pending:
        page = pending.pop()
        for href in links(page):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_file() and target not in reached:
                reached.add(target)
                pending.append(target)
    return [p for p in candidates if p.resolve() not in reached]


def test_every_page_in_docs_can_be_reached_from_the_readme():
    missing = [str(p.relative_to(ROOT)) for p in unreached(README, docs_pages())]
    assert not missing, f"pages no link from the README leads to: {missing}"


def test_the_readme_reads_in_about_five_minutes():
    words = len(README.read_text(encoding="utf-8").split())
    assert words <= README_MAX_WORDS, f"README.md has {words} words; move details to a page in docs/"


def test_the_checks_find_a_missing_file_a_missing_heading_and_an_unlinked_page(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Set-up (`make run`)\n\n## Set-up (`make run`)\n")
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n## Two commands\n\n"
                     "[ok](other.md#set-up-make-run) [repeat](other.md#set-up-make-run-1) [here](#two-commands) "
                     "[web](https://example.com/x.md) ![img](other.md)\n"
                     "[gone](missing.md) [no heading](other.md#nowhere) [not here](#three-commands)\n\n"
                     "```\n[in code](absent.md)\n```\n")
    assert broken_links(page) == ["page.md: missing.md (no such file)",
                                  "page.md: other.md#nowhere (no such heading)",
                                  "page.md: #three-commands (no such heading)"]
    (tmp_path / "lone.md").write_text("# Nobody links here\n\n[back](page.md)\n")
    assert unreached(page, [tmp_path / "other.md", tmp_path / "lone.md"]) == [tmp_path / "lone.md"]
