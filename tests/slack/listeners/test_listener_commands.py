"""`/coach`: help, private answers with "Share in channel", feedback modal, role-checked reports."""

import json

from conftest import ADMIN, EMPLOYEE, HR_USER, MANAGER, answers_held, validate_blocks

QUESTION = "What are the phases of an AI rollout?"


def _ask(slack, text, user=EMPLOYEE, name="cmd"):
    resp = slack.sender.command(text, user=user, response_url=slack.fake.response_url(name))
    assert resp.status == 200
    return resp


def test_help_comes_back_in_the_ack_itself(slack):
    for text in ("", "help", "  HELP "):
        body = json.loads(_ask(slack, text).body)
        assert body["response_type"] == "ephemeral"
        validate_blocks(body["blocks"])
        assert "/coach feedback" in body["blocks"][0]["text"]["text"]


def test_question_is_answered_privately_with_a_share_button(slack):
    resp = _ask(slack, QUESTION)
    assert resp.body == ""  # the ack is empty; the answer follows on the response_url
    reply = slack.fake.wait_for("response_url:cmd")[0].params
    assert reply["response_type"] == "ephemeral"
    blocks = reply["blocks"]
    assert blocks[0]["type"] == "context" and QUESTION in blocks[0]["elements"][0]["text"]
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["feedback_up", "feedback_down", "share_answer"]
    slack.drain()
    assert [e.surface for e in slack.usage()] == ["command"]


def test_the_command_is_acknowledged_before_the_answer_is_ready(slack, monkeypatch):
    """The answer is held until the test lets it go: the empty ack must come back while nothing is posted."""
    with answers_held(slack, monkeypatch) as working:
        resp = _ask(slack, QUESTION)
        assert resp.status == 200 and resp.body == ""
        assert working.wait(10)  # the answer is being worked on...
        assert slack.fake.calls_to("response_url:cmd") == []  # ...and Slack already has its ack
    assert slack.fake.wait_for("response_url:cmd")[0].params["response_type"] == "ephemeral"


def test_share_posts_the_answer_in_channel_and_removes_the_private_copy(slack):
    _ask(slack, QUESTION)
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    usage_id = str(slack.usage()[0].id)
    slack.sender.interaction(slack.sender.block_action("share_answer", usage_id,
                                                       response_url=slack.fake.response_url("share")))
    posted = slack.fake.wait_for("response_url:share", count=2)
    assert posted[0].params["response_type"] == "in_channel"
    assert f"<@{EMPLOYEE}> asked" in posted[0].params["blocks"][0]["elements"][0]["text"]
    assert not any(b["type"] == "actions" for b in posted[0].params["blocks"])
    assert posted[1].params["delete_original"] is True


def test_nobody_can_share_someone_elses_answer(slack):
    _ask(slack, QUESTION)
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    usage_id = str(slack.usage()[0].id)
    slack.sender.interaction(slack.sender.block_action("share_answer", usage_id, user="U0SOMEONE",
                                                       response_url=slack.fake.response_url("share")))
    [reply] = slack.fake.wait_for("response_url:share")
    slack.drain()
    assert reply.params["response_type"] == "ephemeral" and "only share an answer you asked" in reply.params["text"]
    assert len(slack.fake.calls_to("response_url:share")) == 1


def test_feedback_opens_the_ai_tool_modal(slack):
    _ask(slack, "feedback")
    view = slack.fake.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "tool_feedback" and view["private_metadata"] == "C0GENERAL"


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


def test_a_45000_character_command_is_answered_with_a_short_echo(slack):
    text = ("How do we measure AI adoption? " * 1500)[:45_000]
    _ask(slack, text)
    reply = slack.fake.wait_for("response_url:cmd")[0].params
    assert len(reply["blocks"][0]["elements"][0]["text"]) < 400
