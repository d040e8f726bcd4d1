"""Slack mrkdwn for answers, and the guard against quoting instructions aimed at an AI.

Hand-written because Slack's mrkdwn is not Markdown (*bold*, <url|label>, &amp; escaping).
"""

from __future__ import annotations

import re

# Sentences addressed to an AI rather than to a reader ("ignore previous instructions", "you are now in
# admin mode"): a knowledge document carrying them is trying to inject instructions, so they are never quoted.
_INSTRUCTIONS_TO_AI = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|guidelines)\b|"
    r"\byou are now\b|\bsystem prompt\b|\bdeveloper mode\b|\bjailbreak", re.IGNORECASE)


def addressed_to_ai(text: str) -> bool:
    return bool(_INSTRUCTIONS_TO_AI.search(text))


def escape_mrkdwn(text: str) -> str:
    """Slack's three control characters; also defuses <!channel>-style broadcasts in quoted text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(markdown_inline: str) -> str:
    """Inline Markdown → Slack mrkdwn, with user/KB text escaped first."""
    text = escape_mrkdwn(markdown_inline)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", lambda m: f"<{m.group(2)}|{m.group(1)}>", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)
    text = re.sub(r"__(.+?)__", r"_\1_", text)
    return text
