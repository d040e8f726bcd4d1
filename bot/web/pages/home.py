"""/app: the pages this person may open, with a line on what each shows."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.web.render import nav_for, render
from bot.web.viewer import Viewer, page

ABOUT = {"/app/adoption": "Who uses the AI tools, by department and tool, week by week, beside what surveys say.",
         "/app/kpis": "Each KPI's trend against its benchmark, target and alert threshold; OKR progress and pace.",
         "/app/surveys": "Live response rates, and the results of closed surveys with their comments.",
         "/app/audits": "Incentive audit reports and what changed since each team's previous audit.",
         "/app/knowledge": "Questions the coach could not answer, the indexed sources, and re-indexing."}


@page()
def home(request: Request, viewer: Viewer) -> Response:
    cards = [(item, ABOUT.get(item.href, "")) for item in nav_for(viewer)]
    return render(request, "home.html", viewer, cards=cards)


def routes() -> list[Route]:
    return [Route("/app", home, methods=["GET"])]
