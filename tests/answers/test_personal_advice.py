"""Questions about the asker's own pay or career, and HR administration, are told apart from questions about
incentive design and training (bot.answers.personal_advice). The examples were written for this test."""

import pytest

from bot.answers.personal_advice import hr_matter, own_career, own_pay


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


@pytest.mark.parametrize("message", [
    "should i learn prompt engineering or python to get promoted faster?",
    "AI does half my job now. should I make a career change into data science?",
    "which certification would help my career most, azure AI or AWS?",
    "would knowing copilot well help me find a new job?",
])
def test_questions_about_one_s_own_career(message):
    assert own_career(message)


@pytest.mark.parametrize("message", [
    "can promotion criteria reward AI-assisted outcomes?",
    "how do we credit prompt libraries in promotion cases?",
    "what should a new hire learn first about our AI tools?",
    "my team thinks AI will change their job, how do we reassure them?",
    "ops manager, 40 people on AI workflows now. my promotion case depends on what exactly?",
])
def test_incentive_design_and_team_questions_are_not_career_advice(message):
    assert not own_career(message)


def test_career_and_legal_questions_are_declined_with_where_to_go_instead(kb):
    career = kb.answers.ask("honestly should i learn prompt engineering or python to get promoted faster")
    assert career.kind == "out_of_scope" and "your manager or HR" in career.text
    legal = kb.answers.ask("is it legal in Germany to track each employee's AI usage individually?")
    assert legal.kind == "out_of_scope" and "legal team or data protection officer" in legal.text


@pytest.mark.parametrize("message", [
    "how many days of sick leave can I take?",
    "quick one, where's the expense claim form for the AI conference?",
    "what's the parental leave policy for contractors?",
    "my manager rated me low for not using copilot, how do i appeal my rating",
])
def test_hr_administration(message):
    assert hr_matter(message)


@pytest.mark.parametrize("message", [
    "how much time should staff get to learn the AI tool?",
    "we're looking at an AI scribe for doctors' notes, what did the hospital case learn?",
    "our AP team uses AI to check expense receipts, how do we measure its accuracy?",
    "how do we review incentives every quarter?",
])
def test_training_and_case_questions_are_not_hr_administration(message):
    assert not hr_matter(message)


def test_hr_administration_is_declined_with_your_manager_or_hr(kb):
    answer = kb.answers.ask("the copilot rollout is going well. how many days of sick leave can I take?")
    assert answer.kind == "out_of_scope" and "your manager or HR" in answer.text

