"""Block builders: limits, escaping, no pings; every view and message valid for slack_sdk.models."""

import itertools
import re

from conftest import validate_blocks, validate_view
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answers.models import Answer, Source
from bot.feedback.service import Gap, ToolFeedback
from bot.slack.blocks.answer import answer_messages, confidence_hint
from bot.slack.blocks.feedback import message_modal, reason_modal, tool_modal
from bot.slack.blocks.help import help_message
from bot.slack.blocks.home import HomeData, home_view
from bot.slack.blocks.text import escape, no_pings, split_text, user_text
from bot.slack.text import question_text
from bot.usage.service import UsageRow, UsageSummary

PINGS = re.compile(r"<!(channel|here|everyone)|<!subteam\^|(?<!\u200b)@(channel|here|everyone)\b", re.I)


def _answer(text, kind="answer", sources=2, confidence=0.8, question="q"):
    srcs = [Source(i, f"Doc {i} & <co>", f"Section {i}", f"knowledge/d{i}.md", 0.5) for i in range(1, sources + 1)]
    return Answer(question, kind == "answer", kind, text, confidence, srcs if kind == "answer" else [])


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=9000), st.integers(min_value=20, max_value=3000))
def test_split_text_respects_the_limit_and_keeps_every_character(text, limit):
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())


def test_split_text_does_not_cut_links_or_entities():
    text = ("word " * 590) + "<https://example.com/a-long-link|a label> and &amp; more " * 20
    for piece in split_text(text, 3000):
        assert piece.count("<") == piece.count(">")
        assert not re.search(r"&[a-z]{0,3}$", piece)


@given(st.text(max_size=500))
def test_user_text_never_pings_and_never_opens_markup(text):
    shown = user_text(text, 300)
    assert len(shown) <= 300 * 5  # escaping may lengthen it, never unboundedly
    assert "<" not in shown and ">" not in shown
    assert not PINGS.search(shown)


def test_no_pings_defuses_every_form():
    text = "<!channel> <!here|here> <!everyone> <!subteam^S123|@team> @channel @here @everyone <@U123>"
    out = no_pings(text)
    assert not PINGS.search(out) and "<@U123>" in out


def test_escape():
    assert escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"


def test_question_text_reads_slack_markup():
    raw = "<@U0BOT> how do we measure <https://x.example|adoption> in <#C1|sales> for <@U2> &amp; &lt;team&gt;?"
    assert question_text(raw, "U0BOT") == "how do we measure adoption in #sales for @U2 & <team>?"


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
    assert "low" in confidence_hint(kinds[2]) and "high" in confidence_hint(kinds[0])
    empty = answer_messages(kinds[-1], 7)[0]["blocks"]
    assert not any(b["type"] == "actions" for b in empty)


def test_modals_help_and_every_home_variant_are_valid():
    for view in (reason_modal(1), message_modal("text <!here>", {"usage_id": 3}, True),
                 message_modal("x" * 5000, {"text": "x"}, False), tool_modal("C1"), tool_modal(None)):
        validate_view(view)
    validate_blocks(help_message("the <AI> team")["blocks"])
    usage = UsageSummary(30, 10, 7, 4, [UsageRow("mention", 6, 3, 20.0)], [UsageRow("Sales & Ops", 10, 4, 21.5)])
    gaps = [Gap(f"topic {i}", 3, 2, ["q <!here>"] * 3) for i in range(12)]
    tools = [ToolFeedback(f"tool {i}", 2, 1, ["good", "bad <!channel>"]) for i in range(12)]
    for roles in ({"employee"}, {"employee", "manager"}, {"employee", "hr"}, {"employee", "admin"}):
        data = HomeData("U1", frozenset(roles), "the team", recent=[("a question?", True), ("other", False)])
        if "manager" in roles or "admin" in roles:
            data.usage = usage
        if "hr" in roles or "admin" in roles:
            data.tools = tools
        if "admin" in roles:
            data.gaps, data.role_count = gaps, 3
        view = home_view(data)
        validate_view(view)
        assert not PINGS.search(str(view))
    empty = HomeData("U1", frozenset({"employee", "admin"}), "t", usage=UsageSummary(30, 0, 0, 0, [], []),
                     tools=[], gaps=[])
    validate_view(home_view(empty))
