"""Questions about the asker's own pay or career, and HR administration, are told apart from questions about
incentive design and training (bot.answers.personal_advice). The examples were written for this test."""

import pytest

from bot.answers.personal_advice import personal_matters


@pytest.mark.parametrize("message, kind", [
    # one's own pay
    ("should I ask for a raise now that I'm using AI every day?", "pay"),
    ("kinda became the team's go-to AI person. does that mean im up for promotion this cycle?", "career"),
    ("does the company reimburse the coursera AI certificate? want to put it on my learning budget", "hr"),
    ("the copilot rollout is a mess and I'm thinking of quitting, what should I do", "career"),
    ("I'm honestly burned out and my manager keeps piling on work. What should I do?", "wellbeing"),
    # added with tests/qa/fresh6_dev.yaml: whose wellbeing is the person named last before the word
    ("the copilot rollout is burning me out, what do I do?", "wellbeing"),
    ("feeling completely exhausted since the AI pilot started, any advice?", "wellbeing"),
    ("my analyst fixes every AI draft by hand and she's getting burnt out, how do we share that work?", None),
    ("my agents are exhausted from checking each AI answer, what should we change?", None),
    ("i do twice the work since copilot. am i underpaid?", "pay"),
    ("do I get paid extra for being the team's AI champion?", "pay"),
    ("when do we get our pay rise this year?", "pay"),
    ("Finance analyst here, I automated half my reports with ChatGPT. Can I negotiate a higher salary?", "pay"),
    # one's own career
    ("should i learn prompt engineering or python to get promoted faster?", "career"),
    ("AI does half my job now. should I make a career change into data science?", "career"),
    ("which certification would help my career most, azure AI or AWS?", "career"),
    ("would knowing copilot well help me find a new job?", "career"),
    # HR administration
    ("how many days of sick leave can I take?", "hr"),
    ("quick one, where's the expense claim form for the AI conference?", "hr"),
    ("what's the parental leave policy for contractors?", "hr"),
    # added with tests/qa/declines_fresh9_dev.yaml: holiday days and carrying them over
    ("i still have 6 days of holiday, can my manager refuse them in december?", "hr"),
    ("they told me i can't carry my unused leave over into next year, is that right?", "hr"),
    ("which lessons of the hospital case carry over to a vet practice?", None),
    ("my manager rated me low for not using copilot, how do i appeal my rating", "hr"),
    # added with tests/qa/trial7_dev.yaml: what a role is paid is HR's, whoever asks
    ("what's the pay band for a prompt engineer in the data team?", "hr"),
    ("is there a salary range for the new AI product owner job?", "hr"),
    # incentive design, training and the guides' cases: none of them
    ("how do I raise adoption in my team?", None),
    ("should our bonus weighting include forecast accuracy?", None),
    ("how much of someone's incentive should be tied to AI adoption metrics?", None),
    ("we paid for copilot licences for everyone, how do we measure adoption?", None),
    ("I got a raise last year. How do we reward shadow work?", None),
    ("can promotion criteria reward AI-assisted outcomes?", None),
    ("how do we credit prompt libraries in promotion cases?", None),
    ("what should a new hire learn first about our AI tools?", None),
    ("my team thinks AI will change their job, how do we reassure them?", None),
    ("ops manager, 40 people on AI workflows now. my promotion case depends on what exactly?", None),
    ("how much time should staff get to learn the AI tool?", None),
    ("we're looking at an AI scribe for doctors' notes, what did the hospital case learn?", None),
    ("our AP team uses AI to check expense receipts, how do we measure its accuracy?", None),
    ("our team is overwhelmed by the AI rollout, how do we pace it?", None),
    ("nurses say checking the AI notes is extra work on top of their shift, what do we do?", None),
    ("should the range of rewards for champions include time off?", None),
    # added with tests/qa/declines_fresh5_dev.yaml: an offer of a new post, for the asker
    ("i've been offered a data role at the council, bigger AI budget. should i go?", "career"),
    ("we were offered a pilot slot by the vendor, how big should the pilot be?", None),
    # added with tests/qa/declines_fresh6_dev.yaml: leaving one's work for a new working life
    ("thinking about selling my cafe business and retraining as an AI consultant. sensible?", "career"),
    ("should i go freelance now that clients want AI help?", "career"),
    ("we sell our franchise model to partners, how do we get their staff to use the AI ordering tool?", None),
    # added with tests/qa/declines_fresh7_dev.yaml: a post named in three words
    ("ive been offered an in-house insights lead role at a retailer. should i take it?", "career"),
    # added in session 24: asked in the asker's shoes ("would you take it?")
    ("honest q, ive been offered a lead role at a bank. more money, less variety. would you take it?", "pay"),
    ("a rival firm offered me a data lead job, fully remote. would you accept the offer?", "career"),
    ("vendor offers us a 3 year deal on copilot seats at a discount. would you take it?", None),
])
def test_personal_questions_are_told_apart_from_incentive_design(message, kind):
    assert personal_matters(message) == ([kind] if kind else [])


@pytest.mark.parametrize("message, where", [
    ("should I ask for a raise now that I'm using AI and doing twice the work?", "your manager or HR"),
    ("honestly should i learn prompt engineering or python to get promoted faster", "your manager or HR"),
    ("the copilot rollout is going well. how many days of sick leave can I take?", "your manager or HR"),
    ("is it legal in Germany to track each employee's AI usage individually?", "legal team or data protection officer"),
])
def test_personal_and_legal_questions_are_declined_with_where_to_go_instead(kb, message, where):
    answer = kb.answers.ask(message)
    assert answer.kind == "out_of_scope" and not answer.answered
    assert where in answer.text
