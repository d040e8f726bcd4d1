"""One concrete, cited tip from the knowledge base for the KPI that needs it most."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.answers.text import addressed_to_ai, to_mrkdwn
from bot.ingest.units import plain, units
from bot.kpis.catalog import Kpi

log = logging.getLogger(__name__)
MIN_CHARS, MAX_CHARS = 40, 400
PASSAGES = 3
# A tip is advice: guidance sentences and sentences that start with a verb win; definitions, measurement
# recipes, examples and list fragments ("*time saved* on tasks …;") lose. Hand-written cues, tuned on the
# knowledge base with every KPI of the catalog.
_GUIDANCE = re.compile(r"^(practical guidance( for [\w ]+)?|guidance|tip|example)\s*:\s*", re.IGNORECASE)
_NOT_ADVICE = re.compile(r"^\**(definition|how to measure|formulas?|example formula|benchmark|worked example)\b",
                         re.IGNORECASE)
_LABEL = re.compile(r"^\*\*[^*]{1,80}\*\*\s*[-:–]|^\*\*[^*]{1,80}:\*\*")  # "**eNPS (…):** asks …": a definition
_VERBS = {"add", "agree", "ask", "avoid", "build", "check", "choose", "co-design", "combine", "compare", "define",
          "document", "encourage", "explain", "give", "involve", "keep", "make", "measure", "pair", "pick", "plan",
          "put", "reassess", "record", "remove", "report", "review", "revisit", "reward", "run", "schedule", "set",
          "share", "show", "start", "stay", "tell", "track", "train", "treat", "use"}


def advice_score(text: str) -> float:
    """How much a sentence reads like a concrete next step (bonus) or like something else (penalty)."""
    if _NOT_ADVICE.match(text) or text.rstrip().endswith((";", ",")):
        return -0.3
    if _LABEL.match(text):
        return -0.15
    body = _GUIDANCE.sub("", text)
    first = re.sub(r"[^a-z-]", "", body.split(" ", 1)[0].lower())
    score = 0.1 if body != text else 0.0
    if first in _VERBS or re.search(r"\b(should|mitigat|recommend)", body, re.IGNORECASE):
        score += 0.1
    return score


def as_tip(text: str) -> str:
    body = _GUIDANCE.sub("", text).strip()
    return body[:1].upper() + body[1:]


@dataclass(frozen=True)
class Tip:
    kpi: str
    text: str  # Slack mrkdwn
    title: str
    section: str
    path: str

    @property
    def source(self) -> str:
        return f"{self.title} › {self.section}" if self.section else self.title

    @property
    def plain_text(self) -> str:
        return plain(self.text.replace("*", ""))


class TipFinder:
    """``passages(query)`` is AnswerService.passages: hybrid retrieval with sentence similarities."""

    def __init__(self, passages: Callable[[str], list]):
        self._passages = passages

    def tip(self, kpi: Kpi) -> Tip | None:
        try:
            found = self._passages(kpi.tip_query)
        except Exception as exc:  # no index yet, store unavailable: a nudge without a tip is still useful
            log.warning("no tip for %s: %s", kpi.key, type(exc).__name__)
            return None
        best, best_score = None, -1.0
        for rank, passage in enumerate(found[:PASSAGES]):
            for unit in units(passage.text):
                text = unit.text.strip()
                if unit.kind == "row" or unit.intro or not MIN_CHARS <= len(as_tip(text)) <= MAX_CHARS \
                        or addressed_to_ai(text):
                    continue
                # meaning first, then how much it reads like advice; the better-ranked passage wins ties
                score = passage.unit_similarity.get(unit.position, 0.0) - 0.02 * rank + advice_score(text)
                if score > best_score:
                    best, best_score = (passage, text), score
        if best is None:
            return None
        passage, text = best
        return Tip(kpi.key, to_mrkdwn(as_tip(text)), passage.title, passage.section, passage.path)
