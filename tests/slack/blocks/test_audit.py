"""Audit Block Kit at the limits: ten roles with every field full, hostile text, history and App Home."""

import json

import pytest

from bot.audit.engine import AuditEngine
from bot.audit.history import HistoryEntry
from bot.audit.inputs import (
    MAX_FIELD,
    MAX_NAME,
    MAX_ROLES,
    MAX_TEAM,
    AuditInputError,
    AuditRequest,
    RoleFieldError,
    RoleInput,
)
from bot.slack.blocks.audit import (
    audit_modal,
    error_blocks,
    history_message,
    home_audit_blocks,
    read_form,
    read_metadata,
    read_share_value,
    report_message,
    share_modal,
    share_value,
    shared_message,
)
from bot.slack.forms import field_errors
from tests.slack.conftest import validate_blocks, validate_view


@pytest.fixture(scope="module")
def big_report(kb):
    hostile = "<!channel> @here *bold* <https://evil.example|click> & "
    roles = tuple(RoleInput((hostile + f"role {i}")[:MAX_NAME], (hostile + "tickets closed per day; " * 60)[:MAX_FIELD],
                            ("bonus " * 300)[:MAX_FIELD], ("AI replies " * 200)[:MAX_FIELD],
                            ("manual triage " * 100)[:MAX_FIELD]) for i in range(MAX_ROLES))
    engine = AuditEngine(kb.audit_catalog, kb.embeddings)
    report = engine.audit(AuditRequest((hostile + "team")[:MAX_TEAM], roles), "U0MANAGER")
    report.id = 123
    return report


def _no_mass_mention(payload) -> None:
    text = json.dumps(payload)
    assert "<!channel" not in text and "<!here" not in text
    rendered = json.dumps({**payload, "blocks": [b for b in payload["blocks"] if b["type"] != "header"]})
    assert "<https://evil" not in rendered  # header blocks are plain_text: shown literally, never a link


def test_a_ten_role_report_fits_one_message(big_report):
    message = report_message(big_report)
    validate_blocks(message["blocks"])
    assert len(message["blocks"]) <= 50 and len(message["text"]) < 3000
    _no_mass_mention(message)


def test_the_channel_summary_is_short_and_safe(big_report):
    message = shared_message(big_report, "U0MANAGER")
    validate_blocks(message["blocks"])
    _no_mass_mention(message)
    assert message["blocks"][-1]["elements"][0]["text"] == "Shared by <@U0MANAGER> from audit #123."


def test_a_full_modal_is_valid_and_reads_back():
    rows = [str(i) for i in range(MAX_ROLES)]
    values = {"team": {"v": {"type": "plain_text_input", "value": "Ops"}}}
    for r in rows:
        for f in ("name", "metrics", "rewards", "ai_workflows", "displaced_work"):
            values[f"role:{r}:{f}"] = {"v": {"type": "plain_text_input", "value": f"{f} {r}"}}
    view = audit_modal(rows, 10, values, channel="C0GENERAL")
    validate_view(view)
    assert len(view["blocks"]) <= 100 and len(view["private_metadata"]) < 3000
    assert read_metadata(view) == (rows, 10, "C0GENERAL")
    team, roles = read_form(values, rows)
    assert team == "Ops" and roles[9] == RoleInput("name 9", "metrics 9", "rewards 9", "ai_workflows 9",
                                                   "displaced_work 9")


def test_unreadable_metadata_starts_a_fresh_form():
    assert read_metadata({"private_metadata": "not json"}) == (["0"], 1, None)
    assert read_metadata({}) == (["0"], 1, None)
    assert read_metadata({"private_metadata": '{"rows": ["0", "1", "1"], "next": 1}'}) == (["0", "1"], 2, None)


def test_metadata_keeps_every_row_so_too_many_are_refused_not_dropped():
    rows = [str(i) for i in range(MAX_ROLES + 2)]
    assert read_metadata({"private_metadata": json.dumps({"rows": rows, "next": 12})}) == (rows, 12, None)


def test_share_offers_a_channel_but_never_a_dm():
    assert share_value(7, "C0LEADS") == "7:C0LEADS" and read_share_value("7:C0LEADS") == (7, "C0LEADS")
    for channel in ("D0MANAGER", "G0GROUP", None, "C0<!here>"):
        assert share_value(7, channel) == "7"
        assert read_share_value(f"7:{channel}") == (7, None)
    assert read_share_value("7") == (7, None) and read_share_value("x:C0LEADS") == (None, "C0LEADS")
    assert read_share_value(None) == (None, None)
    offered = share_modal(7, "C0LEADS")
    validate_view(offered)
    assert offered["blocks"][1]["element"]["initial_conversation"] == "C0LEADS"
    assert "initial_conversation" not in share_modal(7, "D0MANAGER")["blocks"][1]["element"]


def test_errors_land_on_the_block_of_their_row():
    rows = ["4", "8"]
    exc = AuditInputError([RoleFieldError("team", "The team name is long."),
                           RoleFieldError("metrics", "enter one", role=1, label="Role 2 (x)"),
                           RoleFieldError("roles", "Add at least one role to audit."),
                           RoleFieldError("name", "a row the form no longer has", role=5, label="Role 6")])
    assert field_errors(exc, *error_blocks(rows)) == {
        "team": "The team name is long.", "role:8:metrics": "enter one", "role:4:name": "Add at least one role to audit."}
    assert str(exc).splitlines()[1] == "Role 2 (x): enter one"  # away from the form (the CLI), the row is named


def test_a_role_without_archetype_shows_its_metric_name_and_the_advice_apart(kb):
    report = AuditEngine(kb.audit_catalog, kb.embeddings).audit(
        AuditRequest("Cafe", (RoleInput("Barista", "coffees per hour"),)), "U0MANAGER")
    report.id = 5
    message = report_message(report, "C0CAFE")
    validate_blocks(message["blocks"])
    texts = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    change = next(t for t in texts if "*New metric" in t)
    assert "*New metric:* Quality of the work behind “coffees per hour”\nNo role archetype fits" in change
    shared = json.dumps(shared_message(report, "U0MANAGER"), ensure_ascii=False)
    assert "→ Quality of the work behind “coffees per hour” (" in shared and "No role archetype fits" not in shared
    assert message["blocks"][-2]["elements"][0]["value"] == "5:C0CAFE"


def test_history_says_whose_audits_are_listed_and_that_unnamed_ones_are_not_compared():
    from datetime import datetime, timezone

    unnamed = HistoryEntry(3, "", "U0MANAGER", datetime(2026, 11, 21, tzinfo=timezone.utc), 40, "amber", 1, None)
    mine = history_message([unnamed], None, own_only=True)
    validate_blocks(mine["blocks"])
    assert mine["blocks"][0]["text"]["text"].startswith("*Your incentive audits*")
    assert "Unnamed team" in mine["blocks"][1]["text"]["text"]
    assert "No team name, so not compared with other audits." in mine["blocks"][1]["text"]["text"]
    assert mine["blocks"][-1]["elements"][0]["text"].startswith("You see the audits you ran yourself")
    everyone = history_message([unnamed], None)
    assert everyone["blocks"][-1]["elements"][0]["text"].startswith("You see every audit in this workspace")
    for entries in ([unnamed], []):
        home = home_audit_blocks(entries, own_only=True)
        validate_blocks(home)
        assert home[-1]["elements"][0]["text"].startswith("You see the audits you ran yourself")


def test_share_modal_history_and_home_blocks_are_valid(big_report):
    validate_view(share_modal(123))
    from datetime import datetime, timezone

    entries = [HistoryEntry(2, "<!here> Ops", "U0MANAGER", datetime(2026, 11, 21, tzinfo=timezone.utc), 40, "amber",
                            3, "C0LEADS", ["Since audit #1:", "Team score 20 → 40 (+20), red → amber."]),
               HistoryEntry(1, "Ops", "U0MANAGER", datetime(2026, 8, 21, tzinfo=timezone.utc), 20, "red", 3, None)]
    message = history_message(entries, "Ops")
    validate_blocks(message["blocks"])
    _no_mass_mention(message)
    assert "Team score 20 → 40" in message["blocks"][1]["text"]["text"]
    assert "First audit of this team" in message["blocks"][2]["text"]["text"]
    home = home_audit_blocks(entries)
    validate_blocks(home)
    assert "shared in <#C0LEADS>" in home[0]["text"]["text"] and "Team score 20 → 40" in home[0]["text"]["text"]
    validate_blocks(home_audit_blocks([]))
