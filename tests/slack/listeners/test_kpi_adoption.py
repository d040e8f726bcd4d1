"""`/kpi adoption [department]` and App Home's adoption section through signed HTTP requests, over a real
database filled through the adoption ledger: refused without the role, what to import first, the figures
per department and tool with the trend and unused licences, a pooled department; in App Home the sources
(a failing one flagged) and intent beside use from a closed UTAUT survey."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.adoption.records import EMAIL, Activity, Licence, Person, Report
from bot.clock import utcnow
from bot.surveys.audience import Audience, users_only
from bot.surveys.service import NewSurvey
from tests.conftest import make_container
from tests.slack.conftest import (
    ADMIN,
    EMPLOYEE,
    HR_USER,
    MANAGER,
    clean_tables,
    slack_container,
    start_harness,
)

TODAY = date(2026, 5, 10)  # the last complete month is 2026-04, the last complete week 2026-W18
ADOPTION_TABLES = ("adoption_activity", "adoption_licences", "adoption_sources", "adoption_identities",
                   "directory_people", "kpi_measurements")
SIZES = {"Engineering": 10, "Sales": 8, "Legal": 3, "Finance": 2}  # k = 5: Legal and Finance are pooled


def _email(department: str, i: int) -> str:
    return f"{department[:3].lower()}{i}@example.com"


@pytest.fixture(scope="module")
def harness(tmp_path_factory, shared_embeddings, fake_slack):
    """Its own database, so the ledger's rows never reach the other Slack tests."""
    base = make_container(tmp_path_factory.mktemp("adoption-slack"))
    base.__dict__["embeddings"] = shared_embeddings
    c = slack_container(base, fake_slack)
    c.adoption.figures.today = lambda: TODAY
    c.__dict__["slack_deps"] = replace(c.slack_deps, adoption=c.adoption)  # until Container.slack_deps passes it
    h = start_harness(c, fake_slack)
    yield h
    h.stop()


@pytest.fixture
def slack_app(harness):
    yield harness
    harness.drain()
    from sqlalchemy import text

    with harness.container.engine.begin() as conn:
        for table in ADOPTION_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
    clean_tables(harness.container)  # the surveys, among others


def _directory(slack_app) -> None:
    people = [Person(_email(d, i), d) for d, n in SIZES.items() for i in range(n)]
    slack_app.container.adoption.ledger.import_directory(people, source="directory")


def _usage(slack_app) -> None:
    """April 2026: 7 of Engineering's 10 and 2 of Sales' 8 on Claude, 4 of Sales on ChatGPT Enterprise, 1 of
    Legal on Claude, someone not in the directory; 6 GitHub Copilot seats in Engineering, 2 used lately."""
    def act(person, tool, day):
        return Activity(person, EMAIL, tool, day, 3)

    activities = [act(_email("Engineering", i), "claude", date(2026, 4, 1 + 3 * i)) for i in range(7)]
    activities += [act(_email("Sales", i), "chatgpt-enterprise", date(2026, 4, 20)) for i in range(4)]
    activities += [act(_email("Sales", i), "claude", date(2026, 4, 21)) for i in range(2)]
    activities += [act(_email("Legal", 0), "claude", date(2026, 4, 22)), act("stranger@example.com", "claude",
                                                                             date(2026, 4, 22))]
    activities += [act(_email("Engineering", i), "github-copilot", date(2026, 4, 27)) for i in range(2)]
    seats = [Licence(_email("Engineering", i), EMAIL, "github-copilot") for i in range(6)]
    ledger = slack_app.container.adoption.ledger
    ledger.import_report("csv", Report(activities, seats, len(activities) + len(seats)), how="import")
    ledger.failed("m365-copilot", "Microsoft Graph said 401: check COACH_GRAPH_TOKEN.")


def _kpi(slack_app, text, user, name):
    resp = slack_app.sender.command(text, name="/kpi", user=user, response_url=slack_app.fake.response_url(name))
    assert resp.status == 200
    return slack_app.fake.wait_for(f"response_url:{name}")[0].params


def _text(reply: dict) -> str:
    """The mrkdwn and plain text of sections, headers and contexts."""
    parts = [e.get("text") for b in reply["blocks"] if b["type"] in ("section", "header", "context")
             for e in ([b.get("text") or {}] + b.get("elements", []))]
    return "\n".join(p for p in parts if isinstance(p, str))


def _home(slack_app, user):
    slack_app.sender.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                            "event_ts": "1700000000.000001"})
    return slack_app.fake.wait_for("views.publish", where=lambda c: c.params["user_id"] == user)[0].params["view"]


def _headers(view):
    return [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]


def test_people_without_the_role_get_one_polite_line(slack_app):
    _directory(slack_app)
    _usage(slack_app)
    for text in ("adoption", "adoption Sales"):
        reply = _kpi(slack_app, text, EMPLOYEE, f"refused-{len(text)}")
        assert reply["response_type"] == "ephemeral" and len(reply["blocks"]) == 1
        assert reply["text"].startswith("Sorry, `/kpi adoption` is only for managers, HR and admins.")
        assert "%" not in reply["text"]


def test_before_any_import_it_says_what_to_import(slack_app):
    reply = _kpi(slack_app, "adoption", MANAGER, "empty")
    assert reply["response_type"] == "ephemeral" and len(reply["blocks"]) == 1
    assert "`coach directory import people.csv`" in reply["text"] and "`coach adoption import" in reply["text"]
    _directory(slack_app)
    reply = _kpi(slack_app, "adoption Sales", MANAGER, "no-usage")
    assert reply["text"].startswith("No usage from the AI tools yet") and "%" not in reply["text"]
    view = _home(slack_app, MANAGER)
    assert "AI tool adoption (managers, HR)" in _headers(view)
    assert "No usage from the AI tools yet" in _text(view) and "%" not in _text(view).split("AI tool adoption")[1]


def test_the_organisation_per_department_and_tool(slack_app):
    _directory(slack_app)
    _usage(slack_app)
    for user in (MANAGER, HR_USER, ADMIN):
        reply = _kpi(slack_app, "adoption", user, f"org-{user}")
        assert reply["response_type"] == "ephemeral"
        text = _text(reply)
        assert "*AI tool adoption — 2026-04*" in text
        assert "• All departments: *52.2%* (12 of 23)" in text
        assert "• Engineering: *70%* (7 of 10)" in text and "• Sales: *50%* (4 of 8)" in text
        assert "• Other departments (pooled): *20%* (1 of 5)" in text
        assert "• Claude: *43.5%* (10 of 23)" in text and "• GitHub Copilot: *8.7%* (2 of 23)" in text
        assert "*Other departments (pooled)*: Finance, Legal." in text
        assert "Not counted: 1 of the people active in the tools" in text
        assert "*Weekly trend* (all departments, any AI tool)" in text and "2026-W11 → 2026-W18" in text
        assert "2026-W14 8.7% · 2026-W15 8.7% · 2026-W16 13% · 2026-W17 21.7% · 2026-W18 8.7%" in text
        assert "• GitHub Copilot: *4 of 6* licences unused (66.7%) — Engineering 4 of 6" in text


def test_one_department_and_a_pooled_one(slack_app):
    _directory(slack_app)
    _usage(slack_app)
    text = _text(_kpi(slack_app, "adoption engineering", MANAGER, "own"))
    assert "*AI tool adoption — Engineering, 2026-04*" in text and "is pooled" not in text
    assert "• *Engineering*, any AI tool: *70%* (7 of 10)" in text and "• Claude: *70%* (7 of 10)" in text
    assert "The whole organisation: 52.2% (12 of 23)." in text and "*Weekly trend* (Engineering" in text
    assert "• GitHub Copilot: *4 of 6* licences unused (66.7%)" in text
    text = _text(_kpi(slack_app, "adoption Legal", HR_USER, "pooled"))
    assert "*Legal* is pooled with other departments: it has fewer than 5 eligible people" in text
    assert "These figures are about *Other departments (pooled)*: Finance, Legal." in text
    assert "• *Other departments (pooled)*, any AI tool: *20%* (1 of 5)" in text
    assert "*Weekly trend* (Other departments (pooled), any AI tool)" in text
    text = _text(_kpi(slack_app, "adoption Marketing & Design", ADMIN, "unknown"))
    assert "No eligible people in a department called 'Marketing &amp; Design'." in text and "%" not in text


def test_help_lists_the_subcommand(slack_app):
    resp = slack_app.sender.command("help", name="/kpi", user=EMPLOYEE, response_url=slack_app.fake.response_url("h"))
    assert "`/kpi adoption [department]`" in resp.json()["blocks"][0]["text"]["text"]


def test_app_home_shows_the_figures_and_sources_to_managers_hr_and_admins(slack_app):
    assert "AI tool adoption (managers, HR)" not in _headers(_home(slack_app, ADMIN))  # nothing imported yet
    slack_app.fake.reset()
    _directory(slack_app)
    _usage(slack_app)
    assert "AI tool adoption (managers, HR)" not in _headers(_home(slack_app, EMPLOYEE))
    for user in (MANAGER, HR_USER, ADMIN):
        view = _home(slack_app, user)
        assert "AI tool adoption (managers, HR)" in _headers(view)
        text = _text(view)
        assert "*2026-04* (last complete month): *52.2%* of 23 people used an AI tool (12 active)." in text
        assert "By tool: Claude *43.5%* · ChatGPT Enterprise *17.4%* · GitHub Copilot *8.7%*" in text
        assert "*Lowest adoption*\n• Other departments (pooled): *20%* (1 of 5)\n• Sales: *50%* (4 of 8)" in text
        sources = next(b["text"]["text"] for b in view["blocks"]
                       if b.get("text", {}).get("text", "").startswith("*Sources*")).splitlines()
        assert sources[1].startswith("• :warning: *Microsoft 365 Copilot* — *failing* since ")
        assert sources[1].endswith(": Microsoft Graph said 401: check COACH_GRAPH_TOKEN. · never succeeded")
        assert sources[2].startswith("• Directory — last import ") and sources[2].endswith("(23 people)")
        assert sources[3].startswith("• Generic CSV — last import ")
        assert sources[3].endswith("(23 rows, 17 active days, 1 unmatched, data up to 2026-04-27)")


def _utaut(slack_app, intention: dict[str, tuple[int, int]]) -> None:
    """A closed UTAUT survey answered by ``n`` people per department with intention ``score`` ({dept: (n,
    score)}); every other construct answered 4."""
    surveys = slack_app.container.surveys
    users = [f"U0{d[:3].upper()}{i}" for d, (n, _) in intention.items() for i in range(n)]
    now = utcnow()
    sid = surveys.create(NewSurvey(title="Spring <!here> pulse", opens_at=now, closes_at=now + timedelta(days=14),
                                   audience=Audience(users=users), created_by=HR_USER, template_id="utaut"))
    surveys.launch(sid, lambda _team: users_only)
    who = iter(users)
    for department, (n, score) in intention.items():
        for _ in range(n):
            answers = {f"{c}{i}": 4 for c in ("pe", "ee", "si", "fc") for i in (1, 2, 3)}
            surveys.submit(sid, next(who), answers | {f"bi{i}": score for i in (1, 2, 3)}, department)
    surveys.close(sid)


def test_app_home_puts_intent_beside_use(slack_app):
    _directory(slack_app)
    _usage(slack_app)
    _utaut(slack_app, {"Engineering": (6, 3), "Sales": (5, 6)})
    view = _home(slack_app, HR_USER)
    intent = next(b["text"]["text"] for b in view["blocks"]
                  if "Intent beside use" in b.get("text", {}).get("text", "")).splitlines()
    assert intent[0] == "*Intent beside use* (from “Spring &lt;!here&gt; pulse”)"
    assert intent[1].startswith("• Engineering: intention *3.0*/7 (6 answers), use *70%* — :warning: Used but "
                                "not believed in")  # low intent, high use: flagged with a cited tip
    assert "(source: `knowledge/framework/best-practices.md#" in intent[1]
    assert intent[2:] == ["• All departments: intention *4.4*/7 (11 answers), use *52.2%*",
                          "• Sales: intention *6.0*/7 (5 answers), use *50%*"]
