"""Signing in and out: Sign in with Slack (OpenID Connect, slack_sdk's helpers) or, with `coach web --local`, a
local admin on 127.0.0.1.

The flow: /app/login shows the button; /app/login/slack keeps a random state and nonce in the session and sends
the browser to Slack's authorize page; Slack sends it back to /app/auth/slack with a code, which is exchanged
for an ID token over the back channel (openid.connect.token). The token comes straight from Slack over TLS, so
its claims are checked (audience, issuer, expiry, nonce) without fetching Slack's signing keys (OpenID Connect
Core 3.1.3.7). The session is then started afresh with the person's Slack user and workspace."""

from __future__ import annotations

import logging
import secrets
import time

import jwt
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth import OpenIDConnectAuthorizeUrlGenerator
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.web.render import render
from bot.web.viewer import current_viewer, safe_next

log = logging.getLogger(__name__)

SCOPES = ["openid", "profile", "email"]
CALLBACK_PATH = "/app/auth/slack"
ISSUER = "https://slack.com"
TEAM_CLAIM = "https://slack.com/team_id"


def _login_page(request: Request, message: str = "", status: int = 200) -> Response:
    deps = request.app.state.deps
    return render(request, "login.html", None, status=status, local=deps.local, slack=_slack_sign_in(deps),
                  next=safe_next(request.query_params.get("next")), message=message)


async def login(request: Request) -> Response:
    if await run_in_threadpool(current_viewer, request) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    notice = "You are signed out." if request.query_params.get("signed_out") else ""
    return _login_page(request, notice)


async def login_local(request: Request) -> Response:
    deps = request.app.state.deps
    if not deps.local:
        return _login_page(request, "Signing in as the local admin works only with `coach web --local`.", 403)
    form = await request.form()
    request.session.clear()
    request.session["user"] = {"id": "local", "local": True, "at": int(time.time())}
    return RedirectResponse(safe_next(form.get("next")), status_code=303)


def _slack_sign_in(deps) -> bool:
    """Sign in with Slack is set up, and this is not `coach web --local` (which has the local admin only)."""
    return deps.slack_sign_in and not deps.local


async def login_slack(request: Request) -> Response:
    deps = request.app.state.deps
    if not _slack_sign_in(deps):
        return _login_page(request, "Sign in with Slack is not set up on this server.", 404)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    request.session["oidc"] = {"state": state, "nonce": nonce, "next": safe_next(request.query_params.get("next"))}
    url = OpenIDConnectAuthorizeUrlGenerator(client_id=deps.client_id, scopes=SCOPES,
                                             redirect_uri=deps.settings.web_base + CALLBACK_PATH,
                                             authorization_url=deps.settings.web_authorize_url
                                             ).generate(state=state, nonce=nonce)
    return RedirectResponse(url, status_code=303)


def _claims(deps, code: str) -> dict:
    """The ID token's claims for ``code``; raises ValueError with the reason it is refused."""
    try:
        response = deps.slack_client().openid_connect_token(client_id=deps.client_id,
                                                            client_secret=deps.client_secret, code=code,
                                                            redirect_uri=deps.settings.web_base + CALLBACK_PATH)
    except SlackApiError as exc:
        raise ValueError(f"Slack refused the sign-in ({exc.response.get('error')})") from None
    token = response.get("id_token")
    if not isinstance(token, str):
        raise ValueError("Slack sent no ID token")
    try:
        return jwt.decode(token, audience=deps.client_id, issuer=ISSUER, algorithms=["RS256"],
                          options={"verify_signature": False, "verify_aud": True, "verify_iss": True,
                                   "verify_exp": True, "require": ["sub", "aud", "iss", "exp", "nonce"]})
    except jwt.PyJWTError as exc:
        raise ValueError(f"the ID token is not valid ({exc})") from None


async def callback(request: Request) -> Response:
    deps = request.app.state.deps
    pending = request.session.pop("oidc", None)
    state = request.query_params.get("state", "")
    if not _slack_sign_in(deps):
        return _login_page(request, "Sign in with Slack is not set up on this server.", 404)
    if not isinstance(pending, dict) or not secrets.compare_digest(str(pending.get("state", "")), state):
        return _login_page(request, "That sign-in link is stale or was not started here: sign in again.", 400)
    if request.query_params.get("error"):
        return _login_page(request, "Slack did not sign you in (you may have cancelled): try again.", 400)
    code = request.query_params.get("code")
    if not code:
        return _login_page(request, "Slack sent no sign-in code: try again.", 400)
    try:
        claims = await run_in_threadpool(_claims, deps, code)
    except ValueError as exc:
        log.warning("Sign in with Slack refused: %s", exc)
        return _login_page(request, f"Signing in failed: {exc}.", 400)
    if not secrets.compare_digest(str(claims.get("nonce")), str(pending.get("nonce"))):
        return _login_page(request, "Signing in failed: the ID token was not issued for this sign-in.", 400)
    team = claims.get(TEAM_CLAIM)
    if not isinstance(team, str) or not await run_in_threadpool(deps.workspace_allowed, team):
        return _login_page(request, "This dashboard belongs to another Slack workspace.", 403)
    request.session.clear()  # a fresh session: nothing from before signing in carries over
    request.session["user"] = {"id": str(claims["sub"]), "team": team,
                               "name": str(claims.get("name") or claims.get("given_name") or claims["sub"])[:80],
                               "at": int(time.time())}  # when the session ends: bot.web.viewer.current_viewer
    log.info("Signed in to the dashboard: %s of %s", claims["sub"], team)
    return RedirectResponse(safe_next(pending.get("next")), status_code=303)


async def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/app/login?signed_out=1", status_code=303)


def routes() -> list[Route]:
    return [Route("/app/login", login, methods=["GET"]),
            Route("/app/login/local", login_local, methods=["POST"]),
            Route("/app/login/slack", login_slack, methods=["GET"]),
            Route(CALLBACK_PATH, callback, methods=["GET"]),
            Route("/app/logout", logout, methods=["POST"])]
