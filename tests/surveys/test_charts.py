"""The charts drawn from Results, ready for a slide: at least 1600 x 900, titled with the survey and whose answers
they show, a bar for every row, the scale on the axis, and the same colour-blind-safe colours for agreement and
disagreement in every chart."""

import struct

from matplotlib.colors import to_rgb

from bot import chart_style
from bot.surveys.analytics import ConstructResult, EnpsResult, ItemResult, Results
from bot.surveys.charts import FIGURES, charts, distribution_figure

PNG = b"\x89PNG\r\n\x1a\n"
TRUST = ConstructResult("trust", "Trust in AI output", 2, 7, 4.6, 0.8, {1: 0, 2: 1, 3: 0, 4: 2, 5: 3, 6: 1, 7: 0},
                        previous_mean=4.1)
EXPECT = ConstructResult("pe", "Performance expectancy", 3, 9, 5.6, 0.8, {3: 1, 4: 1, 5: 2, 6: 3, 7: 2})
RECOMMEND = EnpsResult("recommend", 7, 14.3, 3, 2, 2, previous_score=5.0)
QUESTION = ItemResult("recommend", "How likely are you to recommend the AI tools to a colleague?", "nps", 7, 8.1, {})


def _results(constructs=(), enps=(), filters=None):
    return Results(survey_id=7, title="Pulse", wave=2, k=5, filters=filters or {}, invited=9, responded=9, n=9,
                   constructs=list(constructs), enps=list(enps), items=[QUESTION], previous_wave=1)


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG)
    return struct.unpack(">II", png[16:24])


def test_every_chart_is_slide_size_with_a_bar_in_every_row():
    results = _results([TRUST, EXPECT], [RECOMMEND])
    files = charts(results)
    assert [name for name, _ in files] == ["survey-7-constructs.png", "survey-7-distribution.png",
                                           "survey-7-enps.png"]
    for name, png in files:
        width, height = _size(png)
        assert width >= 1600 and height >= 900, name
    for name, draw in FIGURES.items():
        fig = draw(results)
        [ax] = fig.axes
        assert fig.get_suptitle() == "Pulse — all respondents" and "wave 2, n = 9" in ax.get_title(loc="left")
        rows = {round(bar.get_y() + bar.get_height() / 2) for bar in ax.patches if bar.get_width() > 0}
        assert rows == set(range(len(ax.get_yticks()))), name  # no row without a bar
        assert ax.get_xlabel(), name


def test_the_scale_direction_and_previous_wave_are_shown():
    results = _results([TRUST, EXPECT], [RECOMMEND], filters={"department": "Sales"})
    constructs = FIGURES["constructs"](results)
    [ax] = constructs.axes
    assert constructs.get_suptitle() == "Pulse — department Sales"
    assert ax.get_xlim() == (1, 7.5) and "1 = strongly disagree, 7 = strongly agree" in ax.get_xlabel()
    assert ax.get_title(loc="right") == "higher is better →"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["wave 1", "wave 2"]
    enps = FIGURES["enps"](results)
    [ax] = enps.axes
    [label] = [t.get_text() for t in ax.get_yticklabels()]
    assert "recommend the AI tools" in label.replace("\n", " ") and "eNPS +14 (n = 7, wave 1: +5)" in label
    colours = {c.get_label(): to_rgb(c.patches[0].get_facecolor()) for c in ax.containers}
    assert colours["promoters (9–10)"] == to_rgb(chart_style.BLUE)
    assert colours["detractors (0–6)"] == to_rgb(chart_style.VERMILLION)


def test_without_constructs_there_is_no_distribution_chart():
    results = _results(enps=[RECOMMEND])
    assert distribution_figure(results) is None
    assert [name for name, _ in charts(results)] == ["survey-7-enps.png"]
