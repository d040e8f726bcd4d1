"""The `coach` command line (Typer): `main` wires the app; one module per feature calls the same services as
the Slack app; `common` holds what they share. Importing this package loads nothing else, so feature modules
can import `bot.cli.common` without a cycle."""
