"""The default answerer: no LLM, a grounded answer quoted from the best passages, with citations.

It picks the passage that best answers the question, quotes its topic sentence, the sentences or list
items that carry the question's terms, and enough of what follows to be useful on its own; list
introductions come with their items. A second passage is added only when it covers a part of the
question the first one does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.evidence import Passage, TermWeights
from bot.answers.text import addressed_to_ai, to_mrkdwn
from bot.ingest.units import Unit, units

MIN_CHARS = 320  # an answer shorter than this gets the passage's next sentences too
MAX_CHARS = 900
MAX_LIST_ITEMS = 8
SECOND_SOURCE_GAIN = 0.35  # share of the question's weight the second passage must add
SECOND_SOURCE_SLACK = 0.08  # how far below the best passage's rank score it may be


@dataclass
class Composed:
    text: str
    passages: list[Passage]  # cited passages, in citation order


class _Selection:
    """Chosen units of one passage; a list introduction counts once, together with its items."""

    def __init__(self, us: list[Unit]):
        self.us = us
        self.chosen: dict[int, Unit] = {}
        self.quotable = {u.position for u in us if not addressed_to_ai(u.text)}

    @property
    def count(self) -> int:
        return sum(1 for u in self.chosen.values() if u.kind == "sentence" or not self._in_list(u))

    @property
    def chars(self) -> int:
        return sum(len(u.text) for u in self.chosen.values())

    def _in_list(self, u: Unit) -> bool:
        return any(p.intro for p in self.us[:u.position] if p.kind == "sentence")

    def add(self, u: Unit) -> None:
        if u.position not in self.quotable:
            return
        self.chosen[u.position] = u
        if u.intro:  # "Phase 1 produces four deliverables:" brings the deliverables
            for item in self.us[u.position + 1:u.position + 1 + MAX_LIST_ITEMS]:
                if item.kind == "sentence":
                    break
                if item.position in self.quotable:
                    self.chosen[item.position] = item
        elif u.kind in ("bullet", "row"):  # an item brings its introduction
            for prev in reversed(self.us[:u.position]):
                if prev.kind == "sentence":
                    if prev.intro and prev.position in self.quotable:
                        self.chosen[prev.position] = prev
                    break

    def ordered(self) -> list[Unit]:
        return [self.chosen[p] for p in sorted(self.chosen)]


def relevance(u: Unit, passage: Passage, weights: TermWeights) -> float:
    """How much a sentence answers the question: its words, and its meaning when its vector is stored.

    Unit similarity to a question is ~0.6+ for the sentence that answers it and ~0.2 for unrelated ones.
    """
    lexical = weights.coverage(u.text)
    sim = passage.unit_similarity.get(u.position)
    if sim is None:
        return lexical
    return 0.5 * lexical + 0.5 * min(max((sim - 0.25) / 0.4, 0.0), 1.0)


def _select(passage: Passage, weights: TermWeights, max_units: int) -> list[Unit]:
    us = units(passage.text)
    if not us:
        return []
    sel = _Selection(us)
    us = [u for u in us if u.position in sel.quotable]
    if not us:
        return []
    sel.add(us[0])
    coverage = {u.position: relevance(u, passage, weights) for u in us}
    floor = max(0.15, 0.5 * max(coverage.values()))
    for u in sorted(us, key=lambda u: -coverage[u.position]):
        if sel.count >= max_units or sel.chars > MAX_CHARS or coverage[u.position] < floor:
            break
        sel.add(u)
    for u in us:  # too short to stand alone: continue reading the passage in order
        if sel.chars >= MIN_CHARS or sel.count >= max_units:
            break
        if u.position not in sel.chosen:
            sel.add(u)
    return sel.ordered()


def _render(selected: list[Unit], number: int) -> str:
    lines: list[str] = []
    paragraph: list[str] = []
    for u in selected:
        if u.kind == "sentence":
            paragraph.append(to_mrkdwn(u.text))
        else:
            if paragraph:
                lines.append(" ".join(paragraph))
                paragraph = []
            lines.append(f"• {to_mrkdwn(u.text)}")
    if paragraph:
        lines.append(" ".join(paragraph))
    if not lines:
        return ""
    lines[-1] = f"{lines[-1]} [{number}]"
    return "\n".join(lines)


def compose(ranked: list[Passage], weights: TermWeights, max_units: int) -> Composed:
    best = ranked[0]
    first = _select(best, weights, max_units)
    blocks = [_render(first, 1)]
    cited = [best]
    covered = set().union(*(weights.terms_in(u.text) for u in first)) | weights.terms_in(best.breadcrumb)
    missing = set(weights.weights) - covered
    for other in ranked[1:3]:
        if other.breadcrumb == best.breadcrumb or not missing:
            continue
        gain = weights.coverage(f"{other.breadcrumb}\n{other.text}", within=missing)
        if gain >= SECOND_SOURCE_GAIN and other.rank_score >= best.rank_score - SECOND_SOURCE_SLACK:
            extra = _select(other, weights, 2)
            blocks.append(_render(extra, len(cited) + 1))
            cited.append(other)
            break
    return Composed("\n\n".join(b for b in blocks if b), cited)
