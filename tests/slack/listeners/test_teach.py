"""The teach loop through signed HTTP requests, over a small guide: an admin clicks Teach under a gap question in
App Home, searches the sections, and attaches the question to one (or answers it in a few sentences); from
then on the coach answers it from there. Non-admins are refused at every step, a bad form shows its problem
next to the field, and neither changes anything. With OAuth, a lesson of one workspace is not another's."""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import urlencode

import pytest
from pydantic import SecretStr
from slack_sdk.models.views import View
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from bot.slack.blocks.teach import NO_SECTION, option_value
from bot.slack.listeners.teach import ADMINS_ONLY, BOTH, GONE, NEITHER
from bot.store.tables.usage import UsageEvent
from bot.tenancy import Tenant
from tests.conftest import make_container
from tests.slack import signed
from tests.slack.conftest import (
    ADMIN,
    EMPLOYEE,
    clean_tables,
    slack_container,
    start_harness,
)
from tests.slack.fake_slack import APP_ID, BOT_ID, TEAM_ID

LONG_HEADING = ("Who to call when the shared printer in a meeting room keeps jamming in the middle of a client "
                "presentation and nobody from facilities is around")
GUIDE = f"""# Office guide

## Printer setup

Office printers are added from the device settings page using the floor's queue name.

## Travel rules

Submit receipts within thirty days through the finance portal; economy fares only.

## {LONG_HEADING}

Call the front desk on extension 100; they keep a spare toner and the jam kit.
"""
DECLINED = "Which floor code makes my documents come out near my desk?"
DISLIKED = "Is there a yearly budget for AI courses?"
_hashes = itertools.count(1)


@pytest.fixture(scope="module")
def guide_kb(tmp_path_factory, shared_embeddings):
    folder = tmp_path_factory.mktemp("teach-docs")
    (folder / "guide.md").write_text(GUIDE)
    c = make_container(tmp_path_factory.mktemp("teach-data"))
    c.__dict__["embeddings"] = shared_embeddings
    c.indexer.ingest([folder])
    return c


def _forget_everything(container) -> None:
    for lesson in container.teaching.lessons():
        container.teaching.forget(lesson.id)
    clean_tables(container)


@pytest.fixture(scope="module")
def teach_harness(guide_kb, fake_slack):
    harness = start_harness(slack_container(guide_kb, fake_slack), fake_slack)
    yield harness
    harness.stop()


@pytest.fixture
def coach(teach_harness):
    """The app over the small guide; what a test taught or stored is gone after it."""
    yield teach_harness
    teach_harness.drain()
    _forget_everything(teach_harness.container)


def _usage(c, question, outcome="declined", kind="unknown", team=None) -> int:
    with c.uow() as uow:
        event = UsageEvent(team_id=team, user_id=EMPLOYEE, surface="mention", outcome=outcome, kind=kind,
                           question=question, answer="…", sources="[]", topic="not covered", confidence=0.1,
                           latency_ms=5.0)
        uow.usage.add(event)
        uow.commit()
        return event.id


def _home(slack, user, count=1) -> dict:
    slack.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1700000000.000001"})
    calls = slack.fake.wait_for("views.publish", count, where=lambda c: c.params["user_id"] == user)
    return calls[-1].params["view"]


def _teach_buttons(view) -> dict[str, dict]:
    """The Teach buttons of a Home view, by the question shown beside them."""
    return {b["accessory"]["value"].partition(":")[2]: b["accessory"] for b in view["blocks"]
            if b.get("accessory", {}).get("action_id") == "teach_open"}


def _click_teach(slack, value, user=ADMIN, from_home=True) -> dict:
    payload = slack.sender.block_action("teach_open", value, user=user,
                                        container={"type": "view", "view_id": "V0HOME"} if from_home else None)
    if from_home:
        payload["view"] = {"id": "V0HOME", "type": "home", "team_id": signed.TEAM_ID, "blocks": []}
    assert slack.sender.interaction(payload).status == 200
    return slack.fake.wait_for("views.open")[-1].params["view"]


def _search(slack, typed, user=ADMIN) -> list[dict]:
    """The options the app returns for what is typed in the section search. (Each request carries a view hash
    of its own: two same searches within one second would otherwise be one signature, refused as a replay.)"""
    payload = {"type": "block_suggestion", "user": {"id": user, "username": user.lower(), "team_id": signed.TEAM_ID},
               "container": {"type": "view", "view_id": "V0TEACH"}, "api_app_id": APP_ID, "token": "legacy",
               "action_id": "teach_section", "block_id": "section", "value": typed,
               "team": {"id": signed.TEAM_ID, "domain": "coach-test"},
               "view": {"id": "V0TEACH", "type": "modal", "callback_id": "teach_question",
                        "hash": f"{next(_hashes)}.teach"}}
    resp = slack.sender.interaction(payload)
    assert resp.status == 200
    return resp.json()["options"]


def _form(question, option=None, answer=None) -> dict:
    values = {"question": {"text": {"type": "plain_text_input", "value": question}},
              "section": {"teach_section": {"type": "external_select", "selected_option": option}},
              "answer": {"text": {"type": "plain_text_input", "value": answer}}}
    return values


def _submit(slack, values, metadata='{"source": "gap", "home": true}', user=ADMIN) -> dict:
    resp = slack.sender.interaction(slack.sender.view_submission("teach_question", values, metadata, user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def _lessons(slack, tenant=None):
    return [(x.question, x.target, x.answer, x.taught_by, x.source)
            for x in slack.container.teaching.lessons(*(tenant,) if tenant else ())]


def test_an_admin_attaches_a_gap_question_to_a_section_and_it_is_answered_from_there(coach):
    c = coach.container
    _usage(c, DECLINED)
    before = c.answers.passages(DECLINED)[0]
    printers = next(r for r in c.teaching.sections("printer setup"))
    assert before.question_similarity < 0.6

    buttons = _teach_buttons(_home(coach, ADMIN))
    assert list(buttons) == [DECLINED] and buttons[DECLINED]["value"] == f"gap:{DECLINED}"
    view = _click_teach(coach, buttons[DECLINED]["value"])
    View(**view).validate_json()
    assert view["callback_id"] == "teach_question" and json.loads(view["private_metadata"]) == {
        "source": "gap", "home": True, "asked": DECLINED}
    assert view["blocks"][1]["element"]["initial_value"] == DECLINED

    everything = _search(coach, "")
    assert [o["value"] for o in everything][:3] == [NO_SECTION, printers.target, printers.path + "#travel-rules"]
    long_target = next(r.target for r in c.teaching.sections("jamming"))
    assert len(long_target) > 150 and everything[3]["value"] == option_value(long_target)
    assert [(o["text"]["text"], o["value"]) for o in _search(coach, "printer setup")] == [
        ("Office guide › Printer setup", printers.target)]
    assert _search(coach, "payroll") == []

    body = _submit(coach, _form(DECLINED, _search(coach, "printer setup")[0]))
    assert body["response_action"] == "update"
    assert body["view"]["blocks"][0]["text"]["text"] == (f"Taught. _{DECLINED}_ now leads to the section "
                                                         "*Office guide › Printer setup*.")
    assert _lessons(coach) == [(DECLINED, printers.target, None, ADMIN, "gap")]
    home = _home(coach, ADMIN, count=3)  # republished after teaching, and opened again here
    assert _teach_buttons(home) == {} and "Taught since: 1 question." in json.dumps(home)
    answer = c.answers.ask(DECLINED)
    assert answer.answered and answer.sources[0].section == "Printer setup"
    assert c.answers.passages(DECLINED)[0].question_similarity > 0.9


def test_a_question_reworded_in_the_form_leaves_the_gap_list_in_its_asked_words(coach):
    c = coach.container
    _usage(c, DECLINED)
    buttons = _teach_buttons(_home(coach, ADMIN))
    view = _click_teach(coach, buttons[DECLINED]["value"])
    body = _submit(coach, _form("Who sets up the office printers?", _search(coach, "printer setup")[0]),
                   view["private_metadata"])
    assert body["response_action"] == "update"
    assert [x.question for x in c.teaching.lessons()] == ["Who sets up the office printers?"]
    assert _teach_buttons(_home(coach, ADMIN, count=3)) == {}


def test_a_long_section_is_picked_by_its_digest(coach):
    long_target = next(r.target for r in coach.container.teaching.sections("jamming"))
    [option] = _search(coach, "jamming")
    body = _submit(coach, _form("Who unjams the meeting room printer?", option))
    assert body["response_action"] == "update"
    assert _lessons(coach) == [("Who unjams the meeting room printer?", long_target, None, ADMIN, "gap")]


def test_a_short_answer_to_a_thumbs_down_question_becomes_an_entry_that_is_cited(coach):
    c = coach.container
    c.feedback.rate_answer(EMPLOYEE, _usage(c, DISLIKED, "answered", "answer"), "down")
    view = _click_teach(coach, f"feedback:{DISLIKED}", from_home=False)  # a Teach button in a message
    source = json.loads(view["private_metadata"])
    assert source == {"source": "feedback", "home": False, "asked": DISLIKED}
    no_section = _search(coach, "")[0]  # picked by mistake, then cleared with "no section"
    body = _submit(coach, _form(DISLIKED, no_section, "Yes: 500 EUR a year per person, approved by your manager."),
                   json.dumps(source))
    assert "its own short answer" in body["view"]["blocks"][0]["text"]["text"]
    [lesson] = c.teaching.lessons()
    assert (lesson.question, lesson.source, lesson.taught_by) == (DISLIKED, "feedback", ADMIN)
    answer = c.answers.ask("How much budget do we get each year for AI training courses?")
    assert answer.answered and "500 EUR" in answer.text
    assert answer.sources[0].path == f"taught/{lesson.id}"
    coach.drain()
    assert coach.fake.calls_to("views.publish") == []  # not opened from App Home: nothing to refresh


@pytest.mark.parametrize(("values", "errors"), [
    (_form(DECLINED), {"section": NEITHER}),
    (_form(DECLINED, {"value": NO_SECTION}, "  "), {"section": NEITHER}),
    (_form(DECLINED, "printer", "An answer too."), {"section": BOTH}),
    (_form(DECLINED, {"value": "docs/nowhere.md#printer-setup"}), {"section": "There is no section "
                                                                    "docs/nowhere.md#printer-setup in the knowledge "
                                                                    "base (`coach teach --find WORDS` lists them)."}),
    (_form(DECLINED, {"value": "sha1:0000"}), {"section": GONE}),
    (_form("  ", "printer"), {"question": "Write the question to teach."}),
    (_form(DECLINED, None, "x" * 2001), {"answer": "Keep the answer under 2000 characters (it has 2001); longer "
                                                   "guidance belongs in a document."}),
])
def test_a_bad_form_shows_the_problem_next_to_its_field_and_changes_nothing(coach, values, errors):
    option = values["section"]["teach_section"]["selected_option"]
    if option == "printer":
        values["section"]["teach_section"]["selected_option"] = _search(coach, "printer setup")[0]
    body = _submit(coach, values)
    assert body == {"response_action": "errors", "errors": errors}
    assert _lessons(coach) == []


def test_non_admins_are_refused_at_every_step_and_change_nothing(coach):
    _usage(coach.container, DECLINED)
    assert _teach_buttons(_home(coach, EMPLOYEE)) == {}  # no gaps section at all
    refusal = _click_teach(coach, f"gap:{DECLINED}", user=EMPLOYEE)
    assert (refusal["title"]["text"], refusal["blocks"][0]["text"]["text"]) == ("Admins only", ADMINS_ONLY)
    assert _search(coach, "printer", user=EMPLOYEE) == []
    option = _search(coach, "printer setup")[0]
    body = _submit(coach, _form(DECLINED, option), user=EMPLOYEE)
    assert body["response_action"] == "update" and body["view"]["blocks"][0]["text"]["text"] == ADMINS_ONLY
    assert _lessons(coach) == []
    assert coach.container.answers.passages(DECLINED)[0].question_similarity < 0.6


# two workspaces on one OAuth install ------------------------------------------------------------------

B, ADMIN_B = "T0OTHER", "U0ADMINB"


@pytest.fixture(scope="module")
def oauth_harness(guide_kb, fake_slack):
    container = slack_container(guide_kb, fake_slack, slack_bot_token=None, slack_client_id="111.222",
                                slack_client_secret=SecretStr("client-secret-value-123"), admins=[ADMIN, ADMIN_B])
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()


@pytest.fixture
def two(oauth_harness, monkeypatch):
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=oauth_harness.container.engine)
    for team in (TEAM_ID, B):
        store.save(Installation(app_id=APP_ID, enterprise_id=None, team_id=team, user_id="U0INSTALLER",
                                bot_token=f"xoxb-{team.lower()}-0000", bot_id=BOT_ID, bot_user_id="U0BOT",
                                bot_scopes="chat:write,commands"))
    monkeypatch.setattr(signed, "TEAM_ID", TEAM_ID)
    yield oauth_harness
    oauth_harness.drain()
    _forget_everything(oauth_harness.container)


def test_a_lesson_taught_in_one_workspace_is_not_used_in_another(two, monkeypatch):
    c = two.container
    _usage(c, DECLINED, team=TEAM_ID)
    view = _click_teach(two, _teach_buttons(_home(two, ADMIN))[DECLINED]["value"])
    assert view["callback_id"] == "teach_question"
    body = _submit(two, _form(DECLINED, _search(two, "printer setup")[0]))
    assert body["response_action"] == "update"
    printers = next(r.target for r in c.teaching.sections("printer setup"))
    assert _lessons(two, Tenant(TEAM_ID)) == [(DECLINED, printers, None, ADMIN, "gap")]
    assert _lessons(two, Tenant(B)) == []
    assert c.answers.passages(DECLINED, team_id=TEAM_ID)[0].question_similarity > 0.9
    assert c.answers.passages(DECLINED, team_id=B)[0].question_similarity < 0.6

    monkeypatch.setattr(signed, "TEAM_ID", B)  # B's admin answers the same question B's own way
    _usage(c, DECLINED, team=B)
    assert list(_teach_buttons(_home(two, ADMIN_B))) == [DECLINED]  # A's lesson leaves B's gap open
    body = _submit(two, _form(DECLINED, None, "In workspace B, pick floor code B-2."), user=ADMIN_B)
    assert body["response_action"] == "update"
    [theirs] = c.teaching.lessons(Tenant(B))
    assert theirs.answer == "In workspace B, pick floor code B-2." and theirs.taught_by == ADMIN_B
    assert all(p.path != f"taught/{theirs.id}" for p in c.answers.passages(DECLINED, team_id=TEAM_ID))
    assert c.answers.passages(DECLINED, team_id=B)[0].path == f"taught/{theirs.id}"


def test_the_same_search_sent_twice_with_one_signature_is_answered_both_times(coach):
    """A search changes nothing, and Slack repeats one within a second when a person retypes: not a replay."""
    payload = {"type": "block_suggestion", "user": {"id": ADMIN, "username": "admin", "team_id": signed.TEAM_ID},
               "container": {"type": "view", "view_id": "V0TEACH"}, "api_app_id": APP_ID, "token": "legacy",
               "action_id": "teach_section", "block_id": "section", "value": "printer setup",
               "team": {"id": signed.TEAM_ID, "domain": "coach-test"},
               "view": {"id": "V0TEACH", "type": "modal", "callback_id": "teach_question", "hash": "1.same"}}
    form = urlencode({"payload": json.dumps(payload)})
    ts = str(int(time.time()))
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
               "X-Slack-Signature": coach.sender.verifier.generate_signature(timestamp=ts, body=form)}
    first, again = (coach.sender.request("POST", "/slack/events", form.encode(), headers) for _ in range(2))
    assert (first.status, again.status) == (200, 200) and first.json() == again.json()
    assert [o["text"]["text"] for o in first.json()["options"]] == ["Office guide › Printer setup"]
