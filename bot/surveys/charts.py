"""Result charts as PNG bytes, ready for a slide (styling: bot/chart_style). Drawn from ``Results`` only, so a
chart can never show what the k rule suppressed. Blue is agreement and promoters, vermillion disagreement and
detractors, in every chart (colour-blind safe)."""

from __future__ import annotations

import textwrap

from matplotlib import colormaps
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from bot import chart_style as style
from bot.surveys.analytics import Results
from bot.surveys.definition import LIKERT_MAX, LIKERT_MIN

SCALE = "1 = strongly disagree, 7 = strongly agree"
ENPS_PARTS = (("detractors", "detractors (0–6)", style.VERMILLION),
              ("passives", "passives (7–8)", style.LIGHT_GREY), ("promoters", "promoters (9–10)", style.BLUE))


def scope_of(results: Results) -> str:
    """Whose answers the chart shows: the filters, or everyone who answered."""
    if not results.filters:
        return "all respondents"
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in results.filters.items())


def _figure(results: Results, rows: int, per_row: float, subtitle: str, better: str = "") -> tuple[Figure, object]:
    """A slide-size figure with one axes: the survey and its scope as the title, what is shown below it."""
    fig = style.new_figure(style.SLIDE[0], per_row * rows + 2.2)
    fig.suptitle(f"{results.title} — {scope_of(results)}", fontsize=style.TITLE, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_title(subtitle, loc="left", fontsize=style.SUBTITLE)
    if better:
        ax.set_title(better, loc="right", fontsize=style.NOTE, color=style.MUTED)
    return fig, ax


def _rows(ax, count: int) -> None:
    """Bars of one thickness whatever the count: a chart of one or two rows keeps space around them."""
    pad = max(0.0, (3 - count) * 0.35)
    ax.set_ylim(-0.5 - pad, count - 0.5 + pad)


def _ink(colour) -> str:
    """Black or white, whichever reads on ``colour``."""
    r, g, b = to_rgb(colour)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def _wave(results: Results) -> str:
    return f"wave {results.wave}, n = {results.n}" if results.n is not None else f"wave {results.wave}"


def construct_figure(results: Results) -> Figure | None:
    """Mean per construct on the 1–7 scale, with the previous wave's mean where there is one."""
    rows = results.constructs
    if not rows:
        return None
    fig, ax = _figure(results, len(rows), 0.6, f"Mean per construct ({_wave(results)})", "higher is better →")
    labels = [f"{c.label} (n = {c.n})" for c in rows][::-1]
    means = [c.mean for c in rows][::-1]
    ax.barh(labels, [m - LIKERT_MIN for m in means], left=LIKERT_MIN, color=style.BLUE, height=0.55,
            label=f"wave {results.wave}")
    previous = [(i, c.previous_mean) for i, c in enumerate(rows[::-1]) if c.previous_mean is not None]
    if previous:
        ax.scatter([p for _, p in previous], [i for i, _ in previous], marker="D", s=70, color=style.ORANGE,
                   edgecolor="black", zorder=3, label=f"wave {results.previous_wave}")
        ax.legend(loc="lower right", fontsize=style.NOTE, framealpha=0.9)
    for y, m in enumerate(means):
        ax.text(m + 0.06, y, f"{m:.2f}", va="center", fontsize=style.LABEL, fontweight="bold")
    _rows(ax, len(rows))
    ax.set_xlim(LIKERT_MIN, LIKERT_MAX + 0.5)
    ax.set_xticks(range(LIKERT_MIN, LIKERT_MAX + 1))
    ax.set_xlabel(f"Mean score ({SCALE})")
    ax.grid(axis="x", alpha=0.3)
    style.tidy_axes(ax)
    return fig


def distribution_figure(results: Results) -> Figure | None:
    """Per construct, how many people scored each point of the 1–7 scale: one bar of 100% per construct,
    split from 1 (vermillion) to 7 (blue), with the counts written in the wider parts."""
    rows = results.constructs
    if not rows:
        return None
    points = list(range(LIKERT_MIN, LIKERT_MAX + 1))
    colors = colormaps["RdBu"]([0.1 + 0.8 * i / (len(points) - 1) for i in range(len(points))])
    fig, ax = _figure(results, len(rows), 0.6, f"How people scored each construct ({_wave(results)})")
    for y, c in enumerate(rows[::-1]):
        left = 0.0
        for point, color in zip(points, colors):
            count = c.distribution.get(point, 0)
            share = 100.0 * count / c.n if c.n else 0.0
            ax.barh(y, share, left=left, color=color, edgecolor="white", height=0.55,
                    label=str(point) if y == 0 else None)
            if share >= 6:
                ax.text(left + share / 2, y, str(count), ha="center", va="center", fontsize=style.NOTE,
                        color=_ink(color))
            left += share
    ax.set_yticks(range(len(rows)), [f"{c.label} (n = {c.n})" for c in rows[::-1]])
    _rows(ax, len(rows))
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel("Share of people at each score")
    style.tidy_axes(ax)
    fig.legend(title=f"score ({SCALE})", ncols=len(points), loc="outside lower center", fontsize=style.NOTE,
               title_fontsize=style.NOTE, frameon=False)
    return fig


def _enps_label(results: Results, question: str) -> str:
    texts = {i.id: i.text for i in results.items}
    return textwrap.shorten(texts.get(question) or question, 60, placeholder="…")


def enps_figure(results: Results) -> Figure | None:
    """Promoters, passives and detractors as shares of one bar per 0–10 question, with the eNPS."""
    if not results.enps:
        return None
    rows = results.enps[::-1]
    fig, ax = _figure(results, len(rows), 0.8, f"eNPS ({_wave(results)})", "more promoters is better →")
    for y, e in enumerate(rows):
        left = 0.0
        for part, label, colour in ENPS_PARTS:
            count = getattr(e, part)
            share = 100.0 * count / e.n
            ax.barh(y, share, left=left, color=colour, edgecolor="white", label=label if y == 0 else None,
                    height=0.55)
            if share >= 6:
                ax.text(left + share / 2, y, f"{share:.0f}%", ha="center", va="center", fontsize=style.NOTE,
                        color=_ink(colour))
            left += share
    names = []
    for e in rows:
        was = f", wave {results.previous_wave}: {e.previous_score:+.0f}" if e.previous_score is not None else ""
        names.append(textwrap.fill(_enps_label(results, e.id), 32) + f"\neNPS {e.score:+.0f} (n = {e.n}{was})")
    ax.set_yticks(range(len(rows)), names)
    _rows(ax, len(rows))
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.set_xlabel("Share of answers (eNPS = % promoters − % detractors)")
    style.tidy_axes(ax)
    ax.tick_params(axis="y", labelsize=style.TICK)
    fig.legend(ncols=3, loc="outside lower center", fontsize=style.NOTE, frameon=False)
    return fig


FIGURES = {"constructs": construct_figure, "distribution": distribution_figure, "enps": enps_figure}


def charts(results: Results) -> list[tuple[str, bytes]]:
    """(file name, PNG) for every chart the results allow."""
    out = []
    for name, draw in FIGURES.items():
        fig = draw(results)
        if fig is not None:
            out.append((f"survey-{results.survey_id}-{name}.png", style.to_png(fig)))
    return out
