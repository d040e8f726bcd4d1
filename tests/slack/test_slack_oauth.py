"""Multi-workspace installs: /slack/install, /slack/oauth_redirect and the stores in our database."""

import json
import re

from sqlalchemy import text


def _install(oauth_slack):
    install = oauth_slack.sender.request("GET", "/slack/install")
    state = re.search(r"state=([\w-]+)", install.body).group(1)
    cookie = install.headers["set-cookie"].split(";")[0]
    done = oauth_slack.sender.request("GET", f"/slack/oauth_redirect?code=abc&state={state}",
                                      headers={"Cookie": cookie})
    assert done.status == 200


def _rows(oauth_slack) -> tuple[int, int]:
    with oauth_slack.container.engine.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM slack_installations WHERE team_id = 'T0NEW'")).scalar(),
                conn.execute(text("SELECT count(*) FROM slack_bots WHERE team_id = 'T0NEW'")).scalar())


def _team_event(oauth_slack, event: dict, event_id: str) -> int:
    envelope = {"type": "event_callback", "team_id": "T0NEW", "api_app_id": "A0COACH", "event_id": event_id,
                "event_time": 1700000000, "event": event}
    status = oauth_slack.sender.post(json.dumps(envelope), "application/json").status
    oauth_slack.drain()
    return status


def test_install_then_redirect_stores_the_installation_and_events_use_its_token(oauth_slack):
    install = oauth_slack.sender.request("GET", "/slack/install")
    assert install.status == 200
    state = re.search(r"state=([\w-]+)", install.body).group(1)
    assert "client_id=111.222" in install.body and "scope=app_mentions:read," in install.body
    with oauth_slack.container.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM slack_oauth_states")).scalar() == 1
    cookie = install.headers["set-cookie"].split(";")[0]
    done = oauth_slack.sender.request("GET", f"/slack/oauth_redirect?code=abc&state={state}", headers={"Cookie": cookie})
    assert done.status == 200
    access = oauth_slack.fake.wait_for("oauth.v2.access")[0]
    assert access.params["code"] == "abc"
    with oauth_slack.container.engine.connect() as conn:
        row = conn.execute(text("SELECT team_id, bot_token FROM slack_bots")).one()
    assert row == ("T0NEW", "xoxb-from-oauth-0000")

    ev = oauth_slack.sender.mention("How do we measure AI adoption?")
    envelope = {"type": "event_callback", "team_id": "T0NEW", "api_app_id": "A0COACH", "event_id": "Ev0OAUTH1",
                "event": ev, "authorizations": [{"team_id": "T0NEW", "user_id": "U0BOT", "is_bot": True,
                                                 "enterprise_id": None, "is_enterprise_install": False}]}
    assert oauth_slack.sender.post(json.dumps(envelope), "application/json").status == 200
    answer = oauth_slack.fake.wait_for("chat.postMessage")[0]
    assert answer.headers["Authorization"] == "Bearer xoxb-from-oauth-0000"


def test_redirect_with_a_bad_state_is_refused(oauth_slack):
    resp = oauth_slack.sender.request("GET", "/slack/oauth_redirect?code=abc&state=forged")
    assert resp.status == 400
    assert oauth_slack.fake.calls_to("oauth.v2.access") == []


def test_revoked_tokens_and_an_uninstall_remove_the_stored_installation(oauth_slack):
    _install(oauth_slack)
    assert _rows(oauth_slack) == (1, 1)
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": ["U0INSTALLER"], "bot": ["U0BOT"]}}
    assert _team_event(oauth_slack, revoked, "Ev0REVOKED1") == 200
    assert _rows(oauth_slack) == (0, 0)

    _install(oauth_slack)
    assert _rows(oauth_slack) == (1, 1)
    assert _team_event(oauth_slack, {"type": "app_uninstalled"}, "Ev0UNINSTALL1") == 200
    assert _rows(oauth_slack) == (0, 0)
    ev = oauth_slack.sender.mention("How do we measure AI adoption?")
    envelope = {"type": "event_callback", "team_id": "T0NEW", "api_app_id": "A0COACH", "event_id": "Ev0AFTER1",
                "event": ev, "authorizations": [{"team_id": "T0NEW", "user_id": "U0BOT", "is_bot": True}]}
    oauth_slack.sender.post(json.dumps(envelope), "application/json")
    oauth_slack.drain()
    assert oauth_slack.fake.calls_to("chat.postMessage") == []  # no token left to answer with
