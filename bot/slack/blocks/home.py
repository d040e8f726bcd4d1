"""App Home: one view whose sections depend on the viewer's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.feedback.service import Gap, ToolFeedback
from bot.slack.blocks.help import SUGGESTED_QUESTIONS
from bot.slack.blocks.kit import button, context, plain, section
from bot.slack.blocks.reports import gap_blocks, tool_blocks, usage_blocks
from bot.slack.blocks.text import escape, user_text
from bot.usage.service import UsageSummary

if TYPE_CHECKING:
    from bot.slack.blocks.adoption import AdoptionHome

GAP_REPORT = "home_gap_report"
OPEN_DASHBOARD = "home_open_dashboard"  # a link button: Slack opens the page and still sends the click


@dataclass
class HomeData:
    user_id: str
    roles: frozenset[str]
    human_contact: str
    recent: list[tuple[str, bool]] = field(default_factory=list)
    usage: UsageSummary | None = None  # managers and admins
    audits: list | None = None  # managers and admins: bot.audit.history.HistoryEntry, newest first
    tools: list[ToolFeedback] | None = None  # hr and admins
    gaps: list[Gap] | None = None  # admins
    surveys: list | None = None  # hr and admins: bot.surveys.service.Status, newest first
    nudges: list | None = None  # admins: bot.kpis.nudge_schedules.ScheduleState
    adoption: AdoptionHome | None = None  # managers, HR and admins
    role_count: int = 0
    dashboard: str | None = None  # the web dashboard's address, for people with a role that opens a page


def _header(text: str) -> dict:
    return {"type": "header", "text": plain(text)}


def home_view(data: HomeData) -> dict:
    blocks = [_header("adoption coach"),
              section("I answer questions about adopting AI at work from your company's adoption guides, "
                      "with sources. Mention me in a channel, send me a DM, use the assistant pane, or type "
                      "`/coach <question>` anywhere."),
              section("*Try asking*\n" + "\n".join(f"• {q}" for q in SUGGESTED_QUESTIONS))]
    if data.recent:
        lines = [f"{'✅' if ok else '❔'} {user_text(q, 150)}" for q, ok in data.recent]
        blocks.append(section("*Your recent questions*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Your recent questions*\nNone yet — ask me anything about AI adoption."))
    blocks.append(context(f"Roles: {', '.join(sorted(data.roles))}. When I can't help, "
                          f"{escape(data.human_contact)} can."))
    if data.dashboard is not None:
        blocks.append({"type": "actions", "elements": [
            {**button("Open the dashboard", OPEN_DASHBOARD, "dashboard"), "url": data.dashboard}]})
    if data.usage is not None:
        blocks += [{"type": "divider"}, _header("Adoption in numbers (managers)")]
        blocks += usage_blocks(data.usage, by_department=True)
    if data.audits is not None:
        from bot.roles.service import ADMIN
        from bot.slack.blocks.audit import home_audit_blocks

        blocks += [{"type": "divider"}, _header("Incentive audits (managers)")]
        blocks += home_audit_blocks(data.audits, own_only=ADMIN not in data.roles)
    if data.adoption is not None:
        from bot.slack.blocks.adoption import home_adoption_blocks

        blocks += [{"type": "divider"}] + home_adoption_blocks(data.adoption)
    if data.tools is not None:
        blocks += [{"type": "divider"}, _header("AI tool feedback (HR)")]
        blocks += tool_blocks(data.tools, limit=5)
    if data.surveys is not None:
        from bot.slack.blocks.surveys import home_survey_blocks

        blocks += [{"type": "divider"}, _header("Surveys (HR)")] + home_survey_blocks(data.surveys)
    if data.gaps is not None:
        blocks += [{"type": "divider"}, _header("Knowledge gaps (admins)")]
        blocks += gap_blocks(data.gaps, limit=5, teach=True)
        if any(g.questions for g in data.gaps[:5]):
            blocks.append(context("*Teach* attaches a question to the section that answers it, or answers it in "
                                  "a few sentences: from then on I answer it, and anything close to it."))
        blocks.append({"type": "actions", "block_id": "admin_actions",
                       "elements": [button("Send me the full gap report", GAP_REPORT, "30")]})
        blocks.append(context(f"{data.role_count} role assignments; manage them with `coach roles`."))
    if data.nudges is not None:
        from bot.slack.blocks.kpis import home_nudge_blocks

        blocks += [{"type": "divider"}] + home_nudge_blocks(data.nudges)
    return {"type": "home", "blocks": blocks[:100]}
