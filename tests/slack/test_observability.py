"""The operator's view of HTTP mode, over real HTTP: /metrics after real Slack traffic, /readyz, and the
JSON log lines a handled question leaves (metadata at INFO; the words only at DEBUG; never a token).

The session harness's counters carry over from earlier tests, so every check is on the change a test makes."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from pydantic import SecretStr

from bot.config import Settings
from bot.kpis.scopes import ORGANISATION
from bot.observability.metrics import Metrics
from bot.slack.client import web_client
from bot.slack.nudge_delivery import nudge_gateway
from bot.slack.people import Profiles
from tests.conftest import make_container
from tests.kpis.conftest import Clock, services
from tests.observability.logcapture import json_logs, parsed
from tests.observability.scrape import samples, value
from tests.slack.conftest import ADMIN, BOT_TOKEN, SECRET, start_harness

ANSWERABLE = "How do we measure AI adoption?"
OFF_TOPIC = "what's the weather going to be like in london tomorrow?"
FAKE_TOKEN = "xoxb-7777-8888-questiontokenvalue"


def scrape(harness) -> dict:
    resp = harness.sender.request("GET", "/metrics")
    assert resp.status == 200 and resp.headers["content-type"].startswith("text/plain; version=0.0.4")
    return samples(resp.body)


def change(before: dict, after: dict, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def mention(slack, text: str, count: int) -> None:
    resp = slack.sender.event(slack.sender.mention(text))
    assert resp.status == 200
    slack.fake.wait_for("chat.postMessage", count=count)
    slack.drain()


def test_answered_and_declined_mentions_show_as_requests_acks_and_answers(slack):
    before = scrape(slack)
    mention(slack, ANSWERABLE, 1)
    mention(slack, OFF_TOPIC, 2)
    after = scrape(slack)
    assert [e.outcome for e in slack.usage()] == ["answered", "declined"]
    assert change(before, after, "coach_slack_requests_total", kind="event", status="200") == 2
    assert change(before, after, "coach_slack_ack_seconds_count", kind="event") == 2
    assert change(before, after, "coach_slack_ack_seconds_sum", kind="event") > 0
    assert change(before, after, "coach_answers_total", surface="mention", outcome="answered") == 1
    assert change(before, after, "coach_answers_total", surface="mention", outcome="declined") == 1
    assert change(before, after, "coach_answer_seconds_count", surface="mention") == 2
    assert change(before, after, "coach_answer_seconds_sum", surface="mention") > 0
    assert ("coach_survey_outbox_backlog", ()) in after


def test_a_thumbs_up_click_counts_as_feedback(slack):
    mention(slack, ANSWERABLE, 1)
    [event] = slack.usage()
    before = scrape(slack)
    click = slack.sender.block_action("feedback_up", str(event.id), response_url=slack.fake.response_url("up"))
    assert slack.sender.interaction(click).status == 200
    slack.fake.wait_for("response_url:up")
    slack.drain()
    after = scrape(slack)
    assert [f.rating for f in slack.feedback()] == ["up"]
    assert change(before, after, "coach_feedback_total", rating="up", via="button") == 1
    assert change(before, after, "coach_slack_requests_total", kind="action", status="200") == 1


def test_a_forged_request_counts_as_401_and_nothing_else(slack):
    before = scrape(slack)
    body = json.dumps({"type": "event_callback", "event_id": "Ev0FORGEDOBS", "team_id": "T0TEST",
                       "event": slack.sender.mention(ANSWERABLE)})
    assert slack.sender.post(body, "application/json", signature="v0=" + "0" * 64).status == 401
    slack.drain()
    after = scrape(slack)
    assert change(before, after, "coach_slack_requests_total", kind="other", status="401") == 1
    assert change(before, after, "coach_slack_requests_total", kind="event", status="200") == 0
    assert change(before, after, "coach_answer_seconds_count", surface="mention") == 0


def test_a_nudge_slack_accepted_counts_as_sent_and_a_refused_one_does_not(tmp_path, fake_slack):
    slot = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # a Monday, 09:00 in Berlin
    container = make_container(tmp_path / "data")
    kpis = services(container, Clock(slot), lambda query: [])
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN)
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["productivity_uplift"], okrs=[], scope=ORGANISATION, by=ADMIN)
    metrics = Metrics()
    client = web_client(Settings(slack_api_url=fake_slack.api_url), BOT_TOKEN)
    poster, directory = nudge_gateway(lambda team: client, Profiles(), on_posted=metrics.nudge_posted)(schedule)
    fake_slack.script("chat.postMessage", error="not_in_channel")
    assert kpis.nudges.run_slot(schedule, slot, poster, directory).status == "failed"
    assert kpis.nudges.run_slot(schedule, slot + timedelta(days=7), poster, directory).status == "posted"
    assert value(samples(metrics.exposition()[0].decode()), "coach_nudges_sent_total") == 1


def test_readyz_is_200_with_every_check_passed_on_the_knowledge_base(slack):
    resp = slack.sender.request("GET", "/readyz")
    report = resp.json()
    assert resp.status == 200 and report["ready"] is True
    assert {name: check["ok"] for name, check in report["checks"].items()} == \
        {"database": True, "knowledge": True, "model": True}
    assert slack.sender.request("GET", "/healthz").json() == {"ok": True}


def test_readyz_is_503_naming_the_failed_check_on_an_empty_index(fresh, fake_slack):
    container = fresh(slack_bot_token=SecretStr(BOT_TOKEN), slack_signing_secret=SecretStr(SECRET),
                      slack_api_url=fake_slack.api_url)
    harness = start_harness(container, fake_slack)
    try:
        resp = harness.sender.request("GET", "/readyz")
    finally:
        harness.stop()
    report = resp.json()
    assert resp.status == 503 and report["ready"] is False
    assert [name for name, check in report["checks"].items() if not check["ok"]] == ["knowledge"]
    assert "run `coach ingest`" in report["checks"]["knowledge"]["detail"]


def test_at_info_a_question_logs_one_json_line_of_metadata_and_none_of_its_words(slack):
    question = f"How do we measure AI adoption with the zanzibar method and {FAKE_TOKEN}?"
    with json_logs("INFO", [SECRET]) as stream:
        mention(slack, question, 1)
    [event] = slack.usage()
    lines = parsed(stream)
    [line] = [entry for entry in lines if entry.get("event") == "question"]
    assert (line["level"], line["logger"], line["surface"], line["outcome"]) == \
        ("INFO", "bot.conversations.service", "mention", event.outcome)
    assert line["usage_id"] == event.id and (line["team_id"], line["channel_id"]) == ("T0TEST", "C0GENERAL")
    assert line["latency_ms"] > 0 and 0 <= line["confidence"] <= 1 and line["chunks_cited"] >= 0
    assert line["time"].endswith("+00:00")
    text = stream.getvalue()
    assert "zanzibar" not in text and "xoxb-7777" not in text and BOT_TOKEN not in text


def test_at_debug_the_words_are_logged_with_tokens_redacted(slack):
    question = f"How do we measure AI adoption with the zanzibar method and {FAKE_TOKEN}?"
    with json_logs("DEBUG", [SECRET]) as stream:
        mention(slack, question, 1)
    [event] = slack.usage()
    [line] = [entry for entry in parsed(stream) if entry.get("event") == "question_text"]
    assert line["level"] == "DEBUG" and line["usage_id"] == event.id
    assert "zanzibar method and xoxb-[redacted]" in line["question"] and line["answer"] == event.answer
    text = stream.getvalue()
    assert "zanzibar" in text and FAKE_TOKEN not in text and BOT_TOKEN not in text and SECRET not in text
