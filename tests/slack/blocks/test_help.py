"""`/coach help`: valid Block Kit, with the human contact escaped."""

from conftest import validate_blocks

from bot.slack.blocks.help import help_message


def test_help_is_valid_and_escapes_the_contact():
    message = help_message("the <AI> team")
    validate_blocks(message["blocks"])
    assert "the &lt;AI&gt; team" in str(message["blocks"])
