"""Block Kit builders: pure functions from our data to the dicts Slack's API takes (no API calls here)."""
