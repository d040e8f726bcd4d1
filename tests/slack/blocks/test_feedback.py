"""Feedback modals: the 👎 reason, feedback on any message (ours or another AI's), feedback on an AI tool;
each valid Block Kit whatever the quoted text."""

from bot.slack.blocks.feedback import message_modal, reason_modal, tool_modal
from tests.slack.conftest import validate_view


def test_feedback_modals_are_valid():
    for view in (reason_modal(1), message_modal("text <!here>", {"usage_id": 3}, True),
                 message_modal("x" * 5000, {"text": "x"}, False), tool_modal("C1"), tool_modal(None)):
        validate_view(view)
