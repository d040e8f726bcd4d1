"""`/coach`: a question (answered privately, with "Share in channel"), `help`, `feedback`, and the reports
`gaps` (admins), `usage` (managers) and `tools` (HR)."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.roles.service import ADMIN, HR, MANAGER
from bot.slack.answering import ask, rate_limited
from bot.slack.blocks.answer import answer_messages, notice, section
from bot.slack.blocks.feedback import tool_modal
from bot.slack.blocks.help import help_message
from bot.slack.blocks.text import escape
from bot.slack.blocks.reports import gap_blocks, tool_blocks, usage_blocks
from bot.slack.deps import SlackDeps
from bot.slack.text import question_text

REPORT_DAYS = 30
REPORTS = {"gaps": (ADMIN, "admins"), "usage": (MANAGER, "managers and admins"), "tools": (HR, "HR and admins")}


def refusal(subcommand: str, who: str, human_contact: str) -> dict:
    return notice(f"Sorry, `/coach {subcommand}` is only for {who}. If you need it, ask {escape(human_contact)} "
                  "to give you the role.")


def report(deps: SlackDeps, name: str) -> dict:
    if name == "gaps":
        title, blocks = "Knowledge gaps", gap_blocks(deps.feedback.gaps(REPORT_DAYS), limit=20)
    elif name == "usage":
        title, blocks = "Usage", usage_blocks(deps.usage.summary(REPORT_DAYS))
    else:
        title, blocks = "AI tool feedback", tool_blocks(deps.feedback.tools(REPORT_DAYS), limit=20)
    return {"text": f"{title}, last {REPORT_DAYS} days",
            "blocks": [section(f"*{title}* — last {REPORT_DAYS} days")] + blocks[:48]}


def register(app: App, deps: SlackDeps) -> None:
    @app.command("/coach")
    def on_coach(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext) -> None:
        text = (command.get("text") or "").strip()
        word = text.lower()
        if word in ("", "help"):
            ack(response_type="ephemeral", **help_message(deps.settings.human_contact))
            return
        ack()
        user = command["user_id"]
        if word == "feedback":
            client.views_open(trigger_id=command["trigger_id"], view=tool_modal(command.get("channel_id")))
        elif word in REPORTS:
            role, who = REPORTS[word]
            if not deps.allowed(client, user, role):
                respond(response_type="ephemeral", **refusal(word, who, deps.settings.human_contact))
            else:
                respond(response_type="ephemeral", **report(deps, word))
        else:
            reply = ask(deps, client, user=user, text=question_text(text), surface="command",
                        team=context.team_id, channel=None, thread_key=None)
            if reply.answer is None:
                respond(response_type="ephemeral", **rate_limited(reply))
                return
            for message in answer_messages(reply.answer, reply.usage_id, shareable=True, echo_question=True):
                respond(response_type="ephemeral", replace_original=False, **message)
