"""The directory files: HR's CSV of people, and Microsoft Entra's users (a Graph page or a nested org tree)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.adoption.directory_files import EntraPeople, parse_entra, parse_people
from bot.adoption.records import Person
from bot.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_hr_csv_gives_people_with_lower_cased_emails_and_logins():
    people = parse_people(fixture("directory/people.csv"))
    assert people == [
        Person("ana.lopez@example.com", "Finance", "Ana Lopez", "femi.ade@example.com", "Lisbon", "U01ANA",
               "analopez"),
        Person("ben.okafor@example.com", "Sales", "Ben Okafor", "femi.ade@example.com", "Lagos", "U01BEN", ""),
        Person("chen.wei@example.com", "Finance", "Chen Wei", "ana.lopez@example.com", "Singapore", "",
               "chenwei"),
        Person("femi.ade@example.com", "Executive", "Femi Ade", "", "London", "U01FEMI", "femiade"),
    ]  # the extra Cost Centre column is ignored; "@femiade" loses its @


def test_only_email_and_department_are_needed_and_header_spelling_is_free():
    text = "\ufeffE-Mail;DEPARTMENT;manager_email;SlackID;github_login\r\nA@X.com;Legal;B@x.com;U1;Octo-Cat\r\n"
    assert parse_people(text) == [Person("a@x.com", "Legal", "", "b@x.com", "", "U1", "octo-cat")]
    assert parse_people("email,department\na@x.com,Legal\n") == [Person("a@x.com", "Legal")]


def test_a_missing_column_is_named_with_the_columns_found():
    with pytest.raises(UserError, match=r"^The file has no department column \(columns found: email, name\)\.$"):
        parse_people("email,name\na@x.com,Ana\n")


@pytest.mark.parametrize(("rows", "message"), [
    ("a@x.com,Legal\n,Sales\n", r"^row 2, email: empty; every person needs an email and a department\.$"),
    ("a@x.com,\n", r"^row 1, department: empty"),
    ("a@x.com,Legal\nA@X.COM,Sales\n", r"^row 2, email: a@x.com is also in row 1\.$"),
    ("a@x.com,Legal\nb.example.com,Sales\n", r"^row 2, email: 'b.example.com' is not an email address\.$"),
    ("a@x,Legal\n", r"^row 1, email: 'a@x' is not an email address"),
])
def test_a_bad_row_is_named(rows, message):
    with pytest.raises(UserError, match=message):
        parse_people("email,department\n" + rows)


def test_a_bad_manager_email_or_github_login_is_named():
    with pytest.raises(UserError, match=r"^row 1, manager_email: 'the boss' is not an email address"):
        parse_people("email,department,manager_email\na@x.com,Legal,the boss\n")
    with pytest.raises(UserError, match=r"^row 1, github_login: 'octo cat' is not a GitHub login"):
        parse_people("email,department,github_login\na@x.com,Legal,octo cat\n")


def test_a_github_login_held_by_two_people_names_both_rows():
    with pytest.raises(UserError, match=r"^row 3, github_login: octocat is also in row 1\.$"):
        parse_people("email,department,github_login\na@x.com,Legal,OctoCat\nb@x.com,Legal,\nc@x.com,Legal,octocat\n")


def test_blank_lines_are_skipped_but_keep_their_row_numbers():
    with pytest.raises(UserError, match=r"^row 3, email"):
        parse_people("email,department\na@x.com,Legal\n\nnot-an-email,Sales\n")
    assert len(parse_people("email,department\n\na@x.com,Legal\n,\n")) == 1


def test_an_empty_file_or_one_without_people_is_an_error():
    with pytest.raises(UserError, match="^The file is empty: expected a CSV of people"):
        parse_people("")
    with pytest.raises(UserError, match="^The file has no people under its header"):
        parse_people("email,department\n\n")


def test_a_graph_users_page_skips_and_counts_rooms_services_and_disabled_accounts():
    result = parse_entra(fixture("directory/graph-users-page.json"))
    assert result == EntraPeople([
        Person("ana.lopez@example.com", "Finance", "Ana Lopez", location="Lisbon"),
        Person("ben.okafor@example.com", "Sales", "Ben Okafor"),
        Person("chen.wei@example.com", "Finance", "Chen Wei", location="Singapore"),
    ], skipped=3)


def test_the_org_tree_gives_managers_and_github_logins():
    result = parse_entra(fixture("github-copilot/entra-org-tree.json"))
    assert result.skipped == 0
    assert len(result.people) == 8
    by_email = {p.email: p for p in result.people}
    assert by_email["monalisa@octodemo.com"] == Person(
        "monalisa@octodemo.com", "Engineering", "Monalisa Octocat", "", "San Francisco", "", "monalisa")
    assert by_email["octocat@octodemo.com"].manager_email == "defunkt@octodemo.com"
    assert by_email["alice.chen@octodemo.com"].manager_email == "codertocat@octodemo.com"
    assert by_email["alice.chen@octodemo.com"].github_login == "alicechen"
    assert [p.email for p in result.people][:3] == [
        "monalisa@octodemo.com", "defunkt@octodemo.com", "octocat@octodemo.com"]  # depth first


def test_a_list_of_trees_and_an_expanded_manager_are_read():
    trees = [{"mail": "a@x.com", "department": "Legal", "directReports": [{"mail": "b@x.com", "department": "Legal"}]},
             {"mail": "c@x.com", "department": "Sales", "manager": {"mail": "Boss@x.com"}}]
    people = parse_entra(json.dumps(trees)).people
    assert [(p.email, p.manager_email) for p in people] == [("a@x.com", ""), ("b@x.com", "a@x.com"),
                                                            ("c@x.com", "boss@x.com")]


def test_a_mail_twice_in_entra_names_both_people():
    page = {"value": [{"mail": "a@x.com", "department": "Legal"}, {"mail": None},
                      {"mail": "A@x.com", "department": "Sales"}]}
    with pytest.raises(UserError, match=r"^person 3, email: a@x.com is also in person 1\.$"):
        parse_entra(json.dumps(page))


def test_entra_files_that_are_not_users_are_refused():
    with pytest.raises(UserError, match="^The file is empty"):
        parse_entra(" ")
    with pytest.raises(UserError, match="^The file is not valid JSON"):
        parse_entra("mail,department\n")
    with pytest.raises(UserError, match="holds a JSON int"):
        parse_entra("42")
    with pytest.raises(UserError, match=r"^person 2: expected a JSON object"):
        parse_entra('{"value": [{"mail": "a@x.com", "department": "Legal"}, "b@x.com"]}')
    assert parse_entra('{"value": []}') == EntraPeople([], 0)
