"""👍/👎 buttons and the admin's gap-report button."""

from conftest import ADMIN, EMPLOYEE


def _answered(slack):
    slack.sender.command("How do we measure AI adoption?", response_url=slack.fake.response_url("cmd"))
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    return slack.usage()[0]


def _click(slack, action_id, value, user=EMPLOYEE, name="click"):
    payload = slack.sender.block_action(action_id, value, user=user, response_url=slack.fake.response_url(name))
    assert slack.sender.interaction(payload).status == 200


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
