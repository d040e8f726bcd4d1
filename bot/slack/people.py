"""What Slack knows about a person that the bot uses: department (users.info) and user-group roles
(usergroups.users.list). Both are cached for a while; a failed lookup means "unknown", not an error."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
PROFILE_TTL = 3600.0
GROUP_TTL = 300.0


class _TTLCache:
    def __init__(self, ttl: float):
        self.ttl = ttl
        self._data: dict = {}
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            hit = self._data.get(key)
            return hit[1] if hit and hit[0] > time.monotonic() else None

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = (time.monotonic() + self.ttl, value)


def department_from(user: dict) -> str | None:
    """users.info's user: the profile's department where the workspace fills one in (SCIM, Enterprise
    Grid), else none."""
    profile = user.get("profile") or {}
    for value in (profile.get("department"), (user.get("enterprise_user") or {}).get("department")):
        if isinstance(value, str) and value.strip():
            return value.strip()[:128]
    return None


class Profiles:
    def __init__(self, ttl: float = PROFILE_TTL):
        self._cache = _TTLCache(ttl)

    def department(self, client: WebClient, user_id: str) -> str | None:
        cached = self._cache.get(user_id)
        if cached is not None:
            return cached or None
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except (SlackApiError, SlackClientError) as exc:
            log.warning("users.info failed for a user: %s", type(exc).__name__)
            return None
        department = department_from(user)
        self._cache.put(user_id, department or "")
        return department


class GroupRoles:
    """Roles given to Slack user groups (COACH_ADMIN_GROUPS, COACH_HR_GROUPS, COACH_MANAGER_GROUPS)."""

    def __init__(self, groups_by_role: Mapping[str, list[str]], ttl: float = GROUP_TTL):
        self.groups_by_role = {role: list(groups) for role, groups in groups_by_role.items() if groups}
        self._cache = _TTLCache(ttl)

    def roles_of(self, client: WebClient, user_id: str) -> set[str]:
        roles = set()
        for role, groups in self.groups_by_role.items():
            if any(user_id in self._members(client, group) for group in groups):
                roles.add(role)
        return roles

    def _members(self, client: WebClient, group_id: str) -> frozenset[str]:
        cached = self._cache.get(group_id)
        if cached is not None:
            return cached
        try:
            members = frozenset(client.usergroups_users_list(usergroup=group_id).get("users") or [])
        except (SlackApiError, SlackClientError) as exc:
            log.warning("usergroups.users.list failed for %s: %s", group_id, type(exc).__name__)
            return frozenset()
        self._cache.put(group_id, members)
        return members
