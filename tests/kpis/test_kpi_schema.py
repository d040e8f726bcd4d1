"""Migration 0005 creates exactly the KPI tables and indexes the models declare, and removes them again;
migration 0008 gives KPI values and objectives a workspace, keeping the rows there."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.store import db
from bot.store.schema import Base
from tests.conftest import migrate_to

TABLES = ("kpi_measurements", "okr_objectives", "okr_key_results", "nudge_schedules", "nudge_slots")


def _uniques(engine, table):
    return {tuple(u["column_names"]) for u in inspect(engine).get_unique_constraints(table)}


def test_migration_matches_the_models(fresh):
    engine = fresh().engine
    insp = inspect(engine)
    for name in TABLES:
        model = Base.metadata.tables[name]
        assert {c["name"]: c["nullable"] for c in insp.get_columns(name)} == \
            {c.name: c.nullable for c in model.columns}, name
        indexes = {i["name"] for i in insp.get_indexes(name) if not i.get("duplicates_constraint")}  # PostgreSQL
        assert indexes == {i.name for i in model.indexes}, name
        model_uniques = {tuple(c.name for c in u.columns) for u in model.constraints
                         if u.__class__.__name__ == "UniqueConstraint"}
        assert _uniques(engine, name) == model_uniques, name
    assert _uniques(engine, "nudge_slots") == {("schedule_id", "slot_at")}
    usage = {i["name"]: i["column_names"] for i in insp.get_indexes("usage_events")}
    assert usage["ix_usage_events_created_user_kind"] == ["created_at", "user_id", "kind"]


def test_downgrade_removes_the_kpi_tables_and_the_rollup_index(fresh):
    c = fresh()
    cfg = db.alembic_config(c.settings.db_url)
    with c.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    insp = inspect(c.engine)
    assert not set(insp.get_table_names()) & set(TABLES)
    assert "ix_usage_events_created_user_kind" not in {i["name"] for i in insp.get_indexes("usage_events")}



def test_migration_0008_gives_the_rows_there_to_the_single_workspace_and_can_be_undone(fresh):
    c = fresh()
    migrate_to(c, command.downgrade, "0007")
    with c.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO kpi_measurements (id, kpi, scope_kind, scope_name, period, granularity, period_start, "
            "period_end, value, source, note, recorded_by, recorded_at) VALUES (1, 'employee_adoption_rate', "
            "'organisation', '', '2026-10', 'month', '2026-10-01', '2026-11-01', 57, 'manual', '', 'U0ADMIN', "
            "'2026-11-02 08:00:00')"))
        conn.execute(text("INSERT INTO okr_objectives (id, title, scope_kind, scope_name, start_date, created_by, "
                          "created_at) VALUES (4, 'AI in daily work', 'organisation', '', '2026-07-01', 'U0ADMIN', "
                          "'2026-07-01 08:00:00')"))
        conn.execute(text("INSERT INTO okr_key_results (id, objective_id, kpi, baseline, target, due_date) "
                          "VALUES (7, 4, 'employee_adoption_rate', 30, 70, '2026-12-31')"))
    migrate_to(c, command.upgrade, "head")
    with c.engine.connect() as conn:
        assert conn.execute(text("SELECT id, team_id, value FROM kpi_measurements")).all() == [(1, "", 57.0)]
        assert conn.execute(text("SELECT id, team_id, title FROM okr_objectives")).all() == [
            (4, "", "AI in daily work")]
    assert ("team_id", "kpi", "scope_kind", "scope_name", "period") in _uniques(c.engine, "kpi_measurements")
    kpis = c.kpis  # a single-workspace install reads them as before
    [reading] = kpis.measurements.overview()
    [objective] = kpis.okrs.statuses()
    assert (reading.value, objective.id, objective.key_results[0].current.value) == (57.0, 4, 57.0)

    migrate_to(c, command.downgrade, "0007")
    with c.engine.connect() as conn:
        assert conn.execute(text("SELECT id, value FROM kpi_measurements")).all() == [(1, 57.0)]
        assert conn.execute(text("SELECT id FROM okr_objectives")).all() == [(4,)]
        assert conn.execute(text("SELECT id, objective_id FROM okr_key_results")).all() == [(7, 4)]
    assert "team_id" not in {col["name"] for col in inspect(c.engine).get_columns("kpi_measurements")}
    assert _uniques(c.engine, "kpi_measurements") == {("kpi", "scope_kind", "scope_name", "period")}


def test_downgrading_0008_refuses_when_two_workspaces_hold_the_same_value(fresh):
    c = fresh()
    row = ("INSERT INTO kpi_measurements (team_id, kpi, scope_kind, scope_name, period, granularity, period_start, "
           "period_end, value, source, note, recorded_by, recorded_at) VALUES (:team, 'decline_rate', "
           "'organisation', '', '2026-10', 'month', '2026-10-01', '2026-11-01', 5, 'auto', '', 'coach', "
           "'2026-11-02 08:00:00')")
    with c.engine.begin() as conn:
        for team in ("T0AAA", "T0BBB"):
            conn.execute(text(row), {"team": team})
    with pytest.raises(RuntimeError, match="more than one workspace"):
        migrate_to(c, command.downgrade, "0007")
    assert db.current_revision(c.engine) == db.head_revision()
    with c.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM kpi_measurements")).scalar() == 2
