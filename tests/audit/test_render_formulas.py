"""The audit CSV follows the same rule as every CSV the bot writes (bot.csv_export): text that would start a
spreadsheet formula is quoted, text that is only a number is left a number."""

import csv
import io

from bot.audit.render import render
from tests.audit.conftest import request

ATTACKS = ["=HYPERLINK(\"http://evil.example\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0"]


def test_role_names_and_metrics_cannot_run_as_formulas(engine):
    report = engine.audit(request(*[(attack, attack) for attack in ATTACKS], ("-3.5", "-3.5")), "U0MANAGER")
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert [(row["role"], row["current_metrics"]) for row in rows] == \
        [("'" + attack, "'" + attack) for attack in ATTACKS] + [("-3.5", "-3.5")]
