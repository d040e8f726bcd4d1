"""Event claims are finished when their answer is posted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

processed_events gets ``done_at`` (nullable): a claim is in progress until its answer (or busy reply) is
posted, and Slack's retry of an event claimed by a process that died before answering may take the claim
over once it is older than the lease (bot.conversations.service). Rows already there were handled under
the old rule (handled on arrival), so they are marked done when they were claimed; a retry of them stays a
duplicate, as before. The downgrade drops the column (claims in progress then count as handled).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("processed_events", sa.Column("done_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE processed_events SET done_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_column("done_at")
