"""One settings object for the whole bot.

Our own settings use the ``COACH_`` prefix; Slack's settings keep the names Slack's own tooling uses
(``SLACK_BOT_TOKEN`` and friends). Secrets are ``SecretStr`` so they never show up in reprs or logs.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The calibrated probability of being right (bot/answers/calibration.py) below which the bot says it does not
# know. Chosen with `coach eval` on the curated sets and tests/qa/informal_dev.yaml (221 questions): 0.10
# declines all 44 questions it should with 0.5% false declines; 0.15 and 0.20 raised false declines to 1.6%
# and 4.3% and declined nothing more.
DEFAULT_MIN_CONFIDENCE = 0.10
# 1 MiB: Slack's events, slash commands and interactivity payloads are well under it
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# Slack member IDs (U…, or W… on Enterprise Grid) and user group IDs (S…), as Slack shows them
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
_GROUP_ID = re.compile(r"^S[A-Z0-9]{2,31}$")


def _slack(name: str):
    return Field(default=None, validation_alias=AliasChoices(name))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COACH_", env_file=".env", extra="ignore",
                                      populate_by_name=True)

    # Where things live
    data_dir: Path = Path(".coach")
    database_url: str | None = None
    knowledge_dirs: Annotated[list[Path], NoDecode] = [Path("knowledge")]
    # A Chroma server (`chroma run`, e.g. http://127.0.0.1:8000) instead of the embedded store under the data dir,
    # and the collection the knowledge vectors live in (several bots, or test runs, can share one server)
    chroma_url: str | None = None
    chroma_collection: str = Field("knowledge", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,62}[A-Za-z0-9]$")
    # how often a running bot checks the database for an ingest done by another process (its BM25 index
    # is a local file, re-built from the database when they differ)
    index_refresh_seconds: int = Field(60, ge=5, le=86_400)

    # Retrieval knobs
    chunk_size: int = Field(1200, ge=200, le=8000)
    chunk_overlap: int = Field(150, ge=0, le=2000)
    candidates: int = Field(20, ge=1, le=200, description="hits taken from each retriever before fusion")
    top_k: int = Field(5, ge=1, le=50, description="fused passages considered for the answer")
    rrf_k: int = Field(60, ge=1, le=1000)
    min_confidence: float = Field(DEFAULT_MIN_CONFIDENCE, ge=0.0, le=1.0)
    max_answer_sentences: int = Field(5, ge=1, le=20)

    # Where people go when the bot cannot help
    human_contact: str = "the AI enablement team"
    it_contact: str = "the IT service desk"

    # Optional LLM: "openai:gpt-4o-mini", "anthropic:claude-...", "ollama:llama3", or any model name
    # served by an OpenAI-compatible endpoint at llm_base_url.
    llm: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)

    # Logs of `coach run`: the level (DEBUG also logs question and answer text), and json (one object per
    # line), text, or auto (json when stderr is not a terminal)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["auto", "json", "text"] = "auto"
    # Socket Mode has no HTTP server: with a port here it serves /healthz, /readyz and /metrics on it (HTTP mode
    # serves them on Slack's port)
    health_port: int | None = Field(None, ge=1, le=65535)
    health_host: str = "0.0.0.0"
    # HTTP mode refuses a request body larger than this with 413 before reading it (Slack's payloads are far
    # smaller); keep the proxies' limits in deploy/ (Caddy's max_size, the Ingress's proxy-body-size) in step
    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, ge=1024, le=64 * 1024 * 1024)

    # Roles bootstrapped from the environment (comma-separated Slack user IDs, or user group IDs for the
    # *_groups settings); `coach roles grant|revoke` adds to these in the database.
    admins: Annotated[list[str], NoDecode] = []
    hr: Annotated[list[str], NoDecode] = []
    managers: Annotated[list[str], NoDecode] = []
    admin_groups: Annotated[list[str], NoDecode] = []
    hr_groups: Annotated[list[str], NoDecode] = []
    manager_groups: Annotated[list[str], NoDecode] = []
    # The custom Slack profile field that holds a person's department: its label (any case) or its id (Xf…)
    department_field: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                                       max_length=64)] = "Department"

    # Per-user rate limit on questions (0 questions = no limit), kept in the database
    rate_limit_questions: int = Field(20, ge=0, le=10_000)
    rate_limit_window_seconds: int = Field(60, ge=1, le=86_400)
    # Days the text of questions, answers and feedback comments is kept; older text is blanked daily while the
    # rows (and the KPIs and counts built on them) stay (bot.store.retention). 0 = keep forever.
    question_retention_days: int = Field(0, ge=0, le=3650)
    # Threads that run Bolt's listeners: they acknowledge Slack's requests and hand answers to the answer queue
    slack_workers: int = Field(4, ge=1, le=64)
    # The answer queue (bot.slack.answer_queue): threads that answer questions and do other slow work after the
    # ack, and how many questions may wait for them (one more gets "I'm busy right now, please try again")
    answer_workers: int = Field(4, ge=1, le=64)
    answer_queue_size: int = Field(100, ge=1, le=100_000)
    # On SIGTERM, seconds to answer the questions already queued before the process exits; keep it below the
    # orchestrator's deadline (Kubernetes' terminationGracePeriodSeconds, Compose's stop_grace_period)
    shutdown_grace_seconds: int = Field(20, ge=0, le=3600)
    # An event is handled once its answer is posted. Slack's retry of one claimed longer ago than this and never
    # finished (the process died before answering) is answered by whoever receives the retry.
    event_lease_seconds: int = Field(45, ge=5, le=3600)

    # Surveys: the minimum number of responses any result rests on (never below 3), the templates folder,
    # the DM outbox (how long a sender's claim lasts before another may resume it; parallel senders) and
    # how often the bot's scheduler sends invitations and reminders
    survey_min_responses: int = Field(5, ge=3, le=1000)
    survey_templates_dir: Path | None = None
    survey_outbox_lease_seconds: int = Field(120, ge=0, le=86_400)
    survey_send_workers: int = Field(4, ge=1, le=32)
    survey_tick_seconds: int = Field(60, ge=5, le=3600)

    # KPIs, OKRs and channel nudges
    kpi_catalog: Path = Path("knowledge/kpis/catalog.yaml")
    okr_pace_tolerance: float = Field(0.10, ge=0.0, le=1.0, description="progress may trail time by this share")
    nudges_enabled: bool = True  # false: this process never posts scheduled nudges (e.g. a CLI-only host)
    nudge_grace_seconds: int = Field(3600, ge=60, le=7 * 86_400, description="missed slots younger than this are sent")
    nudge_sync_seconds: int = Field(60, ge=5, le=3600, description="how often schedules are re-read")

    # Incentive audits: the role-archetype catalog folder (default: the bundled knowledge/audit) and
    # whether a configured LLM may add its own suggestions to each role
    audit_catalog_dir: Path | None = None
    audit_llm_suggestions: bool = True

    # Adoption from the AI tools (bot/adoption): how often the bot pulls the vendors' usage reports, and one
    # credential per source (secrets never logged). Microsoft Graph takes an app registration (client
    # credentials, permission Reports.Read.All and User.Read.All) or a ready bearer token; GitHub a token with
    # the Copilot metrics and billing read permissions and the organisation; Claude Enterprise an Analytics API
    # key (scope read:analytics, created at claude.ai/analytics/api-keys; not a Console admin key). The URLs
    # change only for GitHub Enterprise Server, a national cloud or a test server.
    adoption_sync_hours: int = Field(24, ge=1, le=24 * 7)
    graph_url: str = "https://graph.microsoft.com"
    graph_login_url: str = "https://login.microsoftonline.com"
    graph_tenant_id: str | None = None
    graph_client_id: str | None = None
    graph_client_secret: SecretStr | None = None
    graph_token: SecretStr | None = None
    github_api_url: str = "https://api.github.com"
    github_org: str | None = None
    github_token: SecretStr | None = None
    anthropic_api_url: str = "https://api.anthropic.com"
    claude_analytics_key: SecretStr | None = None

    # The web dashboard (bot/web) at /app: HTTP mode serves it on Slack's port, Socket Mode on COACH_WEB_PORT,
    # `coach web` alone. People sign in with Slack (OpenID Connect) with the app's client id and secret
    # (SLACK_CLIENT_ID/SECRET, or COACH_WEB_CLIENT_ID/SECRET for an app that runs with a bot token) and are sent
    # back to COACH_WEB_BASE_URL/app/auth/slack (its https:// makes the cookies Secure). Sessions are cookies
    # signed with COACH_WEB_SESSION_SECRET (give every replica the same one) and end after COACH_WEB_SESSION_HOURS.
    web_port: int | None = Field(None, ge=1, le=65535)
    web_host: str = "0.0.0.0"
    web_base_url: str | None = None
    web_client_id: str | None = None
    web_client_secret: SecretStr | None = None
    web_session_secret: SecretStr | None = None
    web_session_hours: int = Field(12, ge=1, le=24 * 30)
    web_authorize_url: str = "https://slack.com/openid/connect/authorize"

    # Slack (Slack's own names, no prefix)
    slack_bot_token: SecretStr | None = _slack("SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = _slack("SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = _slack("SLACK_SIGNING_SECRET")
    slack_client_id: str | None = _slack("SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = _slack("SLACK_CLIENT_SECRET")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL"))

    @field_validator("knowledge_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value):
        if isinstance(value, str):
            return [Path(p.strip()) for p in value.split(",") if p.strip()]
        return value

    @field_validator("admins", "hr", "managers", "admin_groups", "hr_groups", "manager_groups", mode="before")
    @classmethod
    def _split_ids(cls, value, info):
        groups = info.field_name.endswith("_groups")
        pattern, kind = (_GROUP_ID, "a Slack user group ID (like S012AB3CD)") if groups else \
            (_USER_ID, "a Slack member ID (like U012AB3CD: profile › ⋮ › Copy member ID)")
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            return value
        ids = []
        for item in items:
            text = str(item).strip().upper()
            if not text:
                continue
            if not pattern.match(text):
                raise ValueError(f"{str(item).strip()!r} is not {kind}")
            ids.append(text)
        return ids

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value):
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value):
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("llm", "database_url", "chroma_url", "health_port", "llm_base_url", "llm_api_key", "slack_bot_token",
                     "slack_app_token", "slack_signing_secret", "slack_client_id", "slack_client_secret",
                     "graph_tenant_id", "graph_client_id", "graph_client_secret", "graph_token", "github_org",
                     "github_token", "claude_analytics_key", "web_port", "web_base_url", "web_client_id",
                     "web_client_secret", "web_session_secret", mode="before")
    @classmethod
    def _blank_is_none(cls, value):  # `SLACK_BOT_TOKEN=` in a .env or compose file means "not set"
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("web_base_url")
    @classmethod
    def _web_base(cls, value):
        if value is None:
            return value
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query:
            raise ValueError("must be the dashboard's public address, like https://coach.example.com (no path)")
        if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            # its cookies are Secure everywhere but on this machine, and Slack redirects to https only
            raise ValueError("must start with https:// unless it is this machine (http://127.0.0.1:PORT)")
        return value.strip()

    @cached_property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'coach.db').resolve()}"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None or self.slack_client_id is not None

    @property
    def web_base(self) -> str | None:
        """COACH_WEB_BASE_URL without a trailing slash, or None."""
        return self.web_base_url.strip().rstrip("/") if self.web_base_url else None

    @property
    def multi_workspace(self) -> bool:
        """Installs through Slack's OAuth flow, so one database serves several workspaces (bot.tenancy)."""
        return bool(self.slack_client_id and self.slack_client_secret)


_RULES = {
    "greater_than_equal": "must be at least {ge}", "less_than_equal": "must be at most {le}",
    "greater_than": "must be more than {gt}", "less_than": "must be less than {lt}",
    "int_parsing": "must be a whole number", "int_from_float": "must be a whole number",
    "float_parsing": "must be a number", "bool_parsing": "must be true or false",
    "literal_error": "must be one of {expected}", "string_pattern_mismatch": "must match {pattern}",
    "string_too_short": "must have at least {min_length} character(s)",
    "string_too_long": "must have at most {max_length} characters",
}


def env_name(field: str) -> str:
    """The environment variable a setting is read from: SLACK_BOT_TOKEN, or COACH_ and the field's name."""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices) and isinstance(alias.choices[0], str):
        return alias.choices[0]
    return f"COACH_{field.upper()}" if info is not None else field


def settings_problems(exc: ValidationError) -> str:
    """Each invalid setting as ``COACH_SURVEY_MIN_RESPONSES: must be at least 3``, on one line."""
    problems = []
    for error in exc.errors(include_url=False):
        ctx = error.get("ctx") or {}
        if error["type"] == "value_error" and "error" in ctx:
            rule = str(ctx["error"])
        elif error["type"] == "string_too_short" and ctx.get("min_length") == 1:
            rule = "must not be empty"
        else:
            try:
                rule = _RULES[error["type"]].format(**ctx)
            except (KeyError, IndexError):
                rule = error["msg"][:1].lower() + error["msg"][1:]
        name = env_name(str(error["loc"][0])) if error.get("loc") else "settings"
        problems.append(f"{name}: {rule}")
    return "; ".join(problems)
