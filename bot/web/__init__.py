"""The web dashboard at /app: server-rendered pages over the same services as Slack and the CLI.

``app.py`` builds the ASGI app (sessions, CSRF, security headers); ``signin.py`` signs people in with Slack
(OpenID Connect) or, with ``coach web --local``, as a local admin; ``viewer.py`` says who is looking and
guards each page by role; ``render.py`` renders templates, charts and CSV; ``pages/`` holds one module per
page, each with its ``routes()``; ``server.py`` serves it alone (`coach web`) or beside Socket Mode."""
