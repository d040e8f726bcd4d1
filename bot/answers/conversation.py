"""Follow-up questions: "and how do we measure that?" borrows the subject of the previous turn."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.models import Turn
from bot.retrieval.lexical import TermAnalyzer

_OPENERS = re.compile(r"^\s*(and|also|but|so|then|what about|how about|ok(ay)?|same for|why)\b", re.IGNORECASE)
_REFERENCES = re.compile(r"\b(that|this|it|its|those|these|they|them|their|there|one|ones)\b", re.IGNORECASE)


def is_follow_up(question: str, analyzer: TermAnalyzer) -> bool:
    content_terms = analyzer.terms(question)
    if _OPENERS.search(question):
        return True
    return len(content_terms) <= 4 and bool(_REFERENCES.search(question))


def contextualize(question: str, history: Sequence[Turn], analyzer: TermAnalyzer) -> str:
    """The text to search for: the question itself, or completed with the last question's subject."""
    if not history or not is_follow_up(question, analyzer):
        return question
    return f"{question} ({history[-1].question})"
