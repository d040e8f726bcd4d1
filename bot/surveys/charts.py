"""Result charts as PNG bytes (matplotlib, Agg backend: no display needed). Drawn from ``Results`` only, so a
chart can never show what the k rule suppressed."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from bot.surveys.analytics import Results  # noqa: E402
from bot.surveys.definition import LIKERT_MAX, LIKERT_MIN  # noqa: E402

_COLORS = {"bar": "#2c4a6e", "previous": "#c8a13c", "promoters": "#3b8c5a", "passives": "#b9b9b9",
           "detractors": "#b5473b"}


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def construct_chart(results: Results) -> bytes | None:
    """Mean per construct on the 1–7 scale, with the previous wave's mean where there is one."""
    rows = results.constructs
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(rows) + 1.4))
    labels = [f"{c.label} (n={c.n})" for c in rows][::-1]
    means = [c.mean for c in rows][::-1]
    ax.barh(labels, [m - LIKERT_MIN for m in means], left=LIKERT_MIN, color=_COLORS["bar"], height=0.55,
            label=f"wave {results.wave}")
    previous = [(i, c.previous_mean) for i, c in enumerate(rows[::-1]) if c.previous_mean is not None]
    if previous:
        ax.scatter([p for _, p in previous], [i for i, _ in previous], marker="D", color=_COLORS["previous"],
                   zorder=3, label=f"wave {results.previous_wave}")
    for y, m in enumerate(means):
        ax.text(m + 0.05, y, f"{m:.2f}", va="center", fontsize=9)
    ax.set_xlim(LIKERT_MIN, LIKERT_MAX + 0.4)
    ax.set_xticks(range(LIKERT_MIN, LIKERT_MAX + 1))
    ax.set_xlabel("mean (1 = strongly disagree, 7 = strongly agree)")
    ax.set_title(f"{results.title}: constructs", fontsize=11)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def distribution_chart(results: Results) -> bytes | None:
    """Per construct, how many people scored each point of the 1–7 scale: one bar of 100% per construct,
    split from 1 (red) to 7 (green), with the counts written in the wider parts."""
    rows = results.constructs
    if not rows:
        return None
    points = list(range(LIKERT_MIN, LIKERT_MAX + 1))
    colors = plt.get_cmap("RdYlGn")([i / (len(points) - 1) for i in range(len(points))])
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(rows) + 1.6), layout="constrained")
    for y, c in enumerate(rows[::-1]):
        left = 0.0
        for point, color in zip(points, colors):
            count = c.distribution.get(point, 0)
            share = 100.0 * count / c.n if c.n else 0.0
            ax.barh(y, share, left=left, color=color, height=0.55, label=str(point) if y == 0 else None)
            if share >= 6:
                ax.text(left + share / 2, y, str(count), ha="center", va="center", fontsize=8)
            left += share
    ax.set_yticks(range(len(rows)), [f"{c.label} (n={c.n})" for c in rows[::-1]])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of people at each score (1 = strongly disagree, 7 = strongly agree)")
    ax.set_title(f"{results.title}: how people scored each construct", fontsize=11)
    fig.legend(title="score", ncols=len(points), loc="outside lower center", fontsize=8, title_fontsize=8,
               frameon=False)
    return _png(fig)


def enps_chart(results: Results) -> bytes | None:
    """Promoters, passives and detractors as shares of one bar per 0–10 question, with the eNPS."""
    if not results.enps:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.7 * len(results.enps) + 1.3))
    for y, e in enumerate(results.enps):
        left = 0.0
        for part, count in (("detractors", e.detractors), ("passives", e.passives), ("promoters", e.promoters)):
            share = 100.0 * count / e.n
            ax.barh(y, share, left=left, color=_COLORS[part], label=part if y == 0 else None, height=0.5)
            left += share
        ax.text(101, y, f"eNPS {e.score:+.0f} (n={e.n})", va="center", fontsize=9)
    ax.set_yticks(range(len(results.enps)), [e.id for e in results.enps])
    ax.set_xlim(0, 125)
    ax.set_xlabel("% of answers (0–6 detractors, 7–8 passives, 9–10 promoters)")
    ax.set_title(f"{results.title}: eNPS", fontsize=11)
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def charts(results: Results) -> list[tuple[str, bytes]]:
    """(file name, PNG) for every chart the results allow."""
    out = []
    for name, draw in (("constructs", construct_chart), ("distribution", distribution_chart), ("enps", enps_chart)):
        png = draw(results)
        if png is not None:
            out.append((f"survey-{results.survey_id}-{name}.png", png))
    return out
