"""Trend charts a VP can put on a slide: real PNGs of at least 1600 x 900, one panel per KPI with values, the
KPI and scope titled once, units, 0–100 for percentages, which way is better, labelled reference lines and
one colour per KPI; tips are cited sentences from the real knowledge base."""

import struct
from datetime import date

import pytest

from bot import chart_style
from bot.kpis.catalog import load_catalog
from bot.kpis.charts import (
    PNG_SIGNATURE,
    Series,
    kpi_series,
    trend_figure,
    trend_png,
    y_limits,
)
from bot.kpis.measurements import Reading
from bot.kpis.nudge_schedules import parse_threshold
from bot.kpis.okrs import parse_key_result
from bot.kpis.periods import parse_period
from bot.kpis.scopes import ORGANISATION, parse_scope
from bot.kpis.tips import TipFinder
from tests.kpis.conftest import CATALOG

CAT = load_catalog(CATALOG)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def _series(key: str, points: dict[str, float], target=None, thresholds=()) -> Series:
    readings = [Reading(key, ORGANISATION, parse_period(label), value, "manual") for label, value in points.items()]
    return kpi_series(CAT.get(key), readings, target, thresholds)


ADOPTION = _series("employee_adoption_rate", {"2026-08": 40, "2026-09": 44, "2026-10": 45}, 70, [("<", 60)])
DECISION = _series("time_to_decision", {"2026-Q2": 9, "2026-Q3": 7.5})
UPLIFT = _series("productivity_uplift", {"2026-Q2": 18, "2026-Q3": 25})
NO_VALUES = _series("task_automation_rate", {})


def _legend(ax) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def _kpi_line(ax):
    """The KPI's own line: the one with more than one x (reference lines are axhline's two-point lines, drawn
    with a dash pattern)."""
    [line] = [ln for ln in ax.lines if ln.get_linestyle() == "-"]
    return line


def assert_no_empty_panel(fig) -> None:
    """Every panel draws its KPI's values (not only reference lines)."""
    for ax in fig.axes:
        assert len(_kpi_line(ax).get_xdata()) > 0


def test_one_kpi_is_one_slide_size_panel_titled_once_with_units_direction_and_labelled_lines():
    fig = trend_figure([ADOPTION], "the organisation")
    [ax] = fig.axes
    assert fig.get_suptitle() == "Employee adoption rate — the organisation"  # singular, scope once
    assert ax.get_title(loc="left") == "" and ax.get_title(loc="right") == "▲ higher is better"
    assert ax.get_ylabel() == "Percent" and ax.get_xlabel() == "Month" and ax.get_ylim() == (0.0, 100.0)
    assert _legend(ax) == ["benchmark 60%–80%", "target 70%", "alert below 60%"]  # no "value"
    assert list(_kpi_line(ax).get_ydata()) == [40, 44, 45]
    assert_no_empty_panel(fig)
    width, height = png_size(trend_png([ADOPTION], "the organisation"))
    assert (width, height) == (1600, 900)


def test_several_kpis_fill_their_panels_and_name_the_scope_only_in_the_title():
    fig = trend_figure([ADOPTION, DECISION, NO_VALUES, UPLIFT], "department Sales")
    assert len(fig.axes) == 3  # a KPI without values gets no panel, and there is no empty fourth one
    assert fig.get_suptitle() == "KPI trends — department Sales"
    titles = [ax.get_title(loc="left").replace("\n", " ") for ax in fig.axes]
    assert titles == ["Employee adoption rate", "Time-to-decision / resolution", "Productivity uplift"]
    adoption, decision, uplift = fig.axes
    assert decision.get_title(loc="right") == "▼ lower is better" and decision.get_ylabel() == "Hours"
    assert decision.get_xlabel() == "Quarter" and decision.get_ylim()[0] == 0
    assert uplift.get_ylim() == (0.0, 100.0) and _legend(uplift) == ["benchmark 10%–40%"]
    assert_no_empty_panel(fig)
    width, height = png_size(trend_png([ADOPTION, DECISION, NO_VALUES, UPLIFT], "department Sales"))
    assert width >= 1600 and height >= 900
    for count, rows in ((2, 1), (4, 2), (5, 2), (6, 2)):
        fig = trend_figure([ADOPTION, DECISION, UPLIFT] * 2, "the organisation") if count == 6 else \
            trend_figure(([ADOPTION, DECISION, UPLIFT] * 2)[:count])
        assert len(fig.axes) == count and len({ax.get_subplotspec().rowspan.start for ax in fig.axes}) == rows
        assert_no_empty_panel(fig)
    width, height = png_size(trend_png([ADOPTION] * 9))
    assert width >= 1600 and height >= 900 and len(trend_figure([ADOPTION] * 9).axes) == 6  # at most six panels


def test_each_kpi_keeps_its_colour_in_every_chart_from_a_colour_blind_safe_palette():
    alone = _kpi_line(trend_figure([ADOPTION]).axes[0]).get_color()
    together = [_kpi_line(ax).get_color() for ax in trend_figure([DECISION, ADOPTION, UPLIFT]).axes]
    assert together[1] == alone == chart_style.BLUE and len(set(together)) == 3
    assert set(together) <= set(chart_style.SERIES)
    by_department = _series("adoption_by_department", {"2026-09": 61})  # stored as employee adoption
    assert _kpi_line(trend_figure([by_department]).axes[0]).get_color() == alone
    assert chart_style.kpi_colour("some_custom_kpi") == chart_style.kpi_colour("some_custom_kpi")
    assert chart_style.kpi_colour("some_custom_kpi") in chart_style.SERIES


def test_axes_start_where_the_kpi_starts_unless_the_data_says_otherwise():
    assert y_limits(ADOPTION) == (0, 100)
    above = _series("productivity_uplift", {"2026-Q2": 80, "2026-Q3": 140})
    low, high = y_limits(above)
    assert low == 0 and high > 140
    tam = _series("survey_tam", {"2026-Q3": 4.2, "2026-Q4": 5.1})
    assert y_limits(tam) == (1, 7)
    delta = _series("csat_nps_delta", {"2026-Q2": -12, "2026-Q3": 6})
    low, high = y_limits(delta)
    assert low < -12 and 6 < high < 30


def test_no_values_no_chart():
    assert trend_png([]) is None
    assert trend_png([Series("Empty", "percent", [], [])]) is None
    assert trend_figure([NO_VALUES], "the organisation") is None


def test_a_nudge_chart_draws_the_schedule_s_alert_line_and_the_okr_target(kpis):
    kpis.okrs.add("Everyone uses AI", ORGANISATION, date(2026, 7, 1),
                  [parse_key_result("employee_adoption_rate:30->70@2026-12-31")], by="U0ADMIN")
    for month, value in (("2026-08", 40), ("2026-09", 44), ("2026-10", 45)):
        kpis.measurements.record("employee_adoption_rate", ORGANISATION, month, value, by="U0ADMIN")
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["employee_adoption_rate", "task_automation_rate"], okrs=[],
                                  scope=ORGANISATION, by="U0ADMIN",
                                  thresholds=[parse_threshold("employee_adoption_rate<60")])
    nudge, posted = kpis.nudges.compose(schedule, None, kpis.nudges.clock(), store=False)
    assert posted == nudge.chart_png()  # the chart a nudge posts is this one
    [series] = nudge.chart_series()  # task automation has no value: no panel
    assert (series.target, series.thresholds, series.key, series.better) == (70, (("<", 60.0),),
                                                                             "employee_adoption_rate", "higher")
    fig = trend_figure(nudge.chart_series(), schedule.scope.label)
    assert fig.get_suptitle() == "Employee adoption rate — the organisation"
    assert _legend(fig.axes[0]) == ["benchmark 60%–80%", "target 70%", "alert below 60%"]
    assert png_size(nudge.chart_png()) == (1600, 900)
    sales = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                               kpis=["employee_adoption_rate"], okrs=[], scope=parse_scope("department:Sales"),
                               by="U0ADMIN")
    kpis.measurements.record("employee_adoption_rate", parse_scope("department:Sales"), "2026-10", 52, by="U0ADMIN")
    nudge, _ = kpis.nudges.compose(sales, None, kpis.nudges.clock(), store=False)
    assert trend_figure(nudge.chart_series(), sales.scope.label).get_suptitle() == \
        "Employee adoption rate — department Sales"


@pytest.mark.slow
def test_tips_are_cited_sentences_from_the_knowledge_base(kb):
    catalog = load_catalog(CATALOG)
    finder = TipFinder(kb.answers.passages)
    for key in ("employee_adoption_rate", "model_performance", "decline_rate"):
        tip = finder.tip(catalog.get(key))
        assert tip is not None, key
        assert tip.path.startswith("knowledge/") and tip.path.endswith(".md") and tip.title
        assert 40 <= len(tip.plain_text) <= 400 and not tip.text.endswith(":")
    adoption = finder.tip(catalog.get("employee_adoption_rate"))
    assert "adoption" in (adoption.text + adoption.source).lower()
    # on topic, and a step to take: not a definition nor survey-scale advice
    declines = finder.tip(catalog.get("decline_rate"))
    assert "knowledge base" in declines.plain_text and declines.plain_text.startswith("If you think the answer")
    enps = finder.tip(catalog.get("survey_enps"))
    assert enps.section.startswith("Psychological safety") and "celebrate useful discoveries" in enps.plain_text


def test_no_tip_when_the_knowledge_base_is_unavailable():
    def broken(query):
        raise RuntimeError("index not built")

    assert TipFinder(broken).tip(load_catalog(CATALOG).get("employee_adoption_rate")) is None
