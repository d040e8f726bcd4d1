"""/app/kpis: each KPI with values, for one scope, as its trend chart (benchmark band, OKR target and the nudges'
alert thresholds, drawn by bot.kpis.charts), its latest value, a table and a CSV; the KPIs not measured yet,
with how to record one; every objective with its key results, progress and pace (the OKR service's).

The same service calls as `/kpi show`, `/kpi okrs`, `coach kpi show/chart` and `coach okr list`: values from
MeasurementService.series/latest/overview, targets from OkrService.target_for, objectives from
OkrService.statuses, alert thresholds from the nudge schedules of the same scope. Filters are a GET form:
scope (the scopes that have values), period length and how many periods."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.clock import utcnow
from bot.errors import UserError
from bot.kpis import formulas
from bot.kpis.catalog import Catalog, Kpi, fmt_value
from bot.kpis.charts import ALERT_WORDS, kpi_series, trend_figure
from bot.kpis.measurements import Reading
from bot.kpis.okrs import KeyResultStatus, ObjectiveStatus
from bot.kpis.periods import GRANULARITIES, period_of
from bot.kpis.scopes import KINDS, ORGANISATION, Scope, parse_scope
from bot.web import access
from bot.web.render import csv_response, render, svg_uri
from bot.web.viewer import Viewer, page

PERIOD_CHOICES = (4, 8, 12, 24, 52)
DEFAULT_PERIODS = 12
GRANULARITY_NAMES = {"": "Newest value's", "year": "Years", "quarter": "Quarters", "month": "Months",
                     "week": "Weeks", "day": "Days"}
UNIT_WORDS = {"percent": "%", "hours": "hours", "points": "points", "currency": "amount", "score": "score"}
STATUS_CLASS = {formulas.ON_TRACK: "status-on_track", formulas.AT_RISK: "status-at_risk", formulas.DONE: "good",
                formulas.MISSED: "status-behind"}
KR_HEADERS = ["KR", "KPI", "Unit", "Baseline", "Target", "Due", "Current", "Current period",
              "Progress (%)", "Time gone (%)", "Status"]
OKR_CSV_HEADERS = ["Objective", "Title", "Scope", "Start", *KR_HEADERS]
KR_NUMERIC = {3, 4, 6, 8, 9}  # the columns of figures, right-aligned


def number(value: float | None) -> str | None:
    """A figure as the table and the CSV both show it: 62.5, 70, 120000 (never 1e+05)."""
    return None if value is None else f"{value:.15g}"


def percent(share: float | None) -> str | None:
    return None if share is None else f"{share * 100:.0f}"


# filters ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    scope: Scope
    granularity: str  # "" for the newest value's period length
    periods: int

    def query(self) -> str:
        return urlencode({"scope": str(self.scope), "granularity": self.granularity, "periods": self.periods})

    def fields(self, scopes: list[Scope]) -> list[tuple]:
        """The GET form's selects (bot/web/templates/macros.html ``filters``)."""
        choices = [ORGANISATION] + [s for s in scopes if s != ORGANISATION]
        return [("scope", "Scope", [(str(s), s.label[0].upper() + s.label[1:]) for s in choices], str(self.scope)),
                ("granularity", "Period length", list(GRANULARITY_NAMES.items()), self.granularity),
                ("periods", "Periods shown", [(str(n), f"last {n}") for n in PERIOD_CHOICES], str(self.periods))]


def scopes_with_values(kpis, viewer: Viewer) -> list[Scope]:
    """Every scope some KPI has a value for: the organisation first, then by kind and name."""
    found = {r.scope for r in kpis.measurements.overview(tenant=viewer.tenant)}
    return sorted(found, key=lambda s: (KINDS.index(s.kind), s.name.lower()))


def read_filters(request: Request, scopes: list[Scope]) -> Filters:
    """The page's (and the CSVs') filters; a value the form never offers is a UserError naming the choices."""
    params = request.query_params
    raw_scope = (params.get("scope") or "").strip()
    if raw_scope:
        scope = parse_scope(raw_scope)
        if scope != ORGANISATION and scope not in scopes:
            offered = ", ".join(str(s) for s in scopes[:10]) or "none yet"
            raise UserError(f"No KPI has values for {scope.label}; scopes with values: {offered}.")
    else:
        scope = ORGANISATION if ORGANISATION in scopes or not scopes else scopes[0]
    granularity = (params.get("granularity") or "").strip().lower()
    if granularity not in GRANULARITY_NAMES:
        raise UserError(f"Unknown period length {granularity!r}: choose one of {', '.join(GRANULARITIES)}.")
    raw_periods = (params.get("periods") or str(DEFAULT_PERIODS)).strip()
    if not raw_periods.isdigit() or int(raw_periods) not in PERIOD_CHOICES:
        raise UserError(f"Periods shown must be one of {', '.join(map(str, PERIOD_CHOICES))}, not {raw_periods!r}.")
    return Filters(scope, granularity, int(raw_periods))


# KPIs ------------------------------------------------------------------------------------------------

def kpis_for(catalog: Catalog, scope: Scope) -> list[Kpi]:
    """Each KPI whose values are stored once, by the name that fits the scope: at a department, the magic-three
    "Adoption by department" rather than the framework KPI it is an alias of; KPIs tied to another scope kind
    are left out."""
    chosen: dict[str, Kpi] = {}
    for kpi in catalog:
        if kpi.scope and kpi.scope != scope.kind:
            continue
        stored = catalog.stored(kpi.key).key
        if stored not in chosen or kpi.alias_of:
            chosen[stored] = kpi
    return list(chosen.values())


def alert_thresholds(kpis, scope: Scope, viewer: Viewer) -> dict[str, tuple[tuple[str, float], ...]]:
    """The alert thresholds of the KPI nudges for this scope, by the key values are stored under."""
    found: dict[str, set] = defaultdict(set)
    for schedule in kpis.schedules.all(tenant=viewer.tenant):
        if schedule.scope == scope:
            for t in schedule.thresholds:
                found[kpis.catalog.stored(t.kpi).key].add((t.op, t.value))
    return {key: tuple(sorted(lines)) for key, lines in found.items()}


def alert_text(thresholds, unit: str = "") -> str | None:
    words = [f"{ALERT_WORDS[op].removeprefix('alert ')} {fmt_value(v, unit) if unit else number(v)}"
             for op, v in thresholds]
    return "; ".join(words) or None


@dataclass
class KpiView:
    kpi: Kpi
    scope: Scope
    readings: list[Reading]
    latest: Reading | None
    target: KeyResultStatus | None
    thresholds: tuple[tuple[str, float], ...]
    asked: str  # the period length asked for ("" for the newest value's)

    @property
    def headers(self) -> list[str]:
        return ["Period", f"Value ({UNIT_WORDS.get(self.kpi.unit, self.kpi.unit)})", "Target", "Benchmark low",
                "Benchmark high", "Alert thresholds", "Source", "Note"]

    @property
    def rows(self) -> list[list]:
        b, target = self.kpi.benchmark, self.target.target if self.target else None
        return [[r.period.label, number(r.value), number(target), number(b.low) if b else None,
                 number(b.high) if b else None, alert_text(self.thresholds), r.source, r.note or None]
                for r in self.readings]

    @property
    def granularity(self) -> str:
        return self.readings[-1].period.granularity if self.readings else ""

    @property
    def fallback(self) -> bool:
        """The period length asked for has no values here, so the service gave the newest value's."""
        return bool(self.asked and self.readings and self.granularity != self.asked)

    def chart_uri(self) -> str | None:
        series = kpi_series(self.kpi, self.readings, self.target.target if self.target else None, self.thresholds)
        return svg_uri(trend_figure([series], self.scope.label))

    def caption(self) -> str:
        first, last = self.readings[0].period.label, self.readings[-1].period.label
        span = first if first == last else f"{first} to {last}"
        return f"Trend by {self.granularity}, {span}"

    def alt(self) -> str:
        first, last = self.readings[0], self.readings[-1]
        return (f"{self.kpi.name} for {self.scope.label}, {first.period.label} to {last.period.label}: "
                f"{fmt_value(last.value, self.kpi.unit)} in {last.period.label}.")

    def references(self) -> list[str]:
        """The lines drawn besides the values, in words."""
        unit, out = self.kpi.unit, [f"{self.kpi.better.capitalize()} is better."]
        b = self.kpi.benchmark
        out.append((f"Benchmark {b.label(unit)}" + (f" ({b.note})." if b.note else ".")) if b else
                   "No published benchmark.")
        if self.target:
            t = self.target
            out.append(f"Target {fmt_value(t.target, unit)} by {t.due:%Y-%m-%d} (OKR key result {t.id}, "
                       f"{t.pace.status}).")
        if self.thresholds:
            out.append(f"Nudge alert {alert_text(self.thresholds, unit)}.")
        return out


def kpi_view(kpis, kpi: Kpi, filters: Filters, viewer: Viewer,
             thresholds: dict[str, tuple[tuple[str, float], ...]]) -> KpiView:
    tenant = viewer.tenant
    readings = kpis.measurements.series(kpi.key, filters.scope, filters.periods,
                                        granularity=filters.granularity or None, tenant=tenant)
    latest = kpis.measurements.latest(kpi.key, filters.scope, tenant=tenant) if readings else None
    target = kpis.okrs.target_for(kpi.key, filters.scope, tenant=tenant) if readings else None
    return KpiView(kpi, filters.scope, readings, latest, target,
                   thresholds.get(kpis.catalog.stored(kpi.key).key, ()), filters.granularity)


def how_to_record(kpis, kpi: Kpi, scope: Scope) -> list[str]:
    """What to type to record a first value (Slack, the CLI), as `/kpi help` and `coach kpi record` say."""
    month = period_of(utcnow().date(), "month").label
    change = kpis.catalog.stored(kpi.key).change is not None
    value = "BEFORE->AFTER" if change else "VALUE"
    where = "" if scope == ORGANISATION else f" {scope}"
    lines = [f"/kpi record {kpi.key} {value} {month}{where}",
             f"coach kpi record {kpi.key} {'--baseline B --after A' if change else 'VALUE'} --period {month}"
             + ("" if scope == ORGANISATION else f" --scope {scope}")]
    return lines


# OKRs ------------------------------------------------------------------------------------------------

def key_result_row(kr: KeyResultStatus) -> list:
    current = kr.current
    return [kr.id, kr.kpi.name, UNIT_WORDS.get(kr.kpi.unit, kr.kpi.unit), number(kr.baseline), number(kr.target),
            kr.due.isoformat(), number(current.value) if current else None,
            current.period.label if current else None, percent(kr.pace.progress), percent(kr.pace.elapsed),
            kr.pace.status]


def objective_rows(objectives: list[ObjectiveStatus]) -> list[list]:
    return [[o.id, o.title, str(o.scope), o.start.isoformat(), *key_result_row(kr)]
            for o in objectives for kr in o.key_results]


def bar(share: float | None) -> int | None:
    """A <progress> element's value (0–100; the number beside it says the rest)."""
    return None if share is None else round(min(max(share, 0.0), 1.0) * 100)


# routes ----------------------------------------------------------------------------------------------

def _kpis(request: Request):
    return request.app.state.deps.kpis


@page(*access.KPIS)
def kpis_page(request: Request, viewer: Viewer) -> Response:
    kpis = _kpis(request)
    scopes = scopes_with_values(kpis, viewer)
    filters = read_filters(request, scopes)
    thresholds = alert_thresholds(kpis, filters.scope, viewer)
    views = [kpi_view(kpis, kpi, filters, viewer, thresholds) for kpi in kpis_for(kpis.catalog, filters.scope)]
    measured = [v for v in views if v.readings]
    unmeasured = [(v.kpi, how_to_record(kpis, v.kpi, filters.scope)) for v in views if not v.readings]
    charts = [(v, v.chart_uri()) for v in measured]
    objectives = kpis.okrs.statuses(tenant=viewer.tenant)
    return render(request, "kpis.html", viewer, title="KPIs and OKRs", filters=filters,
                  fields=filters.fields(scopes), scopes=scopes, charts=charts, unmeasured=unmeasured,
                  objectives=objectives, kr_headers=KR_HEADERS, kr_numeric=KR_NUMERIC, key_result_row=key_result_row, bar=bar,
                  status_class=STATUS_CLASS, fmt_value=fmt_value, query=filters.query())


@page(*access.KPIS)
def kpi_csv(request: Request, viewer: Viewer) -> Response:
    kpis = _kpis(request)
    try:
        kpi = kpis.catalog.get(request.path_params["key"])
    except UserError as exc:
        return render(request, "message.html", viewer, status=404, title="No such KPI", message=str(exc))
    filters = read_filters(request, scopes_with_values(kpis, viewer))
    if kpi.scope and kpi.scope != filters.scope.kind:
        raise UserError(f"{kpi.name} is measured per {kpi.scope}: choose a {kpi.scope} scope.")
    view = kpi_view(kpis, kpi, filters, viewer, alert_thresholds(kpis, filters.scope, viewer))
    name = f"{kpi.key}-{str(filters.scope).replace(':', '-')}.csv"
    return csv_response(name, ["KPI", "Scope", *view.headers],
                        [[kpi.key, str(filters.scope), *row] for row in view.rows])


@page(*access.KPIS)
def okrs_csv(request: Request, viewer: Viewer) -> Response:
    objectives = _kpis(request).okrs.statuses(tenant=viewer.tenant)
    return csv_response("okrs.csv", OKR_CSV_HEADERS, objective_rows(objectives))


def routes() -> list[Route]:
    return [Route("/app/kpis", kpis_page, methods=["GET"]),
            Route("/app/kpis/okrs.csv", okrs_csv, methods=["GET"]),
            Route("/app/kpis/{key}.csv", kpi_csv, methods=["GET"])]
