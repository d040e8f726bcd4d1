"""`/kpi`: help in the ack; role-checked reports, recording and nudge management; the record and nudge forms
check their input before closing (nothing stored on a mistake); the remove button."""

from __future__ import annotations

import json

import pytest

from bot.kpis.scopes import ORGANISATION, parse_scope
from tests.slack.conftest import ADMIN, EMPLOYEE, HR_USER, MANAGER, validate_blocks


def _kpi(slack, text, user=EMPLOYEE, name="kpi", channel="C0SALES"):
    resp = slack.sender.command(text, name="/kpi", user=user, channel=channel, response_url=slack.fake.response_url(name))
    assert resp.status == 200
    return resp


def _reply(slack, name="kpi"):
    return slack.fake.wait_for(f"response_url:{name}")[0].params


def _select(value):
    return {"value": {"type": "static_select", "selected_option": {"value": value} if value else None}}


def _multi(*values):
    return {"value": {"type": "multi_static_select", "selected_options": [{"value": v} for v in values]}}


def _text(value):
    return {"value": {"type": "plain_text_input", "value": value}}


def _submit(slack, callback_id, values, user=ADMIN):
    resp = slack.sender.interaction(slack.sender.view_submission(callback_id, values, "", user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def test_help_comes_back_in_the_ack(slack):
    for text in ("", "help"):
        body = json.loads(_kpi(slack, text).body)
        assert body["response_type"] == "ephemeral" and "/kpi nudge" in body["blocks"][0]["text"]["text"]
        validate_blocks(body["blocks"])


def test_values_and_okrs_are_for_managers_hr_and_admins(slack):
    kpis = slack.container.kpis
    kpis.measurements.record("employee_adoption_rate", ORGANISATION, "2026-10", 57, by=ADMIN)
    kpis.measurements.record("employee_adoption_rate", parse_scope("department:Sales & <Ops>"), "2026-10", 61, by=ADMIN)
    _kpi(slack, "show", user=EMPLOYEE, name="refused")
    assert _reply(slack, "refused")["text"].startswith("Sorry, `/kpi show` is only for managers, HR and admins")
    for user in (MANAGER, HR_USER, ADMIN):
        _kpi(slack, "show", user=user, name=f"show-{user}")
        text = str(_reply(slack, f"show-{user}")["blocks"])
        assert "*Employee adoption rate* — the organisation: *57%* (2026-10, manual)" in text
        assert "department Sales &amp; &lt;Ops&gt;" in text  # names people typed are escaped
    _kpi(slack, "show employee_adoption_rate", user=MANAGER, name="series")
    assert "2026-10: *57%* (manual)" in str(_reply(slack, "series")["blocks"])
    _kpi(slack, "okrs", user=MANAGER, name="okrs")
    assert "No OKRs yet" in str(_reply(slack, "okrs")["blocks"])
    _kpi(slack, "show no_such_kpi", user=MANAGER, name="unknown")
    assert "Unknown KPI" in _reply(slack, "unknown")["text"]


def test_recording_inline(slack):
    _kpi(slack, "record employee_adoption_rate 62.5% 2026-10 department:Sales", user=MANAGER, name="ok")
    assert "Added: *Employee adoption rate* for department Sales, 2026-10 = 62.5." in _reply(slack, "ok")["text"]
    _kpi(slack, "record employee_adoption_rate 62.5 2026-10", user=EMPLOYEE, name="refused")
    assert "only for managers and admins" in _reply(slack, "refused")["text"]
    _kpi(slack, "record employee_adoption_rate 162 2026-10", user=MANAGER, name="range")
    assert "highest possible value" in _reply(slack, "range")["text"]
    _kpi(slack, "record employee_adoption_rate", user=MANAGER, name="short")
    assert "Give the KPI, value and period" in _reply(slack, "short")["text"]
    readings = slack.container.kpis.measurements.overview()
    assert [(str(r.scope), r.value) for r in readings] == [("department:Sales", 62.5)]


def test_the_record_form_checks_before_it_closes(slack):
    _kpi(slack, "record", user=MANAGER)
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "kpi_record"
    good = {"kpi": _select("adoption_by_department"), "scope": _select("department"), "scope_name": _text("Finance"),
            "period": _text("2026-Q3"), "value": _text("70"), "note": _text("from the HR survey")}
    cases = [({"value": _text("seventy")}, "value"), ({"period": _text("Q3")}, "period"),
             ({"scope": _select("organisation")}, "scope_name"), ({"scope_name": _text("")}, "scope_name"),
             ({"value": _text("170")}, "value")]
    for change, block in cases:
        body = _submit(slack, "kpi_record", {**good, **change}, user=MANAGER)
        assert body["response_action"] == "errors" and block in body["errors"], (change, body)
    assert slack.container.kpis.measurements.overview() == []
    body = _submit(slack, "kpi_record", good, user=MANAGER)
    assert body["response_action"] == "update" and "Finance" in body["view"]["blocks"][0]["text"]["text"]
    [reading] = slack.container.kpis.measurements.overview()
    assert (reading.kpi, str(reading.scope), reading.period.label, reading.note) == (
        "employee_adoption_rate", "department:Finance", "2026-Q3", "from the HR survey")


def test_a_crafted_record_form_from_an_employee_is_refused_and_stores_nothing(slack):
    values = {"kpi": _select("employee_adoption_rate"), "scope": _select("organisation"), "scope_name": _text(""),
              "period": _text("2026-Q3"), "value": _text("90"), "note": _text("")}
    body = _submit(slack, "kpi_record", values, user=EMPLOYEE)
    assert body["response_action"] == "update"
    text = body["view"]["blocks"][0]["text"]["text"]
    assert text.startswith("Sorry, recording KPI values is only for managers and admins.")
    assert slack.container.kpis.measurements.overview() == []


def test_before_and_after_values_in_the_command_and_the_form(slack):
    _kpi(slack, "record productivity_uplift 50->65 2026-Q3", user=MANAGER, name="change")
    assert "Added: *Productivity uplift* for the organisation, 2026-Q3 = 30." in _reply(slack, "change")["text"]
    _kpi(slack, "record employee_adoption_rate 50->65 2026-Q3", user=MANAGER, name="not-a-change")
    assert "not computed from a before and an after value" in _reply(slack, "not-a-change")["text"]
    values = {"kpi": _select("error_reduction"), "scope": _select("organisation"), "scope_name": _text(""),
              "period": _text("2026-Q3"), "value": _text("0->3"), "note": _text("")}
    body = _submit(slack, "kpi_record", values, user=MANAGER)
    assert body["response_action"] == "errors" and "baseline is 0" in body["errors"]["value"]
    body = _submit(slack, "kpi_record", {**values, "value": _text("40 -> 24")}, user=MANAGER)
    assert body["response_action"] == "update"
    found = {r.kpi: (r.value, r.note) for r in slack.container.kpis.measurements.overview()}
    assert found == {"productivity_uplift": (30, "computed from 50 before and 65 after"),
                     "error_reduction": (40, "computed from 40 before and 24 after")}


def test_nudges_are_for_admins(slack):
    for text in ("nudge", "nudges", "nudge remove 1"):
        _kpi(slack, text, user=MANAGER, name="refused")
        assert "managing KPI nudges is only for admins" in _reply(slack, "refused")["text"]
        slack.fake.reset()


def test_the_nudge_form_schedules_for_this_channel(slack):
    _kpi(slack, "nudge", user=ADMIN, channel="C0SALES")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert view["callback_id"] == "kpi_nudge" and blocks["channel"]["element"]["initial_conversation"] == "C0SALES"
    assert blocks["timezone"]["element"]["initial_value"] == "UTC"  # the person's tz from users.info, else UTC
    good = {"channel": {"value": {"type": "conversations_select", "selected_conversation": "C0SALES"}},
            "cron": _text("0 9 * * 1"), "timezone": _text("Europe/Berlin"),
            "kpis": _multi("employee_adoption_rate", "decline_rate"), "scope": _select("organisation"),
            "scope_name": _text(None), "period": _select("week"), "eligible": _text("S0STAFF"),
            "alerts": _text("employee_adoption_rate<60, decline_rate>20"),
            "options": {"value": {"type": "checkboxes", "selected_options": [{"value": "skip_unchanged"}]}}}
    cases = [({"timezone": _text("Berlin")}, "timezone"), ({"cron": _text("every monday")}, "cron"),
             ({"cron": _text("*/10 * * * *")}, "cron"), ({"alerts": _text("adoption low")}, "alerts"),
             ({"kpis": _multi()}, "kpis"), ({"eligible": _text("U0PERSON")}, "eligible"),
             ({"scope": _select("team")}, "scope_name")]
    for change, block in cases:
        body = _submit(slack, "kpi_nudge", {**good, **change})
        assert body["response_action"] == "errors" and block in body["errors"], (change, body)
    body = _submit(slack, "kpi_nudge", good, user=MANAGER)
    assert body["response_action"] == "errors" and "Only admins" in body["errors"]["cron"]
    assert slack.container.kpis.schedules.all() == []
    body = _submit(slack, "kpi_nudge", good)
    assert body["response_action"] == "update" and "(Europe/Berlin)" in body["view"]["blocks"][0]["text"]["text"]
    [s] = slack.container.kpis.schedules.all()
    assert (s.channel, s.cron, s.timezone, s.kpis, s.granularity, s.eligible, s.skip_unchanged, s.team_id) == (
        "C0SALES", "0 9 * * 1", "Europe/Berlin", ["employee_adoption_rate", "decline_rate"], "week", "S0STAFF",
        True, "T0TEST")
    assert [str(t) for t in s.thresholds] == ["employee_adoption_rate<60", "decline_rate>20"]
    body = _submit(slack, "kpi_nudge", good)  # the same schedule again would post every message twice
    assert body["response_action"] == "errors" and f"Nudge {s.id} already posts the same KPIs" in body["errors"]["kpis"]
    assert len(slack.container.kpis.schedules.all()) == 1


def test_the_schedule_list_and_its_remove_button(slack):
    kpis = slack.container.kpis
    s = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=["decline_rate"], okrs=[],
                           scope=ORGANISATION, by=ADMIN)
    _kpi(slack, "nudges", user=ADMIN, name="list")
    blocks = _reply(slack, "list")["blocks"]
    button = blocks[1]["accessory"]
    assert button["action_id"] == "kpi_nudge_remove" and button["value"] == str(s.id) and "confirm" in button
    slack.sender.interaction(slack.sender.block_action("kpi_nudge_remove", str(s.id), user=EMPLOYEE,
                                                       response_url=slack.fake.response_url("intruder")))
    assert "only for admins" in _reply(slack, "intruder")["text"]
    assert len(kpis.schedules.all()) == 1
    slack.sender.interaction(slack.sender.block_action("kpi_nudge_remove", str(s.id), user=ADMIN,
                                                       response_url=slack.fake.response_url("remove")))
    reply = _reply(slack, "remove")
    assert reply["replace_original"] is True and reply["text"] == f"Nudge {s.id} removed"
    assert kpis.schedules.all() == []
    _kpi(slack, f"nudge remove {s.id}", user=ADMIN, name="again")
    assert _reply(slack, "again")["text"] == f"There is no nudge {s.id}."


@pytest.mark.parametrize("text", ["catalog", "whatever"])
def test_catalog_and_unknown_words(slack, text):
    _kpi(slack, text, user=EMPLOYEE, name="reply")
    reply = _reply(slack, "reply")
    assert reply["response_type"] == "ephemeral"
    assert ("Employee adoption rate" if text == "catalog" else "/kpi nudge") in str(reply["blocks"])


def test_ids_past_64_bits_name_no_nudge_or_objective(slack):
    huge = "99999999999999999999999"
    _kpi(slack, f"nudge remove {huge}", user=ADMIN, name="command")
    assert _reply(slack, "command")["text"] == f"There is no nudge {huge}."
    slack.sender.interaction(slack.sender.block_action("kpi_nudge_remove", huge, user=ADMIN,
                                                       response_url=slack.fake.response_url("button")))
    assert _reply(slack, "button")["text"] == "That nudge was already gone"
    values = {"channel": {"value": {"type": "conversations_select", "selected_conversation": "C0SALES"}},
              "cron": _text("0 9 * * 1"), "timezone": _text("UTC"), "kpis": _multi("decline_rate"),
              "okrs": _multi(huge), "scope": _select("organisation"), "scope_name": _text(None),
              "period": _select("month"), "eligible": _text(None), "alerts": _text(None)}
    body = _submit(slack, "kpi_nudge", values)
    assert body["response_action"] == "errors" and f"No objective with id {huge}" in body["errors"]["okrs"]
    assert slack.container.kpis.schedules.all() == []
