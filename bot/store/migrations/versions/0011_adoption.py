"""Adoption from the AI tools: the company directory and the usage ledger

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

New tables only: ``directory_people`` (who is eligible, in which department), ``adoption_identities`` and
``adoption_activity`` (who was active with which tool on which day), ``adoption_licences`` (seats) and
``adoption_sources`` (each source's last import or sync). The downgrade drops them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("department", sa.String(128), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("manager_email", sa.String(320), nullable=False),
        sa.Column("location", sa.String(128), nullable=False),
        sa.Column("slack_id", sa.String(32), nullable=False),
        sa.Column("github_login", sa.String(64), nullable=False),
        sa.UniqueConstraint("team_id", "email", name="uq_directory_people_email"),
    )
    op.create_index("ix_directory_people_github", "directory_people", ["team_id", "github_login"])
    op.create_table(
        "adoption_identities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("team_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("value", sa.String(320), nullable=False),
        sa.UniqueConstraint("team_id", "kind", "value", name="uq_adoption_identities_value"),
    )
    op.create_table(
        "adoption_activity",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("tool", sa.String(64), primary_key=True),
        sa.Column("identity_id", sa.Integer(), sa.ForeignKey("adoption_identities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(32), nullable=False),
    )
    op.create_table(
        "adoption_licences",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("tool", sa.String(64), primary_key=True),
        sa.Column("identity_id", sa.Integer(), sa.ForeignKey("adoption_identities.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("last_active", sa.Date(), nullable=True),
    )
    op.create_table(
        "adoption_sources",
        sa.Column("team_id", sa.String(32), primary_key=True),
        sa.Column("source", sa.String(32), primary_key=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_how", sa.String(16), nullable=False),
        sa.Column("last_rows", sa.Integer(), nullable=False),
        sa.Column("last_activities", sa.Integer(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("adoption_sources")
    op.drop_table("adoption_licences")
    op.drop_table("adoption_activity")
    op.drop_table("adoption_identities")
    op.drop_index("ix_directory_people_github", "directory_people")
    op.drop_table("directory_people")
