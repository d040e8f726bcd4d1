"""The adoption charts: bars per shown group and per tool, unused licences, the weekly trend as lines; drawn
from the rollup's released figures only (a pooled department never gets a bar), and None with nothing to draw."""

from __future__ import annotations

import math

from matplotlib.colors import to_hex

from bot import chart_style as style
from bot.adoption import charts
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.rollup import ANY, Figure, inactive_licensed, rollup

DIRECTORY = ({f"s{i}": "Sales" for i in range(10)} | {f"o{i}": "Ops" for i in range(8)}
             | {f"f{i}": "Finance" for i in range(3)} | {f"l{i}": "Legal" for i in range(2)})
USED = ([(f"s{i}", "m365-copilot") for i in range(8)] + [(f"o{i}", "claude") for i in range(3)]
        + [("f0", "m365-copilot"), ("l1", "m365-copilot")])


def bars(fig):
    """(label, width, colour) of each bar, top to bottom, and the texts beside them."""
    ax = fig.axes[0]
    rects = list(ax.containers[0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ordered = sorted(zip(labels, rects), key=lambda pair: -pair[1].get_y())
    return [(label, rect.get_width(), to_hex(rect.get_facecolor())) for label, rect in ordered]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_department_bars_are_the_shown_groups_with_the_small_departments_pooled():
    r = rollup(USED, DIRECTORY, 5)
    fig = charts.department_figure(r.by_department(), "2026-11", chosen="Ops", benchmark=(60, 80))
    assert bars(fig) == [(ALL, 56.5, to_hex(style.REFERENCE)), ("Sales", 80.0, to_hex(style.BLUE)),
                         ("Ops", 37.5, to_hex(style.ORANGE)), (POOLED, 40.0, to_hex(style.SKY))]
    assert texts(fig) == ["56.5%  (13 of 23)", "80%  (8 of 10)", "37.5%  (3 of 8)", "40%  (2 of 5)"]
    assert fig._suptitle.get_text() == "AI tool adoption by department — 2026-11"
    assert fig.axes[0].get_xlabel() == "Active, of eligible people"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["benchmark 60–80%"]
    assert not any(label.startswith(("Finance", "Legal")) for label, _, _ in bars(fig))
    assert fig.get_figwidth() >= style.SLIDE[0] and fig.get_figheight() >= style.SLIDE[1]
    assert style.to_svg(fig).startswith(b"<?xml")


def test_tool_bars_for_a_group_put_any_tool_first():
    r = rollup(USED, DIRECTORY, 5)
    fig = charts.tool_figure(r.by_tool(), ALL, "2026-11")
    assert [(label, width) for label, width, _ in bars(fig)] == [
        ("Any AI tool", 56.5), ("Claude", 13.0), ("Microsoft 365 Copilot", 43.5)]
    assert "People active with each tool: All departments" in fig.axes[0].get_title(loc="left")
    assert not fig.legends  # no benchmark asked for
    ops = charts.tool_figure([f for f in r.figures if f.department == "Ops"], "Ops", "2026-11")
    assert [(label, width) for label, width, _ in bars(ops)] == [
        ("Any AI tool", 37.5), ("Claude", 37.5), ("Microsoft 365 Copilot", 0.0)]


def test_unused_licence_bars_name_the_tool_and_group():
    seats = [(p, "m365-copilot") for p in DIRECTORY] + [("o0", "claude"), ("o1", "claude")]
    unused = inactive_licensed(seats, USED, DIRECTORY, 5)
    fig = charts.inactive_figure(unused.rows)
    assert bars(fig) == [("Microsoft 365 Copilot", 56.5, to_hex(style.REFERENCE)),
                         ("Microsoft 365 Copilot: Sales", 20.0, to_hex(style.BLUE)),
                         ("Microsoft 365 Copilot: Ops", 100.0, to_hex(style.BLUE)),
                         ("Microsoft 365 Copilot: Other\ndepartments (pooled)", 60.0, to_hex(style.SKY))]
    assert texts(fig) == ["56.5%  (13 of 23)", "20%  (2 of 10)", "100%  (8 of 8)", "60%  (3 of 5)"]
    assert unused.withheld == ["claude"]  # 2 seats: no bar at all
    assert fig.axes[0].get_xlabel() == "Unused, of licences held"


def test_the_trend_draws_a_line_per_group_with_gaps_for_weeks_without_a_figure():
    weeks = ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    fig = charts.trend_figure({"Ops": list(zip(weeks, [None, 25.0, 37.5, 50.0])),
                               ALL: list(zip(weeks, [40.0, 45.0, None, 52.2])),
                               "Legal": list(zip(weeks, [None] * 4))}, "Weekly adoption up to 2026-11")
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["Ops", ALL]  # a group with no point gets no line
    ops, everyone = (list(line.get_ydata()) for line in lines)
    assert math.isnan(ops[0]) and ops[1:] == [25.0, 37.5, 50.0]
    assert everyone[:2] == [40.0, 45.0] and math.isnan(everyone[2]) and everyone[3] == 52.2
    assert [t.get_text() for t in ax.get_xticklabels()] == weeks
    assert [t.get_text() for t in ax.texts] == ["50%", "52.2%"]  # the last point of each line
    assert ax.get_ylim() == (-3, 105) and ax.get_xlabel() == "Week"
    assert fig._suptitle.get_text() == "Weekly adoption up to 2026-11"


def test_nothing_to_draw_gives_none():
    assert charts.department_figure([], "2026-11") is None
    assert charts.department_figure(rollup(USED, {"a": "Sales", "b": "Sales"}, 5).by_department(), "2026-11") is None
    assert charts.tool_figure([Figure("Sales", ANY, 1, 5)], ALL, "2026-11") is None  # no figure of that group
    assert charts.inactive_figure([]) is None
    assert charts.trend_figure({}) is None
    assert charts.trend_figure({ALL: [("2026-W48", None)]}) is None


def test_names_are_drawn_literally_and_long_ones_on_two_lines():
    fig = charts.department_figure([Figure("R$D $x$", ANY, 5, 5),
                                    Figure("Customer Success and Strategic Partnerships EMEA", ANY, 3, 6)], "2026-11")
    assert [label for label, _, _ in bars(fig)] == [r"R\$D \$x\$", "Customer Success and\nStrategic Partnerships EMEA"]
    assert style.to_svg(fig).startswith(b"<?xml")
