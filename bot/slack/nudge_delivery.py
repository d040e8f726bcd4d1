"""KPI nudges meet Slack: posting a nudge (message, then its trend chart in the thread), and the eligible
members of a channel or user group with their departments, in the schedule's workspace. The nudge jobs
themselves are bot.kpis.nudge_jobs, listed by the container."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import DeliveryError
from bot.kpis.nudge_jobs import Gateway
from bot.kpis.nudge_message import Nudge
from bot.kpis.nudge_schedules import Schedule
from bot.slack.blocks.kpis import nudge_message
from bot.slack.client import error_code
from bot.slack.people import Profiles
from bot.slack.uploads import UploadError, upload_file

log = logging.getLogger(__name__)


class SlackNudgePoster:
    def __init__(self, client: WebClient, on_posted: Callable[[], None] | None = None):
        self.client = client
        self.on_posted = on_posted  # counts nudges sent (the bot's metrics)

    def post(self, schedule: Schedule, nudge: Nudge, chart_png: bytes | None) -> str:
        message = nudge_message(nudge)
        try:
            # 429s are retried by the client's RateLimitErrorRetryHandler (bot/slack/client.py)
            response = self.client.chat_postMessage(channel=schedule.channel, unfurl_links=False, unfurl_media=False,
                                                    **message)
        except SlackApiError as exc:
            code = error_code(exc)
            hint = " (invite the bot to the channel)" if code in ("not_in_channel", "channel_not_found") else ""
            raise DeliveryError(f"Slack refused the message: {code}{hint}") from None
        except SlackClientError as exc:
            raise DeliveryError(f"Slack could not be reached ({type(exc).__name__})") from None
        ts = str(response["ts"])
        if self.on_posted is not None:
            self.on_posted()
        if chart_png:
            try:
                upload_file(self.client, schedule.channel, f"kpi-trends-nudge-{schedule.id}.png", chart_png,
                            "KPI trends", thread_ts=ts)
            except UploadError as exc:  # the message is out; a missing chart is logged, not fatal
                log.warning("nudge %s posted without its chart: %s", schedule.id, exc)
        return ts


class SlackMemberDirectory:
    """Members of a channel (conversations.members) or a user group (usergroups.users.list), without bots,
    each with their department from the Slack profile (bot.slack.people.Profiles: one users.profile.get per
    person not looked up in the last hours; users.list carries no custom profile fields)."""

    def __init__(self, client: WebClient, profiles: Profiles):
        self.client = client
        self.profiles = profiles

    def members(self, source: str) -> dict[str, str | None]:
        try:
            if source.startswith("S"):
                ids = list(self.client.usergroups_users_list(usergroup=source).get("users") or [])
            else:
                ids = [m for page in self.client.conversations_members(channel=source, limit=1000)
                       for m in page.get("members") or []]
            me = self.client.auth_test().get("user_id")
        except SlackApiError as exc:
            raise DeliveryError(f"Slack could not list the members of {source}: {error_code(exc)}") from None
        return {u: self.profiles.department(self.client, u) for u in dict.fromkeys(ids) if u != me}


def nudge_gateway(client_for: Callable[[str | None], WebClient], profiles: Profiles | None = None,
                  on_posted: Callable[[], None] | None = None) -> Gateway:
    """schedule -> (poster, member directory) for the schedule's workspace. ``client_for`` is
    bot.slack.workspaces.Workspaces.client_for; a workspace without a client raises its WorkspaceUnavailable
    (the nudge job logs it and tries again on its next run, the CLI prints it)."""
    profiles = profiles or Profiles()

    def gateway(schedule: Schedule) -> tuple[SlackNudgePoster, SlackMemberDirectory]:
        client = client_for(schedule.team_id)
        return SlackNudgePoster(client, on_posted), SlackMemberDirectory(client, profiles)
    return gateway
