"""Questions about the asker's own pay are told apart from questions about incentive design
(bot.answers.own_pay). The examples were written for this test."""

import pytest

from bot.answers.own_pay import own_pay


@pytest.mark.parametrize("message", [
    "should I ask for a raise now that I'm using AI every day?",
    "i do twice the work since copilot. am i underpaid?",
    "do I get paid extra for being the team's AI champion?",
    "when do we get our pay rise this year?",
    "Finance analyst here, I automated half my reports with ChatGPT. Can I negotiate a higher salary?",
])
def test_questions_about_one_s_own_pay(message):
    assert own_pay(message)


@pytest.mark.parametrize("message", [
    "how do I raise adoption in my team?",
    "should our bonus weighting include forecast accuracy?",
    "how much of someone's incentive should be tied to AI adoption metrics?",
    "we paid for copilot licences for everyone, how do we measure adoption?",
    "I got a raise last year. How do we reward shadow work?",
    "can promotion criteria reward AI-assisted outcomes?",
])
def test_incentive_design_is_not_a_question_of_one_s_own_pay(message):
    assert not own_pay(message)


def test_a_question_about_one_s_own_pay_is_declined_with_where_to_go_instead(kb):
    answer = kb.answers.ask("should I ask for a raise now that I'm using AI and doing twice the work?")
    assert answer.kind == "out_of_scope" and not answer.answered
    assert "your manager or HR" in answer.text
