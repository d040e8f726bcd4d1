"""SQLAlchemy models for adoption surveys (migration 0004_surveys)."""

from __future__ import annotations
