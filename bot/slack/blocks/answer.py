"""An answer as Slack messages: the answer, numbered sources, a confidence hint and feedback buttons.

Long answers continue in further messages so every message stays within Block Kit's limits; the sources,
hint and buttons always come with the last one."""

from __future__ import annotations

from bot.answers.models import Answer
from bot.slack.blocks.kit import button, context, section
from bot.slack.blocks.text import (
    MESSAGE_BLOCKS,
    SECTION_LIMIT,
    escape,
    no_pings,
    shorten,
    split_text,
    user_text,
)

FEEDBACK_UP, FEEDBACK_DOWN, SHARE = "feedback_up", "feedback_down", "share_answer"
QUESTION_ECHO_CHARS = 300


def confidence_hint(answer: Answer) -> str:
    if answer.kind == "unknown":
        return ":mag: Not in the knowledge base yet — your question is logged so the gap can be filled."
    if answer.kind == "out_of_scope":
        return ":compass: Outside what I cover."
    # "high" only above the calibrated mark where >= 95% of answers were right (bot.answers.calibration)
    level = "high" if answer.high_confidence else "medium" if answer.confidence >= 0.5 else "low"
    advice = " — please check the sources" if level == "low" else ""
    return f":bar_chart: Confidence: *{level}* ({answer.confidence:.0%}){advice}"


def sources_text(answer: Answer) -> str | None:
    if not answer.sources:
        return None
    lines = [f"[{s.number}] {escape(shorten(s.label, 200))}" for s in answer.sources]
    return shorten("*Sources*\n" + "\n".join(lines), SECTION_LIMIT)


def answer_messages(answer: Answer, usage_id: int | None, *, shareable: bool = False,
                    echo_question: bool = False, shared_by: str | None = None) -> list[dict]:
    """Messages ({"text", "blocks"}) that show ``answer``; buttons refer to the usage event ``usage_id``."""
    head: list[dict] = []
    if shared_by:
        head.append(context(f"<@{shared_by}> asked: _{user_text(answer.question, QUESTION_ECHO_CHARS)}_"))
    elif echo_question:
        head.append(context(f"You asked: _{user_text(answer.question, QUESTION_ECHO_CHARS)}_"))
    body = [section(piece) for piece in split_text(no_pings(answer.text))] or [section("_(no answer text)_")]
    tail: list[dict] = []
    if (sources := sources_text(answer)) is not None:
        tail.append(section(sources))
    if answer.kind != "empty":
        tail.append(context(confidence_hint(answer)))
    actions = []
    if usage_id is not None and answer.kind != "empty" and not shared_by:
        actions = [button("👍 Helpful", FEEDBACK_UP, str(usage_id)),
                   button("👎 Not helpful", FEEDBACK_DOWN, str(usage_id))]
        if shareable:
            actions.append(button("Share in channel", SHARE, str(usage_id), "primary"))
    if actions:
        tail.append({"type": "actions", "block_id": "answer_actions", "elements": actions})
    return _pack(head + body, tail, fallback=split_text(no_pings(answer.text), 3000)[0] if answer.text else "…")


def _pack(content: list[dict], tail: list[dict], fallback: str) -> list[dict]:
    messages: list[list[dict]] = [[]]
    for block in content:
        if len(messages[-1]) == MESSAGE_BLOCKS:
            messages.append([])
        messages[-1].append(block)
    if len(messages[-1]) + len(tail) > MESSAGE_BLOCKS:
        messages.append([])
    messages[-1].extend(tail)
    total = len(messages)
    return [{"text": fallback if i == 0 else f"(continued, {i + 1}/{total})", "blocks": blocks}
            for i, blocks in enumerate(messages)]

