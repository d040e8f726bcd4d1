"""What a channel nudge says: each KPI's current value against its target and benchmark, OKR progress and
pace, threshold alerts, the weakest KPI and one tip for it. Pure composition: no database, no Slack.

A threshold alert fires when a value crosses its line (and again when it comes back); while the value stays
on the wrong side, every nudge carries a status line for it (``Nudge.breaches``)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from bot.kpis.catalog import Kpi
from bot.kpis.charts import Series, kpi_series, trend_png
from bot.kpis.measurements import Reading
from bot.kpis.nudge_schedules import Schedule, Threshold
from bot.kpis.okrs import KeyResultStatus, ObjectiveStatus
from bot.kpis.periods import Period
from bot.kpis.scopes import Scope
from bot.kpis.tips import Tip

BELOW, WITHIN, ABOVE = "below", "within", "above"


@dataclass(frozen=True)
class KpiLine:
    kpi: Kpi
    scope: Scope
    series: list[Reading]  # oldest first; the last is the current value
    target: KeyResultStatus | None = None

    @property
    def current(self) -> Reading | None:
        return self.series[-1] if self.series else None

    @property
    def previous(self) -> Reading | None:
        return self.series[-2] if len(self.series) > 1 else None

    @property
    def benchmark_position(self) -> str | None:
        b, cur = self.kpi.benchmark, self.current
        if b is None or cur is None:
            return None
        return BELOW if cur.value < b.low else ABOVE if cur.value > b.high else WITHIN

    @property
    def behind_benchmark(self) -> bool:
        pos = self.benchmark_position
        return pos == (BELOW if self.kpi.higher_is_better else ABOVE)

    @property
    def at_risk(self) -> bool:
        return self.target is not None and self.target.at_risk

    def weakness(self) -> float | None:
        """Larger = weaker: how far behind its target pace, else how far outside its benchmark."""
        cur = self.current
        if cur is None:
            return None
        if self.target is not None and self.target.pace.progress is not None:
            return self.target.pace.behind
        b = self.kpi.benchmark
        if b is not None:
            edge = b.low if self.kpi.higher_is_better else b.high
            gap = (edge - cur.value) if self.kpi.higher_is_better else (cur.value - edge)
            return gap / max(abs(edge), 1.0)
        return None

    def change(self) -> float | None:
        """Change since the previous period, signed so that positive is an improvement."""
        if self.previous is None or self.current is None:
            return None
        delta = self.current.value - self.previous.value
        return delta if self.kpi.higher_is_better else -delta


@dataclass(frozen=True)
class Alert:
    kpi: Kpi
    threshold: Threshold
    value: float
    recovered: bool  # back on the good side of the bound


@dataclass(frozen=True)
class Breach:
    """A KPI on the wrong side of an alert threshold now (whether or not it crossed since the last period)."""
    kpi: Kpi
    threshold: Threshold
    value: float


@dataclass(frozen=True)
class Nudge:
    schedule: Schedule
    period: Period  # the period the coach measured itself
    kpis: list[KpiLine]
    okrs: list[ObjectiveStatus]
    alerts: list[Alert] = field(default_factory=list)
    weakest: Kpi | None = None
    tip: Tip | None = None
    adoption: list[str] = field(default_factory=list)  # adoption by department and tool from the AI tools' reports

    @property
    def at_risk(self) -> list[str]:
        """Each at-risk key result once: a KPI whose target comes from a key result of one of the nudge's OKRs
        is named with that objective, not a second time on its own."""
        shown = {kr.id for o in self.okrs for kr in o.key_results}
        names = [line.kpi.name for line in self.kpis if line.at_risk and line.target.id not in shown]
        names += [f"{kr.kpi.name} ({o.title})" for o in self.okrs for kr in o.key_results if kr.at_risk]
        return list(dict.fromkeys(names))

    @property
    def breaches(self) -> list[Breach]:
        """Every threshold the current value is past, in the schedule's order."""
        by_key = {line.kpi.key: line for line in self.kpis}
        out = []
        for t in self.schedule.thresholds:
            line = by_key.get(t.kpi)
            if line is not None and line.current is not None and t.breached(line.current.value):
                out.append(Breach(line.kpi, t, line.current.value))
        return out

    def fingerprint(self) -> str:
        """Changes when a value, a status or an alert changes: "skip when nothing changed" compares it."""
        data = {"kpis": [[line.kpi.key, str(line.scope), line.current.period.label if line.current else None,
                          line.current.value if line.current else None] for line in self.kpis],
                "okrs": [[kr.id, kr.current.value if kr.current else None, kr.pace.status]
                         for o in self.okrs for kr in o.key_results],
                "alerts": [[a.kpi.key, str(a.threshold), a.recovered] for a in self.alerts],
                "adoption": self.adoption}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()

    def chart_series(self) -> list[Series]:
        """One series per KPI with values, with its target, benchmark and the schedule's alert thresholds."""
        return [kpi_series(line.kpi, line.series, line.target.target if line.target else None,
                           [(t.op, t.value) for t in self.schedule.thresholds if t.kpi == line.kpi.key])
                for line in self.kpis if line.series]

    def chart_png(self) -> bytes | None:
        """The trend chart posted in the nudge's thread: the KPIs and the schedule's scope."""
        return trend_png(self.chart_series(), self.schedule.scope.label)


def alerts_for(lines: list[KpiLine], thresholds: list[Threshold]) -> list[Alert]:
    """A threshold alerts when the current value crossed it since the previous period (or is past it on
    the first value), and again when the value comes back."""
    out = []
    by_key = {line.kpi.key: line for line in lines}
    for t in thresholds:
        line = by_key.get(t.kpi)
        if line is None or line.current is None:
            continue
        now = t.breached(line.current.value)
        before = t.breached(line.previous.value) if line.previous else False
        if now != before:
            out.append(Alert(line.kpi, t, line.current.value, recovered=not now))
    return out


def weakest(lines: list[KpiLine], okrs: list[ObjectiveStatus]) -> Kpi | None:
    """The KPI furthest behind its target pace or benchmark; else the one that worsened most; else the first
    one with a value."""
    scored: list[tuple[float, Kpi]] = []
    for line in lines:
        w = line.weakness()
        if w is not None:
            scored.append((w, line.kpi))
    for o in okrs:
        for kr in o.key_results:
            if kr.pace.progress is not None:
                scored.append((kr.pace.behind, kr.kpi))
    if scored:
        return max(scored, key=lambda pair: pair[0])[1]
    changes = [(line.change(), line.kpi) for line in lines if line.change() is not None]
    if changes:
        return min(changes, key=lambda pair: pair[0])[1]
    with_value = [line.kpi for line in lines if line.current]
    return with_value[0] if with_value else None
