"""What kind of answer a question wants: a figure, both sides of a comparison, each part of a two-part
question, a reason, steps, or a plain explanation.

Hand-written patterns because no kept library classifies English questions this way without a model, and
the bot runs without an LLM. They are conservative: a question wrongly split into a comparison or into two
parts gets a worse answer than one answered plainly, so anything unusual stays "plain".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["figure", "comparison", "parts", "why", "steps", "plain"]


@dataclass(frozen=True)
class QuestionShape:
    kind: Kind
    parts: tuple[str, ...] = ()  # comparison: the two sides (noun phrases); parts: the two sub-questions


_SIDE = r"([\w][\w\s/&'’-]{0,60}?)"
_COMPARISONS = [
    re.compile(rf"\bdiff(?:erence|erences|\.)?\s+between\s+{_SIDE}\s+(?:and|&|vs\.?|versus)\s+{_SIDE}\s*[?.!]*$"),
    re.compile(rf"\bhow\s+(?:does|do|is|are)\s+{_SIDE}\s+(?:differ|different)\s+(?:from|to|than)\s+{_SIDE}\s*[?.!]*$"),
    re.compile(rf"\bcompare\s+{_SIDE}\s+(?:and|with|to|vs\.?|versus)\s+{_SIDE}\s*[?.!]*$"),
    # "KPIs vs OKRs for AI adoption: what's the difference and when do I use each?": what the two are for, then
    # the question about them
    re.compile(rf"^{_SIDE}\s+(?:vs\.?|versus)\s+{_SIDE}(?:\s+(?:for|in|with|at|when)\s+[^,:;?]{{1,40}}?)?\s*[,:;-]\s*"
               rf"(?:what(?:'s|s|\s+is|\s+are)?\s+the\s+diff(?:erence)?s?\b|how\s+do\s+they\s+differ\b"
               rf"|when\s+(?:do|should)\s+(?:i|we|you)\s+use\s+(?:each|which)\b).*$"),
    re.compile(rf"^{_SIDE}\s+(?:vs\.?|versus)\s+{_SIDE}\s*(?:[,:;-]\s*which\b.*|[?.!]*)$"),
    re.compile(rf"^{_SIDE}\s+or\s+{_SIDE}\s*[,:;-]\s*which\b"),
    re.compile(rf"^which\b[^,?]{{0,40}},\s*{_SIDE}\s+or\s+{_SIDE}\s*[?.!]*$"),
]
# Words that open a question or stand in front of a noun phrase; stripped from each side of a comparison.
_SIDE_NOISE = re.compile(r"^(?:(?:what(?:'s|’s| is| are)?|whats|which|is|are|the|a|an|our|my|your|using|use|"
                         r"should|we|i|do|does|between|explain|tell me|me|about|pick|choose)\s+)+", re.IGNORECASE)
_NOT_A_SIDE = re.compile(r"\b(?:how|why|when|where|who|what|which|should|do|does|can|i|we|you)\b", re.IGNORECASE)

_QUESTION_WORD = r"(?:how|what|what's|whats|when|where|who|whom|whose|why|which|do|does|did|can|could|should|" \
                 r"is|are|was|were|will|would|has|have)"
# What may open the second question after "and": a question word with its verb ("and how do we", "and what's"),
# or a verb with its subject ("and do we need"); "and what users want" is not a question of its own.
_SECOND_OPENER = (r"(?:(?:how|what|when|where|who|why|which)\s+(?:is|are|was|were|do|does|did|can|could|should|would|"
                  r"will|has|have|to|much|many|long|often)\b|(?:what|who|where|how)'s\b|whats\b|why\b|who\b|"
                  r"(?:do|does|did|can|could|should|is|are|will|would)\s+(?:we|i|you|they|it|there|the|a|an|our|my|"
                  r"your)\b)")
_SECOND_QUESTION = re.compile(rf"\s*(?:,\s*)?\band\s+(?:also\s+)?(?={_SECOND_OPENER})", re.IGNORECASE)
_OPENS_A_QUESTION = re.compile(rf"^{_QUESTION_WORD}\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:what|who)(?:'s|’s|\s+is|\s+are|\s+was)\s+(.+?)\??$|^whats\s+(.+?)\??$", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(it|that|this|one|them|they)\b", re.IGNORECASE)
_STOP = frozenset("how what whats when where who why which do does did can could should is are was were will would "
                  "has have the a an of to for in on and or we i you our my your it that this they them one be "
                  "get up with about there any some".split())

_FIGURE = re.compile(r"\bhow\s+(?:much|many|long|often|fast|big|large|soon|high|low)\b|\bwhat\s+(?:[\w-]+\s+)?"
                     r"(?:%|percent|percentage|share|proportion|fraction|rate|number)\b|%|"
                     r"\btarget\s+(?:for|number|rate|figure)\b|\bbenchmark\b|"
                     r"\bgood\s+(?:number|figure|rate|target)s?\b|"
                     r"\b(?:typical|normal|realistic|reasonable|expected)\s+(?:[\w-]+\s+)?(?:gain|rate|uplift|"
                     r"improvement|increase|reduction|drop|saving|target|figure|time)s?\b|\b(?:gain|rate|uplift|"
                     r"improvement|increase|reduction|drop|saving)s?\s+(?:is|are)\s+(?:typical|normal|realistic|"
                     r"reasonable|expected)\b", re.IGNORECASE)
_WHY = re.compile(r"^\s*why\b|\bwhy\s+(?:do|does|did|is|are|was|were|should|would|not|bother)\b|"
                  r"\bwhat(?:'s|’s| is| was)\s+the\s+reasons?\b|\breasons?\s+(?:for|why)\b|\bhow\s+come\b",
                  re.IGNORECASE)
_STEPS = re.compile(r"\bhow\s+(?:do|can|should|would)\s+(?:i|we|you|they|teams?|managers?)\b|\bhow\s+to\b|"
                    r"\bwhat\s+are\s+the\s+steps\b|\bsteps?\s+(?:to|for)\b|\bprocess\s+(?:for|of)\b|"
                    r"\bwhat\s+do\s+(?:i|we)\s+(?:need\s+to\s+)?do\b|"
                    # "what do we need to think about…", "what should I watch out for…": what to do, as a list
                    r"\bwhat\s+(?:do|should|must)\s+(?:i|we)\s+(?:need\s+to\s+|have\s+to\s+)?(?:think\s+about|"
                    r"consider|watch(?:\s+out)?\s+for|look\s+out\s+for|keep\s+in\s+mind|check|put\s+in\s+place)\b",
                    re.IGNORECASE)

# What an answer of a kind carries: a figure (digits, a percentage, a frequency), a range, a reason.
FIGURE_CUE = re.compile(r"\d|%|\b(?:percent|half|twice|double|weekly|monthly|quarterly|annually|yearly|"
                        r"(?:more|fewer|less)\s+than\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)|"
                        r"every\s+(?:day|week|month|quarter|year))\b", re.IGNORECASE)
RANGE_CUE = re.compile(r"\d\s*%|\d\s*(?:-|–|to)\s*\d")
REASON_CUE = re.compile(r"\b(?:because|so that|since|the reason|as a result|otherwise|due to|leads? to|which means|"
                        r"this means|that is why|this is why)\b|,\s*so\b", re.IGNORECASE)


def shape_of(question: str) -> QuestionShape:
    text = " ".join(question.replace("’", "'").split())
    if not text:
        return QuestionShape("plain")
    sides = _comparison(text)
    if sides:
        return QuestionShape("comparison", sides)
    parts = _two_questions(text)
    if parts:
        return QuestionShape("parts", parts)
    if _FIGURE.search(text):
        return QuestionShape("figure")
    if _WHY.search(text):
        return QuestionShape("why")
    if _STEPS.search(text):
        return QuestionShape("steps")
    return QuestionShape("plain")


def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1]


def _side(raw: str) -> str | None:
    side = _SIDE_NOISE.sub("", raw.strip(" ,;:-?")).strip(" ,;:-?")
    side = re.sub(r"^(?:the|a|an)\s+", "", side, flags=re.IGNORECASE)
    words = side.split()
    if not words or len(words) > 6 or _NOT_A_SIDE.search(side) or not _content_words(side):
        return None
    return side


def _comparison(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    for pattern in _COMPARISONS:
        m = pattern.search(lowered)
        if not m:
            continue
        # keep the asker's casing ("NPS", "MLOps"): the match is on the lower-cased copy of the same text
        x, y = (_side(text[m.start(i):m.end(i)]) for i in (1, 2))
        if x and y and x.lower() != y.lower():
            return x, y
    return None


def _two_questions(text: str) -> tuple[str, str] | None:
    pieces = [p.strip() for p in re.split(r"(?<=\?)\s+", text) if p.strip()]
    if len(pieces) == 2 and all(p.endswith("?") for p in pieces):
        first, second = pieces
        second = re.sub(r"^(?:and|also|plus)\s+", "", second, flags=re.IGNORECASE)
    elif len(pieces) == 1:
        splits = list(_SECOND_QUESTION.finditer(text))
        if len(splits) != 1:
            return None
        first, second = text[:splits[0].start()], text[splits[0].end():]
    else:
        return None
    first, second = first.strip(" ,;").rstrip("?") + "?", second.strip(" ,;").rstrip("?") + "?"
    if not (_OPENS_A_QUESTION.match(first) and _OPENS_A_QUESTION.match(second)):
        return None
    if len(_content_words(first)) < 1 or len(_content_words(second)) < 2 - _refers_back(second):
        return None
    return first[:1].upper() + first[1:], _carry_subject(first, second)


def _refers_back(question: str) -> int:
    return 1 if _PRONOUN.search(question) else 0


def _in_place_of(pronoun: re.Match, subject: str) -> str:
    """The subject where the pronoun stood: "each one" is "each of the phases", "a good one" is "a good key
    result" (its article was said already)."""
    before = pronoun.string[:pronoun.start()]
    if pronoun.group(1).lower() == "one":
        if re.search(r"\b(?:each|every|which|any)\s+$", before, re.IGNORECASE):
            return f"of {subject}"
        if re.search(r"\b(?:a|an|the)\s+(?:[\w-]+\s+){1,2}$", before, re.IGNORECASE):
            return re.sub(r"^(?:a|an|the)\s+", "", subject, flags=re.IGNORECASE)
    return subject


def _carry_subject(first: str, second: str) -> str:
    """"what is the CoE? when do we set one up?" -> "when do we set the CoE up?" (only for a "what is X" first
    part and a single pronoun in the second; anything less clear is left as written)."""
    m = _SUBJECT.match(first.rstrip("?"))
    pronouns = _PRONOUN.findall(second)
    if m and len(pronouns) == 1:
        # the subject without where it applies: "shadow work in the ai context" -> "shadow work" ("the benchmark for
        # adoption rate" keeps what it is for)
        subject = re.split(r"\s+(?:in|within)\s+", (m.group(1) or m.group(2)).strip(), maxsplit=1)[0]
        if subject and len(subject.split()) <= 6:
            second = _PRONOUN.sub(lambda m: _in_place_of(m, subject), second, count=1)
    return second[:1].upper() + second[1:]
