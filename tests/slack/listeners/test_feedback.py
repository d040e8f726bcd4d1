"""Feedback through signed HTTP requests: 👍/👎 under answers and the 👎 reason modal, the "Give AI
feedback" message shortcut and its modal, `/coach feedback` and its AI-tool modal. A modal is stored when
valid; otherwise an error shows next to the field and nothing changes."""

import json

from tests.slack.conftest import EMPLOYEE, validate_view
from tests.slack.fake_slack import BOT_ID
from tests.slack.signed import radio, text_input


def _answered(slack):
    slack.sender.command("How do we measure AI adoption?", response_url=slack.fake.response_url("cmd"))
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    return slack.usage()[0]


def _click(slack, action_id, value, user=EMPLOYEE, name="click"):
    payload = slack.sender.block_action(action_id, value, user=user, response_url=slack.fake.response_url(name))
    assert slack.sender.interaction(payload).status == 200


def _down_rating(slack):
    event = _answered(slack)
    slack.sender.interaction(slack.sender.block_action("feedback_down", str(event.id)))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    return event, view["private_metadata"]


def _submit(slack, callback_id, values, metadata="", user=EMPLOYEE):
    resp = slack.sender.interaction(slack.sender.view_submission(callback_id, values, metadata, user=user))
    assert resp.status == 200
    return resp.json() if resp.body else {}


def test_thumbs_up_is_stored_with_the_answer_and_thanked_privately(slack):
    event = _answered(slack)
    _click(slack, "feedback_up", str(event.id))
    thanks = slack.fake.wait_for("response_url:click")[0].params
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    [fb] = slack.feedback()
    assert (fb.user_id, fb.rating, fb.usage_event_id, fb.via) == (EMPLOYEE, "up", event.id, "button")
    assert fb.question == event.question and fb.answer == event.answer and fb.sources == event.sources


def test_thumbs_down_opens_the_reason_modal_for_that_rating_and_a_second_click_changes_it(slack):
    event = _answered(slack)
    _click(slack, "feedback_up", str(event.id))
    slack.fake.wait_for("response_url:click")
    _click(slack, "feedback_down", str(event.id))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    [fb] = slack.feedback()
    assert fb.rating == "down" and view["callback_id"] == "feedback_reason"
    assert view["private_metadata"] == str(fb.id)
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    reason = inputs["reason"]["element"]
    assert reason["type"] == "radio_buttons" and not inputs["reason"]["optional"]
    assert [(o["value"], o["text"]["text"]) for o in reason["options"]] == [
        ("wrong", "Wrong"), ("outdated", "Outdated"), ("incomplete", "Incomplete"), ("not_relevant", "Not relevant"),
        ("other", "Other")]
    comment = inputs["comment"]
    assert comment["element"]["type"] == "plain_text_input" and comment["element"]["multiline"]
    assert comment["optional"]


def test_broken_or_unknown_buttons_get_a_message_and_store_nothing(slack):
    for value, message in (("not-a-number", "nothing was recorded"), ("999999", "can't find that answer")):
        _click(slack, "feedback_up", value, name=f"bad-{value}")
        reply = slack.fake.wait_for(f"response_url:bad-{value}")[0].params
        assert reply["response_type"] == "ephemeral" and message in reply["text"]
    slack.drain()
    assert slack.feedback() == [] and slack.fake.calls_to("views.open") == []


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
    cases = [({"reason": radio("bogus"), "comment": text_input("")}, metadata, "reason"),
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


def test_shortcut_on_one_of_our_answers_links_the_modal_to_it(slack):
    slack.sender.command("How do we measure AI adoption?", response_url=slack.fake.response_url("cmd"))
    blocks = slack.fake.wait_for("response_url:cmd")[0].params["blocks"]
    slack.drain()
    event = slack.usage()[0]
    message = {"type": "message", "bot_id": BOT_ID, "text": "answer", "ts": "1700000001.000100", "blocks": blocks}
    slack.sender.interaction(slack.sender.message_shortcut(message))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "message_feedback"
    assert json.loads(view["private_metadata"]) == {"usage_id": event.id}
    assert "tool" not in [b.get("block_id") for b in view["blocks"]]


def test_shortcut_on_any_other_message_keeps_its_text_and_asks_for_the_tool(slack):
    message = {"type": "message", "user": "U0OTHER", "text": "Summary by our AI <!here> " + "x" * 5000,
               "ts": "1700000002.000100"}
    slack.sender.interaction(slack.sender.message_shortcut(message))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    meta = json.loads(view["private_metadata"])
    assert meta["author"] == "U0OTHER" and meta["text"].startswith("Summary by our AI") and len(meta["text"]) == 1500
    assert len(view["private_metadata"]) <= 3000
    assert "tool" in [b.get("block_id") for b in view["blocks"]]


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


def test_feedback_opens_the_ai_tool_modal(slack):
    assert slack.sender.command("feedback", response_url=slack.fake.response_url("cmd")).status == 200
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "tool_feedback" and view["private_metadata"] == "C0GENERAL"


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


HUGE = "99999999999999999999999"  # past any 64-bit id


def test_feedback_binds_to_the_clicking_persons_own_answers_only(slack):
    """Someone else's answer id in a 👍/👎 button, in the shortcut's message or in a forged form is an answer that
    is gone: nothing is stored, and the message is word for word the one for a missing answer."""
    event = _answered(slack)  # EMPLOYEE's answer
    missing = "I can't find that answer any more, so I couldn't record your feedback."
    for action in ("feedback_up", "feedback_down"):
        _click(slack, action, str(event.id), user="U0COLLEAGUE", name=f"other-{action}")
        assert slack.fake.wait_for(f"response_url:other-{action}")[0].params["text"] == missing
    body = _submit(slack, "message_feedback", {"rating": radio("down"), "reason": radio("wrong"),
                                               "comment": text_input("")}, json.dumps({"usage_id": event.id}),
                   user="U0COLLEAGUE")
    assert body == {"response_action": "errors", "errors": {"comment": missing}}
    message = {"type": "message", "bot_id": BOT_ID, "text": "answer", "ts": "1700000003.000100",
               "blocks": [{"type": "actions", "elements": [{"type": "button", "action_id": "feedback_up",
                                                            "value": str(event.id)}]}]}
    slack.sender.interaction(slack.sender.message_shortcut(message, user="U0COLLEAGUE"))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert "usage_id" not in json.loads(view["private_metadata"])  # their own words on the message, not a rating
    slack.drain()
    assert slack.feedback() == []
    _click(slack, "feedback_up", str(event.id), name="own")  # the person who asked still can
    slack.fake.wait_for("response_url:own")
    slack.drain()
    assert [(f.user_id, f.usage_event_id) for f in slack.feedback()] == [(EMPLOYEE, event.id)]


def test_ids_past_64_bits_are_answers_and_ratings_that_do_not_exist(slack):
    missing = "I can't find that answer any more, so I couldn't record your feedback."
    _click(slack, "feedback_down", HUGE, name="huge")
    assert slack.fake.wait_for("response_url:huge")[0].params["text"] == missing
    body = _submit(slack, "message_feedback", {"rating": radio("up"), "reason": radio(None),
                                               "comment": text_input("")}, json.dumps({"usage_id": int(HUGE)}))
    assert body == {"response_action": "errors", "errors": {"comment": missing}}
    body = _submit(slack, "feedback_reason", {"reason": radio("wrong"), "comment": text_input("")}, HUGE)
    assert body["response_action"] == "errors" and "out of date" in body["errors"]["reason"]
    message = {"type": "message", "bot_id": BOT_ID, "text": "answer", "ts": "1700000004.000100",
               "blocks": [{"type": "actions", "elements": [{"type": "button", "action_id": "feedback_up",
                                                            "value": HUGE}]}]}
    slack.sender.interaction(slack.sender.message_shortcut(message))
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "message_feedback" and "usage_id" not in json.loads(view["private_metadata"])
    slack.drain()
    assert slack.feedback() == []
