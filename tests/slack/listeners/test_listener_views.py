"""Modal submissions: stored when valid; otherwise an error next to the field and nothing changes."""

import json

from conftest import EMPLOYEE, validate_view
from signed import radio, text_input


def _down_rating(slack):
    slack.sender.command("How do we measure AI adoption?", response_url=slack.fake.response_url("cmd"))
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    event = slack.usage()[0]
    slack.sender.interaction(slack.sender.block_action("feedback_down", str(event.id)))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    return event, view["private_metadata"]


def _submit(slack, callback_id, values, metadata="", user=EMPLOYEE):
    resp = slack.sender.interaction(slack.sender.view_submission(callback_id, values, metadata, user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def test_reason_and_comment_complete_the_thumbs_down(slack):
    _event, metadata = _down_rating(slack)
    body = _submit(slack, "feedback_reason", {"reason": radio("outdated"), "comment": text_input("Old policy")},
                   metadata)
    assert body["response_action"] == "update"
    validate_view(body["view"])
    [fb] = slack.feedback()
    assert (fb.rating, fb.reason, fb.comment) == ("down", "outdated", "Old policy")


def test_bad_modal_input_is_explained_and_changes_nothing(slack):
    _event, metadata = _down_rating(slack)
    cases = [({"reason": radio("bogus"), "comment": text_input("")}, metadata, "comment"),
             ({"reason": radio("wrong"), "comment": text_input("x" * 3001)}, metadata, "comment"),
             ({"reason": radio("wrong"), "comment": text_input("")}, "not-an-id", "reason")]
    for values, meta, field in cases:
        body = _submit(slack, "feedback_reason", values, meta)
        assert body["response_action"] == "errors" and field in body["errors"]
    body = _submit(slack, "feedback_reason", {"reason": radio("wrong"), "comment": text_input("")}, metadata,
                   user="U0INTRUDER")
    assert body["response_action"] == "errors"
    [fb] = slack.feedback()
    assert (fb.reason, fb.comment) == (None, "")


def test_ai_tool_feedback_is_stored_and_needs_a_tool_name(slack):
    body = _submit(slack, "tool_feedback", {"tool": text_input(""), "rating": radio("up"),
                                            "comment": text_input("")})
    assert body["response_action"] == "errors" and "tool" in body["errors"]
    assert slack.feedback() == []
    body = _submit(slack, "tool_feedback", {"tool": text_input("Meeting summariser"), "rating": radio("down"),
                                            "comment": text_input("Misses action items")})
    assert body["response_action"] == "update"
    [fb] = slack.feedback()
    assert (fb.tool, fb.rating, fb.comment, fb.via) == ("Meeting summariser", "down", "Misses action items", "command")


def test_message_feedback_links_to_our_answer_or_keeps_the_other_message(slack):
    event, _ = _down_rating(slack)
    _submit(slack, "message_feedback", {"rating": radio("down"), "reason": radio("incomplete"),
                                        "comment": text_input("Needs more")}, json.dumps({"usage_id": event.id}))
    _submit(slack, "message_feedback", {"rating": radio("up"), "reason": radio(None), "tool": text_input("Copilot"),
                                        "comment": text_input("")},
            json.dumps({"text": "Generated summary", "author": "U0OTHER"}))
    body = _submit(slack, "message_feedback", {"rating": radio(None), "reason": radio(None),
                                               "comment": text_input("  ")}, json.dumps({"text": "x"}))
    assert body["response_action"] == "errors"
    _down, ours, other = slack.feedback()
    assert (ours.usage_event_id, ours.reason, ours.question, ours.via) == (event.id, "incomplete", event.question,
                                                                           "shortcut")
    assert (other.usage_event_id, other.answer, other.tool, other.rating) == (None, "Generated summary", "Copilot",
                                                                              "up")
