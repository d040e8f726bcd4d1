"""HTTP mode: health check, signatures, unparsable bodies, Slack API failures, the error handler."""

import json
import logging
import time
from urllib.parse import urlencode

from bot.slack.redact import TokenRedactor
from tests.slack.conftest import BOT_TOKEN, SECRET, answers_held


def test_healthz(slack):
    resp = slack.sender.request("GET", "/healthz")
    assert resp.status == 200 and json.loads(resp.body) == {"ok": True}
    assert slack.sender.request("GET", "/nowhere").status == 404


def test_url_verification_challenge(slack):
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"})
    resp = slack.sender.post(body, "application/json")
    assert resp.status == 200 and "c-123" in resp.body


def test_forged_and_stale_signatures_get_401_and_do_nothing(slack):
    ev = slack.sender.mention("How do we measure AI adoption?")
    body = json.dumps({"type": "event_callback", "event_id": "Ev0FORGED", "team_id": "T0TEST", "event": ev})
    forged = slack.sender.post(body, "application/json", signature="v0=" + "0" * 64)
    stale = slack.sender.post(body, "application/json", timestamp=int(time.time()) - 600)
    unsigned = slack.sender.request("POST", "/slack/events", body.encode(), {"Content-Type": "application/json"})
    assert (forged.status, stale.status, unsigned.status) == (401, 401, 401)
    slack.drain()
    assert slack.fake.calls == [] and slack.usage() == []


def test_a_timestamp_that_is_not_a_number_gets_401_not_500(slack, caplog):
    body = json.dumps({"type": "url_verification", "challenge": "c-ts"})
    for timestamp in ("abc", "", "1e9", "-5", " 17", "9" * 5000):
        sig = slack.sender.verifier.generate_signature(timestamp=timestamp, body=body)
        resp = slack.sender.request("POST", "/slack/events", body.encode(),
                                    {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
                                     "X-Slack-Signature": sig})
        assert resp.status == 401 and "Traceback" not in resp.body, (timestamp, resp.status, resp.body)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_signed_empty_body_gets_400(slack):
    now = int(time.time())
    for age, (body, content_type) in enumerate((("", "application/json"), ("", "application/x-www-form-urlencoded"),
                                                ("{}", "application/json"))):
        resp = slack.sender.post(body, content_type, timestamp=now - age)  # the same signature twice is a replay
        assert (resp.status, resp.body) == (400, "Bad Request: the body is empty"), (body, content_type)
    slack.drain()
    assert slack.fake.calls == [] and slack.usage() == []


def _form(payload) -> str:
    return urlencode({"payload": json.dumps(payload)})


def test_unparsable_bodies_get_400_not_500(slack, caplog):
    caplog.set_level(logging.INFO)
    cases = [("{not json", "application/json"), ("[1, 2, 3]", "application/json"), ("null", "application/json"),
             ("payload=%7Bbroken", "application/x-www-form-urlencoded"), (b"\xff\xfe\x00", "application/json")]
    action = slack.sender.block_action("feedback_up", "1")
    wrong_types = [  # signed JSON that parses, with fields of types Slack never sends
        (json.dumps({"type": "event_callback", "event": "str", "event_id": "Ev0WRONG1"}), "application/json"),
        (json.dumps({"type": "event_callback", "event": {"type": ["app_mention"]}}), "application/json"),
        (json.dumps({"type": "event_callback", "event_id": ["x"], "event": slack.sender.mention("hi")}),
         "application/json"),
        (json.dumps({"type": 5}), "application/json"),
        (_form({"type": "block_actions", "user": "U1", "actions": "x"}), "application/x-www-form-urlencoded"),
        (_form({**action, "actions": [{"value": "1"}]}), "application/x-www-form-urlencoded"),
        (_form({**action, "actions": ["feedback_up"]}), "application/x-www-form-urlencoded"),
        (_form({**action, "view": "x"}), "application/x-www-form-urlencoded"),
        (_form({**action, "user": ["U0EMPLOYEE"]}), "application/x-www-form-urlencoded"),
    ]
    for body, content_type in cases + wrong_types:
        resp = slack.sender.post(body, content_type)
        assert resp.status == 400, (body, resp.status, resp.body)
    slack.drain()
    assert slack.fake.calls == [] and slack.usage() == [] and slack.feedback() == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # nothing reached the error handler


def test_a_dispatch_that_raises_is_a_400(slack, monkeypatch):
    def broken(request):
        raise AttributeError("'str' object has no attribute 'get'")

    monkeypatch.setattr(slack.app, "dispatch", broken)
    resp = slack.sender.event(slack.sender.mention("How do we measure AI adoption?"))
    assert resp.status == 400 and "cannot be handled" in resp.body


def test_the_error_handler_never_raises_whatever_the_body():
    from bot.slack.errors import make_error_handler, where

    handle = make_error_handler("the team")
    for body in ({"type": "event_callback", "event": "str"}, {"type": "block_actions", "actions": "x", "user": "U1"},
                 {"actions": [1, {"action_id": 5}]}, {"type": 5, "view": []}, "not a dict", None):
        handle(RuntimeError("boom"), body, client=None)  # nothing to tell the user with: logged, not raised
    clicked = {"type": "block_actions", "actions": [{"action_id": "feedback_up"}, "x"]}
    assert where(clicked) == "block_actions:feedback_up"
    assert where({"event": "str", "command": "/coach"}) == "slash_command:/coach"


def test_ack_comes_before_the_answer(slack, monkeypatch):
    """The answer is held until the test lets it go: Slack's 200 must arrive while nothing is posted yet."""
    with answers_held(slack, monkeypatch) as working:
        resp = slack.sender.event(slack.sender.mention("How do we measure AI adoption?"))
        assert resp.status == 200
        assert working.wait(10)  # the answer is being worked on...
        assert slack.fake.calls_to("chat.postMessage") == []  # ...and Slack already has its 200
    slack.fake.wait_for("chat.postMessage")


def test_a_429_from_slack_is_retried_after_retry_after(slack):
    slack.fake.script("chat.postMessage", status=429, retry_after=0)
    ev = slack.sender.mention("How do we measure AI adoption?")
    slack.sender.event(ev)
    calls = slack.fake.wait_for("chat.postMessage", count=2)
    assert calls[0].params == calls[1].params


def test_a_failure_gets_an_apology_with_a_reference_and_no_token_in_the_logs(slack, caplog):
    caplog.set_level(logging.DEBUG)
    slack.fake.script("chat.postMessage", error="channel_not_found")
    ev = slack.sender.mention("How do we measure AI adoption?")
    slack.sender.event(ev)
    calls = slack.fake.wait_for("chat.postMessage", count=2)
    apology = calls[1].params
    assert apology["thread_ts"] == ev["ts"] and "reference `" in apology["text"]
    ref = apology["text"].split("reference `")[1][:8]
    slack.drain()
    failure = [r for r in caplog.records if ref in r.getMessage()]
    assert failure and failure[0].levelno == logging.ERROR and "event_callback:app_mention" in failure[0].getMessage()
    assert BOT_TOKEN not in caplog.text and SECRET not in caplog.text


def test_redactor_removes_tokens_from_messages_and_tracebacks():
    redactor = TokenRedactor([SECRET])
    try:
        raise RuntimeError(f"token {BOT_TOKEN} and xapp-1-A0-123-abc and {SECRET}")
    except RuntimeError as exc:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed with %s", (BOT_TOKEN,),
                                   (RuntimeError, exc, exc.__traceback__))
    redactor.filter(record)
    rendered = logging.Formatter().format(record)
    assert BOT_TOKEN not in rendered and SECRET not in rendered and "xapp-1" not in rendered
    assert "xoxb-[redacted]" in rendered and "RuntimeError" in rendered
