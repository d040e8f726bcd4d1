"""What an answer is, independent of where it is shown (Slack, CLI, JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["answer", "unknown", "out_of_scope", "empty"]


@dataclass(frozen=True)
class Source:
    number: int  # the [n] used in the answer text
    title: str  # document title
    section: str  # breadcrumb below the title ("Section › Subsection"), "" for the document's intro
    path: str
    score: float  # relevance of this passage to the question, 0..1

    @property
    def label(self) -> str:
        return f"{self.title} › {self.section}" if self.section else self.title

    def to_json(self) -> dict:
        return {"title": self.title, "section": self.section, "path": self.path, "score": round(self.score, 3)}


@dataclass
class Answer:
    question: str
    answered: bool
    kind: Kind
    text: str  # Slack mrkdwn with [n] citation markers
    confidence: float
    sources: list[Source] = field(default_factory=list)
    latency_ms: float = 0.0
    query: str = ""  # what was searched (the question, or the question completed from earlier turns)
    suggestions: list[str] = field(default_factory=list)  # nearby topics when the bot does not know
    signals: dict[str, float] = field(default_factory=dict)  # what confidence was computed from (bot.answers.calibration)
    # the passages the answer was chosen from, best first, as (path, breadcrumb): what `coach eval` ranks
    ranked: list[tuple[str, str]] = field(default_factory=list)
    high_confidence: bool = False  # at or above the calibrated mark where >= 95% of answers were right

    def to_json(self) -> dict:
        """The `coach ask --json` contract."""
        return {"question": self.question, "answered": self.answered, "answer": self.text,
                "confidence": round(self.confidence, 3), "sources": [s.to_json() for s in self.sources],
                "latency_ms": round(self.latency_ms, 1)}


@dataclass(frozen=True)
class Turn:
    """One earlier exchange in a conversation, used to understand follow-up questions."""

    question: str
    answer: str = ""
