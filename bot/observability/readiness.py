"""Is this bot process ready to answer (GET /readyz)? The database answers and is at the newest migration,
the knowledge index has passages (vectors and BM25), and the embedding model is in memory.

A store kept in local files (the SQLite database, the embedded Chroma) must also still be the files the bot
opened: deleted or replaced under a running process, its open handles keep working on the unlinked copy
(answers fail, writes are lost at restart) while every query still succeeds. So the files' (st_dev, st_ino)
are remembered on the first check after the store opened them and compared on each check after. A server
(PostgreSQL, a Chroma server) gets a live query instead: the migration look-up and the vector count.

The result is kept for a couple of seconds, and probes arriving while a check runs wait for it rather than
start their own, so however often the orchestrator (or several) probe, the database sees at most one check
per interval. Liveness (GET /healthz) stays a constant answer and never comes here."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.store import db

CACHE_SECONDS = 2.0
CHROMA_FILE = "chroma.sqlite3"  # the embedded Chroma's database, in its persist directory


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


class Readiness:
    def __init__(self, container, cache_seconds: float = CACHE_SECONDS,
                 clock: Callable[[], float] = time.monotonic):
        self.container = container
        self.cache_seconds = cache_seconds
        self._clock = clock
        # A one-value cache with an expiry: hand-written, as a TTL cache library would still need this lock
        # to keep concurrent probes from running the checks at the same time.
        self._lock = threading.Lock()
        self._report: dict | None = None
        self._expires = 0.0
        self._database_files: OpenedFiles | None = None  # built on the first check: reads the container lazily
        self._vector_files: OpenedFiles | None = None

    def report(self) -> dict:
        """{"ready": bool, "checks": {"database"|"knowledge"|"model": {"ok": bool, "detail": str}},
        "details": {"adoption_sources": [{"source", "last_success_at", "failing", "error"}]}}: the details
        inform (the AI tools' last syncs) and never make the bot unready."""
        with self._lock:
            if self._report is None or self._clock() >= self._expires:
                self._report = self._check()
                self._expires = self._clock() + self.cache_seconds
            return self._report

    def _check(self) -> dict:
        checks = {name: _guarded(check) for name, check in
                  (("database", self._database), ("knowledge", self._knowledge), ("model", self._model))}
        return {"ready": all(c.ok for c in checks.values()), "checks": {n: asdict(c) for n, c in checks.items()},
                "details": {"adoption_sources": self._adoption_sources()}}

    def _adoption_sources(self) -> list[dict] | str:
        try:
            statuses = self.container.adoption.ledger.sources()
        except Exception as exc:  # details never fail the probe
            return f"unavailable ({type(exc).__name__})"
        return [{"source": s.source, "last_success_at": s.last_success_at.isoformat() if s.last_success_at else None,
                 "failing": s.failing, "error": s.error if s.failing else None} for s in statuses]

    def _database(self) -> Check:
        if self._database_files is None:
            url = self.container.engine.url
            local = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
            self._database_files = OpenedFiles("the database file", [Path(url.database)] if local else [])
        if problem := self._database_files.changed():  # before querying: a new connection would create the file
            return Check(False, problem)
        try:
            lag = db.schema_lag(self.container.engine)
        except Exception as exc:  # the server is down, refuses us, or the URL is wrong
            return Check(False, f"does not answer ({type(exc).__name__})")
        if problem := self._database_files.remember():
            return Check(False, problem)
        if lag:
            return Check(False, f"{lag}, not {db.head_revision()}: run `coach db upgrade`")
        return Check(True, f"migrated ({db.head_revision()})")

    def _knowledge(self) -> Check:
        if self._vector_files is None:
            s = self.container.settings
            self._vector_files = OpenedFiles("the vector store", [] if s.chroma_url else
                                             [s.chroma_dir, s.chroma_dir / CHROMA_FILE])
        if problem := self._vector_files.changed():
            return Check(False, problem)
        vectors, passages = self.container.vectors.count(), self.container.lexical.size
        if problem := self._vector_files.remember():  # count() opened the store
            return Check(False, problem)
        detail = f"{vectors} passage vectors, {passages} BM25 passages"
        if vectors > 0 and passages > 0:
            return Check(True, detail)
        return Check(False, f"{detail}: run `coach ingest`")

    def _model(self) -> Check:
        if self.container.embeddings.loaded:
            return Check(True, "loaded")
        return Check(False, "not loaded yet (the bot warms it up at start)")


def _guarded(check: Callable[[], Check]) -> Check:
    try:
        return check()
    except Exception as exc:  # a check that breaks means not ready, never a 500
        return Check(False, f"check failed ({type(exc).__name__})")


class OpenedFiles:
    """The identity (st_dev, st_ino) of the files a store works on, remembered once it has opened them.

    ``what`` names the store in the messages; no paths (a server) means nothing to watch."""

    def __init__(self, what: str, paths: list[Path]):
        self.what = what
        self.paths = paths
        self._opened: dict[Path, tuple[int, int]] | None = None

    def remember(self) -> str | None:
        """After the store opened its files: remember them the first time; then as ``changed``."""
        if self._opened is None:
            now = {path: _identity(path) for path in self.paths}
            if missing := next((path for path, identity in now.items() if identity is None), None):
                return self._problem(missing, "was deleted")
            self._opened = now
        return self.changed()

    def changed(self) -> str | None:
        """Why these are no longer the files the store opened, or None (also before ``remember``)."""
        for path, opened in (self._opened or {}).items():
            now = _identity(path)
            if now != opened:
                return self._problem(path, "was deleted" if now is None else "was replaced")
        return None

    def _problem(self, path: Path, how: str) -> str:
        return f"{self.what} {path} {how} after the bot opened it: restart the bot"


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino
