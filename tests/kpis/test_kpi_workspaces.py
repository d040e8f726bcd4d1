"""Two workspaces in one database (an OAuth install): each sees and changes only its own KPI values, OKRs and
nudges, a nudge measures its own workspace's usage and values, and the CLI names the workspace with --team.
Record ids past 64 bits get the usual "there is no …" line."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from bot.errors import UserError
from bot.kpis.okrs import parse_key_result
from bot.kpis.scopes import ORGANISATION
from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent
from bot.tenancy import EVERY_ROW, Tenant
from tests.conftest import cli_env, run_coach
from tests.kpis.conftest import Clock, Directory, RecordingPoster, services

A, B = Tenant("T0AAA"), Tenant("T0BBB")
ADMIN = "U0ADMIN"
SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 Berlin; last complete month: 2026-10
OCT = datetime(2026, 10, 15, 12, tzinfo=timezone.utc)
HUGE = "99999999999999999999999"
ADOPTION = "employee_adoption_rate"


@pytest.fixture
def kpis(container):
    return services(container, Clock(SLOT), multi_workspace=True)


def _nudge(services_, tenant, **kw):
    args = dict(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin", kpis=[ADOPTION], okrs=[], scope=ORGANISATION,
                by=ADMIN, tenant=tenant)
    return services_.schedules.add(**{**args, **kw})


def test_kpi_values_belong_to_their_workspace(kpis):
    kpis.measurements.record(ADOPTION, ORGANISATION, "2026-10", 57, by=ADMIN, tenant=A)
    assert kpis.measurements.overview(tenant=B) == []
    assert kpis.measurements.series(ADOPTION, ORGANISATION, tenant=B) == []
    _entry, how = kpis.measurements.record(ADOPTION, ORGANISATION, "2026-10", 40, by=ADMIN, tenant=B)
    assert how == "added"  # B's own value, not a correction of A's
    assert kpis.import_csv("kpi,period,value\nemployee_adoption_rate,2026-10,41\n", ADMIN, tenant=B) == (0, 1)
    assert [r.value for r in kpis.measurements.overview(tenant=A)] == [57]
    assert [r.value for r in kpis.measurements.series(ADOPTION, ORGANISATION, tenant=B)] == [41]
    assert sorted(r.value for r in kpis.measurements.overview(tenant=EVERY_ROW)) == [41, 57]


def test_objectives_belong_to_their_workspace_and_measure_its_values(kpis):
    kpis.measurements.record(ADOPTION, ORGANISATION, "2026-10", 57, by=ADMIN, tenant=A)
    kpis.measurements.record(ADOPTION, ORGANISATION, "2026-10", 20, by=ADMIN, tenant=B)
    oid = kpis.okrs.add("AI in daily work", ORGANISATION, date(2026, 7, 1),
                        [parse_key_result(f"{ADOPTION}:30->70@2026-12-31")], by=ADMIN, tenant=A)
    assert kpis.okrs.statuses(tenant=B) == [] and kpis.okrs.statuses([oid], tenant=B) == []
    with pytest.raises(UserError, match=f"There is no objective {oid};"):
        kpis.okrs.show(oid, tenant=B)
    assert kpis.okrs.target_for(ADOPTION, ORGANISATION, tenant=B) is None
    with pytest.raises(UserError, match=f"No objective with id {oid};"):
        _nudge(kpis, B, okrs=[oid])
    assert not kpis.okrs.remove(oid, tenant=B)
    [objective] = kpis.okrs.statuses(tenant=A)
    assert objective.key_results[0].current.value == 57  # A's value, not B's
    assert kpis.okrs.target_for(ADOPTION, ORGANISATION, tenant=A).target == 70
    assert kpis.okrs.remove(oid, tenant=A) and kpis.okrs.statuses(tenant=EVERY_ROW) == []


def test_nudge_schedules_belong_to_their_workspace(kpis):
    a = _nudge(kpis, A)
    assert a.team_id == "T0AAA"
    assert kpis.schedules.all(tenant=B) == [] and kpis.schedules.states(tenant=B) == []
    with pytest.raises(UserError, match=f"There is no nudge schedule {a.id};"):
        kpis.schedules.get(a.id, tenant=B)
    with pytest.raises(UserError, match=f"There is no nudge schedule {a.id};"):
        kpis.nudges.preview(a.id, tenant=B)
    assert not kpis.schedules.remove(a.id, tenant=B)
    b = _nudge(kpis, B)  # the same nudge in another workspace is not a duplicate of A's
    assert [s.schedule.id for s in kpis.schedules.states(tenant=A)] == [a.id]
    assert [s.id for s in kpis.schedules.all(tenant=EVERY_ROW)] == [a.id, b.id]  # what the nudge jobs read
    assert kpis.schedules.remove(a.id, tenant=A)
    assert [s.id for s in kpis.schedules.all(tenant=B)] == [b.id]


def _events(container, rows):
    """rows: (team, user, outcome, rating or None)"""
    with container.uow() as uow:
        for team, user, outcome, rating in rows:
            event = UsageEvent(team_id=team, user_id=user, surface="mention", outcome=outcome,
                               kind="answer" if outcome == "answered" else "unknown", question="q", answer="a",
                               confidence=0.7, latency_ms=30.0, department="Sales", created_at=OCT)
            uow.usage.add(event)
            if rating:
                uow.feedback.add(Feedback(team_id=team, user_id=user, usage_event_id=event.id, via="button",
                                          rating=rating, question="q", answer="a", created_at=OCT))
        uow.commit()


def test_a_nudge_measures_and_shows_its_own_workspace_only(kpis, container):
    _events(container, [("T0AAA", "U1", "answered", "up"), ("T0AAA", "U2", "declined", None),
                        ("T0BBB", "U3", "answered", "down"), ("T0BBB", "U4", "answered", "down")])
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 22, by=ADMIN, tenant=A)
    kpis.measurements.record("productivity_uplift", ORGANISATION, "2026-Q3", 99, by=ADMIN, tenant=B)
    keys = [ADOPTION, "decline_rate", "answer_helpfulness", "productivity_uplift"]
    schedule = _nudge(kpis, A, kpis=keys)
    poster = RecordingPoster()
    members = Directory({"U1": "Sales", "U2": "Sales", "U3": "Sales", "U4": "Sales"})
    assert kpis.nudges.run_slot(schedule, SLOT, poster, members).status == "posted"
    [(_schedule, nudge, _chart)] = poster.posts
    shown = {line.kpi.key: line.current.value for line in nudge.kpis}
    # with B's usage counted it would be 100 % adoption, 25 % declined, 33 % helpful, and B's 99 % uplift
    assert shown == {ADOPTION: 50.0, "decline_rate": 50.0, "answer_helpfulness": 100.0, "productivity_uplift": 22.0}
    assert {r.kpi for r in kpis.measurements.overview(tenant=B)} == {"productivity_uplift"}  # stored under A
    assert {r.kpi for r in kpis.measurements.overview(tenant=A)} == set(keys)


def test_a_nudge_without_a_workspace_fails_rather_than_show_every_workspace(kpis):
    kpis.measurements.record(ADOPTION, ORGANISATION, "2026-10", 57, by=ADMIN, tenant=A)
    orphan = _nudge(kpis, EVERY_ROW)  # e.g. added by the CLI before the app used OAuth
    poster = RecordingPoster()
    outcome = kpis.nudges.run_slot(orphan, SLOT, poster, None)
    assert (outcome.status, poster.posts) == ("failed", []) and "names no Slack workspace" in outcome.detail


# the CLI ---------------------------------------------------------------------------------------------

@pytest.fixture
def coach(container, capsys, monkeypatch):
    def run(*args, oauth=True):
        env = {**cli_env(container), "SLACK_CLIENT_ID": "111.222" if oauth else "",
               "SLACK_CLIENT_SECRET": "client-secret-value-123" if oauth else ""}
        return run_coach(list(args), capsys, monkeypatch, env=env)
    return run


def _json(coach, *args):
    code, out, err = coach(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_cli_needs_the_workspace_when_the_app_serves_several(coach):
    code, _, err = coach("kpi", "show")
    assert code == 2 and "give --team T…" in err
    code, _, err = coach("kpi", "record", ADOPTION, "50", "--period", "2026-10", "--team", "general")
    assert code == 2 and "is not a Slack workspace id" in err
    assert _json(coach, "kpi", "show", "--team", "T0AAA") == []


def test_the_cli_shows_and_changes_one_workspace_s_values_and_okrs(coach, tmp_path):
    assert coach("kpi", "record", ADOPTION, "57", "--period", "2026-10", "--team", "T0AAA")[0] == 0
    assert _json(coach, "kpi", "show", "--team", "T0BBB") == []
    assert _json(coach, "kpi", "show", ADOPTION, "--team", "T0BBB") == []
    code, _, err = coach("kpi", "chart", ADOPTION, "--out", str(tmp_path / "b.png"), "--team", "T0BBB")
    assert code == 2 and "No values to chart" in err
    csv = tmp_path / "b.csv"
    csv.write_text("kpi,period,value\nemployee_adoption_rate,2026-10,20\n")
    code, out, _ = coach("kpi", "import", str(csv), "--team", "T0BBB")
    assert code == 0 and "1 added, 0 updated" in out  # not a correction of A's value
    assert [r["value"] for r in _json(coach, "kpi", "show", "--team", "T0AAA")] == [57]

    code, out, _ = coach("okr", "add", "AI in daily work", "--start", "2026-07-01", "--kr",
                         f"{ADOPTION}:30->70@2026-12-31", "--team", "T0AAA")
    oid = int(out.split("Added OKR ")[1].split()[0])
    assert _json(coach, "okr", "list", "--team", "T0BBB") == []
    code, _, err = coach("okr", "show", str(oid), "--team", "T0BBB")
    assert code == 2 and f"There is no objective {oid};" in err
    [objective] = _json(coach, "okr", "list", "--team", "T0AAA")
    assert objective["key_results"][0]["current"] == 57
    code, _, err = coach("nudge", "add", "C0B", "--cron", "0 9 * * 1", "--tz", "UTC", "--okr", str(oid),
                         "--team", "T0BBB")
    assert code == 2 and f"No objective with id {oid}" in err


def test_the_cli_shows_and_removes_one_workspace_s_nudges(coach):
    code, out, err = coach("nudge", "add", "C0SALES", "--cron", "0 9 * * 1", "--tz", "UTC", "--kpi", ADOPTION,
                           "--team", "T0AAA")
    assert code == 0, err
    nid = out.split("Nudge ")[1].split()[0]
    assert _json(coach, "nudge", "list", "--team", "T0BBB") == []
    for args, message in ((("remove", nid), f"There is no nudge {nid};"),
                          (("preview", nid), f"There is no nudge schedule {nid};"),
                          (("run-now", nid), f"There is no nudge schedule {nid};")):
        code, _, err = coach("nudge", *args, "--team", "T0BBB")
        assert code == 2 and message in err, (args, err)
    [listed] = _json(coach, "nudge", "list", "--team", "T0AAA")
    assert (str(listed["id"]), listed["team_id"]) == (nid, "T0AAA")
    code, out, _ = coach("nudge", "remove", nid, "--team", "T0AAA")
    assert code == 0 and f"Nudge {nid} removed." in out


def test_ids_past_64_bits_are_records_that_do_not_exist(coach):
    for args, message in ((("nudge", "remove", HUGE), f"There is no nudge {HUGE};"),
                          (("nudge", "preview", HUGE), f"There is no nudge schedule {HUGE};"),
                          (("nudge", "run-now", HUGE), f"There is no nudge schedule {HUGE};"),
                          (("okr", "show", HUGE), f"There is no objective {HUGE};"),
                          (("nudge", "add", "C0B", "--cron", "0 9 * * 1", "--tz", "UTC", "--okr", HUGE),
                           f"No objective with id {HUGE};"),
                          (("nudge", "remove", "0"), "There is no nudge 0;")):
        code, _, err = coach(*args, oauth=False)
        assert code == 2 and message in err and "Traceback" not in err, (args, err)
