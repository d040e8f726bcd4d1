"""What a survey asks: questions of five kinds, checked once when a survey is defined, and the checking of
one person's answers against them.

Kinds: ``likert`` (1–7 agreement, optionally reverse-coded and grouped into a construct), ``single`` and
``multi`` (choices), ``nps`` (0–10) and ``text`` (free text)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from bot.errors import UserError

KINDS = ("likert", "single", "multi", "nps", "text")
LIKERT_MIN, LIKERT_MAX = 1, 7
NPS_MIN, NPS_MAX = 0, 10
LIKERT_LABELS = {1: "Strongly disagree", 2: "Disagree", 3: "Somewhat disagree", 4: "Neither agree nor disagree",
                 5: "Somewhat agree", 6: "Agree", 7: "Strongly agree"}
MAX_QUESTIONS = 30  # a modal holds 100 blocks; 30 questions keeps a survey short enough to finish
MAX_PROMPT = 300
MAX_OPTIONS = 10  # radio buttons and checkboxes hold at most 10 options
MAX_OPTION = 75  # Slack's limit for an option's text
MAX_TEXT_ANSWER = 2000
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class SurveyError(UserError, ValueError):
    """A survey definition or an answer that cannot be accepted; the message says what to fix, ``field``
    (the second argument) which field of the form or which question it is about."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    construct: str | None = None  # likert items that measure the same thing
    reverse: bool = False  # likert: agreeing means less of the construct
    options: tuple[str, ...] = ()  # single / multi
    required: bool = True

    def to_json(self) -> dict:
        data = asdict(self)
        data["options"] = list(self.options)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Question:
        if not isinstance(data, dict):
            raise SurveyError("Each question must be a mapping with at least `kind` and `text`.")
        unknown = set(data) - {"id", "kind", "text", "construct", "reverse", "options", "required"}
        if unknown:
            raise SurveyError(f"Unknown question field(s): {', '.join(sorted(unknown))}.")
        options = data.get("options") or ()
        if not isinstance(options, (list, tuple)):
            raise SurveyError(f"Question {data.get('id')!r}: `options` must be a list.")
        return cls(id=str(data.get("id") or ""), kind=str(data.get("kind") or ""),
                   text=" ".join(str(data.get("text") or "").split()),
                   construct=(str(data["construct"]).strip() or None) if data.get("construct") else None,
                   reverse=bool(data.get("reverse", False)),
                   options=tuple(" ".join(str(o).split()) for o in options),
                   required=bool(data.get("required", data.get("kind") != "text")))


@dataclass
class Definition:
    """The questions of one survey, with constructs' display labels."""

    questions: list[Question]
    constructs: dict[str, str] = field(default_factory=dict)  # construct id -> label

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def construct_items(self) -> dict[str, list[Question]]:
        groups: dict[str, list[Question]] = {}
        for q in self.questions:
            if q.kind == "likert" and q.construct:
                groups.setdefault(q.construct, []).append(q)
        return groups

    def label(self, construct: str) -> str:
        return self.constructs.get(construct) or construct.replace("_", " ").capitalize()

    def to_json(self) -> dict:
        return {"questions": [q.to_json() for q in self.questions], "constructs": dict(self.constructs)}

    @classmethod
    def from_json(cls, data: dict) -> Definition:
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            raise SurveyError("A survey needs a list of `questions`.")
        constructs = data.get("constructs") or {}
        if not isinstance(constructs, dict):
            raise SurveyError("`constructs` must map a construct id to its label.")
        labels = {str(k): (v.get("label") if isinstance(v, dict) else str(v)) for k, v in constructs.items()}
        questions = [Question.from_json(q) for q in data["questions"]]
        return validate(cls(questions, {k: str(v) for k, v in labels.items() if v}))


def validate(definition: Definition) -> Definition:
    """Check every question; fill in missing ids (q1, q2, ...). Raises SurveyError with the first problem."""
    qs = definition.questions
    if not qs:
        raise SurveyError("A survey needs at least one question.")
    if len(qs) > MAX_QUESTIONS:
        raise SurveyError(f"{len(qs)} questions is too many; keep it to {MAX_QUESTIONS} or fewer.")
    fixed, seen = [], set()
    for n, q in enumerate(qs, 1):
        qid = q.id or f"q{n}"
        where = f"Question {n} ({qid})"
        if not _ID.match(qid):
            raise SurveyError(f"{where}: ids are lower-case letters, digits and _ (at most 32), starting with a letter.")
        if qid in seen:
            raise SurveyError(f"{where}: the id is used twice.")
        seen.add(qid)
        if q.kind not in KINDS:
            raise SurveyError(f"{where}: unknown kind {q.kind!r}; use one of {', '.join(KINDS)}.")
        if not q.text:
            raise SurveyError(f"{where}: the question has no text.")
        if len(q.text) > MAX_PROMPT:
            raise SurveyError(f"{where}: keep the text under {MAX_PROMPT} characters.")
        if q.kind in ("single", "multi"):
            _check_options(where, q.options)
        elif q.options:
            raise SurveyError(f"{where}: only single and multi questions have options.")
        if (q.reverse or q.construct) and q.kind != "likert":
            raise SurveyError(f"{where}: constructs and reverse coding apply to likert questions only.")
        if q.construct and not _ID.match(q.construct):
            raise SurveyError(f"{where}: construct ids are lower-case letters, digits and _.")
        fixed.append(Question(qid, q.kind, q.text, q.construct, q.reverse, q.options, q.required))
    return Definition(fixed, dict(definition.constructs))


def _check_options(where: str, options: tuple[str, ...]) -> None:
    if len(options) < 2:
        raise SurveyError(f"{where}: give at least two options.")
    if len(options) > MAX_OPTIONS:
        raise SurveyError(f"{where}: at most {MAX_OPTIONS} options.")
    if len(set(o.lower() for o in options)) != len(options) or not all(options):
        raise SurveyError(f"{where}: options must be non-empty and different.")
    long = [o for o in options if len(o) > MAX_OPTION]
    if long:
        raise SurveyError(f"{where}: keep options under {MAX_OPTION} characters ({long[0][:30]!r}…).")


def check_answers(definition: Definition, raw: dict[str, object]) -> dict[str, object]:
    """One person's answers, checked and normalised: likert/nps → int, single → option, multi → list of
    options, text → stripped string. Unanswered optional questions are left out. Raises SurveyError naming the
    question (its ``field`` is the question's id, for showing the problem next to it)."""
    clean: dict[str, object] = {}
    unknown = set(raw) - {q.id for q in definition.questions}
    if unknown:
        raise SurveyError(f"Unknown question(s): {', '.join(sorted(unknown))}.", sorted(unknown)[0])
    for q in definition.questions:
        value = raw.get(q.id)
        if value is None or value == "" or value == []:
            if q.required:
                raise SurveyError("Please answer this question.", q.id)
            continue
        clean[q.id] = _one(q, value)
    return clean


def _one(q: Question, value: object) -> object:
    if q.kind in ("likert", "nps"):
        low, high = (LIKERT_MIN, LIKERT_MAX) if q.kind == "likert" else (NPS_MIN, NPS_MAX)
        try:
            number = int(str(value).strip())
        except ValueError:
            raise SurveyError(f"Choose a number from {low} to {high}.", q.id) from None
        if not low <= number <= high:
            raise SurveyError(f"Choose a number from {low} to {high}.", q.id)
        return number
    if q.kind == "single":
        if value not in q.options:
            raise SurveyError("Choose one of the options.", q.id)
        return value
    if q.kind == "multi":
        chosen = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
        if not chosen or any(v not in q.options for v in chosen) or len(set(chosen)) != len(chosen):
            raise SurveyError("Choose among the options.", q.id)
        return [o for o in q.options if o in chosen]  # the template's order, whatever the click order
    text = " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise SurveyError(f"Please keep this under {MAX_TEXT_ANSWER} characters.", q.id)
    return text


def scored(q: Question, value: int) -> int:
    """A likert answer on the construct's direction: reverse-coded items are flipped (1↔7, 2↔6, ...)."""
    return LIKERT_MIN + LIKERT_MAX - value if q.reverse else value
