"""Survey messages carry an escaped notification text: a title holding ``<!channel>``, a user mention or a
channel link shows as typed in the invitation, the reminder and the results DM, and is valid Block Kit."""

from datetime import datetime, timezone

from bot.slack.blocks.surveys import invite_message, results_message
from bot.surveys.analytics import Results
from bot.surveys.service import Card
from tests.slack.conftest import validate_blocks

HOSTILE = "<!channel> <@U123> <#C1|x>"
ESCAPED = "&lt;!channel&gt; &lt;@U123&gt; &lt;#C1|x&gt;"


def test_invitations_and_reminders_escape_the_title_in_their_notification_text():
    card = Card(7, HOSTILE, "", True, 5, datetime(2026, 11, 30, tzinfo=timezone.utc), "open")
    invite, reminder = invite_message(card, "invite"), invite_message(card, "reminder1")
    assert invite["text"] == f"Survey: {ESCAPED}" and reminder["text"] == f"Reminder: Survey: {ESCAPED}"
    validate_blocks(invite["blocks"])
    assert ESCAPED in invite["blocks"][0]["text"]["text"]


def test_the_results_dm_escapes_the_title_in_its_notification_text():
    message = results_message(Results(7, HOSTILE, 1, 5, {}, 10, 0, None))
    assert message["text"] == f"Survey results: {ESCAPED}"
    validate_blocks(message["blocks"])
    assert ESCAPED in message["blocks"][0]["text"]["text"]
