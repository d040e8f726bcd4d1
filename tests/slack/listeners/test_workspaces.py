"""Two workspaces on one OAuth install (A is the fake Slack's T0TEST, B is T0OTHER), through signed requests:
HR, admins and managers of B neither see nor change A's surveys, questions, answers and feedback (`/survey`,
the survey buttons, App Home, the gap report, `/coach gaps|usage|tools`, 👍/👎 and the shortcut), and what B
is told about A's survey or answer is word for word what it is told about one that does not exist. A still
sees and changes its own."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from pydantic import SecretStr
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.clock import utcnow
from bot.feedback.service import MISSING_ANSWER
from bot.surveys.audience import users_only
from bot.tenancy import Tenant
from tests.slack import signed
from tests.slack.conftest import (
    ADMIN,
    EMPLOYEE,
    HR_USER,
    MANAGER,
    clean_tables,
    slack_container,
    start_harness,
)
from tests.slack.fake_slack import BOT_ID, TEAM_ID
from tests.slack.signed import radio, text_input
from tests.surveys.conftest import new_survey, tam_answers

A, B = TEAM_ID, "T0OTHER"
HR_B, ADMIN_B, EMPLOYEE_B = "U0HRB", "U0ADMINB", "U0EMPLOYEEB"
PEOPLE = [f"U0STAFF{i:02d}" for i in range(6)]
TITLE, QUESTION = "Workspace A pulse", "What is the weather in Paris tomorrow?"


@pytest.fixture(scope="module")
def two_workspaces(kb, fake_slack):
    container = slack_container(kb, fake_slack, slack_bot_token=None, slack_client_id="111.222",
                                slack_client_secret=SecretStr("client-secret-value-123"), admins=[ADMIN, ADMIN_B],
                                hr=[HR_USER, HR_B])
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()
    clean_tables(kb)


@pytest.fixture
def slack2(two_workspaces, monkeypatch):
    """Both workspaces installed (the tables are emptied after each test); requests come from A until ``_in``."""
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=two_workspaces.container.engine)
    for team in (A, B):
        store.save(Installation(app_id="A0COACH", enterprise_id=None, team_id=team, user_id="U0INSTALLER",
                                bot_token=f"xoxb-{team.lower()}-0000", bot_id=BOT_ID, bot_user_id="U0BOT",
                                bot_scopes="chat:write,commands"))
    _in(monkeypatch, A)
    yield two_workspaces
    two_workspaces.drain()


def _in(monkeypatch, team: str) -> None:
    """Requests sent from now on come from ``team``'s workspace."""
    monkeypatch.setattr(signed, "TEAM_ID", team)


def _command(slack, text, user, name, command="/survey"):
    resp = slack.sender.command(text, user=user, response_url=slack.fake.response_url(name), name=command)
    assert resp.status == 200
    return slack.fake.wait_for(f"response_url:{name}")[0].params


def _click(slack, action_id, value, user, name):
    payload = slack.sender.block_action(action_id, value, user=user, response_url=slack.fake.response_url(name))
    assert slack.sender.interaction(payload).status == 200
    return slack.fake.wait_for(f"response_url:{name}")[0].params


def _shown(params) -> str:
    return json.dumps(params, ensure_ascii=False)


def _home(slack, user):
    slack.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1700000000.000001"})
    return slack.fake.wait_for("views.publish", where=lambda c: c.params["user_id"] == user)[-1].params["view"]


def _survey_of_a(slack) -> int:
    """An open, attributed survey of A's (results at any time) that five of six people have answered."""
    surveys = slack.container.surveys
    now = SimpleNamespace(now=utcnow())
    sid = surveys.create(new_survey(now, PEOPLE, title=TITLE, team_id=A, anonymous=False), Tenant(A))
    surveys.launch(sid, lambda _team: users_only, Tenant(A))
    for person in PEOPLE[:5]:
        surveys.submit(sid, person, tam_answers(), None, Tenant(A))
    return sid


def test_workspace_b_neither_sees_nor_changes_the_surveys_of_workspace_a(slack2, monkeypatch):
    sid = _survey_of_a(slack2)
    missing = f"There is no survey {sid}."
    _in(monkeypatch, B)
    listed = _command(slack2, "list", HR_B, "b-list")
    assert TITLE not in _shown(listed) and "No surveys yet" in _shown(listed)
    for verb in ("close", "results", "launch"):
        assert _command(slack2, f"{verb} {sid}", HR_B, f"b-{verb}")["text"] == missing
        assert _click(slack2, f"survey_{verb}", str(sid), HR_B, f"b-button-{verb}")["text"] == missing
    person = PEOPLE[5]  # invited by A and not answered yet: B's button and form don't reach A's survey either
    slack2.sender.interaction(slack2.sender.block_action("survey_start", str(sid), user=person))
    refusal = slack2.fake.wait_for("views.open")[0].params["view"]
    assert TITLE not in _shown(refusal) and "can't find that survey" in _shown(refusal)
    form = slack2.sender.view_submission("survey_answer", {}, str(sid), user=person)
    assert "can't find that survey" in slack2.sender.interaction(form).json()["view"]["blocks"][0]["text"]["text"]
    assert TITLE not in _shown(_home(slack2, HR_B))
    slack2.drain()
    status = slack2.container.surveys.status(sid)
    assert (status.status, status.responded) == ("open", 5)
    assert not [c for c in slack2.fake.calls_to("chat.postMessage") if "Survey results" in c.params.get("text", "")]

    _in(monkeypatch, A)
    assert TITLE in _shown(_command(slack2, "list", HR_USER, "a-list"))
    assert TITLE in _shown(_home(slack2, HR_USER))
    assert _command(slack2, f"close {sid}", HR_USER, "a-close")["text"].startswith("Closed.")
    assert "results are in your DMs" in _command(slack2, f"results {sid}", HR_USER, "a-results")["text"]
    dm = slack2.fake.wait_for("chat.postMessage", where=lambda c: "Survey results" in c.params.get("text", ""))[0]
    assert dm.headers["Authorization"] == f"Bearer xoxb-{A.lower()}-0000"


def test_a_survey_made_in_workspace_b_is_b_s(slack2, monkeypatch):
    _in(monkeypatch, B)
    slack2.sender.command("new", user=HR_B, response_url=slack2.fake.response_url("b-new"), name="/survey")
    slack2.fake.wait_for("views.open")
    values = {"template": {"value": {"type": "static_select", "selected_option": {"value": "enps"}}},
              "title": {"value": {"type": "plain_text_input", "value": "B's own"}},
              "users": {"value": {"type": "multi_users_select", "selected_users": PEOPLE}},
              "opens": {"value": {"type": "datepicker", "selected_date": "2026-01-05"}},
              "closes": {"value": {"type": "datepicker", "selected_date": "2099-12-31"}}}
    reply = slack2.sender.interaction(slack2.sender.view_submission("survey_create", values, user=HR_B))
    assert reply.status == 200 and not reply.body
    slack2.drain()
    [survey] = slack2.container.surveys.overview(tenant=Tenant(B))
    assert survey.title == "B's own" and slack2.container.surveys.overview(tenant=Tenant(A)) == []


def test_workspace_b_sees_none_of_workspace_a_s_questions_answers_and_feedback(slack2, monkeypatch):
    _command(slack2, QUESTION, EMPLOYEE, "a-ask", command="/coach")
    slack2.drain()
    [event] = slack2.usage()
    assert (event.team_id, event.outcome) == (A, "declined")  # the write names the workspace it came from
    _click(slack2, "feedback_up", str(event.id), EMPLOYEE, "a-up")
    slack2.sender.interaction(slack2.sender.view_submission("tool_feedback", {
        "tool": text_input("Copilot"), "rating": radio("down"), "comment": text_input("A's comment")}))
    slack2.drain()
    assert [f.team_id for f in slack2.feedback()] == [A, A]

    _in(monkeypatch, B)
    for user, word in ((ADMIN_B, "gaps"), (MANAGER, "usage"), (HR_B, "tools")):
        shown = _shown(_command(slack2, word, user, f"b-{word}", command="/coach"))
        assert QUESTION not in shown and "A's comment" not in shown and "Copilot" not in shown, word
    assert "No questions asked" in _shown(slack2.fake.calls_to("response_url:b-usage")[0].params)
    home = _shown(_home(slack2, ADMIN_B))
    assert QUESTION not in home and "Copilot" not in home
    home_b = {"type": "view", "view_id": "V0HOME"}
    slack2.sender.interaction(slack2.sender.block_action("home_gap_report", "30", user=ADMIN_B, container=home_b))
    report = slack2.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("channel") == ADMIN_B)[0]
    assert QUESTION not in _shown(report.params) and "No knowledge gaps" in _shown(report.params)
    assert _click(slack2, "feedback_down", str(event.id), EMPLOYEE_B, "b-down")["text"] == MISSING_ANSWER
    slack2.drain()
    assert len(slack2.feedback()) == 2 and slack2.fake.calls_to("views.open") == []

    _in(monkeypatch, A)
    assert QUESTION in _shown(_home(slack2, ADMIN))
    assert QUESTION in _shown(_command(slack2, "gaps", ADMIN, "a-gaps", command="/coach"))
