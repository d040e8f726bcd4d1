"""The question of a Slack message apart from its scene (bot.answers.focus), on messages written for this test."""

import pytest

from bot.answers.focus import Focus, context_terms, focus, is_question, leans_back, sentences
from bot.retrieval.lexical import TermAnalyzer


@pytest.mark.parametrize("message, question", [
    ("hey coach, how do we measure adoption?", "how do we measure adoption?"),
    ("Hi all! Which metrics go on the monthly dashboard?", "Which metrics go on the monthly dashboard?"),
    ("<@U0BOT> what KPIs matter most? :pray:", "what KPIs matter most?"),
    ("hey @coach is there a checklist for phase 3", "is there a checklist for phase 3"),
    ("Good morning team: what is a key result, thanks!", "what is a key result"),
    ("What's the adoption rate formula", "What's the adoption rate formula"),
    ("If adoption is low after phase 2, how do we fix it?", "If adoption is low after phase 2, how do we fix it?"),
    ("Evening workshops get few people, how do we change that?",
     "Evening workshops get few people, how do we change that?"),
])
def test_a_one_sentence_message_comes_back_without_its_greeting(message, question):
    assert focus(message) == Focus(question, "")


def test_scene_then_question_is_matched_on_the_question():
    message = ("Hi all! I'm a product manager on the payments team. We rolled out Copilot to 12 engineers last month "
               "and only 3 use it weekly. How do we get the rest on board? Thanks!")
    assert focus(message) == Focus(
        "How do we get the rest on board?",
        "I'm a product manager on the payments team. We rolled out Copilot to 12 engineers last month and only 3 "
        "use it weekly.")


def test_two_questions_are_kept_in_order():
    message = ("<@U0BOT> I run the customer support team (40 agents). We started an AI pilot in March. "
               "What KPIs should we track? And how often should we report them to leadership?")
    assert focus(message) == Focus(
        "What KPIs should we track? And how often should we report them to leadership?",
        "I run the customer support team (40 agents). We started an AI pilot in March.")


def test_question_first_then_context():
    message = ("How should we set OKRs for an AI rollout? Context: I'm the head of finance ops, we're 15 people "
               "and our CFO wants a number by Q3.")
    assert focus(message) == Focus("How should we set OKRs for an AI rollout?",
                                   "I'm the head of finance ops, we're 15 people and our CFO wants a number by Q3.")


def test_an_indirect_ask_is_the_question():
    message = ("I lead a team of data analysts. We tried giving vouchers for AI usage but people just gamed it. "
               "I'd like to know how other teams design incentives that don't get gamed.")
    assert focus(message) == Focus(
        "I'd like to know how other teams design incentives that don't get gamed.",
        "I lead a team of data analysts. We tried giving vouchers for AI usage but people just gamed it.")


def test_lines_and_list_items_are_sentences():
    message = ("Background: ops manager, 30 people, SLA-driven.\n- we rolled out a summariser\n- nobody uses it\n"
               "wondering whether we should change the SLA metric")
    assert focus(message) == Focus("wondering whether we should change the SLA metric",
                                   "ops manager, 30 people, SLA-driven. we rolled out a summariser nobody uses it")


def test_is_that_a_known_pattern_leans_on_the_sentence_before():
    message = ("copilot usage in my team was great the first 2 weeks and now it's dropped off a cliff. is that a known "
               "pattern or just us?")
    assert focus(message).question == message


@pytest.mark.parametrize("message, question", [
    # a pointer to the guides asks what the sentence before it asks (tests/qa/fresh10_dev.yaml, declines_fresh7_dev)
    ("we're piloting a stability model. the director keeps asking what has to be true to call the pilot a pass. "
     "what does the framework say?",
     "the director keeps asking what has to be true to call the pilot a pass. what does the framework say?"),
    ("forecast model is wired in now. head of risk asks what done looks like for the integration. what bar do the "
     "guides set?", "head of risk asks what done looks like for the integration. what bar do the guides set?"),
    # bare asks in other words
    ("the board wants 20% of every bonus tied to AI metrics from january. sensible or asking for trouble?",
     "the board wants 20% of every bonus tied to AI metrics from january. sensible or asking for trouble?"),
])
def test_a_pointer_to_the_guides_or_a_bare_ask_leans_on_the_sentence_before(message, question):
    assert focus(message).question == question


def test_a_question_leaning_on_the_sentence_before_brings_it():
    message = ("We're a team of 8 recruiters using ChatGPT for job descriptions. Attendance at our weekly AI office "
               "hour dropped to 3 people. How do we fix that?")
    assert focus(message) == Focus(
        "Attendance at our weekly AI office hour dropped to 3 people. How do we fix that?",
        "We're a team of 8 recruiters using ChatGPT for job descriptions.")


def test_one_standing_for_the_subject_before_leans_on_it():
    # a ninth first-time user's second part: "…and how do I run one for my associates?" (one incentive audit)
    assert leans_back("How do I run one for my associates?")
    assert not leans_back("how many pilots can one data engineer support?")


def test_lowercase_slack_sentences_are_split():
    message = ("hello! we're piloting an AI note-taker in the clinic. nurses say it adds review work. "
               "is that normal and how do we reduce it?")
    assert focus(message) == Focus("nurses say it adds review work. is that normal and how do we reduce it?",
                                   "we're piloting an AI note-taker in the clinic.")


def test_a_bare_ask_takes_the_sentence_it_asks_about():
    message = "We plan to give a 50 euro voucher to every team that reaches 80% weekly active use. Any thoughts?"
    assert focus(message).question == message


def test_a_scene_and_a_question_in_one_comma_spliced_sentence():
    message = ("so we rolled out copilot to the whole sales org last quarter and usage is flat, so how do we get "
               "people to actually use it?")
    assert focus(message) == Focus("how do we get people to actually use it?",
                                   "so we rolled out copilot to the whole sales org last quarter and usage is flat")


def test_without_a_question_the_last_sentence_is_the_question():
    message = "Our CEO wants everyone on AI by Q2. Managers are skeptical. Legal hasn't approved any tool yet."
    assert focus(message) == Focus("Legal hasn't approved any tool yet.",
                                   "Our CEO wants everyone on AI by Q2. Managers are skeptical.")


def test_sign_offs_and_labels_are_dropped():
    assert sentences("Morning team, quick question: is there a template for the kickoff? cheers\nThanks in advance!") \
        == ["is there a template for the kickoff?"]


@pytest.mark.parametrize("message, question, context", [
    ("engineering manager: after go-live, what reviews should we run?", "after go-live, what reviews should we run?",
     "engineering manager"),
    ("Support lead here - how do we count AI-assisted resolutions?", "how do we count AI-assisted resolutions?",
     "Support lead here"),
    ("plant engineer, quick one: which KPIs fit maintenance?", "which KPIs fit maintenance?",
     "plant engineer, quick one"),
    ("HR partner here, how is eNPS worked out?", "how is eNPS worked out?", "HR partner here"),
    # not a label: the roles are what is asked about, or no colon, dash or "here" sets them apart
    ("business owner vs CoE: who does what in a rollout?", "business owner vs CoE: who does what in a rollout?", ""),
    ("ops manager, what should I measure?", "ops manager, what should I measure?", ""),
    ("Data engineer: responsibilities?", "Data engineer: responsibilities?", ""),
])
def test_who_is_asking_said_first_is_scene(message, question, context):
    assert focus(message) == Focus(question, context)


@pytest.mark.parametrize("sentence, asked", [
    ("Can we skip phase 3", True),
    ("What we did was run a survey.", False),
    ("When we launched, nobody came.", False),
    ("Not sure whether the pilot counts as done", True),
    ("Any advice on reviewing AI output", True),
    ("We moved the sessions to lunch.", False),
])
def test_is_question(sentence, asked):
    assert is_question(sentence) is asked


def test_context_terms_keep_role_team_and_tool():
    context = "I'm a product manager on the payments team. We rolled out Copilot to 12 engineers last month."
    assert context_terms(context, TermAnalyzer()) == {"product", "manag", "payment", "roll", "copilot", "engin"}
