"""Stored answers keep no trace of the order they came in: on SQLite survey_responses has no rowid
(migration 0007), and the migration keeps every response."""

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from bot.store import db
from bot.surveys.audience import users_only
from tests.surveys.conftest import new_survey, tam_answers

USERS = [f"U0PERSON{i:02d}" for i in range(6)]


def _migrate(container, step, revision: str) -> None:
    cfg = db.alembic_config(container.settings.db_url)
    with container.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        step(cfg, revision)


def _sqlite(container) -> None:
    if container.engine.dialect.name != "sqlite":
        pytest.skip("rowid is SQLite's; PostgreSQL has none (migration 0007 leaves it alone)")


def test_responses_have_no_rowid_that_follows_the_order_of_answers(container, clock):
    _sqlite(container)
    sid = container.surveys.create(new_survey(clock, USERS))
    container.surveys.launch(sid, lambda _team: users_only)
    for user in USERS:
        container.surveys.submit(sid, user, tam_answers(), None)
    with container.engine.connect() as conn:
        assert "WITHOUT ROWID" in conn.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'survey_responses'"))
        with pytest.raises(OperationalError, match="rowid"):
            conn.execute(text("SELECT rowid FROM survey_responses"))
        assert conn.scalar(text("SELECT count(*) FROM survey_responses")) == len(USERS)


def test_migration_0007_keeps_every_response_and_can_be_undone(container):
    _sqlite(container)
    _migrate(container, command.downgrade, "0006")
    with container.engine.begin() as conn:
        conn.execute(text("INSERT INTO surveys (id, title, intro, series, wave, anonymous, status, questions, "
                          "audience, opens_at, closes_at, reminder_days, reminders_sent, created_by, created_at) "
                          "VALUES (1, 't', '', 's', 1, 1, 'closed', '{}', '{}', '2026-11-02', '2026-11-09', '', 0, "
                          "'U0HR', '2026-11-02')"))
        for n, key in enumerate(["f3", "a1", "c2"]):
            conn.execute(text("INSERT INTO survey_responses (id, survey_id, department, answered_week, answers) "
                              "VALUES (:key, 1, 'Ops', '2026-11-02', :answers)"),
                         {"key": key, "answers": f'{{"n": {n}}}'})
        assert conn.execute(text("SELECT rowid, id FROM survey_responses ORDER BY rowid")).all() == [
            (1, "f3"), (2, "a1"), (3, "c2")]  # the counter the migration removes
    _migrate(container, command.upgrade, "head")
    with container.engine.connect() as conn:
        assert conn.execute(text("SELECT id, answers FROM survey_responses ORDER BY id")).all() == [
            ("a1", '{"n": 1}'), ("c2", '{"n": 2}'), ("f3", '{"n": 0}')]
        with pytest.raises(OperationalError, match="rowid"):
            conn.execute(text("SELECT rowid FROM survey_responses"))
        assert [i["name"] for i in inspect(conn).get_indexes("survey_responses")] == ["ix_survey_responses_survey_id"]
    _migrate(container, command.downgrade, "0006")
    with container.engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM survey_responses")) == 3
