"""Questions and answers through signed HTTP requests: mentions, DMs, thread follow-ups, idempotency;
`/coach` help and private answers with "Share in channel"; reading Slack markup into the question."""

import json

from bot.slack.text import question_text
from tests.slack.conftest import EMPLOYEE, answers_held, validate_blocks
from tests.slack.fake_slack import BOT_ID, BOT_USER_ID

QUESTION = "How do we measure AI adoption?"
PHASES = "What are the phases of an AI rollout?"


def test_mention_is_answered_in_its_thread_with_sources_confidence_and_buttons(slack):
    slack.fake.departments["U0CLAIMS"] = "Claims"  # a user no other test looked up (profiles are cached)
    ev = slack.sender.mention(QUESTION, user="U0CLAIMS")
    assert slack.sender.event(ev).status == 200
    call = slack.fake.wait_for("chat.postMessage", where=lambda c: c.params.get("thread_ts") == ev["ts"])[0]
    assert call.params["channel"] == "C0GENERAL"
    assert call.headers["Authorization"].startswith("Bearer xoxb-")
    blocks = call.params["blocks"]
    texts = [b.get("text", {}).get("text", "") for b in blocks]
    assert any(t.startswith("*Sources*\n[1] ") for t in texts)
    assert any("Confidence" in e["text"] for b in blocks if b["type"] == "context" for e in b["elements"])
    actions = next(b for b in blocks if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == ["feedback_up", "feedback_down"]
    slack.drain()
    [event] = slack.usage()
    assert (event.user_id, event.surface, event.outcome, event.department) == ("U0CLAIMS", "mention", "answered",
                                                                               "Claims")
    assert actions[0]["value"] == str(event.id) and event.question == QUESTION and event.latency_ms > 0


def test_a_mention_that_also_arrives_as_a_message_event_is_answered_once(slack):
    first = slack.sender.mention(QUESTION)
    slack.sender.event(first)
    slack.fake.wait_for("chat.postMessage")
    thread = first["ts"]
    mention = slack.sender.mention("and what about OKRs for it?", thread_ts=thread)
    same_as_message = slack.sender.message(mention["text"], ts=mention["ts"], thread_ts=thread)
    assert slack.sender.event(mention).status == 200
    assert slack.sender.event(same_as_message).status == 200
    slack.fake.wait_for("chat.postMessage", count=2)
    slack.drain()
    assert len(slack.fake.calls_to("chat.postMessage")) == 2
    assert len(slack.usage()) == 2


def test_a_slack_retry_gets_200_and_never_a_second_answer(slack):
    ev = slack.sender.mention(QUESTION)
    first = slack.sender.event(ev, event_id="Ev0RETRY0001")
    retried = slack.sender.event(ev, event_id="Ev0RETRY0001", retry=1)
    again = slack.sender.event(ev, event_id="Ev0RETRY0001", retry=2)
    assert (first.status, retried.status, again.status) == (200, 200, 200)
    slack.fake.wait_for("chat.postMessage")
    slack.drain()
    assert len(slack.fake.calls_to("chat.postMessage")) == 1
    assert len(slack.usage()) == 1


def test_follow_up_in_the_bots_thread_needs_no_mention_and_gets_the_earlier_turns(slack, monkeypatch):
    seen = []
    answers = slack.container.conversations.answers
    real_ask = answers.ask
    monkeypatch.setattr(answers, "ask", lambda q, history=(), **kw: seen.append(list(history)) or real_ask(q, history))
    first = slack.sender.mention(QUESTION)
    slack.sender.event(first)
    slack.fake.wait_for("chat.postMessage")
    follow = slack.sender.message("and how often should we measure it?", thread_ts=first["ts"])
    slack.sender.event(follow)
    calls = slack.fake.wait_for("chat.postMessage", count=2)
    assert calls[1].params["thread_ts"] == first["ts"]
    assert seen[0] == [] and [t.question for t in seen[1]] == [QUESTION]
    slack.drain()
    assert [e.surface for e in slack.usage()] == ["mention", "thread"]


def test_messages_the_bot_should_not_answer_are_ignored(slack):
    stranger_thread = slack.sender.message("a reply in somebody else's thread", thread_ts="1600000000.000100")
    top_level = slack.sender.message("just chatting in the channel")
    other_bot = slack.sender.message("I am another bot", bot_id="B0OTHER", thread_ts="1600000000.000100")
    own = slack.sender.message("my own answer", bot_id=BOT_ID, user=BOT_USER_ID, channel_type="im")
    edited = slack.sender.message("edit", subtype="message_changed", channel_type="im")
    other_bot_mention = {**slack.sender.mention(QUESTION), "bot_id": "B0OTHER"}
    for ev in (stranger_thread, top_level, other_bot, own, edited, other_bot_mention):
        assert slack.sender.event(ev).status == 200
    slack.drain()
    assert slack.fake.calls_to("chat.postMessage") == [] and slack.usage() == []


def test_direct_message_is_answered_in_the_dm(slack):
    ev = slack.sender.message(QUESTION, channel="D0DM", channel_type="im")
    slack.sender.event(ev)
    call = slack.fake.wait_for("chat.postMessage")[0]
    assert call.params["channel"] == "D0DM" and "thread_ts" not in call.params
    slack.drain()
    assert [e.surface for e in slack.usage()] == ["dm"]


def test_a_45000_character_message_gets_a_valid_answer(slack):
    text = ("How do we measure AI adoption across teams? " + "We have many teams and many tools. " * 1400)[:45_000]
    assert len(text) == 45_000
    ev = slack.sender.mention(text)
    assert slack.sender.event(ev).status == 200
    call = slack.fake.wait_for("chat.postMessage")[0]
    assert len(call.params["blocks"]) <= 50 and len(call.params["text"]) <= 3000
    slack.drain()
    assert len(slack.usage()[0].question) == 4000


def test_mass_mentions_in_a_question_are_never_echoed_as_pings(slack):
    ev = slack.sender.mention("<!channel> <!here> @everyone how do we measure AI adoption?")
    slack.sender.event(ev)
    call = slack.fake.wait_for("chat.postMessage")[0]
    assert "<!" not in str(call.params)  # the autouse check validates every payload too


def test_declined_question_names_human_help_and_is_recorded_as_declined(slack):
    ev = slack.sender.mention("What's the weather forecast for Paris tomorrow?")
    slack.sender.event(ev)
    call = slack.fake.wait_for("chat.postMessage")[0]
    assert "the AI enablement team" in call.params["blocks"][0]["text"]["text"]
    slack.drain()
    assert slack.usage()[0].outcome == "declined"


# `/coach` -------------------------------------------------------------------------------------------

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
    resp = _ask(slack, PHASES)
    assert resp.body == ""  # the ack is empty; the answer follows on the response_url
    reply = slack.fake.wait_for("response_url:cmd")[0].params
    assert reply["response_type"] == "ephemeral"
    blocks = reply["blocks"]
    assert blocks[0]["type"] == "context" and PHASES in blocks[0]["elements"][0]["text"]
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["feedback_up", "feedback_down", "share_answer"]
    slack.drain()
    assert [e.surface for e in slack.usage()] == ["command"]


def test_the_command_is_acknowledged_before_the_answer_is_ready(slack, monkeypatch):
    """The answer is held until the test lets it go: the empty ack must come back while nothing is posted."""
    with answers_held(slack, monkeypatch) as working:
        resp = _ask(slack, PHASES)
        assert resp.status == 200 and resp.body == ""
        assert working.wait(10)  # the answer is being worked on...
        assert slack.fake.calls_to("response_url:cmd") == []  # ...and Slack already has its ack
    assert slack.fake.wait_for("response_url:cmd")[0].params["response_type"] == "ephemeral"


def test_share_posts_the_answer_in_channel_and_removes_the_private_copy(slack):
    _ask(slack, PHASES)
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
    _ask(slack, PHASES)
    slack.fake.wait_for("response_url:cmd")
    slack.drain()
    usage_id = str(slack.usage()[0].id)
    slack.sender.interaction(slack.sender.block_action("share_answer", usage_id, user="U0SOMEONE",
                                                       response_url=slack.fake.response_url("share")))
    [reply] = slack.fake.wait_for("response_url:share")
    slack.drain()
    assert reply.params["response_type"] == "ephemeral" and "only share an answer you asked" in reply.params["text"]
    assert len(slack.fake.calls_to("response_url:share")) == 1


def test_a_45000_character_command_is_answered_with_a_short_echo(slack):
    text = ("How do we measure AI adoption? " * 1500)[:45_000]
    _ask(slack, text)
    reply = slack.fake.wait_for("response_url:cmd")[0].params
    assert len(reply["blocks"][0]["elements"][0]["text"]) < 400


def test_question_text_reads_slack_markup():
    raw = "<@U0BOT> how do we measure <https://x.example|adoption> in <#C1|sales> for <@U2> &amp; &lt;team&gt;?"
    assert question_text(raw, "U0BOT") == "how do we measure adoption in #sales for @U2 & <team>?"
