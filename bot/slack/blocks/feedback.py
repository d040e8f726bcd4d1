"""Feedback modals: the reason for a 👎, feedback on any message (shortcut), feedback on an AI tool."""

from __future__ import annotations

import json

from bot.feedback.service import MAX_COMMENT, MAX_TOOL, REASONS
from bot.slack.blocks.kit import plain, section
from bot.slack.blocks.text import user_text

REASON_MODAL, MESSAGE_MODAL, TOOL_MODAL = "feedback_reason", "message_feedback", "tool_feedback"
RATING_OPTIONS = {"up": "👍 Helpful", "down": "👎 Not helpful"}
QUOTE_CHARS = 500


def _option(value: str, label: str) -> dict:
    return {"text": plain(label), "value": value}


def _radio(block_id: str, label: str, options: dict[str, str], optional: bool) -> dict:
    return {"type": "input", "block_id": block_id, "optional": optional, "label": plain(label),
            "element": {"type": "radio_buttons", "action_id": "choice",
                        "options": [_option(v, t) for v, t in options.items()]}}


def _text_input(block_id: str, label: str, max_length: int, optional: bool, multiline: bool,
                placeholder: str | None = None) -> dict:
    element = {"type": "plain_text_input", "action_id": "text", "multiline": multiline, "max_length": max_length}
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return {"type": "input", "block_id": block_id, "optional": optional, "label": plain(label), "element": element}


def _modal(callback_id: str, title: str, blocks: list[dict], metadata: str) -> dict:
    view = {"type": "modal", "callback_id": callback_id, "title": plain(title), "submit": plain("Send"),
            "close": plain("Cancel"), "blocks": blocks}
    if metadata:
        view["private_metadata"] = metadata
    return view


def reason_modal(feedback_id: int) -> dict:
    blocks = [section("Thanks for flagging this answer. What was wrong with it?"),
              _radio("reason", "Reason", REASONS, optional=False),
              _text_input("comment", "Anything we should know?", MAX_COMMENT, optional=True, multiline=True,
                          placeholder="What would the right answer be, or where is it written down?")]
    return _modal(REASON_MODAL, "Answer feedback", blocks, str(feedback_id))


def message_modal(quoted: str, metadata: dict, ours: bool) -> dict:
    """``metadata`` (the message's usage id, or its text) travels in private_metadata, at most 3000 chars."""
    blocks = [section(f"Feedback on this message:\n>{user_text(quoted, QUOTE_CHARS)}"),
              _radio("rating", "Was it helpful?", RATING_OPTIONS, optional=True),
              _radio("reason", "If not, why?", REASONS, optional=True)]
    if not ours:
        blocks.append(_text_input("tool", "Which AI tool produced it?", MAX_TOOL, optional=True, multiline=False))
    blocks.append(_text_input("comment", "Comment", MAX_COMMENT, optional=True, multiline=True))
    return _modal(MESSAGE_MODAL, "Give AI feedback", blocks, json.dumps(metadata, ensure_ascii=False))


def tool_modal(channel_id: str | None) -> dict:
    blocks = [section("Tell the AI enablement team how an AI tool is working for you. "
                      "Comments are shown to HR and admins without your name."),
              _text_input("tool", "Which AI tool?", MAX_TOOL, optional=False, multiline=False,
                          placeholder="e.g. the meeting summariser, the coding assistant"),
              _radio("rating", "Is it helping you?", RATING_OPTIONS, optional=True),
              _text_input("comment", "What works, what doesn't?", MAX_COMMENT, optional=True, multiline=True)]
    return _modal(TOOL_MODAL, "AI tool feedback", blocks, channel_id or "")

