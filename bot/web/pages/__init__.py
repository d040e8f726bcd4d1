"""One module per dashboard page; each has ``routes()``. The pages' guards (bot.web.viewer.page) name the
roles that open them, from bot.web.access, as the navigation (bot.web.render.NAV) does."""

from __future__ import annotations

from starlette.routing import Route


def page_routes() -> list[Route]:
    from bot.web.pages import adoption, audits, home, knowledge, kpis, surveys

    return [route for module in (home, adoption, kpis, surveys, audits, knowledge) for route in module.routes()]
