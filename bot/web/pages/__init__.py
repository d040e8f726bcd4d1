"""One module per dashboard page; each has ``routes()``. The pages' guards (bot.web.viewer.page) name the
roles that open them, as the navigation does (bot.web.render.NAV)."""

from __future__ import annotations

from starlette.routing import Route


def page_routes() -> list[Route]:
    from bot.web.pages import home

    routes = list(home.routes())
    for name in ("adoption", "kpis", "surveys", "audits", "knowledge"):
        try:
            module = __import__(f"bot.web.pages.{name}", fromlist=["routes"])
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.web.pages.{name}":
                raise
            continue
        routes += module.routes()
    return routes
