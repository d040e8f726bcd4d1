"""Adoption ledger at scale: importing 10,000 people x 90 days x 3 tools (2.7M rows) and the monthly roll-up.

Builds a temporary database at the newest migration (SQLite by default, or --database-url for PostgreSQL),
imports a directory of 10,000 people in 12 departments, then imports one generic CSV usage report holding
every person active with each of three tools on each of 90 days (the worst case: every row a new ledger
row), through the same path as `coach adoption import --source csv FILE`: read, parse, store in one
transaction, and write the weekly and monthly adoption KPIs it covers. Then it times the monthly roll-up
by department and tool (`coach adoption show --period 2026-05`), median of --repeat runs, and a second
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)

    from bot.adoption.directory_files import parse_people
    from bot.adoption.ledger import read_text
    from bot.config import Settings
    from bot.container import Container

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        directory, report = write_inputs(folder, args.people, args.days)
        c = Container(Settings(data_dir=folder, database_url=args.database_url))
        c.migrate()
        c.adoption.figures.today = lambda: FIRST_DAY + timedelta(days=args.days + 7)
        c.adoption.ledger.import_directory(parse_people(read_text(directory)), source="directory")

        started = time.perf_counter()
        done = c.adoption.ledger.import_file("csv", report)
        import_s = time.perf_counter() - started
        started = time.perf_counter()
        again = c.adoption.ledger.import_file("csv", report)
        reimport_s = time.perf_counter() - started

        month = FIRST_DAY.replace(month=FIRST_DAY.month + 1).strftime("%Y-%m")
        rollups = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            snap = c.adoption.figures.show(month)
            rollups.append(time.perf_counter() - started)
        rollup_s = statistics.median(rollups)
        with c.uow() as uow:
            from sqlalchemy import func, select

            from bot.store.tables.adoption import AdoptionActivity
            stored = uow.session.scalar(select(func.count()).select_from(AdoptionActivity))

    print(f"Adoption ledger, {args.people:,} people x {args.days} days x {len(TOOLS)} tools "
          f"({done.rows:,} rows), {'PostgreSQL' if args.database_url else 'SQLite'}")
    print(f"{'measure':<44}{'value':>12}{'target':>10}")
    print(f"{'import: read, parse, store, KPIs (s)':<44}{import_s:>12.1f}{IMPORT_TARGET_S:>10.0f}")
    print(f"{'import again, same file (s)':<44}{reimport_s:>12.1f}{'':>10}")
    print(f"{'monthly roll-up by department and tool (s)':<44}{rollup_s:>12.3f}{ROLLUP_TARGET_S:>10.0f}")
    print(f"{'ledger rows after both imports':<44}{stored:>12,}{'':>10}")
    print(f"{'KPI values written by the first import':<44}{done.kpis:>12,}{'':>10}")
    print(f"{'figures in the monthly roll-up':<44}{len(snap.rollup.figures):>12,}{'':>10}")
    print(f"{'peak resident memory (MB)':<44}{peak_rss_mb():>12.0f}{'':>10}")
    ok = import_s < IMPORT_TARGET_S and rollup_s < ROLLUP_TARGET_S and stored == done.activities == again.activities
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
