"""Migration 0005 creates exactly the KPI tables and indexes the models declare, and removes them again."""

from alembic import command
from sqlalchemy import inspect

from bot.store import db
from bot.store.schema import Base

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
