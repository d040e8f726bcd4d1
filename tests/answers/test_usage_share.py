"""A usage share said as counts is searched as the guides' "adoption rate" (bot.answers.usage_share).

The examples were written for this test."""

import pytest

from bot.answers.usage_share import with_adoption_rate


@pytest.mark.parametrize("message", [
    "12 of our 40 planners use the forecasting assistant every week, is that ok after a quarter?",
    "we switched on the drafting tool in march and only about 3 people actually use it. are we behind?",
    "only a handful of staff use copilot daily, should I be worried",
    "9 out of 25 nurses logged into the scribe last week. decent?",
    # added in session 22: a tool of their own named before one the list knows
    "38 of our 55 field staff used Vinny or chatgpt for real work last month. good or bad?",
])
def test_counts_of_people_using_the_tool_read_as_the_adoption_rate(message):
    assert "(adoption rate)" in with_adoption_rate(message)


@pytest.mark.parametrize("message", [
    "what are 3 of the 8 KPIs we use for the pilot?",  # things, not people using a tool
    "we have 3 of 5 pilots used in production already",
    "12 of our 40 planners use the tool weekly, what adoption rate is normal?",  # names adoption already
    "how do we get more people to use the assistant?",
])
def test_other_messages_are_left_as_they_are(message):
    assert with_adoption_rate(message) == message


def test_the_words_go_at_the_end_of_the_clause_that_states_the_share():
    said = with_adoption_rate("only 4 of us use it, is that normal?")
    assert said == "only 4 of us use it (adoption rate), is that normal?"
