from bot.answers.searched import as_searched


def test_a_message_is_searched_with_each_rewrite_of_its_words():
    text = as_searched("18 of our 30 analysts use it weekly, but my two best analysts stopped using it. what do you "
                       "keep about me?")
    assert "(adoption rate)" in text and "(high performers)" in text and "does the coach keep" in text


def test_a_message_without_those_phrasings_is_searched_as_it_is():
    text = "how do we set a baseline before the pilot?"
    assert as_searched(text) == text


def test_a_case_s_results_are_searched_as_its_outcomes():
    assert "(outcomes)" in as_searched("what did the factory in the case study actually get out of it?")
