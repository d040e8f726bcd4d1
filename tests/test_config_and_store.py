from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.errors import UserError
from bot.store import db


def test_defaults_are_embedded(monkeypatch):
    s = Settings()
    assert s.data_dir == Path(".coach")
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith(".coach/coach.db")
    assert s.chroma_url is None and s.llm is None and not s.slack_configured


def test_environment_names(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIRS", "knowledge, policies ,")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value")
    monkeypatch.setenv("COACH_LLM", "")
    s = Settings()
    assert s.knowledge_dirs == [Path("knowledge"), Path("policies")]
    assert s.slack_configured and s.llm is None
    assert "xoxb-secret-value" not in repr(s) and "xoxb-secret-value" not in str(s.model_dump())


def test_bad_values_are_rejected(monkeypatch):
    monkeypatch.setenv("COACH_MIN_CONFIDENCE", "2")
    with pytest.raises(ValidationError):
        Settings()


def test_migration_gate(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = db.make_engine(url)
    with pytest.raises(UserError, match="coach db upgrade"):
        db.require_migrated(engine)
    db.upgrade(engine, url)
    assert db.current_revision(engine) == db.head_revision()
    db.require_migrated(engine)
    db.upgrade(engine, url)  # idempotent
