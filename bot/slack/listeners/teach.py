"""The teach loop in Slack: an admin's Teach button under a question of App Home's knowledge gaps opens a form
that attaches the question to the section that answers it (searching the knowledge base's sections as the
admin types) or answers it in a few sentences, through the same TeachService as `coach teach`.

Admins only, checked on the click, on each search and again on the submission (a form can outlive a role).
What is taught belongs to the request's workspace (``deps.tenant``): another workspace's answers never use it.
A problem is shown next to its field and nothing is stored."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.errors import FieldError, InputError, UserError
from bot.roles.service import ADMIN
from bot.slack.blocks.kit import notice_view, submitted
from bot.slack.blocks.teach import (
    HASHED,
    NO_SECTION,
    SECTION_SEARCH,
    TEACH_MODAL,
    TEACH_OPEN,
    option_value,
    read_metadata,
    read_value,
    section_options,
    taught_view,
    teach_modal,
)
from bot.slack.deps import SlackDeps
from bot.slack.forms import field_errors
from bot.slack.home import publish_home

ADMINS_ONLY = "Sorry, teaching the coach is only for admins."
BOTH = "Pick a section or write a short answer, not both (choose “No section” to keep the answer)."
NEITHER = "Pick the section that answers the question, or write a short answer below."
GONE = "That section is no longer in the knowledge base; pick another."
FORM_BLOCKS = {"question": "question", "section": "section", "answer": "answer"}  # service field -> block


def _refused(client: WebClient, deps: SlackDeps, user: str | None) -> bool:
    return not user or not deps.allowed(client, user, ADMIN)


def on_teach_open(ack: Ack, body: dict, action: dict, client: WebClient, deps: SlackDeps) -> None:
    ack()
    if _refused(client, deps, body["user"]["id"]):
        client.views_open(trigger_id=body["trigger_id"], view=notice_view("Admins only", ADMINS_ONLY))
        return
    source, question = read_value(str(action.get("value") or ""))
    from_home = (body.get("view") or {}).get("type") == "home"
    client.views_open(trigger_id=body["trigger_id"], view=teach_modal(question, source, from_home))


def on_section_search(ack: Ack, body: dict, client: WebClient, deps: SlackDeps) -> None:
    """The section select's options for what the admin typed (everything, in document order, before typing)."""
    if _refused(client, deps, (body.get("user") or {}).get("id")):
        ack(options=[])
        return
    typed = str(body.get("value") or "")
    ack(options=section_options(deps.teaching.sections(typed, limit=99), typed))


def _chosen(values: dict) -> str | None:
    """The picked option's value (PATH#ANCHOR or its digest), None for no section."""
    option = ((values.get("section") or {}).get(SECTION_SEARCH) or {}).get("selected_option") or {}
    value = option.get("value")
    return None if value in (None, "", NO_SECTION) else str(value)


def _target(value: str, deps: SlackDeps) -> str:
    """PATH#ANCHOR of an option value: itself, or the section whose long target has that digest."""
    if not value.startswith(HASHED):
        return value
    for ref in deps.teaching.sections(limit=100_000):
        if option_value(ref.target) == value:
            return ref.target
    raise InputError([FieldError("section", GONE)])


def on_teach_submit(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext,
                    deps: SlackDeps) -> None:
    user = body["user"]["id"]
    if _refused(client, deps, user):
        ack(response_action="update", view=notice_view("Admins only", ADMINS_ONLY))
        return
    values = view["state"]["values"]
    source, from_home, asked = read_metadata(view.get("private_metadata") or "")
    question, chosen = submitted(values, "question") or "", _chosen(values)
    answer = (submitted(values, "answer") or "").strip()
    try:
        if (chosen is None) == (not answer):
            raise InputError([FieldError("section", BOTH if answer else NEITHER)])
        tenant = deps.tenant(context)
        if chosen is not None:
            ref = deps.teaching.section(_target(chosen, deps))
            lesson, label = deps.teaching.attach(question, ref.target, user, source, tenant, asked), ref.label
        else:
            lesson, label = deps.teaching.answer(question, answer, user, source, tenant, asked), None
    except UserError as exc:
        ack(response_action="errors", errors=field_errors(exc, FORM_BLOCKS, "section"))
        return
    ack(response_action="update", view=taught_view(lesson.question, label))
    if from_home:  # the question leaves the gap list
        publish_home(deps, client, user, workspace_id=context.team_id, tenant=tenant)


def register(app: App) -> None:
    app.action(TEACH_OPEN)(on_teach_open)
    app.options(SECTION_SEARCH)(on_section_search)
    app.view(TEACH_MODAL)(on_teach_submit)
