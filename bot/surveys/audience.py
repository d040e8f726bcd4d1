"""Who a survey goes to: Slack users, the members of channels, the members of user groups.

Written as text anywhere (CLI, modal): ``U012AB3CD``, ``<@U012AB3CD>``, ``C0123ABCD``, ``#C0123ABCD``,
``<#C0123ABCD|general>``, ``S0123ABCD`` or ``<!subteam^S0123ABCD|@team>``, separated by commas or spaces.
A typed id is as Slack writes it (capitals, with digits), so a channel name (``#general``) or a person's
name (``@ann``) is refused when the survey is created, not found missing at launch."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.surveys.definition import SurveyError

_TOKEN = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>"
                    r"|#?(?=[A-Z0-9]*[0-9])([A-Z][A-Z0-9]+)")
_KIND = {"U": "users", "W": "users", "C": "channels", "G": "channels", "S": "groups"}


@dataclass
class Audience:
    users: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.users or self.channels or self.groups)

    def to_json(self) -> dict:
        return {"users": self.users, "channels": self.channels, "groups": self.groups}

    @classmethod
    def from_json(cls, data: dict) -> Audience:
        return cls(list(data.get("users") or []), list(data.get("channels") or []), list(data.get("groups") or []))

    def merged(self, other: Audience) -> Audience:
        return Audience(_unique(self.users + other.users), _unique(self.channels + other.channels),
                        _unique(self.groups + other.groups))

    def describe(self) -> str:
        parts = [f"{len(v)} {name if len(v) != 1 else name[:-1]}" for name, v in
                 (("people", self.users), ("channels", self.channels), ("user groups", self.groups)) if v]
        return ", ".join(parts).replace("1 peopl", "1 person") or "nobody"


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse_audience(text: str) -> Audience:
    """Slack ids and mentions → Audience; anything else is an error naming the first bad token."""
    audience = Audience()
    for raw in re.split(r"[\s,;]+", (text or "").strip()):
        if not raw:
            continue
        m = _TOKEN.fullmatch(raw)
        value = next((g for g in m.groups() if g), None) if m else None
        kind = _KIND.get(value[0]) if value else None
        if not kind or len(value) < 3:
            raise SurveyError(_not_an_id(raw))
        getattr(audience, kind).append(value)
    return Audience(_unique(audience.users), _unique(audience.channels), _unique(audience.groups))


def _not_an_id(raw: str) -> str:
    if raw.startswith("#"):
        return (f"{raw!r} is a channel name; give the channel's id (C…, at the bottom of the channel's details "
                "in Slack).")
    if raw.startswith("@"):
        return (f"{raw!r} is a name; give the member id (U…, in their Slack profile: ⋮ → Copy member ID) or the "
                "user group's id (S…).")
    if _TOKEN.fullmatch(raw.upper()) and _KIND.get(raw[:1].upper()):
        return f"{raw!r}: Slack ids are written in capitals ({raw.upper()})."
    return f"{raw!r} is not a Slack user, channel or user group id (U…, C…, S…)."


Resolver = Callable[[Audience], set[str]]  # audience -> user ids (the Slack layer looks up members)


def users_only(audience: Audience) -> set[str]:
    """A resolver for places without Slack (the CLI without a token): only explicit users."""
    if audience.channels or audience.groups:
        raise SurveyError("Channel and user group audiences are looked up in Slack: set SLACK_BOT_TOKEN.")
    return set(audience.users)
