"""Claiming schedule slots: exactly once across restarts and replicas.

A slot is claimed by inserting its row; the unique constraint (schedule_id, slot_at) lets exactly one
insert succeed, whichever process or thread gets there first, on SQLite and PostgreSQL alike. The claim
is committed BEFORE anything is posted, so a crash after the claim can lose a nudge but never repeat one.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.store.tables.kpis import NudgeSlot

CLAIMED, POSTED, SKIPPED, FAILED = "claimed", "posted", "skipped", "failed"


def instance_id() -> str:
    """Who claimed a slot: host, process and a random part (two schedulers in one process differ)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SlotClaims:
    def __init__(self, uow_factory: Callable, owner: str | None = None):
        self._uow = uow_factory
        self.owner = owner or instance_id()

    def taken(self, schedule_id: int, slot_at: datetime) -> bool:
        with self._uow() as uow:
            return uow.kpis.slots.find(schedule_id, slot_at) is not None

    def claim(self, schedule_id: int, slot_at: datetime, kind: str = "scheduled") -> int | None:
        """The new slot's id, or None when the slot was already taken (or the schedule is gone)."""
        with self._uow() as uow:
            # the insert is the transaction's first statement, so SQLite takes the write lock at once
            slot = NudgeSlot(schedule_id=schedule_id, slot_at=slot_at, kind=kind, status=CLAIMED,
                             claimed_by=self.owner, detail="")
            try:
                uow.kpis.slots.add(slot)
                uow.commit()
            except IntegrityError:
                uow.rollback()
                return None
            return slot.id

    def finish(self, slot_id: int, status: str, *, ts: str | None = None, fingerprint: str | None = None,
               detail: str = "") -> None:
        with self._uow() as uow:
            slot = uow.kpis.slots.get(slot_id)
            if slot is None:  # the schedule was removed meanwhile
                return
            slot.status, slot.finished_at, slot.message_ts = status, utcnow(), ts
            slot.fingerprint, slot.detail = fingerprint, detail[:500]
            uow.commit()

    def last_posted_fingerprint(self, schedule_id: int) -> str | None:
        with self._uow() as uow:
            slot = uow.kpis.slots.last_posted(schedule_id)
            return slot.fingerprint if slot else None
