"""The dashboard's ASGI app: routes under /app, signed session cookies, CSRF protection on every form, security
headers, and the static files it serves itself (nothing is fetched from elsewhere at page load)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from pathlib import Path

from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.asgi_body import BodyTooLarge, declared_length, read_body
from bot.config import Settings
from bot.web import signin
from bot.web.deps import WebDeps
from bot.web.pages import page_routes
from bot.web.render import render

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE, CSRF_COOKIE = "coach_session", "coach_csrf"
# No script runs but our own (there is none yet), no frame holds the pages, forms post only here; charts are
# data: URIs. Pages about people are never cached.
_HEADERS = [(b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                          b"script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                                          b"base-uri 'none'; object-src 'none'"),
            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
            (b"x-frame-options", b"DENY")]


def session_secret(settings: Settings, local: bool) -> str:
    """COACH_WEB_SESSION_SECRET; else one derived from the Slack app's client secret (the same on every replica);
    else, locally, a random one (sessions end when the process does)."""
    if settings.web_session_secret is not None:
        return settings.web_session_secret.get_secret_value()
    secret = settings.slack_client_secret or settings.web_client_secret
    if secret is not None and not local:
        return hmac.new(secret.get_secret_value().encode(), b"adoption coach web session", hashlib.sha256).hexdigest()
    return secrets.token_hex(32)


def secure_cookies(settings: Settings, local: bool) -> bool:
    """Cookies are Secure unless the dashboard is served on this machine only (http://127.0.0.1, localhost)."""
    return not local and (settings.web_base or "").startswith("https://")


class Guarded:
    """Security headers on every response; a body over COACH_MAX_BODY_BYTES refused with 413 before any of it is
    parsed (the CSRF check reads a form whole); with `coach web --local`, requests from other machines, or for a
    host name other than this machine's (DNS rebinding), refused."""

    def __init__(self, app: ASGIApp, local: bool, max_body_bytes: int):
        self.app, self.local, self.max_body_bytes = app, local, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = not scope["path"].startswith("/app/static/")

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                extra = _HEADERS + ([(b"cache-control", b"no-store")] if no_store else [])
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if self.local and not (_loopback(scope) and _loopback_host(scope)):
            await PlainTextResponse("The local dashboard answers this machine only.", 403)(scope, receive,
                                                                                          send_with_headers)
            return
        if _content_type(scope) == b"multipart/form-data":  # no form uploads; asgi-csrf 0.11 fails on them (500)
            await PlainTextResponse("The dashboard's forms are sent URL-encoded; multipart bodies are refused.",
                                    415)(scope, receive, send_with_headers)
            return
        body = await _read_body(scope, receive, self.max_body_bytes)
        if body is None:
            await PlainTextResponse(f"Payload Too Large: the body is over {self.max_body_bytes} bytes", 413,
                                    headers={"connection": "close"})(scope, receive, send_with_headers)
            return
        await self.app(scope, _replay(body, receive), send_with_headers)


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """The whole body (the dashboard's forms are small), or None once it is over ``limit`` bytes."""
    if declared_length(scope) > limit:
        return None
    if scope["method"] in ("GET", "HEAD", "OPTIONS"):
        return b""
    try:
        return await read_body(receive, limit)
    except BodyTooLarge:
        return None


def _content_type(scope: Scope) -> bytes:
    value = dict(scope.get("headers") or []).get(b"content-type", b"")
    return value.split(b";", 1)[0].strip().lower()


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay():
        nonlocal sent
        if sent:
            return await receive()  # after the body: wait for the client to disconnect
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def is_loopback(host: str) -> bool:
    """``host`` (a name or an address) is this machine: localhost, 127.0.0.0/8, ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _loopback(scope: Scope) -> bool:
    client = scope.get("client")
    return client is not None and is_loopback(client[0])


def _loopback_host(scope: Scope) -> bool:
    """The Host header names this machine (localhost, 127.0.0.1, [::1]; any port)."""
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").strip().lower()
    return is_loopback(host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0])


async def _not_found(request: Request, exc) -> HTMLResponse:
    return render(request, "message.html", None, status=404, title="Not found",
                  message="There is no such page on the dashboard.")


async def _csrf_failed(scope: Scope, send: Send, message_id) -> None:
    response = PlainTextResponse("The form was refused: it carried no valid CSRF token. Reload the page and try "
                                 "again.", status_code=403)
    await response({**scope, "type": "http"}, _no_body, send)


async def _no_body():
    return {"type": "http.request", "body": b"", "more_body": False}


def build_web_app(deps: WebDeps) -> ASGIApp:
    """The dashboard, for HTTP mode's server (/app), `coach web` and Socket Mode's COACH_WEB_PORT."""
    secure, secret = secure_cookies(deps.settings, deps.local), session_secret(deps.settings, deps.local)
    routes = [*signin.routes(), *page_routes(),
              Mount("/app/static", StaticFiles(directory=STATIC), name="static"),
              Route("/app/", _redirect_home, methods=["GET"])]
    app = Starlette(routes=routes, exception_handlers={404: _not_found},
                    middleware=[Middleware(SessionMiddleware, secret_key=secret,
                                           session_cookie=SESSION_COOKIE, path="/app", same_site="lax",
                                           https_only=secure, max_age=deps.settings.web_session_hours * 3600)])
    app.state.deps = deps
    protected = asgi_csrf(app, cookie_name=CSRF_COOKIE, cookie_path="/app", cookie_secure=secure,
                          signing_secret=secret + ":csrf", send_csrf_failed=_csrf_failed,
                          # asgi-csrf lets a POST without cookies through (there is no session to ride on), but
                          # signing in starts one: a page elsewhere must not sign a browser in
                          always_protect={"/app/login/local"})
    return Guarded(protected, deps.local, deps.settings.max_body_bytes)


async def _redirect_home(request: Request) -> RedirectResponse:
    return RedirectResponse("/app", status_code=308)
