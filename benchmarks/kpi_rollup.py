"""Adoption roll-up over 1M usage events: the query behind the adoption-rate KPI and the nudges.

Builds a temporary SQLite database at the newest migration and bulk-inserts N usage events (DBAPI
executemany, 50k rows per batch, in time order as the bot writes them) spread over six months for 8,000
people in 12 departments. Then it times what a nudge does: the distinct active users of the window (one
range scan on the covering index ix_usage_events_created_user_kind), intersected with 10,000 eligible
members (what conversations.members or usergroups.users.list return), rolled up for the organisation and
per department. Each figure is the median of --repeat runs with a warm page cache, as in the running bot.
Target (issue 6): under 1 s for the roll-up over all 1M events.

Run: .venv/bin/python -m benchmarks.kpi_rollup [--events 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

TARGET_S = 1.0
DEPARTMENTS = ["Sales", "Finance", "Legal", "HR", "Engineering", "Support", "Marketing", "Operations",
               "Procurement", "Design", "Data", "Security"]


def build(data_dir: Path, events: int, seed: int = 7):
    from bot.config import Settings
    from bot.container import Container

    c = Container(Settings(data_dir=data_dir))
    c.migrate()
    rng = random.Random(seed)
    people = [(f"U{i:07d}", DEPARTMENTS[i % len(DEPARTMENTS)]) for i in range(10_000)]
    askers = people[:8_000]  # 2,000 eligible people never ask
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    span = 181 * 86_400
    # events arrive in time order, as in the bot; a few people ask a lot, most ask now and then
    moments = sorted(rng.randrange(span) for _ in range(events))
    batch = 50_000
    columns = ("team_id", "user_id", "surface", "outcome", "kind", "question", "answer", "sources", "topic",
               "confidence", "latency_ms", "department", "created_at")
    # DBAPI executemany with rows as tuples: no per-row work in SQLAlchemy (datetimes written in the
    # format SQLAlchemy's SQLite DateTime type reads back)
    sql = f"INSERT INTO usage_events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started = time.perf_counter()
    with c.engine.begin() as conn:
        for offset in range(0, events, batch):
            rows = []
            for second in moments[offset:offset + batch]:
                user, dept = askers[int(rng.random() ** 2 * len(askers))]
                at = start + timedelta(seconds=second)
                rows.append(("T0BENCH", user, "mention", "answered" if rng.random() < 0.9 else "declined", "answer",
                             "q", "a", "[]", None, 0.7, 40.0, dept, f"{at:%Y-%m-%d %H:%M:%S.%f}"))
            conn.exec_driver_sql(sql, rows)
    load_s = time.perf_counter() - started
    return c, dict(people), load_s


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from bot.kpis.auto_metrics import AutoMetrics
    from bot.kpis.catalog import load_catalog
    from bot.kpis.periods import Period, parse_period

    with tempfile.TemporaryDirectory(prefix="coach-kpi-bench-") as tmp:
        c, eligible, load_s = build(Path(tmp), args.events)
        metrics = AutoMetrics(c.uow, load_catalog(c.settings.kpi_catalog))
        half_year = Period(date(2026, 1, 1), date(2026, 7, 1), "month", "2026-H1")
        months = [parse_period(f"2026-{m:02d}") for m in range(1, 7)]
        metrics.adoption(half_year, eligible)  # warm the page cache, as a running bot has it
        all_s, rows = timed(lambda: metrics.adoption(half_year, eligible), args.repeat)
        month_s, _ = timed(lambda: [metrics.adoption(p, eligible) for p in months], args.repeat)
        one_s, _ = timed(lambda: metrics.adoption(months[-1], eligible), args.repeat)

    org = rows[0]
    print(f"\nAdoption roll-up, {args.events:,} usage events, {len(eligible):,} eligible members, "
          f"{len(DEPARTMENTS)} departments (median of {args.repeat})\n")
    print(f"{'measure':<52}{'seconds':>10}{'target':>10}")
    print("-" * 72)
    print(f"{'bulk insert (DBAPI executemany, 50k per batch)':<52}{load_s:>10.2f}{'':>10}")
    print(f"{'roll-up over all events (6 months, org + 12 depts)':<52}{all_s:>10.3f}{'< ' + str(TARGET_S):>10}")
    print(f"{'six monthly roll-ups (the nudge trend)':<52}{month_s:>10.3f}{'':>10}")
    print(f"{'one monthly roll-up (one nudge)':<52}{one_s:>10.3f}{'':>10}")
    print(f"\norganisation: {org.active:,} active of {org.eligible:,} eligible = {org.rate:.1f}%")
    ok = all_s < TARGET_S
    print(f"result: {'PASS' if ok else 'FAIL'} ({all_s:.3f} s {'<' if ok else '>='} {TARGET_S} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
