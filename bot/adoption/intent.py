"""Intent beside use: per department, what the latest closed TAM or UTAUT survey says people intend (its
behavioural-intention construct, 1–7) next to the adoption measured from the tools (a ``Figure``), flagging
departments where the two disagree, each with a tip citing the knowledge base.

Intentions come from the survey's own results (bot.surveys.analytics), so only the departments that survey's
release partition lets HR see are ever compared; a raw per-department mean is never computed here."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from bot.adoption.pooling import ALL
from bot.adoption.rollup import Figure
from bot.clock import as_utc
from bot.surveys.analytics import UNKNOWN_DEPARTMENT, Answered, ResultsAnalysis
from bot.surveys.anonymity import effective_k
from bot.surveys.definition import Definition
from bot.surveys.service import CLOSED
from bot.tenancy import EVERY_ROW, Tenant

TEMPLATES = ("tam", "utaut")  # the surveys intention is read from
INTENTION = "behavioural_intention"  # the construct (knowledge/surveys/utaut.yaml; a TAM survey may add it)

# Intention is the mean of the construct's items on the 1–7 agreement scale.
HIGH_INTENT = 5.0  # the scale's top third: on average people at least "somewhat agree" they mean to use it
LOW_INTENT = 4.0  # below the midpoint ("neither agree nor disagree"): on average people lean towards not
# Adoption is percent active of eligible. The knowledge base's benchmark is 60–80% within 6–12 months
# (knowledge/kpis/framework-kpis.md#employee-adoption-rate-definition-measurement-and-benchmark).
HIGH_USE = 60.0  # the bottom of that benchmark: most people use it
LOW_USE = 40.0  # fewer than two in five use it: well short of the benchmark

WANT_MORE = "high-intent-low-use"
UNCONVINCED = "low-intent-high-use"


@dataclass(frozen=True)
class Tip:
    text: str  # our own short words
    source: str  # PATH#ANCHOR of the knowledge-base section it rests on (anchors as bot.ingest.chunking.anchor)


FLAGS = {
    WANT_MORE: ("People want to use it but don't: look at access and incentives.",
                Tip("First check that everyone has a seat and can sign in; then look at the levers people "
                    "respond to: time to try it, reviews, promotion, bonus, and blame when it goes wrong.",
                    "knowledge/incentives/why-rollouts-fail.md#the-five-levers-employees-actually-respond-to")),
    UNCONVINCED: ("Used but not believed in: look at perceived usefulness and training.",
                  Tip("Show the gains on the team's own work and train on its own cases, in short lessons at "
                      "the moment a skill is needed, so use turns into conviction.",
                      "knowledge/framework/best-practices.md#role-based-training-microlearning-and-scenario-workshops")),
}


@dataclass(frozen=True)
class Intent:
    score: float  # mean behavioural intention, 1–7
    n: int  # survey responses of the group it is about (at least k)


@dataclass(frozen=True)
class IntentRow:
    department: str  # as the figure names it (a department or ALL)
    tool: str
    intent: Intent
    figure: Figure
    flag: str = ""  # WANT_MORE, UNCONVINCED or "" (the two agree, or sit in between)

    @property
    def message(self) -> str:
        return FLAGS[self.flag][0] if self.flag else ""

    @property
    def tip(self) -> Tip | None:
        return FLAGS[self.flag][1] if self.flag else None


def flag_of(intent: Intent, figure: Figure) -> str:
    if intent.score >= HIGH_INTENT and figure.rate < LOW_USE:
        return WANT_MORE
    if intent.score < LOW_INTENT and figure.rate >= HIGH_USE:
        return UNCONVINCED
    return ""


def _key(name: str) -> str:
    """Department names from the directory and from Slack profiles, compared ignoring case and spacing."""
    return " ".join(name.split()).casefold()


def compare(figures: Sequence[Figure], intents: Mapping[str, Intent]) -> list[IntentRow]:
    """One row per figure whose department (or ALL) has an intention, in the figures' order. Pass
    ``Rollup.by_department()`` for use of any AI tool; the pooled group has no intention of its own."""
    wanted = {_key(d): i for d, i in intents.items()}
    rows = []
    for figure in figures:
        intent = wanted.get(_key(figure.department))
        if intent is not None:
            rows.append(IntentRow(figure.department, figure.tool, intent, figure, flag_of(intent, figure)))
    return rows


class SurveyIntents(NamedTuple):
    survey_id: int
    title: str
    closed_at: datetime
    intents: Mapping[str, Intent]  # ALL and each department the survey's results show, by their names there


class IntentService:
    """Reads the latest closed TAM or UTAUT survey whose intention can be shown, through the unit of work."""

    def __init__(self, uow_factory: Callable, min_responses: int):
        self._uow = uow_factory
        self.k = effective_k(min_responses)

    def latest_intents(self, tenant: Tenant = EVERY_ROW) -> SurveyIntents | None:
        """Intention for the organisation (ALL) and per department, from ``tenant``'s most recently closed
        TAM or UTAUT survey with an intention construct whose results show it at least for everyone (an
        earlier one when the latest has too few answers); None when there is no such survey."""
        with self._uow() as uow:
            closed = [s for s in uow.surveys.all([CLOSED], tenant)
                      if s.template_id in TEMPLATES and s.closed_at is not None]
            closed.sort(key=lambda s: (as_utc(s.closed_at), s.id), reverse=True)
            for survey in closed:
                definition = Definition.from_json(json.loads(survey.questions))
                if INTENTION not in definition.construct_items():
                    continue
                intents = self._intents(uow, survey.id, definition)
                if intents:
                    return SurveyIntents(survey.id, survey.title, as_utc(survey.closed_at), intents)
        return None

    def _intents(self, uow, survey_id: int, definition: Definition) -> dict[str, Intent]:
        answered = [Answered(r.department, json.loads(r.answers)) for r in uow.surveys.responses(survey_id)]
        results = ResultsAnalysis(definition, answered, self.k).results(survey_id, "", 0, 0, 0, {})
        overall = next((c for c in results.constructs if c.id == INTENTION), None)
        if overall is None:
            return {}
        intents = {ALL: Intent(overall.mean, overall.n)}
        for segment in results.segments:
            if INTENTION in segment.constructs and segment.value != UNKNOWN_DEPARTMENT:
                intents[segment.value] = Intent(segment.constructs[INTENTION], segment.n)
        return intents
