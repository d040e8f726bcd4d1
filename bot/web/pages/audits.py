"""/app/audits: the incentive audits a person may see (managers their own, admins every one: the audit
service decides, as it does for Slack's `/incentive-audit history` and App Home), and one audit's report with
what changed since the team's previous audit, a chart of its role scores, the chart's table and the report's
CSV (the same file Slack posts beside the report, bot.audit.render.to_csv)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.audit.history import HistoryEntry, one_line, team_key
from bot.audit.inputs import MAX_TEAM
from bot.audit.render import filename, to_csv
from bot.audit.report import AuditReport, RoleReport
from bot.audit.scoring import GREEN_AT, RED_BELOW, not_given_note, scored_out_of
from bot.audit.service import AuditNotFound
from bot.chart_style import (
    GREEN,
    LABEL,
    MUTED,
    NOTE,
    ORANGE,
    REFERENCE,
    TITLE,
    VERMILLION,
    new_figure,
    tidy_axes,
)
from bot.web import access
from bot.web.render import download, render, svg_uri
from bot.web.viewer import Viewer, page

LIST_LIMIT = 100  # audits on the list, newest first
MAX_ID = 2**31 - 1  # ids beyond a database integer are no audit at all
RAG_COLOURS = {"red": VERMILLION, "amber": ORANGE, "green": GREEN}
CHART_HEADERS = ("Role", "Score", "Rating", "Archetype match", "Displaced work", "Metrics", "Rewards", "Risks")
STEPS = ("displaced_work", "metrics", "rewards", "risks")


def _scope(viewer: Viewer) -> dict:
    """Whose audits: the viewer's own unless they are an admin, in the workspace they signed in with (as
    Slack passes ``context.team_id``); a local admin (no workspace) sees every audit, as the CLI does."""
    return {"viewer": viewer.user_id, "admin": viewer.admin, "workspace_id": viewer.team_id}


def scope_note(viewer: Viewer) -> str:
    if not viewer.admin:
        return "You see the audits you ran yourself; admins see every audit in this workspace."
    if viewer.team_id is None:
        return "You see every audit, of every workspace and the command line, as the local admin."
    return "You see every audit in this workspace, as an admin."


def no_change(entry_team: str) -> str:
    return "First audit of this team." if entry_team.strip() else "No team name, so not compared with other audits."


def when(value) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC"


# the list -----------------------------------------------------------------------------------------

def team_options(entries: list[HistoryEntry], selected: str) -> tuple[list[tuple[str, str]], str]:
    """The teams among the audits this person sees, one per team as the service matches names (case and
    spaces aside; written as in the newest audit), and which of them is selected (the one asked for is
    offered even when it has no audit)."""
    seen: dict[str, str] = {}
    for e in entries:
        if e.team.strip():
            seen.setdefault(team_key(e.team), e.team)
    if selected:
        selected = seen.setdefault(team_key(selected), selected)
    teams = sorted(seen.values(), key=str.casefold)
    return [("", "All teams")] + [(t, t) for t in teams], selected


def since_previous(entry: HistoryEntry) -> str:
    """The team's score change as the service wrote it ("Since audit #3: Team score 35 → 62 (+27)…")."""
    if len(entry.changes) > 1:
        return f"{entry.changes[0]} {entry.changes[1]}"
    return no_change(entry.team)


@page(*access.AUDITS)
def audits_list(request: Request, viewer: Viewer) -> Response:
    audits = request.app.state.deps.audits
    team = " ".join((request.query_params.get("team") or "").split())[:MAX_TEAM]
    every = audits.history(limit=LIST_LIMIT, **_scope(viewer))
    entries = audits.history(team=team, limit=LIST_LIMIT, **_scope(viewer)) if team else every
    rows = [(e, since_previous(e)) for e in entries]
    options, selected = team_options(every, team)
    return render(request, "audits.html", viewer, title="Incentive audits", rows=rows, team=selected,
                  options=options, scope=scope_note(viewer), own_only=not viewer.admin,
                  truncated=len(entries) >= LIST_LIMIT, limit=LIST_LIMIT)


# one report ---------------------------------------------------------------------------------------

@dataclass
class RoleView:
    """One role of the report, with what the page shows beside the service's RoleReport."""
    role: RoleReport
    provisional: bool
    not_given: str
    steps: list[tuple[str, str, str]]  # (label, points, finding)
    reasons: list[str]


def step_points(step) -> str:
    if not step.given:
        return "not given"
    return str(step.points) if step.step == "risks" else f"{step.points}/{step.max_points}"


def role_view(r: RoleReport) -> RoleView:
    return RoleView(r, scored_out_of(r.breakdown) < 100,
                    not_given_note(r.not_given, r.breakdown) if r.not_given else "",
                    [(s.label, step_points(s), s.finding) for s in r.breakdown],
                    [x for x in r.reasons if x != r.match.note])


def chart_rows(report: AuditReport) -> list[tuple]:
    """The figures the chart draws, one row per role (the table view)."""
    rows = []
    for r in report.roles:
        points = {s.step: step_points(s) for s in r.breakdown}
        rows.append((f"{r.position}. {r.role}", r.score, r.rag, r.match.name or "none close enough",
                     *(points.get(step, "–") for step in STEPS)))
    return rows


def role_scores_figure(report: AuditReport):
    """Each role's score out of 100 as a bar in its rating's colour (the rating is written too, so colour is
    never the only cue), with the red and green thresholds and the team score."""
    roles = report.roles
    if not roles:
        return None
    fig = new_figure(8, 2.2 + 0.55 * len(roles))
    ax = fig.add_subplot()
    labels = [f"{r.position}. {one_line(r.role, 32)}" for r in roles]
    positions = list(range(len(roles)))[::-1]  # the first role at the top
    ax.barh(positions, [r.score for r in roles], height=0.6, color=[RAG_COLOURS[r.rag] for r in roles])
    for y, r in zip(positions, roles):
        inside = r.score >= 30
        ax.text(r.score - 1.5 if inside else r.score + 1.5, y, f"{r.score} · {r.rag}", va="center",
                ha="right" if inside else "left", fontsize=LABEL, color="white" if inside else REFERENCE,
                fontweight="bold")
    ax.axvline(RED_BELOW, color=REFERENCE, linestyle=":", linewidth=1.2, label=f"red below {RED_BELOW}")
    ax.axvline(GREEN_AT, color=REFERENCE, linestyle="--", linewidth=1.2, label=f"green from {GREEN_AT}")
    ax.axvline(report.summary.score, color=MUTED, linestyle="-", linewidth=2, alpha=0.6,
               label=f"team score {report.summary.score}")
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(roles) - 0.4)
    ax.set_xlabel("Score out of 100")
    ax.set_title(f"Role scores · audit #{report.id} · {one_line(report.team_label, 40)}", fontsize=TITLE,
                 loc="left")
    tidy_axes(ax)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(roles) < 4 else -0.1), ncol=3,
              fontsize=NOTE, frameon=False)
    return fig


@dataclass
class Change:
    """What changed since the team's previous audit, as the audit service's history wrote it."""
    heading: str  # "Since audit #3:" or why there is nothing to compare
    lines: list[str]
    previous: AuditReport | None = None


def change_since_previous(audits, report: AuditReport, viewer: Viewer) -> Change:
    if not report.team.strip():
        return Change(no_change(""), [])
    previous, lines = audits.since_previous(report.id, **_scope(viewer))
    if previous is None:
        return Change(no_change(report.team), [])
    return Change(f"Since audit #{previous.id}:", lines, previous)


def visible_report(request: Request, viewer: Viewer) -> AuditReport | None:
    """The audit when this person may see it; None when it does not exist or is not theirs to see (the two
    are not told apart)."""
    audit_id = request.path_params["audit_id"]
    if audit_id > MAX_ID:
        return None
    try:
        return request.app.state.deps.audits.get(audit_id, **_scope(viewer))
    except AuditNotFound:
        return None


def not_found(request: Request, viewer: Viewer) -> Response:
    return render(request, "message.html", viewer, status=404, title="No such audit",
                  message=f"There is no audit #{request.path_params['audit_id']} that you can see. "
                          "The audits page lists the ones there are.")


@page(*access.AUDITS)
def audit_report(request: Request, viewer: Viewer) -> Response:
    report = visible_report(request, viewer)
    if report is None:
        return not_found(request, viewer)
    change = change_since_previous(request.app.state.deps.audits, report, viewer)
    return render(request, "audit.html", viewer, title=f"Audit #{report.id}: {report.team_label}", report=report,
                  when=when(report.created_at), change=change, roles=[role_view(r) for r in report.roles],
                  chart_uri=svg_uri(role_scores_figure(report)), chart_headers=CHART_HEADERS,
                  chart_rows=chart_rows(report), csv_url=f"/app/audits/{report.id}.csv",
                  mine=report.author == viewer.user_id)


@page(*access.AUDITS)
def audit_csv(request: Request, viewer: Viewer) -> Response:
    report = visible_report(request, viewer)
    if report is None:
        return not_found(request, viewer)
    name = filename(report, "csv")
    if not name.isascii():  # a header is Latin-1: a team named in another script keeps to the id
        name = f"incentive-audit-{report.id}.csv"
    return download(name, to_csv(report))


def routes() -> list[Route]:
    return [Route("/app/audits", audits_list, methods=["GET"]),
            Route("/app/audits/{audit_id:int}.csv", audit_csv, methods=["GET"]),
            Route("/app/audits/{audit_id:int}", audit_report, methods=["GET"])]
