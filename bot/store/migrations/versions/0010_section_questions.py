"""Questions sections answer: from the knowledge files and taught by admins

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

``section_questions`` holds each section's `<!-- questions -->` block with vectors (rebuilt by the next
ingest, so the upgrade leaves it empty); ``taught_questions`` holds what admins taught, kept across
re-ingests. The downgrade drops both (taught questions are lost: export them first with `coach export`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "section_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("anchor", sa.String(256), nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_section_questions_document_id", "section_questions", ["document_id"])
    op.create_table(
        "taught_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=True),
        sa.Column("question", sa.String(1000), nullable=False),
        sa.Column("asked", sa.String(1000), nullable=True),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("anchor", sa.String(256), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("taught_by", sa.String(64), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_taught_questions_team_id", "taught_questions", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_taught_questions_team_id", "taught_questions")
    op.drop_table("taught_questions")
    op.drop_index("ix_section_questions_document_id", "section_questions")
    op.drop_table("section_questions")
