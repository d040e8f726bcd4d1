"""`/kpi` in an app installed in two workspaces (OAuth): HR, managers and admins of workspace B neither see nor
change workspace A's KPI values, OKRs and nudges (a nudge of A looks like one that does not exist), and A
still sees and changes its own."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import pytest
from pydantic import SecretStr
from slack_sdk.oauth.installation_store import Installation

from bot.kpis.okrs import parse_key_result
from bot.kpis.scopes import ORGANISATION
from bot.tenancy import EVERY_ROW, Tenant
from tests.slack.conftest import (
    ADMIN,
    HR_USER,
    MANAGER,
    clean_tables,
    slack_container,
    start_harness,
)

A, B = "T0AAA", "T0BBB"
B_ADMIN, B_HR, B_MANAGER = "U0BADMIN", "U0BHR", "U0BMANAGER"
ADOPTION = "employee_adoption_rate"


@pytest.fixture(scope="module")
def two(kb, fake_slack):
    container = slack_container(kb, fake_slack, slack_bot_token=None, slack_client_id="111.222",
                                slack_client_secret=SecretStr("client-secret-value-123"), admins=[ADMIN, B_ADMIN],
                                hr=[HR_USER, B_HR], managers=[MANAGER, B_MANAGER])
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()
    clean_tables(kb)


@pytest.fixture(autouse=True)
def _installed(two):
    """Both workspaces installed (the harness empties the tables after every test)."""
    for team in (A, B):
        two.container.workspaces.installation_store.save(Installation(
            app_id="A0COACH", enterprise_id=None, team_id=team, user_id="U0INSTALLER", bot_token=f"xoxb-{team}",
            bot_id=f"B{team}", bot_user_id=f"U{team}BOT", bot_scopes=["commands", "chat:write"]))


def _command(two, team, text, user, name):
    form = {"token": "legacy", "team_id": team, "team_domain": team.lower(), "channel_id": "C0SALES",
            "channel_name": "sales", "user_id": user, "user_name": user.lower(), "command": "/kpi", "text": text,
            "api_app_id": "A0COACH", "is_enterprise_install": "false",
            "response_url": two.fake.response_url(name), "trigger_id": f"{name}.1.trigger"}
    assert two.sender.post(urlencode(form), "application/x-www-form-urlencoded").status == 200


def _kpi(two, team, text, user, name):
    """`/kpi TEXT` from ``team``, and its reply."""
    _command(two, team, text, user, name)
    return two.fake.wait_for(f"response_url:{name}")[0].params


def _in(team, payload):
    """A signed interaction payload sent from ``team``."""
    payload["team"] = {"id": team, "domain": team.lower()}
    payload["user"]["team_id"] = team
    if "view" in payload:
        payload["view"]["team_id"] = team
    return payload


def _button(two, team, value, user, name):
    payload = two.sender.block_action("kpi_nudge_remove", value, user=user, response_url=two.fake.response_url(name))
    assert two.sender.interaction(_in(team, payload)).status == 200
    return two.fake.wait_for(f"response_url:{name}")[0].params


def _submit(two, team, callback_id, values, user):
    resp = two.sender.interaction(_in(team, two.sender.view_submission(callback_id, values, "", user=user)))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def _select(value):
    return {"value": {"type": "static_select", "selected_option": {"value": value}}}


def _multi(*values):
    return {"value": {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}}


def _text(value):
    return {"value": {"type": "plain_text_input", "value": value}}


def test_kpi_values_and_okrs_stay_in_their_workspace(two):
    kpis = two.container.kpis
    reply = _kpi(two, A, f"record {ADOPTION} 57 2026-10", MANAGER, "a-record")
    assert reply["text"].startswith("Added:")
    kpis.okrs.add("AI in A's daily work", ORGANISATION, date(2026, 7, 1),
                  [parse_key_result(f"{ADOPTION}:30->70@2026-12-31")], by=ADMIN, tenant=Tenant(A))
    for user in (B_HR, B_MANAGER, B_ADMIN):
        shown = json.dumps(_kpi(two, B, "show", user, f"b-show-{user}")["blocks"])
        assert "No KPI values yet" in shown and "57%" not in shown
    assert "No values of *Employee adoption rate*" in json.dumps(_kpi(two, B, f"show {ADOPTION}", B_HR, "b-series"))
    assert "No OKRs yet" in json.dumps(_kpi(two, B, "okrs", B_HR, "b-okrs"))
    reply = _kpi(two, B, f"record {ADOPTION} 20 2026-10", B_MANAGER, "b-record")
    assert reply["text"].startswith("Added:")  # B's own value, not a correction of A's

    shown = json.dumps(_kpi(two, A, "show", HR_USER, "a-show"))
    assert "*57%* (2026-10, manual)" in shown and "20%" not in shown
    okrs = json.dumps(_kpi(two, A, "okrs", MANAGER, "a-okrs"))
    assert "AI in A's daily work" in okrs and "57%" in okrs  # measured on A's value
    assert sorted(r.value for r in kpis.measurements.overview(tenant=EVERY_ROW)) == [20, 57]


def test_the_record_form_stores_for_the_workspace_it_came_from(two):
    values = {"kpi": _select(ADOPTION), "scope": _select("organisation"), "scope_name": _text(""),
              "period": _text("2026-Q3"), "value": _text("70"), "note": _text("")}
    assert _submit(two, B, "kpi_record", values, B_MANAGER)["response_action"] == "update"
    kpis = two.container.kpis
    assert kpis.measurements.overview(tenant=Tenant(A)) == []
    assert [r.value for r in kpis.measurements.overview(tenant=Tenant(B))] == [70]


def test_workspace_b_can_neither_list_nor_remove_a_s_nudges(two):
    kpis = two.container.kpis
    nudge = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=[ADOPTION], okrs=[],
                               scope=ORGANISATION, by=ADMIN, tenant=Tenant(A))
    listed = json.dumps(_kpi(two, B, "nudges", B_ADMIN, "b-list"))
    assert "No KPI nudges scheduled" in listed and f"Nudge {nudge.id}*" not in listed
    assert _kpi(two, B, f"nudge remove {nudge.id}", B_ADMIN, "b-remove")["text"] == f"There is no nudge {nudge.id}."
    assert _button(two, B, str(nudge.id), B_ADMIN, "b-button")["text"] == "That nudge was already gone"
    assert [s.id for s in kpis.schedules.all(tenant=Tenant(A))] == [nudge.id]

    assert f"*Nudge {nudge.id}*" in json.dumps(_kpi(two, A, "nudges", ADMIN, "a-list"))
    assert _button(two, A, str(nudge.id), ADMIN, "a-button")["text"] == f"Nudge {nudge.id} removed"
    assert kpis.schedules.all(tenant=EVERY_ROW) == []


def test_the_nudge_form_offers_and_accepts_only_the_workspace_s_own_okrs(two):
    kpis = two.container.kpis
    oid = kpis.okrs.add("A's objective", ORGANISATION, date(2026, 7, 1),
                        [parse_key_result(f"{ADOPTION}:30->70@2026-12-31")], by=ADMIN, tenant=Tenant(A))
    _command(two, B, "nudge", B_ADMIN, "b-form")
    view = two.fake.wait_for("views.open")[0].params["view"]
    assert "okrs" not in {b.get("block_id") for b in view["blocks"]} and "A's objective" not in json.dumps(view)
    values = {"channel": {"value": {"type": "conversations_select", "selected_conversation": "C0BEE"}},
              "cron": _text("0 9 * * 1"), "timezone": _text("UTC"), "kpis": _multi(ADOPTION), "okrs": _multi(str(oid)),
              "scope": _select("organisation"), "scope_name": _text(None), "period": _select("month"),
              "eligible": _text(None), "alerts": _text(None), "options": {"value": {"type": "checkboxes",
                                                                                     "selected_options": []}}}
    body = _submit(two, B, "kpi_nudge", values, B_ADMIN)
    assert body["response_action"] == "errors" and f"No objective with id {oid}" in body["errors"]["okrs"]
    body = _submit(two, B, "kpi_nudge", {**values, "okrs": _multi()}, B_ADMIN)
    assert body["response_action"] == "update"
    [schedule] = kpis.schedules.all(tenant=EVERY_ROW)
    assert schedule.team_id == B and kpis.schedules.all(tenant=Tenant(A)) == []
