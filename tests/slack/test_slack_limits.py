"""An app with a tight rate limit and a user group of admins."""

import pytest
from conftest import clean_tables, slack_container, start_harness

from bot.errors import UserError


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

    no_secret = slack_container(kb, fake_slack, slack_signing_secret=None)
    with pytest.raises(UserError, match="SLACK_SIGNING_SECRET"):
        run_slack(no_secret, http=True, port=0, host="127.0.0.1")
    with pytest.raises(UserError, match="SLACK_APP_TOKEN"):
        run_slack(slack_container(kb, fake_slack, slack_app_token=None), http=False)
    with pytest.raises(UserError, match="SLACK_BOT_TOKEN"):
        run_slack(slack_container(kb, fake_slack, slack_bot_token=None), http=True, port=0, host="127.0.0.1")
