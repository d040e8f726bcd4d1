"""shape_of: what kind of answer a question wants. Wrongly splitting a question costs more than missing a
split, so the negative cases matter as much as the positive ones."""

import pytest

from bot.answers.question_kinds import QuestionShape, shape_of


@pytest.mark.parametrize("question, sides", [
    ("what's the diff between hard ROI and soft ROI?", ("hard ROI", "soft ROI")),
    ("What is the difference between the business owner and the data engineer?", ("business owner", "data engineer")),
    ("hard ROI vs soft ROI", ("hard ROI", "soft ROI")),
    ("hard ROI vs. soft ROI: which matters more?", ("hard ROI", "soft ROI")),
    ("adoption rate or productivity uplift, which should we report?", ("adoption rate", "productivity uplift")),
    ("which is better, bonuses or recognition?", ("bonuses", "recognition")),
    ("how does a runbook differ from a playbook?", ("runbook", "playbook")),
    ("compare the pilot phase and the scale phase", ("pilot phase", "scale phase")),
    ("Compare MLOps with DevOps", ("MLOps", "DevOps")),
    # what the two are for, then the question about them
    ("KPIs vs OKRs for AI adoption: what's the difference and when do I use each?", ("KPIs", "OKRs")),
    ("soft vs hard ROI - whats the difference", ("soft", "hard ROI")),
    ("TAM vs UTAUT: how do they differ?", ("TAM", "UTAUT")),
])
def test_comparisons_name_both_sides_as_short_noun_phrases(question, sides):
    assert shape_of(question) == QuestionShape("comparison", sides)


@pytest.mark.parametrize("question, parts", [
    ("what is shadow work and how do we reward it?", ("What is shadow work?", "How do we reward shadow work?")),
    ("What are the magic three KPIs? And who owns the roadmap?",
     ("What are the magic three KPIs?", "Who owns the roadmap?")),
    ("what is MLOps and why does it matter?", ("What is MLOps?", "Why does MLOps matter?")),
    ("what does the business owner do, and how do we pick one?",
     ("What does the business owner do?", "How do we pick one?")),
    ("what are runbooks and who signs off on a release?", ("What are runbooks?", "Who signs off on a release?")),
    # "one" stands for one of the subject, or for the subject after its own article
    ("What are the phases of the AI rollout and how long should each one take?",
     ("What are the phases of the AI rollout?", "How long should each of the phases of the AI rollout take?")),
    ("what is a key result and how do I write a good one?", ("What is a key result?", "How do I write a good key result?")),
    # the subject carried over without where it applies, but with what it is for
    ("what's shadow work in the ai context and how do we stop it?",
     ("What's shadow work in the ai context?", "How do we stop shadow work?")),
    ("what is the benchmark for adoption rate and how do we measure it?",
     ("What is the benchmark for adoption rate?", "How do we measure the benchmark for adoption rate?")),
])
def test_two_questions_in_one_are_split_into_questions_that_stand_alone(question, parts):
    assert shape_of(question) == QuestionShape("parts", parts)


@pytest.mark.parametrize("question, kind", [
    ("how many pilots can one data engineer support?", "figure"),
    ("what % of licences are used each week?", "figure"),
    ("what percentage of claims are misrouted?", "figure"),
    ("how long should an AI pilot run?", "figure"),
    ("what adoption rate is realistic after six months?", "figure"),
    ("is there a target for first-contact resolution?", "figure"),
    ("what's a typical productivity gain?", "figure"),
    ("what's a good number?", "figure"),
    ("when is a good time to start the survey?", "plain"),
    ("why do AI pilots stall after launch?", "why"),
    ("what's the reason people stop using the assistant?", "why"),
    ("how come nobody reads the AI summaries?", "why"),
    ("how do I set up a KPI nudge?", "steps"),
    ("how to write a key result for an AI project", "steps"),
    ("what are the steps to retire a model?", "steps"),
    ("process for adding documents to the coach", "steps"),
    ("what do we need to think about on GDPR and data?", "steps"),
    ("what should I watch out for when the pilot ends?", "steps"),
    ("tell me about the integration phase", "plain"),
    ("what is a center of excellence?", "plain"),
])
def test_question_kinds(question, kind):
    assert shape_of(question) == QuestionShape(kind)


@pytest.mark.parametrize("question", [
    "how do we balance speed and what users want?",  # "and what users want" is not a question of its own
    "what are the deliverables and success criteria of the pilot phase?",
    "when does the next training start and how do I sign up?",  # too little in the second part to stand alone
    "can you book a flight and a hotel for me?",
    "what should HR and managers do first?",
    "what is the difference between them?",
    "which teams use AI or not?",
    "should we use one vendor or two?",
    "",
])
def test_ordinary_questions_are_not_split(question):
    assert shape_of(question).kind not in ("comparison", "parts")
