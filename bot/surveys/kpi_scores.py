"""Survey scores for the KPI feature (the ``SurveyScores`` port of bot.kpis.ports): TAM, UTAUT and eNPS for
the surveys that closed in a period, for the organisation or one department, under the surveys' own
anonymity rules.

What is scored
- Surveys created from the ``tam``, ``utaut`` and ``enps`` templates (``Survey.template_id``), each scored on
  the questions stored with it (what people were actually asked).
- TAM and UTAUT: each respondent's mean over the template's construct items (all constructs together,
  reverse-coded items flipped by the same code the survey report uses), then the mean over respondents.
  Only respondents who answered every such item count (and only they count towards k), as in the survey
  report's construct means.
- eNPS: % of 0–10 answers that are 9–10 minus % that are 0–6 (bot.surveys.stats.enps), on the survey's
  0–10 question.

Which surveys a period [start, end) holds
- Only *closed* surveys (``Survey.closed_at`` set). A survey belongs to the one period in which it closed:
  the UTC date of ``closed_at`` is in [start, end). All its responses count; the week an answer came in
  plays no part. A survey closed at 23:59 UTC on 30 November is November's; one closed at 00:00 UTC on
  1 December is December's. A survey that is still open counts nowhere, however many answers it has.
- A survey joins the pool of its KPI only when, *on its own*, it passes bot.surveys.anonymity.view_allowed
  for the view asked for: at least k scored answers and, with a department, the survey report's department
  rules — the rest of the organisation holds 0 or at least k answers, and the department would be shown in
  a department split (secondary suppression). Surveys that fail are left out entirely, not topped up by
  others: two surveys of 3 answers never make a score, and a survey of k−1 next to one of k adds nothing.
- The included surveys of one template are pooled: their scored answers are put together and scored as
  one set (anonymous answers cannot be linked, so a person who answered two TAM surveys counts twice).
  The pool is checked with view_allowed once more, as a safeguard; a key with no pool, or a pool that
  fails, is left out of the result. Departments match exactly, as the KPI feature's own figures do.

Why this is safe
Pooling answers by answer week, as this module once did, could be defeated by subtraction: a week showing
5 answers beside a month showing 6 gave away the sixth person's answer, and so did the same month shown on
two Mondays while a survey was still taking answers (5, then 6). Under the rule above, every value shown is
computed over a union of whole, closed surveys, each of which has at least k answers in that view. So the
difference between any two values shown — two overlapping periods, one period at two points in time, the
organisation and a department, two departments — is again made of whole surveys with at least k answers
each, or of the rest-of-organisation part of a survey (what it holds outside the department(s) shown),
which view_allowed keeps at 0 or at least k per survey. A survey that is not closed never contributes, and
a closed survey's answers never change (a closed survey takes no answers), so a value, once shown, does
not drift as time passes; a period's value changes only when a further whole survey closes in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from bot.store.tables.surveys import Survey
from bot.surveys import anonymity, stats
from bot.surveys.analytics import DEPARTMENT, UNKNOWN_DEPARTMENT, ResultsAnalysis, Answered
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
               department: str | None) -> dict[str, float]:
    """survey_tam, survey_utaut and survey_enps over the surveys that closed in [start, end), each of which
    must be showable on its own (see the module docstring); a key is left out when nothing can be shown."""
    k = anonymity.effective_k(k)
    department = (department or "").strip() or None
    conditions = {DEPARTMENT: department} if department else {}
    key_of = {template: key for key, template in TEMPLATE_OF.items()}
    with uow_factory() as uow:
        found = uow.surveys.closed_template_responses(list(key_of), start, end)
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
