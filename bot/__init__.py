"""adoption coach: a Slack bot that helps companies get real adoption out of their AI rollouts."""

__version__ = "0.1.0"
