"""Listener registration, one module per feature: answers (mentions, DMs, threads, `/coach`, sharing),
the Assistant pane, feedback, App Home and reports, incentive audits, surveys, KPIs.

Each handler is a top-level function and each module's ``register(app)`` hands them to Bolt. Handlers get
the SlackDeps as an argument named ``deps``, the way they get ``client`` or ``ack``: the middleware below
puts it in Bolt's context, and Bolt passes any context key to the listener argument of that name. One way
everywhere, chosen over functools.partial or factories because the handlers stay plain named functions
(Bolt logs their names; a partial would show as "functools.partial") that a test can call with its own
deps. The middleware goes first, so that the Assistant's middleware, which must see DM thread messages
before answers.py's message listener, finds deps too."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.slack.answer_queue import AnswerQueue
from bot.slack.deps import SlackDeps
from bot.slack.listeners import (
    answers,
    assistant,
    audit,
    feedback,
    home,
    kpis,
    surveys,
    teach,
)


def context_middleware(**values: object) -> Callable:
    """Middleware that puts ``values`` in Bolt's context, so listeners get each as the argument of its name."""
    def provide(context: BoltContext, next: Callable[[], None]) -> None:
        context.update(values)
        next()
    return provide


def register_listeners(app: App, deps: SlackDeps, answer_queue: AnswerQueue) -> None:
    """Every feature's listeners, with ``deps`` and the ``answer_queue`` (slow work after the ack) in reach."""
    app.use(context_middleware(deps=deps, answer_queue=answer_queue))
    assistant.register(app)  # a middleware: it must see DM thread messages before answers' message listener
    answers.register(app)
    feedback.register(app)
    home.register(app)
    surveys.register(app)
    kpis.register(app)
    audit.register(app)
    teach.register(app)
