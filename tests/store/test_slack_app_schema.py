"""Migration 0002 against the models and against slack_sdk's own OAuth table definitions."""

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, inspect

from bot.store import db
from bot.store.schema import Base

OURS = ("processed_events", "conversation_turns", "usage_events", "feedback", "role_grants", "rate_hits")


def _columns(engine, table):
    return {c["name"]: c["nullable"] for c in inspect(engine).get_columns(table)}


def test_our_tables_match_the_models(fresh):
    engine = fresh().engine
    for name in OURS:
        model = Base.metadata.tables[name]
        assert _columns(engine, name) == {c.name: c.nullable for c in model.columns}, name
        assert {i["name"] for i in inspect(engine).get_indexes(name)} == {i.name for i in model.indexes}, name


def test_slack_sdk_store_tables_match_the_installed_library(fresh):
    engine = fresh().engine
    meta = MetaData()
    expected = [SQLAlchemyInstallationStore.build_installations_table(meta, "slack_installations"),
                SQLAlchemyInstallationStore.build_bots_table(meta, "slack_bots"),
                SQLAlchemyOAuthStateStore.build_oauth_states_table(meta, "slack_oauth_states")]
    for table in expected:
        assert set(_columns(engine, table.name)) == {c.name for c in table.columns}, table.name
        assert {i["name"] for i in inspect(engine).get_indexes(table.name)} == {i.name for i in table.indexes}


def test_downgrade_removes_the_slack_app_tables(fresh):
    from alembic import command

    c = fresh()
    cfg = db.alembic_config(c.settings.db_url)
    with c.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    tables = set(inspect(c.engine).get_table_names())
    assert not tables & set(OURS) and "documents" in tables
