"""Re-indexing the knowledge folders from the dashboard: the same ``Indexer.ingest`` as `coach ingest`, run on a
background thread so the request that starts it answers at once. One run at a time per runner (the container
builds one per process, bot.container.Container.reindex); the page reads what this process knows: running (with its progress), or the last run's
counts or its error. Other replicas catch up with the database at their next index refresh."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from bot.clock import utcnow
from bot.errors import UserError
from bot.ingest.indexer import IngestReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReindexStatus:
    """What the page shows. ``report`` is the last finished run's, ``error`` its one-line failure."""

    running: bool = False
    started_at: datetime | None = None
    started_by: str | None = None
    finished_at: datetime | None = None
    done: int = 0  # files looked at so far, of ``total``
    total: int = 0
    current: str | None = None  # the file being looked at
    report: IngestReport | None = None
    error: str | None = None
    folders: tuple[str, ...] = field(default_factory=tuple)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ReindexRunner:
    """Runs ``indexer.ingest(paths)`` on a daemon thread; ``start`` refuses a second run while one is going.
    The ingest is safe to stop half-way (a document is committed after its vectors), so a process that exits
    mid-run loses nothing but the run's remaining files."""

    def __init__(self, indexer):
        self._indexer = indexer
        self._lock = threading.Lock()
        self._status = ReindexStatus()
        self._thread: threading.Thread | None = None

    def status(self) -> ReindexStatus:
        with self._lock:
            return self._status

    def start(self, paths: Sequence[Path], started_by: str) -> bool:
        """Start a run over ``paths``; False (and nothing started) when one is running already."""
        with self._lock:
            if self._status.running:
                return False
            folders = tuple(str(p) for p in paths)
            self._status = ReindexStatus(running=True, started_at=utcnow(), started_by=started_by, folders=folders)
            self._thread = threading.Thread(target=self._run, args=(list(paths),), name="coach-reindex", daemon=True)
            self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current run to end (tests, shutdown); True when none is running afterwards."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.status().running

    def _progress(self, done: int, total: int, key: str) -> None:
        with self._lock:
            self._status = replace(self._status, done=done, total=total, current=key)

    def _run(self, paths: list[Path]) -> None:
        report, error = None, None
        try:
            report = self._indexer.ingest(paths, progress=self._progress)
        except UserError as exc:  # a folder that is not there, a file type that cannot be read: its own words
            error = str(exc)
        except Exception as exc:  # the log has the traceback; the page says where to look, never the details
            log.exception("Re-index from the dashboard failed")
            error = f"The re-index failed ({type(exc).__name__}); the server log has the details."
        with self._lock:
            self._status = replace(self._status, running=False, finished_at=utcnow(), current=None,
                                   report=report, error=error)
        if report is not None:
            log.info("Re-index from the dashboard: %d added, %d updated, %d removed, %d failed",
                     len(report.added), len(report.updated), len(report.removed), len(report.failed),
                     extra={"event": "reindex_finished"})
