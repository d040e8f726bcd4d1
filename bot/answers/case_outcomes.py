"""A case study's results asked for in the asker's words ("what did the factory in your case study actually get out
of it?", "any case studies on AI for clinical notes? what results did they get") are what the guides put under each
case's "outcomes". Those words were in none of the questions, and the case's situation section, which names its
subject most often, came first in seven tuning sets (2026-12-07, session 21).
Hand-written, like bot.answers.usage_share: a rewrite of a phrase, which no library does without a model.
"""

from __future__ import annotations

import re

# a case told in the guides: "the case study", "your case", "a real example", "any examples of hospitals…" (not "an
# example OKR with numbers", nor "in case", "the business case", "a use case")
_CASE = re.compile(r"\b(?:(?<!in\s)(?<!business\s)(?<!use\s)case(?:\s+stud(?:y|ies))?|stud(?:y|ies)"
                   r"|real(?:[\s-]world)?\s+examples?|any\s+examples?)\b", re.IGNORECASE)
# its results asked for: numbers, results, what it got or gained
_RESULTS = re.compile(r"\b(?:numbers|results|figures|get\s+out\s+of\s+it|what\s+did\s+(?:they|it|the\s+[\w-]+)\s+"
                      r"(?:actually\s+|really\s+)?(?:get|achieve|gain|save|see)|how\s+much\s+did\s+(?:they|it)\s+"
                      r"(?:save|gain|improve|cut))\b", re.IGNORECASE)
_NAMED = re.compile(r"\boutcomes?\b", re.IGNORECASE)


def with_case_outcomes(text: str) -> str:
    """The text with "(outcomes)" after the ask for a case's results, unless it says "outcomes" already."""
    m = _RESULTS.search(text)
    if m is None or not _CASE.search(text) or _NAMED.search(text):
        return text
    return f"{text[:m.end()]} (outcomes){text[m.end():]}"
