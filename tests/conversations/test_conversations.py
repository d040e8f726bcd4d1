"""The conversation service on the real knowledge base: records, topics, thread memory, idempotency."""

from bot.conversations.service import Asked
from bot.conversations.topics import OUT_OF_SCOPE


def test_ask_records_usage_with_topic_and_remembers_thread_turns(kb):
    conv = kb.conversations
    first = conv.ask(Asked("U0CONV", "How do we measure AI adoption?", "mention", channel="C9", thread_ts="1.1",
                           department="Ops"))
    follow = conv.ask(Asked("U0CONV", "and how often?", "thread", channel="C9", thread_ts="1.1"))
    off = conv.ask(Asked("U0CONV", "What's the weather forecast for Paris tomorrow?", "dm"))
    assert first.answer.answered and first.usage_id < follow.usage_id < off.usage_id
    assert conv.is_bot_thread("C9", "1.1") and not conv.is_bot_thread("C9", "2.2")
    assert [t.question for t in conv.history("C9", "1.1")] == ["How do we measure AI adoption?", "and how often?"]
    with kb.uow() as uow:
        e1, e3 = uow.usage.get(first.usage_id), uow.usage.get(off.usage_id)
        best = uow.documents.get_by_path(first.answer.sources[0].path)
        assert (e1.topic, e1.department, e1.outcome) == (best.topic, "Ops", "answered")
        assert (e3.topic, e3.outcome) == (OUT_OF_SCOPE, "declined")
    user, recalled = conv.recall(first.usage_id)
    assert user == "U0CONV" and recalled.text == first.answer.text and recalled.sources[0].path
    assert conv.recall(10**9) is None


def test_claim_is_true_once(kb):
    assert kb.conversations.claim("event:Ev0CLAIM") is True
    assert kb.conversations.claim("event:Ev0CLAIM") is False


def test_old_claims_are_forgotten_new_ones_kept(kb, monkeypatch):
    from datetime import timedelta

    from bot.clock import utcnow
    from bot.conversations import service
    from bot.store.tables.conversations import ProcessedEvent

    with kb.uow() as uow:
        uow.session.add(ProcessedEvent(key="event:old", created_at=utcnow() - timedelta(days=2)))
        uow.commit()
    monkeypatch.setattr(service, "PRUNE_EVERY", 1)
    assert kb.conversations.claim("event:new")
    assert kb.conversations.claim("event:old") is True  # forgotten, so claimable again
    assert kb.conversations.claim("event:new") is False
