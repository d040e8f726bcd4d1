"""Errors that mean "the user asked for something we cannot do"; the CLI prints them as one line each.

A form (a Slack modal) shows a problem next to the field it is about, so input errors name that field: a
``UserError`` may carry one (``UserError(message, field)``), an ``InputError`` lists several ``FieldError``s at
once. Field names are the service's own words ("title", "value", "timezone"); bot.slack.forms maps them to
a modal's blocks. ``DeliveryError`` is the one "a message could not be delivered" error of the features that
post to Slack (survey DMs, KPI nudges)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a form; ``field`` None when it is about the form as a whole."""

    field: str | None
    message: str

    @property
    def key(self) -> str | None:
        """What a form looks the problem up by: the field's name (a form with repeated rows adds the row)."""
        return self.field

    def __str__(self) -> str:
        return self.message


class UserError(Exception):
    """A mistake in input or set-up that the user can fix; the message says how. ``field``: the form field
    the mistake is in, when there is one (it travels in ``args`` after the message)."""

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(*((message,) if field is None else (message, field)))

    @property
    def field(self) -> str | None:
        return self.args[1] if len(self.args) > 1 else None

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""

    def problems(self) -> list[FieldError]:
        """Each problem with the field it is about, for showing next to that field."""
        return [FieldError(self.field, str(self))]


class InputError(UserError, ValueError):
    """Input that cannot be used as given, with every problem found at once; ``str()`` is one line per
    problem, as the CLI prints it."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def problems(self) -> list[FieldError]:
        return list(self.errors)


@contextmanager
def naming(field: str) -> Iterator[None]:
    """A UserError raised inside that names no field is about ``field`` (same error, same type)."""
    try:
        yield
    except InputError:
        raise
    except UserError as exc:
        if exc.field is None:
            exc.args = (str(exc), field)
        raise


class DeliveryError(Exception):
    """A message could not be delivered; ``error`` says why (no secrets), ``permanent`` when trying again
    cannot help (a deactivated account, a workspace without an installation)."""

    def __init__(self, error: str, permanent: bool = False):
        super().__init__(error)
        self.error, self.permanent = error, permanent
