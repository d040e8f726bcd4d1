"""The migration gate: an un-migrated database is refused with the command that fixes it; upgrading is
idempotent."""

import pytest

from bot.errors import UserError
from bot.store import db


def test_migration_gate(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = db.make_engine(url)
    with pytest.raises(UserError, match="coach db upgrade"):
        db.require_migrated(engine)
    db.upgrade(engine, url)
    assert db.current_revision(engine) == db.head_revision()
    db.require_migrated(engine)
    db.upgrade(engine, url)  # idempotent
