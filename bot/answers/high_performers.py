"""One's best people dropping the AI tool, said in the asker's words ("my two best testers… both have quietly stopped
using it", "the most experienced officers were first to try it and now look slower"), is what the guides call the tax
shadow work puts on high performers. The words "high performers" are in none of those messages, so retrieval followed
their other words to the signs of a failing rollout; six blind sets by different writers asked it this way.
Hand-written, like bot.answers.usage_share: a rewrite of a phrase, which no library does without a model.
"""

from __future__ import annotations

import re

# who: the asker's best, strongest or most experienced people, named by a job ("testers", "underwriters") or not; a
# job word read by its ending is a person when it is the asker's ("my strongest analyst") or plural ("the two most
# experienced officers"): "the best indicator" and "the best answer" are not people
_TOP = (r"(?:best|strongest|top|star|brightest|most\s+(?:experienced|capable|senior|skilled)"
        r"|(?:highest|top)[-\s]performing)\s+"
        r"(?!(?:practices?|ways?|options?|approach|time|parts?|things?|bet|case|use)\b)(?:[\w-]+\s+)?")
_PEOPLE = r"(?:people|staff|folks|performers?|members?|employees?|devs|techs|reps|nurses|agents"
_JOB = r"\w{2,}(?:er|or|ist|yst|ian|ant|eer)"
_BEST = re.compile(rf"\b(?:(?:my|our)\s+(?:\w+\s+)?{_TOP}{_PEOPLE}|{_JOB}s?)"
                   rf"|the\s+(?:\w+\s+)?{_TOP}{_PEOPLE}|{_JOB}s))\b", re.IGNORECASE)
# what happened: they stopped, fell behind on the old metrics, or are worn out by the checking
_DROPPING = re.compile(r"\b(?:stopped|stop|quit|quitting|gave\s+up|giving\s+up|given\s+up|dropped|dropping|abandon\w*"
                       r"|went\s+back|going\s+back|slow(?:er|est)|look(?:s|ing)?\s+worse|knackered|exhausted|fried"
                       r"|burn(?:ed|t|ing)?\s+out|worn\s+out)\b", re.IGNORECASE)
_NAMED = re.compile(r"\bhigh[-\s]performers?\b", re.IGNORECASE)


def with_high_performers(text: str) -> str:
    """The text with "(high performers)" after the asker's best people, when they are said to drop the tool or fall
    behind, unless it says "high performers" already."""
    m = _BEST.search(text)
    if m is None or _NAMED.search(text) or not _DROPPING.search(text):
        return text
    return f"{text[:m.end()]} (high performers){text[m.end():]}"
