"""Engine creation and the migration gate."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from bot.errors import UserError
from bot.store import schema  # noqa: F401 -- every table registered before the first query maps relationships

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    try:
        return _make_engine(url)
    except ImportError as exc:
        raise UserError(f"The database driver for {url.split(':', 1)[0]} is not installed ({exc.name}): "
                        "pip install 'adoption-coach[postgres]'") from exc
    except Exception as exc:  # malformed URL
        raise UserError(f"COACH_DATABASE_URL is not a valid database URL ({type(exc).__name__}).") from exc


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # enforce FKs, allow concurrent readers
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration this code has (fixed for the life of the process)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(bind: Engine | Connection) -> str | None:
    if isinstance(bind, Connection):
        return MigrationContext.configure(bind).get_current_revision()
    with bind.connect() as conn:
        return current_revision(conn)


def schema_lag(bind: Engine | Connection) -> str | None:
    """None when the database is at the newest migration, else how it stands: "is empty" or "is at revision X"."""
    current = current_revision(bind)
    if current == head_revision():
        return None
    return "is empty" if current is None else f"is at revision {current}"


def upgrade(engine: Engine, url: str) -> None:
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def revision_of(engine: Engine) -> str | None:
    """The database's migration, None when it has none yet; an unreachable one is a one-line UserError."""
    try:
        return current_revision(engine)
    except Exception as exc:  # unreachable server, bad URL, ...
        raise UserError(f"Cannot open the database ({type(exc).__name__}): check COACH_DATABASE_URL.") from exc


def migrate(engine: Engine, url: str) -> tuple[str | None, str]:
    """Bring the database to the newest migration: (its revision before, None for a new one; the revision now)."""
    before = revision_of(engine)
    if before != head_revision():
        upgrade(engine, url)
    return before, head_revision()


def require_migrated(engine: Engine) -> None:
    """Refuse to work on a database that is not at the newest migration."""
    try:
        lag = schema_lag(engine)
    except Exception as exc:  # unreachable server, bad URL, ...
        raise UserError(f"Cannot open the database ({type(exc).__name__}): check COACH_DATABASE_URL.") from exc
    if lag:
        raise UserError(f"The database {lag}; run `coach db upgrade` to bring it up to date.")
