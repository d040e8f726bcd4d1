"""Requests for work are told apart from how-to questions (bot.answers.work_requests).

The examples were written for this test; the how-to questions are about the knowledge base's own topics, which
must never be taken for a request."""

import pytest

from bot.answers.work_requests import work_request


@pytest.mark.parametrize("message, kind", [
    # writing
    ("Write me an email to my team announcing the Copilot pilot", "writing"),
    ("can you draft a LinkedIn post about our AI week?", "writing"),
    ("Could you please compose a short note thanking the champions?", "writing"),
    ("I need you to write three OKRs for my support team", "writing"),
    ("I'd like you to draft the objectives for my team's Q4 OKRs", "writing"),
    ("hey coach, rewrite this paragraph so it sounds friendlier: 'All staff must use the tool.'", "writing"),
    ("could you reword this so it's less formal", "writing"),
    ("Please proofread my announcement before I send it", "writing"),
    ("could you check my email below for typos?", "writing"),
    ("Make me a slide deck for Monday's leadership sync", "writing"),
    ("Could you put together a presentation on the six phases for my VP?", "writing"),
    ("make us a checklist we can print for the canary release", "writing"),
    ("Please create an image of a robot helping an accountant", "writing"),
    ("help me draft a message to managers about the survey", "writing"),
    ("can you help me write a job description for an AI champion?", "writing"),
    ("Would you mind writing a welcome email for new pilot users?", "writing"),
    ("pls write up a status update for my manager on our AI pilot", "writing"),
    ("can u write a message to my team", "writing"),
    ("Can you fill in this survey for me?", "writing"),
    ("I'm a team lead in finance. We just finished our pilot. Can you write the wrap-up email to the sponsors?",
     "writing"),
    ("Our ops team is drowning in tickets. We'd love an announcement for the new triage bot. Could you draft one?",
     "writing"),
    # translation
    ("Translate this into German please", "translation"),
    ("can you translate the survey questions to Spanish?", "translation"),
    ("I need someone to translate our FAQ for the Lyon office", "translation"),
    ("How do you say 'adoption rate' in Korean?", "translation"),
    ("Could I get this in French?", "translation"),
    ("the shadow work section in Italian please", "translation"),
    # code
    ("Fix this Python script, it throws a KeyError", "code"),
    ("can you debug my SQL query? it returns duplicates", "code"),
    ("Give me a SQL query that lists inactive licence holders", "code"),
    ("What's wrong with my Excel formula? =COUNTIF(A:A,\">0\"", "code"),
    ("```\nfor u in users: print(u.name\n```\nwhy doesn't this work", "code"),
    ("Why does this script fail when the file is empty?", "code"),
    ("Can you convert this Python loop to a list comprehension?", "code"),
    ("Debug this: TypeError: 'NoneType' object is not subscriptable", "code"),
    ("can you review my SQL before I run it on prod?", "code"),
    # summary
    ("Summarise this document for me", "summary"),
    ("can you summarize the attached report in 5 bullets?", "summary"),
    ("Give me a summary of this thread", "summary"),
    ("tl;dr this article please", "summary"),
    ("Summarize the meeting notes I pasted above", "summary"),
    # booking
    ("Book me a meeting room for Thursday at 2", "booking"),
    ("Can you schedule a call with the AI champions next week?", "booking"),
    ("Can you set up a 30 minute sync with Priya and Tom?", "booking"),
    ("Send a reminder to my team about the survey", "booking"),
    ("remind me to fill in the pulse survey on Friday", "booking"),
    # lookup
    ("When is the company offsite this year?", "lookup"),
    ("What date is the summer party?", "lookup"),
    ("When's the Christmas party?", "lookup"),
    ("Where is the all-hands taking place?", "lookup"),
    ("Who is speaking at the AI summit next month?", "lookup"),
    ("find me the date of the next town hall", "lookup"),
    ("find me the recording of last week's lunch and learn", "lookup"),
    ("Can you look up who owns the Copilot budget?", "lookup"),
    ("Which room is the next AI office hour in?", "lookup"),
    ("What's the agenda for the Q3 offsite?", "lookup"),
    ("How do I register for the AI hackathon?", "lookup"),
])
def test_requests_for_work_are_recognised(message, kind):
    assert work_request(message) == kind


@pytest.mark.parametrize("message", [
    "How do I write a good OKR?",
    "What should a good survey question look like?",
    "tips for drafting a prompt",
    "what does a good key result look like for an AI project?",
    "How should we word the announcement for the pilot?",
    "What makes a good kickoff email?",
    "What should I put in the announcement email for the pilot?",
    "how should I explain the incentive change to my team in an email?",
    "how do we write success criteria for a pilot?",
    "Is there a template for the readiness assessment?",
    "What's a good template for an AI OKR?",
    "Should I write OKRs per team or per person?",
    "we're drafting our first AI OKRs - what are common mistakes?",
    "Draft OKRs are due Friday. What's the best way to set a baseline?",
    "Write-ups take forever. Any tips on using AI for reports?",
    "We wrote OKRs last quarter but nobody tracked them. What went wrong?",
    "I'm writing a proposal for leadership. Which KPIs convince a CFO?",
    "How do we translate adoption goals into KPIs?",
    "How do we translate the OKR framework to a small team?",
    "We translated the survey into French last month. How do we compare results across languages?",
    "Should we run the survey in English or in the local language?",
    "Can you explain the difference between leading and lagging indicators?",
    "Can you tell me how to measure time saved?",
    "Can you give examples of gaming a metric?",
    "Can you give me tips on writing a prompt for meeting notes?",
    "can you make the case for incentives over training?",
    "Could you explain how the anonymity of surveys works?",
    "Help me understand how the incentive scheme works",
    "Give me an example of a good adoption KPI",
    "How do we summarise survey results for leadership?",
    "How do I summarise the magic three KPIs for my boss?",
    "Can you summarise the incentive guidelines?",
    "How do we fix low adoption in the sales team?",
    "How do I get my code assistant to follow our style guide?",
    "Our code review backlog grew after the rollout. How do we fix this code review bottleneck?",
    "how can I check whether the incentive audit is right?",
    "How can managers check the quality of AI-written reports?",
    "How do we review our OKRs mid-quarter?",
    "Should we review the metrics every quarter?",
    "What's the best way to create a prompt library?",
    "Any advice on creating a survey for engineers?",
    "How do we design a fair incentive for champions?",
    "How do we make our AI champions programme stick?",
    "How should we schedule the phase 1 training sessions?",
    "How do we schedule training during busy season?",
    "When should we start phase 2?",
    "When does the pilot phase end?",
    "When is the right time to scale a pilot?",
    "When is a pilot considered successful?",
    "What should the kickoff meeting for phase 1 cover?",
    "What is a third-party tool policy?",
    "Where do I find the KPI definitions?",
    "Where does the bot get its answers from?",
    "Is the bot able to write emails?",
    "Do you answer questions about incentives?",
    "How do I send feedback about a wrong answer?",
    "What does the case study say about reviewing documents with AI?",
    "My team ignores the AI tool. What's the smallest change I can make?",
    "how do I pick 3 to 5 pilot use cases?",
    "is it ok to make AI use mandatory?",
])
def test_how_to_questions_are_not_requests_for_work(message):
    assert work_request(message) is None


@pytest.mark.parametrize("message, kind", [
    ("Our pilot ended on Friday and the numbers look good.\nPlease draft an announcement for the wider company.",
     "writing"),
    ("Here is the text for the intranet:\n> AI tools are now available to every team.\nCould you put it into Dutch?",
     "translation"),
    ("Here is the text for the intranet:\n> AI tools are now available to every team.\nTranslate it to Dutch",
     "translation"),
    ("My prompt was:\nWrite me a summary of the call with action items\nHow do I make it more reliable?", None),
    ("We started using the Translate button in Teams. How do we count that as AI use?", None),
    ("```\nSummarise this transcript in 5 bullets\n```\nhow can I make this prompt give shorter answers?", None),
    ("```\ndf = pd.read_csv(path)\n```\nI get an error when the file has no header", "code"),
])
def test_a_message_with_a_scene(message, kind):
    assert work_request(message) == kind
