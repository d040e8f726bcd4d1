"""One's best people dropping the AI tool read as the guides' "high performers" (bot.answers.high_performers)."""

import pytest

from bot.answers.high_performers import with_high_performers


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
    assert marked in with_high_performers(message)


@pytest.mark.parametrize("message", [
    "our best engineers use it every day, how do we spread it?",  # nobody dropping anything
    "what are the best practices for a pilot? we stopped the last one",
    "why does shadow work tax high performers? my best testers stopped",  # says it already
    "which is the best option for the team now that we stopped the pilot?",
    "adoption went slower than planned. what is the best indicator to watch?",  # a thing, not a person
])
def test_other_messages_are_left_as_they_are(message):
    assert with_high_performers(message) == message
