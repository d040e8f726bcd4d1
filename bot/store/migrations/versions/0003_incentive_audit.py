"""Incentive audits: tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "incentive_audits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("workspace_id", sa.String(32), nullable=True),
        sa.Column("team_name", sa.String(100), nullable=False),
        sa.Column("team_key", sa.String(100), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", _TZ, nullable=False),
        sa.Column("catalog_version", sa.String(64), nullable=False),
        sa.Column("role_count", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rag", sa.String(8), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("outputs", sa.Text(), nullable=False),
        sa.Column("shared_to", sa.String(32), nullable=True),
        sa.Column("shared_at", _TZ, nullable=True),
    )
    op.create_index("ix_incentive_audits_team", "incentive_audits", ["workspace_id", "team_key", "created_at"])
    op.create_index("ix_incentive_audits_author", "incentive_audits", ["author"])
    op.create_index("ix_incentive_audits_created_at", "incentive_audits", ["created_at"])
    op.create_table(
        "incentive_audit_roles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("incentive_audits.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role_name", sa.String(100), nullable=False),
        sa.Column("archetype_id", sa.String(64), nullable=True),
        sa.Column("match_level", sa.String(8), nullable=False),
        sa.Column("match_confidence", sa.Float(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rag", sa.String(8), nullable=False),
        sa.Column("metrics", sa.Text(), nullable=False),
        sa.Column("recommended", sa.Text(), nullable=False),
        sa.Column("incentive_shift", sa.String(200), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("outputs", sa.Text(), nullable=False),
    )
    op.create_index("ix_incentive_audit_roles_audit_id", "incentive_audit_roles", ["audit_id"])


def downgrade() -> None:
    op.drop_table("incentive_audit_roles")
    op.drop_table("incentive_audits")
