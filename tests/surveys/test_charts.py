"""The charts drawn from Results: the per-construct distribution chart next to the means and the eNPS."""

from bot.surveys.analytics import ConstructResult, EnpsResult, Results
from bot.surveys.charts import charts, distribution_chart

PNG = b"\x89PNG\r\n\x1a\n"


def _results(constructs=(), enps=()):
    return Results(survey_id=7, title="Pulse", wave=1, k=5, filters={}, invited=9, responded=7, n=7,
                   constructs=list(constructs), enps=list(enps))


def test_each_construct_gets_its_1_to_7_distribution_drawn():
    trust = ConstructResult("trust", "Trust in AI output", 2, 7, 4.6, 0.8, {1: 0, 2: 1, 3: 0, 4: 2, 5: 3, 6: 1, 7: 0})
    results = _results([trust], [EnpsResult("recommend", 7, 14.3, 3, 2, 2)])
    assert [name for name, _ in charts(results)] == ["survey-7-constructs.png", "survey-7-distribution.png",
                                                     "survey-7-enps.png"]
    assert distribution_chart(results).startswith(PNG)


def test_without_constructs_there_is_no_distribution_chart():
    results = _results(enps=[EnpsResult("recommend", 7, 14.3, 3, 2, 2)])
    assert distribution_chart(results) is None
    assert [name for name, _ in charts(results)] == ["survey-7-enps.png"]
