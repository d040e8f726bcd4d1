"""The surveys pages over HTTP: who may open them, live response rates, results under the k rule with only the
filters the service releases, the CSV export (the CLI's), and an open anonymous survey's results withheld."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from markupsafe import escape

from bot.clock import utcnow
from bot.surveys.audience import Audience, users_only
from bot.surveys.definition import Definition, Question, SurveyError
from bot.surveys.export import to_csv
from bot.surveys.service import NewSurvey
from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER

RESULTS_TITLE, OPEN_TITLE, DRAFT_TITLE = "AI assistant, three months in", "Would you recommend it?", "Pulse, next wave"
SVG = "data:image/svg+xml"
DEFINITION = Definition(
    [Question("use1", "likert", "The AI assistant makes my work faster.", construct="usefulness"),
     Question("use2", "likert", "The AI assistant improves the quality of my work.", construct="usefulness"),
     Question("trust1", "likert", "I can rely on what it produces with a quick check.", construct="trust"),
     Question("trust2", "likert", "I have to redo most of what it gives me.", construct="trust", reverse=True),
     Question("recommend", "nps", "How likely are you to recommend the AI assistant to a colleague?"),
     Question("frequency", "single", "How often do you use it?", options=("Daily", "Weekly", "Rarely")),
     Question("comment", "text", "Anything else?", required=False)],
    {"usefulness": "Usefulness", "trust": "Trust in output"})
# (department, use1, use2, trust1, trust2, recommend, frequency): Sales and Ops 6 each, Legal 2 and Design 3 (both
# under k = 5, together a rest of 5); every answer varies within the departments, so only department is released.
ANSWERS = ([("Sales", *a) for a in [(6, 6, 5, 3, 9, "Daily"), (7, 7, 6, 2, 10, "Weekly"), (6, 7, 5, 3, 9, "Daily"),
                                    (7, 7, 6, 2, 8, "Weekly"), (6, 6, 5, 2, 10, "Daily"), (7, 6, 6, 3, 7, "Weekly")]]
           + [("Ops", *a) for a in [(3, 3, 3, 5, 5, "Weekly"), (4, 4, 4, 4, 6, "Rarely"), (3, 4, 3, 5, 7, "Weekly"),
                                    (4, 4, 4, 4, 8, "Rarely"), (3, 3, 3, 4, 3, "Weekly"), (4, 3, 4, 5, 9, "Rarely")]]
           + [("Legal", 5, 5, 4, 4, 7, "Daily"), ("Legal", 5, 4, 5, 3, 8, "Weekly")]
           + [("Design", *a) for a in [(4, 5, 3, 4, 6, "Rarely"), (5, 6, 6, 3, 9, "Daily"),
                                     (6, 5, 5, 4, 10, "Weekly")]])
COMMENTS = ["<b>Saves</b> me an hour a day", "=1+1 looks like a formula", "Drafts my emails", "Great for summaries",
            "Needs better search"]  # from five of the six in Sales
BELOW_K = ("Legal", "Design")


def seed(container) -> dict[str, int]:
    """Three surveys made, launched and answered through the service: a closed one with results, an open
    anonymous one (4 of 10 answered) and a draft."""
    surveys, now = container.surveys, utcnow()

    def make(title, users, **kw):
        return surveys.create(NewSurvey(title=title, opens_at=now - timedelta(minutes=5),
                                        closes_at=now + timedelta(days=10), audience=Audience(users=users),
                                        created_by=HR, **kw))

    people = [f"U0RESP{i:02d}" for i in range(20)]
    closed = make(RESULTS_TITLE, people, definition=DEFINITION)
    surveys.launch(closed, lambda _team: users_only)
    for i, (department, *values) in enumerate(ANSWERS):
        answers = dict(zip(("use1", "use2", "trust1", "trust2", "recommend", "frequency"), values))
        if department == "Sales" and i < len(COMMENTS):
            answers["comment"] = COMMENTS[i]
        surveys.submit(closed, people[i], answers, department)
    surveys.close(closed)
    voters = [f"U0VOTE{i:02d}" for i in range(10)]
    still_open = make(OPEN_TITLE, voters, template_id="enps")
    surveys.launch(still_open, lambda _team: users_only)
    for i in range(4):
        surveys.submit(still_open, voters[i], {"recommend": 8}, "Sales")
    draft = make(DRAFT_TITLE, people[:3], template_id="pulse")
    return {"closed": closed, "open": still_open, "draft": draft, "voters": voters}


@pytest.fixture(scope="module")
def ids(web):
    return seed(web.container)


@pytest.fixture(scope="module")
def hr(web, ids):
    return web.client(HR)


def _row(html: str, title: str) -> str:
    match = re.search(r"<tr>((?:(?!</tr>).)*" + re.escape(str(escape(title))) + r".*?)</tr>", html, re.DOTALL)
    assert match, f"no row for {title}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def _options(html: str, name: str) -> list[str] | None:
    select = re.search(rf'<select name="{name}">(.*?)</select>', html, re.DOTALL)
    return re.findall(r'<option value="([^"]*)"', select.group(1)) if select else None


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_seeded_survey_releases_department_only(web, ids):
    """The data the tests rest on: the service offers Ops and Sales, never Legal or Design (under k)."""
    results = web.container.surveys.results(ids["closed"])
    assert results.k == 5 and results.n == len(ANSWERS)
    assert results.filterable == {"department": ["Ops", "Sales"]}
    assert [s.value for s in results.segments] == ["Ops", "Sales"] and len(results.comments["comment"]) == 5


@pytest.mark.parametrize("user", [MANAGER, EMPLOYEE])
def test_managers_and_employees_get_403_and_no_figures(web, ids, user):
    client = web.client(user)
    for path in ["/app/surveys", f"/app/surveys/{ids['closed']}", f"/app/surveys/{ids['closed']}.csv",
                 f"/app/surveys/{ids['closed']}/constructs.csv", f"/app/surveys/{ids['open']}", "/app/surveys/999"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "text/csv" not in response.headers["content-type"]
        for secret in (RESULTS_TITLE, OPEN_TITLE, SVG, "Sales", "Usefulness"):
            assert secret not in response.text, (path, secret)
    assert not any(link in client.get("/app").text for link in ('href="/app/surveys"', ">Surveys<"))


@pytest.mark.parametrize("user", [HR, ADMIN])
def test_hr_and_admins_open_the_list_and_the_results(web, ids, user):
    client = web.client(user)
    listing = client.get("/app/surveys")
    assert listing.status_code == 200
    assert all(str(escape(t)) in listing.text for t in (RESULTS_TITLE, OPEN_TITLE, DRAFT_TITLE))
    page = client.get(f"/app/surveys/{ids['closed']}")
    assert page.status_code == 200 and page.text.count(f'<img src="{SVG}') == 3


def test_without_a_session_the_pages_ask_to_sign_in(web, ids):
    response = web.client().get(f"/app/surveys/{ids['closed']}.csv")
    assert response.status_code == 303 and response.headers["location"].startswith("/app/login?next=")


def test_the_list_shows_status_dates_and_the_live_response_rate(web, ids, hr):
    html = hr.get("/app/surveys").text
    closed = web.container.surveys.status(ids["closed"])
    row = _row(html, RESULTS_TITLE)
    assert " closed " in row and " anonymous " in row and " 20 17 " in row and " 85% " in row
    assert closed.opens_at.date().isoformat() in row and closed.closes_at.date().isoformat() in row
    still_open = _row(html, OPEN_TITLE)
    assert all(part in still_open for part in (" open ", " 10 4 ", " 40% ", "once it closes"))
    assert " draft " in _row(html, DRAFT_TITLE) and "not sent yet" in _row(html, DRAFT_TITLE)
    web.container.surveys.submit(ids["open"], ids["voters"][4], {"recommend": 10}, "Ops")  # one more answer
    now_open = _row(hr.get("/app/surveys").text, OPEN_TITLE)
    assert " 10 5 " in now_open and " 50% " in now_open
    assert "50%" in hr.get(f"/app/surveys/{ids['open']}").text


def test_results_offer_only_the_filters_the_service_releases(web, ids, hr):
    html = hr.get(f"/app/surveys/{ids['closed']}").text
    assert _options(html, "department") == ["", "Ops", "Sales"]
    for dimension in ("frequency", "use1", "trust1", "recommend"):  # refused by the release partition
        assert _options(html, dimension) is None
    assert not any(d in html for d in BELOW_K)
    assert "n = 17" in html and "Usefulness" in html and "Trust in output" in html
    assert re.search(r'<th scope="row">Sales</th>\s*<td class="num">6</td>', html)  # by department
    assert "Other departments count in the figures above" in html  # the service's note, shown as given
    assert "&lt;b&gt;Saves&lt;/b&gt; me an hour a day" in html and "<b>Saves" not in html  # comments escaped

    sales = hr.get(f"/app/surveys/{ids['closed']}", params={"department": "Sales"})
    assert sales.status_code == 200 and "n = 6" in sales.text and "n = 17" not in sales.text
    assert '<option value="Sales" selected>' in sales.text and sales.text.count(f'<img src="{SVG}') == 3
    assert "6.50" in sales.text  # Sales' usefulness mean, as the service gives it
    assert sales.text.count("<blockquote>") == 5 and not any(d in sales.text for d in BELOW_K)
    ops = hr.get(f"/app/surveys/{ids['closed']}", params={"department": "Ops"}).text
    assert "n = 6" in ops and "3.50" in ops and "<blockquote>" not in ops  # no comments from Ops
    assert f'href="/app/surveys/{ids["closed"]}.csv?department=Ops"' in ops
    assert f'href="/app/surveys/{ids["closed"]}/constructs.csv?department=Ops"' in ops


@pytest.mark.parametrize("filters, says", [({"department": "Legal"}, "Nothing is shown for department = Legal"),
                                           ({"department": "Design"}, "Nothing is shown for department = Design"),
                                           ({"frequency": "Daily"}, "frequency cannot be used as a filter"),
                                           ({"department": "Sales", "use1": "6"}, "use1 cannot be used")])
def test_a_filter_value_not_offered_gets_the_services_refusal_and_no_figures(web, ids, hr, filters, says):
    reason = web.container.surveys.results(ids["closed"], filters).suppressed[0]
    assert says in reason
    for path in (f"/app/surveys/{ids['closed']}", f"/app/surveys/{ids['closed']}.csv",
                 f"/app/surveys/{ids['closed']}/enps.csv"):
        response = hr.get(path, params=filters)
        assert response.status_code == 400 and str(escape(reason)) in response.text, path
        assert SVG not in response.text and "<table" not in response.text and "blockquote" not in response.text
        assert "text/csv" not in response.headers["content-type"]


def test_a_filter_the_survey_does_not_have_gets_the_services_one_line(web, ids, hr):
    response = hr.get(f"/app/surveys/{ids['closed']}", params={"colour": "blue"})
    with pytest.raises(SurveyError) as refused:
        web.container.surveys.results(ids["closed"], {"colour": "blue"})
    assert response.status_code == 400 and str(escape(str(refused.value))) in response.text
    assert SVG not in response.text


@pytest.mark.parametrize("filters", [{}, {"department": "Sales"}])
def test_the_csv_export_is_the_clis_under_the_same_filters(web, ids, hr, filters):
    response = hr.get(f"/app/surveys/{ids['closed']}.csv", params=filters)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.text == to_csv(web.container.surveys.results(ids["closed"], filters))
    rows = _csv(response.text)
    assert not any(d in response.text for d in BELOW_K)
    assert all(int(r["n"]) >= 5 for r in rows if r["n"])
    assert "'=1+1 looks like a formula" in response.text  # a comment never runs as a formula
    segments = {r["segment"] for r in rows}
    assert segments == ({"all", "department=Ops", "department=Sales"} if not filters else {"all"})


def test_each_chart_has_its_table_as_csv(web, ids, hr):
    base = f"/app/surveys/{ids['closed']}"
    constructs = _csv(hr.get(f"{base}/constructs.csv").text)
    assert [(r["Construct"], r["n"], r["Mean (1–7)"]) for r in constructs] == [
        (c.label, str(c.n), f"{c.mean:.2f}") for c in web.container.surveys.results(ids["closed"]).constructs]
    sales = _csv(hr.get(f"{base}/distribution.csv", params={"department": "Sales"}).text)
    assert {r["n"] for r in sales} == {"6"} and sum(int(sales[0][f"People scoring {p}"]) for p in range(1, 8)) == 6
    [enps] = _csv(hr.get(f"{base}/enps.csv").text)
    assert enps["n"] == "17" and enps["Question"].startswith("How likely")
    assert int(enps["Promoters (9–10)"]) + int(enps["Passives (7–8)"]) + int(enps["Detractors (0–6)"]) == 17
    html = hr.get(base).text
    for name in ("constructs", "distribution", "enps"):
        assert f'href="{base}/{name}.csv"' in html
    assert html.count("<summary>Table</summary>") == 3
    assert hr.get(f"{base}/nonsense.csv").status_code == 404


def test_an_open_anonymous_survey_shows_its_response_rate_and_why_results_wait(web, ids, hr):
    with pytest.raises(SurveyError) as withheld:
        web.container.surveys.results(ids["open"])
    status = web.container.surveys.status(ids["open"])
    response = hr.get(f"/app/surveys/{ids['open']}")
    assert response.status_code == 200 and str(escape(str(withheld.value))) in response.text
    assert f"{status.responded} of 10" in response.text and f"{status.rate:.0%}" in response.text
    assert SVG not in response.text and "<select" not in response.text and "<table" not in response.text
    assert ".csv" not in response.text
    csv_response = hr.get(f"/app/surveys/{ids['open']}.csv")
    assert csv_response.status_code == 400 and "text/csv" not in csv_response.headers["content-type"]


def test_an_unknown_survey_is_not_found(web, ids, hr):
    for path in ("/app/surveys/999", "/app/surveys/999.csv", "/app/surveys/999/enps.csv", "/app/surveys/x1"):
        response = hr.get(path)
        assert response.status_code == 404 and SVG not in response.text, path
    assert "There is no survey 999." in hr.get("/app/surveys/999").text


def test_hr_lists_surveys_opens_results_applies_a_filter_and_reads_a_table_in_the_browser(web, ids, page):
    web.sign_in(page, HR, "/app/surveys")
    assert page.url == web.url + "/app/surveys"
    listed = page.locator("table.surveys tbody tr")
    assert listed.count() == 3 and "85%" in listed.filter(has_text=RESULTS_TITLE).inner_text()
    web.shot(page, "surveys-hr")

    page.get_by_role("link", name=RESULTS_TITLE).click()
    page.wait_for_url(f"**/app/surveys/{ids['closed']}")
    charts = page.locator("figure.chart img")
    assert charts.count() == 3
    assert all(width > 0 for width in charts.evaluate_all("els => els.map(e => e.naturalWidth)"))  # drawn
    assert "n = 17" in page.locator("ul.stats").inner_text()
    before = charts.first.get_attribute("src")
    assert page.get_by_label("Department").locator("option").all_inner_texts() == ["All", "Ops", "Sales"]

    page.get_by_label("Department").select_option("Sales")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**department=Sales")
    assert "n = 6" in page.locator("ul.stats").inner_text() and charts.count() == 3
    assert charts.first.get_attribute("src") != before  # the chart was drawn again for Sales

    first = page.locator("figure.chart").first
    table = first.locator("details table")
    assert not table.is_visible()
    first.get_by_text("Table", exact=True).click()
    assert table.is_visible() and "6.50" in table.get_by_role("row", name=re.compile("Usefulness")).inner_text()
    link = first.get_by_role("link", name="Download CSV")
    assert link.get_attribute("href") == f"/app/surveys/{ids['closed']}/constructs.csv?department=Sales"
    download = page.request.get(web.url + link.get_attribute("href"))
    assert download.ok and "Usefulness,6,6.50" in download.text()
    web.shot(page, "survey-results-hr")
