"""The dashboard's routes as the built app has them (so the security tests cover every page as pages land), with
sample values for path parameters, and what the security tests check responses with."""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from sqlalchemy import MetaData, select
from starlette.applications import Starlette
from starlette.routing import Mount, Route

SAMPLES = {"IntegerConvertor": "1", "FloatConvertor": "1.5", "UUIDConvertor": "00000000-0000-4000-8000-000000000001",
           "PathConvertor": "sample", "StringConvertor": "sample"}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # with sample values in place of its parameters
    pattern: str  # as the route declares it

    def __str__(self) -> str:
        return f"{self.method} {self.pattern}"


def starlette_of(app) -> Starlette:
    """The Starlette app inside the dashboard's wrappers: Guarded -> asgi-csrf (functools.wraps) -> Starlette."""
    inner = app
    for _ in range(5):
        if isinstance(inner, Starlette):
            return inner
        inner = getattr(inner, "app", None) or getattr(inner, "__wrapped__", None)
    raise AssertionError(f"no Starlette app inside {app!r}")


def _walk(routes, prefix: str = ""):
    for route in routes:
        if isinstance(route, Mount):
            if route.routes:  # a static files mount has none
                yield from _walk(route.routes, prefix + route.path)
        elif isinstance(route, Route):
            yield prefix, route


def endpoints(app) -> list[Endpoint]:
    """Every (method, path) the dashboard routes, HEAD and OPTIONS left out."""
    found = []
    for prefix, route in _walk(starlette_of(app).routes):
        values = {name: SAMPLES[type(conv).__name__] for name, conv in route.param_convertors.items()}
        path = prefix + route.path_format.format(**values)
        for method in sorted((route.methods or {"GET"}) - {"HEAD", "OPTIONS"}):
            found.append(Endpoint(method, path, prefix + route.path))
    return found


def sign_in_paths() -> set[str]:
    from bot.web import signin

    return {route.path for route in signin.routes()}


def page_endpoints(app) -> list[Endpoint]:
    """The routes behind the sign-in: all but signing in and out, and /app/ (a redirect to /app)."""
    return [e for e in endpoints(app) if e.pattern not in sign_in_paths() and e.pattern != "/app/"]


def form_endpoints(app) -> list[Endpoint]:
    """Every route that takes a form (anything but GET), the sign-in routes included."""
    return [e for e in endpoints(app) if e.method != "GET"]


def stays_on_dashboard(location: str) -> bool:
    """A redirect target on this server, inside /app, once a browser has normalised it."""
    if "\\" in location or any(ord(ch) < 0x20 for ch in location):
        return False
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return False
    path = posixpath.normpath(unquote(parts.path))
    return parts.path.startswith("/") and (path == "/app" or path.startswith("/app/"))


def db_digest(container) -> str:
    """A digest of every row of every table: equal digests, nothing changed."""
    meta = MetaData()
    digest = hashlib.sha256()
    with container.engine.connect() as conn:
        meta.reflect(conn)
        for table in sorted(meta.sorted_tables, key=lambda t: t.name):
            rows = sorted(repr(tuple(row)) for row in conn.execute(select(table)))
            digest.update(f"{table.name}:{len(rows)}:{rows}".encode())
    return digest.hexdigest()
