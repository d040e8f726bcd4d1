"""Engine creation and the migration gate."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from bot.errors import UserError

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


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, url: str) -> None:
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def require_migrated(engine: Engine) -> None:
    """Refuse to work on a database that is not at the newest migration."""
    try:
        current = current_revision(engine)
    except Exception as exc:  # unreachable server, bad URL, ...
        raise UserError(f"Cannot open the database ({type(exc).__name__}): check COACH_DATABASE_URL.") from exc
    if current != head_revision():
        state = "is empty" if current is None else f"is at revision {current}"
        raise UserError(f"The database {state}; run `coach db upgrade` to bring it up to date.")
