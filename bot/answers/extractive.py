"""The default answerer: no LLM, a grounded answer quoted from the best passages, with citations.

It picks the passage that best answers the question, quotes its topic sentence and the sentences or
list items that carry the question's terms, keeps list introductions together with their items, and
adds a second passage when it covers part of the question the first one does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answers.evidence import Passage, TermWeights
from bot.answers.text import Unit, to_mrkdwn, units

MAX_CHARS = 900
MAX_LIST_ITEMS = 8


@dataclass
class Composed:
    text: str
    passages: list[Passage]  # cited passages, in citation order


def _select(passage: Passage, weights: TermWeights, max_units: int) -> list[Unit]:
    us = units(passage.text)
    if not us:
        return []
    scored = [(weights.coverage(u.text) + (0.3 if u.position == 0 else 0.0) + (0.05 if u.lead else 0.0), u)
              for u in us]
    best_cov = max(weights.coverage(u.text) for u in us)
    floor = max(0.2, 0.5 * best_cov)
    chosen: dict[int, Unit] = {us[0].position: us[0]}
    chars = len(us[0].text)
    for score, u in sorted(scored, key=lambda su: -su[0]):
        if len(chosen) >= max_units or chars > MAX_CHARS:
            break
        if u.position in chosen or weights.coverage(u.text) < floor:
            continue
        chosen[u.position] = u
        chars += len(u.text)
    # A chosen list introduction ("Deliverables:") brings its items; a chosen item brings its intro.
    for u in list(chosen.values()):
        if u.intro:
            for item in us[u.position + 1:u.position + 1 + MAX_LIST_ITEMS]:
                if item.kind == "sentence":
                    break
                chosen[item.position] = item
        elif u.kind in ("bullet", "row"):
            for prev in reversed(us[:u.position]):
                if prev.kind == "sentence":
                    if prev.intro:
                        chosen[prev.position] = prev
                    break
    return [chosen[p] for p in sorted(chosen)]


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
        gain = weights.coverage(other.text + " " + other.breadcrumb, within=missing)
        if gain >= 0.25 and other.rank_score >= best.rank_score - 0.12:
            extra = _select(other, weights, max(2, max_units // 2))
            blocks.append(_render(extra, len(cited) + 1))
            cited.append(other)
            break
    return Composed("\n\n".join(b for b in blocks if b), cited)
