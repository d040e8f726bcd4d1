"""Errors that mean "the user asked for something we cannot do"; the CLI prints them as one line."""


class UserError(Exception):
    """A mistake in input or set-up that the user can fix; the message says how."""
