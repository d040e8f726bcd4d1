"""One concrete, cited tip from the knowledge base for the KPI that needs it most."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.answers.text import addressed_to_ai, to_mrkdwn
from bot.ingest.units import plain, units
from bot.kpis.catalog import Kpi

log = logging.getLogger(__name__)
MIN_CHARS, MAX_CHARS = 40, 400
PASSAGES = 3


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
                if unit.kind == "row" or unit.intro or not MIN_CHARS <= len(text) <= MAX_CHARS or addressed_to_ai(text):
                    continue
                # sentence meaning first; advice-shaped units (list items, "guidance") and the best passage win ties
                score = passage.unit_similarity.get(unit.position, 0.0) - 0.02 * rank
                score += 0.05 if unit.kind == "bullet" or "guidance" in text.lower() else 0.0
                if score > best_score:
                    best, best_score = (passage, text), score
        if best is None:
            return None
        passage, text = best
        return Tip(kpi.key, to_mrkdwn(text), passage.title, passage.section, passage.path)
