"""KPI formulas (the worked examples of knowledge/kpis), OKR progress and pace."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.kpis import formulas as f


def test_change_formulas_match_the_worked_examples():
    assert f.productivity_uplift(50, 65) == pytest.approx(30.0)  # 50 → 65 cases a week
    assert f.error_reduction(40, 24) == pytest.approx(40.0)  # 40 → 24 errors a month
    assert f.score_delta(31, 38) == 7
    assert f.CHANGES == {"uplift": f.productivity_uplift, "reduction": f.error_reduction, "delta": f.score_delta}


def test_coach_metrics():
    assert f.adoption_rate(120, 200) == pytest.approx(60.0)
    assert f.adoption_rate(45, 60) == pytest.approx(75.0)
    assert f.helpful_share(30, 10) == pytest.approx(75.0)
    assert f.decline_rate(12, 240) == pytest.approx(5.0)


def test_no_denominator_means_no_value_not_zero():
    assert f.productivity_uplift(0, 10) is None
    assert f.error_reduction(0, 0) is None
    assert f.adoption_rate(0, 0) is None
    assert f.helpful_share(0, 0) is None
    assert f.decline_rate(0, 0) is None
    with pytest.raises(ValueError):
        f.adoption_rate(5, 4)


def test_progress_is_the_share_of_the_planned_change():
    assert f.progress(30, 70, 50) == pytest.approx(0.5)  # the knowledge base's example
    assert f.progress(30, 70, 30) == 0 and f.progress(30, 70, 70) == 1
    assert f.progress(9, 6, 7.5) == pytest.approx(0.5)  # lower is better: 9 h → 6 h, now 7.5 h
    assert f.progress(30, 70, 20) == pytest.approx(-0.25)  # went backwards
    with pytest.raises(ValueError):
        f.progress(5, 5, 5)


def test_pace_against_time_elapsed():
    tolerance = 0.10
    assert f.pace(30, 70, 50, 0.5, tolerance).status == f.ON_TRACK  # 50 % done at half time
    assert f.pace(30, 70, 50, 0.8, tolerance).status == f.AT_RISK  # 50 % done with 80 % gone
    assert f.pace(30, 70, 50, 0.6, tolerance).status == f.ON_TRACK  # within the tolerance
    assert f.pace(30, 70, 70, 0.3, tolerance).status == f.DONE
    assert f.pace(30, 70, 69, 1.0, tolerance).status == f.MISSED
    assert f.pace(30, 70, 31, 0.0, tolerance).status == f.NOT_STARTED
    missing = f.pace(30, 70, None, 0.5, tolerance)
    assert missing.status == f.NO_DATA and missing.behind == 0
    assert f.pace(30, 70, 50, 0.8, tolerance).behind == pytest.approx(0.3)


def test_elapsed_share_is_clamped():
    assert f.elapsed(100, 200, 150) == 0.5
    assert f.elapsed(100, 200, 50) == 0.0
    assert f.elapsed(100, 200, 300) == 1.0
    assert f.elapsed(100, 100, 100) == 1.0


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1))
def test_progress_is_zero_at_baseline_one_at_target_and_linear(baseline, target, share):
    if abs(target - baseline) < 1e-6:
        return
    current = baseline + share * (target - baseline)
    assert f.progress(baseline, target, baseline) == 0
    assert f.progress(baseline, target, target) == pytest.approx(1)
    assert f.progress(baseline, target, current) == pytest.approx(share, abs=1e-6)


@given(st.floats(0, 0.99), st.floats(0.01, 0.99), st.floats(0, 0.5))
def test_more_progress_never_makes_a_key_result_worse(progress, elapsed, tolerance):
    order = [f.MISSED, f.AT_RISK, f.NOT_STARTED, f.ON_TRACK, f.DONE]
    low = f.pace(0, 100, progress * 100, elapsed, tolerance).status
    high = f.pace(0, 100, min(progress + 0.2, 1.0) * 100, elapsed, tolerance).status
    assert order.index(high) >= order.index(low)
