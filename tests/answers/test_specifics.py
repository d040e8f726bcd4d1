"""Questions about the organisation's own facts are told apart from general ones (bot.answers.specifics).

The examples were written for this test."""

import pytest

from bot.answers.specifics import benchmark_missing, evidence_present, expected_type


@pytest.mark.parametrize("question, kind", [
    ("who is our AI CoE lead?", "person"),
    # added with tests/qa/declines_fresh10_dev.yaml: the company's rule, a professional body's code of conduct
    ("are the brewers allowed to use copilot on the shared PC? nobody told us what the company rule is", "decision"),
    ("does the MRS code of conduct let us put respondents' verbatims through claude?", "decision"),
    ("quick one, are the drivers allowed to use gemini on the shared depot tablet or not?", "decision"),
    # added in session 24: where our data is kept, asked with a word of hosting
    ("the route model's data sits on council servers or the supplier's cloud? where is it actually kept?", "location"),
    ("where is our claims data physically stored, in an EU data centre or in the US?", "location"),
    # added with tests/qa/fresh12_dev.yaml and declines_fresh9_dev.yaml: whether our own body allows it, how many
    # people are on a tool today, what a team here hit last quarter, the company's own objective this quarter
    ("does our trust actually permit gemini on anything with patient names in it?", "decision"),
    ("do my employers ban claude for drafting client letters?", "decision"),
    ("ballpark, how many staff in the group are using copilot currently?", "our_figure"),
    ("what usage did the north depot team hit on chatgpt last month?", "our_figure"),
    ("so what's the company's main AI goal this year? nobody has told us", "our_figure"),
    # added with tests/qa/fresh7_dev.yaml: who does a post here, and a tool turning up here
    ("who's the director sponsoring our bank's genai work? need a sign-off", "person"),
    ("who is heading up our copilot rollout in finance?", "person"),
    ("when is claude getting turned on for the legal team? the date keeps slipping", "date"),
    ("when are the ai assistant seats for nursing going live?", "date"),
    ("has the trust decided whether the scribe pilot carries on after march?", "decision"),
    ("have our regional directors agreed on which stores get the tool first?", "decision"),
    # added with tests/qa/fresh6_dev.yaml: a past result named by its month, and licences landing
    ("what did the night shift score on the AI pulse survey HR sent round in october?", "our_figure"),
    ("what was the warehouse team's result on the copilot survey in Q2?", "our_figure"),
    ("any idea when the extra Gemini licences for the collections team are landing?", "date"),
    ("who is actually our AI lead? i have a use case to pitch", "person"),
    ("when are the copilot licenses for the marketing team supposed to arrive?", "date"),
    ("When does the ChatGPT Enterprise rollout actually reach the finance team?", "date"),
    ("how many copilot licences do we still have unassigned?", "our_figure"),
    ("how many Copilot seats did we actually end up buying for the finance org?", "our_figure"),
    ("want to try Perplexity for research, who approves new AI tools here, Legal or the CISO?", "person_in_org"),
    ("did leadership sign off on the bigger AI budget for next FY or is it still stuck?", "decision"),
    ("What's the AI budget for marketing next fiscal year?", "amount"),
    ("what's our company's policy on pasting customer data into ChatGPT?", "decision"),
    ("What's our firm's policy on putting client documents into ChatGPT?", "decision"),
    ("we want to try Gemini for meeting notes. is it allowed here?", "decision"),
    ("who's the exec sponsor for the genai program?", "person"),
    ("when is the next copilot training?", "date"),
    ("what is our AI budget for next year?", "amount"),
    ("which assistant did we pick for the service desk?", "decision"),
    ("how many licences have been activated so far?", "our_figure"),
    # added with the fourth batch of tests/qa/declines_informal.yaml
    ("what's our current weekly usage number in the support team?", "our_figure"),
    ("how many reps logged into the forecasting assistant last month?", "our_figure"),
    ("did the works group agree the pilot scope yet?", "decision"),
    ("has the board approved the AI policy in the end?", "decision"),
    ("how much funding was approved for the pilot?", "decision"),
    ("who approves new AI vendors in our organisation?", "person_in_org"),
    # added with tests/qa/tools_named.yaml: whether something is allowed here is the organisation's policy
    ("are we allowed to paste contracts into gemini at our firm?", "decision"),
    ("is the meeting recorder approved for use in my organization?", "decision"),
    # added with tests/qa/roles_context.yaml
    ("what's our region's current first-contact resolution share?", "our_figure"),
    # added with tests/qa/newcomer.yaml: what the organisation's own policy says
    ("can I upload client files to the assistant under our data policy?", "decision"),
    ("what does the company's AI usage policy say about recordings?", "decision"),
    ("is sharing prompts outside the team ok per our guidelines?", "decision"),
    # added with tests/qa/declines_adjacent.yaml
    ("who in the sales team uses the assistant the most?", "person_in_org"),
    ("who in our company has the most prompts saved?", "person_in_org"),
    ("who has the highest adoption rate?", "person_in_org"),
    ("how much did the pilot cost last quarter?", "amount"),
    # added with tests/qa/scenes_dev.yaml: whether someone here has cleared something
    ("has our company approved Claude for client data?", "decision"),
    ("has the legal team already signed off on the meeting recorder?", "decision"),
    # added with tests/qa/declines_informal.yaml: the organisation's own plan
    ("which departments are in the first wave of the copilot rollout?", "decision"),
    # added with tests/qa/fresh3_dev.yaml: when something in this organisation's plan turns up, asked plainly
    ("when are the new assistant seats for the warehouse arriving?", "date"),
    ("when will gemini be available for the sales floor?", "date"),
    ("any idea when the chatgpt licences are landing for legal?", "date"),
    # added with tests/qa/fresh4_dev.yaml: how many of something were handed out here
    ("how many gemini seats were bought for the branches in 2027?", "our_figure"),
    ("how many licences have been assigned to the registry team?", "our_figure"),
    # any product the tool-name list knows turns up here the same way
    ("when will perplexity be available for the research team?", "date"),
    # added with tests/qa/trial8_dev.yaml: the organisation's own list ("need to know" is no request for advice)
    ("what is our city's approved list of AI tools? need to know if chatgpt is allowed for letters", "decision"),
    ("where do I find our approved AI apps?", "decision"),
    # added with tests/qa/fresh5_dev.yaml: who holds a post here, a budget someone here was given, a score from a
    # past round here
    ("who's actually in charge of AI at our company? need a name", "person_in_org"),
    ("how much budget has the newsroom got for the Gemini rollout next year?", "amount"),
    ("how much money did the service desk get for the assistant?", "amount"),
    ("what was the fundraising team's score on last month's AI pulse survey?", "our_figure"),
    ("what did finance score on this quarter's eNPS?", "our_figure"),
    # added with tests/qa/fresh8_dev.yaml: a sum someone here set aside
    ("how much have the ops directors allocated for the copilot pilot?", "amount"),
    ("how much did facilities set aside for AI training this year?", "amount"),
    # added with tests/qa/declines_fresh5_dev.yaml: who did something here, someone here clearing it, a team's
    # budget named with an apostrophe, the rollout order here, how many of ours have done something
    ("who actually approved the claims team using claude?", "person_in_org"),
    ("who in the council's data office is the owner of the copilot pilot?", "person_in_org"),
    ("did our works council ever okay the meeting transcription?", "decision"),
    ("whats the warehouse team's budget for the picking assistant?", "amount"),
    ("which of our depots gets the route planner first?", "decision"),
    ("which store is getting the forecasting assistant next?", "decision"),
    ("how many nurses on my ward have already completed the scribe training?", "our_figure"),
    # added with tests/qa/declines_fresh6_dev.yaml: who really holds a post here, how many of ours use or hold
    # something today, our rule on something, whether it is banned here
    ("who really runs the chatbot rollout at our clinics? i need a name to chase", "person_in_org"),
    ("how many of our planners are currently using the scheduling assistant?", "our_figure"),
    ("how many people in my department have a licence for copilot?", "our_figure"),
    ("how many of my agents use claude at the moment?", "our_figure"),
    ("what's our firm's rule on using chatgpt for client letters?", "decision"),
    ("is gemini banned here for anything with customer data in it?", "decision"),
    # added with tests/qa/declines_fresh7_dev.yaml and fresh10_dev.yaml: licences or seats the organisation holds,
    # someone at a named kind of organisation, who decides here, what our rule or policy says, a check run here
    ("how many copilot licences has the practice actually paid for??", "our_figure"),
    ("how many chatgpt enterprise seats does our dealer group have left?", "our_figure"),
    ("who at the council actually signed the contract for the route model?", "person_in_org"),
    ("do we need our own budget line? who decides that here?", "person_in_org"),
    ("what does our AI policy actually say about client drawings?", "decision"),
    ("nobody at group has ever told us what our rule is", "decision"),
    ("is there a practice rule on that?", "decision"),
    ("did our fermentation model ever actually get its security review?", "decision"),
    ("has the company done the privacy assessment for copilot?", "decision"),
    ("does the dealer group let advisors paste customer names into chatgpt enterprise or not??", "decision"),
    # added with tests/qa/declines_fresh8_dev.yaml and fresh11_dev.yaml: counts, deals, posts and policies here
    ("how many of our funeral arrangers across the branches have actually activated their copilot licence so far?",
     "our_figure"),
    ("who signed the contract for the sensor data feed that the fault model runs on?", "person_in_org"),
    ("whos the actual person on the MLOps side who owns the retraining? need a name to ping", "person_in_org"),
    ("did the regional director approve chatgpt enterprise for the commercial team as well?", "decision"),
    ("is there an official list of which clubs are in the churn model pilot?", "decision"),
    ("does our institute's research integrity policy allow putting draft reports into claude?", "decision"),
])
def test_organisation_facts(question, kind):
    assert expected_type(question) == kind


@pytest.mark.parametrize("question", [
    "what does the code of conduct for champions in the guides cover?",
    "are managers allowed to use the survey results in performance reviews?",  # the coach's surveys
    # where data is kept, asked of the coach's own survey answers or without a word of hosting
    "where is it actually kept and can my manager see it?",
    "where are the corrected labels kept for retraining?",
    "who is the business owner in an AI rollout?",
    "how many KPIs do we have to track?",
    "what should our AI usage policy cover?",
    "leadership wants proof our Copilot spend pays off and revenue hasn't moved - do we lead with soft ROI or hard ROI?",
    "people spend ages double checking what copilot writes and none of it shows up in their targets. what do we do?",
    "what's a typical budget for an AI pilot?",
    "does this bot know stuff like our AI budget or how many licences we have, or only whats in the guides?",
    "how did the insurer decide which claims to route to adjusters?",
    "how many hours did clinicians save per week in the hospital case?",
    "who should approve a new AI tool?",
    "how do we get a pilot approved by the steering group?",
    "what adoption rate should a department reach in the first year?",
    "how much budget should a first pilot have?",
    "is a usage count allowed as a key result?",
    "who signed off the success criteria in the factory case study?",
    "how many people should have activated the tool so far?",
    "did the business owner in the insurer's case approve the routing rules?",
    "who is the right person to own the copilot rollout, IT or the business?",  # which role, in general
    "how do we measure our current forecast accuracy?",
    "how many licences should be allocated to each pilot team?",
    # when results show is how long value takes, which the guides discuss, not a date in this organisation's plan
    "when will the benefits of AI show up in our numbers?",
    # "this adoption coach" names the bot, not a figure of ours
    "for our data-protection file: what does this adoption coach keep about staff?",
    "which checks must pass before an AI tool is approved for production?",
    "is the governance policy followed when we scale?",
    "what should an AI usage policy cover?",
    "who has the most to gain from AI incentives?",
    "how much should a first pilot cost?",
    "who on the rollout team looks after access and security?",
    "how do we get our legal team to approve an AI tool?",
    "which teams should be in the first pilot?",
    "which roles are in the incentive mapping table?",
    "when is a pilot ready to scale?",
    "when does the pilot phase end?",
    "when will the survey results be available?",
    "how much budget does a first pilot need?",
    "what is a good eNPS score for this year's survey?",
    "what was the adoption rate in the claims case?",
    "who is in charge of the AI rollout in the framework?",
    "what did the insurer's claims team score on handling time after the pilot?",
    "what is a good eNPS score in q1 of a rollout?",
    "what did the analyst score in decision accuracy in the case?",  # "dec…", "mar…": words, not months
    "what were the results in marketing for the pilot in the case study?",
    "who should be leading our AI rollout?",
    "who is leading the data work in a pilot, per the framework?",
    "when is a model going live supposed to get its security review?",
    "how does a steering group decide whether a pilot continues?",
    "how much should we have budgeted for the pilot's training time?",
    "how much has adoption grown in the manufacturing case?",
    "who approves a model before it goes to production?",  # a role, asked in the present
    "who on the rollout team is responsible for the data pipeline?",
    "which team should get the tool first?",
    "which teams get the most out of AI assistants first?",  # no rollout order named: "first" with no site word
    "how many of my reps have to use it before we call it adopted?",
    "did our pilot meet its success criteria, how do we check?",
    "who approved the routing changes in the insurer's case?",  # the guides' case study, not this organisation
    "who at the hospital's clinic signed the notes in the scribe case study?",
    "who should really own the model once it is live?",
    "how many of our people need to be using it before we call it adopted?",
    "how many of our staff are using it is the adoption rate, so how do we calculate it?",
    "how many KPIs does the framework say to track right now, in the pilot?",
    # the coach asked whether it invents such facts: its own guide answers (tests/qa/fresh10_dev.yaml)
    "if i ask you about our own commission rules will you just make something up?",
    "how many licences does a pilot team need?",
    "who at the insurer in the case study decided the routing?",
    "what does the framework say about the security review before go-live?",
    "what should our AI policy say about client data?",
    "did the insurer in the case get a privacy review before launch?",
    "should the company let people choose their own AI tools?",
    # the coach's own surveys and the guides' measures, and what a case study's team reached
    "does our survey allow anonymous answers from small teams?",
    "do our KPIs permit a target below the benchmark in year one?",
    "how many people should be using it currently, at the pilot stage?",
    "what accuracy did the claims team in the case reach?",
    "what is the company's objective in the worked OKR example?",
])
def test_general_questions_are_not_about_the_organisation(question):
    assert expected_type(question) is None


def test_the_organisation_s_policy_is_answered_only_from_a_document_that_states_it():
    assert evidence_present("decision", "Staff must not paste customer records into public chatbots.")
    assert evidence_present("decision", "Employees are allowed to use the approved assistant for client work.")
    assert not evidence_present("decision", "Phase 6 succeeds when the governance policy is being followed.")


def test_where_our_data_is_kept_is_answered_only_from_a_document_that_says_where():
    assert evidence_present("location", "Copilot data for our tenant is stored in the EU data boundary.")
    assert evidence_present("location", "Route and GPS data are hosted on the supplier's cloud in the UK region.")
    assert not evidence_present("location", "Agree where corrected labels from users will be kept for retraining.")


def test_a_post_in_the_organisation_is_answered_from_a_name():
    assert evidence_present("person_in_org", "New AI vendors are approved by Dana Okafor, our CISO.")
    assert not evidence_present("person_in_org", "The business owner approves new tools for the rollout.")


def test_a_job_title_is_not_a_name():
    # the guides name posts, never people: "who's the AI champion for finance here?" found this sentence first
    assert not evidence_present("person", "Companies appoint leaders such as a Vice President of AI Operations.")
    assert not evidence_present("person", "It reports to the Chief Data Officer every month.")
    assert evidence_present("person", "Our AI champion for finance is Maria Lopez.")


@pytest.mark.parametrize("question", [
    "what eNPS score counts as good?",
    "is 30 considered a healthy adoption rate?",
    "what's a good eNPS score for a tech company?",
])
def test_a_question_about_what_counts_as_good_needs_a_value_to_aim_for(question):
    formula = "The eNPS score is the share of promoters minus the share of detractors. It ranges from -100 to +100."
    benchmark = "The typical benchmark for employee adoption rate is 60-80% active adoption within 6-12 months."
    assert benchmark_missing(question, formula)
    assert not benchmark_missing(question, benchmark)


def test_other_questions_need_no_benchmark():
    assert not benchmark_missing("how is eNPS calculated?", "It ranges from -100 to +100.")
    assert not benchmark_missing("what makes a key result a good one?", "A key result is a number.")


def test_a_benchmark_the_guides_do_not_give_is_not_answered_with_the_formula(kb):
    answer = kb.answers.ask("what eNPS score counts as good?")
    assert not answer.answered and answer.kind == "unknown"
    assert kb.answers.ask("what's a good result for adoption?").answered
