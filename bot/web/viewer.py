"""Who is looking at a page, and the guard every page goes through.

The session cookie (Starlette's SessionMiddleware: signed with itsdangerous, with the time it was signed, so a
forged or expired cookie reads as no session) holds only who signed in: the Slack user and workspace. Roles
are looked up on every request, so a role taken away closes its pages at once."""

from __future__ import annotations

import functools
import posixpath
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from bot.errors import UserError
from bot.roles.service import ADMIN, EMPLOYEE, HR, MANAGER, RoleService
from bot.tenancy import Tenant, tenant_of

ROLE_NAMES = {ADMIN: "admins", HR: "HR", MANAGER: "managers"}
LOCAL_USER = "local"


@dataclass(frozen=True)
class Viewer:
    user_id: str
    team_id: str | None
    name: str
    roles: frozenset[str]
    tenant: Tenant
    local: bool = False

    def can(self, role: str) -> bool:
        return RoleService.allows(self.roles, role)

    def can_any(self, roles: Iterable[str]) -> bool:
        roles = tuple(roles)
        return not roles or any(self.can(role) for role in roles)

    @property
    def role_names(self) -> str:
        """The roles that open pages, as the header shows them ("admin, hr")."""
        return ", ".join(sorted(self.roles - {EMPLOYEE}))

    @property
    def admin(self) -> bool:
        return ADMIN in self.roles


def current_viewer(request: Request) -> Viewer | None:
    """The signed-in person, or None (no session, or one this dashboard no longer accepts)."""
    signed = request.session.get("user")
    if not isinstance(signed, dict) or not isinstance(signed.get("id"), str):
        return None
    deps = request.app.state.deps
    # The cookie's own timestamp is renewed whenever the session changes (starting another sign-in does): the
    # session ends COACH_WEB_SESSION_HOURS after the sign-in it came from, whatever the cookie says.
    at = signed.get("at")
    if not isinstance(at, int) or time.time() - at >= deps.settings.web_session_hours * 3600:
        return None
    if signed.get("local"):
        if not deps.local:  # a local session is worth nothing on a dashboard that signs in with Slack
            return None
        return Viewer(LOCAL_USER, None, "Local admin", frozenset({ADMIN, EMPLOYEE}), tenant_of(False, None), True)
    if deps.local:
        return None
    team = signed.get("team") if isinstance(signed.get("team"), str) else None
    try:
        tenant = tenant_of(deps.settings.multi_workspace, team)
    except UserError:
        return None
    return Viewer(signed["id"], team, str(signed.get("name") or signed["id"]), deps.roles_of(signed["id"], team),
                  tenant)


def safe_next(path: str | None) -> str:
    """Where to go after signing in: a dashboard path only (never another site, nor a path a browser would
    normalise out of /app, such as /app/../x or /app/%2e%2e/x)."""
    if not path or "\\" in path or any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in path):
        return "/app"
    parts = urlsplit(path)
    plain = unquote(parts.path)
    if parts.scheme or parts.netloc or not (plain == "/app" or plain.startswith("/app/")) \
            or posixpath.normpath(plain) != plain.rstrip("/") or "//" in plain:
        return "/app"
    return path


def sign_in_needed(request: Request) -> Response:
    """A page asked for without a session: a browser is sent to sign in, anything else gets 401 and no data."""
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/app/login?next={quote(target, safe='')}", status_code=303)
    return PlainTextResponse("Sign in first: your session has ended or was never started.", status_code=401)


def page(*roles: str) -> Callable:
    """Decorate a page handler ``handler(request, viewer) -> Response`` (a plain function: it runs on a worker
    thread, as the services are synchronous). ``roles``: any of them opens the page (admins open every page);
    none: every signed-in person. A POST's form is read first and left in ``request.state.form``."""
    from bot.web.render import forbidden, user_error

    def decorate(handler: Callable[[Request, Viewer], Response]) -> Callable:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            viewer = await run_in_threadpool(current_viewer, request)
            if viewer is None:
                return sign_in_needed(request)
            if not viewer.can_any(roles):
                return forbidden(request, viewer, roles)
            request.state.viewer = viewer
            if request.method == "POST":
                request.state.form = await request.form()
            try:
                return await run_in_threadpool(handler, request, viewer)
            except UserError as exc:
                return user_error(request, viewer, str(exc))

        endpoint.roles = roles
        return endpoint

    return decorate
