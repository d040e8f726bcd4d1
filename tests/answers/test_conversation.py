"""Follow-ups search for their new aspect of the previous subject, and know what was already quoted
(bot.answers.conversation)."""

import pytest

from bot.answers.conversation import (
    asks_yes_or_no,
    contextualize,
    is_follow_up,
    new_aspect,
    per_side,
    subject,
)
from bot.answers.models import Turn
from bot.retrieval.lexical import TermAnalyzer

A = TermAnalyzer()


@pytest.mark.parametrize("earlier, follow_up, query", [
    (["what's the difference between soft and hard ROI?"], "and how do I measure that?",
     "how do I measure soft and hard ROI?"),
    (["soft vs hard ROI?"], "and how do I measure that?", "how do I measure soft vs hard ROI?"),
    (["What is the employee adoption rate KPI?"], "and how do we measure that?",
     "how do we measure employee adoption rate KPI?"),
    (["How do we measure AI adoption?"], "and how often should we measure it?",
     "how often should we measure AI adoption?"),
    (["How do we measure AI adoption?"], "and how do we incentivise it?", "how do we incentivise AI adoption?"),
    (["How do we measure AI adoption?"], "and how often?", "how often measure AI adoption?"),
    (["What's the adoption rate KPI?"], "what's a good number?", "what's a good number adoption rate KPI?"),
    (["What are the deliverables of phase 2?"], "why?", "why deliverables of phase 2?"),
    (["What are the deliverables of the pilot phase?"], "and what are its success criteria?",
     "what are its success criteria pilot phase?"),
    (["How do we pick 3 to 5 pilot use cases?"], "how long should each one run?",  # counts are terms too
     "how long should each one run 3 5 pilot use cases?"),
    # the subject is carried through a chain of follow-ups
    (["What is shadow work?", "How do we reward it?"], "and how often should we review that?",
     "how often should we review shadow work?"),
    # the previous message set a scene: only its question's subject is borrowed
    ([("Hi! I run a support team of 20. We started an AI triage tool in May. What KPIs should we track for the "
      "pilot?")], "and who should own them?", "who should own KPIs pilot?"),
])
def test_a_follow_up_puts_its_new_aspect_first_and_borrows_only_the_subject(earlier, follow_up, query):
    assert contextualize(follow_up, [Turn(q) for q in earlier], A) == query


@pytest.mark.parametrize("question", [
    "What does the insurer case study say about misrouted claims?",
    "Also, what does the insurer case study say about misrouted claims?",
    "and how do we measure adoption rate for the pilot team?",
])
def test_a_self_contained_question_is_searched_as_it_is(question):
    assert contextualize(question, [Turn("What is the employee adoption rate KPI?")], A) == question


def test_a_follow_up_to_a_comparison_is_asked_of_each_side():
    assert per_side("and how do I measure that?", [Turn("soft vs hard ROI?")], A) == (
        "how do I measure soft ROI?", "how do I measure hard ROI?")
    assert per_side("why?", [Turn("business owner vs data engineer")], A) == (
        "why business owner?", "why data engineer?")
    assert per_side("and how do I measure that?", [Turn("What is the employee adoption rate KPI?")], A) == ()
    assert per_side("What does the insurer case study say?", [Turn("soft vs hard ROI?")], A) == ()


def test_without_history_the_question_is_unchanged():
    assert contextualize("and how do we measure that?", [], A) == "and how do we measure that?"


@pytest.mark.parametrize("question, follow", [
    ("and how do I measure that?", True),
    ("why?", True),
    ("what about for managers?", True),
    ("is it the same for contractors?", True),
    ("what's a good number?", True),  # only what it asks for, no subject: the last one's
    ("is there a benchmark?", True),
    ("what is a good adoption rate?", False),
    ("How do we pick pilot use cases for a claims team?", False),
    ("And what do the case studies say about misrouted insurance claims in the first quarter?", False),
])
def test_is_follow_up(question, follow):
    assert is_follow_up(question, A) is follow


def test_subject_leaves_out_the_question_frame_and_the_asked_verb():
    assert subject("What's the difference between soft and hard ROI?", A) == "soft and hard ROI"
    assert subject("How do we measure AI adoption?", A) == "AI adoption"
    assert subject("How do we measure AI adoption?", A, keep_aspect=True) == "measure AI adoption"
    assert subject("What are the deliverables of phase 2?", A) == "phase 2"
    assert subject("What are the deliverables of phase 2?", A, keep_aspect=True) == "deliverables of phase 2"
    assert subject("Does adoption rate include contractors?", A) == "adoption rate include contractors"
    # the verb a "what does X …?" question ends on is what it asks, not its subject
    assert subject("What does phase 1 deliver?", A) == "phase 1"
    assert subject("what does a data engineer do in an AI rollout?", A) == "data engineer AI rollout"


@pytest.mark.parametrize("follow_up, aspect", [
    ("and what happens after launch?", "what happens after launch?"),
    ("how do I spot it in my team?", "how do I spot in my team?"),
    ("and the ML engineer?", "the ML engineer?"),
    # nothing new of its own: the section that answered before is still the place to look
    ("what's a good number?", ""),
    ("and how often?", ""),
    ("is there a benchmark for it?", ""),
])
def test_new_aspect_is_what_a_follow_up_asks_of_its_own(follow_up, aspect):
    assert new_aspect(follow_up, A) == aspect


@pytest.mark.parametrize("question, expected", [
    ("can an admin set it lower than that?", True),
    ("and is that the same for every survey?", True),
    ("so does it apply to managers too?", True),
    ("and how do we know it worked?", False),
    ("what about the deployment checkpoint?", False),
    ("why?", False),
])
def test_a_yes_or_no_question_is_told_apart_from_one_asking_for_something_named(question, expected):
    assert asks_yes_or_no(question) is expected
