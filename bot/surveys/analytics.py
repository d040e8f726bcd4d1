"""Survey results: per construct, per item, eNPS, choices and comments, for a view (filters) and its
department segments, each shown only when bot.surveys.anonymity allows it.

Every number in a ``Results`` already passed the k rule: charts, Slack blocks, JSON and CSV are built from
``Results`` only, so none of them can show what was suppressed here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from bot.surveys import anonymity, stats
from bot.surveys.definition import (LIKERT_MAX, LIKERT_MIN, NPS_MAX, NPS_MIN, Definition, Question, SurveyError,
                                    scored)

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
    hidden_segments: int = 0
    suppressed: list[str] = field(default_factory=list)  # what was left out, and why, in words
    previous_wave: int | None = None

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None

    def to_json(self) -> dict:
        data = asdict(self)
        data["response_rate"] = self.response_rate
        for c, raw in zip(data["constructs"], self.constructs):
            c["change"] = raw.change
        return data


def rows_of(definition: Definition, responses: Sequence[Answered]) -> list[dict[str, str]]:
    """The filterable attributes of each response, as text (the anonymity rules work on these)."""
    dims = [q for q in definition.questions if q.kind in FILTER_KINDS]
    rows = []
    for r in responses:
        row = {DEPARTMENT: r.department or UNKNOWN_DEPARTMENT}
        for q in dims:
            value = r.answers.get(q.id)
            row[q.id] = anonymity.NO_ANSWER if value is None else str(value)
        rows.append(row)
    return rows


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


class Analyzer:
    def __init__(self, definition: Definition, responses: Sequence[Answered], k: int):
        self.d = definition
        self.responses = list(responses)
        self.k = anonymity.effective_k(k)
        self.rows = rows_of(definition, self.responses)

    def _allowed(self, conditions: Mapping[str, str], among: Sequence[int] | None = None) -> bool:
        rows = self.rows if among is None else [self.rows[i] for i in among]
        return anonymity.view_allowed(rows, conditions, self.k)

    def _view(self, conditions: Mapping[str, str]) -> list[int]:
        return [i for i, row in enumerate(self.rows) if anonymity.matches(row, conditions)]

    def _answered(self, qids: Sequence[str]) -> list[int]:
        return [i for i, r in enumerate(self.responses) if all(r.answers.get(q) is not None for q in qids)]

    def _part(self, conditions: Mapping[str, str], qids: Sequence[str]) -> list[int] | None:
        """Responses of the view that answered every question in ``qids``, when that part may be shown: it
        is checked as a view of its own over everyone who answered them."""
        among = self._answered(qids)
        if not self._allowed(conditions, among):
            return None
        view = set(self._view(conditions))
        return [i for i in among if i in view]

    def results(self, survey_id: int, title: str, wave: int, invited: int, responded: int,
                conditions: Mapping[str, str], previous: Analyzer | None = None,
                previous_wave: int | None = None) -> Results:
        conditions = dict(conditions)
        out = Results(survey_id, title, wave, self.k, conditions, invited, responded, None,
                      previous_wave=previous_wave if previous is not None else None)
        if not self._allowed(conditions):
            what = "these filters" if conditions else "this survey"
            out.suppressed.append(f"Nothing is shown for {what}: results appear once they rest on at least "
                                  f"{self.k} responses and cannot be told apart from a wider view by subtraction.")
            return out
        out.n = len(self._view(conditions))
        self._constructs(out, conditions, previous)
        self._items(out, conditions)
        self._enps(out, conditions, previous)
        self._segments(out, conditions)
        return out

    # parts ----------------------------------------------------------------------------------------
    def construct_scores(self, qs: Sequence[Question], indices: Sequence[int]) -> list[list[int]]:
        return [[scored(q, int(self.responses[i].answers[q.id])) for q in qs] for i in indices]

    def _constructs(self, out: Results, conditions, previous: Analyzer | None) -> None:
        for cid, qs in self.d.construct_items().items():
            part = self._part(conditions, [q.id for q in qs])
            if part is None:
                out.suppressed.append(f"{self.d.label(cid)}: fewer than {self.k} complete answers.")
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
        part = self._part(conditions, [q.id for q in qs])
        if part is None:
            return None
        return stats.mean([sum(r) / len(r) for r in self.construct_scores(qs, part)])

    def _items(self, out: Results, conditions) -> None:
        for q in self.d.questions:
            part = self._part(conditions, [q.id])
            if part is None:
                if q.kind != "text" or any(self.responses[i].answers.get(q.id) for i in self._view(conditions)):
                    out.suppressed.append(f"{q.id}: fewer than {self.k} answers.")
                continue
            values = [self.responses[i].answers[q.id] for i in part]
            if q.kind == "text":  # sorted, so their order says nothing about who answered when
                out.comments[q.id] = sorted(str(v) for v in values if str(v).strip())
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
        part = self._part(conditions, [qid])
        if part is None:
            return None
        score = stats.enps([int(self.responses[i].answers[qid]) for i in part])
        return None if score is None else (*score, len(part))

    def _enps(self, out: Results, conditions, previous: Analyzer | None) -> None:
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
        values = anonymity.segments(self.rows, conditions, DEPARTMENT, self.k)
        view = self._view(conditions)
        departments = {self.rows[i][DEPARTMENT] for i in view}
        out.hidden_segments = len(departments) - len(values) if len(departments) > 1 else 0
        if len(departments) < 2:  # one department: its segment is the whole view again
            return
        if not values:
            out.suppressed.append(f"Departments are not shown: splitting would leave groups under {self.k}.")
            return
        for value in values:
            seg = {**conditions, DEPARTMENT: value}
            means = {}
            for cid in self.d.construct_items():
                m = self.construct_mean(cid, seg)
                if m is not None:
                    means[cid] = m
            nps = [self.enps_of(q.id, seg) for q in self.d.questions if q.kind == "nps"]
            out.segments.append(Segment(value, len(self._view(seg)), means, nps[0][0] if nps and nps[0] else None))
        if out.hidden_segments:
            out.suppressed.append(f"{out.hidden_segments} department(s) are folded out of the split: too few "
                                  f"responses to show on their own (k = {self.k}).")


def _has(definition: Definition, qid: str) -> bool:
    return any(q.id == qid for q in definition.questions)
