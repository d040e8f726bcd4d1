"""Quality gate on the QA sets in tests/qa (see tests/qa/README.md)."""

import pytest

from bot.evaluation.qa import load_qa, run_eval
from tests.conftest import QA_DIR


@pytest.fixture(scope="module")
def results(kb):
    return run_eval(kb.answers, load_qa([QA_DIR]))


def test_qa_set_is_large_and_covers_every_reference_topic():
    items = load_qa([QA_DIR])
    answerable = [i for i in items if i.answerable]
    assert len(answerable) >= 40
    folders = {i.path.split("/")[1] for i in answerable}
    assert {"framework", "kpis", "okrs", "incentives", "case-studies", "about-the-bot"} <= folders
    assert {i.kind for i in items if not i.answerable} == {"out_of_scope", "unknown"}


def test_hybrid_recall_at_3(results):
    hybrid = results["modes"]["hybrid"]
    print(f"\nhybrid: R@1 {hybrid['recall@1']:.3f} R@3 {hybrid['recall@3']:.3f} "
          f"(strict {hybrid['recall@3_strict']:.3f}) R@5 {hybrid['recall@5']:.3f} MRR {hybrid['mrr']:.3f} "
          f"fact hit rate {hybrid['fact_hit_rate']:.3f}")
    assert hybrid["recall@3"] >= 0.9


def test_hybrid_beats_each_retriever_alone(results):
    modes = results["modes"]
    assert modes["hybrid"]["recall@3"] > modes["bm25"]["recall@3"]
    assert modes["hybrid"]["recall@3"] > modes["vector"]["recall@3"]
    assert modes["hybrid"]["mrr"] > max(modes["bm25"]["mrr"], modes["vector"]["mrr"])


def test_declines(results):
    hybrid = results["modes"]["hybrid"]
    assert hybrid["decline_accuracy"] >= 0.9
    assert hybrid["false_decline_rate"] <= 0.05


def test_answers_carry_the_facts(results):
    # Reported above; the floor guards against regressions in sentence selection.
    assert results["modes"]["hybrid"]["fact_hit_rate"] >= 0.55
