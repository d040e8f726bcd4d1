"""The question's term weights (bot.answers.evidence.TermWeights): the noun a "what are the X of Y" question
asks for weighs more than the words around it."""

import pytest

from bot.answers.evidence import HEAD_WEIGHT, TermWeights
from bot.retrieval.lexical import TermAnalyzer

ANALYZER = TermAnalyzer()


class _FlatIdf:
    @staticmethod
    def idf(term: str) -> float:
        return 1.0


@pytest.mark.parametrize("question, head", [
    ("What are the phases of the AI rollout?", "phase"),
    ("what's the main purpose of a pilot?", "purpos"),
    ("which risks of an AI rollout matter most?", "risk"),
    ("phases of an ai rollout?", "phase"),  # asked in a few words: "AI rollout" found the seven roles first
])
def test_the_noun_a_question_asks_for_weighs_more(question, head):
    w = TermWeights(question, ANALYZER, _FlatIdf())
    stem = next(t for t in w.weights if t.startswith(head))
    assert w.weights[stem] == HEAD_WEIGHT
    assert all(v == 1.0 for t, v in w.weights.items() if t != stem)


@pytest.mark.parametrize("question", ["how do we measure adoption?", "why do pilots fail?",
                                      "lots of people in our team ignore the tool completely"])
def test_other_questions_weigh_their_terms_by_idf_alone(question):
    assert set(TermWeights(question, ANALYZER, _FlatIdf()).weights.values()) == {1.0}


def test_a_question_about_the_phases_of_a_rollout_is_answered_with_the_phases_not_the_roles(kb):
    # "AI rollout" is in the roles guide's heading; the phases overview says "implementation framework"
    answer = kb.answers.ask("What are the phases of the AI rollout?")
    assert answer.sources[0].section.startswith("The six phases of the framework")
