"""What a manager tells the audit: a team and up to ten roles, each with its metrics, rewards, AI
workflows and the work the AI should remove. Validation names the exact field that is wrong, so the
Slack modal can show the message next to it and the CLI can print it; nothing is stored until it passes.

Rewards, AI workflows and displaced work are ``None`` when they were not given (a quick `coach audit run`
without `--rewards`, a YAML role without the key): the audit scores them as unknown. An empty text is an
answer ("nothing"), as a blank optional field of the Slack modal is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.errors import FieldError, InputError, UserError
from bot.safe_yaml import load_yaml

MAX_ROLES = 10
MAX_TEAM = 100
MAX_NAME = 100
MAX_FIELD = 1000  # metrics, rewards, AI workflows, displaced work: each, per role
FIELDS = ("name", "metrics", "rewards", "ai_workflows", "displaced_work")
OPTIONAL = ("rewards", "ai_workflows", "displaced_work")  # None: not given, scored as unknown
FLAGS = {"rewards": "--rewards", "ai_workflows": "--ai-workflow", "displaced_work": "--displaced"}
LABELS = {"name": "role", "metrics": "current metrics", "rewards": "rewards", "ai_workflows": "AI workflows",
          "displaced_work": "displaced work"}
_LIMITS = {"name": MAX_NAME, "metrics": MAX_FIELD, "rewards": MAX_FIELD, "ai_workflows": MAX_FIELD,
           "displaced_work": MAX_FIELD}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FILE_KEYS = {"role": "name", "name": "name", "metrics": "metrics", "metric": "metrics", "rewards": "rewards",
              "reward": "rewards", "ai_workflows": "ai_workflows", "ai_workflow": "ai_workflows",
              "displaced_work": "displaced_work"}


@dataclass(frozen=True)
class RoleInput:
    name: str
    metrics: str
    rewards: str | None = ""
    ai_workflows: str | None = ""
    displaced_work: str | None = ""

    def to_json(self) -> dict:
        return {f: getattr(self, f) for f in FIELDS}

    @property
    def not_given(self) -> tuple[str, ...]:
        """The optional fields left out (in ``OPTIONAL`` order)."""
        return tuple(f for f in OPTIONAL if getattr(self, f) is None)


@dataclass(frozen=True)
class AuditRequest:
    team: str
    roles: tuple[RoleInput, ...]

    def to_json(self) -> dict:
        return {"team": self.team, "roles": [r.to_json() for r in self.roles]}

    @classmethod
    def from_json(cls, data: dict) -> AuditRequest:
        return cls(data.get("team", ""), tuple(RoleInput(**{f: r.get(f, "") for f in FIELDS})
                                               for r in data.get("roles", [])))


@dataclass(frozen=True)
class RoleFieldError(FieldError):
    """A problem with the team, the list of roles, or one field of one role row: ``role`` is the row's index
    and ``label`` ("Role 2 (Analyst)") names it where the message is read away from the form."""

    role: int | None = None
    label: str = ""

    @property
    def key(self) -> str | None:
        return self.field if self.role is None else f"{self.role}.{self.field}"

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


class AuditInputError(InputError):
    """Input the audit cannot use as given; each error says where (team, roles or a role's field) and how
    to fix it."""


def clean(text: str | None) -> str:
    """Strip control characters and surrounding space; keep line breaks (they separate metrics)."""
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").strip()


def _role_label(index: int, name: str) -> str:
    return f"Role {index + 1}" + (f" ({name[:40]})" if name else "")


def validate(request: AuditRequest) -> AuditRequest:
    """The request with cleaned text, or AuditInputError listing every problem at once."""
    errors: list[RoleFieldError] = []
    team = clean(request.team)
    if len(team) > MAX_TEAM:
        errors.append(RoleFieldError("team", f"The team name is {len(team):,} characters; keep it to {MAX_TEAM}."))
    if not request.roles:
        errors.append(RoleFieldError("roles", "Add at least one role to audit."))
    elif len(request.roles) > MAX_ROLES:
        errors.append(RoleFieldError("roles", f"An audit covers at most {MAX_ROLES} roles; you entered "
                                              f"{len(request.roles)}. Split the team into two audits."))
    roles = []
    for i, role in enumerate(request.roles[:MAX_ROLES] if len(request.roles) <= MAX_ROLES else ()):
        values = {f: None if f in OPTIONAL and getattr(role, f) is None else clean(getattr(role, f))
                  for f in FIELDS}
        label = _role_label(i, values["name"])
        for f in FIELDS:
            if values[f] is not None and len(values[f]) > _LIMITS[f]:
                errors.append(RoleFieldError(f, f"{LABELS[f]} is {len(values[f]):,} characters; keep it to "
                                                f"{_LIMITS[f]:,}.", i, label))
        if not values["name"]:
            errors.append(RoleFieldError("name", "enter the role's name, e.g. \"Support agent\".", i, label))
        if not re.search(r"\w", values["metrics"]):
            errors.append(RoleFieldError("metrics", "enter at least one metric the role is measured on today, "
                                                    "e.g. \"Tickets closed per day\".", i, label))
        roles.append(RoleInput(**values))
    if errors:
        raise AuditInputError(errors)
    return AuditRequest(team, tuple(roles))


def given(text: str | None) -> str | None:
    """Text from the command line or a file: blank means not given (None)."""
    return text if clean(text) else None


def from_pairs(team: str, roles: list[str], metrics: list[str],
               optional: dict[str, list[str] | None] | None = None) -> AuditRequest:
    """`--role … --metric …` pairs from the command line, in order, with ``optional``: for rewards,
    ai_workflows and displaced_work, none at all or one per role ("" for a role where it is not known)."""
    if len(roles) != len(metrics):
        raise AuditInputError([RoleFieldError("roles", f"Give one --metric for each --role (got {len(roles)} "
                                                       f"role(s) and {len(metrics)} metric(s)).")])
    columns: dict[str, list[str | None]] = {}
    for f, values in (optional or {}).items():
        if f not in OPTIONAL:
            raise ValueError(f)
        if values and len(values) != len(roles):
            raise AuditInputError([RoleFieldError(f, f"Give one {FLAGS[f]} for each --role (got {len(roles)} "
                                                     f"role(s) and {len(values)} {FLAGS[f]}); use \"\" for a "
                                                     "role where you don't know it.")])
        columns[f] = [given(v) for v in values] if values else [None] * len(roles)
    for f in OPTIONAL:
        columns.setdefault(f, [None] * len(roles))
    return validate(AuditRequest(team, tuple(
        RoleInput(r, m, **{f: columns[f][i] for f in OPTIONAL}) for i, (r, m) in enumerate(zip(roles, metrics)))))


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, (str, int, float)) for v in value):
            raise UserError(f"{where} should be text or a list of texts.")
        return "\n".join(str(v) for v in value)
    if isinstance(value, (str, int, float)):
        return str(value)
    raise UserError(f"{where} should be text or a list of texts.")


def from_file(path: Path) -> AuditRequest:
    """An audit described in YAML: ``team`` and ``roles`` (role, metrics, rewards, ai_workflows,
    displaced_work; metrics and the others may be a list). A key left out, or left blank, is not given."""
    data = load_yaml(path, missing=f"{path} does not exist.")
    if not isinstance(data, dict) or not isinstance(data.get("roles", []), list):
        raise UserError(f"{path} should look like:\nteam: Support EMEA\nroles:\n  - role: Support agent\n"
                        "    metrics: Tickets closed per day")
    unknown = set(data) - {"team", "roles"}
    if unknown:
        raise UserError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; use team and roles.")
    roles = []
    for i, item in enumerate(data.get("roles") or []):
        if not isinstance(item, dict):
            raise UserError(f"{path}: role {i + 1} should be a mapping with role, metrics, rewards, "
                            "ai_workflows and displaced_work.")
        unknown = set(item) - set(_FILE_KEYS)
        if unknown:
            raise UserError(f"{path}: role {i + 1} has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                            "use role, metrics, rewards, ai_workflows, displaced_work.")
        values = {_FILE_KEYS[k]: _text(v, f"{path}: role {i + 1} {k}") for k, v in item.items()}
        roles.append(RoleInput(**{f: given(values.get(f)) if f in OPTIONAL else values.get(f, "") for f in FIELDS}))
    return validate(AuditRequest(_text(data.get("team"), f"{path}: team"), tuple(roles)))

