"""SQLAlchemy models for adoption surveys (migrations 0004_surveys and 0007).

Anonymity is built into the tables: who took part (``survey_recipients.responded``, used for reminders) and
what was answered (``survey_responses``) are kept apart. A response of an anonymous survey has no user id,
a random key and only the week it was given. Nothing in a response counts up with the order of submission:
on SQLite the table has no hidden ``rowid`` (WITHOUT ROWID, stored in key order), and reads order it by
content. The database keeps its own traces below that: on PostgreSQL a response's system column ``xmin``
(the transaction that wrote it) is that of its author's ``survey_recipients`` row, both being written in one
transaction, and ``ctid`` follows the order of writing; SQLite's files keep freed pages and WAL frames. So
direct access to the database is for its administrators only, never for HR or reporting tools."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
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


class Survey(Base):
    """A survey: its questions (JSON, checked by bot.surveys.definition), audience, dates and state."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(150))
    intro: Mapped[str] = mapped_column(Text, default="")
    template_id: Mapped[str | None] = mapped_column(String(32))
    series: Mapped[str] = mapped_column(String(64), index=True)  # waves of one series are compared
    wave: Mapped[int] = mapped_column(Integer, default=1)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | scheduled | open | closed
    questions: Mapped[str] = mapped_column(Text)  # JSON list of questions
    audience: Mapped[str] = mapped_column(Text, default="{}")  # JSON {"users": [], "channels": [], "groups": []}
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reminder_days: Mapped[str] = mapped_column(String(64), default="")  # "3,5": days after opening
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    launched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SurveyRecipient(Base):
    """Participation: who was invited and whether they have answered (never what they answered)."""

    __tablename__ = "survey_recipients"

    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    responded: Mapped[bool] = mapped_column(Boolean, default=False)


class SurveyResponse(Base):
    """One person's answers. Anonymous surveys: ``user_id`` is None, ``id`` is random, only the week is kept."""

    __tablename__ = "survey_responses"
    __table_args__ = {"sqlite_with_rowid": False}  # no hidden counter of the order answers came in

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(String(32))  # attributed surveys only
    department: Mapped[str | None] = mapped_column(String(128))  # the only attribute kept
    answered_week: Mapped[date] = mapped_column(Date)  # the Monday of the week the answer came in
    answers: Mapped[str] = mapped_column(Text)  # JSON {question_id: value}


class SurveyOutbox(Base):
    """One DM to send (an invitation or a reminder). Rows are claimed before sending and carry Slack's ts
    after; the row id travels in the message's metadata so a resumed sender can tell a sent DM from a lost one."""

    __tablename__ = "survey_outbox"
    __table_args__ = (UniqueConstraint("survey_id", "user_id", "kind", name="uq_survey_outbox_message"),
                      Index("ix_survey_outbox_status_due", "status", "not_before"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # invite | reminder1 | reminder2 ...
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sending|sent|failed|cancelled
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    in_doubt: Mapped[bool] = mapped_column(Boolean, default=False)  # its sender stopped mid-send: check Slack first
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
