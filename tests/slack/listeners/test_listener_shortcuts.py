"""The "Give AI feedback" message shortcut."""

import json

from fake_slack import BOT_ID


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
