"""/app/adoption: adoption by department and tool, the weekly trend, unused licences, intent beside use and the
sources, seeded through the adoption services; over HTTP (roles, filters, CSVs equal to the page, a department
below k never shown on its own) and in a real browser."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from bot.adoption.intent import FLAGS, UNCONVINCED, WANT_MORE
from bot.adoption.pooling import ALL, POOLED
from bot.adoption.records import EMAIL, Activity, Licence, Report
from tests.adoption.conftest import people
from tests.adoption.test_intent import Clock, run_survey
from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER, live_web

TODAY = date(2026, 12, 2)  # November 2026 and the weeks up to 2026-W48 are complete
MONDAYS = [date(2026, 10, 5) + timedelta(weeks=n) for n in range(8)]  # 2026-W41 … 2026-W48
SALES_M365 = [2, 3, 3, 4, 6, 7, 8, 8]  # Sales people active with M365 Copilot each week
OPS_M365 = [1, 1, 2, 2, 2, 2, 2, 2]
SMALL = ("Finance", "Legal")  # 3 and 2 eligible people: below k = 5, pooled together
CSVS = ("departments", "tools", "trend", "inactive", "intent")
INACTIVE = ("Tool", "Group of licence holders", "Unused 30 days", "Licensed", "Unused (%)")


def active(department: str, count: int, tool: str, day: date, first: int = 0) -> list[Activity]:
    return [Activity(f"{department.lower()}{i}@example.com", EMAIL, tool, day, 2) for i in range(first, first + count)]


def seats(tool: str, **departments: int) -> list[Licence]:
    return [Licence(f"{d.lower()}{i}@example.com", EMAIL, tool) for d, n in departments.items() for i in range(n)]


def seed(container, tmp_path) -> None:
    """The directory (Sales 10, Ops 8, Finance 3, Legal 2), M365 Copilot from October to November 30 with seats,
    Claude in November (3 seats: too few to show), a generic CSV of Cursor, a failing GitHub Copilot sync and
    a closed UTAUT survey."""
    ledger = container.adoption.ledger
    ledger.import_directory(people(Sales=10, Ops=8, Finance=3, Legal=2), source="directory")
    m365 = []
    for monday, sales, ops in zip(MONDAYS, SALES_M365, OPS_M365):
        m365 += active("Sales", sales, "m365-copilot", monday) + active("Ops", ops, "m365-copilot", monday)
    m365 += active("Finance", 3, "m365-copilot", date(2026, 11, 10)) + active("Legal", 1, "m365-copilot",
                                                                             date(2026, 11, 10), first=1)
    m365 += active("Sales", 1, "m365-copilot", date(2026, 11, 30))  # the reports cover November to its end
    ledger.import_report("m365-copilot", Report(m365, seats("m365-copilot", Sales=10, Ops=4, Finance=3, Legal=2),
                                                len(m365)), how="import")
    claude = [a for monday in MONDAYS[4:] for a in active("Ops", 1, "claude", monday, first=2)]
    ledger.import_report("claude", Report(claude, seats("claude", Ops=3), len(claude)), how="sync")
    cursor = tmp_path / "cursor.csv"
    cursor.write_text("email,tool,day,count\n" + "".join(f"sales{i}@example.com,Cursor,2026-11-20,4\n"
                                                         for i in range(5)))
    ledger.import_file("csv", cursor)
    ledger.failed("github-copilot", "GitHub answered 401: the token has expired.")
    container.surveys._clock = container.surveys.sender._clock = Clock()
    run_survey(container, "utaut", {"Sales": (6, 3), "Ops": (5, 6)}, 7)


@pytest.fixture(scope="module")
def seeded(web, tmp_path_factory):
    web.container.adoption.figures.today = lambda: TODAY
    seed(web.container, tmp_path_factory.mktemp("reports"))
    return web


@pytest.fixture(scope="module")
def manager(seeded):
    client = seeded.client(MANAGER)
    yield client
    client.close()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def table(page: BeautifulSoup, caption: str) -> list[list[str]]:
    """The rows of the table view of the chart whose caption starts with ``caption``."""
    figure = next(f for f in page.select("figure.chart") if f.figcaption.get_text().startswith(caption))
    return [[td.get_text(strip=True) for td in tr.select("td")] for tr in figure.select("tbody tr")]


def rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text)))


def every_cell(page: BeautifulSoup) -> list[str]:
    return [td.get_text(strip=True) for td in page.select("td")]


# over HTTP ------------------------------------------------------------------------------------------
def test_the_page_shows_november_by_department_and_tool_with_the_small_departments_pooled(manager):
    page = soup(manager.get("/app/adoption"))
    assert page.select_one("select[name=period] option[selected]")["value"] == "2026-11"  # the latest month
    assert [o["value"] for o in page.select("select[name=period] option")] == ["2026-11", "2026-10"]
    assert table(page, "Adoption by department") == [
        [ALL, "15", "23", "65.2"], ["Sales", "8", "10", "80.0"], ["Ops", "3", "8", "37.5"], [POOLED, "4", "5", "80.0"]]
    assert table(page, "Adoption by tool") == [
        ["Any AI tool", ALL, "15", "23", "65.2"], ["Claude", ALL, "1", "23", "4.3"],
        ["cursor", ALL, "5", "23", "21.7"], ["Microsoft 365 Copilot", ALL, "14", "23", "60.9"]]
    assert "Finance, Legal" in page.select_one("p.pooled").get_text()
    assert not set(SMALL) & set(every_cell(page))  # named in the pooled note only, never with figures of their own
    assert all(img["src"].startswith("data:image/svg+xml;base64,") for img in page.select("figure.chart img"))
    assert len(page.select("figure.chart img")) == 4


def test_the_trend_the_unused_licences_intent_and_sources(manager):
    page = soup(manager.get("/app/adoption"))
    trend = table(page, "Weekly active")
    assert [r[0] for r in trend] == [f"2026-W{w}" for w in range(41, 49)]
    assert trend[0] == ["2026-W41", "13.0"] and trend[-1] == ["2026-W48", "47.8"]  # 3 of 23, then 11 of 23
    assert table(page, "Licences unused") == [["Microsoft 365 Copilot", ALL, "5", "19", "26.3"],
                                              ["Microsoft 365 Copilot", "Sales", "2", "10", "20.0"],
                                              ["Microsoft 365 Copilot", POOLED, "3", "9", "33.3"]]
    text = page.get_text(" ", strip=True)
    assert "nothing is shown for Claude" in text  # 3 seats
    intent = [[td.get_text(strip=True) for td in tr.select("td")][:5] for tr in page.select("table.intent tbody tr")]
    assert intent[1:] == [["Sales", "3.0", "6", "80.0%", FLAGS[UNCONVINCED][0]],
                          ["Ops", "6.0", "5", "37.5%", FLAGS[WANT_MORE][0]]]
    sources = {tr.td.get_text(): tr for tr in page.select("table.sources tbody tr")}
    assert set(sources) == {"Directory", "Microsoft 365 Copilot", "Claude", "Generic CSV", "GitHub Copilot"}
    assert "failing" in sources["GitHub Copilot"]["class"] and "token has expired" in sources["GitHub Copilot"].text
    assert "2026-10-05 to 2026-11-30" in sources["Microsoft 365 Copilot"].text


def test_the_period_filter_changes_the_figures(manager):
    page = soup(manager.get("/app/adoption", params={"period": "2026-10"}))
    assert table(page, "Adoption by department") == [
        [ALL, "6", "23", "26.1"], ["Sales", "4", "10", "40.0"], ["Ops", "2", "8", "25.0"], [POOLED, "0", "5", "0.0"]]
    assert table(page, "Weekly active")[-1] == ["2026-W43", "21.7"]  # the weeks complete by October's end
    assert page.select("table.intent tbody tr")[1].td.get_text() == "Sales"
    assert "40.0%" in page.select("table.intent tbody tr")[1].get_text()


def test_a_department_filter_shows_its_group_and_a_small_department_only_inside_the_pooled_group(manager):
    ops = soup(manager.get("/app/adoption", params={"department": "ops"}))
    assert ops.select_one("select[name=department] option[selected]")["value"] == "Ops"
    assert table(ops, "Adoption by tool") == [["Any AI tool", "Ops", "3", "8", "37.5"], ["Claude", "Ops", "1", "8", "12.5"],
                                              ["cursor", "Ops", "0", "8", "0.0"],
                                              ["Microsoft 365 Copilot", "Ops", "2", "8", "25.0"]]
    assert table(ops, "Weekly active")[-1] == ["2026-W48", "37.5", "47.8"]  # Ops beside everyone
    assert [tr.td.get_text() for tr in ops.select("table.intent tbody tr")] == [ALL, "Ops"]
    assert "Ops's licence holders" in ops.get_text()  # pooled per tool: no Ops row of its own

    legal = soup(manager.get("/app/adoption", params={"department": "Legal", "period": "2026-11"}))
    assert "Legal is counted in 'Other departments (pooled)'" in legal.select_one("p.notice").get_text()
    assert table(legal, "Adoption by tool")[0] == ["Any AI tool", POOLED, "4", "5", "80.0"]
    assert not set(SMALL) & set(every_cell(legal))


def test_an_unknown_department_or_period_is_refused_in_one_line(manager):
    response = manager.get("/app/adoption", params={"department": "Marketing"})
    assert response.status_code == 400
    assert "No eligible people in a department called 'Marketing'" in soup(response).select_one("p.notice").text
    assert manager.get("/app/adoption", params={"period": "last month"}).status_code == 400


def test_each_csv_holds_the_rows_the_page_shows(manager):
    for query in ({}, {"period": "2026-10"}, {"department": "Sales"}, {"department": "Ops"}, {"department": "Legal"}):
        page = soup(manager.get("/app/adoption", params=query))
        links = {a["href"].split("?")[0].rsplit("/", 1)[1]: a["href"] for a in page.select("a.download")}
        ops = query.get("department") in ("Ops", "Legal")  # no licence rows of their own: no chart, an empty CSV
        assert set(links) == {f"{name}.csv" for name in CSVS if not (ops and name == "inactive")}
        for caption, name in (("Adoption by department", "departments"), ("Adoption by tool", "tools"),
                              ("Weekly active", "trend"), ("Licences unused", "inactive")):
            if ops and name == "inactive":
                assert rows(manager.get("/app/adoption/inactive.csv", params=query)) == [list(INACTIVE)]
                continue
            got = rows(manager.get(links[f"{name}.csv"]))
            assert [[cell or "–" for cell in row] for row in got[1:]] == table(page, caption)
            assert not any(row[0] in SMALL or (len(row) > 1 and row[1] in SMALL) for row in got)
        intent = rows(manager.get(links["intent.csv"]))
        assert [r[0] for r in intent[1:]] == [tr.td.get_text() for tr in page.select("table.intent tbody tr")]
    sales = rows(manager.get("/app/adoption/inactive.csv", params={"department": "Sales"}))
    assert sales[1:] == [["Microsoft 365 Copilot", "Sales", "2", "10", "20.0"]]
    october = rows(manager.get("/app/adoption/departments.csv", params={"period": "2026-10"}))
    assert october[0] == ["Department", "Active", "Eligible", "Active (%)"] and october[2] == ["Sales", "4", "10", "40.0"]


@pytest.mark.parametrize("user", [MANAGER, HR, ADMIN])
def test_managers_hr_and_admins_open_the_page(seeded, user):
    client = seeded.client(user)
    response = client.get("/app/adoption")
    assert response.status_code == 200 and "80.0" in response.text
    assert client.get("/app/adoption/tools.csv").status_code == 200


def test_an_employee_gets_403_and_no_figures(seeded):
    client = seeded.client(EMPLOYEE)
    for path in ["/app/adoption", *(f"/app/adoption/{name}.csv" for name in CSVS)]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "80.0" not in response.text and "Sales" not in response.text and "65.2" not in response.text
    anonymous = seeded.client().get("/app/adoption/departments.csv")
    assert anonymous.status_code == 303 and "/app/login" in anonymous.headers["location"]


def test_the_empty_states_say_what_to_import(tmp_path, shared_embeddings):
    with live_web(tmp_path / "empty", shared_embeddings) as web:
        client = web.client(MANAGER)
        web.container.adoption.figures.today = lambda: TODAY
        ledger = web.container.adoption.ledger
        first = soup(client.get("/app/adoption"))
        codes = [c.get_text() for c in first.select(".empty-state code")]
        assert "coach directory import people.csv" in codes and "coach adoption import --source SOURCE FILE" in codes
        assert rows(client.get("/app/adoption/departments.csv")) == [["Department", "Active", "Eligible", "Active (%)"]]

        ledger.failed("claude", "Claude answered 403: the admin key lacks the analytics scope.")
        no_directory = soup(client.get("/app/adoption"))
        assert "No directory yet" in no_directory.select_one(".empty-state").get_text()
        assert "analytics scope" in no_directory.select_one("table.sources").get_text()

        ledger.import_directory(people(Sales=6), source="directory")
        no_usage = soup(client.get("/app/adoption"))
        assert "coach adoption import --source SOURCE FILE" in no_usage.select_one(".empty-state").get_text()
        assert not no_usage.select("figure.chart")

        ledger.import_report("m365-copilot", Report(active("Sales", 3, "m365-copilot", date(2026, 11, 30)), [], 3),
                             how="import")
        assert table(soup(client.get("/app/adoption")), "Adoption by department") == [
            [ALL, "3", "6", "50.0"], ["Sales", "3", "6", "50.0"]]


# in a real browser ---------------------------------------------------------------------------------
def test_a_manager_filters_by_period_and_department_in_the_browser(seeded, page):
    seeded.sign_in(page, MANAGER, "/app/adoption")
    assert page.get_by_role("heading", name="AI tool adoption", level=1).is_visible()
    stats = page.locator("ul.stats li").first
    assert "65.2%" in stats.inner_text()
    seeded.shot(page, "adoption-manager")

    page.get_by_label("Period").select_option("2026-10")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**period=2026-10**")
    assert "26.1%" in page.locator("ul.stats li").first.inner_text()

    page.get_by_label("Department").select_option("Ops")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**department=Ops**")
    assert page.get_by_role("heading", name="By tool: Ops").is_visible()
    assert page.get_by_label("Period").input_value() == "2026-10"  # the filters are kept

    tools = page.locator("figure.chart", has_text="Adoption by tool")
    tools.get_by_text("Table", exact=True).click()
    first_row = tools.locator("tbody tr").first
    assert first_row.is_visible() and first_row.inner_text().split("\t")[:5] == ["Any AI tool", "Ops", "2", "8", "25.0"]
    href = tools.get_by_role("link", name="Download CSV").get_attribute("href")
    assert href == "/app/adoption/tools.csv?period=2026-10&department=Ops"
    assert tools.locator("img").evaluate("img => img.naturalWidth > 0")
