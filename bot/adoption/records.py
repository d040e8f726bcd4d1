"""What the AI tools' usage reports and the company directory come down to, whatever their format.

Parsers (``bot.adoption.sources``) turn a vendor's report into ``Report``s of ``Activity`` (who was active
with which tool on which day) and ``Licence`` (who holds a seat); the directory files
(``bot.adoption.directory_files``) into ``Person``s. The ledger (``bot.adoption.ledger``) stores them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

# The tools the coach knows by name, with the label people read; a generic CSV may name others.
TOOLS = {
    "m365-copilot": "Microsoft 365 Copilot",
    "github-copilot": "GitHub Copilot",
    "chatgpt-enterprise": "ChatGPT Enterprise",
    "claude": "Claude",
    "gemini": "Gemini in Workspace",
}
# The report formats `coach adoption import --source` reads (the tool is implied, except for csv)
SOURCES = ("m365-copilot", "github-copilot", "chatgpt-enterprise", "claude", "gemini", "csv")
EMAIL, GITHUB = "email", "github"  # how an identity joins the directory: by email, or by GitHub login


def tool_label(tool: str) -> str:
    return TOOLS.get(tool, tool)


class Activity(NamedTuple):
    """One person active with one tool on one day (a NamedTuple: a report can hold millions of them)."""

    identity: str  # lower-cased email, or GitHub login
    kind: str  # EMAIL or GITHUB
    tool: str  # a key of TOOLS, or a generic CSV's tool name (lower-case, spaces as hyphens)
    day: date
    count: int | None = None  # the source's count of interactions that day, where it has one


class Licence(NamedTuple):
    """A seat of a tool held by one person, as the source last reported it."""

    identity: str
    kind: str
    tool: str
    since: date | None = None
    last_active: date | None = None


@dataclass
class Report:
    """What one file or one pull of a source holds. ``rows`` counts the source's rows read (an inactive
    person's row yields no activity but is still a row)."""

    activities: list[Activity] = field(default_factory=list)
    licences: list[Licence] = field(default_factory=list)
    rows: int = 0

    def extend(self, other: Report) -> Report:
        self.activities.extend(other.activities)
        self.licences.extend(other.licences)
        self.rows += other.rows
        return self


@dataclass(frozen=True)
class Person:
    """One eligible person from the directory; emails and GitHub logins are stored lower-cased."""

    email: str
    department: str
    name: str = ""
    manager_email: str = ""
    location: str = ""
    slack_id: str = ""
    github_login: str = ""
