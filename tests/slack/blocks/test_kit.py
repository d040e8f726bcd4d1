"""Block Kit basics: a notice stays within Slack's limits, one-section modals are valid whatever their title,
and what a person entered in a modal reads back."""

from bot.slack.blocks.kit import button, notice, notice_view, submitted, thanks_view
from bot.slack.blocks.text import SECTION_LIMIT
from tests.slack.conftest import validate_blocks, validate_view


def test_a_long_notice_is_shortened_to_slacks_limits():
    message = notice("Sorry, " + "that is not possible. " * 400)
    validate_blocks(message["blocks"])
    shown = message["blocks"][0]["text"]["text"]
    assert len(message["text"]) <= 3000 and message["text"].endswith("…")
    assert len(shown) <= SECTION_LIMIT and shown.startswith("Sorry, that is not possible.") and shown.endswith("…")


def test_one_section_modals_are_valid_and_titles_fit():
    view = notice_view("A title far longer than Slack's twenty-four characters", "Text")
    validate_view(view)
    assert view["title"]["text"] == "A title far longer than "
    validate_view(thanks_view("Thanks — recorded."))


def test_a_primary_button_keeps_its_style():
    assert button("Go", "go", "1", "primary")["style"] == "primary" and "style" not in button("Go", "go", "1")


def test_what_was_entered_reads_back():
    values = {"reason": {"choice": {"type": "radio_buttons", "selected_option": {"value": "wrong"}}},
              "rating": {"choice": {"type": "radio_buttons", "selected_option": None}},
              "comment": {"text": {"type": "plain_text_input", "value": "Old policy"}}}
    assert [submitted(values, b) for b in ("reason", "rating", "comment", "tool")] == ["wrong", None, "Old policy",
                                                                                       None]
