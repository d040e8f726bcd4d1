"""App Home and the reports: the Home tab published when it is opened, the admins' gap-report button in it,
and the reports `/coach gaps` (admins), `usage` (managers) and `tools` (HR) that answers.py hands on. Each
shows the questions, answers and feedback of the request's own workspace (``deps.tenant``)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.errors import UserError
from bot.roles.service import ADMIN, HR, MANAGER
from bot.slack.blocks.home import GAP_REPORT, OPEN_DASHBOARD
from bot.slack.blocks.kit import notice, notice_view, section
from bot.slack.blocks.reports import gap_blocks, tool_blocks, usage_blocks
from bot.slack.blocks.text import escape
from bot.slack.deps import SlackDeps
from bot.slack.home import publish_home
from bot.tenancy import Tenant, tenant_of

REPORT_DAYS = 30
REPORTS = {"gaps": (ADMIN, "admins"), "usage": (MANAGER, "managers and admins"), "tools": (HR, "HR and admins")}


def refusal(subcommand: str, who: str, human_contact: str) -> dict:
    return notice(f"Sorry, `/coach {subcommand}` is only for {who}. If you need it, ask {escape(human_contact)} "
                  "to give you the role.")


def report(deps: SlackDeps, name: str, tenant: Tenant) -> dict:
    if name == "gaps":
        title, blocks = "Knowledge gaps", gap_blocks(deps.feedback.gaps(REPORT_DAYS, tenant=tenant), limit=20)
    elif name == "usage":
        title, blocks = "Usage", usage_blocks(deps.usage.summary(REPORT_DAYS, tenant))
    else:
        title, blocks = "AI tool feedback", tool_blocks(deps.feedback.tools(REPORT_DAYS, tenant=tenant), limit=20)
    return {"text": f"{title}, last {REPORT_DAYS} days",
            "blocks": [section(f"*{title}* — last {REPORT_DAYS} days")] + blocks[:48]}


def report_reply(deps: SlackDeps, client: WebClient, user: str, name: str, tenant: Tenant | None = None) -> dict:
    """`/coach <name>` for one of REPORTS over ``tenant``'s data (the request's, ``deps.tenant(context)``): the
    report, or a refusal for people without its role. Without a tenant the request names no workspace: fine
    in a single-workspace install, refused in a multi-workspace one."""
    role, who = REPORTS[name]
    if not deps.allowed(client, user, role):
        return refusal(name, who, deps.settings.human_contact)
    try:
        tenant = tenant if tenant is not None else tenant_of(deps.settings.multi_workspace, None)
    except UserError as exc:
        return notice(str(exc))
    return report(deps, name, tenant)


def on_home_opened(event: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    if event.get("tab", "home") == "home":
        publish_home(deps, client, event["user"], workspace_id=context.team_id, tenant=deps.tenant(context))


def on_gap_report(ack: Ack, body: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    ack()
    user = body["user"]["id"]
    if not deps.allowed(client, user, ADMIN):
        client.views_open(trigger_id=body["trigger_id"],
                          view=notice_view("Admins only", "Sorry, the gap report is only for admins."))
        return
    blocks = gap_blocks(deps.feedback.gaps(REPORT_DAYS, tenant=deps.tenant(context)), limit=12, teach=True)
    client.chat_postMessage(channel=user, text=f"Knowledge gaps, last {REPORT_DAYS} days",
                            blocks=[section(f"*Knowledge gaps* — last {REPORT_DAYS} days")] + blocks[:49])


def on_open_dashboard(ack: Ack) -> None:
    """The dashboard button is a link: Slack opens the page; the click it also sends only needs its ack."""
    ack()


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.action(GAP_REPORT)(on_gap_report)
    app.action(OPEN_DASHBOARD)(on_open_dashboard)
