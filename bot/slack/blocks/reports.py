"""Knowledge gaps, usage and AI-tool feedback as blocks (App Home sections and `/coach` replies)."""

from __future__ import annotations

from bot.feedback.service import REASONS, Gap, ToolFeedback
from bot.slack.blocks.kit import context, section
from bot.slack.blocks.teach import teach_button
from bot.slack.blocks.text import SECTION_LIMIT, escape, shorten, user_text
from bot.usage.service import UsageSummary


def gap_blocks(gaps: list[Gap], limit: int, teach: bool = False) -> list[dict]:
    """The gaps, largest first; with ``teach`` (admins in App Home) each question gets its own line and a
    Teach button that opens the form attaching it to a section or answering it."""
    if not gaps:
        return [section("No knowledge gaps in this period: no declined questions and no 👎 answers.")]
    blocks = []
    for gap in gaps[:limit]:
        lines = [f"*{escape(gap.topic)}* — {gap.declined} declined, {gap.downvoted} 👎"]
        if gap.reasons:
            lines.append("Reasons: " + ", ".join(f"{REASONS.get(r, r).lower()} ×{n}"
                                                for r, n in gap.reasons.most_common()))
        if gap.taught:
            lines.append(f"Taught since: {gap.taught} question{'s' if gap.taught > 1 else ''}.")
        if teach and gap.questions:
            blocks.append(section(shorten("\n".join(lines), SECTION_LIMIT)))
            blocks += [{**section(f"• _{user_text(q.question, 300)}_"),
                        "accessory": teach_button(q)} for q in gap.questions]
            continue
        lines += [f"• _{user_text(q, 150)}_" for q in gap.examples]
        blocks.append(section(shorten("\n".join(lines), SECTION_LIMIT)))
    if len(gaps) > limit:
        blocks.append(context(f"…and {len(gaps) - limit} more topics (`coach feedback report` lists them all)."))
    return blocks


def usage_blocks(summary: UsageSummary, by_department: bool = True, rows: int = 8) -> list[dict]:
    if not summary.questions:
        return [section(f"No questions asked in the last {summary.days} days yet.")]
    head = (f"*{summary.questions}* questions from *{summary.people}* people in the last {summary.days} days; "
            f"*{summary.answer_rate:.0%}* answered.")
    blocks = [section(head)]
    groups = [("By surface", summary.by_surface)] + ([("By department", summary.by_department)] if by_department
                                                       else [])
    for title, data in groups:
        lines = [f"• {escape(r.group)}: {r.questions} questions, {r.people} people, "
                 f"{r.mean_latency_ms:.0f} ms on average" for r in data[:rows]]
        blocks.append(section(shorten(f"*{title}*\n" + "\n".join(lines), SECTION_LIMIT)))
    return blocks


def tool_blocks(tools: list[ToolFeedback], limit: int) -> list[dict]:
    if not tools:
        return [section("No feedback on AI tools yet. People give it with `/coach feedback` or the "
                        "*Give AI feedback* message shortcut.")]
    blocks = []
    for t in tools[:limit]:
        lines = [f"*{escape(t.tool)}* — {t.up} 👍, {t.down} 👎"] + [f"> {user_text(c, 200)}" for c in t.comments]
        blocks.append(section(shorten("\n".join(lines), SECTION_LIMIT)))
    return blocks
