"""Evaluate retrieval and answers on a QA set: Recall@k, MRR, fact hits, declines, latency."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from bot.answers.models import Turn
from bot.answers.selection import LABEL
from bot.answers.service import AnswerService
from bot.errors import UserError
from bot.retrieval.hybrid import MODES
from bot.safe_yaml import load_yaml


class _Also(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    section: str | None = None


class QAItem(BaseModel):
    """One question of a QA file (see tests/qa/README.md); unknown keys are refused, so a typo is not ignored."""

    model_config = ConfigDict(extra="forbid")

    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    # a follow-up: asked after this question, with it and its answer as the conversation so far
    after: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = None
    answerable: StrictBool = True
    path: str | None = None
    section: str | None = None
    facts: list[str] = []
    kind: Literal["out_of_scope", "unknown"] | None = None
    also: list[_Also] = []  # other passages that answer it
    _set: str = PrivateAttr("")  # the file it came from (its stem), for figures per set

    @property
    def qa_set(self) -> str:
        return self._set

    @model_validator(mode="after")
    def _answerable_needs_a_path(self):
        if self.answerable and not self.path:
            raise ValueError("it is answerable but names no path")
        return self


_MESSAGES = {"model_type": "should be a mapping with a path (and optionally a section)",
             "extra_forbidden": f"is not a known key (known: {', '.join(QAItem.model_fields)})",
             "missing": "is required"}


def _problem(exc: ValidationError) -> str:
    """The first problem of an item, in one line: "facts: input should be a valid list", "also[1].path: is required"."""
    error = exc.errors()[0]
    where = "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in error["loc"]).lstrip(".")
    message = _MESSAGES.get(error["type"]) or error["msg"].removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    return f"{where}: {message}" if where else message


def load_qa(paths: Iterable[Path]) -> list[QAItem]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")))
        elif p.exists():
            files.append(p)
        else:
            raise UserError(f"No such QA file or folder: {p}")
    items: list[QAItem] = []
    for f in files:
        data = load_yaml(f) or []
        if not isinstance(data, list):
            raise UserError(f"{f} must be a YAML list of questions")
        for n, raw in enumerate(data, start=1):
            if not isinstance(raw, dict):
                raise UserError(f"{f} item {n} must be a mapping with at least a question")
            try:
                item = QAItem.model_validate(raw)
            except ValidationError as exc:
                raise UserError(f"{f} item {n}: {_problem(exc)}") from None
            item._set = f.stem
            items.append(item)
    if not items:
        raise UserError("The QA set is empty")
    return items


def _normalise(text: str) -> str:
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    for a, b in (("–", "-"), ("—", "-"), ("*", ""), ("_", " ")):
        text = text.replace(a, b)
    return " ".join(text.lower().split())


def fact_hit(answer_text: str, facts: Sequence[str]) -> bool:
    body = _normalise(answer_text)
    return all(_normalise(f) in body for f in facts)


def lead(answer_text: str) -> str:
    """What a reader meets first: the answer's first block, and the first block of each labelled part or side of a
    two-part question or a comparison, without the further passages quoted after them. Quoting more passages
    raises the fact hit rate; whether the facts are in the lead says whether the answer puts them first."""
    blocks = [b for b in answer_text.split("\n\n") if b.strip()]
    return "\n\n".join(b for i, b in enumerate(blocks) if i == 0 or LABEL.match(b.lstrip()))


def _matches(want_path: str | None, want_section: str | None, path: str, breadcrumb: str) -> bool:
    return path == want_path and (not want_section or want_section.lower() in breadcrumb.lower())


def relevant(item: QAItem, path: str, breadcrumb: str, strict: bool = False) -> bool:
    """Is this passage an answer? Strict: only the item's own path/section; otherwise `also` counts too."""
    if _matches(item.path, item.section, path, breadcrumb):
        return True
    return not strict and any(_matches(a.path, a.section, path, breadcrumb) for a in item.also)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def score(service: AnswerService, item: QAItem, mode: str) -> dict:
    """How one question went: its answer's rank, facts, decline and latency."""
    history = ()
    if item.after:  # the previous turn is asked for real: the follow-up borrows from its answer
        first = service.ask(item.after, mode=mode)
        history = (Turn(first.question, first.text),)
    answer = service.ask(item.question, history, mode=mode)
    record = {"item": item, "latency": answer.latency_ms, "confidence": answer.confidence, "miss": None,
              "answered": answer.answered, "signals": answer.signals, "high": answer.high_confidence}
    if not item.answerable:
        record["right"] = record["fit"] = False  # any answer to it is wrong
        if answer.answered:
            record["miss"] = _miss(item, "answered but should decline", answer,
                                   answer.sources[0].label if answer.sources else "")
        return record
    # the order the answer was chosen from (a follow-up's or a scene's re-ranking included); a question declined by
    # rule before retrieval has none, and is ranked as its query searches
    ranked = answer.ranked or [(p.path, p.breadcrumb) for p in service.passages(answer.query, mode)]
    rank = next((i for i, (path, crumb) in enumerate(ranked, start=1) if relevant(item, path, crumb)), None)
    strict = next((i for i, (path, crumb) in enumerate(ranked, start=1) if relevant(item, path, crumb, strict=True)),
                  None)
    hit = answer.answered and fact_hit(answer.text, item.facts) if item.facts else None
    first = answer.answered and fact_hit(lead(answer.text), item.facts) if item.facts else None
    record.update(rank=rank, strict_rank=strict, fact_hit=hit, fact_hit_lead=first, chars=len(answer.text),
                  # right: the answer carries the facts (or, with none listed, quotes the right passage first)
                  right=bool(answer.answered and (hit if hit is not None else rank == 1)),
                  # what calibration learns: would answering from the best passage be right (declined or not)
                  fit=rank == 1 and (not answer.answered or hit is not False))
    if rank != 1 or not answer.answered or hit is False:
        problem = ("declined" if not answer.answered else "right passage not retrieved" if rank is None
                   else f"right passage at rank {rank}" if rank != 1 else "facts missing")
        record["miss"] = _miss(item, problem, answer, ranked[0][1] if ranked else "",
                               rank=rank, fact_hit=hit)
    return record


def _miss(item: QAItem, problem: str, answer, got: str, **details) -> dict:
    """One question that went wrong, as `coach eval` lists it (the same keys in its table and its JSON)."""
    expected = f"{item.path} › {item.section}" if item.section else (item.path or "a decline")
    return {"question": item.question, "problem": problem, "expected": expected, "got": got,
            "confidence": round(answer.confidence, 3), "answered": answer.answered, **details}


def summarise(records: Sequence[dict]) -> dict:
    """The figures of a set of question records (all of a QA run, or one file's)."""
    answerable = [r for r in records if r["item"].answerable]
    declines = [not r["answered"] for r in records if not r["item"].answerable]
    facts = [r["fact_hit"] for r in answerable if r["fact_hit"] is not None]
    leads = [r["fact_hit_lead"] for r in answerable if r["fact_hit_lead"] is not None]
    lengths = [r["chars"] for r in answerable if r["answered"]]
    latencies = [r["latency"] for r in records]
    n = len(answerable) or 1

    def recall(k: int, key: str = "rank") -> float:
        return sum(1 for r in answerable if r[key] is not None and r[key] <= k) / n

    return {
        "answerable": len(answerable), "unanswerable": len(declines),
        "recall@1": recall(1), "recall@3": recall(3), "recall@5": recall(5),
        "recall@3_strict": recall(3, "strict_rank"),
        "mrr": sum(1 / r["rank"] for r in answerable if r["rank"]) / n,
        "fact_hit_rate": sum(facts) / len(facts) if facts else 0.0,
        "fact_hit_rate_lead": sum(leads) / len(leads) if leads else 0.0,
        "median_answer_chars": statistics.median(lengths) if lengths else 0.0,
        "decline_accuracy": sum(declines) / len(declines) if declines else 0.0,
        "false_decline_rate": sum(not r["answered"] for r in answerable) / len(answerable) if answerable else 0.0,
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": _percentile(latencies, 0.95),
        "misses": [r["miss"] for r in records if r["miss"]],
        "confidences": [(r["confidence"], r["item"].answerable) for r in records],
        # reliability: stated confidence against "that answer was right", over the answers given
        "scored": [(r["confidence"], r["right"]) for r in records if r["answered"]],
        "high_confidence": _high(records),
        "fit": [(r["signals"], r["fit"]) for r in records if r["signals"]],
        # what the high-confidence mark is judged by: the answers given, and whether each was right
        "judged": [(r["signals"], r["right"]) for r in records if r["signals"] and r["answered"]],
    }


def _high(records: Sequence[dict]) -> dict:
    high = [r["right"] for r in records if r["answered"] and r["high"]]
    return {"answers": len(high), "right": sum(high) / len(high) if high else 0.0}


def evaluate_mode(service: AnswerService, items: Sequence[QAItem], mode: str) -> dict:
    return by_set([score(service, item, mode) for item in items])


def by_set(records: Sequence[dict]) -> dict:
    """The figures of these records, and each QA file's apart."""
    summary = summarise(records)
    sets = sorted({r["item"].qa_set for r in records})
    if len(sets) > 1:  # each QA file's figures apart: a new file written before tuning must not hide in the total
        summary["sets"] = {name: summarise([r for r in records if r["item"].qa_set == name]) for name in sets}
    return summary


def suggest_threshold(confidences: Sequence[tuple[float, bool]]) -> float:
    """The confidence cut that classifies answerable vs unanswerable questions best.

    Ties go to the higher cut: an answer quoted from a weak passage misleads, while "I don't know" points
    the person to someone who does. On tests/qa, cuts of 0.24 and 0.30 tie (157 of 161 right): 0.30
    declines two more unanswerable questions and two more answerable ones, so 0.30 is the default.
    """
    best_t, best_ok = 0.0, -1
    for t in sorted({round(c, 2) for c, _ in confidences}):
        ok = sum((c >= t) == answerable for c, answerable in confidences)
        if ok >= best_ok:
            best_t, best_ok = t, ok
    return best_t


def run_eval(service: AnswerService, items: Sequence[QAItem], modes: Sequence[str] = MODES) -> dict:
    service.warm_up()
    results = {}
    for mode in modes:
        clear = getattr(type(service.retriever.vectors.embeddings), "_embed_query_cached", None)
        if clear is not None:  # each mode pays for embedding its questions, as a real process does
            clear.cache_clear()
        results[mode] = evaluate_mode(service, items, mode)
    return results_of(service, len(items), results)


def results_of(service: AnswerService, questions: int, modes: dict[str, dict]) -> dict:
    """What `coach eval` reports: each mode's figures, the best confidence cut and the settings they were
    measured with."""
    hybrid = modes.get("hybrid")
    return {"questions": questions, "modes": modes,
            "suggested_min_confidence": suggest_threshold(hybrid["confidences"]) if hybrid else None,
            "min_confidence": service.policy.min_confidence,
            "calibration": asdict(service.calibration) if service.calibration else None}
