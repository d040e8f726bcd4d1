"""The layout docs/architecture.md describes, checked: no import cycle among bot's modules (module-level
imports: imports inside functions and under TYPE_CHECKING are the sanctioned way to break a cycle), no file
over 400 lines, the CLI as a package, and no Slack import in the feature folders."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
MAX_LINES = 400
# Feature folders hold domain logic only: Slack's libraries are imported by bot/slack alone.
DOMAIN = ["answers", "audit", "surveys", "kpis", "feedback", "usage", "roles", "conversations", "ingest",
          "retrieval", "evaluation", "store"]


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in BOT.rglob("*.py") if "migrations" not in p.parts}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def top_level_imports(tree: ast.Module, package: str) -> list[str]:
    """Names imported when the module is imported: its top level, and top-level if/try blocks."""
    found: list[str] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.append(base)
            found += [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending += node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
    return found


def import_graph() -> dict[str, set[str]]:
    mods = modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {target for target in top_level_imports(tree, package) if target in mods and target != name}
    return graph


def test_no_import_cycle_among_module_level_imports():
    try:
        order = list(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail("import cycle: " + " -> ".join(exc.args[1]))
    assert "bot.container" in order


def test_the_cycle_check_sees_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}}
    with pytest.raises(graphlib.CycleError):
        list(graphlib.TopologicalSorter(graph).static_order())
    tree = ast.parse("import bot.x\nfrom bot import y\nif TYPE_CHECKING:\n    import bot.z\n"
                     "def f():\n    import bot.w\ntry:\n    from .v import q\nexcept ImportError:\n    pass\n")
    assert set(top_level_imports(tree, "bot.pkg")) == {"bot.x", "bot", "bot.y", "bot.pkg.v", "bot.pkg.v.q"}


def test_no_file_over_400_lines():
    long = {str(p.relative_to(BOT.parent)): n for p in BOT.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"files over {MAX_LINES} lines: {long}"


def test_the_cli_is_a_package_and_nothing_in_it_imports_its_entry_point():
    cli = BOT / "cli"
    assert (cli / "__init__.py").is_file() and (cli / "main.py").is_file()
    assert not list(BOT.glob("cli_*.py")) and not (BOT / "cli.py").exists()
    graph = import_graph()
    importers = sorted(m for m, targets in graph.items() if "bot.cli.main" in targets)
    assert importers == [], f"{importers} import bot.cli.main"


def test_feature_folders_import_no_slack_library():
    offenders = []
    for folder in DOMAIN:
        for path in (BOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                if any(n.split(".")[0] in ("slack_bolt", "slack_sdk") or n.startswith("bot.slack") for n in names):
                    offenders.append(str(path.relative_to(BOT.parent)))
    assert not offenders, f"Slack imports in feature folders: {sorted(set(offenders))}"


def test_the_slack_layer_receives_built_objects_and_never_imports_the_container():
    importers = []
    for path in (BOT / "slack").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if "bot.container" in names:
                importers.append(str(path.relative_to(BOT.parent)))
    assert not importers, f"{importers} import bot.container"
