"""Multi-workspace installs: Bolt's OAuth flow, with the workspaces' installation store
(bot.slack.workspaces) and slack_sdk's SQLAlchemy state store, in our own database (their tables come with
migration 0002)."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.config import Settings
from bot.slack.workspaces import Workspaces

BOT_SCOPES = ("app_mentions:read", "assistant:write", "channels:history", "channels:read", "chat:write", "commands",
              "files:write", "groups:history", "groups:read", "im:history", "im:read", "im:write", "usergroups:read",
              "users.profile:read", "users:read", "users:read.email")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def oauth_settings(settings: Settings, workspaces: Workspaces) -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES), install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        installation_store=workspaces.installation_store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=workspaces.engine))
