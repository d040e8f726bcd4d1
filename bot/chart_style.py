"""What every chart shares: slide size at Slack's retina resolution, the colour-blind-safe Okabe-Ito palette,
one stable colour per KPI, the type sizes, and PNG output. Figures use matplotlib's Figure API with the Agg
canvas (no pyplot, no display: safe from the scheduler's worker threads) and its bundled DejaVu Sans font, so
nothing is downloaded or looked up at run time."""

from __future__ import annotations

import io
import zlib

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 200  # 2x: a figure of 8 x 4.5 inches is 1600 x 900 px, sharp on a retina display and on a slide
SLIDE = (8.0, 4.5)  # the smallest chart, in inches (16:9)
TITLE, SUBTITLE, LABEL, TICK, NOTE = 16, 13, 12, 11, 10  # points

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000")
SERIES = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK)  # not yellow: too light for a line on white
LIGHT_GREY, MUTED = "#C8C8C8", "#555555"
REFERENCE = "#222222"  # target and alert lines: told apart by dash pattern and legend, not by colour

# The framework KPIs, usually charted together, get a colour each; any other key a stable one from its name.
KPI_COLOURS = {"employee_adoption_rate": BLUE, "productivity_uplift": GREEN, "time_to_decision": ORANGE,
               "error_reduction": PURPLE, "task_automation_rate": SKY, "csat_nps_delta": VERMILLION}


def kpi_colour(key: str) -> str:
    """The same colour for a KPI in every chart (a magic-three alias is drawn with its framework KPI's key)."""
    if key in KPI_COLOURS:
        return KPI_COLOURS[key]
    return SERIES[zlib.crc32(key.encode()) % len(SERIES)]


def new_figure(width: float, height: float) -> Figure:
    """A figure of at least slide size, laid out by matplotlib's constrained layout."""
    fig = Figure(figsize=(max(width, SLIDE[0]), max(height, SLIDE[1])), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def tidy_axes(ax) -> None:
    ax.tick_params(labelsize=TICK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for text in (ax.xaxis.label, ax.yaxis.label):
        text.set_fontsize(LABEL)


def to_png(fig: Figure) -> bytes:
    """The figure at its full size (no tight cropping, so it never shrinks below slide size)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def to_svg(fig: Figure) -> bytes:
    """The figure as SVG for the web dashboard: its text drawn as paths (no font needed where it is shown), a
    fixed hash salt so the same chart is the same bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "coach"}):
        fig.savefig(buffer, format="svg", facecolor="white")
    return buffer.getvalue()
