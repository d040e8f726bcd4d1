"""End to end: answers submitted through SurveyService reach the KPIs through the container's wiring — the
auto-metrics, a nudge that stores what it measured, and `coach kpi show` — under the surveys' k rule, for
surveys closed in the period measured."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from bot.cli import main as cli
from bot.kpis.periods import parse_period
from bot.kpis.scopes import ORGANISATION, parse_scope
from bot.surveys.audience import Audience, users_only
from bot.surveys.service import NewSurvey
from tests.conftest import cli_env
from tests.kpis.conftest import Clock, RecordingPoster

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday; the last complete month is 2026-10
USERS = [f"U0PERSON{i:02d}" for i in range(10)]
WANTED = {"survey_tam", "survey_utaut", "survey_enps"}


def _survey(container, template: str) -> int:
    now = container.surveys._clock()
    sid = container.surveys.create(NewSurvey(title=f"{template} check", opens_at=now, closes_at=now + timedelta(days=14),
                                             audience=Audience(users=USERS), created_by="U0HR", template_id=template))
    container.surveys.launch(sid, lambda _team: users_only)
    return sid


@pytest.fixture
def answered(container):
    """October: five TAM answers from Sales (pu4 and eou4 reverse-coded), five eNPS answers, four UTAUT; all
    three surveys closed on 20 October."""
    container.surveys._clock = Clock(datetime(2026, 10, 12, 10, tzinfo=timezone.utc))
    tam, enps, utaut = _survey(container, "tam"), _survey(container, "enps"), _survey(container, "utaut")
    tam_items = {f"{c}{i}": 6 for c in ("pu", "eou") for i in (1, 2, 3)} | {"pu4": 3, "eou4": 3}  # → 5.75 each
    utaut_items = {f"{c}{i}": 4 for c in ("pe", "ee", "si", "fc", "bi") for i in (1, 2, 3)}
    for i, user in enumerate(USERS[:5]):
        container.surveys.submit(tam, user, tam_items, "Sales")
        container.surveys.submit(enps, user, {"recommend": (10, 10, 9, 7, 2)[i]}, "Sales")
        if i < 4:
            container.surveys.submit(utaut, user, utaut_items, "Sales")
    container.surveys._clock = Clock(datetime(2026, 10, 20, 17, tzinfo=timezone.utc))
    for sid in (tam, enps, utaut):
        container.surveys.close(sid)
    return container


def test_the_container_gives_the_kpis_the_survey_scores(answered):
    kpis = answered.kpis
    assert kpis.auto.surveys is answered.surveys
    october = parse_period("2026-10")
    got = {e.kpi.key: e.value for e in kpis.auto.measure(october, ORGANISATION, None, WANTED)}
    assert got == {"survey_tam": pytest.approx(5.75), "survey_enps": pytest.approx(40.0)}  # UTAUT: 4 < k
    sales = kpis.auto.measure(october, parse_scope("department:Sales"), None, WANTED)
    assert {e.kpi.key for e in sales} == {"survey_tam", "survey_enps"}
    assert kpis.auto.measure(october, parse_scope("department:Finance"), None, WANTED) == []
    assert kpis.auto.measure(parse_period("2026-09"), ORGANISATION, None, WANTED) == []
    assert kpis.auto.measure(parse_period("2026-11"), ORGANISATION, None, WANTED) == []  # closed in October


def test_an_open_survey_gives_the_kpis_nothing(container):
    container.surveys._clock = Clock(datetime(2026, 10, 12, 10, tzinfo=timezone.utc))
    tam = _survey(container, "tam")
    for user in USERS:
        container.surveys.submit(tam, user, {f"{c}{i}": 6 for c in ("pu", "eou") for i in (1, 2, 3, 4)}, "Sales")
    assert container.kpis.auto.measure(parse_period("2026-10"), ORGANISATION, None, WANTED) == []


def test_a_nudge_reports_and_stores_survey_scores_and_coach_kpi_show_lists_them(answered, capsys, monkeypatch):
    answered.__dict__["answers"] = SimpleNamespace(passages=lambda query: [])  # no knowledge base: no tip
    kpis = answered.kpis
    kpis.nudges.clock = Clock(SLOT)
    schedule = kpis.schedules.add(channel="C0SALES", cron="0 9 * * 1", tz="Europe/Berlin",
                                  kpis=["survey_tam", "survey_enps", "survey_utaut"], okrs=[], scope=ORGANISATION,
                                  by="U0ADMIN")
    poster = RecordingPoster()
    assert kpis.nudges.run_slot(schedule, SLOT, poster, None).status == "posted"
    [(_, nudge, _)] = poster.posts
    current = {line.kpi.key: line.current.value if line.current else None for line in nudge.kpis}
    assert current == {"survey_tam": pytest.approx(5.75), "survey_enps": pytest.approx(40.0), "survey_utaut": None}

    for key, value in cli_env(answered).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "argv", ["coach", "kpi", "show", "--json"])
    try:
        cli.main()
    except SystemExit as exc:
        assert not exc.code
    rows = {r["kpi"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {"survey_tam", "survey_enps"}
    assert (rows["survey_tam"]["period"], rows["survey_tam"]["value"], rows["survey_tam"]["source"]) == \
        ("2026-10", pytest.approx(5.75), "auto")
