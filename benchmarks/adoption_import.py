"""Adoption ledger at scale: importing 10,000 people x 90 days x 3 tools (2.7M rows) and the monthly roll-up.

Builds a temporary SQLite database at the newest migration (and, with --database-url, the same on an empty
PostgreSQL database, side by side),
imports a directory of 10,000 people in 12 departments, then imports one generic CSV usage report holding
every person active with each of three tools on each of 90 days (the worst case: every row a new ledger
row), through the same path as `coach adoption import --source csv FILE`: read, parse, store in one
transaction, and write the weekly and monthly adoption KPIs it covers. Then it times the monthly roll-up
by department and tool (`coach adoption show --period 2026-04`), median of --repeat runs, and a second
import of the same file (which must change nothing). Peak memory is the process's resident high-water mark.
Targets (issue 13): the import under 60 s and the monthly roll-up under 1 s on a 2-core machine.

Run: .venv/bin/python -m benchmarks.adoption_import [--people 10000] [--days 90] [--repeat 5]
     [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

IMPORT_TARGET_S = 60.0
ROLLUP_TARGET_S = 1.0
TOOLS = ("m365-copilot", "github-copilot", "chatgpt-enterprise")
DEPARTMENTS = ["Sales", "Finance", "Legal", "HR", "Engineering", "Support", "Marketing", "Operations",
               "Procurement", "Design", "Data", "Security"]
FIRST_DAY = date(2026, 3, 1)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def write_inputs(folder: Path, people: int, days: int) -> tuple[Path, Path]:
    directory = folder / "people.csv"
    with directory.open("w") as f:
        f.write("email,department\n")
        for i in range(people):
            f.write(f"person{i:05d}@example.com,{DEPARTMENTS[i % len(DEPARTMENTS)]}\n")
    report = folder / "usage.csv"
    with report.open("w") as f:
        f.write("email,tool,day,count\n")
        for d in range(days):
            day = (FIRST_DAY + timedelta(days=d)).isoformat()
            for tool in TOOLS:
                f.writelines(f"person{i:05d}@example.com,{tool},{day},{1 + (i + d) % 9}\n" for i in range(people))
    return directory, report


def measure(folder: Path, directory: Path, report: Path, days: int, repeat: int, database_url: str | None) -> dict:
    from sqlalchemy import func, select

    from bot.adoption.directory_files import parse_people
    from bot.adoption.ledger import read_text
    from bot.config import Settings
    from bot.container import Container
    from bot.store.tables.adoption import AdoptionActivity

    c = Container(Settings(data_dir=folder, database_url=database_url))
    c.migrate()
    c.adoption.figures.today = lambda: FIRST_DAY + timedelta(days=days + 7)
    c.adoption.ledger.import_directory(parse_people(read_text(directory)), source="directory")
    started = time.perf_counter()
    done = c.adoption.ledger.import_file("csv", report)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    again = c.adoption.ledger.import_file("csv", report)
    reimport_s = time.perf_counter() - started
    month = FIRST_DAY.replace(month=FIRST_DAY.month + 1).strftime("%Y-%m")
    rollups = []
    for _ in range(repeat):
        c.adoption.figures._cache.clear()  # the roll-up itself, not the figures kept in memory
        started = time.perf_counter()
        snap = c.adoption.figures.show(month)
        rollups.append(time.perf_counter() - started)
    replies = []
    c.adoption.figures._cache.clear()
    for _ in range(repeat + 1):  # what `/kpi adoption` reads: the month, 8 weekly rates, unused licences
        started = time.perf_counter()
        c.adoption.figures.show(None), c.adoption.figures.trend(), c.adoption.figures.inactive()
        replies.append(time.perf_counter() - started)
    with c.uow() as uow:
        stored = uow.session.scalar(select(func.count()).select_from(AdoptionActivity))
    c.engine.dispose()
    return {"import": import_s, "reimport": reimport_s, "rollup": statistics.median(rollups), "stored": stored,
            "reply_cold": replies[0], "reply": statistics.median(replies[1:]),
            "rows": done.rows, "kpis": done.kpis, "figures": len(snap.rollup.figures),
            "same": stored == done.activities == again.activities}


def scale_arguments(description: str, argv: list[str] | None) -> argparse.Namespace:
    """The options of the benchmarks on this data (this one and benchmarks.dashboard)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None, help="also measure on this (empty) PostgreSQL database")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = scale_arguments(__doc__.splitlines()[0], argv)

    runs = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        directory, report = write_inputs(folder, args.people, args.days)
        runs["SQLite"] = measure(folder / "sqlite", directory, report, args.days, args.repeat, None)
        if args.database_url:
            runs["PostgreSQL"] = measure(folder / "pg", directory, report, args.days, args.repeat, args.database_url)

    first = next(iter(runs.values()))
    print(f"Adoption ledger, {args.people:,} people x {args.days} days x {len(TOOLS)} tools ({first['rows']:,} rows)")
    print(f"{'measure':<44}" + "".join(f"{name:>12}" for name in runs) + f"{'target':>10}")
    lines = [("import: read, parse, store, KPIs (s)", "import", "{:.1f}", f"{IMPORT_TARGET_S:.0f}"),
             ("import again, same file (s)", "reimport", "{:.1f}", ""),
             ("monthly roll-up by department and tool (s)", "rollup", "{:.3f}", f"{ROLLUP_TARGET_S:.0f}"),
             ("/kpi adoption: month, 8-week trend, unused (s)", "reply_cold", "{:.2f}", ""),
             ("  the same again, figures kept in memory (s)", "reply", "{:.2f}", ""),
             ("ledger rows after both imports", "stored", "{:,}", ""),
             ("KPI values written by the first import", "kpis", "{:,}", ""),
             ("figures in the monthly roll-up", "figures", "{:,}", "")]
    for label, key, fmt, target in lines:
        print(f"{label:<44}" + "".join(f"{fmt.format(r[key]):>12}" for r in runs.values()) + f"{target:>10}")
    print(f"{'peak resident memory of the process (MB)':<44}{peak_rss_mb():>12.0f}")
    ok = all(r["import"] < IMPORT_TARGET_S and r["rollup"] < ROLLUP_TARGET_S and r["same"] for r in runs.values())
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
