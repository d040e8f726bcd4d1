"""App Home through signed HTTP requests: each role its sections, the Messages tab left alone, the admins'
gap-report button; the role-checked reports `/coach gaps`, `usage` and `tools`."""

from tests.slack.conftest import ADMIN, EMPLOYEE, HR_USER, MANAGER

QUESTION = "How do we measure AI adoption?"


def _home(slack, user):
    slack.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                        "event_ts": "1700000000.000001"})
    return slack.fake.wait_for("views.publish", where=lambda c: c.params["user_id"] == user)[0].params["view"]


def _headers(view):
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def test_app_home_shows_each_role_its_sections(slack):
    slack.sender.event(slack.sender.mention(QUESTION))
    slack.fake.wait_for("chat.postMessage")
    slack.drain()
    employee = _home(slack, EMPLOYEE)
    assert _headers(employee) == ["adoption coach"]
    assert any(QUESTION in b.get("text", {}).get("text", "") for b in employee["blocks"])  # recent questions
    assert _headers(_home(slack, MANAGER)) == ["adoption coach", "Adoption in numbers (managers)",
                                               "Incentive audits (managers)"]
    assert _headers(_home(slack, HR_USER)) == ["adoption coach", "AI tool feedback (HR)", "Surveys (HR)"]
    assert _headers(_home(slack, ADMIN)) == ["adoption coach", "Adoption in numbers (managers)",
                                             "Incentive audits (managers)", "AI tool feedback (HR)", "Surveys (HR)",
                                             "Knowledge gaps (admins)", "KPI nudges (admins)"]


def test_messages_tab_opening_publishes_nothing(slack):
    slack.sender.event({"type": "app_home_opened", "user": EMPLOYEE, "channel": "D0HOME", "tab": "messages",
                        "event_ts": "1700000000.000002"})
    slack.drain()
    assert slack.fake.calls_to("views.publish") == []


def test_gap_report_button_is_for_admins_only(slack):
    home = {"type": "view", "view_id": "V0HOME"}
    slack.sender.interaction(slack.sender.block_action("home_gap_report", "30", user=EMPLOYEE, container=home))
    refusal = slack.fake.wait_for("views.open")[0].params["view"]
    assert refusal["title"]["text"] == "Admins only"
    slack.drain()
    assert slack.fake.calls_to("chat.postMessage") == []
    slack.sender.interaction(slack.sender.block_action("home_gap_report", "30", user=ADMIN, container=home))
    report = slack.fake.wait_for("chat.postMessage")[0].params
    assert report["channel"] == ADMIN and report["text"].startswith("Knowledge gaps")


def _ask(slack, text, user=EMPLOYEE, name="cmd"):
    resp = slack.sender.command(text, user=user, response_url=slack.fake.response_url(name))
    assert resp.status == 200
    return resp


def test_reports_are_refused_politely_to_people_without_the_role(slack):
    for word in ("gaps", "usage", "tools"):
        _ask(slack, word, user=EMPLOYEE, name=f"refuse-{word}")
        reply = slack.fake.wait_for(f"response_url:refuse-{word}")[0].params
        assert reply["response_type"] == "ephemeral" and reply["text"].startswith("Sorry, `/coach " + word)
    _ask(slack, "gaps", user=MANAGER, name="manager-gaps")
    assert "only for admins" in slack.fake.wait_for("response_url:manager-gaps")[0].params["text"]


def test_reports_reach_the_roles_they_are_for(slack):
    slack.sender.event(slack.sender.mention("What's the weather forecast for Paris tomorrow?"))
    slack.fake.wait_for("chat.postMessage")
    slack.drain()
    for user, word in ((ADMIN, "gaps"), (MANAGER, "usage"), (HR_USER, "tools"), (ADMIN, "tools")):
        _ask(slack, word, user=user, name=f"{word}-{user}")
        reply = slack.fake.wait_for(f"response_url:{word}-{user}")[0].params
        assert reply["response_type"] == "ephemeral" and not reply["text"].startswith("Sorry")
    gaps = slack.fake.calls_to(f"response_url:gaps-{ADMIN}")[0].params["blocks"]
    assert "*out of scope* — 1 declined, 0 👎" in gaps[1]["text"]["text"]
    usage = slack.fake.calls_to(f"response_url:usage-{MANAGER}")[0].params["blocks"]
    assert usage[1]["text"]["text"].startswith("*1* questions from *1* people")


def _dashboard_buttons(view):
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e.get("action_id") == "home_open_dashboard"]


def test_people_with_a_dashboard_role_get_a_link_to_it_and_its_click_is_acknowledged(slack):
    assert _dashboard_buttons(_home(slack, MANAGER)) == []  # no COACH_WEB_BASE_URL: no dashboard to open
    deps = slack.container.slack_deps
    before = deps.settings
    deps.settings = before.model_copy(update={"web_base_url": "https://coach.example.com/"})
    try:
        for user, shown in ((EMPLOYEE, False), (MANAGER, True), (HR_USER, True), (ADMIN, True)):
            buttons = _dashboard_buttons(_home(slack, user))
            assert [b["url"] for b in buttons] == (["https://coach.example.com/app"] if shown else []), user
            slack.fake.reset()
    finally:
        deps.settings = before
    home = {"type": "view", "view_id": "V0HOME"}
    response = slack.sender.interaction(slack.sender.block_action("home_open_dashboard", "dashboard", user=MANAGER,
                                                                  container=home))
    assert response.status == 200  # Slack shows a warning on a link button whose click is not acknowledged
