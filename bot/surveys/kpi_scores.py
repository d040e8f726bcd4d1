"""Survey scores for the KPI feature (the ``SurveyScores`` port of bot.kpis.ports): TAM, UTAUT and eNPS of the
surveys that closed in a period, for the organisation or one department, under the surveys' anonymity rules.

Only closed surveys count, each in the period its ``closed_at`` falls in, and only when it passes
``anonymity.view_allowed`` on its own for the view; the included surveys of a template are pooled and the
pool checked again. Why whole closed surveys: docs/decisions/0002-survey-kpis-from-whole-closed-surveys.md."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from bot.store.tables.surveys import Survey
from bot.surveys import anonymity, stats
from bot.surveys.analytics import (
    DEPARTMENT,
    UNKNOWN_DEPARTMENT,
    Answered,
    ResultsAnalysis,
)
from bot.surveys.definition import Definition, Question, SurveyError
from bot.surveys.templates import TemplateLibrary
from bot.tenancy import EVERY_ROW, Tenant

TEMPLATE_OF = {"survey_tam": "tam", "survey_utaut": "utaut", "survey_enps": "enps"}  # KPI key -> template id
ENPS = "survey_enps"

Scored = tuple[Answered, float]  # a response and the one number it adds to a KPI


def construct_items(definition: Definition, constructs: set[str] | None) -> list[Question]:
    """The survey's likert items of the given constructs (all its constructs when ``constructs`` is None)."""
    return [q for cid, items in definition.construct_items().items()
            if constructs is None or cid in constructs for q in items]


def person_means(definition: Definition, answered: Sequence[Answered], k: int,
                 constructs: set[str] | None) -> list[Scored]:
    """Each complete respondent's mean over the construct items, reverse-coded items flipped."""
    items = construct_items(definition, constructs)
    if not items:
        return []
    complete = [i for i, r in enumerate(answered) if all(r.answers.get(q.id) is not None for q in items)]
    rows = ResultsAnalysis(definition, answered, k).construct_scores(items, complete)
    return [(answered[i], sum(row) / len(row)) for i, row in zip(complete, rows)]


def nps_answers(definition: Definition, answered: Sequence[Answered]) -> list[Scored]:
    """The answers to the survey's 0–10 question (the first one, should a custom survey have several)."""
    question = next((q for q in definition.questions if q.kind == "nps"), None)
    if question is None:
        return []
    return [(r, float(r.answers[question.id])) for r in answered if r.answers.get(question.id) is not None]


def template_constructs(templates: TemplateLibrary, template_id: str) -> set[str] | None:
    """The constructs the template defines (a construct HR added to a TAM survey is not TAM); None when the
    template is no longer in the library, and the survey's own constructs are used."""
    try:
        return set(templates.get(template_id).definition.construct_items())
    except SurveyError:
        return None


def rows_of(pool: Sequence[Scored]) -> list[anonymity.Row]:
    """What the anonymity rules look at: each scored answer's department."""
    return [{DEPARTMENT: r.department or UNKNOWN_DEPARTMENT} for r, _ in pool]


def score(key: str, pool: Sequence[Scored], conditions: Mapping[str, str], k: int) -> float | None:
    """The KPI's value over the pool (or its department's part), when the anonymity rules allow it."""
    rows = rows_of(pool)
    if not anonymity.view_allowed(rows, conditions, k):
        return None
    values = [value for (_, value), row in zip(pool, rows) if anonymity.matches(row, conditions)]
    if key == ENPS:
        result = stats.enps([int(v) for v in values])
        return None if result is None else result[0]
    return stats.mean(values)


def scored_answers(key: str, survey: Survey, answered: Sequence[Answered], templates: TemplateLibrary,
                   k: int) -> list[Scored]:
    """One survey's contribution to its KPI: person means (TAM, UTAUT) or 0–10 answers (eNPS)."""
    definition = Definition.from_json(json.loads(survey.questions))
    if key == ENPS:
        return nps_answers(definition, answered)
    return person_means(definition, answered, k, template_constructs(templates, survey.template_id))


def kpi_scores(uow_factory: Callable, templates: TemplateLibrary, k: int, start: date, end: date,
               department: str | None, tenant: Tenant = EVERY_ROW) -> dict[str, float]:
    """survey_tam, survey_utaut and survey_enps over ``tenant``'s surveys that closed in [start, end), each of
    which must be showable on its own (see the module docstring); a key is left out when nothing can be shown."""
    k = anonymity.effective_k(k)
    department = (department or "").strip() or None
    conditions = {DEPARTMENT: department} if department else {}
    key_of = {template: key for key, template in TEMPLATE_OF.items()}
    with uow_factory() as uow:
        found = uow.surveys.closed_template_responses(list(key_of), start, end, tenant)
    by_survey: dict[int, tuple[Survey, list[Answered]]] = {}
    for survey, response in found:
        by_survey.setdefault(survey.id, (survey, []))[1].append(
            Answered(response.department, json.loads(response.answers)))
    pools: dict[str, list[Scored]] = {key: [] for key in TEMPLATE_OF}
    for survey, answered in by_survey.values():
        key = key_of[survey.template_id]
        scored = scored_answers(key, survey, answered, templates, k)
        if scored and anonymity.view_allowed(rows_of(scored), conditions, k):  # this survey alone is showable
            pools[key] += scored
    out = {}
    for key, pool in pools.items():
        value = score(key, pool, conditions, k) if pool else None
        if value is not None:
            out[key] = value
    return out
