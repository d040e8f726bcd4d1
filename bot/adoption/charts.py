"""Adoption charts (styling: bot/chart_style): the rate per department and per tool as bars, licences unused for
30 days as bars, and the weekly trend as lines. Drawn only from what bot.adoption.figures releases (``Figure``,
``Unused`` and the trend's points), so a chart can never show a group the anonymity rule withheld or pooled:
the pooled group is drawn as the service names it. Every function returns None when there is nothing to draw."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from bot import chart_style as style
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.records import tool_label
from bot.adoption.rollup import ANY, Unused
from bot.adoption.rollup import Figure as Rate

LABEL_WIDTH = 28  # characters of a line of a bar's label (two lines at most, then it is shortened)
ANY_TOOL = "Any AI tool"
# What each kind of bar is drawn in: a department, the organisation, the pooled group, the department chosen.
COLOURS = {"group": style.BLUE, "total": style.REFERENCE, "pooled": style.SKY, "chosen": style.ORANGE}


@dataclass(frozen=True)
class Bar:
    label: str
    rate: float  # percent, 0–100
    detail: str  # "7 of 10"
    kind: str = "group"  # a key of COLOURS


def plain(text: str) -> str:
    """A name from the directory or a report as matplotlib draws it literally (no mathtext from a ``$``)."""
    return text.replace("$", r"\$")


def bar_label(text: str) -> str:
    """A bar's label on at most two lines of LABEL_WIDTH characters."""
    lines = textwrap.wrap(text, LABEL_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LABEL_WIDTH, placeholder="…")]
    return plain("\n".join(lines))


def tool_name(tool: str) -> str:
    return ANY_TOOL if tool == ANY else tool_label(tool)


def _kind(group: str, chosen: str | None = None) -> str:
    if group == ALL:
        return "total"
    if chosen is not None and group == chosen:
        return "chosen"
    return "pooled" if group == POOLED else "group"


def bar_figure(title: str, subtitle: str, bars: Sequence[Bar], xlabel: str,
               benchmark: tuple[float, float] | None = None) -> Figure | None:
    """Horizontal bars on 0–100%, the first at the top, each with its rate and count written beside it."""
    if not bars:
        return None
    fig = style.new_figure(style.SLIDE[0] + 2, 1.6 + 0.55 * len(bars))
    fig.suptitle(plain(title), fontsize=style.TITLE, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_title(plain(subtitle), loc="left", fontsize=style.SUBTITLE)
    y = list(range(len(bars)))[::-1]
    if benchmark is not None:
        low, high = benchmark
        ax.axvspan(low, high, color=style.LIGHT_GREY, alpha=0.45, linewidth=0, label=f"benchmark {low:g}–{high:g}%")
    ax.barh(y, [b.rate for b in bars], color=[COLOURS.get(b.kind, style.BLUE) for b in bars], height=0.6, zorder=2)
    for row, b in zip(y, bars):
        ax.text(b.rate + 1.2, row, f"{b.rate:g}%  ({b.detail})", va="center", fontsize=style.LABEL, zorder=3,
                fontweight="bold" if b.kind in ("total", "chosen") else "normal")
    ax.set_yticks(y, [bar_label(b.label) for b in bars])
    for tick, b in zip(ax.get_yticklabels(), bars):
        if b.kind in ("total", "chosen"):
            tick.set_fontweight("bold")
    pad = max(0.0, (3 - len(bars)) * 0.35)  # one or two bars keep the thickness of many
    ax.set_ylim(-0.5 - pad, len(bars) - 0.5 + pad)
    ax.set_xlim(0, 128)  # room for the numbers after a bar at 100%
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3, zorder=0)
    style.tidy_axes(ax)
    if benchmark is not None:
        fig.legend(loc="outside lower right", fontsize=style.NOTE, frameon=False)
    return fig


def department_figure(figures: Sequence[Rate], period: str, chosen: str | None = None,
                      benchmark: tuple[float, float] | None = None) -> Figure | None:
    """Adoption of any AI tool per shown group (``Rollup.by_department()``: the organisation, the named
    departments, the pooled group); ``chosen``: the group a filter picked, drawn in orange."""
    bars = [Bar(f.department, f.rate, f"{f.active} of {f.eligible}", _kind(f.department, chosen))
            for f in figures if f.tool == ANY]
    return bar_figure(f"AI tool adoption by department — {period}", "People active with any AI tool, of those "
                      "eligible", bars, "Active, of eligible people", benchmark)


def tool_figure(figures: Sequence[Rate], group: str, period: str,
                benchmark: tuple[float, float] | None = None) -> Figure | None:
    """Adoption per tool in one shown group (``Rollup.by_tool()`` for the organisation, or a
    ``DepartmentView``'s figures); any AI tool first."""
    bars = [Bar(tool_name(f.tool), f.rate, f"{f.active} of {f.eligible}", "total" if f.tool == ANY else "group")
            for f in figures if f.department == group]
    return bar_figure(f"AI tool adoption by tool — {period}", f"People active with each tool: {group}", bars,
                      "Active, of eligible people", benchmark)


def inactive_figure(rows: Sequence[Unused]) -> Figure | None:
    """Licences unused for 30 days, per tool and shown group of its licence holders (``UnusedLicences.rows``)."""
    bars = [Bar(tool_label(u.tool) if u.department == ALL else f"{tool_label(u.tool)}: {u.department}", u.rate,
                f"{u.inactive} of {u.licensed}", _kind(u.department)) for u in rows]
    return bar_figure("Licensed but inactive for 30 days", "Seats with no activity in the tool in the last 30 days",
                      bars, "Unused, of licences held")


def trend_figure(lines: Mapping[str, Sequence[tuple[str, float | None]]], title: str = "Weekly adoption"
                 ) -> Figure | None:
    """One line per group ({group: [(week, rate or None)]}, the weeks in the same order in each): a week with
    no figure is a gap in the line, never a zero. None when no line has a single point."""
    drawn = {g: points for g, points in lines.items() if any(r is not None for _, r in points)}
    if not drawn:
        return None
    labels = [w for w, _ in next(iter(drawn.values()))]
    fig = style.new_figure(style.SLIDE[0] + 2, style.SLIDE[1])
    fig.suptitle(plain(title), fontsize=style.TITLE, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_title("People active with any AI tool each week, of those eligible", loc="left",
                 fontsize=style.SUBTITLE)
    x = list(range(len(labels)))
    for n, (group, points) in enumerate(drawn.items()):
        colour = style.REFERENCE if group == ALL else style.SERIES[n % len(style.SERIES)]
        values = [float("nan") if r is None else r for _, r in points]
        ax.plot(x, values, color=colour, linewidth=2.8, marker="o", markersize=7, zorder=3,
                linestyle=(0, (6, 3)) if group == ALL and len(drawn) > 1 else "-", label=plain(group))
        last = next((i for i in range(len(values) - 1, -1, -1) if points[i][1] is not None), None)
        if last is not None:
            ax.annotate(f"{points[last][1]:g}%", (x[last], points[last][1]), xytext=(0, 10),
                        textcoords="offset points", ha="center", fontsize=style.LABEL, fontweight="bold",
                        color=colour, zorder=4,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    ax.set_xticks(x, labels, rotation=30 if len(x) > 5 else 0, ha="right" if len(x) > 5 else "center")
    ax.set_xlim(-0.5, len(x) - 0.5)
    ax.set_ylim(-3, 105)  # a point at 0% shows whole
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel("Week")
    ax.set_ylabel("Active, of eligible people")
    ax.grid(axis="y", alpha=0.3)
    style.tidy_axes(ax)
    ax.legend(loc="best", fontsize=style.NOTE, framealpha=0.9)
    return fig
