"""`coach export` / `coach import`: an exact round trip of every exported table between two databases, and
an import that changes nothing unless all of it goes in."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    inspect,
    select,
)

from bot.errors import UserError
from bot.store.backup import (
    REBUILT_BY_INGEST,
    _decode_row,
    _encode,
    _finite,
    export_data,
    exported_tables,
    import_data,
)
from bot.store.db import head_revision
from bot.store.schema import Base
from bot.store.tables.adoption import (
    AdoptionActivity,
    AdoptionIdentity,
    AdoptionLicence,
    AdoptionSource,
    DirectoryPerson,
)
from bot.store.tables.audit import IncentiveAudit, IncentiveAuditRole
from bot.store.tables.conversations import ConversationTurn, ProcessedEvent
from bot.store.tables.feedback import Feedback
from bot.store.tables.kpis import (
    KeyResult,
    KpiMeasurement,
    NudgeSchedule,
    NudgeSlot,
    Objective,
)
from bot.store.tables.questions import TaughtQuestion
from bot.store.tables.roles import RoleGrant
from bot.store.tables.surveys import (
    Survey,
    SurveyOutbox,
    SurveyRecipient,
    SurveyResponse,
)
from bot.store.tables.usage import RateHit, UsageEvent
from tests.conftest import (
    POSTGRES_ADMIN_URL,
    cli_env,
    make_container,
    run_coach,
    test_database_url,
)

WHEN = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=timezone.utc)
TEXT = 'How do we "measure" adoption? ✨ ünïcødé\nsecond line \\ back'


def _fill(c) -> None:
    """At least one row in every exported table, with awkward values: ids with gaps, NULLs, unicode, floats
    that are not exact in binary, booleans, dates, datetimes with microseconds, a Slack installation."""
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import (
        SQLAlchemyInstallationStore,
    )
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    with c.uow() as uow:
        uow.session.add_all([
            ProcessedEvent(key="Ev01", created_at=WHEN),
            ConversationTurn(id=3, team_id="T1", channel="C1", thread_ts="1700000000.000100", user_id="U1",
                             question=TEXT, answer="Count weekly active users.", created_at=WHEN),
            UsageEvent(id=7, team_id=None, user_id="U1", surface="dm", outcome="answered", kind="answer",
                       question=TEXT, answer="Count weekly active users.", sources='[{"number": 1}]',
                       topic="kpis", confidence=0.1 + 0.2, latency_ms=12.5, department=None, created_at=WHEN),
            UsageEvent(id=42, team_id="T1", user_id="U2", surface="mention", outcome="declined", kind="unknown",
                       question="what's for lunch", answer="I don't know", sources="[]", topic=None,
                       confidence=1e-300, latency_ms=3.0, department="Sales", created_at=WHEN),
            RoleGrant(user_id="U1", role="admin", granted_by="cli:root", granted_at=WHEN),
            TaughtQuestion(id=4, team_id="T1", question="who approves AI course costs?", path="taught/4",
                           anchor="who-approves-ai-course-costs", answer="Your manager, up to 500 EUR.",
                           vector=b"\x00\x01" * 8, taught_by="U1", source="gap", created_at=WHEN),
            RateHit(id=5, user_id="U1", at=WHEN),
            IncentiveAudit(id=2, workspace_id=None, team_name="Sales", team_key="sales", author="cli:root",
                           created_at=WHEN, catalog_version="v1", role_count=1, score=60, rag="amber",
                           inputs='{"team": "Sales"}', outputs="{}", shared_to=None, shared_at=None),
            Survey(id=4, team_id="T1", title="Pulse", intro="", template_id=None, series="pulse", wave=2,
                   anonymous=True, status="open", questions="[]", audience="{}", opens_at=WHEN, closes_at=WHEN,
                   reminder_days="3,5", reminders_sent=1, created_by="U1", created_at=WHEN, launched_at=WHEN,
                   closed_at=None),
            KpiMeasurement(id=9, kpi="adoption_rate", scope_kind="organisation", scope_name="", period="2026-Q1",
                           granularity="quarter", period_start=date(2026, 1, 1), period_end=date(2026, 4, 1),
                           value=0.4567, source="manual", note="first", recorded_by="U1", recorded_at=WHEN),
            Objective(id=6, title="Adopt AI", scope_kind="organisation", scope_name="", start_date=date(2026, 1, 1),
                      created_by="U1", created_at=WHEN),
            DirectoryPerson(id=5, team_id="", email="ana@example.com", department="Sales ✨", name="Ana", manager_email="",
                            location="", slack_id="U1", github_login="ana-gh"),
            AdoptionIdentity(id=7, team_id="", kind="github", value="ana-gh"),
            AdoptionSource(team_id="", source="github-copilot", last_success_at=WHEN, last_how="sync", last_rows=3,
                           last_activities=2, unmatched=1, first_day=date(2026, 3, 1), last_day=date(2026, 3, 3),
                           last_error="", last_error_at=None, updated_at=WHEN),
            NudgeSchedule(id=8, team_id=None, channel="C9", cron="0 9 * * 1", timezone="Europe/Berlin",
                          kpis='["adoption_rate"]', okrs="[6]", scope_kind="organisation", scope_name="",
                          granularity="month", eligible=None, skip_unchanged=True, thresholds="[]",
                          created_by="U1", created_at=WHEN),
        ])
        uow.session.flush()
        uow.session.add_all([
            Feedback(id=11, team_id="T1", user_id="U2", usage_event_id=42, via="button", rating="down",
                     reason="wrong", comment="Not helpful at all", tool=None, question="what's for lunch",
                     answer="I don't know", sources="[]", topic=None, created_at=WHEN),
            Feedback(id=12, team_id=None, user_id="U3", usage_event_id=None, via="command", rating=None,
                     reason=None, comment="Copilot is slow", tool="Copilot", question="", answer="",
                     sources="[]", topic=None, created_at=WHEN),
            IncentiveAuditRole(id=1, audit_id=2, position=0, role_name="AE", archetype_id=None, match_level="weak",
                               match_confidence=0.51, score=55, rag="red", metrics="quota", recommended="[]",
                               incentive_shift="", inputs="{}", outputs="{}"),
            SurveyRecipient(survey_id=4, user_id="U1", responded=True),
            SurveyResponse(id="a1b2c3", survey_id=4, user_id=None, department="Sales",
                           answered_week=date(2026, 3, 2), answers='{"q1": 4}'),
            SurveyOutbox(id=3, survey_id=4, user_id="U1", kind="invite", status="sent", attempts=1,
                         not_before=WHEN, in_doubt=False, claim_token=None, claimed_at=WHEN, channel="D1",
                         ts="1700000000.1", sent_at=WHEN, error=None, created_at=WHEN),
            AdoptionActivity(team_id="", day=date(2026, 3, 2), tool="github-copilot", identity_id=7, count=None,
                             source="github-copilot"),
            AdoptionLicence(team_id="", tool="github-copilot", identity_id=7, since=date(2026, 1, 5), last_active=None),
            KeyResult(id=10, objective_id=6, kpi="adoption_rate", baseline=0.2, target=0.6,
                      due_date=date(2026, 12, 31)),
            NudgeSlot(id=2, schedule_id=8, slot_at=WHEN, kind="scheduled", status="posted", claimed_by="host-1",
                      claimed_at=WHEN, finished_at=WHEN, message_ts="1700.2", fingerprint="abc", detail=""),
        ])
        uow.commit()
    SQLAlchemyInstallationStore(client_id="111.222", engine=c.engine).save(Installation(
        app_id="A1", team_id="T1", team_name="Acme", bot_token="xoxb-not-a-real-token", bot_id="B1",
        bot_user_id="UBOT", bot_scopes=["chat:write", "commands"], user_id="U1", user_token="xoxp-not-real",
        installed_at=1_700_000_000.25, bot_token_expires_at=1_800_000_000))
    SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=c.engine).issue()


def _dump(c) -> dict[str, list[dict]]:
    with c.engine.connect() as conn:
        return {t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
                for t in exported_tables(conn)}


def _export(c, path):
    with path.open("w", encoding="utf-8") as out:
        return export_data(c.engine, out)


@pytest.fixture
def source(tmp_path):
    c = make_container(tmp_path / "source")
    _fill(c)
    return c


@pytest.fixture
def target(tmp_path):
    return make_container(tmp_path / "target")


@pytest.fixture
def exported(source, tmp_path):
    path = tmp_path / "export.json"
    _export(source, path)
    return path


def _rewrite(path, change, name="changed.json"):
    doc = json.loads(path.read_text())
    change(doc)
    out = path.with_name(name)
    out.write_text(json.dumps(doc))
    return out


def test_round_trip_copies_every_table_exactly(source, target, exported):
    before = _dump(source)
    assert all(before.values()), [name for name, rows in before.items() if not rows]  # every table is covered
    counts = import_data(target.engine, exported)
    assert counts == {name: len(rows) for name, rows in before.items()}
    assert _dump(target) == before
    doc = json.loads(exported.read_text())
    assert (doc["format"], doc["version"], doc["schema_revision"]) == ("adoption-coach-export", 1, head_revision())
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset().total_seconds() == 0
    assert doc["tables"]["slack_bots"][0]["bot_token"] == "xoxb-not-a-real-token"  # a backup keeps them


def test_the_export_holds_every_table_but_the_knowledge_index(target):
    with target.engine.connect() as conn:
        names = [t.name for t in exported_tables(conn)]
    assert set(inspect(target.engine).get_table_names()) == set(names) | REBUILT_BY_INGEST | {"alembic_version"}
    assert not set(names) & REBUILT_BY_INGEST


def test_an_import_leaves_the_knowledge_index_alone(source, target, exported):
    from bot.store.tables.knowledge import Chunk, ChunkUnit, Document, IndexMeta
    from bot.store.tables.questions import SectionQuestion

    with target.uow() as uow:  # what `coach ingest` writes (the real ingest embeds for a minute)
        uow.session.add_all([Document(id=1, path="knowledge/a.md", title="A", topic="kpis", content_hash="h"),
                             IndexMeta(key="model", value="minilm")])
        uow.session.flush()
        uow.session.add(Chunk(id="c1", document_id=1, ordinal=0, breadcrumb="A", text="text"))
        uow.session.flush()
        uow.session.add_all([ChunkUnit(chunk_id="c1", position=0, vector=b"\x00\x01"),
                             SectionQuestion(document_id=1, anchor="a", text="what is A?", vector=b"\x00\x01")])
        uow.commit()

    def index():
        with target.engine.connect() as conn:
            return [conn.execute(select(Base.metadata.tables[name])).all() for name in sorted(REBUILT_BY_INGEST)]

    before = index()
    import_data(target.engine, exported)
    assert index() == before and all(before)
    assert _dump(target) == _dump(source)


def test_a_new_row_after_the_import_gets_a_fresh_id(source, target, exported):
    import_data(target.engine, exported)
    with target.uow() as uow:
        event = UsageEvent(user_id="U9", surface="dm", outcome="answered", kind="answer", question="q", answer="a",
                           confidence=0.5, latency_ms=1.0)
        uow.usage.add(event)
        turn = ConversationTurn(channel="C1", thread_ts="1.2", user_id="U9", question="q", answer="a")
        uow.turns.add(turn)
        uow.commit()
    assert event.id == 43 and turn.id == 4


def test_a_non_empty_database_is_refused_and_unchanged(source, target, exported):
    with target.uow() as uow:
        uow.session.add(RoleGrant(user_id="U7", role="hr", granted_by="cli:x"))
        uow.commit()
    before = _dump(target)
    with pytest.raises(UserError, match=r"already has rows in role_grants.*--replace"):
        import_data(target.engine, exported)
    assert _dump(target) == before


def test_replace_deletes_the_rows_first_in_the_same_transaction(source, target, exported):
    import_data(target.engine, exported)
    with target.uow() as uow:
        uow.session.add(RoleGrant(user_id="U7", role="hr", granted_by="cli:x"))
        uow.commit()
    import_data(target.engine, exported, replace=True)
    assert _dump(target) == _dump(source)


@pytest.mark.parametrize("content, message", [
    (b"{not json", "is not valid JSON"),
    (b"", "is not valid JSON"),
    (b"\xff\xfe\x00garbage", "is not valid JSON"),
    (b'{"format": "adoption-coach-export", "version": 1, "tables": {"role_grants": [', "is not valid JSON"),
    (b"[1, 2]", "not an adoption coach export"),
    (b'{"format": "something-else", "version": 1, "schema_revision": "HEAD", "tables": {}}',
     "not an adoption coach export"),
    (b'{"format": "adoption-coach-export", "version": 2, "schema_revision": "HEAD", "tables": {}}',
     "format version 2"),
    (b'{"format": "adoption-coach-export", "version": true, "schema_revision": "HEAD", "tables": {}}',
     "format version True"),
    (b'{"format": "adoption-coach-export", "version": 1, "schema_revision": "HEAD"}', 'no "tables"'),
    (b'{"format": "adoption-coach-export", "version": 1, "schema_revision": "0001", "tables": {}}',
     "revision 0001.*coach db upgrade"),
    (b'{"format": "adoption-coach-export", "version": 1, "schema_revision": "HEAD", "tables": {"users": []}}',
     "does not export: users"),
    (b'{"format": "adoption-coach-export", "version": 1, "schema_revision": "HEAD", "tables": {"role_grants": {}}}',
     "must be a list of rows"),
])
def test_a_file_that_is_not_an_export_is_refused(target, tmp_path, content, message):
    with target.uow() as uow:
        uow.session.add(RoleGrant(user_id="U7", role="hr", granted_by="cli:x"))
        uow.commit()
    before = _dump(target)
    path = tmp_path / "bad.json"
    path.write_bytes(content.replace(b'"HEAD"', f'"{head_revision()}"'.encode()))  # this code's newest revision
    with pytest.raises(UserError, match=message):
        import_data(target.engine, path, replace=True)
    assert _dump(target) == before


def test_a_database_at_another_revision_is_refused(exported, tmp_path):
    from bot.config import Settings
    from bot.container import Container

    bare = Container(Settings(data_dir=tmp_path / "bare", database_url=test_database_url()))
    with pytest.raises(UserError, match=r"target database is empty.*coach db upgrade"):
        import_data(bare.engine, exported)
    assert inspect(bare.engine).get_table_names() == []


def _bad_type(doc):
    doc["tables"]["feedback"][1]["rating"] = 5


def _null(doc):
    doc["tables"]["usage_events"][0]["question"] = None


def _duplicate_id(doc):
    doc["tables"]["usage_events"].append(dict(doc["tables"]["usage_events"][0]))


def _missing_parent(doc):
    doc["tables"]["feedback"][1]["usage_event_id"] = 999


def _unknown_column(doc):
    doc["tables"]["role_grants"][0]["colour"] = "blue"


def _too_long(doc):
    doc["tables"]["role_grants"][0]["role"] = "x" * 17


@pytest.mark.parametrize("change, message", [
    (_bad_type, r"feedback row 2: rating must be text, not int"),
    (_null, r"usage_events row 1: question must not be null"),
    (_duplicate_id, r"usage_events row 3: .*(UNIQUE|duplicate key)"),
    (_missing_parent, r"feedback row 2: .*(FOREIGN KEY|foreign key)"),
    (_unknown_column, r"role_grants row 1: unknown column colour"),
    (_too_long, r"role_grants row 1: role is longer than 16 characters"),
])
def test_a_bad_row_rolls_back_the_whole_import(source, target, exported, change, message):
    path = _rewrite(exported, change)
    with pytest.raises(UserError, match=message) as caught:
        import_data(target.engine, path)
    assert "Nothing was imported" in str(caught.value) and "INSERT" not in str(caught.value)
    assert not any(_dump(target).values())  # the tables before the bad one are empty again too


def test_a_bad_row_in_a_later_batch_is_found_by_its_index(target, tmp_path, monkeypatch):
    from bot.store import backup

    monkeypatch.setattr(backup, "BATCH_ROWS", 4)
    rows = [{"id": i, "user_id": f"U{i}", "at": WHEN.isoformat()} for i in range(1, 11)]
    rows[8]["id"] = 2  # row 9 repeats the id of row 2
    path = tmp_path / "hits.json"
    path.write_text(json.dumps({"format": "adoption-coach-export", "version": 1, "schema_revision": head_revision(),
                                "tables": {"rate_hits": rows}}))
    with pytest.raises(UserError, match="rate_hits row 9"):
        import_data(target.engine, path)
    assert not _dump(target)["rate_hits"]


def test_values_json_has_no_type_for_come_back_exactly():
    table = Table("t", MetaData(), Column("blob", LargeBinary), Column("amount", Numeric(10, 4)),
                  Column("ratio", Float), Column("day", Date), Column("naive", DateTime()),
                  Column("aware", DateTime(timezone=True)), Column("n", Integer, nullable=False),
                  Column("s", String(3)))
    from decimal import Decimal

    row = {"blob": b"\x00\xffvec", "amount": Decimal("12.3400"), "ratio": float("nan"), "day": date(2026, 1, 2),
           "naive": datetime(2026, 1, 2, 3, 4, 5, 6), "aware": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc),
           "n": 2**40, "s": "abc"}
    text = json.dumps({k: _finite(v) for k, v in row.items()}, default=_encode, allow_nan=False)
    assert json.loads(text)["blob"] == {"$base64": "AP92ZWM="}
    back = _decode_row(table, json.loads(text))
    assert back.pop("ratio") != back.get("ratio")  # NaN
    row.pop("ratio")
    assert back == row and back["naive"].tzinfo is None and back["aware"].tzinfo is not None
    # SQLite keeps no offset: a naive value read back into a timezone column is the bot's UTC
    assert _decode_row(table, {**json.loads(text), "aware": "2026-01-02T03:04:05"})["aware"].tzinfo == timezone.utc


def test_cli_export_to_a_private_file_then_import(source, target, tmp_path, capsys, monkeypatch):
    path = tmp_path / "backup.json"
    code, out, err = run_coach(["export", "--output", str(path)], capsys, monkeypatch, cli_env(source))
    assert code == 0, err
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and "Slack installation tokens" in out
    assert "usage_events" in out and "xoxb" not in out + err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    code, out, err = run_coach(["import", str(path)], capsys, monkeypatch, cli_env(target))
    assert code == 0, err
    assert "Imported" in out and "usage_events" in out and "xoxb" not in out + err
    assert _dump(target) == _dump(source)
    code, out, err = run_coach(["import", str(path)], capsys, monkeypatch, cli_env(target))
    assert code == 2 and "already has rows" in err and out == ""


def test_cli_export_to_standard_output(source, capsys, monkeypatch):
    code, out, err = run_coach(["export"], capsys, monkeypatch, cli_env(source))
    assert code == 0, err
    assert json.loads(out)["tables"]["usage_events"][1]["id"] == 42 and "Exported" in err


def test_cli_export_refuses_an_unmigrated_database(tmp_path, capsys, monkeypatch):
    env = {"COACH_DATA_DIR": str(tmp_path / "empty"), "COACH_DATABASE_URL": test_database_url() or ""}
    code, out, err = run_coach(["export", "-o", str(tmp_path / "x.json")], capsys, monkeypatch, env)
    assert code == 2 and "coach db upgrade" in err and not (tmp_path / "x.json").exists()


@pytest.mark.skipif(not POSTGRES_ADMIN_URL, reason="needs COACH_TEST_POSTGRES_URL")
@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_moves_between_sqlite_and_postgresql(tmp_path, direction):
    from bot.clock import as_utc

    sqlite = make_container(tmp_path / "lite", database_url=None)
    postgres = make_container(tmp_path / "pg")
    src, dst = (sqlite, postgres) if direction == "sqlite-to-postgresql" else (postgres, sqlite)
    _fill(src)
    _export(src, tmp_path / "move.json")
    import_data(dst.engine, tmp_path / "move.json")

    def normal(dump):  # SQLite returns naive UTC where PostgreSQL returns aware datetimes
        return {name: [{k: as_utc(v) if isinstance(v, datetime) else v for k, v in row.items()} for row in rows]
                for name, rows in dump.items()}

    assert normal(_dump(dst)) == normal(_dump(src))
    with dst.uow() as uow:
        event = UsageEvent(user_id="U9", surface="dm", outcome="answered", kind="answer", question="q",
                           answer="a", confidence=0.5, latency_ms=1.0)
        uow.usage.add(event)
        uow.commit()
    assert event.id == 43


def test_tables_in_any_order_in_the_file_go_in_parents_first(source, target, exported):
    def reverse(doc):
        doc["tables"] = dict(reversed(list(doc["tables"].items())))

    path = _rewrite(exported, reverse)
    assert list(json.loads(path.read_text())["tables"])[0] == "slack_oauth_states"
    import_data(target.engine, path)
    assert _dump(target) == _dump(source)


def test_an_unreachable_database_is_one_clear_error(exported):
    from bot.store.db import make_engine

    engine = make_engine("postgresql+psycopg://nobody:secret@127.0.0.1:1/coach")
    with pytest.raises(UserError, match="Cannot open the database") as caught:
        import_data(engine, exported)
    assert "secret" not in str(caught.value)
