"""Trend charts are real PNGs of a sensible size; tips are cited sentences from the real knowledge base."""

import struct

import pytest

from bot.kpis.catalog import load_catalog
from bot.kpis.charts import PNG_SIGNATURE, Series, trend_png
from bot.kpis.tips import TipFinder
from tests.kpis.conftest import CATALOG


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def test_a_trend_chart_is_a_png_with_one_panel_per_kpi():
    adoption = Series("Employee adoption rate", "percent", ["2026-08", "2026-09", "2026-10"], [40, 44, 45],
                      target=70, benchmark=(60, 80))
    one = trend_png([adoption], "KPI trends")
    assert _png_size(one) == (520, 320)
    assert 5_000 < len(one) < 200_000
    speed = Series("Time-to-decision", "hours", ["2026-Q2", "2026-Q3"], [9, 7.5])
    two = trend_png([adoption, speed])
    width, height = _png_size(two)
    assert width == 1040 and height == 280
    many = trend_png([adoption] * 9)
    assert _png_size(many) == (1040, 840)  # at most six panels, two per row


def test_no_values_no_chart():
    assert trend_png([]) is None
    assert trend_png([Series("Empty", "percent", [], [])]) is None


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
