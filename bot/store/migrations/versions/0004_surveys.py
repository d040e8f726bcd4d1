"""Adoption surveys: tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=True),
        sa.Column("title", sa.String(150), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("template_id", sa.String(32), nullable=True),
        sa.Column("series", sa.String(64), nullable=False),
        sa.Column("wave", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("opens_at", _TZ, nullable=False),
        sa.Column("closes_at", _TZ, nullable=False),
        sa.Column("reminder_days", sa.String(64), nullable=False),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("launched_at", _TZ, nullable=True),
        sa.Column("closed_at", _TZ, nullable=True),
    )
    op.create_index("ix_surveys_series", "surveys", ["series"])
    op.create_table(
        "survey_recipients",
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.String(32), primary_key=True),
        sa.Column("responded", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=True),
        sa.Column("department", sa.String(128), nullable=True),
        sa.Column("answered_week", sa.Date(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
    )
    op.create_index("ix_survey_responses_survey_id", "survey_responses", ["survey_id"])
    op.create_table(
        "survey_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", _TZ, nullable=False),
        sa.Column("in_doubt", sa.Boolean(), nullable=False),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("claimed_at", _TZ, nullable=True),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.Column("ts", sa.String(32), nullable=True),
        sa.Column("sent_at", _TZ, nullable=True),
        sa.Column("error", sa.String(255), nullable=True),
        sa.Column("created_at", _TZ, nullable=False),
        sa.UniqueConstraint("survey_id", "user_id", "kind", name="uq_survey_outbox_message"),
    )
    op.create_index("ix_survey_outbox_status_due", "survey_outbox", ["status", "not_before"])


def downgrade() -> None:
    for table in ("survey_outbox", "survey_responses", "survey_recipients", "surveys"):
        op.drop_table(table)
