""""You" read as the coach where a question asks what the coach keeps (bot.answers.addressee). The first example is
a ninth first-time user's, declined at confidence 0.03 before; the others were written for this test."""

import pytest

from bot.answers.addressee import as_the_coach


@pytest.mark.parametrize("question, expected", [
    ("what do you store about me when I ask you stuff?",
     "what does the coach store about me when I ask the coach stuff?"),
    ("do you keep what I type?", "does the coach keep what I type?"),
    ("can you see my survey answers?", "can the coach see my survey answers?"),
    ("will u share my answers with HR?", "will the coach share my answers with HR?"),
    ("what do you do with my feedback?", "what does the coach do with my feedback?"),
    # added with tests/qa/trial10_dev.yaml: what the asker tells it, and what the coach itself does
    ("is whatever I type to you private?", "is whatever I type to the coach private?"),
    ("is everything i tell u confidential?", "is everything i tell the coach confidential?"),
    ("can you send our team a survey?", "can the coach send our team a survey?"),
    ("could u remind my managers about the KPIs each week?",
     "could the coach remind my managers about the KPIs each week?"),
    # added with tests/qa/fresh9_dev.yaml: whether and where the asker may ask it
    ("can we dm you instead of posting in the channel?", "can we dm the coach instead of posting in the channel?"),
    ("could i message u privately about copilot?", "could i message the coach privately about copilot?"),
    # added with tests/qa/declines_fresh6_dev.yaml: what the coach is not for
    ("so what are you not for?", "so what is the coach not for?"),
    ("what won't you help with, like is hr stuff out?", "what won't the coach help with, like is hr stuff out?"),
    # added with tests/qa/fresh10_dev.yaml: whether the coach invents what it does not know
    ("will you just make something up?", "will the coach just make something up?"),
    ("do you guess when you're not sure?", "does the coach guess when you're not sure?"),
])
def test_you_is_the_coach_when_asked_what_it_keeps(question, expected):
    assert as_the_coach(question) == expected


@pytest.mark.parametrize("question", [
    "how do you measure adoption?",
    "how do you see the role of AI in our team?",
    "can you give me an example OKR?",
    "how do you keep people motivated during a rollout?",
    "what do you do when a pilot fails?",
    "can you explain the difference between KPIs and OKRs?",
    "what should you track in the first month of a pilot?",
    "what are you looking for in a pilot metric?",
    "can i ask you for an example OKR?",  # asks for an answer, not how to reach the coach: the guides' "you" stays
    "hi wat can u do",  # the coach's guide lists "what can you do?" in these words
    "how do you make up for lost time in a pilot?",  # "make up for" is no invention
])
def test_a_general_you_stays(question):
    assert as_the_coach(question) == question


def test_a_question_about_what_the_coach_stores_is_answered_from_its_privacy_guide(kb):
    answer = kb.answers.ask("what do you store about me when I ask you stuff? can my manager see my questions?")
    assert answer.answered
    assert answer.sources[0].section.startswith("What data the Adoption Coach stores")
    assert answer.text.startswith("*What do you store about me when I ask you stuff?*")  # the asker's own words
