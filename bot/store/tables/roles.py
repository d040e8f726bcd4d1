"""Roles granted from the CLI (environment and user-group roles are not stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.clock import utcnow
from bot.store.base import Base


class RoleGrant(Base):
    """A role given with `coach roles grant` (environment bootstraps are not stored)."""

    __tablename__ = "role_grants"

    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
