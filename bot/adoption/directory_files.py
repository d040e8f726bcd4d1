"""The company directory's files: who is eligible and in which department.

``parse_people`` reads HR's CSV (``email, department[, name, manager_email, location, slack_id,
github_login]``; header names in any case, with spaces or underscores; comma, semicolon or tab separated).
``parse_entra`` reads Microsoft Entra: a Graph ``/users?$select=mail,department,…`` page (``{"value":
[...]}``) or a nested org tree whose people hold ``directReports``. Both check everything before returning, so
an import is all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.adoption.records import Person
from bot.adoption.sources.reading import (
    cell,
    find_column,
    load_json,
    read_csv,
    require_column,
    text_of,
)
from bot.errors import UserError

PEOPLE = "a CSV of people with the columns email, department (and optionally name, manager_email, location, slack_id, github_login)"
ENTRA = "a Microsoft Graph /users page ({\"value\": [...]}) or an Entra org tree with directReports"
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_LOGIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38})")  # GitHub: letters, digits and hyphens, at most 39
# Each Person field and the header names that mean it (compared ignoring case, spaces, underscores, hyphens)
COLUMNS = {
    "email": ("email", "mail", "email_address"),
    "department": ("department", "dept"),
    "name": ("name", "display_name", "full_name"),
    "manager_email": ("manager_email", "manager_mail"),
    "location": ("location", "office", "office_location"),
    "slack_id": ("slack_id", "slack_user_id", "slack_member_id"),
    "github_login": ("github_login", "github", "github_username"),
}


@dataclass
class EntraPeople:
    """The people of an Entra export, and how many accounts were skipped: no mail, no department, or
    disabled (service accounts, rooms, leavers)."""

    people: list[Person] = field(default_factory=list)
    skipped: int = 0


def is_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))


def parse_people(text: str) -> list[Person]:
    """Every person of HR's CSV; any bad row is an error naming it, and nothing is returned."""
    header, rows = read_csv(text, PEOPLE)
    at = {name: find_column(header, *names) for name, names in COLUMNS.items()}
    for required in ("email", "department"):
        require_column(header, *COLUMNS[required])
    people = _Checked("row")
    for number, cells in rows:
        values = {name: cell(cells, index) for name, index in at.items()}
        for required in ("email", "department"):
            if not values[required]:
                raise UserError(f"row {number}, {required}: empty; every person needs an email and a department.")
        people.add(number, values)
    if not people.people:
        raise UserError(f"The file has no people under its header; expected {PEOPLE}.")
    return people.people


def parse_entra(text: str) -> EntraPeople:
    """The people of a Graph /users page or an Entra org tree; accounts with no mail or no department, and
    disabled ones, are skipped and counted."""
    document = load_json(text_of(text, ENTRA), ENTRA)
    if isinstance(document, dict) and isinstance(document.get("value"), list):
        entries = [(user, "") for user in document["value"]]
    elif isinstance(document, (dict, list)):
        entries = _tree(document)
    else:
        raise UserError(f"The file holds a JSON {type(document).__name__}; expected {ENTRA}.")
    result = EntraPeople()
    people = _Checked("person")
    for number, (user, manager) in enumerate(entries, start=1):
        if not isinstance(user, dict):
            raise UserError(f"person {number}: expected a JSON object, found {type(user).__name__}.")
        mail, department = _text(user.get("mail")), _text(user.get("department"))
        if not mail or not department or user.get("accountEnabled") is False:
            result.skipped += 1
            continue
        boss = user.get("manager")
        people.add(number, {
            "email": mail, "department": department, "name": _text(user.get("displayName")),
            "manager_email": _text(boss.get("mail")) if isinstance(boss, dict) else manager,
            "location": _text(user.get("officeLocation")), "slack_id": "",
            "github_login": _text(user.get("githubLogin") or user.get("github_login")),
        })
    result.people = people.people
    return result


def _tree(document: dict | list) -> list[tuple[dict, str]]:
    """Everyone of a nested org tree, depth first, each with their manager's mail."""
    found: list[tuple[dict, str]] = []
    pending = [(root, "") for root in reversed(document if isinstance(document, list) else [document])]
    while pending:
        user, manager = pending.pop()
        found.append((user, manager))
        reports = user.get("directReports") if isinstance(user, dict) else None
        if isinstance(reports, list):
            pending += [(report, _text(user.get("mail"))) for report in reversed(reports)]
    return found


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


class _Checked:
    """People checked one by one: emails look like emails, and no email or GitHub login appears twice."""

    def __init__(self, word: str):
        self.word = word
        self.people: list[Person] = []
        self.emails: dict[str, int] = {}
        self.logins: dict[str, int] = {}

    def add(self, number: int, values: dict[str, str]) -> None:
        where = f"{self.word} {number}"
        email = values["email"].lower()
        for name in ("email", "manager_email"):
            if values[name] and not is_email(values[name]):
                raise UserError(f"{where}, {name}: {values[name]!r} is not an email address.")
        login = values["github_login"].lower().removeprefix("@")
        if login and not _LOGIN.fullmatch(login):
            raise UserError(f"{where}, github_login: {values['github_login']!r} is not a GitHub login.")
        if email in self.emails:
            raise UserError(f"{where}, email: {email} is also in {self.word} {self.emails[email]}.")
        if login and login in self.logins:
            raise UserError(f"{where}, github_login: {login} is also in {self.word} {self.logins[login]}.")
        self.emails[email] = number
        if login:
            self.logins[login] = number
        self.people.append(Person(
            email=email, department=values["department"], name=values["name"],
            manager_email=values["manager_email"].lower(), location=values["location"],
            slack_id=values["slack_id"], github_login=login))
