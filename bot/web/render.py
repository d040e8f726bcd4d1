"""Rendering: the Jinja2 templates with what every page shows (who is signed in, the pages they may open,
the CSRF token for forms), charts as SVG (crisp at any size: matplotlib's output, text drawn as paths, so no
font is fetched) and CSV downloads written by bot.csv_export."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from bot.chart_style import to_svg
from bot.csv_export import to_csv
from bot.roles.service import ADMIN
from bot.web import access
from bot.web.viewer import ROLE_NAMES, Viewer

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    roles: tuple[str, ...]  # any of them opens it (admins open all)


NAV = (NavItem("Adoption", "/app/adoption", access.ADOPTION),
       NavItem("KPIs and OKRs", "/app/kpis", access.KPIS),
       NavItem("Surveys", "/app/surveys", access.SURVEYS),
       NavItem("Audits", "/app/audits", access.AUDITS),
       NavItem("Knowledge", "/app/knowledge", access.KNOWLEDGE))


def nav_for(viewer: Viewer | None) -> list[NavItem]:
    return [item for item in NAV if viewer is not None and viewer.can_any(item.roles)]


def csrf_token(request: Request) -> str:
    """The token every form carries (asgi-csrf checks it against its cookie on every POST)."""
    token = request.scope.get("csrftoken")
    return token() if callable(token) else ""


def render(request: Request, name: str, viewer: Viewer | None, status: int = 200, **context) -> HTMLResponse:
    context.update(viewer=viewer, nav=nav_for(viewer), csrf=csrf_token(request), path=request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=status)


def who_may(roles: Iterable[str]) -> str:
    names = [ROLE_NAMES[r] for r in roles if r in ROLE_NAMES and r != ADMIN] + ["admins"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def forbidden(request: Request, viewer: Viewer, roles: Iterable[str]) -> HTMLResponse:
    return render(request, "message.html", viewer, status=403, title="Not for your role",
                  message=f"This page is for {who_may(roles)}. Ask an admin of the coach if you need it.")


def user_error(request: Request, viewer: Viewer | None, message: str) -> HTMLResponse:
    """A service refused the request (bad input, a rule): its one line, and nothing changed."""
    return render(request, "message.html", viewer, status=400, title="That did not work", message=message)


def svg_uri(fig: Figure | None) -> str | None:
    """A chart as a data: URI for an <img> (each chart stays its own document: no clashing ids on one page)."""
    if fig is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(to_svg(fig)).decode("ascii")


def safe_filename(name: str) -> str:
    """A file name for a Content-Disposition header (Latin-1, quoted): ASCII letters, digits, dot, dash and
    underscore; anything else (a department or team named in another script, a space, a quote) becomes "_"."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)


def download(filename: str, text: str) -> Response:
    """``text`` as a CSV file to save, under a safe version of ``filename``."""
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{safe_filename(filename)}"'})


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    return download(filename, to_csv(header, rows))
