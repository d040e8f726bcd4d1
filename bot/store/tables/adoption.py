"""SQLAlchemy models of the adoption ledger and the company directory (migration 0011_adoption).

Rows belong to one Slack workspace (``team_id``; '' in a single-workspace install, see bot.tenancy). The
ledger keeps identities as the tools report them (an email, or a GitHub login) and joins them to the
directory when it rolls up, so a person added to the directory later brings their history with them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class DirectoryPerson(Base):
    """One eligible person; a directory import replaces every row of its workspace."""

    __tablename__ = "directory_people"
    __table_args__ = (UniqueConstraint("team_id", "email", name="uq_directory_people_email"),
                      Index("ix_directory_people_github", "team_id", "github_login"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(320))  # lower-cased
    department: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(200), default="")
    manager_email: Mapped[str] = mapped_column(String(320), default="")
    location: Mapped[str] = mapped_column(String(128), default="")
    slack_id: Mapped[str] = mapped_column(String(32), default="")
    github_login: Mapped[str] = mapped_column(String(64), default="")  # lower-cased


class AdoptionIdentity(Base):
    """Who a tool says was active: an email or a GitHub login (``kind``), lower-cased."""

    __tablename__ = "adoption_identities"
    __table_args__ = (UniqueConstraint("team_id", "kind", "value", name="uq_adoption_identities_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32), default="")
    kind: Mapped[str] = mapped_column(String(8))  # email | github
    value: Mapped[str] = mapped_column(String(320))


class AdoptionActivity(Base):
    """One identity active with one tool on one day. The key doubles as the roll-up's covering index
    (workspace, day range, then tool and identity); importing a report again updates the same rows."""

    __tablename__ = "adoption_activity"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tool: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("adoption_identities.id", ondelete="CASCADE"),
                                             primary_key=True)
    count: Mapped[int | None] = mapped_column(Integer)  # the source's count that day, where it has one
    source: Mapped[str] = mapped_column(String(32))


class AdoptionLicence(Base):
    """A seat of a tool, as the newest report carrying seats listed it (each such report replaces the
    tool's seats)."""

    __tablename__ = "adoption_licences"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tool: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("adoption_identities.id", ondelete="CASCADE"),
                                             primary_key=True)
    since: Mapped[date | None] = mapped_column(Date)
    last_active: Mapped[date | None] = mapped_column(Date)


class AdoptionSource(Base):
    """The last import or sync of one source (a tool's reports, or the directory), for /readyz, App Home and
    `coach adoption sources`."""

    __tablename__ = "adoption_sources"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_how: Mapped[str] = mapped_column(String(16), default="")  # import | sync
    last_rows: Mapped[int] = mapped_column(Integer, default=0)
    last_activities: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)  # identities not in the directory
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    last_error: Mapped[str] = mapped_column(Text, default="")
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
