"""Trend charts as PNG (matplotlib's Agg backend, no display; the Figure API without pyplot is safe to use
from the scheduler's worker threads)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.kpis.catalog import UNITS

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PANELS = 6


@dataclass(frozen=True)
class Series:
    title: str
    unit: str
    labels: list[str]
    values: list[float]
    target: float | None = None
    benchmark: tuple[float, float] | None = None


def trend_png(series: list[Series], heading: str = "") -> bytes | None:
    """One panel per series (at most six), with the benchmark band and the target line; None without data."""
    panels = [s for s in series if s.values][:MAX_PANELS]
    if not panels:
        return None
    cols = 1 if len(panels) == 1 else 2
    rows = (len(panels) + cols - 1) // cols
    fig = Figure(figsize=(5.2 * cols, 2.8 * rows + (0.4 if heading else 0)), dpi=100)
    FigureCanvasAgg(fig)
    for i, s in enumerate(panels, start=1):
        ax = fig.add_subplot(rows, cols, i)
        x = list(range(len(s.values)))
        if s.benchmark:
            ax.axhspan(s.benchmark[0], s.benchmark[1], color="#8fc79a", alpha=0.25, label="benchmark")
        if s.target is not None:
            ax.axhline(s.target, color="#c0392b", linestyle="--", linewidth=1.2, label="target")
        ax.plot(x, s.values, marker="o", color="#2c4a6e", linewidth=2, label="value")
        ax.set_xticks(x)
        ax.set_xticklabels(s.labels, rotation=30, ha="right", fontsize=8)
        ax.set_title(s.title, fontsize=10)
        suffix = UNITS.get(s.unit, "").strip()
        if suffix:
            ax.set_ylabel(suffix, fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
        ax.grid(axis="y", alpha=0.3)
        if s.benchmark or s.target is not None:
            ax.legend(fontsize=7, loc="best")
    if heading:
        fig.suptitle(heading, fontsize=11)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
