"""Calibrated confidence: the fitted model, the high-confidence mark and the reliability table."""

from __future__ import annotations

import json
import random

import pytest

from bot.answers import calibration as calibration_module
from bot.answers.calibration import (
    DEFAULT_PATH,
    FEATURES,
    HIGH_PRECISION,
    Calibration,
    fit,
    high_mark,
    reliability,
)
from bot.errors import UserError
from tests.conftest import QA_DIR

# never fitted on: they measure generalisation
UNSEEN = ("informal_slack", *(p.stem for p in (QA_DIR.parent / "heldout").glob("*.yaml")))


def _rows(n: int = 400, seed: int = 7) -> list[tuple[dict, bool]]:
    """Signals where being right depends on closeness in meaning (the rest is noise)."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        dense = rng.uniform(0.1, 0.9)
        signals = {name: rng.uniform(0, 1) for name in FEATURES} | {"dense": dense}
        rows.append((signals, rng.random() < dense))
    return rows


def test_the_fitted_probability_tracks_how_often_answers_were_right():
    calibration = fit(_rows(), ["synthetic.yaml"])
    assert calibration.weights["dense"] > 3 and calibration.examples == 400
    bins = reliability([(calibration.probability(s), right) for s, right in _rows(4000, seed=8)])
    for b in bins:  # calibrated: within 0.1 of the observed rate wherever there are enough answers
        if b.answers >= 200:
            assert abs(b.mean_confidence - b.right) < 0.1, b
    assert calibration.probability({"dense": 0.9}) > calibration.probability({"dense": 0.2})


def test_the_high_mark_needs_97_percent_right_above_it():
    scored = [(0.9, True)] * 39 + [(0.9, False)] + [(0.6, True)] * 5 + [(0.6, False)] * 5
    assert high_mark(scored) == 0.9
    # 95% right is the promise; the fit asks for 97% so that the promise holds on questions it has not seen
    assert high_mark([(0.9, True)] * 19 + [(0.9, False)]) == 1.0
    assert high_mark([(0.9, True)] * 19 + [(0.9, False)], precision=HIGH_PRECISION) == 0.9
    assert high_mark([(0.9, False)] * 20) == 1.0  # never reached: nothing is shown as high
    assert high_mark([(0.95, True)] * 5) == 1.0  # too few answers to say


def test_the_high_mark_holds_at_every_higher_cut():
    # above 0.85: 39 of 40 right; but above 0.95 only 9 of 10: answers shown as high there would be worse
    scored = [(0.95, True)] * 9 + [(0.95, False)] + [(0.85, True)] * 30 + [(0.5, False)] * 10
    assert high_mark(scored, precision=HIGH_PRECISION) == 1.0
    # with the top cut sound too, the lowest sound cut is the mark; a cut with too few answers above is not judged
    assert high_mark([(0.99, False)] * 2 + [(0.95, True)] * 40 + [(0.85, True)] * 19 + [(0.85, False)],
                     precision=HIGH_PRECISION) == 0.85


def test_of_the_sound_cuts_the_mark_is_the_one_surest_to_be_right():
    # both cuts are sound (98 of 100 right above 0.9, 60 of 60 above 0.95); 60 of 60 is the surer share
    assert high_mark([(0.95, True)] * 60 + [(0.9, True)] * 38 + [(0.9, False)] * 2) == 0.95
    # with only 20 above 0.95, 98 of 100 is surer than 20 of 20
    assert high_mark([(0.95, True)] * 20 + [(0.9, True)] * 78 + [(0.9, False)] * 2) == 0.9


def test_reliability_bins_count_each_answer_once_including_the_top_edge():
    bins = reliability([(0.0, False), (0.29, True), (0.3, True), (1.0, True), (0.86, False)])
    assert [(b.low, b.high, b.answers) for b in bins] == [(0.0, 0.3, 2), (0.3, 0.5, 1), (0.85, 1.0, 2)]
    assert bins[-1].right == 0.5


def test_a_calibration_round_trips_and_a_broken_file_is_one_clear_error(tmp_path):
    calibration = fit(_rows(100), ["a.yaml"])
    path = tmp_path / "c.json"
    calibration.save(path)
    assert Calibration.load(path) == calibration
    assert Calibration.load(tmp_path / "missing.json") is None
    path.write_text('{"weights": {}}')
    with pytest.raises(UserError, match="not a calibration written by `coach eval --calibrate`"):
        Calibration.load(path)
    with pytest.raises(UserError, match="both right and wrong"):
        fit([({"dense": 0.5}, True)] * 3, ["a.yaml"])


def test_the_shipped_calibration_was_fitted_on_tuning_sets_only():
    shipped = json.loads(DEFAULT_PATH.read_text())
    assert shipped["examples"] >= 200 and set(shipped["weights"]) == set(FEATURES)
    assert not [name for name in shipped["fitted_on"] if name.removesuffix(".yaml") in UNSEEN]
    assert 0.5 < shipped["high"] < 1.0


def _saturating(n: int, seed: int) -> list[tuple[dict, bool]]:
    """Answers that are right at most 95.5% of the time however close they are: a mark keeps its promise only
    at the very top, and a model judged on the answers it was fitted on finds it lower than it is."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        dense = rng.uniform(0.1, 0.9)
        signals = {name: rng.uniform(0, 1) for name in FEATURES} | {"dense": dense}
        rows.append((signals, rng.random() < 0.55 + 0.45 * dense))
    return rows


def _broken_promises() -> int:
    """Of 20 fitting sets, how many gave a mark under which fresh answers were right less than 95% of the time."""
    fresh = _saturating(5000, seed=999)
    broken = 0
    for seed in range(20):
        calibration = fit(_saturating(150, seed), ["synthetic.yaml"])
        above = [right for signals, right in fresh if calibration.probability(signals) >= calibration.high]
        broken += bool(above) and sum(above) / len(above) < HIGH_PRECISION
    return broken


def test_the_mark_is_chosen_on_answers_the_fitted_model_never_saw(monkeypatch):
    # Out of 20 fitting sets, the mark broke its 95% promise on fresh answers 4 times; chosen on the fitted model's
    # own scores of its fitting answers it broke it 11 times.
    assert _broken_promises() <= 5
    monkeypatch.setattr(calibration_module, "_out_of_fold",
                        lambda x, y, rows, judged, whole: [(whole.probability(s), right) for s, right in judged])
    assert _broken_promises() >= 8


def test_the_shipped_model_knows_a_long_scene_lowers_the_closeness_of_right_answers():
    shipped = Calibration.load(DEFAULT_PATH)
    assert shipped is not None and shipped.weights.get("scene", 0.0) > 0
    signals = {"dense": 0.45, "coverage": 0.2, "question": 0.5, "gap": 0.02, "scope_margin": 0.1}
    assert shipped.probability(signals | {"scene": 1.0}) > shipped.probability(signals | {"scene": 0.0})
