"""Roles: environment bootstrap, grants in the database, and `coach roles`."""

import json

import pytest
from typer.testing import CliRunner

from bot.errors import UserError
from bot.roles.service import RoleService


@pytest.fixture
def roles(fresh):
    return fresh(admins=["U0BOSS"], hr=["U0PEOPLE"]).roles


def test_roles_combine_environment_database_and_extra(roles):
    assert roles.roles_of("U0BOSS") == {"admin", "employee"}
    assert roles.roles_of("U0NOBODY") == {"employee"}
    assert roles.grant("u0lead", "Manager", "test") is True
    assert roles.grant("U0LEAD", "manager", "test") is False
    assert roles.roles_of("U0LEAD") == {"manager", "employee"}
    assert roles.roles_of("U0NOBODY", extra={"hr"}) == {"hr", "employee"}
    assert RoleService.allows({"admin", "employee"}, "hr") and not RoleService.allows({"manager"}, "hr")


def test_revoke_and_its_refusals(roles):
    roles.grant("U0LEAD", "manager", "test")
    assert roles.revoke("U0LEAD", "manager") is True
    assert roles.revoke("U0LEAD", "manager") is False
    with pytest.raises(UserError, match="COACH_ADMINS"):
        roles.revoke("U0BOSS", "admin")


@pytest.mark.parametrize("user,role,message", [("bob", "admin", "not a Slack user ID"),
                                               ("U0LEAD", "employee", "Everyone is an employee"),
                                               ("U0LEAD", "owner", "Unknown role")])
def test_bad_input_is_refused_and_changes_nothing(roles, user, role, message):
    with pytest.raises(UserError, match=message):
        roles.grant(user, role, "test")
    assert [e.source for e in roles.entries()] == ["environment", "environment"]


def test_cli_grant_list_revoke(tmp_path, monkeypatch):
    from bot.cli.main import app

    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_ADMINS", "U0BOSS")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert "Granted hr to U0PEOPLE" in runner.invoke(app, ["roles", "grant", "U0PEOPLE", "hr"]).output
    listed = json.loads(runner.invoke(app, ["roles", "list", "--json"]).output)
    assert [(r["user_id"], r["role"], r["source"]) for r in listed] == [("U0BOSS", "admin", "environment"),
                                                                        ("U0PEOPLE", "hr", "database")]
    bad = runner.invoke(app, ["roles", "grant", "nobody", "hr"])
    assert bad.exit_code != 0 and isinstance(bad.exception, UserError)
    assert "Revoked hr" in runner.invoke(app, ["roles", "revoke", "U0PEOPLE", "hr"]).output


def test_comma_separated_environment_ids_each_get_the_role(tmp_path, monkeypatch):
    from bot.cli.main import app

    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_ADMINS", "U1AAA,U2BBB")
    monkeypatch.setenv("COACH_MANAGERS", " u3ccc ")
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["roles", "list", "--json"]).output)
    assert [(r["user_id"], r["role"]) for r in listed] == [("U1AAA", "admin"), ("U2BBB", "admin"), ("U3CCC", "manager")]
