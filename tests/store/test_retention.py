"""Retention of raw question text: old text is blanked, the rows and everything counted from them stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import utcnow
from bot.conversations.service import ConversationService
from bot.scheduler import Scheduler
from bot.store.retention import JOB_ID, REMOVED_QUESTION, QuestionRetention, job
from bot.store.tables.conversations import ConversationTurn
from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent
from tests.conftest import cli_env, make_container, run_coach

NOW = utcnow()
OLD, RECENT = NOW - timedelta(days=40), NOW - timedelta(days=5)


def _event(id_, when, question, outcome="answered", kind="answer"):
    return UsageEvent(id=id_, user_id=f"U{id_}", surface="dm", outcome=outcome, kind=kind, question=question,
                      answer=f"answer to {question}", sources="[]", topic="kpis", confidence=0.4, latency_ms=5.0,
                      department="Sales", created_at=when)


@pytest.fixture
def c(tmp_path):
    c = make_container(tmp_path / "data")
    with c.uow() as uow:
        uow.session.add_all([
            _event(1, OLD, "old question about my salary", "declined", "unknown"),
            _event(2, RECENT, "recent question", "declined", "unknown"),
            ConversationTurn(id=1, channel="C1", thread_ts="1.0", user_id="U1", question="old question about my salary",
                             answer="old answer", created_at=OLD),
            ConversationTurn(id=2, channel="C1", thread_ts="1.0", user_id="U1", question="and that?",
                             answer="recent answer", created_at=RECENT),
        ])
        uow.session.flush()
        uow.session.add_all([
            Feedback(id=1, user_id="U1", usage_event_id=1, via="button", rating="down", reason="wrong",
                     comment="old comment", question="old question about my salary", answer="answer", topic="kpis",
                     created_at=OLD),
            Feedback(id=2, user_id="U3", via="command", rating="up", comment="old tool comment", tool="Copilot",
                     question="", answer="", created_at=OLD),
            Feedback(id=3, user_id="U2", usage_event_id=2, via="button", rating="down", reason="outdated",
                     comment="recent comment", question="recent question", answer="answer", topic="kpis",
                     created_at=RECENT),
        ])
        uow.commit()
    return c


def _rows(c, model):
    with c.uow() as uow:
        return {r.id: r for r in uow.session.scalars(select(model))}


def test_blanks_only_text_older_than_the_cutoff_and_keeps_the_rows(c):
    counts = QuestionRetention(c.uow, 30).run(now=NOW)
    assert counts == {"usage_events": 1, "conversation_turns": 1, "feedback": 2}
    events, turns, feedback = _rows(c, UsageEvent), _rows(c, ConversationTurn), _rows(c, Feedback)
    assert (events[1].question, events[1].answer) == ("", "")
    assert (events[1].user_id, events[1].outcome, events[1].topic, events[1].department) == ("U1", "declined", "kpis",
                                                                                          "Sales")
    assert events[2].question == "recent question" and events[2].answer == "answer to recent question"
    assert (turns[1].question, turns[1].answer) == ("", "") and turns[2].question == "and that?"
    assert (feedback[1].question, feedback[1].answer, feedback[1].comment) == ("", "", "")
    assert (feedback[1].rating, feedback[1].reason, feedback[1].usage_event_id) == ("down", "wrong", 1)
    assert feedback[2].comment == "" and feedback[2].tool == "Copilot"
    assert feedback[3].comment == "recent comment" and feedback[3].question == "recent question"
    assert (len(events), len(turns), len(feedback)) == (2, 2, 3)


def test_counts_reports_and_follow_ups_still_work_on_blanked_rows(c):
    QuestionRetention(c.uow, 30).run(now=NOW)
    summary = c.usage.summary(days=60)
    assert (summary.questions, summary.people) == (2, 2)
    [gap] = c.feedback.gaps(days=60, examples=5)
    assert (gap.declined, gap.downvoted, gap.examples) == (2, 2, ["recent question"])
    [tool] = c.feedback.tools(days=60)
    assert (tool.tool, tool.up, tool.comments) == ("Copilot", 1, [])
    assert c.usage.recent_questions("U1") == [(REMOVED_QUESTION, False)]
    history = ConversationService(None, c.uow, None).history("C1", "1.0")
    assert [t.question for t in history] == ["and that?"]


def test_a_dry_run_changes_nothing_and_a_second_run_finds_nothing(c):
    retention = QuestionRetention(c.uow, 30)
    before = {r.id: r.question for r in _rows(c, UsageEvent).values()}
    assert retention.run(dry_run=True, now=NOW) == {"usage_events": 1, "conversation_turns": 1, "feedback": 2}
    assert {r.id: r.question for r in _rows(c, UsageEvent).values()} == before
    retention.run(now=NOW)
    assert retention.run(now=NOW) == {"usage_events": 0, "conversation_turns": 0, "feedback": 0}
    assert QuestionRetention(c.uow, 3).run(now=NOW) == {"usage_events": 1, "conversation_turns": 1, "feedback": 1}


def test_zero_days_keeps_everything_and_schedules_nothing(c):
    assert QuestionRetention(c.uow, 0).run(now=NOW) == {}
    assert _rows(c, UsageEvent)[1].question == "old question about my salary"
    assert job(QuestionRetention(c.uow, 0)) is None
    scheduler = Scheduler()
    scheduler.add(job(QuestionRetention(c.uow, 30)))
    assert scheduler.job_ids() == [JOB_ID] and scheduler.next_run_time(JOB_ID) is not None  # once at start, too


def test_the_scheduled_job_blanks_and_logs_only_counts(c, caplog):
    caplog.set_level("INFO", logger="bot.store.retention")
    QuestionRetention(c.uow, 30).run_job()
    assert _rows(c, UsageEvent)[1].question == ""
    assert "usage_events 1" in caplog.text and "salary" not in caplog.text


def test_settings_bound_the_retention_days():
    from pydantic import ValidationError

    from bot.config import Settings

    assert Settings().question_retention_days == 0
    with pytest.raises(ValidationError):
        Settings(question_retention_days=-1)
    with pytest.raises(ValidationError):
        Settings(question_retention_days=3651)


def test_cli_retention(c, capsys, monkeypatch):
    code, out, _ = run_coach(["data", "retention"], capsys, monkeypatch, cli_env(c))
    assert code == 0 and "Retention is off" in out
    env = {**cli_env(c), "COACH_QUESTION_RETENTION_DAYS": "30"}
    code, out, err = run_coach(["data", "retention", "--dry-run"], capsys, monkeypatch, env)
    assert code == 0, err
    assert "Would blank the text of 4 rows older than 30 days" in out and "feedback" in out
    assert _rows(c, UsageEvent)[1].question != ""
    code, out, err = run_coach(["data", "retention"], capsys, monkeypatch, env)
    assert code == 0 and "Blanked the text of 4 rows" in out
    code, out, err = run_coach(["data", "retention", "--days", "3"], capsys, monkeypatch, cli_env(c))
    assert code == 0 and "Blanked the text of 3 rows older than 3 days" in out
    with c.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(UsageEvent).where(UsageEvent.question == "")) == 2
