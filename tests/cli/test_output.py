"""What the terminal shows: tables that read at any width (piped output keeps each row on one line; at 80
columns short columns never wrap and a table too wide for its text becomes one block per row), boolean flags
without a value in every --help, and a value typed after a flag refused in one line."""

from __future__ import annotations

import io
import os
import subprocess

import pytest
import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from typer.testing import CliRunner

from bot.cli.tables import READABLE, UNLIMITED, FitTables
from tests.conftest import COACH, ROOT, run_coach

WORDS = ("How much more quality-checked work each person gets done on tasks where AI helps, compared with the "
         "same tasks before the rollout.")


def _render(table_or_markdown, width: int, unlimited: bool = False) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    console.push_render_hook(FitTables(unlimited))
    console.print(table_or_markdown)
    return out.getvalue()


def _kpi_like_table() -> Table:
    table = Table("key", "KPI", "unit", "benchmark", "definition", title="Framework KPIs")
    for n in range(3):
        table.add_row(f"productivity_uplift_{n}", "Productivity uplift", "percent",
                      "10%–40% in knowledge-work pilots; automation in manufacturing can go higher", WORDS)
    return table


def test_piped_output_keeps_every_table_row_on_one_line(tmp_path):
    """A real command, its standard output a pipe and COLUMNS unset: one line per row, nothing wrapped."""
    from bot.surveys.templates import DEFAULT_DIR, TemplateLibrary

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"} | {"COACH_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([*COACH, "survey", "templates"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("│")]
    templates = TemplateLibrary(DEFAULT_DIR).all()
    assert len(rows) == len(templates) > 1, proc.stdout
    for template, row in zip(templates, rows, strict=True):
        cells = [c.strip() for c in row.strip("│").split("│")]
        assert cells[0] == template.id and template.name in cells and template.description in cells


def test_piped_output_of_the_shared_console_is_not_wrapped_at_80_columns():
    probe = ("from rich.table import Table\nfrom bot.cli.common import console\n"
             f"t = Table('id', 'definition')\nt.add_row('K1', {WORDS!r})\nconsole.print(t)\n"
             f"console.print({WORDS * 2!r})\n")
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.run([COACH[0], "-c", probe], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(line.startswith("│ K1 ") and WORDS in line for line in lines), proc.stdout
    assert WORDS * 2 in lines


def test_at_80_columns_a_table_too_wide_for_its_text_prints_one_block_per_row():
    text = _render(_kpi_like_table(), 80)
    assert "┃" not in text and "│" not in text  # no table drawn
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0] == "Framework KPIs"
    assert "key         productivity_uplift_0" in lines and "unit        percent" in lines
    assert max(len(line) for line in lines) <= 80
    assert " ".join(" ".join(lines).split()).count(WORDS) == 3  # wrapped only at the block's width, in order
    assert "benchmark   10%–40% in knowledge-work pilots; automation in manufacturing can go" in lines


def test_a_table_that_fits_keeps_its_short_columns_whole_and_wraps_only_the_text():
    table = Table("id", "when (UTC)", "score", "what changed")
    table.add_row("A0000000042", "2026-12-05 10:45", "37/100", WORDS)
    text = _render(table, 80)
    assert "│ A0000000042 │ 2026-12-05 10:45 │ 37/100 │" in text  # ids, dates and figures not wrapped
    wrapped = [line.split("│")[-2].strip() for line in text.splitlines() if line.startswith("│")]
    assert " ".join(wrapped) == WORDS and min(len(part.split()) for part in wrapped[:-1]) > 2


def test_without_a_width_limit_tables_are_whole_and_markdown_stays_readable():
    text = _render(_kpi_like_table(), UNLIMITED, unlimited=True)
    assert len([line for line in text.splitlines() if line.startswith("│")]) == 3
    markdown = _render(Markdown("# Audit of the sales team\n\n" + WORDS * 3), UNLIMITED, unlimited=True)
    assert "Audit of the sales team" in markdown
    assert max(len(line.rstrip()) for line in markdown.splitlines()) <= READABLE


def _commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name)
        if hasattr(command, "commands"):  # a sub-app (typer vendors its own click: no isinstance check)
            yield from _commands(command, (*path, name))


def test_no_help_shows_a_value_after_a_boolean_flag():
    from bot.cli.main import app

    group = typer.main.get_command(app)
    paths = [(), *_commands(group)]
    runner = CliRunner()
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, (path, result.output)
        assert "<bool>" not in result.output, f"coach {' '.join(path)} --help:\n{result.output}"
        help_line = next(line for line in result.output.splitlines() if "--help" in line)
        assert "<" not in help_line and "BOOL" not in help_line.upper(), help_line
    assert len(paths) > 40  # every command and sub-command was looked at


@pytest.mark.parametrize("args, flag", [
    (["ask", "--json", "true", "what is shadow work?"], "--json"),
    (["ask", "what is shadow work?", "--json", "false"], "--json"),
    (["ingest", "--quiet", "true"], "--quiet"),
])
def test_a_value_after_a_flag_is_refused_in_one_line(tmp_path, capsys, monkeypatch, args, flag):
    code, out, err = run_coach(args, capsys, monkeypatch, {"COACH_DATA_DIR": str(tmp_path)})
    assert code == 2 and out == ""
    assert " ".join(err.split()) == f"error: {flag} is a flag and takes no value: leave out " \
                                    f"'{args[args.index(flag) + 1]}' after it."
    assert not (tmp_path / "coach.db").exists()  # refused before anything was opened
