"""👍/👎 on the coach's answers week by week, with the reasons given for 👎: shown next to survey results so
HR sees what people say in surveys beside what they do with the bot. Reads the feedback records of
bot.feedback (the answer ratings, not AI-tool feedback) of one workspace (the ``Tenant``, bot.tenancy)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.clock import as_utc, utcnow
from bot.feedback.service import REASONS
from bot.tenancy import EVERY_ROW, Tenant


@dataclass
class FeedbackWeek:
    week: date  # Monday
    up: int = 0
    down: int = 0
    reasons: Counter = field(default_factory=Counter)

    @property
    def up_rate(self) -> float | None:
        total = self.up + self.down
        return self.up / total if total else None

    def line(self) -> str:
        """One week in words, e.g. "week of 02 Nov: 3 👍 / 1 👎 (75% helpful) — wrong ×1" (Slack and CLI)."""
        text = f"week of {self.week.strftime('%d %b')}: {self.up} 👍 / {self.down} 👎"
        if self.up_rate is not None:
            text += f" ({self.up_rate:.0%} helpful)"
        reasons = ", ".join(f"{REASONS.get(k, k).lower()} ×{n}" for k, n in self.reasons.most_common(3))
        return text + (f" — {reasons}" if reasons else "")

    def to_json(self) -> dict:
        return {"week": self.week.isoformat(), "up": self.up, "down": self.down, "up_rate": self.up_rate,
                "reasons": dict(self.reasons.most_common())}


def rated(trend: list[FeedbackWeek]) -> list[FeedbackWeek]:
    """The weeks that have at least one rating."""
    return [w for w in trend if w.up or w.down]


def feedback_trend(uow_factory: Callable, weeks: int = 8, now: datetime | None = None,
                   tenant: Tenant = EVERY_ROW) -> list[FeedbackWeek]:
    """``tenant``'s last ``weeks`` weeks, oldest first (weeks without ratings included, as zeros)."""
    now = now or utcnow()
    this_monday = as_utc(now).date() - timedelta(days=as_utc(now).weekday())
    first = this_monday - timedelta(weeks=weeks - 1)
    out = {first + timedelta(weeks=i): FeedbackWeek(first + timedelta(weeks=i)) for i in range(weeks)}
    since = datetime.combine(first, datetime.min.time(), tzinfo=now.tzinfo)
    with uow_factory() as uow:
        for record in uow.feedback.since(since, tenant):
            if record.tool is not None or record.rating not in ("up", "down"):
                continue
            day = as_utc(record.created_at).date()
            bucket = out.get(day - timedelta(days=day.weekday()))
            if bucket is None:
                continue
            if record.rating == "up":
                bucket.up += 1
            else:
                bucket.down += 1
                if record.reason:
                    bucket.reasons[record.reason] += 1
    return list(out.values())
