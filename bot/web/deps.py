"""What the web pages are built with: the settings and the services the composition root built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Settings

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.adoption.services import AdoptionServices
    from bot.answers.teaching import TeachService
    from bot.audit.service import AuditService
    from bot.feedback.service import FeedbackService
    from bot.ingest.indexer import Indexer
    from bot.kpis.services import KpiServices
    from bot.surveys.service import SurveyService
    from bot.web.reindex import ReindexRunner


@dataclass
class WebDeps:
    settings: Settings
    # a person's roles in a workspace: the settings', the database's and their Slack user groups'
    roles_of: Callable[[str, str | None], frozenset[str]]
    # may the members of this Slack workspace sign in (the bot token's workspace, or one with an installation)
    workspace_allowed: Callable[[str], bool]
    # a Web API client without a token, for openid.connect.token (SLACK_API_URL)
    slack_client: Callable[[], WebClient]
    # the feature services, as the container built them (bot.container.Container.web_deps)
    adoption: AdoptionServices | None = None
    kpis: KpiServices | None = None
    surveys: SurveyService | None = None
    audits: AuditService | None = None
    feedback: FeedbackService | None = None
    teaching: TeachService | None = None
    indexer: Indexer | None = None
    reindex: ReindexRunner | None = None  # the knowledge page's background re-index, one per process
    local: bool = False  # `coach web --local`: a local admin on 127.0.0.1, no Slack

    @property
    def client_id(self) -> str | None:
        return self.settings.slack_client_id or self.settings.web_client_id

    @property
    def client_secret(self) -> str | None:
        secret = self.settings.slack_client_secret or self.settings.web_client_secret
        return secret.get_secret_value() if secret is not None else None

    @property
    def slack_sign_in(self) -> bool:
        """Sign in with Slack is set up: the app's client id and secret, and the dashboard's public URL."""
        return bool(self.client_id and self.client_secret and self.settings.web_base)
