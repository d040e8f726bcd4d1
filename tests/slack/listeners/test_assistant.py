"""The Assistant pane: greeting and suggested prompts, a status while working, answers with history."""

from bot.slack.blocks.help import SUGGESTED_QUESTIONS
from tests.slack.conftest import EMPLOYEE
from tests.slack.fake_slack import TEAM_ID

DM, THREAD = "D0ASSIST", "1729999327.187299"


def test_thread_started_greets_and_suggests_prompts(slack):
    slack.sender.event({"type": "assistant_thread_started", "event_ts": "1729999327.200000",
                        "assistant_thread": {"user_id": EMPLOYEE, "channel_id": DM, "thread_ts": THREAD,
                                             "context": {"channel_id": "C0GENERAL", "team_id": TEAM_ID,
                                                         "enterprise_id": None}}})
    greeting = slack.fake.wait_for("chat.postMessage")[0]
    prompts = slack.fake.wait_for("assistant.threads.setSuggestedPrompts")[0]
    assert greeting.params["channel"] == DM and greeting.params["thread_ts"] == THREAD
    assert [p["message"] for p in prompts.params["prompts"]] == list(SUGGESTED_QUESTIONS)
    assert prompts.params["thread_ts"] == THREAD


def test_user_message_sets_a_status_then_answers_in_the_thread_with_history(slack):
    first = slack.sender.message("How do we measure AI adoption?", channel=DM, channel_type="im", thread_ts=THREAD)
    slack.sender.event(first)
    answer = slack.fake.wait_for("chat.postMessage")[0]
    status = slack.fake.calls_to("assistant.threads.setStatus")[0]
    assert status.params["status"] and status.params["thread_ts"] == THREAD
    assert slack.fake.calls.index(status) < slack.fake.calls.index(answer)
    assert answer.params["thread_ts"] == THREAD and answer.params["channel"] == DM
    slack.sender.event(slack.sender.message("and which KPIs show it?", channel=DM, channel_type="im",
                                            thread_ts=THREAD))
    slack.fake.wait_for("chat.postMessage", count=2)
    slack.drain()
    assert [e.surface for e in slack.usage()] == ["assistant", "assistant"]
    assert len(slack.container.conversations.history(DM, THREAD)) == 2


def test_a_status_slack_refuses_does_not_stop_the_answer(slack, caplog):
    slack.fake.script("assistant.threads.setStatus", error="invalid_thread_ts")
    slack.sender.event(slack.sender.message("How do we measure AI adoption?", channel=DM, channel_type="im",
                                            thread_ts=THREAD))
    answer = slack.fake.wait_for("chat.postMessage")[0]
    slack.drain()
    assert answer.params["thread_ts"] == THREAD and "reference `" not in answer.params["text"]
    assert len(slack.fake.calls_to("chat.postMessage")) == 1  # the answer, not an apology
    assert [e.outcome for e in slack.usage()] == ["answered"]
    assert "invalid_thread_ts" in caplog.text and "xoxb-" not in caplog.text
