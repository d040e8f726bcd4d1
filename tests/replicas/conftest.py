"""Scale-out tests use the Slack harness's fake Slack Web API and signed sender (tests/slack)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "slack"))
