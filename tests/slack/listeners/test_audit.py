"""`/incentive-audit` through the fake Slack: open, add and remove roles, field errors, the report by DM
with Markdown and CSV files, sharing, history and App Home. Every payload is validated by conftest."""

import json

from bot.audit.inputs import AuditRequest, RoleInput
from bot.slack.client import web_client
from bot.slack.home import home_data
from tests.slack.conftest import ADMIN, BOT_TOKEN, EMPLOYEE, MANAGER, validate_view
from tests.slack.fake_slack import TEAM_ID

COMMAND = "/incentive-audit"


def _command(slack, text="", user=MANAGER, name="audit"):
    resp = slack.sender.command(text, user=user, name=COMMAND, response_url=slack.fake.response_url(name))
    assert resp.status == 200
    return resp


def _text(value):
    return {"value": {"type": "plain_text_input", "value": value}}


def _values(team, rows):
    """State values for the team and role rows {key: {field: text}}."""
    values = {"team": _text(team)}
    for key, fields in rows.items():
        for field in ("name", "metrics", "rewards", "ai_workflows", "displaced_work"):
            values[f"role:{key}:{field}"] = _text(fields.get(field))
    return values


def _click_in_modal(slack, action_id, value, metadata, values, user=MANAGER):
    payload = slack.sender.block_action(action_id, value, user=user,
                                        container={"type": "view", "view_id": "V0VIEW"})
    payload["view"] = {"id": "V0VIEW", "hash": "1700000000.abc", "type": "modal", "callback_id": "incentive_audit",
                       "private_metadata": json.dumps(metadata), "state": {"values": values}}
    assert slack.sender.interaction(payload).status == 200


def _submit(slack, values, metadata, user=MANAGER, callback="incentive_audit"):
    resp = slack.sender.interaction(slack.sender.view_submission(callback, values, json.dumps(metadata)
                                                                 if isinstance(metadata, dict) else metadata,
                                                                 user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def _audits(slack):
    return slack.container.audits.history()


SUPPORT = {"name": "customer service rep", "metrics": "tickets closed per day", "rewards": "Quarterly bonus on "
           "tickets closed", "ai_workflows": "AI-suggested replies", "displaced_work": ""}
SALES = {"name": "Sales Rep", "metrics": "Quota only"}


def _run_audit(slack, rows=None, team="Support EMEA"):
    rows = rows or {"0": SUPPORT, "1": SALES}
    body = _submit(slack, _values(team, rows), {"rows": list(rows), "next": len(rows)})
    assert body["response_action"] == "update"
    return slack.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == MANAGER)[-1]


def test_modal_round_trip_open_add_role_submit_and_report(slack):
    _command(slack)
    opened = slack.fake.wait_for("views.open")[0].params["view"]
    assert opened["callback_id"] == "incentive_audit" and json.loads(opened["private_metadata"])["rows"] == ["0"]
    assert [b["block_id"] for b in opened["blocks"] if b["type"] == "input"] == [
        "team", "role:0:name", "role:0:metrics", "role:0:rewards", "role:0:ai_workflows", "role:0:displaced_work"]

    typed = _values("Support EMEA", {"0": SUPPORT})
    _click_in_modal(slack, "audit_add_role", "1", {"rows": ["0"], "next": 1}, typed)
    update = slack.fake.wait_for("views.update")[0].params
    assert update["view_id"] == "V0VIEW" and update["hash"] == "1700000000.abc"
    view = update["view"]
    assert json.loads(view["private_metadata"])["rows"] == ["0", "1"]
    kept = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert kept["team"] == "Support EMEA" and kept["role:0:metrics"] == "tickets closed per day"
    assert kept["role:1:name"] is None

    report = _run_audit(slack, {"0": SUPPORT, "1": SALES}).params
    text = json.dumps(report["blocks"])
    assert report["text"].startswith("Incentive audit #") and "Support EMEA" in report["text"]
    assert "First-contact resolution" in text and "AI-assisted outcomes rewarded" in text
    assert "Quota plus forecast accuracy" in text and "Bonus weighting adjusted" in text
    assert "Top three actions" in text and report["blocks"][-2]["elements"][0]["action_id"] == "audit_share"

    completes = slack.fake.wait_for("files.completeUploadExternal", count=2)
    posted_ts = slack.fake.posted[f"D{MANAGER[1:]}"][0]["ts"]
    assert {c.params["channel_id"] for c in completes} == {f"D{MANAGER[1:]}"}
    assert {c.params["thread_ts"] for c in completes} == {posted_ts}
    names = [c.params["filename"] for c in slack.fake.calls_to("files.getUploadURLExternal")]
    audit_id = _audits(slack)[0].id
    assert names == [f"incentive-audit-{audit_id}-support-emea.md", f"incentive-audit-{audit_id}-support-emea.csv"]
    contents = [b.decode() for b in slack.fake.uploads.values()]
    assert any(c.startswith("# Incentive audit: Support EMEA") for c in contents)
    assert any(c.startswith("audit_id,team,created_at") for c in contents)

    slack.drain()
    [entry] = _audits(slack)
    stored = slack.container.audits.get(entry.id)
    assert (stored.author, entry.role_count, entry.team) == (MANAGER, 2, "Support EMEA")
    assert [r.match.id for r in stored.roles] == ["support_agent", "sales_rep"]


def test_people_without_the_manager_role_are_refused_politely(slack):
    _command(slack, user=EMPLOYEE, name="refuse")
    reply = slack.fake.wait_for("response_url:refuse")[0].params
    assert reply["response_type"] == "ephemeral" and reply["text"].startswith("Sorry, `/incentive-audit` is only")
    slack.drain()
    assert slack.fake.calls_to("views.open") == []
    body = _submit(slack, _values("Team", {"0": SALES}), {"rows": ["0"], "next": 1}, user=EMPLOYEE)
    assert body["response_action"] == "errors" and "team" in body["errors"]
    assert _audits(slack) == []


def test_admins_may_audit_too(slack):
    _command(slack, user=ADMIN)
    assert slack.fake.wait_for("views.open")[0].params["view"]["callback_id"] == "incentive_audit"


def test_removing_a_role_keeps_the_other_rows_values(slack):
    typed = _values("Ops", {"a": SALES, "b": SUPPORT})
    _click_in_modal(slack, "audit_remove_role", "a", {"rows": ["a", "b"], "next": 2}, typed)
    view = slack.fake.wait_for("views.update")[0].params["view"]
    kept = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"}
    assert "role:a:name" not in kept and kept["role:b:name"] == "customer service rep"
    assert json.loads(view["private_metadata"]) == {"rows": ["b"], "next": 2}
    assert not any(b.get("accessory") for b in view["blocks"])  # the last row cannot be removed


def test_ten_rows_is_the_limit(slack):
    rows = [str(i) for i in range(10)]
    _click_in_modal(slack, "audit_add_role", "10", {"rows": rows, "next": 10}, _values("T", {}))
    view = slack.fake.wait_for("views.update")[0].params["view"]
    assert json.loads(view["private_metadata"])["rows"] == rows
    assert not any(b["type"] == "actions" for b in view["blocks"]) and "10 roles is the most" in json.dumps(view)
    validate_view(view)
    _click_in_modal(slack, "audit_remove_role", "x", {"rows": rows + ["10", "11"], "next": 12}, _values("T", {}))
    view = slack.fake.wait_for("views.update", count=2)[-1].params["view"]
    assert json.loads(view["private_metadata"])["rows"] == rows  # a crafted longer form is rebuilt with ten


def test_a_crafted_submission_with_eleven_roles_is_refused_not_cut(slack):
    rows = {str(i): SALES for i in range(11)}
    body = _submit(slack, _values("Sales", rows), {"rows": list(rows), "next": 11})
    assert body["response_action"] == "errors" and list(body["errors"]) == ["role:0:name"]
    assert "at most 10 roles" in body["errors"]["role:0:name"] and "you entered 11" in body["errors"]["role:0:name"]
    slack.drain()
    assert _audits(slack) == [] and slack.fake.calls_to("chat.postMessage") == []


def test_invalid_input_comes_back_on_the_right_fields_and_stores_nothing(slack):
    rows = {"7": {"name": "Analyst", "metrics": "  ", "rewards": "x" * 5000}, "9": {"name": "", "metrics": "KPI"}}
    body = _submit(slack, _values("t" * 5000, rows), {"rows": ["7", "9"], "next": 10})
    assert body["response_action"] == "errors"
    assert set(body["errors"]) == {"team", "role:7:metrics", "role:7:rewards", "role:9:name"}
    assert "at least one metric" in body["errors"]["role:7:metrics"]
    assert "5,000 characters" in body["errors"]["role:7:rewards"]
    assert all(len(m) <= 150 for m in body["errors"].values())
    slack.drain()
    assert _audits(slack) == [] and slack.fake.calls_to("chat.postMessage") == []


def test_a_failed_upload_is_explained_in_the_thread(slack):
    slack.fake.script("files.getUploadURLExternal", error="not_allowed_token_type")
    _run_audit(slack, {"0": SALES})
    report, note = slack.fake.wait_for("chat.postMessage", count=2)
    slack.drain()
    audit_id = _audits(slack)[0].id
    assert "Slack refused the file" in note.params["text"] and f"coach audit show {audit_id}" in note.params["text"]
    assert note.params["thread_ts"] == slack.fake.posted[f"D{MANAGER[1:]}"][0]["ts"]
    assert "thread_ts" not in report.params


def test_history_lists_past_audits_with_what_changed(slack):
    _run_audit(slack, {"0": SALES})
    slack.drain()
    _run_audit(slack, {"0": {**SALES, "metrics": "Quota plus forecast accuracy"}}, team="support emea")
    slack.drain()
    second_id = _audits(slack)[0].id
    _command(slack, "history Support EMEA", name="history")
    reply = slack.fake.wait_for("response_url:history")[0].params
    text = json.dumps(reply["blocks"])
    newest, oldest = reply["blocks"][1]["text"]["text"], reply["blocks"][2]["text"]["text"]
    assert reply["response_type"] == "ephemeral" and newest.startswith(f"*#{second_id} support emea*")
    assert "Sales Rep: score" in newest and "metrics now" in newest and "First audit of this team" in oldest
    assert "Sales Rep: score" in text
    assert reply["blocks"][0]["text"]["text"].startswith("*Your incentive audits for Support EMEA*")
    assert reply["blocks"][-1]["elements"][0]["text"].startswith("You see the audits you ran yourself; admins see "
                                                                 "every audit in this workspace.")
    _command(slack, "history", user=ADMIN, name="admin-history")
    admin = slack.fake.wait_for("response_url:admin-history")[0].params["blocks"]
    assert f"#{second_id} " in json.dumps(admin) and "You see every audit in this workspace" in json.dumps(admin)
    _command(slack, "history Nowhere", name="none")
    nothing = slack.fake.wait_for("response_url:none")[0].params
    assert nothing["blocks"][0]["text"]["text"].startswith("You have not run any incentive audits for Nowhere yet")
    assert nothing["blocks"][1]["elements"][0]["text"].startswith("You see the audits you ran yourself")


def test_share_to_a_channel_posts_the_summary_and_records_it(slack):
    _run_audit(slack, {"0": SALES})
    slack.drain()
    audit_id = _audits(slack)[0].id
    slack.sender.interaction(slack.sender.block_action("audit_share", str(audit_id), user=MANAGER))
    modal = slack.fake.wait_for("views.open")[0].params["view"]
    assert modal["callback_id"] == "incentive_audit_share" and modal["private_metadata"] == str(audit_id)
    values = {"share_channel": {"channel": {"type": "conversations_select", "selected_conversation": "C0LEADS"}}}
    _submit(slack, values, str(audit_id), callback="incentive_audit_share")
    shared = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C0LEADS")[0].params
    assert "Incentive audit: Support EMEA" in shared["text"] and f"<@{MANAGER}>" in json.dumps(shared["blocks"])
    confirm = slack.fake.wait_for("chat.postMessage", count=2, where=lambda c: c.params["channel"] == MANAGER)
    assert "Shared the summary" in confirm[-1].params["text"]
    slack.drain()
    assert _audits(slack)[0].shared_to == "C0LEADS"


def test_sharing_fails_kindly_and_only_the_author_may_share(slack):
    _run_audit(slack, {"0": SALES})
    slack.drain()
    audit_id = _audits(slack)[0].id
    slack.fake.script("chat.postMessage", error="not_in_channel")
    values = {"share_channel": {"channel": {"type": "conversations_select", "selected_conversation": "C0SECRET"}}}
    _submit(slack, values, str(audit_id), callback="incentive_audit_share")
    notes = slack.fake.wait_for("chat.postMessage", count=3)
    assert "/invite @adoption coach" in notes[-1].params["text"]
    body = _submit(slack, values, str(audit_id), callback="incentive_audit_share", user="U0OTHERMGR")
    assert body["response_action"] == "errors"
    slack.sender.interaction(slack.sender.block_action("audit_share", str(audit_id), user=EMPLOYEE))
    refusal = slack.fake.wait_for("views.open")[0].params["view"]
    assert refusal["title"]["text"] == "Share audit" and "can't find" in json.dumps(refusal)
    slack.drain()
    assert _audits(slack)[0].shared_to is None


def test_a_shared_conversation_that_is_no_channel_id_is_refused_at_the_field(slack):
    _run_audit(slack, {"0": SALES})
    slack.drain()
    audit_id = _audits(slack)[0].id
    posted = len(slack.fake.calls_to("chat.postMessage"))
    for crafted in ("U0OTHERMGR", "C0LEADS> <!here", "#general"):  # the picker offers channels: a crafted form
        values = {"share_channel": {"channel": {"type": "conversations_select", "selected_conversation": crafted}}}
        body = _submit(slack, values, str(audit_id), callback="incentive_audit_share")
        assert body["response_action"] == "errors"
        assert body["errors"] == {"share_channel": f"{crafted.upper()!r} is not a Slack channel ID (they look like "
                                                   "C012AB3CD; in Slack: channel name › About › Channel ID)."}
    slack.drain()
    assert len(slack.fake.calls_to("chat.postMessage")) == posted and _audits(slack)[0].shared_to is None


def test_app_home_lists_the_managers_recent_audits(slack):
    _run_audit(slack, {"0": SALES})
    slack.drain()
    slack.sender.event({"type": "app_home_opened", "user": MANAGER, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1700000000.000009"})
    view = slack.fake.wait_for("views.publish")[0].params["view"]
    blocks = view["blocks"]
    at = next(i for i, b in enumerate(blocks) if b["type"] == "header" and "Incentive audits" in b["text"]["text"])
    assert "Support EMEA" in blocks[at + 1]["text"]["text"] and "private" in blocks[at + 1]["text"]["text"]


def test_sharing_offers_the_channel_the_audit_was_started_in(slack):
    body = _submit(slack, _values("Support EMEA", {"0": SALES}), {"rows": ["0"], "next": 1, "channel": "C0LEADS"})
    assert body["response_action"] == "update"
    report = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == MANAGER)[0].params
    slack.drain()
    audit_id = _audits(slack)[0].id
    button = report["blocks"][-2]["elements"][0]
    assert button["value"] == f"{audit_id}:C0LEADS"
    slack.sender.interaction(slack.sender.block_action("audit_share", button["value"], user=MANAGER))
    modal = slack.fake.wait_for("views.open")[0].params["view"]
    assert modal["private_metadata"] == str(audit_id)
    assert modal["blocks"][1]["element"]["initial_conversation"] == "C0LEADS"
    assert "The channel you started the audit in is chosen" in modal["blocks"][0]["text"]["text"]


def test_a_workspace_never_sees_or_shares_another_workspaces_audits(slack):
    elsewhere = slack.container.audits.run(AuditRequest("Other Co", (RoleInput("Sales Rep", "Quota only"),)),
                                           author=ADMIN, workspace_id="T0ELSEWHERE")
    _run_audit(slack, {"0": SALES})
    slack.drain()
    here = next(e.id for e in _audits(slack) if e.id != elsewhere.id)
    # sharing from this workspace: the button and a crafted share form both refuse, even for an admin
    slack.sender.interaction(slack.sender.block_action("audit_share", str(elsewhere.id), user=ADMIN))
    assert "can't find" in json.dumps(slack.fake.wait_for("views.open")[0].params["view"])
    values = {"share_channel": {"channel": {"type": "conversations_select", "selected_conversation": "C0LEADS"}}}
    body = _submit(slack, values, str(elsewhere.id), user=ADMIN, callback="incentive_audit_share")
    assert body["response_action"] == "errors"
    # history and App Home list this workspace's audits only
    _command(slack, "history", user=ADMIN, name="ws-history")
    listed = json.dumps(slack.fake.wait_for("response_url:ws-history")[0].params["blocks"])
    assert f"#{here} " in listed and "Other Co" not in listed
    deps = slack.container.slack_deps
    client = web_client(slack.container.settings, BOT_TOKEN)
    assert [e.id for e in home_data(deps, client, ADMIN, workspace_id=TEAM_ID).audits] == [here]
    assert [e.id for e in home_data(deps, client, ADMIN, workspace_id="T0ELSEWHERE").audits] == [elsewhere.id]
    slack.drain()
    assert not [c for c in slack.fake.calls_to("chat.postMessage") if c.params["channel"] == "C0LEADS"]
    assert all(e.shared_to is None for e in _audits(slack))
