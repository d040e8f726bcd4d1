"""The web dashboard's pages at scale: each page's response time on the adoption data of 10,000 people x 90
days x 3 tools (2.7M ledger rows), with the KPI values that import writes.

Builds a temporary SQLite database (and, with --database-url, the same on an empty PostgreSQL database, side by
side), imports the directory and the usage report as benchmarks/adoption_import does, signs in the local admin
(`coach web --local`) and asks each page in-process (Starlette's TestClient: the server's time, no network).
"first" is the first request after the import (the adoption figures are then rolled up from the database);
"again" the median of --repeat further requests (figures kept in memory until the next import). Peak memory is
the process's resident high-water mark.
Targets: every page under 1 s once its figures are computed; the first adoption page after an import under 10 s.

Run: .venv/bin/python -m benchmarks.dashboard [--people 10000] [--days 90] [--repeat 5] [--database-url …]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.adoption_import import (
    FIRST_DAY,
    peak_rss_mb,
    scale_arguments,
    write_inputs,
)

PAGE_TARGET_S, FIRST_ADOPTION_TARGET_S = 1.0, 10.0
MONTH = FIRST_DAY.replace(month=FIRST_DAY.month + 1).strftime("%Y-%m")
PAGES = ["/app", "/app/adoption", f"/app/adoption?period={MONTH}&department=Sales",
         f"/app/adoption/departments.csv?period={MONTH}", "/app/kpis", "/app/kpis?scope=department%3ASales",
         "/app/surveys", "/app/audits", "/app/knowledge"]


def signed_in(app):
    from starlette.testclient import TestClient

    client = TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    client.get("/app/login")
    response = client.post("/app/login/local", data={"csrftoken": client.cookies.get("coach_csrf"), "next": "/app"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


def measure(folder: Path, directory: Path, report: Path, days: int, repeat: int, database_url: str | None) -> dict:
    from bot.adoption.directory_files import parse_people
    from bot.adoption.ledger import read_text
    from bot.config import Settings
    from bot.container import Container

    c = Container(Settings(data_dir=folder, database_url=database_url, knowledge_dirs=[folder / "knowledge"]))
    c.migrate()
    c.adoption.figures.today = lambda: FIRST_DAY + timedelta(days=days + 7)
    c.adoption.ledger.import_directory(parse_people(read_text(directory)), source="directory")
    c.adoption.ledger.import_file("csv", report)
    client = signed_in(c.web_app(local=True))
    times = {}
    for path in PAGES:
        runs = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            response = client.get(path)
            runs.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
        times[path] = (runs[0], statistics.median(runs[1:]), len(response.content))
    c.engine.dispose()
    return times


def main(argv: list[str] | None = None) -> int:
    args = scale_arguments(__doc__.splitlines()[0], argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        directory, report = write_inputs(folder, args.people, args.days)
        runs = {"SQLite": measure(folder / "sqlite", directory, report, args.days, args.repeat, None)}
        if args.database_url:
            runs["PostgreSQL"] = measure(folder / "postgres", directory, report, args.days, args.repeat,
                                         args.database_url)
    names = list(runs)
    print(f"\nDashboard pages, {args.people:,} people x {args.days} days x 3 tools, median of {args.repeat}\n")
    header = "| page | " + " | ".join(f"{n} first | {n} again" for n in names) + " | size |"
    print(header)
    print("|" + "---|" * (2 * len(names) + 2))
    ok = True
    for path in PAGES:
        cells = []
        for name in names:
            first, again, size = runs[name][path]
            cells += [f"{first:.2f} s", f"{again:.3f} s"]
            ok &= again < PAGE_TARGET_S and (first < FIRST_ADOPTION_TARGET_S if "adoption" in path else
                                              first < PAGE_TARGET_S)
        print(f"| `{path}` | " + " | ".join(cells) + f" | {size / 1024:.0f} KB |")
    print(f"\npeak memory of the process: {peak_rss_mb():.0f} MB")
    print(f"targets: every page under {PAGE_TARGET_S:g} s again; the first adoption page after an import under "
          f"{FIRST_ADOPTION_TARGET_S:g} s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
