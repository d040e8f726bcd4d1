"""The section model: which section answers a question, learned from the questions the sections list."""

from __future__ import annotations

import numpy as np
import pytest

import bot.answers.evidence as evidence
from bot.retrieval.questions import _section_model
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
    probabilities = c.questions.section_probabilities(q, list(crumbs))
    best = max(probabilities, key=probabilities.get)
    assert crumbs[best].endswith("Travel rules")
    assert probabilities[best] > 0.5
    assert not any(crumbs[cid].endswith("Parking") for cid in probabilities)  # it lists no question


def test_only_questions_for_every_workspace_train_the_model():
    matrix = np.eye(4, dtype="float32")
    sections = [("a.md", "one"), ("a.md", "one"), ("a.md", "two"), ("taught/7", "")]
    model, classes = _section_model(matrix, sections, [None, None, None, "T1"])
    assert classes == [("a.md", "one"), ("a.md", "two")]  # workspace T1's lesson is matched by match() alone
    assert _section_model(matrix, sections, ["T1", "T1", "T1", None]) == (None, [])  # a lone class: no model
    assert _section_model(np.zeros((0, 0), dtype="float32"), [], []) == (None, [])


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
