"""Surveys through the real app and the fake Slack: HR creates and launches, employees get a DM, open the
modal, answer, are thanked; twice is refused kindly; a closed survey says so; non-HR is refused."""

from datetime import date

import pytest
from conftest import ADMIN, EMPLOYEE, HR_USER, validate_blocks, validate_view

PEOPLE = [f"U0STAFF{i:02d}" for i in range(6)]


def _survey_cmd(slack, text, user=HR_USER, name="survey"):
    resp = slack.sender.command(text, user=user, response_url=slack.fake.response_url(name), name="/survey")
    assert resp.status == 200
    return resp


def _value(kind, value):
    if kind == "static_select" or kind == "radio_buttons":
        return {"answer": {"type": kind, "selected_option": {"value": value} if value is not None else None}}
    if kind == "checkboxes":
        return {"answer": {"type": kind, "selected_options": [{"value": v} for v in value]}}
    return {"answer": {"type": "plain_text_input", "value": value}}


def _answers(view, likert="5", comment="Handy for drafts"):
    """Values as Slack sends them for the answer modal: every input filled in."""
    values = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        kind = block["element"]["type"]
        values[block["block_id"]] = _value(kind, likert if kind == "radio_buttons" else comment)
    return values


def _create_values(title="Copilot check-in", users=PEOPLE, template="tam", opens=date.today().isoformat(),
                   closes="2099-12-31", reminders="3,5", questions=None):
    return {"template": {"value": {"type": "static_select", "selected_option": {"value": template}}},
            "title": {"value": {"type": "plain_text_input", "value": title}},
            "intro": {"value": {"type": "plain_text_input", "value": None}},
            "questions": {"value": {"type": "plain_text_input", "value": questions}},
            "users": {"value": {"type": "multi_users_select", "selected_users": list(users)}},
            "channels": {"value": {"type": "multi_conversations_select", "selected_conversations": []}},
            "groups": {"value": {"type": "plain_text_input", "value": None}},
            "anonymity": {"value": {"type": "radio_buttons", "selected_option": {"value": "anonymous"}}},
            "opens": {"value": {"type": "datepicker", "selected_date": opens}},
            "closes": {"value": {"type": "datepicker", "selected_date": closes}},
            "reminders": {"value": {"type": "plain_text_input", "value": reminders}}}


def _submit(slack, callback_id, values, metadata="", user=HR_USER):
    resp = slack.sender.interaction(slack.sender.view_submission(callback_id, values, metadata, user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def _create_and_launch(slack, users=PEOPLE):
    _survey_cmd(slack, "new")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "survey_create"
    assert _submit(slack, "survey_create", _create_values(users=users)) == {}
    draft = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == HR_USER)[0].params
    launch = next(e for b in draft["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "survey_launch")
    slack.sender.interaction(slack.sender.block_action("survey_launch", launch["value"], user=HR_USER))
    invites = slack.fake.wait_for("chat.postMessage", count=len(users),
                                  where=lambda c: (c.params.get("metadata") or {}).get("event_type") == "coach_survey_dm")
    return int(launch["value"]), invites


def test_dm_modal_submit_round_trip_with_valid_block_kit(slack):
    slack.fake.departments.update({p: "Sales" for p in PEOPLE})
    survey_id, invites = _create_and_launch(slack)
    assert sorted(c.params["channel"] for c in invites) == PEOPLE
    invite = invites[0].params
    validate_blocks(invite["blocks"])
    assert invite["metadata"]["event_payload"]["survey_id"] == survey_id
    start = invite["blocks"][-1]["elements"][0]
    assert (start["action_id"], start["value"]) == ("survey_start", str(survey_id))

    person = invite["channel"]
    slack.sender.interaction(slack.sender.block_action("survey_start", str(survey_id), user=person))
    modal = slack.fake.wait_for("views.open", where=lambda c: c.params["view"].get("callback_id") == "survey_answer")
    view = modal[0].params["view"]
    validate_view(view)
    assert view["private_metadata"] == str(survey_id) and len([b for b in view["blocks"] if b["type"] == "input"]) == 9

    body = _submit(slack, "survey_answer", _answers(view), str(survey_id), user=person)
    assert body["response_action"] == "update" and "Thank you" in body["view"]["title"]["text"]
    validate_view(body["view"])
    again = _submit(slack, "survey_answer", _answers(view), str(survey_id), user=person)
    assert "already answered" in again["view"]["blocks"][0]["text"]["text"]
    slack.sender.interaction(slack.sender.block_action("survey_start", str(survey_id), user=person))
    refusal = slack.fake.wait_for("views.open", count=2,
                                  where=lambda c: c.params["view"].get("callback_id") != "survey_create")[-1]
    assert "already answered" in refusal.params["view"]["blocks"][0]["text"]["text"]
    status = slack.container.surveys.status(survey_id)
    assert (status.invited, status.responded, status.outbox) == (len(PEOPLE), 1, {"sent": len(PEOPLE)})
    with slack.container.uow() as uow:
        [stored] = uow.surveys.responses(survey_id)
    assert stored.user_id is None and stored.department == "Sales"


def test_a_missing_answer_is_shown_next_to_the_question(slack):
    survey_id, invites = _create_and_launch(slack)
    person = invites[0].params["channel"]
    slack.sender.interaction(slack.sender.block_action("survey_start", str(survey_id), user=person))
    view = slack.fake.wait_for("views.open", where=lambda c: c.params["view"].get("callback_id") == "survey_answer")[
        0].params["view"]
    values = _answers(view)
    values["eou2"] = _value("radio_buttons", None)
    body = _submit(slack, "survey_answer", values, str(survey_id), user=person)
    assert body == {"response_action": "errors", "errors": {"eou2": "Please answer this question."}}
    assert slack.container.surveys.status(survey_id).responded == 0


def test_a_closed_survey_says_so(slack):
    survey_id, invites = _create_and_launch(slack)
    _survey_cmd(slack, f"close {survey_id}", name="close")
    assert "Closed" in slack.fake.wait_for("response_url:close")[0].params["text"]
    person = invites[0].params["channel"]
    slack.sender.interaction(slack.sender.block_action("survey_start", str(survey_id), user=person))
    view = slack.fake.wait_for("views.open", where=lambda c: c.params["view"].get("callback_id") is None)[0]
    assert "has closed" in view.params["view"]["blocks"][0]["text"]["text"]
    body = _submit(slack, "survey_answer", {}, str(survey_id), user=person)
    assert "has closed" in body["view"]["blocks"][0]["text"]["text"]


def test_people_without_the_hr_role_are_refused_politely(slack):
    for text in ("", "new", "list", "results 1", "launch 1"):
        _survey_cmd(slack, text, user=EMPLOYEE, name="refused")
    replies = slack.fake.wait_for("response_url:refused", count=5)
    assert all(r.params["response_type"] == "ephemeral" and r.params["text"].startswith("Sorry, surveys are run by HR")
               for r in replies)
    assert not slack.fake.calls_to("views.open")
    body = _submit(slack, "survey_create", _create_values(), user=EMPLOYEE)
    assert body["response_action"] == "errors"
    slack.sender.interaction(slack.sender.block_action("survey_launch", "1", user=EMPLOYEE))
    dm = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == EMPLOYEE)[0]
    assert dm.params["text"].startswith("Sorry, surveys are run by HR")
    _survey_cmd(slack, "list", user=ADMIN, name="admin")
    assert slack.fake.wait_for("response_url:admin")[0].params["text"] == "Surveys"


def test_bad_create_input_is_explained_next_to_the_field(slack):
    _survey_cmd(slack, "new")
    slack.fake.wait_for("views.open")
    cases = [(_create_values(title=""), "title"), (_create_values(closes="2026-10-01"), "closes"),
             (_create_values(users=[]), "users"), (_create_values(reminders="soon"), "reminders"),
             (_create_values(template="custom", questions="likert: ok\nwhat: no"), "questions")]
    for values, field in cases:
        body = _submit(slack, "survey_create", values)
        assert body["response_action"] == "errors" and field in body["errors"], (field, body)
    assert slack.container.surveys.overview() == []


def test_results_come_as_a_dm_with_charts_and_feedback_trend(slack):
    survey_id, invites = _create_and_launch(slack)
    for i, person in enumerate(PEOPLE[:5]):
        slack.container.surveys.submit(survey_id, person, {f"pu{n}": 4 + i % 3 for n in range(1, 5)} |
                                       {f"eou{n}": 3 + i % 2 for n in range(1, 5)}, None)
    _survey_cmd(slack, f"results {survey_id}", name="results")
    assert "in your DMs" in slack.fake.wait_for("response_url:results")[0].params["text"]
    message = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "D0HRPERSON")[0]
    text = " ".join(b["text"]["text"] for b in message.params["blocks"] if b["type"] == "section")
    assert "Perceived usefulness" in text and "👍/👎" in text
    [complete] = slack.fake.wait_for("files.completeUploadExternal")
    assert complete.params["channel_id"] == "D0HRPERSON"
    [upload] = slack.fake.calls_to("upload")
    assert slack.fake.uploads[upload.params["file_id"]].startswith(b"\x89PNG")


def test_app_home_shows_live_response_rates_to_hr(slack):
    survey_id, _ = _create_and_launch(slack)
    slack.container.surveys.submit(survey_id, PEOPLE[0], {f"pu{n}": 5 for n in range(1, 5)} |
                                   {f"eou{n}": 5 for n in range(1, 5)}, None)
    slack.sender.event({"type": "app_home_opened", "user": HR_USER, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1.2"})
    view = slack.fake.wait_for("views.publish")[0].params["view"]
    text = str(view["blocks"])
    assert "Surveys (HR)" in text and f"1/{len(PEOPLE)} answered" in text
    slack.sender.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1.3"})
    employee = slack.fake.wait_for("views.publish", count=2)[1].params["view"]
    assert "Surveys (HR)" not in str(employee["blocks"])


@pytest.fixture(autouse=True)
def _no_survey_left_running(request):
    yield
    if "slack" in request.fixturenames:
        request.getfixturevalue("slack").drain()
