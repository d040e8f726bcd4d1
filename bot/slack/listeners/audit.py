"""`/incentive-audit` (managers and admins): the modal with role rows, the report by DM with Markdown and
CSV files, sharing to a channel, and `history`.

Everything is acknowledged at once; the modal is checked before it closes (a problem shows next to its
field and nothing is stored), and the audit itself (embeddings, retrieval) runs after the ack."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.audit.inputs import MAX_ROLES, AuditInputError, AuditRequest
from bot.audit.render import filename, to_csv, to_markdown
from bot.audit.service import AuditNotFound
from bot.errors import UserError
from bot.ids import channel_id
from bot.roles.service import ADMIN, MANAGER
from bot.slack.blocks.audit import (
    ADD_ROLE,
    AUDIT_MODAL,
    CHANNEL_BLOCK,
    COMMAND,
    REMOVE_ROLE,
    SHARE,
    SHARE_MODAL,
    TEAM_BLOCK,
    audit_modal,
    error_blocks,
    help_message,
    history_message,
    read_form,
    read_metadata,
    read_share_value,
    report_message,
    selected_channel,
    share_modal,
    shared_message,
    working_view,
)
from bot.slack.blocks.kit import notice, notice_view
from bot.slack.blocks.text import escape
from bot.slack.deps import SlackDeps
from bot.slack.forms import field_errors
from bot.slack.uploads import UploadError, upload_file

log = logging.getLogger(__name__)
CHANNEL_HELP = {"not_in_channel": "I'm not a member of that channel: invite me with `/invite @adoption coach` "
                                  "and share again.",
                "channel_not_found": "I can't see that channel: invite me to it and share again.",
                "is_archived": "That channel is archived."}


def refusal(human_contact: str) -> dict:
    return notice(f"Sorry, `{COMMAND}` is only for managers and admins. If you lead a team and need it, ask "
                  f"{escape(human_contact)} to give you the manager role.")


def deliver_report(client: WebClient, user: str, report, channel: str | None = None) -> None:
    """The report by DM, then its Markdown and CSV copies in the message's thread. ``channel`` (where the
    audit was started) is the one its Share button offers first."""
    posted = client.chat_postMessage(channel=user, unfurl_links=False, **report_message(report, channel))
    channel, ts = posted["channel"], posted["ts"]
    try:
        for fmt, content, title in (("md", to_markdown(report), "Audit report (Markdown)"),
                                    ("csv", to_csv(report), "Audit report (CSV, one row per role)")):
            upload_file(client, channel, filename(report, fmt), content.encode("utf-8"), title, thread_ts=ts)
    except UploadError as exc:
        client.chat_postMessage(channel=channel, thread_ts=ts, **notice(
            f"{exc} The report is stored: `coach audit show {report.id} --format md` prints it."))


def is_manager(deps: SlackDeps, client: WebClient, user: str) -> tuple[bool, bool]:
    """(may run audits, is an admin) for this person."""
    roles = deps.roles_of(client, user)
    return deps.roles.allows(roles, MANAGER), ADMIN in roles


def on_command(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext,
               deps: SlackDeps) -> None:
    words = (command.get("text") or "").strip()
    word, _, rest = words.partition(" ")
    if word.lower() == "help":
        ack(response_type="ephemeral", **help_message())
        return
    ack()
    user = command["user_id"]
    allowed, admin = is_manager(deps, client, user)
    if not allowed:
        respond(response_type="ephemeral", **refusal(deps.settings.human_contact))
    elif word.lower() in ("", "new"):
        client.views_open(trigger_id=command["trigger_id"],
                          view=audit_modal(["0"], 1, channel=command.get("channel_id")))
        deps.audits.warm()  # the catalog's vectors, once per process, while the manager types
    elif word.lower() == "history":
        team = rest.strip() or None
        entries = deps.audits.history(team=team, viewer=user, admin=admin, workspace_id=context.team_id)
        respond(response_type="ephemeral", **history_message(entries, team, own_only=not admin))
    else:
        respond(response_type="ephemeral", **help_message())


def _update_rows(ack: Ack, body: dict, client: WebClient, change) -> None:
    ack()
    view = body["view"]
    rows, next_key, channel = read_metadata(view)
    rows, next_key = change(rows[:MAX_ROLES], next_key)
    client.views_update(view_id=view["id"], hash=view.get("hash"),
                        view=audit_modal(rows, next_key, view.get("state", {}).get("values"), channel))


def on_add_role(ack: Ack, body: dict, client: WebClient) -> None:
    def add(rows, next_key):
        return (rows + [str(next_key)], next_key + 1) if len(rows) < MAX_ROLES else (rows, next_key)
    _update_rows(ack, body, client, add)


def on_remove_role(ack: Ack, body: dict, action: dict, client: WebClient) -> None:
    key = action.get("value")

    def remove(rows, next_key):
        left = [r for r in rows if r != key]
        return (left or rows), next_key
    _update_rows(ack, body, client, remove)


def on_submit(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    user = body["user"]["id"]
    rows, _next, channel = read_metadata(view)
    team, roles = read_form(view["state"]["values"], rows)
    if not is_manager(deps, client, user)[0]:
        ack(response_action="errors", errors={TEAM_BLOCK: f"Only managers and admins can run {COMMAND}."})
        return
    try:
        request = deps.audits.check(AuditRequest(team, tuple(roles)))
    except AuditInputError as exc:
        ack(response_action="errors", errors=field_errors(exc, *error_blocks(rows)))
        return
    ack(response_action="update", view=working_view(len(request.roles)))
    report = deps.audits.run(request, author=user, workspace_id=context.team_id)
    deliver_report(client, user, report, channel)


def on_share(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    ack()
    user = body["user"]["id"]
    allowed, admin = is_manager(deps, client, user)
    audit_id, channel = read_share_value(action.get("value"))
    try:
        if not allowed or audit_id is None:
            raise AuditNotFound("")
        deps.audits.get(audit_id, viewer=user, admin=admin, workspace_id=context.team_id)
    except AuditNotFound:
        client.views_open(trigger_id=body["trigger_id"], view=notice_view(
            "Share audit", "I can only share an audit you ran, and I can't find this one."))
        return
    client.views_open(trigger_id=body["trigger_id"], view=share_modal(audit_id, channel))


def on_share_submit(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext,
                    deps: SlackDeps) -> None:
    user = body["user"]["id"]
    channel = selected_channel(view["state"]["values"])
    metadata = view.get("private_metadata") or ""
    allowed, admin = is_manager(deps, client, user)
    try:
        if not allowed or not metadata.isdigit():
            raise AuditNotFound("")
        report = deps.audits.get(int(metadata), viewer=user, admin=admin, workspace_id=context.team_id)
    except AuditNotFound:
        ack(response_action="errors", errors={CHANNEL_BLOCK: "I can't find this audit any more."})
        return
    if not channel:
        ack(response_action="errors", errors={CHANNEL_BLOCK: "Choose a channel."})
        return
    try:
        channel = channel_id(channel)
    except UserError as exc:  # the picker offers channels only: a crafted submission
        ack(response_action="errors", errors=field_errors(exc, {"channel": CHANNEL_BLOCK}, CHANNEL_BLOCK))
        return
    ack()
    try:
        client.chat_postMessage(channel=channel, unfurl_links=False, **shared_message(report, user))
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        log.warning("Sharing audit %s failed: %s", report.id, error)
        client.chat_postMessage(channel=user, **notice(
            f"I couldn't share audit #{report.id} in <#{channel}>. "
            + CHANNEL_HELP.get(error, f"Slack said `{escape(error or 'unknown error')}`.")))
        return
    deps.audits.mark_shared(report.id, channel)
    client.chat_postMessage(channel=user, **notice(f"Shared the summary of audit #{report.id} in <#{channel}>."))


def register(app: App) -> None:
    app.command(COMMAND)(on_command)
    app.action(ADD_ROLE)(on_add_role)
    app.action(REMOVE_ROLE)(on_remove_role)
    app.view(AUDIT_MODAL)(on_submit)
    app.action(SHARE)(on_share)
    app.view(SHARE_MODAL)(on_share_submit)
