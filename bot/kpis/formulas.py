"""The KPI formulas of the catalog, OKR progress and pace: pure functions on numbers.

All percentages are returned as percentages (62.5, not 0.625); a formula whose denominator is zero has no
value (None) rather than a made-up one."""

from __future__ import annotations

from dataclasses import dataclass


def _share(part: float, whole: float) -> float | None:
    return None if whole == 0 else part / whole * 100


def productivity_uplift(baseline_throughput: float, throughput: float) -> float | None:
    """(quality-adjusted throughput after − before) / before × 100."""
    return None if baseline_throughput == 0 else (throughput - baseline_throughput) / baseline_throughput * 100


def error_reduction(errors_before: float, errors_after: float) -> float | None:
    """(errors before − errors after) / errors before × 100."""
    return None if errors_before == 0 else (errors_before - errors_after) / errors_before * 100


def score_delta(before: float, after: float) -> float:
    """CSAT or NPS delta, in points."""
    return after - before


# The catalog's ``change:`` field names one of these for a KPI computed from a before and an after value
# (`coach kpi record KPI --baseline B --after A`, `/kpi record KPI B->A PERIOD`).
CHANGES = {"uplift": productivity_uplift, "reduction": error_reduction, "delta": score_delta}


def adoption_rate(active_users: int, eligible_users: int) -> float | None:
    if active_users > eligible_users:
        raise ValueError("active users cannot outnumber eligible users")
    return _share(active_users, eligible_users)


def helpful_share(up: int, down: int) -> float | None:
    """Share of 👍 among rated answers."""
    return _share(up, up + down)


def decline_rate(declined: int, questions: int) -> float | None:
    return _share(declined, questions)


# OKRs ------------------------------------------------------------------------------------------------

ON_TRACK, AT_RISK, DONE, MISSED, NO_DATA, NOT_STARTED = "on track", "at risk", "done", "missed", "no data", \
    "not started"


def progress(baseline: float, target: float, current: float) -> float:
    """(current − baseline) / (target − baseline): 0 at the baseline, 1 at the target; works whichever way
    the target lies (a lower target for a lower-is-better KPI)."""
    if target == baseline:
        raise ValueError("target equals baseline")
    return (current - baseline) / (target - baseline)


def elapsed(start_day: int, due_day: int, today: int) -> float:
    """Share of the time from start to due that has passed, 0..1 (days as ordinals)."""
    if due_day <= start_day:
        return 1.0
    return min(max((today - start_day) / (due_day - start_day), 0.0), 1.0)


@dataclass(frozen=True)
class Pace:
    progress: float | None
    elapsed: float
    status: str

    @property
    def behind(self) -> float:
        """How far progress trails time, in shares (positive = behind); 0 without data."""
        return 0.0 if self.progress is None else self.elapsed - self.progress


def pace(baseline: float, target: float, current: float | None, elapsed_share: float, tolerance: float) -> Pace:
    """On track while progress keeps up with the time elapsed (less ``tolerance``); done at the target;
    missed when the due date has passed without reaching it."""
    if current is None:
        return Pace(None, elapsed_share, NO_DATA)
    p = progress(baseline, target, current)
    if p >= 1.0:
        status = DONE
    elif elapsed_share >= 1.0:
        status = MISSED
    elif elapsed_share <= 0.0:
        status = NOT_STARTED
    elif p >= elapsed_share - tolerance:
        status = ON_TRACK
    else:
        status = AT_RISK
    return Pace(p, elapsed_share, status)
