"""`/coach help`: how to ask and what the bot does."""

from __future__ import annotations

from bot.slack.blocks.kit import context, section
from bot.slack.blocks.text import escape

SUGGESTED_QUESTIONS = (
    "How do we measure AI adoption?",
    "What are the phases of an AI rollout?",
    "How should incentives change when AI takes over part of a job?",
    "What OKRs fit an AI rollout?",
)


def help_message(human_contact: str) -> dict:
    text = ("*adoption coach* answers questions about adopting AI at work — rollout phases, KPIs and OKRs, "
            "incentives, surveys — from your company's adoption guides, with sources.\n\n"
            "*Ways to ask*\n"
            "• Mention me in a channel: `@adoption coach how do we measure adoption?` — I answer in the thread, "
            "and keep answering follow-ups there without another mention.\n"
            "• Send me a direct message, or open me in the AI assistant pane.\n"
            "• `/coach <question>` answers privately, with a button to share the answer.\n\n"
            "*More*\n"
            "• `/coach feedback` — tell us how an AI tool is working for you.\n"
            "• 👍 / 👎 under every answer, or the *Give AI feedback* shortcut on any message.\n"
            "• `/coach gaps`, `/coach usage`, `/coach tools` — reports for admins, managers and HR.")
    blocks = [section(text),
              section("*Try:*\n" + "\n".join(f"• {q}" for q in SUGGESTED_QUESTIONS)),
              context(f"When I can't answer, {escape(human_contact)} can help.")]
    return {"text": "How to use adoption coach", "blocks": blocks}
