"""KPI trend charts as PNG, ready for a slide: one panel per KPI that has values (never an empty one), the KPI
and scope named once in the title, units on the axes, percentages on 0–100 unless a value lies outside, which
way is better, and the benchmark band, target and alert thresholds drawn and labelled. Styling: bot/chart_style."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from bot import chart_style as style
from bot.kpis.catalog import Kpi, fmt_value

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PANELS = 6
AXIS_NAMES = {"percent": "Percent", "hours": "Hours", "points": "Points", "currency": "Amount", "score": "Score"}
DIRECTION = {"higher": "▲ higher is better", "lower": "▼ lower is better"}
ALERT_WORDS = {"<": "alert below", ">": "alert above"}


@dataclass(frozen=True)
class Series:
    title: str  # the KPI's name
    unit: str  # a catalog unit: percent, hours, points, currency, score
    labels: list[str]  # period labels, oldest first
    values: list[float]
    target: float | None = None
    benchmark: tuple[float, float] | None = None
    key: str = ""  # the KPI key: picks its colour (bot.chart_style.kpi_colour)
    better: str = ""  # higher | lower
    thresholds: tuple[tuple[str, float], ...] = ()  # ("<", 60): an alert when the value falls below 60
    period: str = ""  # what one point is: month, quarter, week…
    bounds: tuple[float | None, float | None] = (None, None)  # the KPI's possible range


def kpi_series(kpi: Kpi, readings: Iterable, target: float | None = None,
               thresholds: Iterable[tuple[str, float]] = ()) -> Series:
    """A KPI's readings (``Reading``, oldest first) as a chart series, with the catalog's unit, direction,
    benchmark and range."""
    readings = list(readings)
    kinds = {r.period.granularity for r in readings}
    b = kpi.benchmark
    return Series(kpi.name, kpi.unit, [r.period.label for r in readings], [r.value for r in readings], target,
                  (b.low, b.high) if b else None, kpi.alias_of or kpi.key, kpi.better, tuple(thresholds),
                  kinds.pop() if len(kinds) == 1 else "", (kpi.minimum, kpi.maximum))


def chart_title(series: list[Series], scope: str) -> str:
    """The KPI (or "KPI trends" for several) and the scope, once."""
    what = series[0].title if len(series) == 1 else "KPI trends"
    return f"{what} — {scope}" if scope else what


def y_limits(s: Series) -> tuple[float, float]:
    """Percentages on 0–100 and scores on their scale unless a value or line lies outside; other non-negative
    KPIs from 0; otherwise the data with a margin."""
    shown = list(s.values) + [v for v in (s.target,) if v is not None] + [v for _, v in s.thresholds]
    if s.benchmark:
        shown += list(s.benchmark)
    lo, hi = min(shown), max(shown)
    low_bound, high_bound = s.bounds
    if s.unit == "percent":
        base = (0.0, 100.0)
    elif low_bound is not None and high_bound is not None and high_bound - low_bound <= 10:
        base = (low_bound, high_bound)  # a rating scale such as 1–7
    elif lo >= 0:
        base = (0.0, hi * 1.15 if hi > 0 else 1.0)
    else:
        margin = (hi - lo) * 0.1 or 1.0
        return lo - margin, hi + margin
    margin = (max(hi, base[1]) - min(lo, base[0])) * 0.05
    return (base[0] if lo >= base[0] else lo - margin), (base[1] if hi <= base[1] else hi + margin)


def _grid(fig: Figure, count: int) -> list:
    """``count`` axes in rows of at most three, each row filling the width: 3 KPIs make 3 panels, 5 make 3 + 2."""
    rows = 1 if count <= 3 else 2
    per_row = [count] if rows == 1 else [(count + 1) // 2, count // 2]
    spec = fig.add_gridspec(rows, 6)
    axes = []
    for row, n in enumerate(per_row):
        width = 6 // n
        axes += [fig.add_subplot(spec[row, i * width:(i + 1) * width]) for i in range(n)]
    return axes


def _panel_title(ax, s: Series, named: bool, inches: float) -> None:
    """The KPI's name on the left (wrapped so it never runs into the direction), which way is better on the right."""
    direction = DIRECTION.get(s.better, "")
    if direction:
        ax.set_title(direction, loc="right", fontsize=style.NOTE, color=style.MUTED)
    if named:
        room = inches * 72 - len(direction) * style.NOTE * 0.52 - 16  # points left for the name (DejaVu's widths)
        name = textwrap.fill(s.title, max(12, int(room / (style.SUBTITLE * 0.62))))
        ax.set_title(name, loc="left", fontsize=style.SUBTITLE, fontweight="bold")


def _draw(ax, s: Series, named: bool, inches: float) -> None:
    colour = style.kpi_colour(s.key or s.title)
    x = list(range(len(s.values)))
    if s.benchmark:
        low, high = s.benchmark
        ax.axhspan(low, high, color=style.LIGHT_GREY, alpha=0.45, linewidth=0,
                   label=f"benchmark {fmt_value(low, s.unit)}–{fmt_value(high, s.unit)}")
    if s.target is not None:
        ax.axhline(s.target, color=style.REFERENCE, linestyle=(0, (6, 3)), linewidth=1.6,
                   label=f"target {fmt_value(s.target, s.unit)}")
    for op, bound in s.thresholds:
        ax.axhline(bound, color=style.REFERENCE, linestyle=(0, (1, 2)), linewidth=2.0,
                   label=f"{ALERT_WORDS.get(op, 'alert at')} {fmt_value(bound, s.unit)}")
    ax.plot(x, s.values, color=colour, linewidth=2.8, marker="o", markersize=7, zorder=3)
    ax.annotate(fmt_value(s.values[-1], s.unit), (x[-1], s.values[-1]), xytext=(0, 10), textcoords="offset points",
                ha="center", fontsize=style.LABEL, fontweight="bold", color=colour, zorder=4,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.set_xticks(x, s.labels, rotation=30 if len(x) > 5 else 0, ha="right" if len(x) > 5 else "center")
    ax.set_xlim(-0.5, len(x) - 0.5)
    ax.set_ylim(*y_limits(s))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    if s.unit == "percent":
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel(s.period.capitalize() if s.period else "Period")
    ax.set_ylabel(AXIS_NAMES.get(s.unit, s.unit.capitalize()))
    ax.grid(axis="y", alpha=0.3)
    _panel_title(ax, s, named, inches)
    style.tidy_axes(ax)
    if s.benchmark or s.target is not None or s.thresholds:
        ax.legend(fontsize=style.NOTE if named else style.TICK, loc="best", framealpha=0.9)


def trend_figure(series: list[Series], scope: str = "") -> Figure | None:
    """The chart as a matplotlib figure (tests look at it before it is drawn); None when no KPI has a value."""
    panels = [s for s in series if s.values][:MAX_PANELS]
    if not panels:
        return None
    cols = min(len(panels), 3) if len(panels) != 4 else 2
    rows = 1 if len(panels) <= 3 else 2
    width = style.SLIDE[0] if cols == 1 else 6.0 * cols if cols == 2 else 4.8 * cols
    fig = style.new_figure(width, style.SLIDE[1] * rows)
    fig.suptitle(chart_title(panels, scope), fontsize=style.TITLE, fontweight="bold")
    for ax, s in zip(_grid(fig, len(panels)), panels):
        span = ax.get_subplotspec().colspan
        _draw(ax, s, len(panels) > 1, fig.get_figwidth() * len(span) / 6 - 0.8)  # less the y axis' labels
    return fig


def trend_png(series: list[Series], scope: str = "") -> bytes | None:
    """One panel per KPI with values (at most six), titled with the KPI, or "KPI trends", and ``scope`` (e.g.
    "the organisation"); None without data."""
    fig = trend_figure(series, scope)
    return None if fig is None else style.to_png(fig)
