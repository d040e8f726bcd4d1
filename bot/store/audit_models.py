"""SQLAlchemy models for incentive audits (migration 0003_incentive_audit)."""

from __future__ import annotations
