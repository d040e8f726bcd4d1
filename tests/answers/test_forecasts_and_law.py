"""Predictions about the years ahead and legal questions are told apart from how-to questions
(bot.answers.forecasts_and_law). The examples were written for this test."""

import pytest

from bot.answers.forecasts_and_law import forecast, legal_question

GDPR_PASSAGE = ("Data governance is the second consideration: data must be accurate and ethically sourced, and "
                "teams must stay compliant with privacy laws such as GDPR or CCPA.")


@pytest.mark.parametrize("message", [
    "will AI have replaced most paralegals by 2030?",
    "do you think microsoft will make copilot free for everyone next year",
    "do you think our support team is going to exist in five years?",
    "how will generative ai reshape retail banking over the next ten years",
    "what will work look like in the next decade with agents everywhere",
    "I manage a claims team. Will the adjusters still be needed in 10 years' time?",
    "is copilot going to change how we work within the next three years?",
    "will AI replace my job?",
    "am I going to lose my job to the new chatbot?",
    "will the assistant make my role redundant?",
    # added with tests/qa/fresh5_dev.yaml: a horizon written short
    "realistically will AI replace lab techs within 5 yrs? my team keeps asking me",
    "will agents run our helpdesk in a few yrs?",
    # added with tests/qa/declines_fresh6_dev.yaml: cuts to one's own team ahead
    "honestly will head office cut our team once the chatbot is live?",
    "is the board going to lay us off because of the new AI?",
    # added with tests/qa/declines_fresh8_dev.yaml: a horizon given as a range
    "will the gaming regulator ban AI player profiling in the next 2-3 yrs?",
    "will most clinics run AI triage within 3 to 5 years?",
])
def test_predictions_over_years_ahead(message):
    assert forecast(message)


@pytest.mark.parametrize("message", [
    "what adoption rate should we expect after a year?",
    "do you think the pilot will work if we keep the old bonus plan?",
    "how long will the pilot phase take?",
    "will incentives help adoption in the sales team?",
    "we want 60% adoption by 2027, which KPIs should we track on the way?",
    "In 2025 we ran a pilot in finance. How do we scale it?",
    "how often will the KPI nudges be posted?",
    "We will roll Copilot out to every team by 2027. How do we measure adoption on the way?",
    "my team is worried AI will replace them. How did other insurers handle the rollout?",
    "people fear they will lose their jobs. how do we get them to try the tool?",
    "should AI replace people's tasks or augment them?",
    "staff fear AI will replace our jobs - how do we address that?",
    "will adoption stay up within 6 weeks of launch?",
    "staff worry the council will cut our headcount because of AI, how do we talk about it?",
    "we will pilot it with 2-3 teams. how do we pick them?",
])
def test_how_to_questions_are_not_predictions(message):
    assert not forecast(message)


@pytest.mark.parametrize("message", [
    "are contracts drafted by AI legally binding?",
    "is it legal to record customer calls for an AI model?",
    "can we be sued if the chatbot gives wrong advice?",
    "who owns the copyright of text the assistant writes?",
    "is the company liable for mistakes the AI makes?",
    "is an e-signature from the bot a binding contract?",
    # added with tests/qa/declines_fresh9_dev.yaml: what the law wants
    "can the drone survey replace the inspector's visit, or does the law still require a person on site?",
])
def test_questions_of_legality(message):
    assert legal_question(message, GDPR_PASSAGE)


def test_a_law_is_answered_only_where_the_evidence_names_it():
    assert not legal_question("does GDPR matter when we write AI OKRs?", GDPR_PASSAGE)
    assert not legal_question("what about privacy laws when setting ai goals", GDPR_PASSAGE)
    assert legal_question("does the AI Act make us label generated text?", GDPR_PASSAGE)
    assert legal_question("what do HIPAA rules say about AI notes?", GDPR_PASSAGE)
    assert legal_question("does gdpr matter for our ai okrs?", "Track adoption by department.")
    # the law named before the clause that asks, in the same question sentence; a law in the scene alone is not asked
    assert legal_question("We screen applicants with AI. Under the EU AI Act, is that high-risk, and what must we "
                          "document as the deployer?", GDPR_PASSAGE)
    assert not legal_question("We are a HIPAA-covered clinic. How do we measure adoption of the scribe?", GDPR_PASSAGE)
    assert legal_question("works council says we can't look at individual copilot logs. is that true under german law?",
                          GDPR_PASSAGE)
    # tax rules: no guide names one (added with tests/qa/declines_fresh6_dev.yaml)
    assert legal_question("what is the VAT rate on software we resell? our copilot quotes use the old one",
                          GDPR_PASSAGE)
    assert legal_question("do the sales tax rules change if the AI tool is billed from abroad?", GDPR_PASSAGE)
    # how pay is taxed (added with tests/qa/declines_fresh7_dev.yaml)
    assert legal_question("is that bonus taxed like normal pay or does it go through as a benefit in kind?",
                          GDPR_PASSAGE)


@pytest.mark.parametrize("message", [
    "how does our legal team use AI for contract review?",
    "what should the legal department check before a pilot?",
    "what is the compliance and risk score KPI?",
    "which KPIs are binding for the pilot?",
    "what does the framework say the reviewer should check?",
])
def test_questions_that_only_mention_legal_things_are_not_legal_questions(message):
    assert not legal_question(message, GDPR_PASSAGE)
