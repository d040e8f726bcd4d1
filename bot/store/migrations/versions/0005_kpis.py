"""KPIs, OKRs and nudges: tables

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "kpi_measurements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kpi", sa.String(64), nullable=False),
        sa.Column("scope_kind", sa.String(16), nullable=False),
        sa.Column("scope_name", sa.String(128), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("granularity", sa.String(8), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", _TZ, nullable=False),
        sa.UniqueConstraint("kpi", "scope_kind", "scope_name", "period", name="uq_kpi_measurements_key"),
    )
    op.create_index("ix_kpi_measurements_series", "kpi_measurements",
                    ["kpi", "scope_kind", "scope_name", "period_start"])
    op.create_table(
        "okr_objectives",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("scope_kind", sa.String(16), nullable=False),
        sa.Column("scope_name", sa.String(128), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
    )
    op.create_table(
        "okr_key_results",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("objective_id", sa.Integer(), sa.ForeignKey("okr_objectives.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kpi", sa.String(64), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
    )
    op.create_index("ix_okr_key_results_objective_id", "okr_key_results", ["objective_id"])
    op.create_table(
        "nudge_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("cron", sa.String(120), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("kpis", sa.Text(), nullable=False),
        sa.Column("okrs", sa.Text(), nullable=False),
        sa.Column("scope_kind", sa.String(16), nullable=False),
        sa.Column("scope_name", sa.String(128), nullable=False),
        sa.Column("granularity", sa.String(8), nullable=False),
        sa.Column("eligible", sa.String(32), nullable=True),
        sa.Column("skip_unchanged", sa.Boolean(), nullable=False),
        sa.Column("thresholds", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
    )
    op.create_table(
        "nudge_slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), sa.ForeignKey("nudge_schedules.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("slot_at", _TZ, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=False),
        sa.Column("claimed_at", _TZ, nullable=False),
        sa.Column("finished_at", _TZ, nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.UniqueConstraint("schedule_id", "slot_at", name="uq_nudge_slots_schedule_slot"),
    )
    op.create_index("ix_usage_events_created_user_kind", "usage_events", ["created_at", "user_id", "kind"])


def downgrade() -> None:
    op.drop_index("ix_usage_events_created_user_kind", table_name="usage_events")
    for table in ("nudge_slots", "nudge_schedules", "okr_key_results", "okr_objectives", "kpi_measurements"):
        op.drop_table(table)
