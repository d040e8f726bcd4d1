"""An app with a tight rate limit and a user group of admins; where a person's department comes from."""

import logging

import pytest

from bot.config import Settings
from bot.errors import UserError
from bot.slack.client import web_client
from bot.slack.people import Profiles
from tests.slack.conftest import BOT_TOKEN, clean_tables, slack_container, start_harness
from tests.slack.fake_slack import DEPARTMENT_FIELD


@pytest.fixture(scope="module")
def strict_slack(kb, fake_slack):
    container = slack_container(kb, fake_slack, rate_limit_questions=2, rate_limit_window_seconds=3600,
                                admin_groups=["S0ADMINS"])
    harness = start_harness(container, fake_slack)
    yield harness
    harness.stop()
    clean_tables(kb)


def test_the_per_user_rate_limit_answers_politely_and_records_nothing(strict_slack):
    s = strict_slack
    for i in range(3):
        s.sender.event(s.sender.mention("How do we measure AI adoption?"))
        s.fake.wait_for("chat.postMessage", count=i + 1)
    third = s.fake.calls_to("chat.postMessage")[2].params
    assert "try again in" in third["text"] and "actions" not in str(third["blocks"])
    s.drain()
    assert len(s.usage()) == 2
    s.sender.event(s.sender.mention("How do we measure AI adoption?", user="U0SOMEONEELSE"))
    fourth = s.fake.wait_for("chat.postMessage", count=4)[3].params
    assert "try again" not in fourth["text"]


def test_a_slack_user_group_can_hold_the_admin_role(strict_slack):
    s = strict_slack
    s.fake.user_groups["S0ADMINS"] = ["U0GROUPADMIN"]
    s.sender.command("gaps", user="U0GROUPADMIN", response_url=s.fake.response_url("gaps"))
    reply = s.fake.wait_for("response_url:gaps")[0].params
    assert reply["text"].startswith("Knowledge gaps")
    assert s.fake.calls_to("usergroups.users.list")[0].params["usergroup"] == "S0ADMINS"
    s.sender.command("gaps", user="U0NOTINGROUP", response_url=s.fake.response_url("no"))
    assert s.fake.wait_for("response_url:no")[0].params["text"].startswith("Sorry")


def test_run_slack_explains_missing_settings(kb, fake_slack):
    from bot.slack.runner import run_slack

    def parts(container):
        return container.settings, container.slack_process

    no_secret = slack_container(kb, fake_slack, slack_signing_secret=None)
    with pytest.raises(UserError, match="SLACK_SIGNING_SECRET"):
        run_slack(*parts(no_secret), http=True, port=0, host="127.0.0.1")
    with pytest.raises(UserError, match="SLACK_APP_TOKEN"):
        run_slack(*parts(slack_container(kb, fake_slack, slack_app_token=None)), http=False)
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        run_slack(*parts(slack_container(kb, fake_slack, slack_bot_token=None)), http=True, port=0, host="127.0.0.1")


def _client(fake_slack, token=BOT_TOKEN):
    return web_client(Settings(slack_api_url=fake_slack.api_url), token)


def test_the_department_is_the_custom_profile_field_labelled_department(fake_slack):
    fake_slack.departments.update({"U0ANNA": " Claims ", "U0BEN": "Sales"})
    profiles, client = Profiles(), _client(fake_slack)
    assert [profiles.department(client, u) for u in ("U0ANNA", "U0BEN", "U0NOBODY", "U0ANNA")] == \
        ["Claims", "Sales", None, "Claims"]
    assert len(fake_slack.calls_to("team.profile.get")) == 1  # the field id is looked up once per workspace
    assert [c.params["user"] for c in fake_slack.calls_to("users.profile.get")] == ["U0ANNA", "U0BEN", "U0NOBODY"]
    profiles.department(_client(fake_slack, "xoxb-another-workspace"), "U0ANNA")
    assert len(fake_slack.calls_to("team.profile.get")) == 2  # another workspace has its own field ids


def test_the_field_label_is_a_setting_matched_in_any_case_or_by_id(fake_slack):
    fake_slack.profile_fields[1]["label"] = "Business Unit"
    fake_slack.departments["U0ANNA"] = "Claims"
    client = _client(fake_slack)
    assert Profiles().department(client, "U0ANNA") is None  # no field is labelled "Department" now
    assert fake_slack.calls_to("users.profile.get") == []  # so nobody's profile is fetched
    assert Profiles("business unit").department(client, "U0ANNA") == "Claims"
    assert Profiles(DEPARTMENT_FIELD).department(client, "U0ANNA") == "Claims"


def test_without_the_scope_departments_are_unknown_and_the_log_says_why(fake_slack, caplog):
    caplog.set_level(logging.WARNING)
    fake_slack.script("team.profile.get", error="missing_scope")
    fake_slack.departments["U0ANNA"] = "Claims"
    profiles, client = Profiles(), _client(fake_slack)
    assert profiles.department(client, "U0ANNA") is None and profiles.department(client, "U0BEN") is None
    assert len(fake_slack.calls_to("team.profile.get")) == 1 and fake_slack.calls_to("users.profile.get") == []
    assert "missing_scope" in caplog.text and "users.profile:read" in caplog.text and BOT_TOKEN not in caplog.text
    fake_slack.script("users.profile.get", error="user_not_found")
    working = Profiles()
    assert working.department(client, "U0ANNA") is None  # a failed lookup is "unknown", and not remembered
    assert working.department(client, "U0ANNA") == "Claims"


def test_the_department_field_setting_reaches_the_app(kb, fake_slack):
    fake_slack.profile_fields[1]["label"] = "Business Unit"
    fake_slack.departments["U0UNIT"] = "Claims"
    harness = start_harness(slack_container(kb, fake_slack, department_field="business unit"), fake_slack)
    try:
        harness.sender.event(harness.sender.mention("How do we measure AI adoption?", user="U0UNIT"))
        fake_slack.wait_for("chat.postMessage")
        harness.drain()
        assert [(e.user_id, e.department) for e in harness.usage()] == [("U0UNIT", "Claims")]
    finally:
        harness.stop()
        clean_tables(kb)
