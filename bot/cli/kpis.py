"""`coach kpi …` and `coach okr …`: KPI values and OKRs from the terminal, on the same services as `/kpi` in
Slack. When the app serves several workspaces (OAuth), every command that reads or changes values or OKRs
names its workspace with ``--team T…`` (bot.tenancy). The scope and team options, the workspace lookup and the
chart writer are shared with `coach nudge` (bot.cli.nudges)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.cli.common import (
    TeamOpt,
    author,
    console,
    container,
    err,
    print_json,
    workspace,
    write_file,
)
from bot.errors import UserError
from bot.ids import parse_id

kpi_app = typer.Typer(help="KPI catalog and values: record, import, show, chart.", no_args_is_help=True)
okr_app = typer.Typer(help="OKRs: objectives with key results, progress and pace.", no_args_is_help=True)
ScopeOpt = Annotated[str, typer.Option("--scope", help="organisation, department:NAME or team:NAME")]



def write_png(path: Path, png: bytes) -> None:
    """Write a chart; a path that cannot be written is the user's to fix: one line, nothing written."""
    if path.is_dir():
        raise UserError(f"{path} is a folder; give a file name, e.g. {path / 'kpi-trends.png'}.")
    if not path.parent.exists():
        raise UserError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    write_file(path, lambda: path.write_bytes(png))


def _reading_json(r) -> dict:
    return {"kpi": r.kpi, "scope": str(r.scope), "period": r.period.label, "value": r.value, "source": r.source,
            "note": r.note}


# kpi -------------------------------------------------------------------------------------------------

@kpi_app.command("catalog")
def kpi_catalog(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False) -> None:
    """The KPIs: definition, formula, unit, which direction is better, typical benchmark."""
    from bot.kpis.catalog import GROUPS, load_catalog

    catalog = load_catalog(container().settings.kpi_catalog)
    if as_json:
        print_json([k.to_json() for k in catalog])
        return
    for group, title in GROUPS.items():
        kpis = [k for k in catalog if k.group == group]
        table = Table(title=title, show_lines=True)
        # the key is what people type: never wrapped or cut, however narrow the terminal
        table.add_column("key", no_wrap=True, min_width=max((len(k.key) for k in kpis), default=3))
        for heading in ("KPI", "unit", "better", "benchmark", "definition / formula"):
            table.add_column(heading)
        for k in kpis:
            bench = k.benchmark.label(k.unit) + (f"\n{k.benchmark.note}" if k.benchmark.note else "") \
                if k.benchmark else "none published"
            how = "\n[dim]Record with --baseline and --after.[/]" if catalog.stored(k.key).change else ""
            table.add_row(k.key, k.name, k.unit, k.better, bench, f"{k.definition}\n[dim]{k.formula}[/]{how}")
        console.print(table)


@kpi_app.command("record")
def kpi_record(kpi: Annotated[str, typer.Argument(help="KPI key (see `coach kpi catalog`)")],
               period: Annotated[str, typer.Option("--period", help="2026, 2026-Q2, 2026-05, 2026-W19 or 2026-05-04")],
               value: Annotated[str | None, typer.Argument(
                   help="The value, in the KPI's unit (62.5 or 62.5% for 62.5 %); BEFORE->AFTER for a KPI computed "
                        "from a change; or give --baseline and --after")] = None,
               scope: ScopeOpt = "organisation",
               baseline: Annotated[str | None, typer.Option(
                   help="The number before AI, for KPIs computed from a change (productivity uplift, error "
                        "reduction, CSAT/NPS delta)")] = None,
               after: Annotated[str | None, typer.Option(help="The number after, with --baseline")] = None,
               note: Annotated[str, typer.Option(help="Where the number comes from")] = "",
               team: TeamOpt = None) -> None:
    """Record one value (recording the same KPI, scope and period again corrects it); for a KPI computed
    from a change, --baseline and --after compute it with the catalog's formula."""
    from bot.kpis.measurements import Change, parse_amount
    from bot.kpis.scopes import parse_scope

    if (baseline is None) != (after is None):
        raise UserError("Give both --baseline and --after (the numbers before and after), or the value itself.")
    if (value is None) == (baseline is None):
        raise UserError("Give either the value or --baseline and --after, not both." if value is not None else
                        "Give the value, e.g. `coach kpi record employee_adoption_rate 62.5 --period 2026-05`.")
    amount = parse_amount(value) if value is not None else Change(_number(baseline, "--baseline"),
                                                                   _number(after, "--after"))
    c, tenant = workspace(team)
    entry, how = c.kpis.measurements.record(kpi, parse_scope(scope), period, amount, author(), note, tenant=tenant)
    console.print(f"{how.capitalize()}: {entry.kpi.name} for {entry.scope.label}, {entry.period.label} = {entry.value:g}.")


def _number(text: str, option: str) -> float:
    """One number for an option (``55`` or ``55%``), read as the value argument is."""
    from bot.kpis.measurements import parse_amount

    try:
        amount = parse_amount(text)
    except UserError:
        amount = None
    if not isinstance(amount, float):
        raise UserError(f"{option} takes one number, e.g. 40 or 40%, not {text!r}.")
    return amount


@kpi_app.command("import")
def kpi_import(file: Annotated[Path, typer.Argument(help="CSV with columns kpi, period, value[, scope, scope_name, note]")],
               team: TeamOpt = None) -> None:
    """Import values from a CSV file: every row is checked first; one bad row and nothing is imported."""
    from bot.kpis.csv_import import ImportRejected

    c, tenant = workspace(team)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"Cannot read {file}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{file} is not UTF-8 text; save it as CSV UTF-8.") from exc
    try:
        added, updated = c.kpis.import_csv(text, author(), tenant=tenant)
    except ImportRejected as exc:
        for problem in exc.errors[:50]:
            err.print(f"  {problem}", highlight=False)
        if len(exc.errors) > 50:
            err.print(f"  … and {len(exc.errors) - 50} more", highlight=False)
        raise UserError(f"Nothing imported: {len(exc.errors)} problem(s) in {file.name}; fix them and import "
                        "the file again.") from None
    console.print(f"Imported {added + updated} values from {file.name}: {added} added, {updated} updated.")


@kpi_app.command("show")
def kpi_show(kpi: Annotated[str | None, typer.Argument(help="A KPI key for its history; none: latest of all")] = None,
             scope: Annotated[str | None, typer.Option(
                 "--scope", help="organisation, department:NAME or team:NAME (default: the organisation for "
                                 "one KPI's history, every scope for the latest values)")] = None,
             limit: Annotated[int, typer.Option(min=1, max=100, help="How many periods of history")] = 12,
             as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
             team: TeamOpt = None) -> None:
    """The latest value of every KPI (for every scope, or for --scope), or one KPI's history for a scope."""
    from bot.kpis.catalog import fmt_value
    from bot.kpis.scopes import parse_scope

    c, tenant = workspace(team)
    k = c.kpis
    where = parse_scope(scope) if scope is not None else None
    if kpi is None:
        readings = [r for r in k.measurements.overview(tenant=tenant) if where is None or r.scope == where]
        title = "KPIs — latest values" + (f" — {where.label}" if where else "")
    else:
        where = where or parse_scope(None)
        readings = k.measurements.series(kpi, where, limit, tenant=tenant)
        title = f"{k.catalog.get(kpi).name} — {where.label}"
    if as_json:
        print_json([_reading_json(r) for r in readings])
        return
    if not readings:
        console.print("No values yet: `coach kpi record` or `coach kpi import FILE.csv`.")
        return
    table = Table("KPI", "scope", "period", "value", "benchmark", "source", title=title)
    for r in readings:
        meta = k.catalog.get(r.kpi)
        bench = meta.benchmark.label(meta.unit) if meta.benchmark else ""
        table.add_row(meta.name, str(r.scope), r.period.label, fmt_value(r.value, meta.unit), bench, r.source)
    console.print(table)


@kpi_app.command("chart")
def kpi_chart(kpis: Annotated[list[str], typer.Argument(help="One or more KPI keys (up to six)")],
              out: Annotated[Path, typer.Option("--out", help="PNG file to write")],
              scope: ScopeOpt = "organisation",
              limit: Annotated[int, typer.Option(min=2, max=52, help="How many periods")] = 12,
              team: TeamOpt = None) -> None:
    """Write a trend chart (PNG) with each KPI's benchmark band and OKR target."""
    from bot.kpis.charts import MAX_PANELS, kpi_series, trend_png
    from bot.kpis.scopes import parse_scope

    if len(kpis) > MAX_PANELS:
        raise UserError(f"A chart holds at most {MAX_PANELS} KPIs and {len(kpis)} were given; "
                        "split them over two charts.")
    c, tenant = workspace(team)
    k, where = c.kpis, parse_scope(scope)
    series = []
    for key in kpis:
        meta = k.catalog.get(key)
        readings = k.measurements.series(key, where, limit, tenant=tenant)
        target = k.okrs.target_for(key, where, tenant=tenant)
        series.append(kpi_series(meta, readings, target.target if target else None))
    png = trend_png(series, where.label)
    if png is None:
        raise UserError(f"No values to chart for {', '.join(kpis)} at {where}; record some first.")
    write_png(out, png)
    console.print(f"Wrote {out} ({len(png):,} bytes).")


# okr -------------------------------------------------------------------------------------------------

def _okr_json(o) -> dict:
    return {"id": o.id, "title": o.title, "scope": str(o.scope), "start": o.start.isoformat(), "at_risk": o.at_risk,
            "key_results": [{"id": kr.id, "kpi": kr.kpi.key, "baseline": kr.baseline, "target": kr.target,
                             "due": kr.due.isoformat(), "current": kr.current.value if kr.current else None,
                             "progress": kr.pace.progress, "elapsed": kr.pace.elapsed, "status": kr.pace.status}
                            for kr in o.key_results]}


def _print_okr(o) -> None:
    from bot.kpis.catalog import fmt_value

    table = Table("KR", "KPI", "baseline → target", "due", "current", "progress", "time gone", "status",
                  title=f"OKR {o.id}: {o.title} ({o.scope.label}, from {o.start})")
    for kr in o.key_results:
        u = kr.kpi.unit
        progress = f"{kr.pace.progress:.0%}" if kr.pace.progress is not None else "—"
        table.add_row(str(kr.id), kr.kpi.name, f"{fmt_value(kr.baseline, u)} → {fmt_value(kr.target, u)}",
                      kr.due.isoformat(), fmt_value(kr.current.value, u) if kr.current else "—", progress,
                      f"{kr.pace.elapsed:.0%}", kr.pace.status)
    console.print(table)


@okr_app.command("add")
def okr_add(title: Annotated[str, typer.Argument(help="The objective, e.g. 'Make AI part of daily work'")],
            kr: Annotated[list[str], typer.Option("--kr", help="KPI:BASELINE->TARGET@YYYY-MM-DD (repeatable)")],
            scope: ScopeOpt = "organisation",
            start: Annotated[str | None, typer.Option(help="YYYY-MM-DD the objective starts (default today)")] = None,
            team: TeamOpt = None) -> None:
    """Add an objective with its key results."""
    from bot.kpis.okrs import parse_key_result
    from bot.kpis.scopes import parse_scope

    try:
        begin = date.fromisoformat(start) if start else None
    except ValueError:
        raise UserError(f"--start {start!r} is not a date (YYYY-MM-DD).") from None
    c, tenant = workspace(team)
    objective_id = c.kpis.okrs.add(title, parse_scope(scope), begin, [parse_key_result(k) for k in kr], author(),
                                   tenant=tenant)
    console.print(f"Added OKR {objective_id} with {len(kr)} key result(s).")


@okr_app.command("list")
def okr_list(as_json: Annotated[bool, typer.Option("--json", help="One JSON array")] = False,
             team: TeamOpt = None) -> None:
    """Every objective with its key results, progress and pace."""
    c, tenant = workspace(team)
    statuses = c.kpis.okrs.statuses(tenant=tenant)
    if as_json:
        print_json([_okr_json(o) for o in statuses])
        return
    if not statuses:
        console.print("No OKRs yet: `coach okr add TITLE --kr KPI:BASELINE->TARGET@DUE`.")
    for o in statuses:
        _print_okr(o)


@okr_app.command("show")
def okr_show(objective_id: Annotated[str, typer.Argument(help="Objective id")],
             as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
             team: TeamOpt = None) -> None:
    """One objective: each key result's current value, progress, time gone and status."""
    c, tenant = workspace(team)
    number = parse_id(objective_id, f"There is no objective {objective_id}; `coach okr list` shows them.")
    o = c.kpis.okrs.show(number, tenant=tenant)
    print_json(_okr_json(o)) if as_json else _print_okr(o)
