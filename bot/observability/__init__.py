"""Running the bot in production: structured logs, readiness checks and Prometheus metrics (no Slack imports)."""
