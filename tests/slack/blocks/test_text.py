"""Text safety and size for Block Kit: splitting within limits, escaping, quoting people, no pings."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.blocks.text import (
    FALLBACK_LIMIT,
    escape,
    fallback,
    no_pings,
    split_text,
    user_text,
)

PINGS = re.compile(r"<!(channel|here|everyone)|<!subteam\^|(?<!\u200b)@(channel|here|everyone)\b", re.I)


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


def test_a_fallback_is_escaped_on_one_line_and_pings_no_one():
    typed = "Survey: <!channel> <@U123> <#C1|x> & @here\nand more"
    assert fallback(typed) == "Survey: &lt;!channel&gt; &lt;@U123&gt; &lt;#C1|x&gt; &amp; @\u200bhere and more"
    assert len(fallback("x" * 5000)) == FALLBACK_LIMIT
