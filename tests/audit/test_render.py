"""Markdown, CSV and JSON renderings of a report."""

import csv
import io
import json

import pytest

from bot.audit.render import CSV_COLUMNS, filename, render, to_markdown
from bot.audit.report import AuditReport
from tests.audit.conftest import request


@pytest.fixture(scope="module")
def report(engine):
    r = engine.audit(request(("Sales Rep", "Quota only"), ("Support | <b>agent</b>", "=HYPERLINK(\"x\")",
                                                             "@bonus", "", "-manual triage")), "U0MANAGER")
    r.id = 7
    return r


def test_markdown_has_the_summary_roles_and_sources(report):
    md = to_markdown(report)
    assert md.startswith("# Incentive audit: Support EMEA")
    assert "## Top three actions" in md and md.count("\n1. ") >= 1
    assert "## 1. Sales Rep — 🔴 RED" in md and "- Quota plus forecast accuracy" in md
    assert "**Incentive shift:** Bonus weighting adjusted." in md
    assert "`knowledge/incentives/role-mapping.md` › Sales rep: from quota only" in md
    assert "<b>" not in md and "Support \\| \\<b\\>agent\\</b\\>" in md  # typed text cannot inject markup


def test_csv_has_one_row_per_role_and_no_formulas(report):
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == 3
    sales = dict(zip(rows[0], rows[1]))
    assert sales["recommended_metrics"].startswith("Quota plus forecast accuracy")
    assert sales["incentive_shift"] == "Bonus weighting adjusted" and sales["rating"] == "red"
    assert sales["risk_points"] == "-5" and sales["audit_id"] == "7"
    support = dict(zip(rows[0], rows[2]))
    assert support["current_metrics"] == "'=HYPERLINK(\"x\")"


def test_json_names_plain_word_metrics_and_reads_back(report):
    data = json.loads(render(report, "json"))
    assert data["id"] == 7 and data["roles"][0]["recommended_metrics"][0] == "Quota plus forecast accuracy"
    assert data["summary"]["top_actions"] and data["roles"][0]["breakdown"][0]["step"] == "displaced_work"
    assert AuditReport.model_validate(data) == report


def test_unknown_format_and_file_names(report):
    with pytest.raises(ValueError, match="md, csv, json"):
        render(report, "pdf")
    assert filename(report, "md") == "incentive-audit-7-support-emea.md"


def test_a_role_without_archetype_has_a_metric_name_and_separate_advice_in_every_format(engine):
    report = engine.audit(request(("Barista", "coffees per hour")), "U0MANAGER")
    name = "Quality of the work behind “coffees per hour”"
    role = json.loads(render(report, "json"))["roles"][0]
    assert role["recommended_metrics"] == [name] and role["metric_advice"].startswith("No role archetype fits")
    [row] = csv.DictReader(io.StringIO(render(report, "csv")))
    assert row["recommended_metrics"] == name and row["metric_advice"] == role["metric_advice"]
    md = to_markdown(report)
    assert f"- {name}\n\nNo role archetype fits" in md
    assert json.loads(render(report, "json"))["created_at"].endswith("+00:00") and row["created_at"].endswith("+00:00")
