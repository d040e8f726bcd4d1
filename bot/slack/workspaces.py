"""The Slack workspaces the bot talks to, and the Web API client for each.

Single workspace: every team gets the client of SLACK_BOT_TOKEN. Multi-workspace (OAuth): each team gets a
client with its installation's bot token, read from slack_sdk's SQLAlchemy installation store in our own
database (its tables come with migration 0002). That store is built here once; Bolt's OAuth flow
(bot.slack.oauth), survey DMs and KPI nudges all use it. A workspace without a client raises
WorkspaceUnavailable, which each caller turns into its own kind of failure."""

from __future__ import annotations

from functools import cached_property

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.errors import UserError
from bot.slack.client import web_client

NOT_INSTALLED = "no installation for this workspace"
NOT_SET_UP = "Slack is not set up: set SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"


def uses_oauth(settings: Settings) -> bool:
    """Installs through Slack's OAuth flow (SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)."""
    return settings.multi_workspace


class WorkspaceUnavailable(UserError):
    """No Web API client for a workspace: Slack is not set up, or the app is not installed there."""

    def __init__(self, reason: str, team_id: str | None = None):
        super().__init__(reason)
        self.reason, self.team_id = reason, team_id


class Workspaces:
    def __init__(self, settings: Settings, engine: Engine):
        self.settings = settings
        self.engine = engine
        self._clients: dict[str | None, WebClient] = {}

    @property
    def oauth(self) -> bool:
        return uses_oauth(self.settings)

    @cached_property
    def installation_store(self) -> SQLAlchemyInstallationStore:
        return SQLAlchemyInstallationStore(client_id=self.settings.slack_client_id, engine=self.engine)

    def client_for(self, team_id: str | None) -> WebClient:
        """The client for a workspace: the bot token's, or that of the workspace's installation (cached per
        team; one client for all with the bot token). Raises WorkspaceUnavailable when there is neither."""
        key = None if self.settings.slack_bot_token is not None else team_id
        if key not in self._clients:
            self._clients[key] = web_client(self.settings, self._token(team_id))
        return self._clients[key]

    def _token(self, team_id: str | None) -> str:
        s = self.settings
        if s.slack_bot_token is not None:
            return s.slack_bot_token.get_secret_value()
        if not s.slack_client_id:
            raise WorkspaceUnavailable(NOT_SET_UP, team_id)
        bot = self.installation_store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            raise WorkspaceUnavailable(NOT_INSTALLED, team_id)
        return bot.bot_token
