"""Two bot processes (`coach run --http`), each with an empty data dir of its own, share one database and one
Chroma server behind the fake Slack: every event is answered once, whichever replica gets it (and a retry sent
to the other replica is not answered again); a due nudge slot is posted once; a survey fan-out sends each
DM once. PostgreSQL when COACH_TEST_POSTGRES_URL is set, else a shared SQLite file; the Chroma server is
COACH_TEST_CHROMA_URL's, else one this test starts (`chroma run`, no root needed)."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.clock import utcnow
from bot.kpis.scopes import ORGANISATION
from bot.store.tables.kpis import NudgeSchedule, NudgeSlot
from bot.surveys.audience import users_only
from tests.conftest import (
    CHROMA_TEST_URL,
    KNOWLEDGE,
    ROOT,
    make_container,
    test_database_url,
)
from tests.replicas.cluster import ChromaServer, Replica
from tests.slack.fake_slack import FakeSlack
from tests.slack.signed import SlackSender
from tests.surveys.conftest import new_survey

SECRET = "replica-signing-secret-8f14e45fceea167a"
TOKEN = "xoxb-3333-4444-replicatoken"
DOCS = [KNOWLEDGE / "kpis" / "framework-kpis.md", KNOWLEDGE / "framework" / "phases.md",
        KNOWLEDGE / "about-the-bot" / "what-the-coach-can-do.md"]
ADMIN = "U0REPADMIN"
RECIPIENTS = [f"U0REP{i:03d}" for i in range(40)]
NUDGE_CHANNEL = "C0NUDGES1"
QUESTIONS = ["What are the phases of an AI rollout?", "Which KPIs show AI adoption?",
             "What can the coach do?", "How is productivity uplift measured?"]


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, shared_embeddings):
    tmp = tmp_path_factory.mktemp("replicas")
    chroma = None if CHROMA_TEST_URL else ChromaServer()
    fake = FakeSlack().start()
    replicas: list[Replica] = []
    try:
        settings = {"database_url": test_database_url() or f"sqlite:///{tmp / 'shared.db'}",
                    "chroma_url": CHROMA_TEST_URL or chroma.url, "chroma_collection": f"replicas-{uuid.uuid4().hex[:8]}"}
        setup = make_container(tmp / "setup", **settings)  # what a deployment's set-up job does
        setup.__dict__["embeddings"] = shared_embeddings
        setup.indexer.ingest(DOCS)
        survey_id = setup.surveys.create(new_survey(Clock(), RECIPIENTS, template="enps", reminders=()))
        setup.surveys.launch(survey_id, lambda _team: users_only)
        # daily, at the top of the hour three hours ago: one slot 3-4 hours back, missed while the bot was down
        # and within the grace period, and no other slot for 20 hours (so the test never straddles two)
        hour = (utcnow() - timedelta(hours=3)).hour
        schedule = setup.kpis.schedules.add(channel=NUDGE_CHANNEL, cron=f"0 {hour} * * *", tz="UTC",
                                            kpis=["answer_helpfulness", "decline_rate"], okrs=[],
                                            scope=ORGANISATION, by="U0ADMIN")
        with setup.uow() as uow:  # created the day before
            uow.session.execute(update(NudgeSchedule).where(NudgeSchedule.id == schedule.id)
                                .values(created_at=utcnow() - timedelta(days=1)))
            uow.commit()
        env = {"COACH_DATABASE_URL": settings["database_url"], "COACH_CHROMA_URL": settings["chroma_url"],
               "COACH_CHROMA_COLLECTION": settings["chroma_collection"], "SLACK_BOT_TOKEN": TOKEN,
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url, "COACH_RATE_LIMIT_QUESTIONS": "0",
               "COACH_NUDGE_SYNC_SECONDS": "5", "COACH_NUDGE_GRACE_SECONDS": "21600", "COACH_SURVEY_TICK_SECONDS": "5", "COACH_LOG_FORMAT": "text",
               "COACH_ADMINS": ADMIN, "COACH_INDEX_REFRESH_SECONDS": "5"}
        replicas = [Replica(name, env, ROOT) for name in ("replica-a", "replica-b")]
        senders = [SlackSender(r.wait_ready(), SECRET) for r in replicas]
        yield setup, fake, senders, replicas, survey_id, schedule.id
    finally:
        for replica in replicas:
            replica.stop()
        fake.stop()
        if chroma:
            chroma.stop()


def _answers(fake: FakeSlack) -> Counter:
    return Counter(c.params.get("thread_ts") for c in fake.calls_to("chat.postMessage")
                   if c.params.get("channel") == "C0GENERAL")


def test_replicas_built_their_own_lexical_index_from_the_database(cluster):
    *_, replicas, _, _ = cluster
    for replica in replicas:
        assert (Path(replica.data_dir.name) / "bm25" / "meta.json").exists(), replica.process.output()


def test_events_sent_to_either_replica_are_answered_once_each(cluster):
    setup, fake, senders, replicas, _, _ = cluster
    events = [SlackSender.mention(f"{QUESTIONS[i % len(QUESTIONS)]} ({i})", user=f"U0ASK{i:02d}") for i in range(12)]
    for i, event in enumerate(events):
        assert senders[i % 2].event(event).status == 200
    fake.wait_for("chat.postMessage", count=12, timeout=120,
                  where=lambda c: c.params.get("channel") == "C0GENERAL")
    time.sleep(1)  # a duplicate, were there one, would come right behind
    answered = _answers(fake)
    assert {e["ts"] for e in events} <= set(answered)
    assert all(answered[e["ts"]] == 1 for e in events), answered


def test_a_retry_delivered_to_the_other_replica_is_not_answered_twice(cluster):
    setup, fake, senders, _, _, _ = cluster
    events = [SlackSender.mention(f"{QUESTIONS[i % len(QUESTIONS)]} (retry {i})", user="U0RETRY") for i in range(6)]
    for i, event in enumerate(events):
        event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
        first, second = senders[i % 2], senders[(i + 1) % 2]
        assert first.event(event, event_id=event_id).status == 200
        assert second.event(event, event_id=event_id, retry=1).status == 200
    fake.wait_for("chat.postMessage", count=len(events), timeout=120,
                  where=lambda c: c.params.get("thread_ts") in {e["ts"] for e in events})
    time.sleep(1)
    answered = _answers(fake)
    assert all(answered[e["ts"]] == 1 for e in events), answered


def test_a_due_nudge_slot_is_posted_once(cluster):
    setup, fake, _, _, _, schedule_id = cluster
    fake.wait_for("chat.postMessage", count=1, timeout=60, where=lambda c: c.params.get("channel") == NUDGE_CHANNEL)
    time.sleep(12)  # both replicas re-read the schedules every 5 s: give each two more chances to post again
    top_level = [c for c in fake.calls_to("chat.postMessage")
                 if c.params.get("channel") == NUDGE_CHANNEL and not c.params.get("thread_ts")]
    assert len(top_level) == 1
    with setup.uow() as uow:
        slots = uow.session.scalars(select(NudgeSlot).where(NudgeSlot.schedule_id == schedule_id)).all()
    assert [s.status for s in slots] == ["posted"]


def test_a_survey_fan_out_sends_each_dm_once(cluster):
    setup, fake, _, _, survey_id, _ = cluster

    def invitation(call):
        meta = call.params.get("metadata") or {}
        return call.status == 200 and (meta.get("event_payload") or {}).get("survey_id") == survey_id

    fake.wait_for("chat.postMessage", count=len(RECIPIENTS), timeout=120, where=invitation)
    time.sleep(6)  # one more survey tick on each replica
    sent = Counter(c.params["channel"] for c in fake.calls_to("chat.postMessage") if invitation(c))
    assert sorted(sent) == sorted(RECIPIENTS) and set(sent.values()) == {1}


def _answer_to(fake: FakeSlack, event: dict) -> str:
    [call] = fake.wait_for("chat.postMessage", timeout=60, where=lambda c: c.params.get("thread_ts") == event["ts"])
    return call.params["text"]


def test_a_question_taught_in_slack_is_answered_by_both_replicas(cluster):
    """Declined on one replica, taught there by an admin through the Teach form, then answered by both: the other
    replica learns it on its index-refresh timer (COACH_INDEX_REFRESH_SECONDS), from the shared database."""
    _setup, fake, senders, _, _, _ = cluster
    question = "Who is our AI champion in the finance team?"
    asked = SlackSender.mention(question, user="U0TEACH1")
    assert senders[0].event(asked).status == 200
    assert "I don't know" in _answer_to(fake, asked)

    click = SlackSender.block_action("teach_open", f"gap:{question}", user=ADMIN)
    assert senders[0].interaction(click).status == 200
    view = fake.wait_for("views.open", timeout=30)[-1].params["view"]
    values = {"question": {"text": {"type": "plain_text_input", "value": question}},
              "section": {"teach_section": {"type": "external_select", "selected_option": None}},
              "answer": {"text": {"type": "plain_text_input",
                                  "value": "The finance team's AI champion is Maria Lopez: ask her for access."}}}
    submitted = senders[0].interaction(SlackSender.view_submission("teach_question", values, view["private_metadata"],
                                                                   user=ADMIN))
    assert submitted.status == 200 and submitted.json()["response_action"] == "update", submitted.body
    time.sleep(7)  # one index refresh on the other replica (every 5 s)
    for n, sender in enumerate(senders):
        again = SlackSender.mention("who's the AI champion for finance?", user=f"U0TEACH{n + 2}")
        assert sender.event(again).status == 200
        assert "Maria Lopez" in _answer_to(fake, again)
