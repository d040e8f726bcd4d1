"""Nudges outside their schedule: `coach nudge run-now` posts once through Slack as a `manual` slot and leaves
the scheduled slots alone; with COACH_NUDGES_ENABLED=false the bot's scheduler carries no nudge jobs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from pydantic import SecretStr
from sqlalchemy import select, update

from bot.config import Settings
from bot.kpis.nudge_schedules import next_slot
from bot.kpis.scopes import ORGANISATION
from bot.slack.client import web_client
from bot.slack.nudge_delivery import nudge_gateway
from bot.slack.people import Profiles
from bot.store.tables.kpis import NudgeSchedule, NudgeSlot
from tests.conftest import cli_env, make_container, run_coach
from tests.kpis.conftest import Clock, services
from tests.slack.conftest import ADMIN, BOT_TOKEN


def _slots(container) -> list[tuple[str, str]]:
    with container.uow() as uow:
        return [(s.kind, s.status) for s in uow.session.scalars(select(NudgeSlot).order_by(NudgeSlot.id))]


def test_run_now_posts_once_and_the_next_scheduled_slot_still_posts(tmp_path, fake_slack, capsys, monkeypatch):
    container = make_container(tmp_path / "data")
    created = datetime.now(timezone.utc) - timedelta(days=1)
    kpis = services(container, Clock(created))
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    env = {**cli_env(container), "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": fake_slack.api_url}
    code, out, err = run_coach(["nudge", "run-now", str(schedule.id)], capsys, monkeypatch, env=env)
    [post] = fake_slack.calls_to("chat.postMessage")
    assert code == 0, err
    assert f"Nudge {schedule.id} posted to C0SALES (ts {fake_slack.posted['C0SALES'][0]['ts']})" in out
    assert post.params["channel"] == "C0SALES" and "*Productivity uplift*: *22%*" in json.dumps(post.params["blocks"])
    assert _slots(container) == [("manual", "posted")]

    upcoming = next_slot(schedule.trigger, datetime.now(timezone.utc))
    scheduled = services(container, Clock(upcoming))
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    poster, directory = nudge_gateway(lambda team: client, Profiles())(schedule)
    outcome = scheduled.nudges.run_due(schedule, poster, directory, timedelta(hours=1))
    assert (outcome.slot_at, outcome.status) == (upcoming, "posted")
    assert len(fake_slack.posted["C0SALES"]) == 2
    assert _slots(container) == [("manual", "posted"), ("scheduled", "posted")]


def test_with_nudges_disabled_the_scheduler_has_no_nudge_jobs_and_posts_nothing(tmp_path, fake_slack):
    container = make_container(tmp_path / "data", slack_bot_token=SecretStr(BOT_TOKEN),
                               slack_api_url=fake_slack.api_url, nudges_enabled=False)
    container.__dict__["kpis"] = services(container, None)
    now = datetime.now(timezone.utc)
    slot = (now - timedelta(minutes=10)).replace(second=0, microsecond=0)
    container.kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    container.kpis.schedules.add(channel="C0DAILY", cron=f"{slot.minute} {slot.hour} * * *", tz="UTC",
                                 kpis=["productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    with container.uow() as uow:  # the schedule existed before its slot: a due slot an enabled bot would post
        uow.session.execute(update(NudgeSchedule).values(created_at=now - timedelta(days=1)))
        uow.commit()
    container.scheduler.start_jobs(container.jobs())  # what `coach run` starts
    try:
        assert container.scheduler.job_ids("kpi-") == []
        assert container.scheduler.job_ids()  # the other jobs are there: only the nudges are off
    finally:
        container.scheduler.shutdown(wait=True)
    assert fake_slack.calls_to("chat.postMessage") == [] and _slots(container) == []
