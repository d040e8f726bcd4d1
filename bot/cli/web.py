"""`coach web`: the dashboard on its own, for local use (`--local`: a local admin on 127.0.0.1, no Slack) or
beside a Socket Mode bot that runs elsewhere (people sign in with Slack)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import container, err
from bot.cli.setup import prepare
from bot.errors import UserError


def web(local: Annotated[bool, typer.Option("--local", help="Sign in as a local admin; serves 127.0.0.1 only")] = False,
        port: Annotated[int | None, typer.Option(min=0, max=65535, help="Port (default COACH_WEB_PORT, else 8080)")] = None,
        host: Annotated[str | None, typer.Option(help="Address (default 127.0.0.1 with --local, else "
                                                      "COACH_WEB_HOST)")] = None) -> None:
    """Serve the web dashboard at /app."""
    c = container()
    s = c.settings
    host = host or ("127.0.0.1" if local else s.web_host)
    port = port if port is not None else (s.web_port or 8080)
    from bot.web.app import is_loopback

    if local and not is_loopback(host):
        raise UserError(f"--local serves this machine only: --host {host} is not a loopback address (use 127.0.0.1).")
    deps = c.web_deps(local=local)
    if not local and not deps.slack_sign_in:
        raise UserError("Sign in with Slack needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (or COACH_WEB_CLIENT_ID and "
                        "COACH_WEB_CLIENT_SECRET) and COACH_WEB_BASE_URL; or try it here with `coach web --local`.")
    prepare(c, err)
    from bot.slack.http import bind
    from bot.web.app import build_web_app
    from bot.web.server import web_server

    sock = bind(host, port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"adoption coach: the dashboard at http://{shown}:{sock.getsockname()[1]}/app (Ctrl-C to stop)", flush=True)
    web_server(build_web_app(deps)).run(sockets=[sock])
