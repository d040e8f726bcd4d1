"""KPIs, OKRs and scheduled channel nudges: domain logic and services (no Slack imports here)."""
