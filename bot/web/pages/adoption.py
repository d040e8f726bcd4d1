"""/app/adoption: AI tool adoption by department and tool for a month, the weekly trend, licences unused for
30 days, intent beside use and the sources' last imports, each chart with its table and a CSV of the same rows.

Every figure comes from bot.adoption's services, as `coach adoption show|intent|sources`, `/kpi adoption` and
App Home read them: the rollup already pooled under the anonymity rule (a department below k is never shown on
its own: it is part of the pooled group, which the page names as the service does), nothing recomputed here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.adoption import charts
from bot.adoption.figures import KPI, Snapshot
from bot.adoption.intent import IntentRow, SurveyIntents
from bot.adoption.ledger import DIRECTORY, SourceStatus
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.records import tool_label
from bot.adoption.rollup import ANY, Figure, Unused, UnusedLicences
from bot.errors import UserError
from bot.kpis.periods import Period, period_of
from bot.web import access
from bot.web.render import csv_response, render, svg_uri
from bot.web.viewer import Viewer, page

PATH = "/app/adoption"
NOTHING_IMPORTED = ("Nothing is imported yet. An admin imports who is eligible and in which department with "
                    "`coach directory import people.csv`, then the AI tools' usage reports with `coach adoption "
                    "import --source SOURCE FILE` (or pulls them with `coach adoption sync`).")
NO_DIRECTORY = ("No directory yet, so no adoption figures: an admin imports who is eligible and in which "
                "department with `coach directory import people.csv`.")
NO_USAGE = ("No usage from the AI tools yet: an admin imports a report with `coach adoption import --source "
            "SOURCE FILE` or pulls it with `coach adoption sync`.")

DEPARTMENT_HEADERS = ("Department", "Active", "Eligible", "Active (%)")
TOOL_HEADERS = ("Tool", "Group", "Active", "Eligible", "Active (%)")
INACTIVE_HEADERS = ("Tool", "Group of licence holders", "Unused 30 days", "Licensed", "Unused (%)")
INTENT_HEADERS = ("Department", "Intention (1–7)", "Responses", "Adoption (%)", "Flag", "Tip", "Tip source")
SOURCE_LABELS = {DIRECTORY: "Directory", "csv": "Generic CSV"}


@dataclass
class AdoptionView:
    """What the page (and each CSV) shows for one set of filters."""

    sources: list[SourceStatus]
    months: list[Period] = field(default_factory=list)  # the months the usage reports cover, newest first
    department: str = ""  # the department filter as the directory spells it ("": every department)
    empty: str = ""  # why there are no figures yet, and what to import
    snap: Snapshot | None = None
    group: str = ALL  # the shown group the tool figures and the trend are about
    notice: str = ""  # why that group is not the department itself
    tools: list[Figure] = field(default_factory=list)
    trend: dict[str, list[tuple[str, float | None]]] = field(default_factory=dict)  # group -> weekly points
    unused: UnusedLicences | None = None
    unused_rows: list[Unused] = field(default_factory=list)
    survey: SurveyIntents | None = None
    intents: list[IntentRow] = field(default_factory=list)
    benchmark: tuple[float, float] | None = None

    @property
    def released(self) -> bool:
        return self.snap is not None and self.snap.rollup.released

    @property
    def query(self) -> str:
        """The filters as a query string (the period resolved), for the CSV links."""
        params = {"period": self.snap.period.label} if self.snap else {}
        if self.department:
            params["department"] = self.department
        return urlencode(params)


def covered_months(sources: list[SourceStatus]) -> list[Period]:
    """The months from the first to the last day any usage report covers, newest first."""
    spans = [(s.first_day, s.last_day) for s in sources if s.source != DIRECTORY and s.first_day and s.last_day]
    if not spans:
        return []
    last = max(end for _, end in spans)
    month, months = period_of(min(start for start, _ in spans), "month"), []
    while month.start <= last:
        months.append(month)
        month = period_of(month.end, "month")
    return months[::-1]


def adoption_view(services, viewer: Viewer, params) -> AdoptionView:
    """The figures for the filters in ``params`` (period, department), from the same service calls as
    `coach adoption show` and `coach adoption intent`. A bad period or an unknown department is a UserError."""
    tenant, figures = viewer.tenant, services.figures
    view = AdoptionView(services.ledger.sources(tenant=tenant))
    view.months = covered_months(view.sources)
    if not view.sources:
        view.empty = NOTHING_IMPORTED
        return view
    if not any(s.source == DIRECTORY and s.last_success_at for s in view.sources):
        view.empty = NO_DIRECTORY
        return view
    if not view.months:
        view.empty = NO_USAGE
        return view
    period = (params.get("period") or "").strip()
    if not period:  # the newest month the reports cover to its end, else the newest they reach into
        period = next((m.label for m in view.months if figures.has_data(m, tenant=tenant)), view.months[0].label)
    snap = view.snap = figures.show(period, tenant=tenant)
    kpi = figures.catalog.get(KPI)
    if kpi is not None and kpi.benchmark is not None:
        view.benchmark = (kpi.benchmark.low, kpi.benchmark.high)
    if not snap.rollup.released:
        return view
    wanted = (params.get("department") or "").strip()
    if wanted:
        department = snap.rollup.for_department(wanted)
        if department.group is None:
            raise UserError(department.reason)
        view.department, view.group, view.notice = department.department, department.group, department.reason
    view.tools = [f for f in snap.rollup.figures if f.department == view.group]
    until = min(snap.period.end, figures.today())
    for group in dict.fromkeys((view.group, ALL)):
        view.trend[group] = figures.trend(group, until=until, tenant=tenant)
    view.unused = figures.inactive(tenant=tenant)
    if view.group == ALL:
        view.unused_rows = list(view.unused.rows)
    elif view.group == view.department:  # licence holders are pooled per tool: only the department's own rows
        view.unused_rows = [u for u in view.unused.rows if u.department == view.department]
    view.survey, rows = services.summary.intent_beside_use(snap.period, tenant=tenant)
    view.intents = [r for r in rows if view.group == ALL or r.department in (ALL, view.group)]
    return view


# the rows each table and its CSV hold ------------------------------------------------------------
def department_rows(view: AdoptionView) -> list[tuple]:
    if not view.released:
        return []
    return [(f.department, f.active, f.eligible, f.rate) for f in view.snap.rollup.by_department()]


def tool_rows(view: AdoptionView) -> list[tuple]:
    return [(charts.tool_name(f.tool), f.department, f.active, f.eligible, f.rate) for f in view.tools]


def trend_headers(view: AdoptionView) -> tuple[str, ...]:
    return ("Week", *(f"{group} active (%)" for group in view.trend))


def trend_rows(view: AdoptionView) -> list[tuple]:
    lines = list(view.trend.values())
    if not lines or all(rate is None for line in lines for _, rate in line):
        return []
    return [(week, *(line[n][1] for line in lines)) for n, (week, _) in enumerate(lines[0])]


def inactive_rows(view: AdoptionView) -> list[tuple]:
    return [(tool_label(u.tool), u.department, u.inactive, u.licensed, u.rate) for u in view.unused_rows]


def intent_rows(view: AdoptionView) -> list[tuple]:
    return [(r.department, round(r.intent.score, 1), r.intent.n, r.figure.rate, r.message,
             r.tip.text if r.tip else "", r.tip.source if r.tip else "") for r in view.intents]


CSVS = {"departments": (lambda v: DEPARTMENT_HEADERS, department_rows),
        "tools": (lambda v: TOOL_HEADERS, tool_rows),
        "trend": (trend_headers, trend_rows),
        "inactive": (lambda v: INACTIVE_HEADERS, inactive_rows),
        "intent": (lambda v: INTENT_HEADERS, intent_rows)}


# notes beside the figures -----------------------------------------------------------------------
def pooled_note(view: AdoptionView) -> str:
    r = view.snap.rollup
    if not r.pooled:
        return ""
    names = ", ".join(r.pooled)
    if any(f.department == POOLED for f in r.figures):
        return (f"{POOLED}: {names}. A department is shown on its own only when it holds at least {r.k} eligible "
                f"people and so does the pooled group.")
    return f"Every department has fewer than {r.k} eligible people, so only the organisation is shown ({names})."


def unused_notes(view: AdoptionView) -> list[str]:
    unused, notes = view.unused, []
    if unused is None:
        return notes
    if view.group != ALL and not view.unused_rows:
        notes.append(f"{view.department}'s licence holders are not shown on their own for any tool: licence holders "
                     f"are pooled per tool, not as eligible people are. Choose {ALL} to see the groups they are "
                     f"counted in.")
    elif view.group == ALL and not unused.rows and not unused.withheld:
        notes.append("No licences reported by the sources yet.")
    if unused.withheld:
        notes.append(f"Fewer than {unused.k} licence holders, so nothing is shown for "
                     f"{', '.join(tool_label(t) for t in unused.withheld)}.")
    pooled = {tool: names for tool, names in unused.pooled.items() if names}
    if pooled and view.group == ALL:
        notes.append(f"Departments with fewer than {unused.k} holders of a tool's licences are counted in {POOLED}: "
                     + "; ".join(f"{tool_label(t)}: {', '.join(n)}" for t, n in pooled.items()) + ".")
    return notes


def source_rows(view: AdoptionView) -> list[dict]:
    order = sorted(view.sources, key=lambda s: (not s.failing, s.source != DIRECTORY, s.source))
    return [{"label": SOURCE_LABELS.get(s.source, tool_label(s.source)), "status": s,
             "days": f"{s.first_day} to {s.last_day}" if s.first_day else "",
             "when": f"{s.last_success_at:%Y-%m-%d %H:%M} UTC ({s.how})" if s.last_success_at else "never",
             "error_at": f"{s.error_at:%Y-%m-%d %H:%M} UTC" if s.error_at else ""} for s in order]


def month_options(view: AdoptionView, today: date) -> list[tuple[str, str]]:
    options = [(m.label, m.label + (" (so far)" if m.end > today else "")) for m in view.months]
    if view.snap and view.snap.period.label not in {value for value, _ in options}:
        options.insert(0, (view.snap.period.label, view.snap.period.label))
    return options


def department_options(view: AdoptionView) -> list[tuple[str, str]]:
    if not view.released:
        return []
    r = view.snap.rollup
    names = ({f.department for f in r.figures} - {ALL, POOLED}) | set(r.pooled)
    return [("", ALL)] + [(name, name) for name in sorted(names, key=str.casefold)]


# routes -----------------------------------------------------------------------------------------
def _services(request: Request):
    services = request.app.state.deps.adoption
    if services is None:
        raise UserError("Adoption figures are not set up on this dashboard.")
    return services


@page(*access.ADOPTION)
def adoption_page(request: Request, viewer: Viewer) -> Response:
    services = _services(request)
    view = adoption_view(services, viewer, request.query_params)
    context = {"view": view, "sources": source_rows(view), "title": "AI tool adoption"}
    if view.released:
        r, q = view.snap.rollup, view.query
        period = view.snap.period.label
        group = view.group if view.group != ALL else None
        context.update(
            fields=[("period", "Period", month_options(view, services.figures.today()), period),
                    ("department", "Department", department_options(view), view.department)],
            org=next(f for f in r.by_tool() if f.tool == ANY), everyone=ALL,
            own=next((f for f in view.tools if f.tool == ANY), None),
            departments=(svg_uri(charts.department_figure(r.by_department(), period, group, view.benchmark)),
                         DEPARTMENT_HEADERS, department_rows(view), f"{PATH}/departments.csv?{q}"),
            tools=(svg_uri(charts.tool_figure(view.tools, view.group, period, view.benchmark)), TOOL_HEADERS,
                   tool_rows(view), f"{PATH}/tools.csv?{q}"),
            trend=(svg_uri(charts.trend_figure(view.trend, f"Weekly adoption up to {period}")), trend_headers(view),
                   trend_rows(view), f"{PATH}/trend.csv?{q}"),
            inactive=(svg_uri(charts.inactive_figure(view.unused_rows)), INACTIVE_HEADERS, inactive_rows(view),
                      f"{PATH}/inactive.csv?{q}"),
            intents=intent_rows(view), intent_headers=INTENT_HEADERS, intent_csv=f"{PATH}/intent.csv?{q}",
            pooled=pooled_note(view), unused_notes=unused_notes(view))
    elif view.snap is not None:
        context.update(fields=[("period", "Period", month_options(view, services.figures.today()),
                                view.snap.period.label)])
    return render(request, "adoption.html", viewer, **context)


def _csv(name: str):
    headers, rows = CSVS[name]

    @page(*access.ADOPTION)
    def download(request: Request, viewer: Viewer) -> Response:
        view = adoption_view(_services(request), viewer, request.query_params)
        period = f"-{view.snap.period.label}" if view.snap else ""
        department = f"-{view.group}" if view.group != ALL and name != "departments" else ""
        return csv_response(f"adoption-{name}{period}{department}.csv", headers(view), rows(view))

    download.__name__ = f"adoption_{name}_csv"
    return download


def routes() -> list[Route]:
    return [Route(PATH, adoption_page, methods=["GET"]),
            *(Route(f"{PATH}/{name}.csv", _csv(name), methods=["GET"]) for name in CSVS)]
