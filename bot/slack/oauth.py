"""Multi-workspace installs: Bolt's OAuth flow with slack_sdk's SQLAlchemy installation and state stores,
in our own database (their tables come with migration 0002)."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.container import Container

BOT_SCOPES = ("app_mentions:read", "assistant:write", "channels:history", "channels:read", "chat:write", "commands",
              "files:write", "groups:history", "groups:read", "im:history", "im:read", "im:write", "usergroups:read",
              "users.profile:read", "users:read")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def oauth_settings(container: Container) -> OAuthSettings:
    s = container.settings
    engine = container.engine
    container.session_factory  # noqa: B018 -- refuses to start on a database that is not migrated
    return OAuthSettings(
        client_id=s.slack_client_id, client_secret=s.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES), install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        installation_store=SQLAlchemyInstallationStore(client_id=s.slack_client_id, engine=engine),
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine))
