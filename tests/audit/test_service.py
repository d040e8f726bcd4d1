"""Storing audits: what is kept, bad input stores nothing, history with what changed, who sees what."""

import json

import pytest
from sqlalchemy import func, inspect, select

from bot.audit.inputs import MAX_FIELD, AuditInputError, RoleInput
from bot.audit.service import AuditNotFound
from bot.store import db
from bot.store.schema import Base
from bot.store.tables.audit import IncentiveAudit, IncentiveAuditRole
from tests.audit.conftest import request

TABLES = ("incentive_audits", "incentive_audit_roles")


@pytest.fixture
def service(fresh):
    c = fresh()
    return c, c.audits


def _count(c, model):
    with c.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_an_audit_is_stored_with_author_time_inputs_outputs_and_catalog_version(service):
    c, audits = service
    report = audits.run(request(("Sales Rep", "Quota only", "Quarterly bonus on quota"),
                                ("Support agent", "Tickets closed per day")), author="U0MANAGER",
                        workspace_id="T0TEST")
    assert report.id is not None
    with c.uow() as uow:
        row = uow.audits.get(report.id)
        assert (row.author, row.workspace_id, row.team_name, row.team_key) == ("U0MANAGER", "T0TEST",
                                                                               "Support EMEA", "support emea")
        assert row.catalog_version == c.audit_catalog.version and row.created_at is not None
        assert json.loads(row.inputs)["roles"][0] == {"name": "Sales Rep", "metrics": "Quota only",
                                                      "rewards": "Quarterly bonus on quota", "ai_workflows": "",
                                                      "displaced_work": ""}
        assert json.loads(row.outputs)["summary"]["score"] == row.score == report.summary.score
        assert [(r.position, r.role_name, r.archetype_id, r.rag) for r in row.roles] == [
            (1, "Sales Rep", "sales_rep", "red"), (2, "Support agent", "support_agent", "red")]
        assert json.loads(row.roles[1].recommended)[0] == "First-contact resolution"
    assert audits.get(report.id) == report


@pytest.mark.parametrize("roles, field, message", [
    ((), "roles", "at least one role"),
    (tuple(("Support agent", "Tickets closed") for _ in range(11)), "roles", "at most 10 roles"),
    ((("Support agent", "x" * 5000),), "metrics", "5,000 characters"),
    ((("x" * 5000, "Tickets closed"),), "name", "5,000 characters"),
    ((("Support agent", "Tickets closed", "y" * 5000),), "rewards", "5,000 characters"),
    ((("Support agent", "Tickets closed", "", "z" * 5000),), "ai_workflows", "5,000 characters"),
    ((("Support agent", "Tickets closed", "", "", "w" * 5000),), "displaced_work", "5,000 characters"),
    ((("Support agent", ""),), "metrics", "at least one metric"),
    ((("Support agent", "  ;  , "),), "metrics", "at least one metric"),
    ((("", "Tickets closed"),), "name", "role's name"),
])
def test_bad_input_is_explained_per_field_and_stores_nothing(service, roles, field, message):
    c, audits = service
    with pytest.raises(AuditInputError) as caught:
        audits.run(request(*[RoleInput(*r) for r in roles]), author="U0MANAGER")
    assert [e.field for e in caught.value.errors] == [field] and message in str(caught.value)
    assert _count(c, IncentiveAudit) == 0 and _count(c, IncentiveAuditRole) == 0
    assert audits._engine is None  # rejected before the model is even needed


def test_a_5000_character_team_name_is_rejected(service):
    _c, audits = service
    with pytest.raises(AuditInputError, match="team name is 5,000 characters"):
        audits.run(request(("Support agent", "Tickets closed"), team="t" * 5000), author="U0MANAGER")


def test_every_problem_is_reported_at_once(service):
    _c, audits = service
    with pytest.raises(AuditInputError) as caught:
        audits.check(request(("", ""), ("Analyst", "r" * (MAX_FIELD + 1))))
    assert [(e.role, e.field) for e in caught.value.errors] == [(0, "name"), (0, "metrics"), (1, "metrics")]


def test_history_shows_what_changed_since_the_teams_last_audit(service):
    _c, audits = service
    first = audits.run(request(("Support agent", "Tickets closed"), ("Analyst", "Reports delivered")),
                       author="U0MANAGER", workspace_id="T0")
    audits.run(request(("Sales rep", "Quota only"), team="Sales"), author="U0MANAGER", workspace_id="T0")
    second = audits.run(request(("Support agent", "First-contact resolution", "Bonus on resolution; missed "
                                 "targets reviewed", "AI reply drafts", "Searching the knowledge base by hand"),
                                ("Ops manager", "SLA adherence"), team="  support   emea "),
                        author="U0MANAGER", workspace_id="T0")
    entries = audits.history(team="Support EMEA", viewer="U0MANAGER", admin=False, workspace_id="T0")
    assert [e.id for e in entries] == [second.id, first.id]
    changes = entries[0].changes
    assert changes[0] == f"Since audit #{first.id}:" and changes[1].startswith("Team score")
    support = next(line for line in changes if line.startswith("Support agent"))
    assert "red → " in support and "metrics now \"First-contact resolution\"" in support
    assert any(line == "Ops manager: new in this audit (25, red)." or line.startswith("Ops manager: new")
               for line in changes)
    assert "Analyst: no longer in the audit." in changes
    assert entries[1].changes == []
    assert (entries[0].previous_id, entries[1].previous_id) == (first.id, None)
    assert len(audits.history(viewer="U0MANAGER", admin=False, workspace_id="T0")) == 3
    previous, lines = audits.since_previous(second.id, viewer="U0MANAGER", admin=False, workspace_id="T0")
    assert previous.id == first.id and lines == changes[1:]  # one audit's change, as the history tells it
    assert audits.since_previous(first.id, viewer="U0MANAGER", admin=False, workspace_id="T0") == (None, [])
    with pytest.raises(AuditNotFound):  # another workspace's audit is not found, as with get()
        audits.since_previous(second.id, viewer="U0MANAGER", admin=False, workspace_id="T1")


def test_managers_see_their_own_audits_and_admins_see_all(service):
    _c, audits = service
    mine = audits.run(request(("Analyst", "Reports delivered")), author="U0MANAGER")
    other = audits.run(request(("Analyst", "Reports delivered")), author="U0OTHER")
    assert [e.id for e in audits.history(viewer="U0MANAGER", admin=False)] == [mine.id]
    assert [e.id for e in audits.history(viewer="U0ADMIN", admin=True)] == [other.id, mine.id]
    with pytest.raises(AuditNotFound):
        audits.get(other.id, viewer="U0MANAGER", admin=False)
    with pytest.raises(AuditNotFound):
        audits.get(999)
    assert audits.get(other.id, viewer="U0ADMIN", admin=True).id == other.id


def test_audits_without_a_team_name_are_never_compared(service):
    _c, audits = service
    first = audits.run(request(("Sales Rep", "Quota only"), team=""), author="cli:ops")
    second = audits.run(request(("Support agent", "Tickets closed"), team="  "), author="cli:ops")
    named = audits.run(request(("Support agent", "Tickets closed"), team="Support"), author="cli:ops")
    entries = audits.history()
    assert [e.id for e in entries] == [named.id, second.id, first.id]
    assert [e.changes for e in entries] == [[], [], []]
    assert [e.id for e in audits.history(team="")] == [named.id, second.id, first.id]  # no filter, as before


def test_each_slack_workspace_sees_only_its_own_audits_and_the_cli_sees_all(service):
    _c, audits = service
    a = audits.run(request(("Analyst", "Reports delivered"), team="Ops"), author="U0ADMIN", workspace_id="T0A")
    b = audits.run(request(("Analyst", "Insight quality"), team="Ops"), author="U0ADMIN", workspace_id="T0B")
    cli = audits.run(request(("Analyst", "Reports delivered"), team="Ops"), author="cli:ops")
    assert [e.id for e in audits.history(viewer="U0ADMIN", admin=True, workspace_id="T0A")] == [a.id]
    assert [e.id for e in audits.history(viewer="U0ADMIN", admin=False, workspace_id="T0B")] == [b.id]
    assert all(e.changes == [] for e in audits.history(workspace_id="T0B"))  # not compared across workspaces
    assert audits.get(a.id, viewer="U0ADMIN", admin=True, workspace_id="T0A").id == a.id
    for audit_id in (b.id, cli.id):
        with pytest.raises(AuditNotFound):
            audits.get(audit_id, viewer="U0ADMIN", admin=True, workspace_id="T0A")
    assert [e.id for e in audits.history()] == [cli.id, b.id, a.id]  # the CLI is an operator's tool
    assert audits.get(b.id).id == b.id


def test_history_times_are_utc_with_their_offset(service):
    _c, audits = service
    report = audits.run(request(("Analyst", "Reports delivered")), author="U0MANAGER")
    [entry] = audits.history()
    assert entry.created_at.utcoffset().total_seconds() == 0
    assert entry.created_at == report.created_at


def test_sharing_is_recorded(service):
    _c, audits = service
    report = audits.run(request(("Analyst", "Reports delivered")), author="U0MANAGER")
    audits.mark_shared(report.id, "C0LEADS")
    assert audits.history()[0].shared_to == "C0LEADS"


def test_migration_matches_the_models_and_downgrades(fresh):
    from alembic import command

    c = fresh()
    engine = c.engine
    for name in TABLES:
        model = Base.metadata.tables[name]
        columns = {col["name"]: col["nullable"] for col in inspect(engine).get_columns(name)}
        assert columns == {col.name: col.nullable for col in model.columns}, name
        assert {i["name"] for i in inspect(engine).get_indexes(name)} == {i.name for i in model.indexes}, name
    cfg = db.alembic_config(c.settings.db_url)
    with c.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    tables = set(inspect(c.engine).get_table_names())
    assert not tables & set(TABLES) and "feedback" in tables


def test_a_configured_llm_adds_labelled_suggestions_unless_turned_off(fresh):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    c = fresh(chat_model=FakeListChatModel(responses=["- Review ten AI-assisted replies a week"]))
    report = c.audits.run(request(("Support agent", "Tickets closed")), author="U0MANAGER")
    assert report.roles[0].suggestions == ["Review ten AI-assisted replies a week"] and report.llm
    assert c.audits.get(report.id).roles[0].suggestions == report.roles[0].suggestions
    off = fresh(chat_model=FakeListChatModel(responses=["- never asked"]), audit_llm_suggestions=False)
    report = off.audits.run(request(("Support agent", "Tickets closed")), author="U0MANAGER")
    assert report.roles[0].suggestions == [] and report.llm is None
