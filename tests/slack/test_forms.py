"""A refused form's problems next to its fields (bot.slack.forms), from the errors the services raise
(bot.errors): one named field, several at once, none, and a field the modal does not have."""

import pytest

from bot.errors import FieldError, InputError, UserError, naming
from bot.slack.forms import field_errors
from bot.surveys.definition import SurveyError

BLOCKS = {"title": "title_block", "audience": "users"}


def test_a_named_field_lands_on_its_block_and_anything_else_on_the_default():
    assert field_errors(SurveyError("Give the survey a title.", "title"), BLOCKS, "questions") == {
        "title_block": "Give the survey a title."}
    assert field_errors(UserError("Something about the whole form."), BLOCKS, "questions") == {
        "questions": "Something about the whole form."}
    assert field_errors(UserError("Not in this modal.", "tool"), BLOCKS, "questions") == {
        "questions": "Not in this modal."}


def test_several_problems_at_once_keep_the_first_per_block_and_fit_slacks_150_characters():
    exc = InputError([FieldError("title", "x" * 400), FieldError("audience", "Choose who."),
                      FieldError("audience", "A second problem there.")])
    errors = field_errors(exc, BLOCKS, "questions")
    assert errors["users"] == "Choose who." and len(errors["title_block"]) == 150
    assert errors["title_block"].endswith("…")
    assert str(exc).splitlines() == ["x" * 400, "Choose who.", "A second problem there."]  # the CLI's lines


def test_naming_gives_an_unnamed_error_its_field_and_keeps_its_type():
    with pytest.raises(SurveyError) as caught:
        with naming("questions"):
            raise SurveyError("Line 2: start with a kind.")
    assert (caught.value.field, str(caught.value)) == ("questions", "Line 2: start with a kind.")
    with pytest.raises(UserError) as caught:
        with naming("questions"):
            raise UserError("Choose one of the options.", "q3")
    assert caught.value.field == "q3"  # a field already named stays
