import pytest
from sqlalchemy import Column, MetaData, String, Table, select

from bot.errors import UserError
from bot.tenancy import EVERY_ROW, Tenant, cli_tenant, tenant_of

ROWS = Table("rows", MetaData(), Column("team_id", String))


def test_a_single_workspace_install_sees_every_row():
    assert tenant_of(False, "T1") is EVERY_ROW
    assert cli_tenant(False, None) is EVERY_ROW
    assert EVERY_ROW.owns("T1") and EVERY_ROW.owns(None)
    assert "team_id =" not in str(select(ROWS).where(EVERY_ROW.where(ROWS.c.team_id)).compile())


def test_a_multi_workspace_install_sees_its_own_workspace_only():
    tenant = tenant_of(True, "T1")
    assert tenant == Tenant("T1") and tenant.owns("T1")
    assert not tenant.owns("T2") and not tenant.owns(None)
    assert "rows.team_id = :team_id_1" in str(select(ROWS).where(tenant.where(ROWS.c.team_id)).compile())
    assert tenant_of(True, None, "E9") == Tenant("E9")  # an org-wide install


def test_a_multi_workspace_install_refuses_requests_that_name_no_workspace():
    with pytest.raises(UserError, match="names no Slack workspace"):
        tenant_of(True, None, None)
    with pytest.raises(UserError, match="give --team"):
        cli_tenant(True, None)
    with pytest.raises(UserError, match="not a Slack workspace id"):
        cli_tenant(True, "general")
    assert cli_tenant(True, "T0123ABC") == Tenant("T0123ABC")


def test_a_new_row_belongs_to_the_tenant_or_else_to_the_workspace_it_was_written_in():
    assert Tenant("T1").owner("T2") == "T1"
    assert EVERY_ROW.owner("T2") == "T2" and EVERY_ROW.owner(None) is None
