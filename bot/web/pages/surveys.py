"""/app/surveys: every survey with its live response rate. /app/surveys/<id>: one survey's results as the survey
service releases them (bot.surveys.service.results: the k rule and the release partition), drawn by
bot.surveys.charts, each chart with its table and CSV; /app/surveys/<id>.csv is the CLI's export
(bot.surveys.export) of the same results. Filters are offered only from ``Results.filterable``; a value the
service does not offer gets its one-line reason and no figures. Nothing here counts people itself."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.errors import UserError
from bot.ids import parse_id
from bot.surveys.analytics import DEPARTMENT, Results
from bot.surveys.charts import construct_figure, distribution_figure, enps_figure
from bot.surveys.definition import LIKERT_MAX, LIKERT_MIN
from bot.surveys.export import COLUMNS, export_rows
from bot.surveys.service import Status, no_survey, results_released
from bot.surveys.stats import ALPHA_NOTE
from bot.web import access
from bot.web.render import csv_response, render, svg_uri
from bot.web.viewer import Viewer, page

POINTS = range(LIKERT_MIN, LIKERT_MAX + 1)


def _num(value: float | None, fmt: str = "{:.2f}") -> str | None:
    return None if value is None else fmt.format(value)


def _construct_table(r: Results) -> tuple[list[str], list[list]]:
    was = f"Wave {r.previous_wave} mean" if r.previous_wave else "Previous wave mean"
    return (["Construct", "n", "Mean (1–7)", "Cronbach's alpha", was, "Change"],
            [[c.label, c.n, _num(c.mean), _num(c.alpha), _num(c.previous_mean), _num(c.change, "{:+.2f}")]
             for c in r.constructs])


def _distribution_table(r: Results) -> tuple[list[str], list[list]]:
    return (["Construct", "n", *(f"People scoring {p}" for p in POINTS)],
            [[c.label, c.n, *(c.distribution.get(p, 0) for p in POINTS)] for c in r.constructs])


def _enps_table(r: Results) -> tuple[list[str], list[list]]:
    texts = {i.id: i.text for i in r.items}
    was = f"Wave {r.previous_wave} eNPS" if r.previous_wave else "Previous wave eNPS"
    return (["Question", "n", "eNPS", "Promoters (9–10)", "Passives (7–8)", "Detractors (0–6)", was],
            [[texts.get(e.id, e.id), e.n, _num(e.score, "{:+.0f}"), e.promoters, e.passives, e.detractors,
              _num(e.previous_score, "{:+.0f}")] for e in r.enps])


# chart id -> (caption, figure builder, its table)
CHARTS: dict[str, tuple[str, Callable, Callable]] = {
    "constructs": ("Mean score per construct", construct_figure, _construct_table),
    "distribution": ("How people scored each construct", distribution_figure, _distribution_table),
    "enps": ("eNPS: promoters, passives and detractors", enps_figure, _enps_table),
}


def _filters(request: Request) -> dict[str, str]:
    """The GET form's filters as the service takes them (an empty choice is "all")."""
    return {key: value for key, value in request.query_params.items() if value.strip()}


def _query(filters: dict[str, str]) -> str:
    return "?" + urlencode(filters) if filters else ""


def _not_found(request: Request, viewer: Viewer, ref: str) -> Response:
    return render(request, "message.html", viewer, status=404, title="No such survey",
                  message=no_survey(ref[:40]) + " The list of surveys is at /app/surveys.")


def _surveys(request: Request):
    return request.app.state.deps.surveys


def _status(request: Request, viewer: Viewer, ref: str) -> Status | None:
    """The viewer's survey ``ref`` (another workspace's is missing like one that never was), or None."""
    try:
        return _surveys(request).status(parse_id(ref, no_survey(ref[:40])), viewer.tenant)
    except UserError:
        return None


def _results(request: Request, viewer: Viewer, status: Status) -> tuple[Results | None, str | None]:
    """(results, None); or (None, the service's reason) for an anonymous survey not closed yet. Any other
    refusal (a filter the survey does not have) is the service's UserError, a 400 page."""
    try:
        return _surveys(request).results(status.id, _filters(request), viewer.tenant), None
    except UserError as exc:
        if not results_released(status.anonymous, status.status):
            return None, str(exc)
        raise


def _not_offered(results: Results) -> str | None:
    """The service's reason when a filter names a value it does not offer (the view is then withheld)."""
    if all(value in results.filterable.get(key, ()) for key, value in results.filters.items()):
        return None
    return results.suppressed[0] if results.suppressed else "Nothing is shown for these filters."


def _filter_fields(results: Results) -> list[tuple[str, str, list[tuple[str, str]], str]]:
    """One select per dimension the service lets filters name, with only the values it offers."""
    texts = {i.id: i.text for i in results.items}
    fields = []
    for key, values in results.filterable.items():
        label = "Department" if key == DEPARTMENT else texts.get(key, key.replace("_", " "))
        fields.append((key, label, [("", "All")] + [(v, v) for v in values], results.filters.get(key, "")))
    return fields


@page(*access.SURVEYS)
def survey_list(request: Request, viewer: Viewer) -> Response:
    surveys = _surveys(request).overview(tenant=viewer.tenant)
    rows = [(s, results_released(s.anonymous, s.status)) for s in surveys]
    return render(request, "surveys.html", viewer, title="Surveys", rows=rows)


@page(*access.SURVEYS)
def survey_results(request: Request, viewer: Viewer) -> Response:
    ref = request.path_params["ref"]
    status = _status(request, viewer, ref)
    if status is None:
        return _not_found(request, viewer, ref)
    results, withheld = _results(request, viewer, status)
    context = {"title": status.title, "survey": status, "results": results, "withheld": withheld, "charts": [],
               "alpha_note": ALPHA_NOTE}
    if results is None:
        return render(request, "survey.html", viewer, **context)
    context.update(fields=_filter_fields(results), query=_query(results.filters))
    refusal = _not_offered(results)
    if refusal is not None:
        return render(request, "survey.html", viewer, status=400, refusal=refusal, **context)
    for name, (caption, draw, table) in CHARTS.items():
        figure = draw(results)
        if figure is not None:
            headers, rows = table(results)
            context["charts"].append((caption, svg_uri(figure), headers, rows,
                                      f"/app/surveys/{status.id}/{name}.csv{context['query']}"))
    constructs = {c.id: c.label for c in results.constructs}
    segment_ids = list(dict.fromkeys(cid for seg in results.segments for cid in seg.constructs))
    context.update(likert=[i for i in results.items if i.kind in ("likert", "nps")],
                   choices=[i for i in results.items if i.kind in ("single", "multi")], points=list(POINTS),
                   segment_columns=[(cid, constructs.get(cid, cid)) for cid in segment_ids])
    return render(request, "survey.html", viewer, **context)


def _released(request: Request, viewer: Viewer) -> tuple[Status | None, Results | Response]:
    """The results a CSV may hold: the page's, under the same rules (a withheld or refused view: 400)."""
    ref = request.path_params["ref"]
    status = _status(request, viewer, ref)
    if status is None:
        return None, _not_found(request, viewer, ref)
    results, withheld = _results(request, viewer, status)
    if results is None:
        raise UserError(withheld)
    refusal = _not_offered(results)
    if refusal is not None:
        raise UserError(refusal)
    return status, results


@page(*access.SURVEYS)
def survey_csv(request: Request, viewer: Viewer) -> Response:
    """The results as the CLI exports them (`coach survey export`): one row per figure shown."""
    status, results = _released(request, viewer)
    if status is None:
        return results
    return csv_response(f"survey-{status.id}-results.csv", COLUMNS,
                        [[row.get(c, "") for c in COLUMNS] for row in export_rows(results)])


@page(*access.SURVEYS)
def chart_csv(request: Request, viewer: Viewer) -> Response:
    """One chart's table as CSV."""
    chart = CHARTS.get(request.path_params["chart"])
    if chart is None:
        return _not_found(request, viewer, request.path_params["ref"])
    status, results = _released(request, viewer)
    if status is None:
        return results
    headers, rows = chart[2](results)
    return csv_response(f"survey-{status.id}-{request.path_params['chart']}.csv", headers, rows)


def routes() -> list[Route]:
    return [Route("/app/surveys", survey_list, methods=["GET"]),
            Route("/app/surveys/{ref}.csv", survey_csv, methods=["GET"]),
            Route("/app/surveys/{ref}/{chart}.csv", chart_csv, methods=["GET"]),
            Route("/app/surveys/{ref}", survey_results, methods=["GET"])]
