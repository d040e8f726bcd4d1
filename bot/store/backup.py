"""`coach export` / `coach import`: the bot's own data as one JSON document, for backups and for moving
between databases (SQLite and PostgreSQL, either way).

Exported: every application table (``Base.metadata``) and slack_sdk's OAuth tables (migration 0002), so a
file can hold Slack installation tokens and must be kept like a secret; nothing here logs a row.
Not exported: the knowledge index (documents, chunks, chunk_units, index_meta), which `coach ingest`
re-builds from the knowledge files, and alembic_version (the document names its revision instead).

    {"format": "adoption-coach-export", "version": 1, "schema_revision": "0007",
     "exported_at": "2026-05-04T09:00:00+00:00", "tables": {"usage_events": [{"id": 1, ...}, ...], ...}}

Values: datetimes, dates and times as ISO 8601 text, with the offset when the database returned one (SQLite
keeps none: those are UTC by the bot's convention); bytes as {"$base64": "..."}; decimals as
{"$decimal": "..."}; NaN and infinities as {"$float": "nan"}; JSON columns as they are. An import reads each
value by its column's type, so a round trip gives back the same values.

An import is one transaction: the target must be at the file's schema revision and empty in the file's
tables (or `replace`), rows go in parents first with their primary keys, PostgreSQL sequences then move past
the largest id, and any bad row rolls everything back. Neither side holds more than a row in memory: the
export writes one row at a time; the import streams the file with ijson, first once to check all of it
(JSON, header, table names) before the database is touched, then once per table for its rows as they come.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO, TextIO

import ijson
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Time,
    func,
    literal,
    select,
)
from sqlalchemy.exc import DBAPIError

from bot.errors import UserError
from bot.store.db import current_revision, head_revision, schema_lag
from bot.store.schema import Base

FORMAT = "adoption-coach-export"
VERSION = 1
REBUILT_BY_INGEST = frozenset({"documents", "chunks", "chunk_units", "index_meta", "section_questions"})
# slack_sdk's SQLAlchemyInstallationStore and SQLAlchemyOAuthStateStore tables (created by migration 0002);
# read from the database itself, so this module needs no Slack import
SLACK_SDK_TABLES = ("slack_installations", "slack_bots", "slack_oauth_states")
BATCH_ROWS = 500
_HEADER = ("format", "version", "schema_revision", "exported_at")


def exported_tables(conn: Connection) -> list[Table]:
    """The tables an export holds, parents before children."""
    slack = MetaData()
    slack.reflect(conn, only=list(SLACK_SDK_TABLES))
    return ([t for t in Base.metadata.sorted_tables if t.name not in REBUILT_BY_INGEST]
            + [slack.tables[name] for name in SLACK_SDK_TABLES])


# export ---------------------------------------------------------------------------------------------------


def _encode(value):
    """json.dumps ``default``: the values JSON has no type for."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    raise TypeError(f"cannot export a value of type {type(value).__name__}")


def _finite(value):
    """NaN and infinities, which JSON has no numbers for (Python writes NaN, other parsers refuse it)."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": repr(value)}
    return value


def _sqlite_begin(conn: Connection) -> None:
    """pysqlite opens its transaction lazily, at the first write, so reads before it each see their own
    snapshot and a SAVEPOINT before it becomes the outermost transaction (its RELEASE commits). An explicit
    BEGIN makes the whole import (or export) one real transaction."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One consistent read of every table, while the bot may be writing."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            _sqlite_begin(conn)
            yield conn


def export_data(engine: Engine, out: TextIO) -> dict[str, int]:
    """Write the export document to ``out``, one table at a time, one row per line; returns rows per table.
    The database must be migrated to the newest revision (the caller checks, e.g. container.session_factory)."""
    counts: dict[str, int] = {}
    with _snapshot(engine) as conn:
        header = {"format": FORMAT, "version": VERSION,
                  "schema_revision": current_revision(conn),
                  "exported_at": datetime.now(timezone.utc).isoformat()}
        out.write("{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()) + ', "tables": {')
        for position, table in enumerate(exported_tables(conn)):
            out.write(("," if position else "") + f"\n{json.dumps(table.name)}: [")
            rows = conn.execute(select(table).order_by(*table.primary_key.columns).execution_options(yield_per=1000))
            n = 0
            for row in rows.mappings():
                out.write(("," if n else "") + "\n" + json.dumps({k: _finite(v) for k, v in row.items()},
                                                                 default=_encode, allow_nan=False))
                n += 1
            out.write("\n]" if n else "]")
            counts[table.name] = n
        out.write("\n}}\n")
    return counts


# import ---------------------------------------------------------------------------------------------------


class _BadRow(ValueError):
    pass


def _decode(column: Column, value):
    """The Python value for ``column`` from its JSON form, checked against the column's type."""
    if value is None:
        if not column.nullable:
            raise _BadRow(f"{column.name} must not be null")
        return None
    kind = column.type

    def expect(types, what: str):
        if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            raise _BadRow(f"{column.name} must be {what}, not {type(value).__name__}")
        return value

    try:
        if isinstance(kind, JSON):
            return value
        if isinstance(kind, DateTime):
            parsed = datetime.fromisoformat(expect((str,), "an ISO 8601 datetime"))
            if kind.timezone:  # the same instant, in UTC (SQLite keeps no offset: its values are the bot's UTC)
                return parsed.astimezone(timezone.utc) if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
            return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed
        if isinstance(kind, Date):
            return date.fromisoformat(expect((str,), "an ISO 8601 date"))
        if isinstance(kind, Time):
            return time.fromisoformat(expect((str,), "an ISO 8601 time"))
        if isinstance(kind, LargeBinary):
            if not isinstance(value, dict) or set(value) != {"$base64"}:
                raise _BadRow(f'{column.name} must be {{"$base64": "..."}}')
            return base64.b64decode(value["$base64"], validate=True)
        if isinstance(kind, Boolean):
            return expect((bool,), "true or false")
        if isinstance(kind, Integer):
            return expect((int,), "an integer")
        if isinstance(kind, Float):
            if isinstance(value, dict) and set(value) == {"$float"} and value["$float"] in ("nan", "inf", "-inf"):
                return float(value["$float"])
            return float(expect((int, float), "a number"))
        if isinstance(kind, Numeric):
            if isinstance(value, dict) and set(value) == {"$decimal"}:
                return Decimal(value["$decimal"])
            return Decimal(str(expect((int, float), 'a number or {"$decimal": "..."}')))
        if isinstance(kind, String):
            expect((str,), "text")
            if kind.length is not None and len(value) > kind.length:
                raise _BadRow(f"{column.name} is longer than {kind.length} characters")
            return value
    except (ValueError, TypeError, InvalidOperation) as exc:
        if isinstance(exc, _BadRow):
            raise
        raise _BadRow(f"{column.name} is not a valid {type(kind).__name__.lower()} value") from None
    return value


def _decode_row(table: Table, raw) -> dict:
    if not isinstance(raw, dict):
        raise _BadRow("a row must be a JSON object")
    names = set(table.columns.keys())
    if unknown := sorted(set(raw) - names):
        raise _BadRow(f"unknown column {unknown[0]}")
    if missing := [name for name in table.columns.keys() if name not in raw]:
        raise _BadRow(f"missing column {missing[0]}")
    return {name: _decode(table.columns[name], raw[name]) for name in table.columns.keys()}


def _db_reason(exc: DBAPIError) -> str:
    """The database's own one-line reason, without the statement or its parameters (which hold row values)."""
    lines = str(exc.orig).strip().splitlines() if exc.orig is not None else []
    return lines[0] if lines else type(exc).__name__


class _RowError(Exception):
    def __init__(self, table: str, index: int, reason: str):
        super().__init__(f"{table} row {index}: {reason}")


def _insert(conn: Connection, table: Table, rows: list[dict], first: int) -> None:
    """Insert a batch; when the database refuses it, find the row it refuses (each try in a savepoint)."""
    try:
        with conn.begin_nested():
            conn.execute(table.insert(), rows)
        return
    except DBAPIError as exc:
        batch_error = exc
    for offset, row in enumerate(rows):
        try:
            with conn.begin_nested():
                conn.execute(table.insert(), [row])
        except DBAPIError as exc:
            raise _RowError(table.name, first + offset, _db_reason(exc)) from None
    raise _RowError(table.name, first, _db_reason(batch_error))


def _insert_all(conn: Connection, table: Table, rows: Iterable) -> int:
    batch: list[dict] = []
    index = 0
    for index, raw in enumerate(rows, start=1):
        try:
            batch.append(_decode_row(table, raw))
        except _BadRow as exc:
            raise _RowError(table.name, index, str(exc)) from None
        if len(batch) == BATCH_ROWS:
            _insert(conn, table, batch, index - len(batch) + 1)
            batch = []
    if batch:
        _insert(conn, table, batch, index - len(batch) + 1)
    return index


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from a sequence that rows inserted with their own ids do not move: set each
    to follow the largest id, so the next new row does not collide. (SQLite takes max(rowid) + 1 by itself.)"""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        following = func.coalesce(select(func.max(column)).scalar_subquery(), 0) + 1
        conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, column.name), following,
                                        literal(False))))


def _json_error(path: Path, exc: Exception) -> UserError:
    # first line only: the parser's later lines quote the file, which may hold tokens
    reason = str(exc).replace("\\n", "\n").strip().removeprefix("b'").splitlines()[0][:120] if str(exc) else ""
    return UserError(f"{path} is not valid JSON ({reason or type(exc).__name__}); nothing was imported.")


def _scan(path: Path, f: BinaryIO) -> tuple[dict, list[str]]:
    """First pass, before the database is touched: the whole file parses, its header and its table names."""
    header: dict = {}
    names: list[str] = []
    try:
        for prefix, event, value in ijson.parse(f, use_float=True):
            if prefix == "" and event not in ("start_map", "map_key", "end_map"):
                raise UserError(f"{path} is not an adoption coach export (a JSON object is expected).")
            if prefix in _HEADER and event not in ("start_map", "start_array", "map_key", "end_map", "end_array"):
                header[prefix] = value
            elif prefix == "tables":
                if event == "map_key":
                    if value in names:
                        raise UserError(f"{path}: table {value} appears twice; nothing was imported.")
                    names.append(value)
                elif event not in ("start_map", "end_map"):
                    raise UserError(f'{path}: "tables" must be an object of table names; nothing was imported.')
                header.setdefault("tables", True)
            elif names and prefix == f"tables.{names[-1]}" and event not in ("start_array", "end_array"):
                raise UserError(f"{path}: table {names[-1]} must be a list of rows; nothing was imported.")
    except (ijson.JSONError, UnicodeDecodeError) as exc:
        raise _json_error(path, exc) from None
    return header, names


def _check_header(path: Path, header: dict) -> str:
    if header.get("format") != FORMAT:
        raise UserError(f'{path} is not an adoption coach export (its "format" is not "{FORMAT}").')
    if header.get("version") != VERSION or isinstance(header.get("version"), bool):
        raise UserError(f"{path} is export format version {header.get('version')!r}; this coach reads "
                        f"version {VERSION}.")
    revision = header.get("schema_revision")
    if not isinstance(revision, str) or "tables" not in header:
        raise UserError(f'{path} has no "schema_revision" or no "tables"; it is not a complete export.')
    head = head_revision()
    if revision != head:
        raise UserError(f"{path} was exported at schema revision {revision}, this coach is at revision {head}: "
                        "run `coach db upgrade` on the source database and export it again with this version.")
    return revision


def _check_target(conn: Connection, revision: str) -> None:
    if lag := schema_lag(conn):  # the file's revision is this code's head (_check_header)
        raise UserError(f"The target database {lag}, the export is at {revision}: run `coach db upgrade` "
                        "on it first.")


def import_data(engine: Engine, path: Path, replace: bool = False) -> dict[str, int]:
    """Load an export into ``engine``'s database in one transaction; returns rows per table, in the order
    they went in. UserError (and nothing changed) on a file or a row that cannot be imported."""
    path = Path(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    with f:
        header, names = _scan(path, f)
        revision = _check_header(path, header)
        try:
            engine.connect().close()
        except DBAPIError as exc:  # unreachable server, bad credentials, ...
            raise UserError(f"Cannot open the database ({type(exc.orig).__name__}): check COACH_DATABASE_URL."
                            ) from None
        try:
            with engine.begin() as conn:
                _sqlite_begin(conn)
                _check_target(conn, revision)
                known = {t.name: t for t in exported_tables(conn)}
                if unknown := [n for n in names if n not in known]:
                    raise UserError(f"{path} holds tables this coach does not export: {', '.join(unknown)}; "
                                    "nothing was imported.")
                tables = [t for t in known.values() if t.name in names]  # parents before children
                filled = [t for t in tables if conn.scalar(select(literal(1)).select_from(t).limit(1))]
                if filled and not replace:
                    raise UserError(f"The target database already has rows in {', '.join(t.name for t in filled)}: "
                                    "import into an empty (freshly migrated) database, or pass --replace to delete "
                                    "those rows first. Nothing was changed.")
                for table in reversed(tables):  # children first
                    if any(table is t for t in filled):
                        conn.execute(table.delete())
                counts: dict[str, int] = {}
                for table in tables:
                    f.seek(0)
                    counts[table.name] = _insert_all(conn, table,
                                                     ijson.items(f, f"tables.{table.name}.item", use_float=True))
                _reset_sequences(conn, tables)
        except _RowError as exc:
            raise UserError(f"{path}: {exc}. Nothing was imported (the database is unchanged).") from None
        except (ijson.JSONError, UnicodeDecodeError) as exc:  # the file changed after the first pass
            raise _json_error(path, exc) from None
    return counts
