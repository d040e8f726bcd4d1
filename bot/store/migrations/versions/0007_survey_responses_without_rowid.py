"""survey_responses without SQLite's rowid

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

On SQLite a table has a hidden ``rowid`` counter unless it is declared WITHOUT ROWID, and it numbered the
responses of an anonymous survey in the order they came in. This recreates the table WITHOUT ROWID (rows
kept in the order of their random key), copying every row; the old table's pages are wiped as they are
freed (secure_delete). PostgreSQL has no rowid: nothing to do there.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _recreate(with_rowid: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    secure = bind.exec_driver_sql("PRAGMA secure_delete").scalar()
    bind.exec_driver_sql("PRAGMA secure_delete = ON")
    try:
        with op.batch_alter_table("survey_responses", recreate="always",
                                  table_kwargs={"sqlite_with_rowid": with_rowid}):
            pass
    finally:
        bind.exec_driver_sql(f"PRAGMA secure_delete = {int(secure)}")


def upgrade() -> None:
    _recreate(with_rowid=False)


def downgrade() -> None:
    _recreate(with_rowid=True)
