"""SQLAlchemy models for kpis, okrs and nudges (migration 0005_kpis)."""

from __future__ import annotations
