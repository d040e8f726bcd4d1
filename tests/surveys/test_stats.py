"""Cronbach's alpha, eNPS and reverse coding against values worked out by hand."""

import pytest

from bot.surveys import stats
from bot.surveys.analytics import Answered, ResultsAnalysis
from bot.surveys.definition import Definition, Question, scored

# Four people, three items. Item variances (sample): 5/3, 2.75/3, 4/3 (sum 11.75/3); row totals 6, 8, 12, 13
# have variance 32.75/3. alpha = 3/2 · (1 − 11.75/32.75) = 31.5/32.75.
ROWS = [[1, 2, 3], [2, 3, 3], [3, 4, 5], [4, 4, 5]]
ALPHA = 31.5 / 32.75


def test_cronbach_alpha_by_hand():
    assert stats.cronbach_alpha(ROWS) == pytest.approx(ALPHA)
    assert ALPHA == pytest.approx(0.9618, abs=1e-4)


def test_alpha_is_undefined_without_two_items_two_rows_or_variation():
    assert stats.cronbach_alpha([[1, 2]]) is None
    assert stats.cronbach_alpha([[1], [2], [3]]) is None
    assert stats.cronbach_alpha([[3, 3], [3, 3], [3, 3]]) is None


def test_two_uncorrelated_items_give_a_low_or_negative_alpha():
    # the items move in opposite directions: alpha far below the 0.7 rule of thumb
    assert stats.cronbach_alpha([[1, 7], [7, 1], [4, 4], [2, 5]]) < 0


def test_enps_by_hand_worked_example():
    # 40 answers: 16 promoters (9–10) = 40 %, 14 passives, 10 detractors (0–6) = 25 % → +15
    scores = [10] * 8 + [9] * 8 + [8] * 7 + [7] * 7 + [6] * 4 + [3] * 3 + [0] * 3
    assert stats.enps(scores) == (pytest.approx(15.0), 16, 14, 10)
    assert stats.enps([10, 10]) == (100.0, 2, 0, 0)
    assert stats.enps([0, 6, 7]) == (pytest.approx(-66.6667, abs=1e-3), 0, 1, 2)
    assert stats.enps([]) is None


def test_reverse_coded_items_are_flipped_before_alpha_and_means():
    items = [Question("a", "likert", "A", construct="c"), Question("b", "likert", "B", construct="c"),
             Question("r", "likert", "R", construct="c", reverse=True)]
    assert [scored(items[2], v) for v in (1, 4, 7)] == [7, 4, 1]
    # the third item is answered reversed (8 − x): once flipped it is ROWS' third column again
    answers = [Answered("D", {"a": a, "b": b, "r": 8 - c}) for a, b, c in ROWS]
    results = ResultsAnalysis(Definition(items), answers, k=3).results(1, "t", 1, 4, 4, {})
    [construct] = results.constructs
    assert construct.alpha == pytest.approx(ALPHA)
    assert construct.mean == pytest.approx(sum(map(sum, ROWS)) / 12)
    item_r = next(i for i in results.items if i.id == "r")
    assert item_r.reverse and item_r.mean == pytest.approx(8 - 4.0)  # shown as answered


def test_enps_in_results_and_change_against_the_previous_wave():
    q = [Question("nps", "nps", "Recommend?")]
    before = ResultsAnalysis(Definition(q), [Answered(None, {"nps": s}) for s in [10, 9, 3, 3, 8]], k=5)
    now = ResultsAnalysis(Definition(q), [Answered(None, {"nps": s}) for s in [10, 9, 9, 3, 8]], k=5)
    [e] = now.results(2, "t", 2, 5, 5, {}, previous=before, previous_wave=1).enps
    assert (e.score, e.previous_score) == (pytest.approx(40.0), pytest.approx(0.0))
