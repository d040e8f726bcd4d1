"""KPI values and objectives belong to a workspace

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28

A multi-workspace (OAuth) install keeps every workspace's KPI values and OKRs apart (bot.tenancy): both tables
get ``team_id`` (NOT NULL, '' for a single-workspace install), and the key of a value and the series index
start with it, so two workspaces may each record the same KPI, scope and period. Rows already there keep
'' (the single workspace's). Key results follow their objective; nudge schedules already had a team id.

okr_objectives is altered in place, never copied: on SQLite, batch mode would drop and re-create the table,
and dropping it deletes every key result (ON DELETE CASCADE). SQLite drops a column in place since 3.35.

The downgrade refuses when two workspaces hold a value for the same KPI, scope and period: the old key could
not hold both, and dropping one of them silently would lose a workspace's data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OLD_KEY = ["kpi", "scope_kind", "scope_name", "period"]
OLD_SERIES = ["kpi", "scope_kind", "scope_name", "period_start"]


def _team_id() -> sa.Column:
    return sa.Column("team_id", sa.String(32), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("kpi_measurements") as batch:
        batch.add_column(_team_id())
        batch.drop_constraint("uq_kpi_measurements_key", type_="unique")
        batch.create_unique_constraint("uq_kpi_measurements_key", ["team_id", *OLD_KEY])
        batch.drop_index("ix_kpi_measurements_series")
        batch.create_index("ix_kpi_measurements_series", ["team_id", *OLD_SERIES])
    op.add_column("okr_objectives", _team_id())


def downgrade() -> None:
    clashes = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM (SELECT 1 FROM kpi_measurements GROUP BY kpi, scope_kind, scope_name, period "
        "HAVING count(*) > 1) AS clash")).scalar()
    if clashes:
        raise RuntimeError(f"Cannot downgrade below 0008: {clashes} KPI value(s) are recorded by more than one "
                           "workspace for the same KPI, scope and period, which the older schema cannot hold. "
                           "Export the database (`coach export`) and remove the other workspaces' values first.")
    op.drop_column("okr_objectives", "team_id")
    with op.batch_alter_table("kpi_measurements") as batch:
        batch.drop_index("ix_kpi_measurements_series")
        batch.create_index("ix_kpi_measurements_series", OLD_SERIES)
        batch.drop_constraint("uq_kpi_measurements_key", type_="unique")
        batch.create_unique_constraint("uq_kpi_measurements_key", OLD_KEY)
        batch.drop_column("team_id")
