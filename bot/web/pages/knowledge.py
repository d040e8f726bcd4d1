"""/app/knowledge (admins): the knowledge gaps (questions the coach declined and answers that got a 👎, by topic,
from FeedbackService.gaps, as App Home and `coach feedback report` show them), each question with a form that
teaches it through TeachService (the one place that attaches a question to a section or stores a short answer,
with its own checks and messages), the questions taught so far, the indexed sources with their chunk counts and
last ingest, and a Re-index button that runs the ingest of COACH_KNOWLEDGE_DIRS in the background
(bot.web.reindex)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from matplotlib.figure import Figure
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot import chart_style as style
from bot.answers.teaching import MAX_ANSWER, MAX_QUESTION
from bot.clock import as_utc
from bot.errors import FieldError, InputError, UserError
from bot.feedback.service import REASONS, Gap
from bot.ingest.indexer import TAUGHT
from bot.web import access
from bot.web.render import csv_response, render, svg_uri
from bot.web.viewer import Viewer, page

DAYS = (7, 30, 90, 365)
DEFAULT_DAYS = 30  # App Home's period (bot.slack.home.REPORT_DAYS)
MAX_DAYS = 3650  # `coach feedback report --days`
EXAMPLES = 5  # questions listed per topic, as `coach feedback report`
SECTION_RESULTS = 99  # sections offered per search, as the Slack form
CHART_TOPICS = 12
# where a gap question came from (GapQuestion.source); words, not 👎: not every browser has an emoji font
GAP_SOURCES = {"gap": "declined", "feedback": "answer rated down"}
GAP_HEADERS = ("Topic", "Declined", "Rated down", "Total", "Reasons", "Taught since", "Questions")
BOTH = "Pick a section or write a short answer, not both (choose “No section” to keep the answer)."
NEITHER = "Pick the section that answers the question, or write a short answer below."


# the gaps ---------------------------------------------------------------------------------------------
def _days(raw: str | None) -> int:
    """The period of the report: ``days`` of the query (the filter), DEFAULT_DAYS when not given."""
    try:
        days = int(raw or DEFAULT_DAYS)
    except ValueError:
        raise UserError(f"The period is a number of days, from 1 to {MAX_DAYS}.") from None
    if not 1 <= days <= MAX_DAYS:
        raise UserError(f"The period is a number of days, from 1 to {MAX_DAYS}.")
    return days


def _gaps(request: Request, viewer: Viewer, days: int) -> list[Gap]:
    return request.app.state.deps.feedback.gaps(days, examples=EXAMPLES, tenant=viewer.tenant)


def _reasons(gap: Gap) -> str:
    return ", ".join(f"{REASONS.get(r, r).lower()} ×{n}" for r, n in gap.reasons.most_common())


def gap_rows(gaps: list[Gap]) -> list[tuple]:
    """The gaps as the table and the CSV show them: one row per topic, its listed questions on lines of their
    own (the CSV writes them as ``\\n`` in one cell)."""
    return [(g.topic, g.declined, g.downvoted, g.total, _reasons(g), g.taught,
             "\n".join(q.question for q in g.questions)) for g in gaps]


def gaps_figure(gaps: list[Gap]) -> Figure | None:
    """Declined and rated-down questions per topic, largest first (at most CHART_TOPICS topics), as stacked bars."""
    shown = [g for g in gaps if g.total][:CHART_TOPICS]
    if not shown:
        return None
    shown.reverse()  # barh draws from the bottom: the largest at the top
    fig = style.new_figure(10, 1.6 + 0.55 * len(shown))
    ax = fig.add_subplot()
    labels = [g.topic if len(g.topic) <= 40 else g.topic[:39] + "…" for g in shown]
    positions = range(len(shown))
    declined, downvoted = [g.declined for g in shown], [g.downvoted for g in shown]
    ax.barh(positions, declined, height=0.6, color=style.BLUE, label="Declined")
    ax.barh(positions, downvoted, height=0.6, left=declined, color=style.VERMILLION, label="Answer rated down")
    for y, gap in zip(positions, shown):
        ax.text(gap.total, y, f" {gap.total}", va="center", fontsize=style.TICK, color=style.MUTED)
    ax.set_yticks(list(positions), labels)
    ax.set_xlabel("Questions")
    ax.set_xlim(0, max(g.total for g in shown) * 1.12 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=style.NOTE, frameon=False)
    style.tidy_axes(ax)
    return fig


# the sources ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceRow:
    path: str
    title: str
    topic: str | None
    chunks: int
    indexed_at: str


def when(value: datetime | None) -> str:
    return as_utc(value).strftime("%Y-%m-%d %H:%M UTC") if value is not None else "–"


def sources(deps) -> list[SourceRow]:
    """The indexed documents of the knowledge folders (taught entries are listed as taught questions)."""
    return [SourceRow(d.path, d.title, d.topic, d.chunks, when(d.indexed_at)) for d in deps.indexer.sources()
            if not d.path.startswith(TAUGHT)]


# the page ---------------------------------------------------------------------------------------------
def _notices(request: Request, lessons) -> list[str]:
    notices = []
    taught = request.query_params.get("taught", "")
    lesson = next((x for x in lessons if str(x.id) == taught), None)
    if lesson is not None:
        where = "its own short answer" if lesson.answer is not None else f"the section {lesson.target}"
        notices.append(f"Taught: “{lesson.question}” now leads to {where}.")
    reindex = request.query_params.get("reindex")
    if reindex == "started":
        notices.append("Re-index started. Its status is under “Indexed sources”.")
    elif reindex == "running":
        notices.append("A re-index is already running; nothing new was started. Its status is below.")
    return notices


@page(*access.KNOWLEDGE)
def knowledge(request: Request, viewer: Viewer) -> Response:
    deps = request.app.state.deps
    days = _days(request.query_params.get("days"))
    gaps = _gaps(request, viewer, days)
    lessons = deps.teaching.lessons(viewer.tenant)
    options = [(str(d), f"Last {d} days") for d in sorted({*DAYS, days})]
    # The run's status before the table: a run that ends between the two reads then shows as running over the
    # old table (the next refresh catches up), never as finished over a table without its documents.
    run = deps.reindex.status()
    docs = sources(deps)

    def teach_url(q) -> str:
        return "/app/knowledge/teach?" + urlencode({"question": q.question, "source": q.source, "days": days})

    return render(request, "knowledge.html", viewer, days=days, gaps=gaps, gap_sources=GAP_SOURCES,
                  reasons=_reasons, headers=GAP_HEADERS, rows=gap_rows(gaps), chart_uri=svg_uri(gaps_figure(gaps)),
                  csv_url=f"/app/knowledge/gaps.csv?days={days}",
                  filter_fields=[("days", "Period", options, str(days))],
                  totals=(sum(g.declined for g in gaps), sum(g.downvoted for g in gaps), sum(g.taught for g in gaps)),
                  teach_url=teach_url, lessons=lessons, notices=_notices(request, lessons),
                  run=run, when=when, sources=docs, chunks=sum(d.chunks for d in docs),
                  folders=deps.settings.knowledge_dirs,
                  refresh_url=request.url.path + (f"?{request.url.query}" if request.url.query else ""))


@page(*access.KNOWLEDGE)
def gaps_csv(request: Request, viewer: Viewer) -> Response:
    days = _days(request.query_params.get("days"))
    header = ("topic", "declined", "thumbs_down", "total", "reasons", "taught_since", "questions")
    return csv_response(f"knowledge-gaps-{days}-days.csv", header, gap_rows(_gaps(request, viewer, days)))


# teaching ---------------------------------------------------------------------------------------------
def _teach_form(request: Request, viewer: Viewer, values: dict, status: int = 200, error: str | None = None):
    """The form: the question (editable), the sections matching the search (or the first ones), the short
    answer. ``values``: question, asked, source, days, find, section, answer as last sent."""
    teaching = request.app.state.deps.teaching
    found = teaching.sections(values.get("find", ""), limit=SECTION_RESULTS)
    chosen = values.get("section") or ""
    if chosen and all(ref.target != chosen for ref in found):
        try:  # the section picked before a new search stays on offer (and picked)
            found.insert(0, teaching.section(chosen))
        except UserError:
            chosen = ""
    return render(request, "knowledge_teach.html", viewer, status=status, values=values, sections=found,
                  chosen=chosen, more=len(found) >= SECTION_RESULTS, error=error, max_question=MAX_QUESTION,
                  max_answer=MAX_ANSWER, gap_sources=GAP_SOURCES)


def _values(source) -> dict:
    values = {name: str(source.get(name) or "") for name in ("question", "asked", "source", "days", "find",
                                                              "section", "answer")}
    values["source"] = values["source"] if values["source"] in GAP_SOURCES else "gap"
    values["asked"] = values["asked"] or values["question"]
    return values


@page(*access.KNOWLEDGE)
def teach_form(request: Request, viewer: Viewer) -> Response:
    return _teach_form(request, viewer, _values(request.query_params))


@page(*access.KNOWLEDGE)
def teach(request: Request, viewer: Viewer) -> Response:
    """Search sections (the form again, with what was typed) or teach: exactly one of a section and a short
    answer, then TeachService.attach or .answer. A refusal is the service's own words, on one line, with the
    form as it was sent; nothing is stored."""
    values = _values(request.state.form)
    if request.state.form.get("do") == "search":
        return _teach_form(request, viewer, values)
    teaching = request.app.state.deps.teaching
    answer = values["answer"].strip()
    try:
        days = _days(values["days"])
        if bool(values["section"]) == bool(answer):
            raise InputError([FieldError("section", BOTH if answer else NEITHER)])
        if values["section"]:
            lesson = teaching.attach(values["question"], values["section"], viewer.user_id, values["source"],
                                     viewer.tenant, values["asked"])
        else:
            lesson = teaching.answer(values["question"], answer, viewer.user_id, values["source"], viewer.tenant,
                                     values["asked"])
    except UserError as exc:
        message = " ".join(" ".join(p.message.split()) for p in exc.problems())
        return _teach_form(request, viewer, values, status=400, error=message)
    return RedirectResponse(f"/app/knowledge?{urlencode({'days': days, 'taught': lesson.id})}#taught",
                            status_code=303)


# re-indexing ------------------------------------------------------------------------------------------
@page(*access.KNOWLEDGE)
def reindex(request: Request, viewer: Viewer) -> Response:
    deps = request.app.state.deps
    started = deps.reindex.start(list(deps.settings.knowledge_dirs), viewer.name)
    return RedirectResponse(f"/app/knowledge?reindex={'started' if started else 'running'}#sources",
                            status_code=303)


def routes() -> list[Route]:
    return [Route("/app/knowledge", knowledge, methods=["GET"]),
            Route("/app/knowledge/gaps.csv", gaps_csv, methods=["GET"]),
            Route("/app/knowledge/teach", teach_form, methods=["GET"]),
            Route("/app/knowledge/teach", teach, methods=["POST"]),
            Route("/app/knowledge/reindex", reindex, methods=["POST"])]
