"""Who may do what: admin, hr, manager (granted) and employee (everyone).

Roles come from three places: the environment (COACH_ADMINS, COACH_HR, COACH_MANAGERS), grants stored in the
database (`coach roles grant`), and, when the caller passes them, roles from Slack user groups. An admin may
do everything the other roles may."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.errors import UserError
from bot.store.tables.roles import RoleGrant

ADMIN, HR, MANAGER, EMPLOYEE = "admin", "hr", "manager", "employee"
GRANTABLE = (ADMIN, HR, MANAGER)
ENV_NAMES = {ADMIN: "COACH_ADMINS", HR: "COACH_HR", MANAGER: "COACH_MANAGERS"}
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")


@dataclass(frozen=True)
class RoleEntry:
    user_id: str
    role: str
    source: str  # "environment" or "database"
    granted_by: str = ""
    granted_at: datetime | None = None


def check_user_id(user_id: str) -> str:
    value = user_id.strip().upper()
    if not _USER_ID.match(value):
        raise UserError(f"{user_id!r} is not a Slack user ID (they look like U012AB3CD; "
                        "in Slack: profile › ⋮ › Copy member ID).")
    return value


def check_role(role: str) -> str:
    value = role.strip().lower()
    if value == EMPLOYEE:
        raise UserError("Everyone is an employee already; grant admin, hr or manager.")
    if value not in GRANTABLE:
        raise UserError(f"Unknown role {role!r}: choose one of {', '.join(GRANTABLE)}.")
    return value


class RoleService:
    def __init__(self, uow_factory: Callable, bootstrap: Mapping[str, Iterable[str]]):
        self._uow = uow_factory
        self._env = {role: {u.strip().upper() for u in users if u.strip()} for role, users in bootstrap.items()}

    def roles_of(self, user_id: str, extra: Iterable[str] = ()) -> frozenset[str]:
        roles = {role for role, users in self._env.items() if user_id in users} | set(extra) | {EMPLOYEE}
        with self._uow() as uow:
            roles |= uow.roles.of_user(user_id)
        return frozenset(roles)

    @staticmethod
    def allows(roles: Iterable[str], needed: str) -> bool:
        roles = set(roles)
        return needed in roles or ADMIN in roles

    def grant(self, user_id: str, role: str, granted_by: str) -> bool:
        """Give a role; False when the user already had it from the database."""
        user_id, role = check_user_id(user_id), check_role(role)
        with self._uow() as uow:
            if uow.roles.get(user_id, role) is not None:
                return False
            uow.roles.add(RoleGrant(user_id=user_id, role=role, granted_by=granted_by[:64]))
            uow.commit()
        return True

    def revoke(self, user_id: str, role: str) -> bool:
        """Take a database grant back; False when there was none. Environment roles cannot be revoked here."""
        user_id, role = check_user_id(user_id), check_role(role)
        with self._uow() as uow:
            grant = uow.roles.get(user_id, role)
            if grant is not None:
                uow.roles.remove(grant)
                uow.commit()
                return True
        if user_id in self._env.get(role, set()):
            raise UserError(f"{user_id} is {role} through {ENV_NAMES[role]}; remove them from that setting.")
        return False

    def entries(self) -> list[RoleEntry]:
        rows = [RoleEntry(user, role, "environment") for role, users in self._env.items() for user in users]
        with self._uow() as uow:
            rows += [RoleEntry(g.user_id, g.role, "database", g.granted_by, g.granted_at) for g in uow.roles.all()]
        return sorted(rows, key=lambda r: (r.user_id, r.role, r.source))
