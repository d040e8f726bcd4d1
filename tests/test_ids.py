import pytest

from bot.errors import UserError
from bot.ids import MAX_ID, parse_id

MISSING = "There is no survey like that."


@pytest.mark.parametrize("text, value", [("42", 42), ("#7", 7), (" 3 ", 3), (5, 5), (str(MAX_ID), MAX_ID)])
def test_ids_are_whole_numbers_in_the_database_range(text, value):
    assert parse_id(text, MISSING) == value


@pytest.mark.parametrize("text", ["99999999999999999999999", str(MAX_ID + 1), MAX_ID + 1, "0", "-1", "1.5", "",
                                  None, "abc", "٣", True, "1e3", 0])
def test_anything_else_gets_the_callers_there_is_no_message(text):
    with pytest.raises(UserError) as exc:
        parse_id(text, MISSING)
    assert str(exc.value) == MISSING
