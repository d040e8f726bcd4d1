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


@pytest.mark.parametrize("british, american", [
    ("our organisation wants to prioritise", "our organization wants to prioritize"),
    ("summarise the behaviour of the centre", "summarize the behavior of the center"),
    ("analyse the anonymised results", "analyze the anonymized results"),
    ("a licence for each team", "a license for each team"),
    ("optimisation of labour costs", "optimization of labor costs"),
])
def test_british_and_american_spellings_are_one_term(british, american):
    assert ANALYZER.terms(british) == ANALYZER.terms(american)


def test_accurate_and_accuracy_are_one_term():
    # the stemmer leaves them apart ("accur", "accuraci"); the guides say "accuracy" where people write "accurate"
    assert ANALYZER.terms("100% accurate") == ANALYZER.terms("100% accuracy")


def test_words_that_only_end_like_a_british_spelling_stay_apart():
    # "-ise" read as "-ize" is applied to the guides and the questions alike, so it may change a word wrongly, but
    # it never makes two different words one
    assert len(set(ANALYZER.terms("raise rise exercise enterprise precise promise premise"))) == 7


@pytest.mark.parametrize("text, terms", [
    ("adoption rose 5% in q3", ["adopt", "rose", "q3"]),
    ("30/60/90-day reviews", ["30", "60", "90", "day", "review"]),
    ("a 3.5 rating from 13 teams", ["rate", "13", "team"]),
])
def test_figures_and_codes_keep_their_digits(text, terms):
    assert ANALYZER.terms(text) == terms


def test_search_scores_the_chunks_it_is_told_to_include_wherever_they_rank(tmp_path):
    # hybrid retrieval fuses BM25's ranking with the dense and listed-question rankings: a candidate of those
    # lists gets its BM25 rank too, instead of nothing for being outside BM25's own top k
    from bot.retrieval.lexical import LexicalIndex

    index = LexicalIndex(tmp_path, ANALYZER)
    index.build([("a", "okr okr okr steps"), ("b", "okr okr review"), ("c", "okr pilot scalability"),
                 ("d", "coffee machine")])
    assert [cid for cid, _ in index.search("okr steps", 1)] == ["a"]
    both = index.search("okr steps", 1, include=["c", "d"])
    assert [cid for cid, _ in both] == ["a", "c"]  # "d" holds no query term
    assert both[1][1] == dict(index.search("okr steps", 4))["c"]  # the same BM25 score as in a full search
