"""Passages retrieved for a question, with the features used to rank them and to judge confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.ingest.units import plain, units
from bot.retrieval.lexical import LexicalIndex, TermAnalyzer

# The noun a "what are the X of Y" question asks for weighs this many times its IDF.
HEAD_WEIGHT = 2.0
# "what are the (main) phases of…", "which risks of…": the noun before "of", "for", "in"… (one word may precede it)
_HEAD = re.compile(r"^\s*(?:what|which)(?:'s|’s|\s+are|\s+is|\s+were|\s+was)?\s+(?:the|a|an)?\s*(?:\w+\s+)?"
                   r"([a-z]+)\s+(?:of|for|in|to|when|during)\b", re.IGNORECASE)
# the same asked in a few words without the question word ("phases of an ai rollout?")
_BARE_HEAD = re.compile(r"^\s*(?:the\s+)?(?:main\s+|key\s+)?([a-z]+s)\s+(?:of|for|in)\s+(?:\S+\s+){0,4}\S+\s*\??\s*$",
                        re.IGNORECASE)


@dataclass
class Passage:
    chunk_id: str
    path: str
    title: str
    breadcrumb: str
    text: str
    dense: float  # cosine(question, passage)
    coverage: float  # share of the question's (IDF-weighted) terms found in the passage
    heading_coverage: float  # the same, in the breadcrumb alone
    rank_score: float = 0.0
    evidence: float | None = None  # the part of rank_score its own text earns (evidence_score); rank_score if unset
    unit_similarity: dict[int, float] = field(default_factory=dict)  # unit position -> cosine to question
    question_similarity: float = 0.0  # to the closest question the section says it answers (or was taught)
    ordinal: int = 0  # the chunk's place in its document
    leads: bool = False  # its section's listed question is a clear paraphrase of the question (bot.retrieval.hybrid)
    section_probability: float = 0.0  # that its section answers the question (bot.retrieval.questions' section model)

    def __post_init__(self) -> None:
        if self.evidence is None:
            self.evidence = self.rank_score

    @property
    def section(self) -> str:
        parts = self.breadcrumb.split(" › ", 1)
        return parts[1] if len(parts) > 1 else ""


class TermWeights:
    """IDF-weighted overlap between a question and any piece of text."""

    def __init__(self, query: str, analyzer: TermAnalyzer, lexical: LexicalIndex):
        self.analyzer = analyzer
        terms = dict.fromkeys(analyzer.terms(query))
        self.weights = {t: lexical.idf(t) for t in terms}
        m = _HEAD.match(query) or _BARE_HEAD.match(query)
        head = analyzer.terms(m.group(1)) if m else []
        if head and head[0] in self.weights:  # "what are the phases of an AI rollout?": about phases
            self.weights[head[0]] *= HEAD_WEIGHT
        self.total = sum(self.weights.values())

    def coverage(self, text: str, within: set[str] | None = None) -> float:
        if not self.total:
            return 0.0
        present = set(self.analyzer.terms(plain(text)))
        terms = self.weights if within is None else {t: w for t, w in self.weights.items() if t in within}
        return sum(w for t, w in terms.items() if t in present) / self.total

    def terms_in(self, text: str) -> set[str]:
        present = set(self.analyzer.terms(plain(text)))
        return {t for t in self.weights if t in present}


# How much the section model (bot.retrieval.questions) adds to a passage's rank: its probability that the passage's
# section answers, times this. It reorders only; confidence and the near-tie rules of composing read `evidence`.
# On every tests/qa file (622 answerable, 2026-12-06): without it Recall@1 0.780 and 531 fact hits, with it at 0.2
# 0.815 and 535; then, with five more listed questions in the guides, at 0.15 / 0.2 / 0.3 / 0.4 / 0.6 Recall@1
# 0.814 / 0.818 / 0.831 / 0.830 / 0.833 and 539 / 537 / 541 / 538 / 540 fact hits. Declines unchanged at each.
# With the worked examples (bot.retrieval.examples) the model is surer; cross-validated on tests/qa (1,387 in scope,
# `coach eval --folds 5`, 2026-12-07) at 0.3 / 0.5 / 0.8: Recall@1 1,141 / 1,153 / 1,159, fact hits 1,103 / 1,110 /
# 1,110, declines unchanged. 0.5: the higher weight won no fact, and an organisation's own documents, which the model
# never names, would lose more ground to the guides. Then the model read words too, and its likeliest sections joined
# the candidates (bot.retrieval.hybrid.MODEL_SECTIONS); cross-validated at 0.5 / 0.8 / 1.0 / 1.2: fact hits 1,124 /
# 1,134 / 1,136 / 1,139, Recall@1 1,193 / 1,212 / 1,213 / 1,215, declines unchanged. At 2.0 an organisation's own
# handbook lost first place to the guides (tests/retrieval/test_section_model.py); 1.0 keeps a margin from that.
SECTION_WEIGHT = 1.0


def evidence_score(p: Passage) -> float:
    """What the passage's own text says: meaning (dense), words (coverage) and headings; weights tuned with
    `coach eval`. Confidence reads the gap in this score, not in the rank score, so that the section model
    reorders passages without making an answer look surer."""
    return 0.7 * p.dense + 0.2 * p.coverage + 0.1 * p.heading_coverage


def rank_score(p: Passage) -> float:
    """The order passages are quoted in: their evidence (set first) and the section model's say."""
    return p.evidence + SECTION_WEIGHT * p.section_probability


def confidence(p: Passage) -> float:
    """0..1: how sure we are that the best passage answers the question.

    MiniLM cosine similarity for a passage that answers a question is typically 0.45-0.8 and for
    unrelated text 0.0-0.3; the lexical coverage guards against passages that are close in topic but
    miss the specific thing asked about. Threshold calibrated with `coach eval --qa tests/qa`.
    """
    dense = min(max((p.dense - 0.2) / 0.5, 0.0), 1.0)
    return round(min(max(0.55 * dense + 0.45 * p.coverage, 0.0), 1.0), 3)


def join_sections(passages: list[Passage]) -> list[Passage]:
    """Chunks of one long section found together read as one passage, in document order, at the place of the
    better one: the section's answer is often in its first chunk while a later one scores higher ("the minimum
    is 5 by default" opens the section; the exceptions come after). The chunks' overlap is quoted once.
    Hand-written: the split is ours (bot.ingest.chunking), so is putting it back together."""
    out: list[Passage] = []
    for p in passages:
        kept = next((k for k in out if k.path == p.path and k.breadcrumb == p.breadcrumb), None)
        if kept is None:
            out.append(p)
            continue
        first, second = sorted((kept, p), key=lambda x: x.ordinal)
        sims = {u.text: first.unit_similarity.get(u.position) for u in units(first.text)}
        for u in units(second.text):
            sims.setdefault(u.text, second.unit_similarity.get(u.position))
        seen = {u.text for u in units(first.text)}
        extra = [u.text if u.kind == "sentence" else f"- {u.text}" for u in units(second.text) if u.text not in seen]
        kept.text = first.text + ("\n\n" + "\n".join(extra) if extra else "")
        kept.unit_similarity = {u.position: sims[u.text] for u in units(kept.text) if sims.get(u.text) is not None}
        kept.ordinal = first.ordinal
        kept.dense, kept.coverage = max(kept.dense, p.dense), max(kept.coverage, p.coverage)
        kept.question_similarity = max(kept.question_similarity, p.question_similarity)
    return out
