"""Answers as Slack messages: long answers continue within Block Kit's limits, every kind and variant is
valid, the confidence hint follows the confidence."""

import itertools

from bot.answers.models import Answer, Source
from bot.slack.blocks.answer import answer_messages, confidence_hint
from tests.slack.conftest import validate_blocks


def _answer(text, kind="answer", sources=2, confidence=0.8, question="q"):
    srcs = [Source(i, f"Doc {i} & <co>", f"Section {i}", f"knowledge/d{i}.md", 0.5) for i in range(1, sources + 1)]
    return Answer(question, kind == "answer", kind, text, confidence, srcs if kind == "answer" else [])


def test_long_answers_continue_in_further_messages_each_within_limits():
    text = "\n\n".join(f"Paragraph {i}. " + "Adoption needs measurement. " * 100 for i in range(80))  # ~220k chars
    messages = answer_messages(_answer(text), 42, shareable=True, echo_question=True)
    assert len(messages) > 1
    for m in messages:
        validate_blocks(m["blocks"])
        assert len(m["text"]) <= 3000
    last = messages[-1]["blocks"]
    assert last[-1]["type"] == "actions" and last[-3]["text"]["text"].startswith("*Sources*")
    assert not any(b["type"] == "actions" for m in messages[:-1] for b in m["blocks"])
    shown = "".join(b["text"]["text"] for m in messages for b in m["blocks"] if b["type"] == "section")
    assert "".join(text.split()) in "".join(shown.split())


def test_answer_kinds_and_variants_are_valid_block_kit():
    kinds = [_answer("Measure weekly active users [1].", "answer", 2, c) for c in (0.9, 0.6, 0.3)] + [
        _answer("I don't know that.", "unknown", 0, 0.1), _answer("Outside my scope.", "out_of_scope", 0, 0.2),
        _answer("Ask me something.", "empty", 0, 0.0)]
    for answer, (shareable, echo, shared_by) in itertools.product(
            kinds, [(False, False, None), (True, True, None), (False, False, "U1")]):
        for m in answer_messages(answer, 7, shareable=shareable, echo_question=echo, shared_by=shared_by):
            validate_blocks(m["blocks"])
    assert "low" in confidence_hint(kinds[2]) and "medium" in confidence_hint(kinds[0])
    kinds[0].high_confidence = True  # the calibrated mark, not a fixed figure, makes an answer "high"
    assert "*high*" in confidence_hint(kinds[0]) and "*high*" not in confidence_hint(kinds[1])
    empty = answer_messages(kinds[-1], 7)[0]["blocks"]
    assert not any(b["type"] == "actions" for b in empty)
