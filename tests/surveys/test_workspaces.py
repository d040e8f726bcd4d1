"""Surveys of one Slack workspace, seen from another (an OAuth install serving workspaces A and B): B neither
sees nor changes A's surveys, through the service and through `coach survey … --team`, and a survey number of
A's reads in B exactly like a number that names no survey. A still sees and changes its own. Survey numbers
past 64 bits get that same message."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.store.tables.feedback import Feedback
from bot.store.tables.usage import UsageEvent
from bot.surveys.audience import users_only
from bot.surveys.definition import SurveyError
from bot.surveys.service import GONE, NotAvailable
from bot.tenancy import Tenant
from tests.conftest import cli_env, run_coach
from tests.surveys.conftest import new_survey, tam_answers

A, B = Tenant("T0A"), Tenant("T0B")
PEOPLE = [f"U0PERSON{i}" for i in range(6)]
OAUTH = {"SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "c" * 32, "SLACK_SIGNING_SECRET": "s" * 32}
HUGE = "99999999999999999999999"


def _survey(container, clock, tenant: Tenant, template="tam") -> int:
    sid = container.surveys.create(new_survey(clock, PEOPLE, template=template, team_id=tenant.team_id), tenant)
    container.surveys.launch(sid, lambda _team: users_only, tenant)
    return sid


def _closed(container, clock, tenant: Tenant) -> int:
    sid = _survey(container, clock, tenant)
    for i, person in enumerate(PEOPLE[:5]):
        container.surveys.submit(sid, person, tam_answers(3 + i % 3), None, tenant)
    container.surveys.close(sid, tenant)
    return sid


def test_another_workspaces_survey_is_not_there_for_hr_or_for_people_answering(container, clock):
    sid = _survey(container, clock, A)
    missing = f"There is no survey {sid}."
    for call in (lambda: container.surveys.status(sid, B), lambda: container.surveys.close(sid, B),
                 lambda: container.surveys.launch(sid, lambda _team: users_only, B),
                 lambda: container.surveys.results(sid, None, B), lambda: container.surveys.card(sid, B)):
        with pytest.raises(SurveyError) as info:
            call()
        assert str(info.value) == missing
    for call in (lambda: container.surveys.start(sid, PEOPLE[0], B),
                 lambda: container.surveys.check(sid, PEOPLE[0], tam_answers(), B),
                 lambda: container.surveys.submit(sid, PEOPLE[0], tam_answers(), None, B)):
        with pytest.raises(NotAvailable) as info:  # not even the title: what a removed survey says
            call()
        assert str(info.value) == GONE
    assert container.surveys.overview(tenant=B) == []

    status = container.surveys.status(sid, A)
    assert (status.status, status.invited, status.responded) == ("open", len(PEOPLE), 0)
    container.surveys.submit(sid, PEOPLE[0], tam_answers(), None, A)
    assert [s.id for s in container.surveys.overview(tenant=A)] == [sid]
    assert container.surveys.close(sid, A).responded == 1


def test_waves_and_survey_scores_are_counted_per_workspace(container, clock):
    first_a = _closed(container, clock, A)
    b = _closed(container, clock, B)
    second_a = _survey(container, clock, A)
    assert [container.surveys.status(s).wave for s in (first_a, b, second_a)] == [1, 1, 2]
    assert container.surveys.results(b, None, B).previous_wave is None  # B's first wave, not compared with A's
    period = (date(2026, 11, 1), date(2026, 12, 1))
    with_a, with_b = (container.surveys.kpi_scores(*period, None, tenant=t) for t in (A, B))
    assert set(with_a) == set(with_b) == {"survey_tam"}
    assert container.surveys.kpi_scores(*period, None, tenant=Tenant("T0C")) == {}


def _run(args, capsys, monkeypatch, env):
    return run_coach(["survey", *args], capsys, monkeypatch, env)


def test_coach_survey_commands_see_only_the_named_workspace(container, clock, capsys, monkeypatch):
    env = cli_env(container) | OAUTH
    sid = _closed(container, clock, A)
    draft = container.surveys.create(new_survey(clock, PEOPLE, team_id="T0A"), A)
    for args in (["status"], ["close", str(sid)], ["results", str(sid)], ["export", str(sid), "--out", "-"],
                 ["launch", str(draft), "--queue"]):
        code, _, err = _run(args, capsys, monkeypatch, env)
        assert code == 2 and "give --team T…" in err, args
        code, out, err = _run([*args, "--team", "T0B"], capsys, monkeypatch, env)
        if args == ["status"]:
            assert code == 0 and "No surveys yet" in out
        else:
            number = args[1]
            assert code == 2 and err == f"error: There is no survey {number}.\n", (args, err)
    code, out, _ = _run(["status", "--json", "--team", "T0B"], capsys, monkeypatch, env)
    assert json.loads(out) == []
    assert container.surveys.status(draft, A).status == "draft"

    code, out, _ = _run(["status", "--json", "--team", "T0A"], capsys, monkeypatch, env)
    assert [s["id"] for s in json.loads(out)] == [draft, sid]
    code, out, _ = _run(["results", str(sid), "--json", "--team", "T0A"], capsys, monkeypatch, env)
    assert code == 0 and json.loads(out)["n"] == 5
    with container.uow() as uow:  # B's 👍/👎 stay out of A's feedback trend
        uow.session.add(Feedback(team_id="T0B", user_id="U0RATER", via="button", rating="down", reason="wrong"))
        uow.commit()
    for team, down in (("T0A", 0), ("T0B", 1)):
        other = _closed(container, clock, Tenant(team)) if team == "T0B" else sid
        code, out, _ = _run(["results", str(other), "--json", "--team", team], capsys, monkeypatch, env)
        assert sum(w["down"] for w in json.loads(out)["feedback_trend"]) == down
    code, out, _ = _run(["export", str(sid), "--out", "-", "--team", "T0A"], capsys, monkeypatch, env)
    assert code == 0 and out.startswith("survey_id,wave")
    code, out, _ = _run(["close", str(draft), "--team", "T0A"], capsys, monkeypatch, env)
    assert code == 0 and container.surveys.status(draft, A).status == "closed"


def test_survey_numbers_past_64_bits_are_surveys_that_do_not_exist(container, capsys, monkeypatch):
    env = cli_env(container)
    for args in (["status", HUGE], ["close", HUGE], ["results", HUGE], ["export", HUGE, "--out", "-"],
                 ["launch", HUGE, "--queue"], ["close", "#12x"]):
        code, _, err = _run(args, capsys, monkeypatch, env)
        assert code == 2 and err == f"error: There is no survey {args[1]}.\n", (args, err)


def test_coach_feedback_report_counts_the_named_workspace(container, capsys, monkeypatch):
    env = cli_env(container) | OAUTH
    with container.uow() as uow:
        for team, question in (("T0A", "A's unanswered question"), ("T0B", "B's unanswered question")):
            uow.usage.add(UsageEvent(team_id=team, user_id="U0ASKER", surface="dm", outcome="declined",
                                     kind="out_of_scope", question=question, answer="", sources="[]",
                                     topic="out of scope", confidence=0.1, latency_ms=5.0))
        uow.commit()
    code, _, err = run_coach(["feedback", "report"], capsys, monkeypatch, env)
    assert code == 2 and "give --team T…" in err
    code, out, _ = run_coach(["feedback", "report", "--json", "--team", "T0B"], capsys, monkeypatch, env)
    assert code == 0 and [g["examples"] for g in json.loads(out)["gaps"]] == [["B's unanswered question"]]
