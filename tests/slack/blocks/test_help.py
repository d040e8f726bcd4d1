"""`/coach help`: valid Block Kit, with the human contact escaped."""

from bot.slack.blocks.help import help_message
from tests.slack.conftest import validate_blocks


def test_help_is_valid_and_escapes_the_contact():
    message = help_message("the <AI> team")
    validate_blocks(message["blocks"])
    assert "the &lt;AI&gt; team" in str(message["blocks"])
