"""What a message is searched with: its words put the way the guides put them. One chain of rewrites, used for the
whole message and for each part of a two-part question with the scene around it, so that a part is searched as the
whole message would be (session 20 found the parts had only some of the rewrites).
"""

from __future__ import annotations

from bot.answers.addressee import as_the_coach
from bot.answers.guide_labels import with_guide_labels
from bot.answers.usage_share import with_adoption_rate


def as_searched(text: str) -> str:
    """`text` with a usage share as the "adoption rate" (bot.answers.usage_share), "you" as the coach where it asks
    what the coach keeps or does (bot.answers.addressee) and, last, what the guides file under a name of their own
    with that name, one's best people dropping the tool as "high performers" and a case study's results as its
    "outcomes" among them (bot.answers.guide_labels). The tools named as the guides name them come first, apart
    (bot.answers.tool_names.as_the_guides_say): the question keeps the asker's words for labels and rules."""
    # the guides' names last: "what do you keep about me?" is read as the coach's before its label is put after it
    return with_guide_labels(as_the_coach(with_adoption_rate(text)))
