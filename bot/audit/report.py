"""What an audit produces, independent of where it is shown (Slack, CLI, Markdown, CSV, JSON).

pydantic models, so a stored report (JSON in the database) reads back into exactly these objects."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_serializer

from bot.clock import as_utc

Rag = Literal["red", "amber", "green"]
RAG_EMOJI = {"red": "🔴", "amber": "🟠", "green": "🟢"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Citation(_Model):
    path: str
    section: str

    @property
    def label(self) -> str:
        return f"{self.path} › {self.section}" if self.section else self.path


class StepScore(_Model):
    step: Literal["displaced_work", "metrics", "rewards", "risks"]
    label: str
    points: int  # negative for risks
    max_points: int  # 0 for risks; less than the step's full points when an input was not given
    finding: str
    given: bool = True  # False: the input was not given, so the step is not scored (points and max 0)


class MetricFinding(_Model):
    text: str
    kind: Literal["activity", "outcome", "ai_aligned"]
    kind_label: str
    why: str
    ai_usage: bool = False
    vague: bool = False


class ArchetypeMatch(_Model):
    id: str | None  # None: no archetype close enough
    name: str | None
    closest_id: str
    closest_name: str
    confidence: float
    level: Literal["strong", "weak", "none"]
    note: str


class Risk(_Model):
    kind: Literal["judgement", "gaming", "trust"]
    message: str
    guardrail: str


class RoleReport(_Model):
    position: int
    role: str
    inputs: dict
    match: ArchetypeMatch
    score: int
    rag: Rag
    breakdown: list[StepScore]
    reasons: list[str]
    metrics: list[MetricFinding]
    recommended_metrics: list[str]  # metric names in plain words, the headline first
    metric_advice: str = ""  # how to apply them when no archetype supplies the metrics; "" otherwise
    already_measured: bool  # the recommended metric is already among the current ones
    incentive_shift: str
    shift_detail: str
    retire: list[str]  # current metrics not to reward on their own any more
    risks: list[Risk]
    gaming_risks: list[str]
    guardrails: list[str]
    staged_plan: list[str]
    citations: list[Citation]
    suggestions: list[str] = []  # from the optional LLM, labelled as such wherever shown
    not_given: list[str] = []  # inputs left out ("rewards", "AI workflows", "displaced work"): scored as unknown
    caveat: str = ""  # why the recommendations may not fit (a weak archetype match); "" when they do


class TeamSummary(_Model):
    score: int
    rag: Rag
    counts: dict[str, int]  # red / amber / green
    top_actions: list[str]
    review_by: date
    weak_matches: list[str] = []  # roles whose archetype the manager should confirm


class AuditReport(_Model):
    id: int | None = None
    team: str
    author: str
    created_at: datetime
    catalog_version: str
    roles: list[RoleReport]
    summary: TeamSummary
    llm: str | None = None  # the model that added suggestions, if any

    @field_serializer("created_at", when_used="json")
    def _utc_with_offset(self, value: datetime) -> str:
        """"2026-11-21T13:03:25+00:00", as `coach audit list --json` and the CSV write it (pydantic would
        write "Z")."""
        return as_utc(value).isoformat()

    @property
    def team_label(self) -> str:
        return self.team or "Unnamed team"
