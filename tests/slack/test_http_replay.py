"""A signed request is handled once: the same signature again within Slack's 5-minute window is a replay
(401, or an empty 200 when it claims to be Slack's retry), while a genuine retry, signed anew, still goes
through. The database's cache catches a replay sent to another replica."""

from __future__ import annotations

import threading
import time
from urllib.parse import urlencode

from bot.slack.http import bind, make_server
from bot.slack.replay import WINDOW_SECONDS, DatabaseSignatureCache, SignatureCache
from tests.slack.conftest import MANAGER, SECRET
from tests.slack.fake_slack import APP_ID, TEAM_ID
from tests.slack.signed import SlackSender, new_event_id


def _signed_kpi_record(slack, text: str, name: str) -> tuple[bytes, dict]:
    """One signed `/kpi record` request: its body and headers, to be sent as often as a test likes."""
    form = urlencode({"token": "legacy", "team_id": TEAM_ID, "team_domain": "coach-test", "channel_id": "C0SALES",
                      "channel_name": "sales", "user_id": MANAGER, "user_name": MANAGER.lower(), "command": "/kpi",
                      "text": text, "api_app_id": APP_ID, "is_enterprise_install": "false",
                      "response_url": slack.fake.response_url(name), "trigger_id": f"{name}.1.trigger"})
    ts = str(int(time.time()))
    signature = slack.sender.verifier.generate_signature(timestamp=ts, body=form)
    return form.encode(), {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                           "X-Slack-Signature": signature}


def _replies(slack, name: str) -> list[str]:
    slack.drain()
    time.sleep(0.2)  # a second run would post its reply just after the first
    return [call.params["text"] for call in slack.fake.calls_to(f"response_url:{name}")]


def test_a_replayed_slash_command_has_no_effect(slack):
    body, headers = _signed_kpi_record(slack, "record employee_adoption_rate 40 2026-09", "replayed")
    first = slack.sender.request("POST", "/slack/events", body, headers)
    again = slack.sender.request("POST", "/slack/events", body, headers)
    assert (first.status, again.status) == (200, 401) and "already received" in again.body
    slack.fake.wait_for("response_url:replayed")
    replies = _replies(slack, "replayed")
    assert len(replies) == 1 and replies[0].startswith("Added"), replies
    readings = slack.container.kpis.measurements.overview()
    assert [(str(r.scope), r.value) for r in readings] == [("organisation", 40.0)]


def test_a_replay_claiming_to_be_a_retry_gets_an_empty_200_and_does_nothing(slack):
    body, headers = _signed_kpi_record(slack, "record employee_adoption_rate 41 2026-09", "retried")
    assert slack.sender.request("POST", "/slack/events", body, headers).status == 200
    again = slack.sender.request("POST", "/slack/events", body, headers | {"X-Slack-Retry-Num": "1"})
    assert (again.status, again.body) == (200, "")
    slack.fake.wait_for("response_url:retried")
    assert len(_replies(slack, "retried")) == 1


def test_slacks_own_retry_of_an_event_is_not_refused(slack):
    """Slack signs each delivery with the time it is sent: a retry is a new signature for the same event."""
    event, event_id = slack.sender.mention("How do we measure AI adoption?"), new_event_id()
    now = int(time.time())
    assert slack.sender.event(event, event_id=event_id, timestamp=now - 3).status == 200
    retry = slack.sender.event(event, event_id=event_id, retry=1, timestamp=now)
    assert retry.status == 200 and retry.body != "Unauthorized: this request was already received"
    slack.fake.wait_for("chat.postMessage")
    slack.drain()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # the event itself is handled once (its event_id)


def _replica(app, replay):
    server = make_server(app, SECRET, "127.0.0.1", 0, replay=replay)
    sock = bind("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, SlackSender(f"http://127.0.0.1:{sock.getsockname()[1]}", SECRET)


def test_the_database_cache_catches_a_replay_sent_to_another_replica(slack):
    replicas = [_replica(slack.app, DatabaseSignatureCache(slack.container.conversations.claim)) for _ in range(2)]
    try:
        body, headers = _signed_kpi_record(slack, "record employee_adoption_rate 42 2026-09", "replicas")
        first = replicas[0][2].request("POST", "/slack/events", body, headers)
        other = replicas[1][2].request("POST", "/slack/events", body, headers)
        assert (first.status, other.status) == (200, 401)
        slack.fake.wait_for("response_url:replicas")
        assert len(_replies(slack, "replicas")) == 1
    finally:
        for server, thread, _ in replicas:
            server.should_exit = True
            thread.join(10)


def test_the_memory_cache_forgets_a_signature_once_its_window_has_passed_and_stays_bounded():
    now = [1_700_000_000.0]
    cache = SignatureCache(max_entries=3, clock=lambda: now[0])
    assert cache.first_time("v0=a", int(now[0])) and not cache.first_time("v0=a", int(now[0]))
    now[0] += WINDOW_SECONDS - 1
    assert not cache.first_time("v0=a", 1_700_000_000)  # still inside the window: still a replay
    now[0] += 5
    assert cache.first_time("v0=b", int(now[0])) and len(cache) == 1  # "v0=a" expired
    for name in ("v0=c", "v0=d", "v0=e"):
        assert cache.first_time(name, int(now[0]))
    assert len(cache) == 3 and cache.first_time("v0=b", int(now[0]))  # the oldest made room
