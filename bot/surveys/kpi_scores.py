"""Survey scores for the KPI feature (the ``SurveyScores`` port of bot.kpis.ports): TAM, UTAUT and eNPS over
the answers given in a period, for the organisation or one department, under the surveys' own anonymity rules.

- Which surveys: those created from the ``tam``, ``utaut`` and ``enps`` templates (``Survey.template_id``).
  Each survey is scored on the questions stored with it (what people were actually asked).
- When: an answer is "given in [start, end)" when its week — the Monday, the only date an anonymous answer
  keeps — falls in that range. An answer given on Sunday 1 November therefore belongs to the week of Monday
  26 October, i.e. to October.
- TAM and UTAUT: each respondent's mean over the template's construct items (all constructs together,
  reverse-coded items flipped by the same code the survey report uses), then the mean over respondents.
  Only respondents who answered every such item count, as in the survey report's construct means.
- eNPS: % of 0–10 answers that are 9–10 minus % that are 0–6 (bot.surveys.stats.enps), on the survey's
  0–10 question.
- Several surveys of one template in the period (waves, or surveys sent to different groups) are *pooled*:
  their answers are put together and scored as one set, and the threshold applies to that pool. Anonymous
  answers cannot be linked, so a person who answered two TAM surveys in the period counts twice.
- Anonymity: a score is returned only when bot.surveys.anonymity.view_allowed passes for the pool — at least
  k answers (never fewer) and, with a department, the same rules as a department filter in the survey
  report: the rest of the organisation holds 0 or at least k answers, and the department would be shown
  in a department split. So an organisation score and a department score can never be subtracted to single
  out fewer than k people. Departments match exactly, as the KPI feature's own department figures do.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date

from bot.store.survey_models import Survey
from bot.surveys import anonymity, stats
from bot.surveys.analytics import DEPARTMENT, UNKNOWN_DEPARTMENT, Analyzer, Answered
from bot.surveys.definition import Definition, Question, SurveyError
from bot.surveys.templates import TemplateLibrary

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
    rows = Analyzer(definition, answered, k).construct_scores(items, complete)
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


def score(key: str, pool: Sequence[Scored], department: str | None, k: int) -> float | None:
    """The KPI's value over the pool (or its department's part), when the anonymity rules allow it."""
    rows = [{DEPARTMENT: r.department or UNKNOWN_DEPARTMENT} for r, _ in pool]
    conditions = {DEPARTMENT: department} if department else {}
    if not anonymity.view_allowed(rows, conditions, k):
        return None
    values = [value for (_, value), row in zip(pool, rows) if anonymity.matches(row, conditions)]
    if key == ENPS:
        result = stats.enps([int(v) for v in values])
        return None if result is None else result[0]
    return stats.mean(values)


def kpi_scores(uow_factory: Callable, templates: TemplateLibrary, k: int, start: date, end: date,
               department: str | None) -> dict[str, float]:
    """survey_tam, survey_utaut and survey_enps for answers given in [start, end) (see the module docstring);
    a key is left out when there is nothing to show or the answers are too few to show it."""
    k = anonymity.effective_k(k)
    key_of = {template: key for key, template in TEMPLATE_OF.items()}
    pools: dict[str, list[Scored]] = {key: [] for key in TEMPLATE_OF}
    with uow_factory() as uow:
        found = uow.surveys.template_responses(list(key_of), start, end)
    by_survey: dict[int, tuple[Survey, list[Answered]]] = {}
    for survey, response in found:
        by_survey.setdefault(survey.id, (survey, []))[1].append(
            Answered(response.department, json.loads(response.answers)))
    for survey, answered in by_survey.values():
        key = key_of[survey.template_id]
        definition = Definition.from_json(json.loads(survey.questions))
        if key == ENPS:
            pools[key] += nps_answers(definition, answered)
        else:
            pools[key] += person_means(definition, answered, k, template_constructs(templates, survey.template_id))
    out = {}
    for key, pool in pools.items():
        value = score(key, pool, (department or "").strip() or None, k) if pool else None
        if value is not None:
            out[key] = value
    return out
