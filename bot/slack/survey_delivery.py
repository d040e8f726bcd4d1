"""Surveys meet Slack: audiences from channel and user-group members, DMs from the outbox, and the periodic
job (on the bot's scheduler) that opens, reminds, closes and sends, each survey in its own workspace.

The messenger puts the outbox row id in each DM's metadata; after a crash, a row in doubt is looked up in the
DM (conversations.history with metadata) before anything is sent again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import DeliveryError
from bot.scheduler import Every, Job, Scheduler
from bot.slack.blocks.surveys import invite_message
from bot.slack.client import error_code
from bot.slack.workspaces import WorkspaceUnavailable
from bot.surveys.audience import Audience
from bot.surveys.definition import SurveyError
from bot.surveys.outbox import Delivered, DrainReport, Envelope, RateLimited
from bot.surveys.service import Card, SurveyService

log = logging.getLogger(__name__)
EVENT_TYPE = "coach_survey_dm"
JOB_ID = "surveys:tick"
PERMANENT = {"user_not_found", "channel_not_found", "account_inactive", "cannot_dm_bot", "user_disabled",
             "is_archived", "invalid_blocks", "msg_too_long", "no_permission", "not_allowed_token_type",
             "missing_scope", "invalid_auth", "not_authed", "token_revoked", "messages_tab_disabled"}
HISTORY_LOOKBACK = 100


def _rate_limited(exc: SlackApiError) -> RateLimited | None:
    if exc.response is None or exc.response.status_code != 429:
        return None
    return RateLimited(float(exc.response.headers.get("retry-after") or exc.response.headers.get("Retry-After") or 1))


def _error(exc: SlackApiError) -> DeliveryError:
    code = error_code(exc)
    return DeliveryError(code, code in PERMANENT)


class SlackAudience:
    """Audience → user ids: listed users, members of channels (conversations.members) and of user groups
    (usergroups.users.list). The bot itself is left out. The workspace's client is asked for only when an
    audience is looked up, so a workspace without an installation fails that lookup, not its neighbours."""

    def __init__(self, connect: Callable[[], WebClient]):
        self._client: WebClient | None = None
        self._connect = connect

    @property
    def client(self) -> WebClient:
        if self._client is None:
            try:
                self._client = self._connect()
            except DeliveryError as exc:
                raise SurveyError(f"Slack cannot be reached for this survey's workspace ({exc.error}).") from None
        return self._client

    def __call__(self, audience: Audience) -> set[str]:
        users = set(audience.users)
        client = self.client
        try:
            for channel in audience.channels:
                for page in client.conversations_members(channel=channel, limit=1000):
                    users.update(page.get("members") or [])
            for group in audience.groups:
                users.update(client.usergroups_users_list(usergroup=group).get("users") or [])
            me = client.auth_test().get("user_id")
        except SlackApiError as exc:
            raise SurveyError(f"Slack could not list the audience ({error_code(exc)}); is the bot in those "
                              "channels?") from None
        except SlackClientError as exc:  # network trouble after slack_sdk's own retries
            raise SurveyError(f"Slack could not be reached to list the audience ({type(exc).__name__}).") from None
        users.discard(me)
        return users


class SlackMessenger:
    def __init__(self, surveys: SurveyService, client_for: Callable[[str | None], WebClient]):
        self.surveys = surveys
        self.client_for = client_for
        self._cards: dict[int, Card] = {}
        self._lock = threading.Lock()

    def forget(self) -> None:
        """Drop the cached cards (each tick starts afresh: a survey number can come back after a deletion)."""
        with self._lock:
            self._cards.clear()

    def _card(self, survey_id: int) -> Card:
        with self._lock:
            if survey_id not in self._cards:
                self._cards[survey_id] = self.surveys.card(survey_id)
            return self._cards[survey_id]

    def send(self, envelope: Envelope) -> Delivered:
        card = self._card(envelope.survey_id)
        message = invite_message(card, envelope.kind)
        metadata = {"event_type": EVENT_TYPE,
                    "event_payload": {"outbox_id": envelope.outbox_id, "survey_id": envelope.survey_id}}
        try:
            response = self.client_for(card.team_id).chat_postMessage(channel=envelope.user_id, metadata=metadata,
                                                                       **message)
        except SlackApiError as exc:
            raise _rate_limited(exc) or _error(exc) from None
        return Delivered(str(response["channel"]), str(response["ts"]))

    def find_sent(self, envelope: Envelope) -> Delivered | None:
        client = self.client_for(self._card(envelope.survey_id).team_id)
        try:
            channel = client.conversations_open(users=envelope.user_id)["channel"]["id"]
            history = client.conversations_history(channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True)
        except SlackApiError as exc:
            raise _rate_limited(exc) or _error(exc) from None
        for message in history.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == EVENT_TYPE and (meta.get("event_payload") or {}).get(
                    "outbox_id") == envelope.outbox_id:
                return Delivered(channel, str(message["ts"]))
        return None


def survey_clients(client_for: Callable[[str | None], WebClient]) -> Callable[[str | None], WebClient]:
    """``client_for`` (bot.slack.workspaces.Workspaces.client_for) with a workspace that has no client as a
    permanent DeliveryError: the outbox gives up on that DM, an audience lookup says the workspace is out of reach."""
    def for_team(team_id: str | None) -> WebClient:
        try:
            return client_for(team_id)
        except WorkspaceUnavailable as exc:
            raise DeliveryError(exc.reason, True) from None
    return for_team


class SurveyJobs:
    """The periodic survey job, and a way to run it now (after a launch) without waiting for the next tick."""

    def __init__(self, surveys: SurveyService, client_for: Callable[[str | None], WebClient], tick_seconds: int,
                 scheduler: Scheduler | None = None):
        self.surveys = surveys
        self.client_for = survey_clients(client_for)
        self.messenger = SlackMessenger(surveys, self.client_for)
        self.tick_seconds = tick_seconds
        self._scheduler = scheduler
        self._running = threading.Lock()
        self._again = threading.Event()

    def resolver(self, team_id: str | None = None) -> SlackAudience:
        """The audience lookup in one workspace; its client is only looked up when an audience is."""
        return SlackAudience(lambda: self.client_for(team_id))

    def tick(self, now: datetime | None = None) -> DrainReport | None:
        """Open, close, remind and send; a tick already running makes this one a no-op. Each survey is
        opened and sent with the client of its own workspace (team id), looked up only when needed."""
        if not self._running.acquire(blocking=False):
            self._again.set()  # the running tick goes round once more and picks this up
            return None
        try:
            self.messenger.forget()
            report = self.surveys.tick(self.resolver, self.messenger, now)
            while self._again.is_set():
                self._again.clear()
                self.messenger.forget()
                report = self.surveys.tick(self.resolver, self.messenger, now)
            return report
        except (SlackClientError, SurveyError, DeliveryError) as exc:
            log.warning("Survey job stopped early: %s", exc)
            return None
        finally:
            self._running.release()

    @property
    def job(self) -> Job:
        """tick() at once, then every COACH_SURVEY_TICK_SECONDS, on the bot's shared scheduler."""
        return Job(JOB_ID, self.tick, Every(self.tick_seconds, run_now=True))

    def kick(self) -> None:
        """Send now (after a launch): one extra run on the scheduler's workers, or, with no running scheduler
        (tests, the CLI), in a thread of its own."""
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.run_once(f"{JOB_ID}:now", self.tick)
            return
        threading.Thread(target=self.tick, name="survey-kick", daemon=True).start()
