"""Questions written one per line, for surveys made from scratch in a Slack modal or on the command line:

    likert (usefulness): The AI tool saves me time
    likert (usefulness) reverse: I could do my job as well without it
    single: How often do you use it? | Daily | Weekly | Rarely
    multi optional: What gets in the way? | Training | Access | Time
    nps: How likely are you to recommend the AI tool to a colleague?
    text optional: Anything else?
"""

from __future__ import annotations

import re

from bot.surveys.definition import KINDS, Definition, Question, SurveyError, validate

_LINE = re.compile(r"^(?P<kind>[a-z]+)(?:\s*\((?P<construct>[^)]*)\))?(?P<flags>(?:\s+[a-z]+)*)\s*:\s*(?P<rest>.+)$")


def parse_questions(text: str) -> Definition:
    questions = []
    for number, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m or m["kind"] not in KINDS:
            raise SurveyError(f"Line {number}: start with a kind ({', '.join(KINDS)}) and a colon, "
                              "e.g. `likert: The AI tool saves me time`.")
        flags = set(m["flags"].split())
        if flags - {"reverse", "optional"}:
            raise SurveyError(f"Line {number}: after the kind, only `reverse` and `optional` are understood.")
        parts = [p.strip() for p in m["rest"].split("|")]
        construct = re.sub(r"[^a-z0-9_]+", "_", (m["construct"] or "").strip().lower()).strip("_") or None
        questions.append(Question(id=f"q{len(questions) + 1}", kind=m["kind"], text=parts[0], construct=construct,
                                  reverse="reverse" in flags, options=tuple(parts[1:]),
                                  required="optional" not in flags))
    try:
        return validate(Definition(questions))
    except SurveyError as exc:
        raise SurveyError(str(exc.args[0])) from None
