"""The topic an answer belongs to, for grouping knowledge gaps: the knowledge-base topic of its best source,
or of the closest topic offered when the bot did not know."""

from __future__ import annotations

from bot.answers.models import Answer

OUT_OF_SCOPE = "out of scope"
NOT_COVERED = "not covered"


def topic_of(answer: Answer, documents) -> str | None:
    """``documents`` is a DocumentRepository (inside an open unit of work)."""
    if answer.kind == "empty":
        return None
    if answer.kind == "out_of_scope":
        return OUT_OF_SCOPE
    if answer.sources:
        doc = documents.get_by_path(answer.sources[0].path)
        return (doc.topic or doc.title) if doc else answer.sources[0].title
    for suggestion in answer.suggestions:
        title = suggestion.split(" › ", 1)[0]
        for doc in documents.all():
            if doc.title == title:
                return doc.topic or doc.title
    return NOT_COVERED
