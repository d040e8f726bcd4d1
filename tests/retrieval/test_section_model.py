"""The section model: which section answers a question, learned from the questions the sections list."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answers import evidence
from bot.retrieval import hybrid, section_model
from bot.retrieval.questions import SectionScores, _section_model
from bot.retrieval.section_model import fit_section_model
from tests.conftest import KNOWLEDGE

GUIDE = """# Field guide

## Travel rules

<!-- questions
- can I claim my train ticket back?
- how do I get money back for a work trip
- what travel costs are refunded
-->

Submit receipts within thirty days through the finance portal; economy fares only.

## Printer setup

<!-- questions
- how do I add the office printer
- my laptop cannot find the printer on our floor
- which print queue should I use
-->

Office printers are added from the device settings page using the floor's queue name.

## Parking

Visitors park on level two after signing in at reception.
"""

# An organisation's own handbook: no listed questions, so the model knows none of its sections
HANDBOOK = """# Acme AI handbook

## Getting a Copilot licence at Acme

Licences for Microsoft 365 Copilot are requested through the Acme service portal under "Software requests". Your
manager approves the request and the licence is assigned within three working days.

## Our AI champions network

Every Acme department has one AI champion, nominated by the department head each January. Champions hold an open
clinic every Tuesday at 14:00 in the learning room and on Teams.

## How Acme measures AI adoption

The programme office counts a person as an active user when they used an approved AI tool on at least four days
in the last 28.
"""


def test_a_question_worded_unlike_any_listed_one_gets_its_section(fresh, tmp_path):
    c = fresh()
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "field.md").write_text(GUIDE)
    c.indexer.ingest([tmp_path / "guide"])
    c.questions.refresh()
    q = np.asarray(c.embeddings.embed_query("will the company pay for my hotel and flights?"), dtype="float32")
    with c.uow() as uow:
        crumbs = {cid: crumb for cid, _, crumb in uow.questions.section_chunks()}
    probabilities = c.questions.sections_for(q, "will the company pay for my hotel and flights?").of(list(crumbs))
    best = max(probabilities, key=probabilities.get)
    assert crumbs[best].endswith("Travel rules")
    assert probabilities[best] > 0.5
    assert not any(crumbs[cid].endswith("Parking") for cid in probabilities)  # it lists no question


def test_the_likeliest_sections_join_the_passages_re_ranked(fresh, tmp_path, monkeypatch):
    """"parking" is the Parking section's word, so the fused lists put it first; the model, which knows only the
    sections that list questions, reads a trip, and Travel rules joins the candidates although k is 1."""
    c = fresh()
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "field.md").write_text(GUIDE)
    c.indexer.ingest([tmp_path / "guide"])
    with c.uow() as uow:
        crumbs = {cid: crumb for cid, _, crumb in uow.questions.section_chunks()}
    query = "is parking paid back when I drive to a client visit?"
    hits = c.retriever.search(query, 1)
    assert crumbs[hits[0].chunk_id].endswith("Parking") and hits[0].section == 0.0  # the model does not know it
    travel = [h for h in hits if crumbs[h.chunk_id].endswith("Travel rules")]
    assert travel and travel[0].section > hits[0].section and travel[0].dense > 0
    monkeypatch.setattr(hybrid, "MODEL_SECTIONS", 0)
    assert not any(crumbs[h.chunk_id].endswith("Travel rules") for h in c.retriever.search(query, 1))


def test_the_likeliest_sections_are_read_by_column():
    scores = SectionScores(np.array([0.6, 0.3, 0.04, 0.06]), {"a1": 0, "a2": 0, "b": 1, "c": 2},
                           {0: ("a1", "a2"), 1: ("b",), 2: ("c",)})
    assert scores.likeliest(0.05, 5) == ["a1", "a2", "b"]  # c is under the floor; column 3 has no chunk here
    assert scores.likeliest(0.05, 1) == ["a1", "a2"]
    assert scores.of(["b", "c", "org"]) == {"b": 0.3, "c": 0.04}  # an organisation's own chunk: not known


def test_words_tell_sections_apart_where_meaning_does_not(monkeypatch):
    monkeypatch.setattr(section_model, "WORDS_MIN_ROWS", 6)
    same = np.ones((6, 3), dtype="float32")
    texts = ["can I claim my train ticket back", "refund for a work trip", "which travel costs are refunded",
             "how do I add the office printer", "laptop cannot find the printer", "which print queue should I use"]
    labels = [("g.md", "travel")] * 3 + [("g.md", "printer")] * 3
    vector = np.ones(3, dtype="float32")
    model = fit_section_model(same, texts, labels)
    p = model.probabilities(vector, "my printr wont show up in the queue")
    assert model.classes[int(np.argmax(p))] == ("g.md", "printer") and p.max() > 0.6 and abs(p.sum() - 1) < 1e-6
    blind = fit_section_model(same, [""] * 6, labels)  # no n-gram to learn from: meaning alone, which cannot choose
    assert blind.words is None and abs(blind.probabilities(vector, "printer")[0] - 0.5) < 0.05
    monkeypatch.setattr(section_model, "WORDS_MIN_ROWS", 7)
    assert fit_section_model(same, texts, labels).words is None  # too few rows to read words from


@pytest.mark.parametrize("question, qa_set, section", [
    # tuning-set messages whose section came first only when the model read their words too, each with the examples
    # of every other QA file (its own left out, as in `coach eval --folds`)
    ("how can we tell the assessment work is finished and we can start a pilot?", "newcomer",
     "Ready to move on from Phase 1"),
    ("why isnt counting logins a good enough adoption metric?", "informal_dev", "Measuring behavioral adoption"),
])
def test_words_put_the_answering_section_first(kb, monkeypatch, question, qa_set, section):
    bundled = kb.questions.examples
    try:
        kb.questions.use_examples(bundled.without({qa_set}))
        assert section in kb.answers.ask(question).sources[0].section
        monkeypatch.setattr(section_model, "WORDS_MIN_ROWS", 10**9)
        kb.questions.use_examples(bundled.without({qa_set}))
        assert section not in kb.answers.ask(question).sources[0].section
    finally:
        monkeypatch.undo()
        kb.questions.use_examples(bundled)
        kb.questions.refresh()  # fitted again here, not inside a later test's timed wait for Slack


@pytest.mark.parametrize("sections", [2, 3])
def test_the_words_margins_are_scikit_learns(sections):
    from sklearn.svm import LinearSVC

    texts = ["can I claim my train ticket back", "refund for a work trip", "which travel costs are refunded",
             "how do I add the office printer", "laptop cannot find the printer", "which print queue should I use"]
    vectorizer = section_model._vectorizer()
    svm = LinearSVC().fit(vectorizer.fit_transform(texts), np.array([i % sections for i in range(6)]))
    words = section_model.Words(vectorizer, svm)
    for text in ["my printr wont show up in the queue, the the queue", "refund refund trip", "zzz", ""]:
        expected = svm.decision_function(vectorizer.transform([text]))[0]
        expected = np.array([-expected, expected]) if sections == 2 else expected
        assert np.allclose(words.margins(text), expected, atol=1e-5)


def test_a_fit_is_reused_for_the_same_rows_and_settings_only(monkeypatch):
    monkeypatch.setattr(section_model, "WORDS_MIN_ROWS", 3)
    x = np.eye(3, dtype="float32")
    texts, labels = ["claim a train ticket", "add the printer", "printer queue"], [("a", "1"), ("a", "2"), ("a", "2")]
    first = fit_section_model(x, texts, labels)
    assert fit_section_model(x.copy(), list(texts), list(labels)).meaning is first.meaning
    moved = fit_section_model(x, texts, [("b", "1"), ("b", "2"), ("b", "2")])  # the same rows in another folder
    assert moved.meaning is first.meaning and moved.classes == [("b", "1"), ("b", "2")]
    assert fit_section_model(x, texts, [("a", "1"), ("a", "1"), ("a", "2")]).meaning is not first.meaning
    assert fit_section_model(x, ["claim a train fare", *texts[1:]], labels).words is not first.words
    monkeypatch.setattr(section_model, "SECTION_C", 1.0)
    assert fit_section_model(x, texts, labels).meaning is not first.meaning


def test_only_questions_for_every_workspace_train_the_model():
    matrix = np.eye(4, dtype="float32")
    sections = [("a.md", "one"), ("a.md", "one"), ("a.md", "two"), ("taught/7", "")]
    texts = ["", "", "", ""]
    model = _section_model(matrix, texts, sections, [None, None, None, "T1"])
    assert model.classes == [("a.md", "one"), ("a.md", "two")]  # workspace T1's lesson is matched by match() alone
    assert _section_model(matrix, texts, sections, ["T1", "T1", "T1", None]) is None  # a lone class: no model
    assert _section_model(np.zeros((0, 0), dtype="float32"), [], [], []) is None


@pytest.mark.parametrize("question, section", [
    # tuning-set messages (fresh2_dev.yaml, workflows_cases.yaml) whose answering section came second on its words
    # alone, after an overview or the case's situation
    ("I've been told HR 'owns change management' for the AI rollout. That's pretty vague - what am I actually "
     "responsible for?", "People and HR"),
    ("how much faster did the insurer handle claims with AI?", "Claims triage outcomes"),
])
def test_the_model_puts_the_answering_section_first(kb, monkeypatch, question, section):
    assert kb.answers.ask(question).sources[0].section.startswith(section)
    monkeypatch.setattr(evidence, "SECTION_WEIGHT", 0.0)
    assert not kb.answers.ask(question).sources[0].section.startswith(section)


@pytest.fixture(scope="module")
def with_handbook(tmp_path_factory, shared_embeddings):
    from tests.conftest import make_container

    c = make_container(tmp_path_factory.mktemp("handbook"))
    c.__dict__["embeddings"] = shared_embeddings
    folder = tmp_path_factory.mktemp("acme")
    (folder / "handbook.md").write_text(HANDBOOK)
    c.indexer.ingest([KNOWLEDGE, folder])
    return c


@pytest.mark.parametrize("question", ["how do I get a copilot licence?", "when are the champion clinics?",
                                      "how do we count someone as an active AI user?"])
def test_an_organisations_own_documents_keep_their_place(with_handbook, question):
    # the model knows only the guides' sections; it must not push the organisation's own answer below them
    answer = with_handbook.answers.ask(question)
    assert answer.answered and answer.sources[0].path.endswith("handbook.md")
