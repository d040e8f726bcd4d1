"""Measurement periods as people write them: 2026, 2026-Q2, 2026-05, 2026-W19, 2026-05-04.

Hand-written (a few lines per format) because no maintained library parses this mix of ISO-8601 calendar
dates, ISO weeks and quarters into date ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.errors import UserError

GRANULARITIES = ("year", "quarter", "month", "week", "day")
_FORMATS = [(re.compile(r"^(\d{4})$"), "year"), (re.compile(r"^(\d{4})-?Q([1-4])$", re.I), "quarter"),
            (re.compile(r"^(\d{4})-(\d{2})$"), "month"), (re.compile(r"^(\d{4})-?W(\d{2})$", re.I), "week"),
            (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day")]
EXAMPLES = "2026, 2026-Q2, 2026-05, 2026-W19 or 2026-05-04"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # exclusive
    granularity: str
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.granularity)

    def fraction_elapsed(self, today: date) -> float:
        days = (self.end - self.start).days
        return min(max((today - self.start).days / days, 0.0), 1.0)


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_period(text: str) -> Period:
    raw = (text or "").strip()
    for pattern, granularity in _FORMATS:
        m = pattern.match(raw)
        if not m:
            continue
        try:
            nums = [int(g) for g in m.groups()]
            if granularity == "year":
                return period_of(date(nums[0], 1, 1), "year")
            if granularity == "quarter":
                return period_of(date(nums[0], 3 * nums[1] - 2, 1), "quarter")
            if granularity == "month":
                return period_of(date(nums[0], nums[1], 1), "month")
            if granularity == "week":
                return period_of(date.fromisocalendar(nums[0], nums[1], 1), "week")
            return period_of(date(*nums), "day")
        except ValueError:
            break
    raise UserError(f"{raw!r} is not a period; write it like {EXAMPLES}.")


def period_of(day: date, granularity: str) -> Period:
    """The period of the given granularity that contains ``day``."""
    if granularity == "year":
        start = date(day.year, 1, 1)
        return Period(start, date(day.year + 1, 1, 1), granularity, f"{day.year}")
    if granularity == "quarter":
        q = (day.month - 1) // 3 + 1
        start = date(day.year, 3 * q - 2, 1)
        return Period(start, _month_start(day.year, 3 * q + 1), granularity, f"{day.year}-Q{q}")
    if granularity == "month":
        start = date(day.year, day.month, 1)
        return Period(start, _month_start(day.year, day.month + 1), granularity, f"{day:%Y-%m}")
    if granularity == "week":
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period(start, start + timedelta(days=7), granularity, f"{year}-W{week:02d}")
    if granularity == "day":
        return Period(day, day + timedelta(days=1), granularity, day.isoformat())
    raise UserError(f"Unknown period length {granularity!r}: choose one of {', '.join(GRANULARITIES)}.")


def last_complete(day: date, granularity: str) -> Period:
    """The most recent period of that granularity that ended on or before ``day``."""
    return period_of(day, granularity).previous()
