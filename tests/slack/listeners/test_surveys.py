"""Surveys through the real app and the fake Slack: HR creates (from a template or from scratch, from
`/survey new` or App Home) and launches (now, or on a later opening day), employees get a DM, open the modal,
answer, are thanked; twice is refused kindly; a closed survey says so; non-HR is refused; results come as a
DM with charts, a CSV file and the 👍/👎 trend."""

import json
from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.slack.listeners.surveys import _filters
from bot.store.tables.feedback import Feedback
from bot.surveys.stats import ALPHA_NOTE
from tests.slack.conftest import (
    ADMIN,
    EMPLOYEE,
    HR_USER,
    validate_blocks,
    validate_view,
)
from tests.slack.fake_slack import BOT_USER_ID

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
                   closes="2099-12-31", reminders="3,5", questions=None, channels=(), groups=None,
                   anonymity="anonymous"):
    return {"template": {"value": {"type": "static_select", "selected_option": {"value": template}}},
            "title": {"value": {"type": "plain_text_input", "value": title}},
            "intro": {"value": {"type": "plain_text_input", "value": None}},
            "questions": {"value": {"type": "plain_text_input", "value": questions}},
            "users": {"value": {"type": "multi_users_select", "selected_users": list(users)}},
            "channels": {"value": {"type": "multi_conversations_select", "selected_conversations": list(channels)}},
            "groups": {"value": {"type": "plain_text_input", "value": groups}},
            "anonymity": {"value": {"type": "radio_buttons", "selected_option": {"value": anonymity}}},
            "opens": {"value": {"type": "datepicker", "selected_date": opens}},
            "closes": {"value": {"type": "datepicker", "selected_date": closes}},
            "reminders": {"value": {"type": "plain_text_input", "value": reminders}}}


def _submit(slack, callback_id, values, metadata="", user=HR_USER):
    resp = slack.sender.interaction(slack.sender.view_submission(callback_id, values, metadata, user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def _is_invite(call):
    return (call.params.get("metadata") or {}).get("event_type") == "coach_survey_dm"


def _create(slack, **values):
    """A draft through `/survey new` and the create modal; returns its number (from the draft's Launch button)."""
    _survey_cmd(slack, "new")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "survey_create"
    assert _submit(slack, "survey_create", _create_values(**values)) == {}
    draft = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == HR_USER)[0].params
    launch = next(e for b in draft["blocks"] if b["type"] == "actions" for e in b["elements"]
                  if e["action_id"] == "survey_launch")
    return int(launch["value"])


def _create_and_launch(slack, users=PEOPLE, **values):
    survey_id = _create(slack, users=users, **values)
    slack.sender.interaction(slack.sender.block_action("survey_launch", str(survey_id), user=HR_USER))
    invites = slack.fake.wait_for("chat.postMessage", count=len(users), where=_is_invite)
    return survey_id, invites


def _texts(blocks):
    """Every text of sections and context blocks, joined."""
    parts = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    parts += [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    return "\n".join(parts)


def _results_dm(slack):
    return slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == "D0HRPERSON"
                               and c.params.get("text", "").startswith("Survey results"))[0].params


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
    slack.drain()  # the answers are stored once the form has its reply
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


def test_results_come_as_a_dm_with_alpha_explained_distributions_charts_csv_and_feedback_trend(slack):
    survey_id, invites = _create_and_launch(slack)
    for i, person in enumerate(PEOPLE[:5]):
        slack.container.surveys.submit(survey_id, person, {f"pu{n}": 4 + i % 3 for n in range(1, 5)} |
                                       {f"eou{n}": 3 + i % 2 for n in range(1, 5)}, None)
    when = datetime.now(timezone.utc) - timedelta(minutes=5)
    with slack.container.uow() as uow:
        for rating, reason in (("up", None), ("up", None), ("up", None), ("down", "outdated"), ("down", "outdated"),
                               ("down", "wrong")):
            uow.session.add(Feedback(user_id=EMPLOYEE, via="button", rating=rating, reason=reason, created_at=when))
        uow.commit()
    _survey_cmd(slack, f"close {survey_id}", name="close")  # anonymous: results once closed
    slack.fake.wait_for("response_url:close")
    _survey_cmd(slack, f"results {survey_id}", name="results")
    assert "in your DMs" in slack.fake.wait_for("response_url:results")[0].params["text"]
    text = _texts(_results_dm(slack)["blocks"])
    assert "Perceived usefulness" in text and ALPHA_NOTE in text
    # usefulness: every item 4, 5, 6, 4, 5; one item of four is reverse-coded (v → 8 - v), so a person scores
    # (3v + 8 - v) / 4 = v / 2 + 2: 4, 4.5, 5, 4, 4.5, rounded to the scale 4, 5, 5, 4, 5
    assert "people scoring 1…7:_ 0 · 0 · 0 · 2 · 3 · 0 · 0" in text
    assert "3 👍 / 3 👎 (50% helpful) — outdated ×2, wrong ×1" in text
    complete = slack.fake.wait_for("files.completeUploadExternal", count=3)
    assert {c.params["channel_id"] for c in complete} == {"D0HRPERSON"}
    titles = [f["title"] for c in complete for f in c.params["files"]]
    assert sorted(t.split(": ")[-1] for t in titles) == ["constructs chart", "distribution chart", "results (CSV)"]
    uploaded = [slack.fake.uploads[u.params["file_id"]] for u in slack.fake.calls_to("upload")]
    assert sum(f.startswith(b"\x89PNG") for f in uploaded) == 2
    [csv_file] = [f.decode() for f in uploaded if not f.startswith(b"\x89PNG")]
    assert csv_file.startswith("survey_id,wave")
    assert ",construct,usefulness,Perceived usefulness,5,count_5,3" in csv_file


def test_without_ratings_the_trend_says_so_and_a_view_under_k_sends_no_csv(slack):
    survey_id, _ = _create_and_launch(slack)
    for person in PEOPLE[:4]:  # under k = 5
        slack.container.surveys.submit(survey_id, person, {f"pu{n}": 5 for n in range(1, 5)} |
                                       {f"eou{n}": 5 for n in range(1, 5)}, None)
    slack.container.surveys.close(survey_id)
    _survey_cmd(slack, f"results {survey_id}", name="results")
    slack.fake.wait_for("response_url:results")
    text = _texts(_results_dm(slack)["blocks"])
    assert "No ratings in the last weeks" in text and "👍 /" not in text
    slack.drain()
    assert slack.fake.calls_to("files.completeUploadExternal") == []


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


def test_app_home_new_survey_button_opens_the_create_modal_for_hr_only(slack):
    home = {"type": "view", "view_id": "V0HOME"}
    slack.sender.interaction(slack.sender.block_action("survey_new", "new", user=HR_USER, container=home))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "survey_create"
    assert [o["value"] for o in view["blocks"][0]["element"]["options"]] == ["enps", "pulse", "tam", "utaut", "custom"]
    slack.sender.interaction(slack.sender.block_action("survey_new", "new", user=EMPLOYEE, container=home))
    refused = slack.fake.wait_for("views.open", count=2)[1].params["view"]
    assert refused.get("callback_id") is None and "only for HR and admins" in refused["blocks"][0]["text"]["text"]


SCRATCH = ("likert (fit): The tool fits my work\nlikert (fit) reverse: It gets in the way\n"
           "single: How often? | Daily | Once a week\nmulti optional: Which tasks? | Drafts | Code | Data\n"
           "nps: Would you recommend it?\ntext optional: Anything else?")


def test_from_scratch_with_every_kind_of_question_attributed_and_launched_with_the_command(slack):
    survey_id = _create(slack, template="custom", questions=SCRATCH, anonymity="attributed", users=PEOPLE[:2])
    _survey_cmd(slack, f"launch {survey_id}", name="launch")
    assert "is open" in slack.fake.wait_for("response_url:launch")[0].params["text"]
    invites = slack.fake.wait_for("chat.postMessage", count=2, where=_is_invite)
    assert "not anonymous" in str(invites[0].params["blocks"])
    person = invites[0].params["channel"]
    slack.sender.interaction(slack.sender.block_action("survey_start", str(survey_id), user=person))
    view = slack.fake.wait_for("views.open", where=lambda c: c.params["view"].get("callback_id") == "survey_answer")[
        0].params["view"]
    inputs = {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}
    assert inputs == {"q1": "radio_buttons", "q2": "radio_buttons", "q3": "radio_buttons", "q4": "checkboxes",
                      "q5": "static_select", "q6": "plain_text_input"}
    values = {"q1": _value("radio_buttons", "6"), "q2": _value("radio_buttons", "2"),
              "q3": _value("radio_buttons", "Once a week"), "q4": _value("checkboxes", ["Drafts", "Data"]),
              "q5": _value("static_select", "9"), "q6": _value("plain_text_input", "Saves my mornings")}
    body = _submit(slack, "survey_answer", values, str(survey_id), user=person)
    assert body["response_action"] == "update"
    slack.drain()
    with slack.container.uow() as uow:
        [stored] = uow.surveys.responses(survey_id)
    assert stored.user_id == person  # attributed: the name is kept
    assert json.loads(stored.answers) == {"q1": 6, "q2": 2, "q3": "Once a week", "q4": ["Drafts", "Data"],
                                          "q5": 9, "q6": "Saves my mornings"}


def test_channel_and_user_group_audiences_are_their_members_without_the_bot(slack):
    slack.fake.channel_members["C0SURVEYS"] = [PEOPLE[0], PEOPLE[1], BOT_USER_ID]
    slack.fake.user_groups["S0SURVEYS"] = [PEOPLE[1], PEOPLE[2]]
    survey_id, _ = _create_and_launch(slack, users=[PEOPLE[3]], channels=["C0SURVEYS"], groups="S0SURVEYS")
    invites = slack.fake.wait_for("chat.postMessage", count=4, where=_is_invite)
    assert sorted(c.params["channel"] for c in invites) == PEOPLE[:4]
    assert slack.fake.calls_to("conversations.members")[0].params["channel"] == "C0SURVEYS"
    assert slack.fake.calls_to("usergroups.users.list")[-1].params["usergroup"] == "S0SURVEYS"
    assert slack.container.surveys.status(survey_id).invited == 4


def test_a_survey_opening_on_a_later_day_is_sent_by_the_tick_on_that_day(slack, monkeypatch):
    tomorrow = date.today() + timedelta(days=1)
    survey_id = _create(slack, opens=tomorrow.isoformat())
    slack.sender.interaction(slack.sender.block_action("survey_launch", str(survey_id), user=HR_USER))
    told = slack.fake.wait_for("chat.postMessage", where=lambda c: "scheduled to open" in c.params.get("text", ""))
    assert told[0].params["channel"] == HR_USER
    slack.drain()
    slack.container.survey_jobs.tick()
    assert slack.container.surveys.status(survey_id).status == "scheduled"
    assert not [c for c in slack.fake.calls if _is_invite(c)]  # not before its day
    opening_day = datetime.combine(tomorrow, time(8, 0), tzinfo=timezone.utc)
    monkeypatch.setattr(slack.container.surveys, "_clock", lambda: opening_day)
    monkeypatch.setattr(slack.container.surveys.sender, "_clock", lambda: opening_day)
    slack.container.survey_jobs.tick()
    invites = slack.fake.wait_for("chat.postMessage", count=len(PEOPLE), where=_is_invite)
    assert sorted(c.params["channel"] for c in invites) == PEOPLE
    assert slack.container.surveys.status(survey_id).status == "open"


def test_the_close_and_results_buttons_under_the_survey_list(slack):
    survey_id, _ = _create_and_launch(slack)
    for person in PEOPLE[:5]:
        slack.container.surveys.submit(survey_id, person, {f"pu{n}": 6 for n in range(1, 5)} |
                                       {f"eou{n}": 6 for n in range(1, 5)}, None)
    _survey_cmd(slack, "list", name="list")
    listed = slack.fake.wait_for("response_url:list")[0].params["blocks"]
    buttons = {e["action_id"]: e["value"] for b in listed if b["type"] == "actions" for e in b["elements"]}
    assert buttons == {"survey_close": str(survey_id)}  # an open anonymous survey shows no results yet
    slack.sender.interaction(slack.sender.block_action("survey_close", buttons["survey_close"], user=HR_USER,
                                                       response_url=slack.fake.response_url("closed")))
    assert "Closed" in slack.fake.wait_for("response_url:closed")[0].params["text"]
    assert slack.container.surveys.status(survey_id).status == "closed"
    _survey_cmd(slack, "list", name="relisted")
    listed = slack.fake.wait_for("response_url:relisted")[0].params["blocks"]
    buttons = {e["action_id"]: e["value"] for b in listed if b["type"] == "actions" for e in b["elements"]}
    assert buttons == {"survey_results": str(survey_id)}
    slack.sender.interaction(slack.sender.block_action("survey_results", buttons["survey_results"], user=HR_USER,
                                                       response_url=slack.fake.response_url("shown")))
    assert "in your DMs" in slack.fake.wait_for("response_url:shown")[0].params["text"]
    assert "Perceived usefulness" in _texts(_results_dm(slack)["blocks"])


def test_survey_numbers_past_64_bits_are_surveys_that_do_not_exist(slack):
    huge = "99999999999999999999999"
    for verb in ("results", "close", "launch"):
        _survey_cmd(slack, f"{verb} {huge}", name=f"cmd-{verb}")
        assert slack.fake.wait_for(f"response_url:cmd-{verb}")[0].params["text"] == f"There is no survey {huge}."
        slack.sender.interaction(slack.sender.block_action(f"survey_{verb}", huge, user=HR_USER,
                                                           response_url=slack.fake.response_url(f"button-{verb}")))
        assert slack.fake.wait_for(f"response_url:button-{verb}")[0].params["text"] == f"There is no survey {huge}."
    slack.sender.interaction(slack.sender.block_action("survey_start", huge, user=EMPLOYEE))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert "can't find that survey" in view["blocks"][0]["text"]["text"]
    body = _submit(slack, "survey_answer", {}, huge, user=EMPLOYEE)
    assert "can't find that survey" in body["view"]["blocks"][0]["text"]["text"]
    slack.drain()
    assert slack.container.surveys.overview() == []


def test_result_filters_take_values_with_spaces_in_quotes_or_with_underscores(slack):
    survey_id, _ = _create_and_launch(slack)
    for person in PEOPLE:
        slack.container.surveys.submit(survey_id, person, {f"pu{n}": 6 for n in range(1, 5)} |
                                       {f"eou{n}": 6 for n in range(1, 5)}, "Customer Success")
    slack.container.surveys.close(survey_id)
    for i, how in enumerate(('department="Customer Success"', "department=Customer_Success")):
        _survey_cmd(slack, f"results {survey_id} {how}", name=f"filtered{i}")
        assert "in your DMs" in slack.fake.wait_for(f"response_url:filtered{i}")[0].params["text"]
    dms = slack.fake.wait_for("chat.postMessage", count=2, where=lambda c: c.params.get("channel") == "D0HRPERSON")
    for dm in dms:
        text = _texts(dm.params["blocks"])
        assert "filters: department = Customer Success" in text and f"(n={len(PEOPLE)})" in text
    _survey_cmd(slack, f'results {survey_id} department="Customer Success', name="unclosed")
    assert "Close the quotes" in slack.fake.wait_for("response_url:unclosed")[0].params["text"]
    _survey_cmd(slack, "help", name="help")
    assert '`department="Customer Success"`' in slack.fake.wait_for("response_url:help")[0].params["text"]


def test_filter_parsing():
    assert _filters('department="Customer Success" frequency=Once_or_twice q3=“Once a week” pu1=5') == {
        "department": "Customer Success", "frequency": "Once or twice", "q3": "Once a week", "pu1": "5"}
    assert _filters("q2='snake_case stays' q4=R&amp;D") == {"q2": "snake_case stays", "q4": "R&D"}
    assert _filters("  ") == {}
    for bad in ("Sales", 'department="Customer', "department=Sales extra"):
        with pytest.raises(Exception, match="Filters look like|Close the quotes"):
            _filters(bad)
