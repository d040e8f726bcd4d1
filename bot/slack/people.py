"""What Slack knows about a person that the bot uses: their department and their user-group roles.

Slack has no built-in department: a workspace keeps it in a custom profile field. team.profile.get lists the
fields (id, label); users.profile.get returns a person's values as ``profile.fields[field_id].value`` (both
need the users.profile:read scope). The field is the one whose label (or id) is COACH_DEPARTMENT_FIELD,
"Department" by default. Field ids, departments and group members are cached for a while; a failed lookup
means "unknown", not an error."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.client import error_code

log = logging.getLogger(__name__)
DEFAULT_DEPARTMENT_FIELD = "Department"
FIELD_TTL = 3600.0  # a workspace's profile fields (an admin may add or rename one)
PROFILE_TTL = 6 * 3600.0  # a person's department; people rarely change department, and lookups cost a call each
GROUP_TTL = 300.0
MAX_DEPARTMENT = 128


# cachetools.TTLCache would do, but cachetools is not a dependency of the project yet: this is the few lines we need
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


def _workspace(client: WebClient) -> str:
    """A key for the client's workspace (field ids differ between workspaces): a digest of its token."""
    return hashlib.sha256((client.token or "").encode()).hexdigest()[:16]


def department_field_id(fields: object, wanted: str) -> str | None:
    """The id of the team.profile.get field whose label (any case) or id is ``wanted``."""
    wanted = wanted.strip()
    for field in fields if isinstance(fields, list) else []:
        if not isinstance(field, dict) or not isinstance(field.get("id"), str):
            continue
        label = field.get("label")
        if field["id"] == wanted or (isinstance(label, str) and label.strip().casefold() == wanted.casefold()):
            return field["id"]
    return None


def department_from(profile: object, field_id: str) -> str | None:
    """A users.profile.get profile's value for the department field, or None when it is not filled in."""
    fields = profile.get("fields") if isinstance(profile, dict) else None
    entry = fields.get(field_id) if isinstance(fields, dict) else None
    value = entry.get("value") if isinstance(entry, dict) else None
    if isinstance(value, str) and value.strip():
        return value.strip()[:MAX_DEPARTMENT]
    return None


class Profiles:
    def __init__(self, field: str = DEFAULT_DEPARTMENT_FIELD, ttl: float = PROFILE_TTL, field_ttl: float = FIELD_TTL):
        self.field = field
        self._cache = _TTLCache(ttl)  # (workspace, user) -> department, "" when unknown
        self._fields = _TTLCache(field_ttl)  # workspace -> the department field's id, "" when there is none

    def department(self, client: WebClient, user_id: str) -> str | None:
        workspace = _workspace(client)
        cached = self._cache.get((workspace, user_id))
        if cached is not None:
            return cached or None
        field_id = self._field_id(client, workspace)
        if not field_id:
            return None
        try:
            profile = client.users_profile_get(user=user_id).get("profile")
        except SlackApiError as exc:
            log.warning("users.profile.get failed for a user: %s", error_code(exc))
            return None
        except SlackClientError as exc:
            log.warning("users.profile.get failed for a user: %s", type(exc).__name__)
            return None
        department = department_from(profile, field_id)
        self._cache.put((workspace, user_id), department or "")
        return department

    def _field_id(self, client: WebClient, workspace: str) -> str | None:
        cached = self._fields.get(workspace)
        if cached is not None:
            return cached or None
        try:
            fields = (client.team_profile_get().get("profile") or {}).get("fields")
        except SlackApiError as exc:  # e.g. missing_scope: the app was installed before it asked for users.profile:read
            log.warning("team.profile.get failed (%s); departments are unknown until it works. The app needs the "
                        "users.profile:read scope (reinstall it after updating the manifest).", error_code(exc))
            self._fields.put(workspace, "")
            return None
        except SlackClientError as exc:
            log.warning("team.profile.get failed: %s", type(exc).__name__)
            return None
        field_id = department_field_id(fields, self.field)
        if field_id is None:
            log.info("No custom profile field is called %r in this workspace; departments are unknown "
                     "(set COACH_DEPARTMENT_FIELD to the field's label).", self.field)
        self._fields.put(workspace, field_id or "")
        return field_id


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
