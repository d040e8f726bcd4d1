"""Block Kit basics every feature's blocks are built from: text objects, section, context and button
blocks, a one-section message (``notice``), one-section modals (``notice_view``, ``thanks_view``) and
reading a modal input back (``submitted``)."""

from __future__ import annotations

from bot.slack.blocks.text import SECTION_LIMIT, shorten


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def section(text: str) -> dict:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    b = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        b["style"] = style
    return b


def notice(text: str) -> dict:
    """A one-section message (thanks, refusals, rate-limit notes)."""
    return {"text": shorten(text, 3000), "blocks": [section(shorten(text, SECTION_LIMIT))]}


def thanks_view(text: str) -> dict:
    return {"type": "modal", "title": plain("Thank you"), "close": plain("Close"), "blocks": [section(text)]}


def notice_view(title: str, text: str) -> dict:
    return {"type": "modal", "title": plain(title[:24]), "close": plain("Close"), "blocks": [section(text)]}


def submitted(values: dict, block_id: str) -> str | None:
    """The value a person entered or chose in a modal input, or None."""
    state = (values.get(block_id) or {})
    for element in state.values():
        if element.get("type") == "radio_buttons":
            chosen = element.get("selected_option")
            return chosen.get("value") if chosen else None
        return element.get("value")
    return None
