"""The section model's worked examples (bot/retrieval/examples.py): the QA sets' in-scope messages, each with the
section that answers it, fitted beside the listed questions; never the held-out sets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.evaluation.crossval import pick_examples
from bot.evaluation.qa import load_qa
from bot.retrieval.examples import DEFAULT_PATH, Examples
from bot.retrieval.questions import _section_model

ROOT = Path(__file__).resolve().parents[2]


def test_examples_round_trip_and_leave_a_file_out(tmp_path):
    vectors = np.eye(3, 4, dtype="float32")
    examples = Examples(vectors, [("a.md", "one"), ("a.md", "two"), ("b.md", "")], ["set1", "set2", "set1"],
                        ["first message", "second", "third"])
    examples.save(tmp_path / "ex")  # no ".npz" added to the name given
    loaded = Examples.load(tmp_path / "ex")
    assert loaded.sections == examples.sections and loaded.sets == examples.sets and loaded.texts == examples.texts
    assert loaded.vectors.dtype == np.float32 and np.allclose(loaded.vectors, vectors)
    kept = loaded.without({"set1"})
    assert kept.sections == [("a.md", "two")] and kept.sets == ["set2"] and kept.vectors.shape == (1, 4)
    assert kept.texts == ["second"]
    assert Examples.load(tmp_path / "missing.npz") is None and len(Examples.none().without({"x"})) == 0


def test_examples_teach_the_model_only_for_sections_that_list_questions():
    matrix = np.array([[1, 0, 0], [0, 1, 0]], dtype="float32")
    sections = [("a.md", "one"), ("a.md", "two")]
    # an example of "two" that points where no listed question does, and one of a section without listed questions
    examples = Examples(np.array([[0, 0, 1], [0, 0, 1]], dtype="float32"), [("a.md", "two"), ("org.md", "x")],
                        ["s", "s"], ["", ""])
    without = _section_model(matrix, ["", ""], sections, [None, None])
    model = _section_model(matrix, ["", ""], sections, [None, None], examples)
    assert model.classes == [("a.md", "one"), ("a.md", "two")]  # org.md is not a class: its example is dropped
    query = np.array([0.2, 0.2, 1], dtype="float32")
    assert model.probabilities(query, "")[1] > without.probabilities(query, "")[1] + 0.2


def test_an_example_finds_its_section_when_the_index_holds_absolute_paths():
    """Run from outside the project folder, the index names files by their absolute path."""
    matrix = np.array([[1, 0, 0], [0, 1, 0]], dtype="float32")
    sections = [("/srv/coach/knowledge/a.md", "one"), ("/srv/coach/knowledge/a.md", "two")]
    examples = Examples(np.array([[0, 0, 1]], dtype="float32"), [("knowledge/a.md", "two")], ["s"], [""])
    query = np.array([0, 0, 1], dtype="float32")
    assert _section_model(matrix, ["", ""], sections, [None, None], examples).probabilities(query, "")[1] > 0.6
    assert _section_model(matrix, ["", ""], sections, [None, None]).probabilities(query, "")[1] < 0.6


def test_the_bundled_examples_are_the_tuning_sets_as_they_are_now(kb):
    """Written by `coach eval --qa tests/qa --examples bot/retrieval/examples.npz`: a QA file changed since needs
    them written again, and no held-out set is among them."""
    bundled = Examples.load(DEFAULT_PATH)
    with kb.uow() as uow:
        chunks = uow.questions.section_chunks()
    picked = pick_examples(load_qa([ROOT / "tests" / "qa"]), chunks)
    assert bundled.sets == [item.qa_set for item, _ in picked]
    assert bundled.sections == [key for _, key in picked]
    assert bundled.texts == [item.question for item, _ in picked]
    assert bundled.vectors.shape == (len(picked), 384)
    heldout = {p.stem for p in (ROOT / "tests" / "heldout").glob("*.yaml")}
    assert heldout and not heldout & set(bundled.sets)


@pytest.mark.parametrize("question, qa_set, section", [
    # tuning-set messages whose answering section came second or third with the listed questions alone, and first
    # with the examples of every other QA file (each file's own messages left out, as in `coach eval --folds`)
    ("what are the main stages for rolling AI out across the company?", "framework_kpis_okrs",
     "six phases of the framework at a glance"),
    ("Any examples of hospitals using AI for clinical documentation? what results did they get", "trial4_dev",
     "Clinical documentation outcomes"),
])
def test_examples_of_other_writers_put_the_answering_section_first(kb, question, qa_set, section):
    bundled = kb.questions.examples
    try:
        kb.questions.use_examples(Examples.none())
        assert section not in kb.answers.ask(question).sources[0].section
        kb.questions.use_examples(bundled.without({qa_set}))
        assert section in kb.answers.ask(question).sources[0].section
    finally:
        kb.questions.use_examples(bundled)
        kb.questions.refresh()  # fitted again here, not inside a later test's timed wait for Slack
