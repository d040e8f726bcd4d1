"""Who may sign in to the dashboard, and with which roles: the members of the bot's own workspace (or, with
OAuth, of a workspace that installed the app), with the roles Slack's listeners give them."""

from __future__ import annotations

import logging
from functools import cached_property

from bot.config import Settings
from bot.roles.service import RoleService
from bot.slack.people import GroupRoles
from bot.slack.workspaces import Workspaces, WorkspaceUnavailable

log = logging.getLogger(__name__)


class Members:
    def __init__(self, settings: Settings, roles: RoleService, groups: GroupRoles, workspaces: Workspaces):
        self.settings, self.roles, self.groups, self.workspaces = settings, roles, groups, workspaces

    def roles_of(self, user_id: str, team_id: str | None) -> frozenset[str]:
        """The settings', the database's and the person's Slack user groups' roles (the groups read with the
        workspace's client; left out, with a warning, when Slack cannot be asked)."""
        extra: set[str] = set()
        if self.groups.groups_by_role:
            try:
                extra = self.groups.roles_of(self.workspaces.client_for(team_id), user_id)
            except Exception as exc:  # Slack unreachable or the workspace gone: the roles granted here still count
                log.warning("User group roles of %s could not be read (%s)", user_id, type(exc).__name__)
        return self.roles.roles_of(user_id, extra)

    @cached_property
    def bot_team_id(self) -> str | None:
        """The workspace of SLACK_BOT_TOKEN (auth.test, once per process)."""
        return self.workspaces.client_for(None).auth_test().get("team_id")

    def workspace_allowed(self, team_id: str) -> bool:
        """The bot token's workspace, or (OAuth) one with an installation."""
        if self.settings.slack_bot_token is not None:
            return team_id == self.bot_team_id
        try:
            self.workspaces.client_for(team_id)
        except WorkspaceUnavailable:
            return False
        return True
