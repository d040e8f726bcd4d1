"""`coach run`: the bot itself, in Slack when Slack tokens are set (Socket Mode or --http), otherwise the
terminal chat of `coach chat`. On the embedded default a fresh data dir is prepared first (bot.cli.setup)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.answers import chat_loop
from bot.cli.common import console, container, err
from bot.cli.setup import prepare


def run(http: Annotated[bool, typer.Option("--http", help="Serve Slack's HTTP requests instead of Socket Mode")] = False,
        port: Annotated[int, typer.Option(min=0, max=65535, help="Port for --http")] = 3000,
        host: Annotated[str, typer.Option(help="Address for --http")] = "0.0.0.0") -> None:
    """Run the bot: in Slack when Slack tokens are set, otherwise as a local chat in this terminal."""
    c = container()
    if c.settings.slack_configured or http:
        from bot.slack.runner import run_slack

        def build():  # once the Slack settings are known to be complete
            prepare(c, err)
            return c.slack_process()

        run_slack(c.settings, build, http=http, port=port, host=host)
    else:
        prepare(c, err)
        console.print("[dim]No SLACK_BOT_TOKEN set: running in local mode (Ctrl-D to quit).[/]")
        chat_loop(c.answers, console)
