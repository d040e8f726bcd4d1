"""Things asked in the asker's words are searched with the name the guides file them under (bot.answers.guide_labels).

The examples were written for this test."""

import pytest

from bot.answers.guide_labels import names_passage, with_guide_labels
from bot.answers.searched import as_searched


@pytest.mark.parametrize("message, label", [
    # a pilot's verdict
    ("the booking model pilot wrapped up. staff like it but no-shows barely moved. does that actually pass?",
     "pilot success criteria"),
    ("six week pilot of the drafting tool, people love it but response times are flat. can we call it a win?",
     "pilot success criteria"),
    ("we trialled the route assistant on two depots. can I call the trial a success so we get budget?",
     "pilot success criteria"),
    ("our chatgpt pilot ends next month. how do we tell whether it actually worked?", "pilot success criteria"),
    ("the scanning pilot runs till june. what has to be true for it to count as a pass?", "pilot success criteria"),
    ("setting up a pilot of claude for minutes. what has to be true at the end for us to say it worked?",
     "pilot success criteria"),
    ("how long do we run the pilot before we decide go/no go?", "pilot success criteria"),
    # revenue not moved yet, read as failure
    ("5 months into the pricing assistant and revenue hasnt budged. finance says it flopped. is that normal?",
     "soft ROI and hard ROI"),
    ("the exec team asks why the chatbot hasn't moved sales yet. usage is great. are we failing?",
     "soft ROI and hard ROI"),
    ("income has not really moved since we started with gemini. what should i show the trustees instead?",
     "soft ROI and hard ROI"),
    # the live AI producing rubbish, and the people on shift
    ("the dispatch model goes live next week. if it starts spitting out rubbish at 2am what does on-call do?",
     "runbook"),
    ("what should the night team do when the pricing tool starts pushing silly prices?", "runbook"),
    # work the AI does partly alone, partly checked by a person
    ("the assistant closes a third of the tickets by itself and drafts another third for an agent to check. one number "
     "or two?", "task automation rate"),
    ("how do i count invoices it matches alone vs ones a clerk re-checks? counted the same or separately?",
     "task automation rate"),
    # going against the AI, and whether it should count against someone
    ("if a planner overrides the forecast and the model was right, should that count against her?",
     "rewards and penalties"),
    ("ops wants consequences for dispatchers who ignore the AI's route suggestion. fair?", "rewards and penalties"),
    # prompts someone built, and the credit
    ("two of my paralegals built a prompt library in their own time and it isn't in anyone's goals. how should it "
     "count?",
     "prompt engineering as hidden work"),
    # one's own key result judged weak
    ("my KR says 'use copilot in every proposal' and my boss says it's weak. what's missing?",
     "writing a good AI key result"),
    # one's own survey answers seen or traced
    ("HR is running the pulse survey. is it actually anonymous or can they see what i put?",
     "how survey answers are kept anonymous"),
    # what the coach keeps of what one types
    ("if i mention a client's name in a question, does the coach keep that?", "what data the coach stores"),
    # a model right for a long time and now off
    ("the demand model was spot on for months but since the new stores opened it's way off. known thing?",
     "model drift"),
    # a leaderboard of usage
    ("we put up a leaderboard of copilot prompts per person and usage doubled but the work is no better. why?",
     "poorly designed metrics invite gaming"),
    # the old system taken up without fuss, the AI tool not
    ("why did everyone move to the new ERP without a fuss but half the team still ignores claude?",
     "why the adoption problem is getting worse: AI is optional"),
    # afraid of blame, hiding it
    ("my clerks are scared they'll get blamed if the AI gets a figure wrong, so they won't touch it. what helps?",
     "psychological safety"),
    # what moves people other than pay
    ("no bonus budget this year. what else actually moves people to use the tool?",
     "the five levers employees respond to"),
    # a target of perfection
    ("my boss wants a key result of 100% accurate routing from the model. how do i talk him down?",
     "ambitious yet achievable"),
    # every idea piloted at once
    ("the workshop came up with 14 ideas. can we pilot the lot at once?", "how to pick 3 to 5 pilot use cases"),
    # a role the mapping table has no section for, judged on a count the AI now does
    ("our dispatchers are scored on loads booked per day and the AI books most of them now. what should we measure "
     "them on instead?", "how to map incentives for other roles"),
    # a risk score people shrug at
    ("the churn model gives each account a risk score and the account managers just shrug at it. what's missing?",
     "predictive maintenance takeaway: action-oriented guidance"),
    # checking as long as doing
    ("checking the AI's draft minutes takes my clerks nearly as long as writing them. normal?",
     "validation and review of AI output"),
    # opened once by many, daily by few
    ("most of the sales floor logged in exactly once, but two teams use it daily. how do i read that?",
     "adoption by department"),
    # personal details into a personal account
    ("one of my nurses pasted patient names into her own personal chatgpt to write a letter. how bad is that?",
     "regulatory or privacy breaches"),
    # everyone at once, and backing out
    ("we're giving the reply drafter to everyone next week. how do we back out fast if it misbehaves?",
     "canary releases and rollback criteria"),
    # where AI helps, worked out first
    ("before picking pilots i want to work out where AI actually helps. how would you run that?",
     "one-week discovery sprint"),
    # a key result overtaken by events
    ("our KR assumed the old model. can we change it mid-quarter or is that cheating?",
     "agility and flexibility in AI OKRs"),
    # what users do when it is wrong
    ("the scanner model mislabels parts now and then and my inspectors fix them in a side spreadsheet. what should "
     "they be doing instead?", "end users and domain experts"),
    ("if the AI flags an invoice, do i have to follow it or do i still decide?", "end users and domain experts"),
    # no reason given
    ("the tool flags risky orders but gives zero explanation, so buyers ignore it. what should it show?",
     "transparent AI outputs"),
    # the system it writes into went down
    ("the AI posts orders straight into the ERP. the ERP was down for 3 hours and everything stalled. what now?",
     "when the downstream system is down"),
    # a small team's survey
    ("our team is only 4 people. will we see anything from the pulse survey?", "minimum response threshold"),
    # added with tests/qa/fresh13_dev.yaml: a perfection target in other words, pay reworked in one go, backing out
    # of a tool tried on a few people first, and the reviews after it went live
    ("the board wants 'zero late deliveries' as the routing model's key result. sensible goal?",
     "ambitious yet achievable"),
    ("we want an AI element in the drivers' bonus. do we redo the whole scheme in one go?",
     "how to stage incentive changes"),
    ("how do we turn the review bot on for a handful of devs first and yank it if it misbehaves?",
     "canary releases and rollback criteria"),
    ("the demand model was brilliant at predicting footfall last summer. since the new store opened it cries wolf.",
     "model drift"),
    ("the wave model was spot on through the winter but its skill has slipped since april. what's going on?",
     "model drift"),
    ("planners don't trust Tide's forecasts, it gives a number and no why. what should it show them?",
     "transparent AI outputs"),
    ("my underwriters worry the pricing model will replace them. how do we split the work between them and the AI?",
     "augmentation, not replacement"),
    ("the trust has a system-wide goal on waiting times. how do i tie my ward's AI goals into that?", "OKR levels"),
    ("how do our branch OKRs roll up into the group-wide ones?", "OKR levels"),
    ("the board wants to trial copilot on 12 things at once across the firm. too many?",
     "how to pick 3 to 5 pilot use cases"),
    ("finance says the AI rollout failed because billings haven't moved since march. is that normal?",
     "soft ROI and hard ROI"),
    ("the scheduling model went live last month. what check-ins should we book after launch, and who comes?",
     "post-deployment checkpoint"),
])
def test_what_is_asked_gets_the_guides_name_for_it(message, label):
    assert f"({label})" in with_guide_labels(message)
    assert f"({label})" in as_searched(message)  # in the one chain of rewrites


@pytest.mark.parametrize("message", [
    "the rollout went live in march, can we call it a success?",  # no pilot: the post-launch reviews answer it
    "what are the success criteria for the pilot?",  # names them already
    "how do we pick the pilot team?",  # no verdict asked
    "trial batches barely moved. why?",
    "does it pass the security review before the pilot?",  # passing something else
    "sales went up 10% after the rollout, how do we attribute it?",  # moved
    "revenue hasn't moved. is that normal or should soft ROI carry it?",  # names ROI already
    "what if the model starts giving weird answers?",  # no one on shift: a risk, not the runbook
    "what should the runbook say for the night shift if it starts producing garbage?",  # names it already
    "what's the automation rate target for support?",  # names it already
    "should we review the AI tool's licences every quarter?",  # no one going against the AI
    "where do we keep our prompt library?",  # no credit asked about
    "what does a good OKR for adoption look like?",  # no key result of one's own judged
    "we ran an anonymous survey and got 40 answers. what's a good response rate?",  # anonymity told, not asked
    "does the model keep improving after launch?",  # not the coach keeping what one types
    "the model is wrong now and then. should people correct it in the tool?",  # no time it was right
    "the pilot was brilliant through the summer. should we roll it out since it went so well?",  # not worse since
    "how do we stop people gaming the adoption KPIs?",  # names it already
    "people are scared AI will take their jobs. how do we talk about it?",  # not afraid of blame or mistakes
    "what does a 100% adoption target look like in practice?",  # no key result or goal of perfection for the AI
    "we want to pilot copilot in finance first. what should the pilot measure?",  # one pilot
    "my support agents are scored on tickets closed. what should we measure them on instead?",  # the table's own role
    "reviewing the survey results takes a while. who can see them?",  # not as long as doing the work
    "we're rolling the tool out to everyone in may. how do we train them?",  # no backing out asked
    "TAM or UTAUT for a team of 25 agents?",  # not a small team
    "copilot was down yesterday, is that normal?",  # nothing it writes into stalled
    "we went from zero to 60% adoption in a year. what target next?",  # from zero: no perfection asked
    "should we stage the bonus change in one go or phase it?",  # names it already
    "what reviews should we hold before the launch?",  # before going live, not after
    "how do we split the licence cost between departments?",  # no work shared with the AI
    "how do i tie our AI key results to a revenue number?",  # not into the company's goals
    "we want to measure ten things at once in the KPI dashboard. is that too many?",  # no pilot or trial of ideas
])
def test_other_messages_are_left_as_they_are(message):
    assert with_guide_labels(message) == message


# added in session 24
def test_a_label_names_the_passage_whose_headings_or_text_hold_its_words():
    searched = with_guide_labels("the model went live in may. what check-ins do we need after launch, and who comes?")
    heading = "AI Integration Points › Post-deployment checkpoint: 30/60/90-day reviews, surveys and retrospectives"
    assert names_passage(searched, heading, "Reviews at 30, 60 and 90 days.")
    assert not names_passage(searched, "AI Integration Points › Pre-deployment checkpoint", "Canary releases.")
    # words in brackets that are no label of the guides' name nothing
    assert not names_passage("Beacon (our hotspot model) went live", "Our hotspot model", "")



# a case study's results asked for: its "outcomes" (moved here from bot.answers.case_outcomes in session 22)
@pytest.mark.parametrize("message", [
    "nurse manager on the scribe pilot. what did the hospital in your case study actually get out of it?",
    "any case studies on AI for clinical notes? what results did they get",
    "Any examples of hospitals using AI for clinical documentation? what results did they get",
    "is there a real example somewhere of AI sorting incoming cases into the right queue? what numbers did they get",
])
def test_a_case_s_results_asked_for_are_its_outcomes(message):
    assert "(outcomes)" in with_guide_labels(message)


@pytest.mark.parametrize("message", [
    "how do we measure results of the pilot?",  # no case
    "give me an example OKR with numbers",  # an example asked for, not a case told
    "in case the numbers drop, what do we do?",
    "what numbers go in the business case?",
    "what were the outcomes in the claims case?",  # says it already
    "what went wrong in the factory case study?",  # asks for something else of the case
])
def test_other_case_messages_are_left_as_they_are(message):
    assert with_guide_labels(message) == message


# one's best people dropping the tool: "high performers" (moved here from bot.answers.high_performers in session 22)
@pytest.mark.parametrize("message, marked", [
    ("my two strongest underwriters have quietly stopped using the AI risk summariser. what's going on",
     "my two strongest underwriters (high performers)"),
    ("our most experienced planners gave up on the scheduling assistant after a month, why?",
     "our most experienced planners (high performers)"),
    ("my best analyst now looks slower than everyone on reports per week since she started with copilot",
     "my best analyst (high performers)"),
    ("my top people went back to the old spreadsheets", "my top people (high performers)"),
])
def test_the_asker_s_best_people_dropping_the_tool_are_the_guides_high_performers(message, marked):
    assert marked in with_guide_labels(message)


@pytest.mark.parametrize("message", [
    "our best engineers use it every day, how do we spread it?",  # nobody dropping anything
    "what are the best practices for a pilot? we stopped the last one",
    "why does shadow work tax high performers? my best testers stopped",  # says it already
    "which is the best option for the team now that we stopped the pilot?",
    "adoption went slower than planned. what is the best indicator to watch?",  # a thing, not a person
])
def test_other_messages_about_one_s_best_people_are_left_as_they_are(message):
    assert with_guide_labels(message) == message
