"""The one term analyzer BM25 and sentence scoring share (bot.retrieval.lexical.TermAnalyzer)."""

import pytest

from bot.retrieval.lexical import TermAnalyzer

ANALYZER = TermAnalyzer()


@pytest.mark.parametrize("typed, written", [
    ("the 6 phases", "the six phases"),
    ("how do I pick 3 to 5 pilots?", "how do I pick three to five pilots?"),
    ("what happens in step 3.", "what happens in step three."),
    ("the 12 KPIs", "the twelve KPIs"),
])
def test_a_count_typed_as_a_numeral_reads_as_its_word(typed, written):
    assert ANALYZER.terms(typed) == ANALYZER.terms(written)


@pytest.mark.parametrize("text, terms", [
    ("adoption rose 5% in q3", ["adopt", "rose", "q3"]),
    ("30/60/90-day reviews", ["30", "60", "90", "day", "review"]),
    ("a 3.5 rating from 13 teams", ["rate", "13", "team"]),
])
def test_figures_and_codes_keep_their_digits(text, terms):
    assert ANALYZER.terms(text) == terms
