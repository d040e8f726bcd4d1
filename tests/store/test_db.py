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


def test_migrate_reports_the_revision_before_and_after(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    engine = db.make_engine(url)
    assert db.migrate(engine, url) == (None, db.head_revision())  # a new database
    assert db.migrate(engine, url) == (db.head_revision(), db.head_revision())


def test_the_revision_of_an_unreachable_database_is_one_line():
    engine = db.make_engine("postgresql://nobody@127.0.0.1:9/none")
    with pytest.raises(UserError, match=r"^Cannot open the database \(OperationalError\): check COACH_DATABASE_URL"):
        db.revision_of(engine)
