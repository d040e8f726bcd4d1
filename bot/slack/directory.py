"""The company directory from Slack: every active member with an email (users.list, scope users:read.email)
and the department of the profile field the coach already uses (COACH_DEPARTMENT_FIELD, users.profile.get).

For `coach directory sync --from slack`: all or nothing, as every directory import, so a Slack error stops
the sync (one line) instead of replacing the directory with part of it. Slack's 429s are retried by the
client (bot.slack.client). Bots, deleted members and members without an email or a department are skipped
and counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.adoption.records import Person
from bot.errors import UserError
from bot.slack.people import department_field_id, department_from

PAGE = 200


@dataclass
class SlackPeople:
    people: list[Person] = field(default_factory=list)
    skipped: int = 0  # members with no email or no department


def _call(what: str, call):
    try:
        return call()
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else "error"
        extra = " (the app needs the users:read.email scope: reinstall it after updating the manifest)" \
            if code == "missing_scope" else ""
        raise UserError(f"Slack refused {what}: {code}{extra}; the directory was not changed.") from None
    except SlackClientError as exc:
        raise UserError(f"Slack could not be reached for {what} ({type(exc).__name__}); the directory was not "
                        "changed.") from None


def slack_people(client: WebClient, department_field: str) -> SlackPeople:
    fields = (_call("team.profile.get", client.team_profile_get).get("profile") or {}).get("fields")
    field_id = department_field_id(fields, department_field)
    if field_id is None:
        raise UserError(f"No Slack profile field is called {department_field!r}: set COACH_DEPARTMENT_FIELD to the "
                        "label of the field that holds people's departments.")
    found, cursor = SlackPeople(), None
    while True:
        page = _call("users.list", lambda: client.users_list(limit=PAGE, cursor=cursor))
        for member in page.get("members") or []:
            if member.get("deleted") or member.get("is_bot") or member.get("id") == "USLACKBOT":
                continue
            email = ((member.get("profile") or {}).get("email") or "").strip().lower()
            profile = _call("users.profile.get", lambda m=member: client.users_profile_get(user=m["id"]))
            department = department_from(profile.get("profile"), field_id)
            if not email or not department:
                found.skipped += 1
                continue
            found.people.append(Person(email, department, (member.get("profile") or {}).get("real_name") or "",
                                       slack_id=member["id"]))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return found
