"""Listener registration, one module per kind of Slack request (as in bolt-python-starter-template)."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.listeners import actions, assistant, audit, commands, events, kpis, shortcuts, surveys, views


def register_listeners(app: App, deps: SlackDeps) -> None:
    assistant.register(app, deps)  # a middleware: it must see DM thread messages before events does
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)
    shortcuts.register(app, deps)
    surveys.register(app, deps)
    kpis.register(app, deps)
    audit.register(app, deps)
