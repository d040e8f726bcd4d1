"""The audits pages: who sees which audits (the audit service's rule), a report with what changed since the
team's previous audit, its role-score chart with table and CSV, over HTTP and in a real browser."""

from __future__ import annotations

import base64
import csv
import io
import re

import pytest
from markupsafe import escape

from bot.audit.inputs import RoleInput
from bot.audit.render import CSV_COLUMNS
from bot.roles.service import MANAGER as MANAGER_ROLE
from tests.audit.conftest import request
from tests.slack.fake_slack import TEAM_ID
from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER

OTHER_MANAGER = "U0OTHERMGR"


@pytest.fixture(scope="module")
def audits(web):
    """Audits run through the service, as Slack runs them: two of Support EMEA (the second better), one of
    Sales by the manager; one by another manager; one by the manager in another workspace."""
    c = web.container
    c.roles.grant(OTHER_MANAGER, MANAGER_ROLE, granted_by=ADMIN)
    run = c.audits.run
    first = run(request(("Support agent", "Tickets closed per day"), ("Analyst", "Reports delivered"),
                        team="support  emea"), author=MANAGER, workspace_id=TEAM_ID)
    second = run(request(RoleInput("Support agent", "First-contact resolution",
                                   "Bonus on resolution; missed targets reviewed", "AI reply drafts",
                                   "Searching the knowledge base by hand"),
                         ("Analyst", "Reports delivered")),
                 author=MANAGER, workspace_id=TEAM_ID)
    sales = run(request(("Sales rep", "Quota only", "Quarterly bonus on quota"), team="Sales"),
                author=MANAGER, workspace_id=TEAM_ID)
    other = run(request(("Sales rep", "Forecast accuracy"), team="Payments North"), author=OTHER_MANAGER,
                workspace_id=TEAM_ID)
    elsewhere = run(request(("Analyst", "Reports delivered"), team="Far Away Team"), author=MANAGER,
                    workspace_id="T0ELSEWHERE")
    return {"first": first, "second": second, "sales": sales, "other": other, "elsewhere": elsewhere}


def listed(body: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/app/audits/(\d+)"', body)}


def test_a_manager_sees_their_own_audits_newest_first_and_no_one_elses(web, audits):
    body = web.client(MANAGER).get("/app/audits").text
    mine = [audits["sales"].id, audits["second"].id, audits["first"].id]
    assert listed(body) == set(mine)
    assert [int(n) for n in re.findall(r'<td><a href="/app/audits/(\d+)">', body)] == mine  # newest first
    assert "Payments North" not in body and "Far Away Team" not in body
    assert "You see the audits you ran yourself" in body
    row = body[body.index(f'href="/app/audits/{audits["sales"].id}"'):]
    row = row[:row.index("</tr>")]
    assert f"<strong>{audits['sales'].summary.score}</strong>/100" in row and "Sales" in row and ">you<" in row
    # the other manager sees theirs only
    theirs = web.client(OTHER_MANAGER).get("/app/audits").text
    assert listed(theirs) == {audits["other"].id} and "emea" not in theirs.lower()


def test_an_admin_sees_every_audit_of_the_workspace(web, audits):
    body = web.client(ADMIN).get("/app/audits").text
    assert listed(body) == {audits[k].id for k in ("first", "second", "sales", "other")}
    assert "U0OTHERMGR" in body and "every audit in this workspace" in body
    report = web.client(ADMIN).get(f"/app/audits/{audits['other'].id}")
    assert report.status_code == 200 and "Payments North" in report.text


@pytest.mark.parametrize("user", [HR, EMPLOYEE])
def test_hr_and_employees_get_403_and_no_audit(web, audits, user):
    client = web.client(user)
    for path in ("/app/audits", f"/app/audits/{audits['second'].id}", f"/app/audits/{audits['second'].id}.csv",
                 "/app/audits?team=Sales"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "emea" not in response.text.lower() and "Sales rep" not in response.text
        assert "/app/audits/" not in response.text and "Team score" not in response.text


def test_without_a_session_the_pages_ask_to_sign_in(web, audits):
    response = web.client().get(f"/app/audits/{audits['second'].id}.csv")
    assert response.status_code == 303 and response.headers["location"].startswith("/app/login?next=")


def test_an_audit_the_viewer_may_not_see_reads_as_one_that_does_not_exist(web, audits):
    client = web.client(MANAGER)
    answers = {}
    for name, audit_id in (("other", audits["other"].id), ("elsewhere", audits["elsewhere"].id),
                           ("missing", 999_999), ("huge", 10**30)):
        for suffix in ("", ".csv"):
            response = client.get(f"/app/audits/{audit_id}{suffix}")
            assert response.status_code == 404, (name, suffix)
            assert "Payments North" not in response.text and "Far Away Team" not in response.text
            assert "Sales rep" not in response.text and "Analyst" not in response.text
            page = re.sub(r'name="csrftoken" value="[^"]*"', "", response.text)
            answers[name, suffix] = page.replace(f"audit #{audit_id} ", "audit #N ")
    assert len(set(answers.values())) == 1  # not told apart: same page whatever the reason


def test_the_team_filter_keeps_one_teams_audits(web, audits):
    client = web.client(MANAGER)
    support = client.get("/app/audits", params={"team": "SUPPORT emea"}).text  # as the service matches
    assert listed(support) == {audits["first"].id, audits["second"].id}
    assert '<option value="Sales">' in support and '<option value="Support EMEA" selected>' in support
    assert listed(client.get("/app/audits", params={"team": "Sales"}).text) == {audits["sales"].id}
    nothing = client.get("/app/audits", params={"team": "Payments North"}).text  # another manager's team
    assert listed(nothing) == set() and "No audits of Payments North that you can see" in nothing


def test_the_report_shows_the_change_since_the_teams_previous_audit(web, audits):
    first, second = audits["first"], audits["second"]
    assert second.summary.score != first.summary.score  # else the test could not tell old from new
    body = web.client(MANAGER).get(f"/app/audits/{second.id}").text
    since = body[body.index('id="since"'):body.index("Top actions")]
    assert f"Since audit #{first.id}:" in since
    assert (f"Team score {first.summary.score} → {second.summary.score} "
            f"({second.summary.score - first.summary.score:+d})") in since
    assert "metrics now" in since and str(escape('"First-contact resolution"')) in since
    [entry] = [e for e in web.container.audits.history(team="Support EMEA", viewer=MANAGER, admin=False,
                                                        workspace_id=TEAM_ID) if e.id == second.id]
    assert all(str(escape(line)) in since for line in entry.changes[1:])  # every sentence the service wrote
    # the previous audit beside this one, linked
    assert f'<a href="/app/audits/{first.id}">#{first.id}</a>' in body
    assert f"Previous audit<strong>{first.summary.score}/100</strong>" in body
    # the first audit of the team has nothing to compare with
    older = web.client(MANAGER).get(f"/app/audits/{first.id}").text
    assert "First audit of this team." in older and "Previous audit<strong>" not in older


def test_the_report_shows_each_roles_old_and_ai_era_metric_and_the_chart(web, audits):
    second = audits["second"]
    body = web.client(MANAGER).get(f"/app/audits/{second.id}").text
    assert f"Team score<strong>{second.summary.score}/100</strong>" in body
    for r in second.roles:
        article = body[body.index(f'id="role-{r.position}"'):]
        article = article[:article.index("</article>")]
        assert str(escape(r.role)) in article and f"{r.score}/100" in article and f"rag-{r.rag}" in article
        assert str(escape(r.inputs["metrics"])) in article
        assert all(str(escape(m)) in article for m in r.recommended_metrics)
        assert all(str(escape(p)) in article for p in r.staged_plan)
    uri = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', body)
    assert uri and base64.b64decode(uri.group(1)).lstrip().startswith((b"<?xml", b"<svg"))
    table = body[body.index("<summary>Table</summary>"):]
    table = table[:table.index("</table>")]
    for r in second.roles:
        assert f"<td>{r.position}. {escape(r.role)}</td><td>{r.score}</td><td>{r.rag}</td>" in table
    assert f'href="/app/audits/{second.id}.csv"' in body


def test_the_csv_is_the_reports_one_row_per_role(web, audits):
    second = audits["second"]
    response = web.client(MANAGER).get(f"/app/audits/{second.id}.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert (response.headers["content-disposition"]
            == f'attachment; filename="incentive-audit-{second.id}-support-emea.csv"')
    rows = list(csv.reader(io.StringIO(response.text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    got = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert [(g["audit_id"], g["role"], g["score"], g["rating"]) for g in got] == [
        (str(second.id), r.role, str(r.score), r.rag) for r in second.roles]
    assert got[0]["recommended_metrics"] == "; ".join(second.roles[0].recommended_metrics)


# in the browser -----------------------------------------------------------------------------------

def test_a_manager_filters_the_list_and_reads_a_report_in_the_browser(web, audits, page):
    web.sign_in(page, MANAGER, "/app/audits")
    assert page.url == web.url + "/app/audits"
    rows = page.locator("table.audit-list tbody tr")
    assert rows.count() == 3
    web.shot(page, "audits-manager")
    page.get_by_label("Team").select_option("Sales")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/app/audits?team=Sales")
    assert rows.count() == 1 and "Sales" in rows.first.inner_text()
    page.get_by_label("Team").select_option("Support EMEA")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/app/audits?team=Support+EMEA")
    assert rows.count() == 2
    page.get_by_role("link", name=f"#{audits['second'].id}", exact=True).click()
    page.wait_for_url(f"**/app/audits/{audits['second'].id}")
    assert page.get_by_role("heading", name=re.compile("Change since the team's previous audit")).is_visible()
    assert page.get_by_text(f"Since audit #{audits['first'].id}:").is_visible()
    chart = page.locator("figure.chart")
    assert chart.locator("img").evaluate("img => img.naturalWidth") > 0  # the SVG drew
    table = chart.locator("table")
    assert not table.is_visible()
    chart.get_by_text("Table", exact=True).click()
    assert table.is_visible() and table.locator("tbody tr").count() == len(audits["second"].roles)
    assert chart.get_by_role("link", name="Download CSV").get_attribute("href") == \
        f"/app/audits/{audits['second'].id}.csv"
    web.shot(page, "audit-report-manager")
