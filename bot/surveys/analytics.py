"""Survey results: per construct, per item, eNPS, choices and comments, for a view (filters) and its
department segments, each shown only when the survey's release partition allows it (bot.surveys.anonymity:
the view is a union of its blocks, and each question's answers are shown no finer than the stage they are
released at).

Every number in a ``Results`` already passed these rules: charts, Slack blocks, JSON and CSV are built from
``Results`` only, so none of them can show what was suppressed here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from bot.surveys import anonymity, stats
from bot.surveys.definition import (
    LIKERT_MAX,
    LIKERT_MIN,
    NPS_MAX,
    NPS_MIN,
    Definition,
    Question,
    SurveyError,
    scored,
)

DEPARTMENT = "department"
UNKNOWN_DEPARTMENT = "(department not known)"
FILTER_KINDS = ("likert", "nps", "single")  # answers that split people into groups (multi and text do not)


@dataclass(frozen=True)
class Answered:
    """One stored response as analytics sees it: a coarse attribute and the answers, nothing else."""

    department: str | None
    answers: Mapping[str, object]


@dataclass
class ConstructResult:
    id: str
    label: str
    items: int
    n: int
    mean: float
    alpha: float | None
    distribution: dict[int, int]  # person scores rounded to the scale point
    previous_mean: float | None = None

    @property
    def change(self) -> float | None:
        return None if self.previous_mean is None else self.mean - self.previous_mean

    def counts(self, separator: str) -> str:
        """How many people scored each point of the 1–7 scale, in order: "0 · 0 · 1 · 2 · 3 · 1 · 0"."""
        return separator.join(str(self.distribution.get(p, 0)) for p in range(LIKERT_MIN, LIKERT_MAX + 1))


@dataclass
class ItemResult:
    id: str
    text: str
    kind: str
    n: int
    mean: float | None  # likert (as answered, before reverse coding) and nps
    distribution: dict[str, int]  # scale point or option -> count
    construct: str | None = None
    reverse: bool = False


@dataclass
class EnpsResult:
    id: str
    n: int
    score: float
    promoters: int
    passives: int
    detractors: int
    previous_score: float | None = None


@dataclass
class Segment:
    value: str
    n: int
    constructs: dict[str, float]  # construct id -> mean
    enps: float | None


@dataclass
class Results:
    survey_id: int
    title: str
    wave: int
    k: int
    filters: dict[str, str]
    invited: int
    responded: int
    n: int | None  # responses in the view; None when the view itself is suppressed
    constructs: list[ConstructResult] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    enps: list[EnpsResult] = field(default_factory=list)
    comments: dict[str, list[str]] = field(default_factory=dict)  # text question id -> comments
    segments: list[Segment] = field(default_factory=list)
    other_departments_n: int = 0  # responses in the view from departments not named: 0 or at least k
    suppressed: list[str] = field(default_factory=list)  # what was left out, and why, in words
    previous_wave: int | None = None
    filterable: dict[str, list[str]] = field(default_factory=dict)  # dimension -> values filters may name

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None

    def to_json(self) -> dict:
        data = asdict(self)
        data["response_rate"] = self.response_rate
        for c, raw in zip(data["constructs"], self.constructs):
            c["change"] = raw.change
        return data


def given(value: object) -> bool:
    """Whether a stored answer was given (optional questions left blank are not stored, or stored empty)."""
    return value is not None and value != "" and value != []


def rows_of(definition: Definition, responses: Sequence[Answered]) -> list[dict[str, str]]:
    """The filterable attributes of each response, as text (the anonymity rules work on these)."""
    dims = [q for q in definition.questions if q.kind in FILTER_KINDS]
    rows = []
    for r in responses:
        row = {DEPARTMENT: r.department or UNKNOWN_DEPARTMENT}
        for q in dims:
            value = r.answers.get(q.id)
            row[q.id] = str(value) if given(value) else anonymity.NO_ANSWER
        rows.append(row)
    return rows


def dimensions(definition: Definition) -> list[str]:
    """The dimensions results can be filtered on, in the order the release partition tries them."""
    return [DEPARTMENT] + [q.id for q in definition.questions if q.kind in FILTER_KINDS]


def check_filters(definition: Definition, filters: Mapping[str, str]) -> dict[str, str]:
    """Filters as ``{dimension: value}``: department, or a likert / 0–10 / single-choice question's answer."""
    clean = {}
    for key, value in filters.items():
        key, value = key.strip(), " ".join(str(value).split())
        if key == DEPARTMENT:
            clean[key] = value
            continue
        try:
            q = definition.question(key)
        except KeyError:
            allowed = [DEPARTMENT] + [q.id for q in definition.questions if q.kind in FILTER_KINDS]
            raise SurveyError(f"Cannot filter on {key!r}; filter on one of: {', '.join(allowed)}.") from None
        if q.kind not in FILTER_KINDS:
            raise SurveyError(f"{key} is a {q.kind} question; filters take likert, 0–10 or single-choice answers.")
        if q.kind == "single" and value not in q.options:
            raise SurveyError(f"{key} has no option {value!r}; options: {', '.join(q.options)}.")
        if q.kind in ("likert", "nps"):
            low, high = (LIKERT_MIN, LIKERT_MAX) if q.kind == "likert" else (NPS_MIN, NPS_MAX)
            if not value.isdigit() or not low <= int(value) <= high:
                raise SurveyError(f"{key} takes a number from {low} to {high}.")
            value = str(int(value))
        clean[key] = value
    return clean


class ResultsAnalysis:
    """Results of one survey's responses under its release partition (bot.surveys.anonymity)."""

    def __init__(self, definition: Definition, responses: Sequence[Answered], k: int):
        self.d = definition
        self.responses = list(responses)
        self.k = anonymity.effective_k(k)
        self.rows = rows_of(definition, self.responses)
        self.partition = anonymity.build(self.rows, dimensions(definition), self.k)
        self._levels: dict[tuple[str, ...], int | None] = {}
        self._given: dict[tuple[str, ...], list[int]] = {}

    def _view(self, conditions: Mapping[str, str]) -> list[int]:
        return [i for i, row in enumerate(self.rows) if anonymity.matches(row, conditions)]

    def _answered(self, qids: Sequence[str]) -> list[int]:
        qids = tuple(qids)
        if qids not in self._given:
            self._given[qids] = [i for i, r in enumerate(self.responses) if all(given(r.answers.get(q)) for q in qids)]
        return self._given[qids]

    def group(self, q: Question) -> tuple[str, ...]:
        """The questions whose answers q's results are counted over: a construct's items count over the
        people who answered all of them (as the construct does), any other question over its own answers."""
        if q.kind == "likert" and q.construct:
            return tuple(item.id for item in self.d.construct_items()[q.construct])
        return (q.id,)

    def _level(self, qids: tuple[str, ...]) -> int | None:
        if qids not in self._levels:
            self._levels[qids] = self.partition.level_of(set(self._answered(qids)))
        return self._levels[qids]

    def _part(self, conditions: Mapping[str, str], qids: Sequence[str]) -> list[int] | None:
        """Responses of the view that answered every question in ``qids``, when their answers may be shown
        for this view: the view is allowed and no finer than the stage those answers are released at."""
        qids = tuple(qids)
        if not self.partition.allows(conditions):
            return None
        level = self._level(qids)
        if level is None or self.partition.depth(conditions) > level:
            return None
        answered = set(self._answered(qids))
        return [i for i in self._view(conditions) if i in answered]

    def _why(self, name: str, qids: Sequence[str], part: list[int] | None) -> str:
        if part is not None:  # allowed, but nobody in the view answered
            return f"{name}: no answers with these filters."
        if self._level(tuple(qids)) is None:
            return f"{name}: fewer than {self.k} answers."
        return (f"{name}: not shown with these filters, as its answers would then fall into groups of fewer than "
                f"{self.k}; it is shown with fewer filters.")

    def results(self, survey_id: int, title: str, wave: int, invited: int, responded: int,
                conditions: Mapping[str, str], previous: ResultsAnalysis | None = None,
                previous_wave: int | None = None) -> Results:
        conditions = dict(conditions)
        out = Results(survey_id, title, wave, self.k, conditions, invited, responded, None,
                      previous_wave=previous_wave if previous is not None else None)
        out.filterable = {d: list(values) for d, values in self.partition.shown.items()}  # none until released
        if not self.partition.allows(conditions):
            out.suppressed.append(self.partition.reason(conditions))
            return out
        n = len(self._view(conditions))
        if n == 0:
            out.suppressed.append("No responses match these filters.")
            return out
        out.n = n
        self._constructs(out, conditions, previous)
        self._items(out, conditions)
        self._enps(out, conditions, previous)
        self._segments(out, conditions)
        return out

    # parts ----------------------------------------------------------------------------------------
    def construct_scores(self, qs: Sequence[Question], indices: Sequence[int]) -> list[list[int]]:
        return [[scored(q, int(self.responses[i].answers[q.id])) for q in qs] for i in indices]

    def _constructs(self, out: Results, conditions, previous: ResultsAnalysis | None) -> None:
        for cid, qs in self.d.construct_items().items():
            qids = [q.id for q in qs]
            part = self._part(conditions, qids)
            if not part:
                out.suppressed.append(self._why(self.d.label(cid), qids, part))
                continue
            rows = self.construct_scores(qs, part)
            person = [sum(r) / len(r) for r in rows]
            dist = stats.distribution([int(round(p + 1e-9)) for p in person], range(LIKERT_MIN, LIKERT_MAX + 1))
            prev = previous.construct_mean(cid, conditions) if previous is not None else None
            out.constructs.append(ConstructResult(cid, self.d.label(cid), len(qs), len(part), stats.mean(person),
                                                  stats.cronbach_alpha(rows), dist, prev))

    def construct_mean(self, cid: str, conditions) -> float | None:
        qs = self.d.construct_items().get(cid)
        if not qs:
            return None
        return self._mean_in(qs, self._part(conditions, [q.id for q in qs]))

    def _mean_in(self, qs: Sequence[Question], part: list[int] | None) -> float | None:
        return stats.mean([sum(r) / len(r) for r in self.construct_scores(qs, part)]) if part else None

    def _items(self, out: Results, conditions) -> None:
        for q in self.d.questions:
            qids = self.group(q)
            part = self._part(conditions, qids)
            if not part:
                if q.kind != "text" or part is None and self._answered([q.id]):
                    out.suppressed.append(self._why(q.id, qids, part))
                continue
            values = [self.responses[i].answers[q.id] for i in part]
            if q.kind == "text":  # sorted, so their order says nothing about who answered when
                out.comments[q.id] = sorted(str(v) for v in values)
                continue
            if q.kind in ("likert", "nps"):
                low, high = (LIKERT_MIN, LIKERT_MAX) if q.kind == "likert" else (NPS_MIN, NPS_MAX)
                nums = [int(v) for v in values]
                dist = {str(p): n for p, n in stats.distribution(nums, range(low, high + 1)).items()}
                out.items.append(ItemResult(q.id, q.text, q.kind, len(part), stats.mean(nums), dist, q.construct,
                                            q.reverse))
            else:
                chosen = [o for v in values for o in ([v] if q.kind == "single" else v)]
                dist = {o: chosen.count(o) for o in q.options}
                out.items.append(ItemResult(q.id, q.text, q.kind, len(part), None, dist))

    def enps_of(self, qid: str, conditions) -> tuple[float, int, int, int, int] | None:
        return self._enps_in(qid, self._part(conditions, [qid]))

    def _enps_in(self, qid: str, part: list[int] | None) -> tuple[float, int, int, int, int] | None:
        if not part:
            return None
        score = stats.enps([int(self.responses[i].answers[qid]) for i in part])
        return None if score is None else (*score, len(part))

    def _enps(self, out: Results, conditions, previous: ResultsAnalysis | None) -> None:
        for q in self.d.questions:
            if q.kind != "nps":
                continue
            got = self.enps_of(q.id, conditions)
            if got is None:
                continue
            score, pro, pas, det, n = got
            prev = previous.enps_of(q.id, conditions) if previous is not None and _has(previous.d, q.id) else None
            out.enps.append(EnpsResult(q.id, n, score, pro, pas, det, prev[0] if prev else None))

    def _segments(self, out: Results, conditions) -> None:
        """The view split by department: one segment per department the partition may name (each a union of
        blocks). The responses of all other departments are the view minus those, a union of blocks as well: they
        are counted together and never split up. The notes are worded from the partition and such counts only:
        how many departments a view holds, or which, would rest on what people in departments under k answered."""
        if DEPARTMENT in conditions:  # already narrowed to one value: nothing to split
            return
        values = []
        for value in self.partition.shown.get(DEPARTMENT, []):
            seg = {**conditions, DEPARTMENT: value}
            n = len(self._view(seg))
            if n:
                values.append((value, seg, n))
        out.other_departments_n = others = (out.n or 0) - sum(n for *_, n in values)
        if DEPARTMENT not in self.partition.kept:
            out.suppressed.append(f"Departments are not shown: in this survey, splitting by department would "
                                  f"leave groups under {self.k}.")
            return
        if not values:
            out.suppressed.append(f"Departments are not shown for these filters: no department here may be shown on "
                                  f"its own (each would hold fewer than {self.k} responses or could be worked out by "
                                  "subtraction).")
            return
        if len(values) == 1 and not others:  # one department: its segment is the whole view again
            return
        nps = next((q.id for q in self.d.questions if q.kind == "nps"), None)
        groups = {cid: (qs, [q.id for q in qs]) for cid, qs in self.d.construct_items().items()}
        # Whether a part may be shown does not depend on the department: every segment is allowed and at the
        # same stage. So what is left out is the same for all of them.
        first = values[0][1]
        left_out = {self.d.label(cid) for cid, (_, qids) in groups.items() if self._part(first, qids) is None}
        if nps and self._part(first, [nps]) is None:
            left_out.add(f"eNPS ({nps})")
        for value, seg, n in values:
            means = {cid: m for cid, (qs, qids) in groups.items()
                     if (m := self._mean_in(qs, self._part(seg, qids))) is not None}
            got = self._enps_in(nps, self._part(seg, [nps])) if nps else None
            out.segments.append(Segment(value, n, means, got[0] if got else None))
        if others:
            out.suppressed.append(f"Other departments count in the figures above but are not split out: a department "
                                  f"is shown on its own only with at least {self.k} responses and when it cannot be "
                                  "worked out by subtraction.")
        if left_out:
            out.suppressed.append(f"By department, {', '.join(sorted(left_out))} cannot be shown: their answers "
                                  f"would fall into groups of fewer than {self.k}.")


def _has(definition: Definition, qid: str) -> bool:
    return any(q.id == qid for q in definition.questions)
