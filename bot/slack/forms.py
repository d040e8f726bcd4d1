"""A refused form's problems next to its fields: the one way a listener turns a service's UserError into
the ``errors`` of ``ack(response_action="errors", errors=...)``. (A conversation a form names is checked with
bot.ids.channel_id: a crafted submission can set it to anything.)

Services name the field a problem is in, in their own words (bot.errors); each modal says which of its
blocks shows which field. Slack rejects an error for a block the modal does not have, so a problem about
no field of this modal is shown next to ``default``."""

from __future__ import annotations

from collections.abc import Mapping

from bot.errors import UserError
from bot.slack.blocks.text import shorten

ERROR_CHARS = 150  # Slack shows at most this much of a field's error


def field_errors(exc: UserError, block_for: Mapping[str, str], default: str) -> dict[str, str]:
    """Block id -> message, the first problem of each block; ``block_for`` maps field names to block ids."""
    errors: dict[str, str] = {}
    for problem in exc.problems():
        block = block_for.get(problem.key, default) if problem.key is not None else default
        errors.setdefault(block, shorten(problem.message, ERROR_CHARS))
    return errors
