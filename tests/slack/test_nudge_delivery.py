"""KPI nudges through the fake Slack: valid Block Kit, the chart uploaded into the message's thread, eligible
members from conversations.members with departments, 429s retried, refusals recorded; the scheduler started
by `coach run` posts a due slot once; admins see the schedules in App Home; with two workspaces each nudge
shows its own workspace's data and posts with its own token."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update

from bot.config import Settings
from bot.kpis.nudge_schedules import parse_threshold
from bot.kpis.okrs import parse_key_result
from bot.kpis.scopes import ORGANISATION
from bot.slack.client import web_client
from bot.slack.nudge_delivery import SlackMemberDirectory, nudge_gateway
from bot.slack.people import Profiles
from bot.store.tables.kpis import NudgeSchedule, NudgeSlot
from bot.store.tables.usage import UsageEvent
from bot.tenancy import Tenant
from tests.conftest import make_container
from tests.kpis.conftest import Clock, services
from tests.slack.conftest import ADMIN, BOT_TOKEN, EMPLOYEE, validate_blocks

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin
OCT = datetime(2026, 10, 20, 10, tzinfo=timezone.utc)
A, B = "T0AAA", "T0BBB"


class Passage:
    text = "- Co-design the workflow with the people who use it and train them for their role."
    title, section, path = "Top AI Implementation Risks", "Low user adoption", "knowledge/framework/risks.md"
    unit_similarity = {0: 0.7}


@pytest.fixture
def setup(tmp_path, fake_slack):
    container = make_container(tmp_path / "data")
    kpis = services(container, Clock(SLOT), lambda query: [Passage()])
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    return container, kpis, nudge_gateway(lambda team: client, Profiles())


def _slots(container):
    with container.uow() as uow:
        return list(uow.session.scalars(select(NudgeSlot)))


def _usage(container, *users):
    with container.uow() as uow:
        for user in users:
            uow.usage.add(UsageEvent(user_id=user, surface="mention", outcome="answered", kind="answer", question="q",
                                     answer="a", confidence=0.8, latency_ms=20.0, department=None, created_at=OCT))
        uow.commit()


def _schedule(services_, **kw):
    args = dict(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=["employee_adoption_rate",
                "productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    return services_.schedules.add(**{**args, **kw})


def test_a_nudge_is_valid_block_kit_with_its_chart_in_the_thread(setup, fake_slack):
    container, kpis, gateway = setup
    fake_slack.channel_members["C0SALES"] = ["U0A", "U0B", "U0C", "U0D", "U0BOT"]
    fake_slack.departments.update({"U0A": "Sales", "U0B": "Sales", "U0C": "Finance"})
    _usage(container, "U0A", "U0C", "U0OUTSIDER")
    kpis.okrs.add("AI in daily work", ORGANISATION, date(2026, 7, 1),
                  [parse_key_result("employee_adoption_rate:30->80@2026-12-31")], by=ADMIN)
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-09", 40, by=ADMIN)
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    schedule = _schedule(kpis, okrs=[1], thresholds=[parse_threshold("employee_adoption_rate<60")])
    poster, directory = gateway(schedule)
    outcome = kpis.nudges.run_slot(schedule, SLOT, poster, directory)
    assert outcome.status == "posted"
    [post] = fake_slack.calls_to("chat.postMessage")
    blocks = post.params["blocks"]
    validate_blocks(blocks)
    texts = "\n".join(b.get("text", {}).get("text", "") for b in blocks if b["type"] == "section")
    assert "*Employee adoption rate*: *50%* (2026-10) ▲ +10.0 pts since 2026-09" in texts  # 2 of 4 members
    assert "target 80% by 2026-12-31" in texts and "benchmark 60%–80% (below)" in texts
    assert ":rotating_light: *Employee adoption rate* went below 60%" not in texts  # was already below in 2026-09
    assert "*OKR 1: AI in daily work*" in texts and ":bulb: *Tip for Employee adoption rate:* Co-design" in texts
    assert post.params["channel"] == "C0SALES" and outcome.ts == fake_slack.posted["C0SALES"][0]["ts"]
    [upload] = fake_slack.calls_to("upload")
    png = fake_slack.uploads[upload.params["file_id"]]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000
    [done] = fake_slack.calls_to("files.completeUploadExternal")
    assert done.params["channel_id"] == "C0SALES" and done.params["thread_ts"] == outcome.ts
    assert [s.status for s in _slots(container)] == ["posted"]
    sales = kpis.measurements.latest("employee_adoption_rate", ORGANISATION.__class__("department", "Sales"))
    assert sales.value == 50 and sales.source == "auto"


def test_a_429_is_retried_and_the_slot_is_posted_once(setup, fake_slack):
    container, kpis, gateway = setup
    schedule = _schedule(kpis, kpis=["productivity_uplift"])
    fake_slack.script("chat.postMessage", status=429, retry_after=0)
    outcome = kpis.nudges.run_slot(schedule, SLOT, *gateway(schedule))
    assert outcome.status == "posted"
    calls = fake_slack.calls_to("chat.postMessage")
    assert [c.status for c in calls] == [429, 200]
    assert len(fake_slack.posted["C0SALES"]) == 1 and [s.status for s in _slots(container)] == ["posted"]


def test_a_channel_the_bot_is_not_in_fails_the_slot_with_the_fix(setup, fake_slack):
    container, kpis, gateway = setup
    schedule = _schedule(kpis, kpis=["productivity_uplift"])
    fake_slack.script("chat.postMessage", error="not_in_channel")
    outcome = kpis.nudges.run_slot(schedule, SLOT, *gateway(schedule))
    assert outcome.status == "failed" and "invite the bot" in outcome.detail
    [slot] = _slots(container)
    assert slot.status == "failed" and "not_in_channel" in slot.detail
    assert fake_slack.calls_to("files.getUploadURLExternal") == []
    assert kpis.nudges.run_slot(schedule, SLOT, *gateway(schedule)).status == "taken"


def test_user_groups_and_large_channels(fake_slack):
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    directory = SlackMemberDirectory(client, Profiles())
    fake_slack.user_groups["S0ANALYSTS"] = ["U0A", "U0B"]
    fake_slack.departments.update({"U0A": "Data"})
    assert directory.members("S0ANALYSTS") == {"U0A": "Data", "U0B": None}
    crowd = [f"U{i:05d}" for i in range(250)]
    fake_slack.channel_members["C0ALL"] = crowd + ["U0BOT"]
    fake_slack.departments.update({u: "Ops" for u in crowd[:10]})
    found = directory.members("C0ALL")
    assert len(found) == len(crowd) and sum(d == "Ops" for d in found.values()) == 10
    # the field list is read once; each person's profile once, then cached for the next nudge
    assert len(fake_slack.calls_to("team.profile.get")) == 1
    assert len(fake_slack.calls_to("users.profile.get")) == 2 + len(crowd)
    assert directory.members("C0ALL") == found and len(fake_slack.calls_to("users.profile.get")) == 2 + len(crowd)


def test_coach_run_starts_the_scheduler_that_posts_a_due_slot_once(tmp_path, fake_slack):
    container = make_container(tmp_path / "data", slack_bot_token=SecretStr(BOT_TOKEN),
                               slack_api_url=fake_slack.api_url)
    container.__dict__["kpis"] = services(container, None, lambda query: [Passage()])  # real clock, no model
    now = datetime.now(timezone.utc)
    slot = (now - timedelta(minutes=10)).replace(second=0, microsecond=0)
    kpis = container.kpis
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    schedule = kpis.schedules.add(channel="C0DAILY", cron=f"{slot.minute} {slot.hour} * * *", tz="UTC",
                                  kpis=["productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    with container.uow() as uow:  # the schedule existed before its slot
        uow.session.execute(update(NudgeSchedule).values(created_at=now - timedelta(days=1)))
        uow.commit()
    container.scheduler.start_jobs(container.jobs())  # what `coach run` starts
    try:
        fake_slack.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "C0DAILY")
        fake_slack.wait_for("files.completeUploadExternal")
        assert container.scheduler.job_ids("kpi-nudge") == [f"kpi-nudge:{schedule.id}", "kpi-nudges:sync"]
    finally:
        container.scheduler.shutdown(wait=True)
    assert len(fake_slack.posted["C0DAILY"]) == 1
    [row] = _slots(container)
    assert (row.schedule_id, row.status) == (schedule.id, "posted")


def test_admins_see_schedules_with_last_and_next_run_in_app_home(slack):
    kpis = slack.container.kpis
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["employee_adoption_rate"], okrs=[], scope=ORGANISATION, by=ADMIN)
    for user in (ADMIN, EMPLOYEE):
        slack.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                            "event_ts": "1.1"})
    views = {c.params["user_id"]: c.params["view"] for c in slack.fake.wait_for("views.publish", count=2)}
    admin_text = str(views[ADMIN]["blocks"])
    assert "KPI nudges (admins)" in admin_text and f"*Nudge {schedule.id}* → <#C0SALES>" in admin_text
    assert "Last: never run" in admin_text and "next: " in admin_text and "(Europe/Berlin)" in admin_text
    assert "KPI nudges" not in str(views[EMPLOYEE]["blocks"])


def test_each_workspace_s_nudge_shows_its_own_data_and_posts_with_its_own_token(tmp_path, fake_slack):
    container = make_container(tmp_path / "data")
    kpis = services(container, Clock(SLOT), lambda query: [], multi_workspace=True)
    clients = {team: web_client(Settings(slack_api_url=fake_slack.api_url), f"xoxb-{team}") for team in (A, B)}
    gateway = nudge_gateway(clients.__getitem__, Profiles())
    fake_slack.channel_members.update({"C0AAA": ["U1", "U2"], "C0BBB": ["U2", "U3"]})
    with container.uow() as uow:  # U2 is in both workspaces and asked only in B
        for team, user in ((A, "U1"), (B, "U2"), (B, "U3")):
            uow.usage.add(UsageEvent(team_id=team, user_id=user, surface="mention", outcome="answered", kind="answer",
                                     question="q", answer="a", confidence=0.8, latency_ms=20.0, department=None,
                                     created_at=OCT))
        uow.commit()
    posted = {}
    for team, channel, uplift in ((A, "C0AAA", 22), (B, "C0BBB", 99)):
        kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", uplift, by=ADMIN,
                                 tenant=Tenant(team))
        schedule = _schedule(kpis, channel=channel, team_id=team, tenant=Tenant(team))
        assert kpis.nudges.run_slot(schedule, SLOT, *gateway(schedule)).status == "posted"
        [call] = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == channel]
        posted[team] = (call.headers["Authorization"], str(call.params["blocks"]))
    assert posted[A][0] == f"Bearer xoxb-{A}" and posted[B][0] == f"Bearer xoxb-{B}"
    assert "*Employee adoption rate*: *50%*" in posted[A][1] and "*Productivity uplift*: *22%*" in posted[A][1]
    assert "*Employee adoption rate*: *100%*" in posted[B][1] and "*Productivity uplift*: *99%*" in posted[B][1]


def test_a_nudge_shows_adoption_by_department_and_tool_from_the_ledger(tmp_path, fake_slack):
    from bot.adoption.records import Activity, Person, Report

    container = make_container(tmp_path / "data")
    container.adoption.figures.today = lambda: SLOT.date()
    departments = {"sales": ("Sales", 6), "support": ("Support", 5), "chan": ("<!channel>", 5)}
    container.adoption.ledger.import_directory(
        [Person(f"{key}{i}@example.com", d) for key, (d, n) in departments.items() for i in range(n)],
        source="directory")
    active = [f"sales{i}@example.com" for i in range(3)] + [f"support{i}@example.com" for i in range(5)]
    days = [date(2026, 10, 1) + timedelta(days=n) for n in range(31)]
    acts = [Activity(e, "email", "m365-copilot", d, 1) for e in active for d in days]
    acts += [Activity("sales0@example.com", "email", "github-copilot", d, 2) for d in days]
    container.adoption.ledger.import_report("csv", Report(acts, [], len(acts)), how="import")
    kpis = container.kpis
    kpis.nudges.clock = lambda: SLOT
    schedule = _schedule(kpis, kpis=["employee_adoption_rate"])
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    poster, directory = nudge_gateway(lambda team: client, Profiles())(schedule)
    fake_slack.channel_members["C0SALES"] = ["U0A", "U0BOT"]

    assert kpis.nudges.run_slot(schedule, SLOT, poster, directory).status == "posted"

    [post] = fake_slack.calls_to("chat.postMessage")
    validate_blocks(post.params["blocks"])
    texts = "\n".join(b.get("text", {}).get("text", "") for b in post.params["blocks"] if b["type"] == "section")
    assert "*Employee adoption rate*: *50%* (2026-10)" in texts  # 8 of 16 from the tools, not the channel's 0 of 1
    assert ("*AI tool adoption by department, 2026-10* (from the AI tools' usage reports): Sales 50% · "
            "&lt;!channel&gt; 0% · Support 100%") in texts  # largest first, names escaped
    assert "*By tool:* GitHub Copilot 6% · Microsoft 365 Copilot 50%" in texts
    assert "<!channel>" not in texts
    [upload] = fake_slack.calls_to("upload")
    assert fake_slack.uploads[upload.params["file_id"]][:8] == b"\x89PNG\r\n\x1a\n"
