"""Migration 0004 creates exactly the survey tables of the models, and its downgrade removes them."""

from alembic import command
from sqlalchemy import inspect

from bot.store import db
from bot.store.base import Base

TABLES = ("surveys", "survey_recipients", "survey_responses", "survey_outbox")


def test_migration_matches_the_survey_models(container):
    inspector = inspect(container.engine)
    for name in TABLES:
        model = Base.metadata.tables[name]
        assert {c["name"]: c["nullable"] for c in inspector.get_columns(name)} == {
            c.name: c.nullable for c in model.columns}, name
        # PostgreSQL also lists the index behind each unique constraint; those are checked just below
        indexes = {i["name"] for i in inspector.get_indexes(name) if not i.get("duplicates_constraint")}
        assert indexes == {i.name for i in model.indexes}, name
    uniques = {u["name"] for u in inspector.get_unique_constraints("survey_outbox")}
    assert "uq_survey_outbox_message" in uniques


def test_downgrade_to_0003_removes_the_survey_tables(container):
    cfg = db.alembic_config(container.settings.db_url)
    with container.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003")
    assert not set(inspect(container.engine).get_table_names()) & set(TABLES)
