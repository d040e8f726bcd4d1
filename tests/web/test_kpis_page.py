"""/app/kpis: KPI trends per scope with table and CSV, the KPIs not measured yet, OKRs with progress and pace;
over HTTP (roles, filters, CSV equal to the page, refusals) and in a real browser."""

from __future__ import annotations

import base64
import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from bot.clock import utcnow
from bot.kpis.nudge_schedules import parse_threshold
from bot.kpis.okrs import parse_key_result
from bot.kpis.scopes import ORGANISATION, parse_scope
from tests.slack.fake_slack import TEAM_ID
from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER

ORG_ADOPTION = {"2025-11": 40, "2025-12": 45, "2026-01": 50, "2026-02": 55, "2026-03": 58, "2026-04": 62.5}
SALES_ADOPTION = {"2026-01": 20, "2026-02": 25, "2026-03": 30, "2026-04": 33}


@pytest.fixture(scope="module")
def seeded(web):
    """Values for the organisation, department Sales and a tool; an objective on track and at risk (dates around
    today, so pace does not depend on when the tests run); a nudge's alert threshold."""
    kpis = web.container.kpis
    record = kpis.measurements.record
    for period, value in ORG_ADOPTION.items():
        record("employee_adoption_rate", ORGANISATION, period, value, by=MANAGER)
    record("employee_adoption_rate", ORGANISATION, "2026-Q1", 52, by=MANAGER, note="quarterly survey")
    for period, value in SALES_ADOPTION.items():
        record("employee_adoption_rate", parse_scope("department:Sales"), period, value, by=MANAGER)
    for period, value in {"2026-01": 9, "2026-02": 8.8, "2026-03": 8.7}.items():
        record("time_to_decision", ORGANISATION, period, value, by=MANAGER)
    record("employee_adoption_rate", parse_scope("tool:github-copilot"), "2026-04", 71, by=MANAGER)
    today = utcnow().date()
    due = (today + timedelta(days=50)).isoformat()
    objective = kpis.okrs.add("Make AI part of daily work", ORGANISATION, today - timedelta(days=50),
                              [parse_key_result(f"employee_adoption_rate:30->70@{due}"),
                               parse_key_result(f"time_to_decision:9->6@{due}"),
                               parse_key_result(f"task_automation_rate:10->40@{due}")], by=ADMIN)
    kpis.schedules.add(channel="C0KPIS0001", cron="0 9 * * 1", tz="UTC", kpis=["employee_adoption_rate"], okrs=[],
                       scope=ORGANISATION, by=ADMIN, thresholds=[parse_threshold("employee_adoption_rate<60")],
                       team_id=TEAM_ID)
    return objective


@pytest.fixture(scope="module")
def manager(web, seeded):
    client = web.client(MANAGER)
    yield client
    client.close()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def cells(row) -> list[str]:
    return [" ".join(td.get_text(" ", strip=True).split()) for td in row.find_all("td")]


def kpi_table(page: BeautifulSoup, key: str) -> list[list[str]]:
    section = page.find("section", id=f"kpi-{key}")
    assert section is not None, f"no section for {key}"
    return [cells(tr) for tr in section.find("details").find("tbody").find_all("tr")]


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


def shown(value: str) -> str:
    return "–" if value == "" else value


# roles -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/app/kpis", "/app/kpis/employee_adoption_rate.csv", "/app/kpis/okrs.csv"])
def test_an_employee_gets_403_and_no_figures(web, seeded, path):
    response = web.client(EMPLOYEE).get(path)
    assert response.status_code == 403
    assert "managers, HR and admins" in response.text
    for figure in ("62.5", "Employee adoption rate", "Make AI part of daily work", "data:image/svg"):
        assert figure not in response.text


def test_without_a_session_the_page_sends_you_to_sign_in(web, seeded):
    response = web.client().get("/app/kpis?scope=department:Sales")
    assert response.status_code == 303 and response.headers["location"].startswith("/app/login?next=")


@pytest.mark.parametrize("user", [MANAGER, HR, ADMIN])
def test_managers_hr_and_admins_see_the_kpis_and_okrs(web, seeded, user):
    response = web.client(user).get("/app/kpis")
    assert response.status_code == 200
    page = soup(response)
    assert [row[:2] for row in kpi_table(page, "employee_adoption_rate")] == \
        [[period, f"{value:g}"] for period, value in ORG_ADOPTION.items()]
    assert page.find("section", id=f"okr-{seeded}") is not None


# the KPI charts ------------------------------------------------------------------------------------------

def test_each_kpi_with_values_has_its_chart_latest_value_and_reference_lines(manager):
    page = soup(manager.get("/app/kpis"))
    section = page.find("section", id="kpi-employee_adoption_rate")
    uri = section.find("img")["src"]
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).lstrip().startswith(b"<?xml")
    assert "latest 62.5% (2026-04)" in section.find("h3").get_text(" ", strip=True)
    first = kpi_table(page, "employee_adoption_rate")[0]
    # target of the key result due next, the catalog's benchmark, the nudge's alert threshold
    assert first[2:6] == ["70", "60", "80", "below 60"]
    assert "alert below 60%" in section.get_text(" ", strip=True)
    latest = [li.get_text(" ", strip=True) for li in page.find("ul", class_="stats").find_all("li")]
    assert any(text.startswith("Employee adoption rate 62.5% 2026-04") for text in latest)
    assert page.find("section", id="kpi-time_to_decision") is not None


def test_kpis_without_values_are_listed_with_how_to_record_one(manager):
    page = soup(manager.get("/app/kpis"))
    missing = page.find("section", attrs={"aria-labelledby": "unmeasured"}).get_text(" ", strip=True)
    assert "Task automation rate" in missing and "/kpi record task_automation_rate VALUE" in missing
    assert "coach kpi record productivity_uplift --baseline B --after A" in missing  # computed from a change
    assert page.find("section", id="kpi-task_automation_rate") is None
    assert "Employee adoption rate" not in missing


def test_the_scope_filter_changes_the_series(manager):
    offered = [o["value"] for o in soup(manager.get("/app/kpis")).select("select[name=scope] option")]
    assert offered == ["organisation", "department:Sales", "tool:github-copilot"]
    page = soup(manager.get("/app/kpis", params={"scope": "department:Sales"}))
    # at a department the magic-three name of the same values
    assert [row[:2] for row in kpi_table(page, "adoption_by_department")] == \
        [[period, f"{value:g}"] for period, value in SALES_ADOPTION.items()]
    assert page.find("section", id="kpi-employee_adoption_rate") is None
    assert page.find("section", id="kpi-time_to_decision") is None  # no value for Sales
    assert "Latest values — department Sales" in page.get_text(" ", strip=True)
    tool = soup(manager.get("/app/kpis", params={"scope": "tool:github-copilot"}))
    assert [row[:2] for row in kpi_table(tool, "employee_adoption_rate")] == [["2026-04", "71"]]


def test_period_length_and_count_filters(manager):
    page = soup(manager.get("/app/kpis", params={"granularity": "quarter"}))
    assert [row[:2] + row[-2:] for row in kpi_table(page, "employee_adoption_rate")] == \
        [["2026-Q1", "52", "manual", "quarterly survey"]]
    fallback = page.find("section", id="kpi-time_to_decision").get_text(" ", strip=True)
    assert "No quarter values for this KPI: showing months." in fallback
    short = soup(manager.get("/app/kpis", params={"periods": "4"}))
    assert [row[0] for row in kpi_table(short, "employee_adoption_rate")] == list(ORG_ADOPTION)[-4:]


@pytest.mark.parametrize("params", [{}, {"scope": "department:Sales"}, {"granularity": "quarter"},
                                    {"periods": "4", "scope": "organisation"}])
def test_each_csv_holds_exactly_the_figures_of_its_table(manager, params):
    page = soup(manager.get("/app/kpis", params=params))
    sections = page.find_all("section", class_="kpi")
    assert sections
    for section in sections:
        key = section["id"].removeprefix("kpi-")
        link = section.find("a", class_="download")["href"]
        assert link.startswith(f"/app/kpis/{key}.csv?")
        header, *rows = read_csv(manager.get(link))
        headers = [th.get_text(strip=True) for th in section.find("details").find_all("th")]
        assert header == ["KPI", "Scope", *headers]
        scope = params.get("scope", "organisation")
        assert {tuple(r[:2]) for r in rows} == {(key, scope)}
        assert [[shown(c) for c in r[2:]] for r in rows] == kpi_table(page, key)


def test_the_okrs_show_progress_and_pace_as_the_service_computes_them(web, manager, seeded):
    page = soup(manager.get("/app/kpis"))
    section = page.find("section", id=f"okr-{seeded}")
    assert "Make AI part of daily work" in section.find("h3").get_text() and "needs attention" in section.get_text()
    rows = [cells(tr) for tr in section.find("tbody").find_all("tr")]
    status = web.container.kpis.okrs.show(seeded)
    assert [r[1] for r in rows] == [kr.kpi.name for kr in status.key_results]
    assert [r[-1] for r in rows] == [kr.pace.status for kr in status.key_results] == \
        ["on track", "at risk", "no data"]
    assert [r[8] for r in rows] == [f"{kr.pace.progress * 100:.0f}" if kr.pace.progress is not None else "–"
                                    for kr in status.key_results]
    header, *csv_rows = read_csv(manager.get(section.find_next("a", href="/app/kpis/okrs.csv")["href"]))
    assert header[:4] == ["Objective", "Title", "Scope", "Start"]
    assert [[shown(c) for c in r[4:]] for r in csv_rows] == rows
    assert {r[1] for r in csv_rows} == {"Make AI part of daily work"}


# refusals ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path,status,message", [
    ("/app/kpis/made_up_kpi.csv", 404, "Unknown KPI 'made_up_kpi'"),
    ("/app/kpis?scope=planet:Mars", 400, "Unknown scope 'planet'"),
    ("/app/kpis?scope=department:Nowhere", 400, "No KPI has values for department Nowhere"),
    ("/app/kpis?granularity=fortnight", 400, "Unknown period length 'fortnight'"),
    ("/app/kpis?periods=7", 400, "Periods shown must be one of 4, 8, 12, 24, 52"),
    ("/app/kpis/employee_adoption_rate.csv?periods=lots", 400, "Periods shown must be one of"),
    ("/app/kpis/adoption_by_department.csv?scope=organisation", 400, "measured per department"),
])
def test_a_bad_kpi_or_filter_is_one_line_and_nothing_else(manager, path, status, message):
    response = manager.get(path)
    assert response.status_code == status
    page = soup(response)
    alert = page.find("p", role="alert").get_text()
    assert message in alert and "\n" not in alert.strip()
    assert page.find("img") is None and page.find("table") is None and "62.5" not in response.text


# in the browser ----------------------------------------------------------------------------------------

def test_a_manager_filters_by_scope_and_opens_a_table_in_the_browser(web, seeded, page):
    web.sign_in(page, MANAGER, "/app/kpis")
    assert page.url == web.url + "/app/kpis"
    chart = page.locator("#kpi-employee_adoption_rate figure.chart")
    assert chart.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    table = chart.locator("details table")
    assert not table.is_visible()
    chart.get_by_text("Table", exact=True).click()
    assert table.is_visible() and table.locator("tbody tr").count() == len(ORG_ADOPTION)
    assert chart.get_by_role("link", name="Download CSV").get_attribute("href").startswith(
        "/app/kpis/employee_adoption_rate.csv?scope=organisation")
    assert page.locator(f"#okr-{seeded}").get_by_text("at risk", exact=True).is_visible()
    web.shot(page, "kpis-manager")

    page.select_option("select[name=scope]", "department:Sales")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/app/kpis?scope=department%3ASales*")
    assert page.get_by_role("heading", name="Latest values — department Sales").is_visible()
    sales = page.locator("#kpi-adoption_by_department figure.chart")
    sales.get_by_text("Table", exact=True).click()
    assert sales.locator("tbody tr").last.locator("td").nth(1).inner_text() == "33"
    assert page.locator("#kpi-employee_adoption_rate").count() == 0
