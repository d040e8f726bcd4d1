import pytest

from bot.answers.case_outcomes import with_case_outcomes


@pytest.mark.parametrize("message", [
    "nurse manager on the scribe pilot. what did the hospital in your case study actually get out of it?",
    "any case studies on AI for clinical notes? what results did they get",
    "Any examples of hospitals using AI for clinical documentation? what results did they get",
    "is there a real example somewhere of AI sorting incoming cases into the right queue? what numbers did they get",
])
def test_a_case_s_results_asked_for_are_its_outcomes(message):
    assert "(outcomes)" in with_case_outcomes(message)


@pytest.mark.parametrize("message", [
    "how do we measure results of the pilot?",  # no case
    "give me an example OKR with numbers",  # an example asked for, not a case told
    "in case the numbers drop, what do we do?",
    "what numbers go in the business case?",
    "what were the outcomes in the claims case?",  # says it already
    "what went wrong in the factory case study?",  # asks for something else of the case
])
def test_other_messages_are_left_as_they_are(message):
    assert with_case_outcomes(message) == message
