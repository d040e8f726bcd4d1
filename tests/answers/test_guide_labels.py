"""Things asked in the asker's words are searched with the name the guides file them under (bot.answers.guide_labels).

The examples were written for this test."""

import pytest

from bot.answers.guide_labels import with_guide_labels
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
])
def test_other_messages_are_left_as_they_are(message):
    assert with_guide_labels(message) == message
