"""Intent beside use: the flags and their cited tips, and IntentService reading the latest closed UTAUT
survey from a real database, showing only the departments the survey's own results show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.adoption.intent import (
    FLAGS,
    HIGH_INTENT,
    LOW_INTENT,
    LOW_USE,
    UNCONVINCED,
    WANT_MORE,
    Intent,
    IntentService,
    compare,
)
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.rollup import ANY, Figure, rollup
from bot.ingest.chunking import sections
from bot.ingest.loaders import load_markdown
from bot.surveys.audience import Audience, users_only
from bot.surveys.service import NewSurvey
from bot.tenancy import EVERY_ROW, Tenant
from tests.conftest import ROOT, make_container

UTAUT_ITEMS = [f"{c}{i}" for c in ("pe", "ee", "si", "fc") for i in (1, 2, 3)]
INTENTION_ITEMS = ["bi1", "bi2", "bi3"]


# compare ------------------------------------------------------------------------------------------------
def test_high_intent_with_low_use_and_low_intent_with_high_use_are_flagged():
    figures = [Figure(ALL, ANY, 50, 100), Figure("Sales", ANY, 3, 10), Figure("Ops", ANY, 8, 10),
               Figure("Legal", ANY, 5, 10), Figure(POOLED, ANY, 30, 70)]
    intents = {ALL: Intent(4.5, 40), "sales": Intent(6.2, 8), " Ops ": Intent(3.1, 7), "Legal": Intent(6.0, 5),
               "Finance": Intent(2.0, 9)}
    rows = compare(figures, intents)
    assert [(r.department, r.flag) for r in rows] == [(ALL, ""), ("Sales", WANT_MORE), ("Ops", UNCONVINCED),
                                                      ("Legal", "")]  # Legal: 50% is neither low nor high
    sales, ops = rows[1], rows[2]
    assert sales.intent == Intent(6.2, 8) and sales.figure == figures[1] and sales.tool == ANY
    assert sales.message == "People want to use it but don't: look at access and incentives."
    assert sales.tip.source.startswith("knowledge/incentives/")
    assert ops.message == "Used but not believed in: look at perceived usefulness and training."
    assert rows[0].message == "" and rows[0].tip is None


def test_the_thresholds_are_inclusive_where_their_comments_say():
    def flag(score, active):
        [row] = compare([Figure("Sales", ANY, active, 1000)], {"Sales": Intent(score, 10)})
        return row.flag

    assert flag(HIGH_INTENT, int(LOW_USE * 10) - 1) == WANT_MORE  # top third reached, 39.9% active
    assert flag(HIGH_INTENT, int(LOW_USE * 10)) == ""  # 40.0% is not low
    assert flag(HIGH_INTENT - 0.01, 100) == ""
    assert flag(LOW_INTENT - 0.01, 600) == UNCONVINCED  # 60.0% is high use
    assert flag(LOW_INTENT, 900) == ""  # the midpoint is not low intent
    assert flag(LOW_INTENT - 0.01, 599) == ""


def test_each_tip_cites_a_real_section_of_the_knowledge_base():
    for _, tip in FLAGS.values():
        path, _, anchor = tip.source.partition("#")
        doc = load_markdown(ROOT / path, path)
        assert anchor in {s.anchor for s in sections(doc)}, tip.source
        assert 40 < len(tip.text) < 200


# IntentService, on a real database ----------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.now = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def container(tmp_path):
    c = make_container(tmp_path / "data")
    c.surveys._clock = c.surveys.sender._clock = Clock()
    return c


def answers(intention: int) -> dict[str, int]:
    return {q: 4 for q in UTAUT_ITEMS} | {q: intention for q in INTENTION_ITEMS}


def run_survey(container, template: str, by_department: dict[str, tuple[int, int]], closes_after_days: int,
               close: bool = True, team: str | None = None) -> int:
    """A survey answered by ``n`` people per department with intention ``score`` ({dept: (n, score)}), closed
    ``closes_after_days`` after the clock's date (the clock moves there)."""
    surveys, clock = container.surveys, container.surveys._clock
    users = [f"U{template.upper()}{d[:3].upper()}{i}" for d, (n, _) in by_department.items() for i in range(n)]
    tenant = Tenant(team) if team else EVERY_ROW
    sid = surveys.create(NewSurvey(title=f"{template} pulse", opens_at=clock.now, closes_at=clock.now + timedelta(days=30),
                                   audience=Audience(users=users), created_by="U0HR", template_id=template,
                                   team_id=team), tenant)
    surveys.launch(sid, lambda _team: users_only, tenant)
    user = iter(users)
    for department, (n, score) in by_department.items():
        for _ in range(n):
            raw = answers(score) if template == "utaut" else {f"{c}{i}": score for c in ("pu", "eou") for i in range(1, 5)}
            surveys.submit(sid, next(user), raw, department, tenant)
    clock.now += timedelta(days=closes_after_days)
    if close:
        surveys.close(sid, tenant)
    return sid


# k = 5 (the default): Sales and Ops are shown; Legal and Finance only together, as the rest of the survey
BASELINE = {"Sales": (6, 6), "Ops": (5, 3), "Legal": (2, 7), "Finance": (3, 4)}


def test_the_latest_closed_utaut_survey_gives_intention_for_the_departments_its_results_show(container):
    sid = run_survey(container, "utaut", BASELINE, 7)
    got = IntentService(container.uow, container.settings.survey_min_responses).latest_intents()
    assert got is not None
    assert (got.survey_id, got.title, got.closed_at) == (sid, "utaut pulse", container.surveys._clock.now)
    assert got.intents == {ALL: Intent(pytest.approx(77 / 16), 16), "Sales": Intent(6.0, 6), "Ops": Intent(3.0, 5)}
    assert set(container.surveys.results(sid).filterable["department"]) == {"Sales", "Ops"}  # the same partition

    directory = {f"s{i}": "Sales" for i in range(10)} | {f"o{i}": "Ops" for i in range(10)}
    used = [(f"s{i}", "m365-copilot") for i in range(2)] + [(f"o{i}", "claude") for i in range(7)]
    rows = compare(rollup(used, directory, 5).by_department(), got.intents)
    assert [(r.department, r.figure.rate, r.flag) for r in rows] == [
        (ALL, 45.0, ""), ("Ops", 70.0, UNCONVINCED), ("Sales", 20.0, WANT_MORE)]  # same size: by name


def test_open_surveys_surveys_without_intention_and_too_few_answers_are_passed_over(container):
    service = IntentService(container.uow, 5)
    assert service.latest_intents() is None  # no survey at all
    first = run_survey(container, "utaut", BASELINE, 7)
    run_survey(container, "tam", {"Sales": (6, 6)}, 7)  # closed later, but TAM has no intention construct
    run_survey(container, "utaut", {"Sales": (4, 1)}, 7)  # closed later still, 4 answers < k: nothing shown
    run_survey(container, "utaut", {"Sales": (6, 1)}, 7, close=False)  # still open
    got = service.latest_intents()
    assert got.survey_id == first and got.intents["Sales"] == Intent(6.0, 6)


def test_a_later_closed_survey_replaces_the_earlier_one(container):
    run_survey(container, "utaut", BASELINE, 7)
    later = run_survey(container, "utaut", {"Sales": (5, 2), "Ops": (5, 7)}, 14)
    got = IntentService(container.uow, 5).latest_intents()
    assert got.survey_id == later
    assert got.intents == {ALL: Intent(4.5, 10), "Sales": Intent(2.0, 5), "Ops": Intent(7.0, 5)}


def test_k_below_the_floor_is_raised_to_it_and_a_department_under_k_is_never_shown(container):
    run_survey(container, "utaut", {"Sales": (3, 6), "Ops": (3, 3), "Legal": (1, 7)}, 7)
    # k=1 counts as 3: Legal (1) cannot be named, nor Ops, as Legal alone would be the rest of the survey
    assert IntentService(container.uow, 1).latest_intents().intents == {ALL: Intent(pytest.approx(34 / 7), 7),
                                                                        "Sales": Intent(6.0, 3)}
    assert IntentService(container.uow, 5).latest_intents().intents == {ALL: Intent(pytest.approx(34 / 7), 7)}


def test_another_workspaces_survey_is_not_read(container):
    sid = run_survey(container, "utaut", BASELINE, 7, team="T0ONE")
    assert IntentService(container.uow, 5).latest_intents(Tenant("T0TWO")) is None
    assert IntentService(container.uow, 5).latest_intents(Tenant("T0ONE")).survey_id == sid
