"""Microsoft Graph pulls against the fake: the Copilot usage report and Entra users across pages, the
client-credentials token fetched once and reused, refusals naming the settings, bad rows named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.adoption.pulls import pull
from bot.adoption.pulls.graph import GraphPull
from bot.adoption.records import EMAIL, Activity
from bot.config import Settings
from bot.errors import UserError
from tests.adoption.fake_vendors import (
    CLIENT_ID,
    FIXTURES,
    GRAPH_CLIENT_SECRET,
    GRAPH_TOKEN,
)

REPORT = "/beta/reports/getMicrosoft365CopilotUsageUserDetail(period='D7')"


def test_the_usage_report_is_read_across_its_next_links(fake, http):
    report = GraphPull(fake.settings(), http).copilot_usage()
    requests = fake.seen("graph-report")
    assert [r.path for r in requests] == [REPORT] * 3  # five rows, two a page
    assert [r.query.get("$skiptoken") for r in requests] == [None, "2", "4"]
    assert all(r.query["$format"] == "application/json" for r in requests)
    assert report.rows == 5 and len(report.licences) == 5
    assert Activity("eli.moreau@example.com", EMAIL, "m365-copilot", date(2026, 11, 30)) in report.activities
    assert {a.identity for a in report.activities} == {"ana.lopez@example.com", "ben.okafor@example.com",
                                                      "dara.singh@example.com", "eli.moreau@example.com"}


def test_the_app_token_is_fetched_once_and_reused(fake, http):
    graph = GraphPull(fake.settings(), http)
    graph.copilot_usage()
    graph.users()
    (sign_in,) = fake.seen("graph-token")
    assert sign_in.method == "POST" and sign_in.path == "/contoso.onmicrosoft.com/oauth2/v2.0/token"
    assert sign_in.form == {"client_id": CLIENT_ID, "client_secret": GRAPH_CLIENT_SECRET,
                            "scope": "https://graph.microsoft.com/.default", "grant_type": "client_credentials"}
    assert "authorization" not in sign_in.headers
    calls = fake.seen("graph-report") + fake.seen("graph-users")
    assert len(calls) == 6 and {r.headers["authorization"] for r in calls} == {"Bearer graph-app-token-1"}


def test_an_app_token_near_its_expiry_is_fetched_again(fake, http):
    fake.token_lifetime = 60  # inside the renewal margin
    graph = GraphPull(fake.settings(), http)
    graph.users()
    graph.users()
    assert fake.issued == ["graph-app-token-1", "graph-app-token-2"]
    assert fake.seen("graph-users")[-1].headers["authorization"] == "Bearer graph-app-token-2"


def test_a_ready_token_is_used_as_given(fake, http):
    GraphPull(fake.settings(graph_token=GRAPH_TOKEN), http).copilot_usage()
    assert fake.seen("graph-token") == []
    assert {r.headers["authorization"] for r in fake.seen("graph-report")} == {f"Bearer {GRAPH_TOKEN}"}


def test_users_are_read_across_pages_with_the_fields_the_directory_needs(fake, http):
    people = GraphPull(fake.settings(), http).users()
    first = fake.seen("graph-users")[0]
    assert first.path == "/v1.0/users" and first.query["$top"] == "999"
    assert set(first.query["$select"].split(",")) >= {"mail", "userPrincipalName", "displayName", "department",
                                                      "officeLocation", "accountEnabled"}
    assert len(fake.seen("graph-users")) == 3
    assert [(p.email, p.department, p.location) for p in people.people] == [
        ("ana.lopez@example.com", "Finance", "Madrid"), ("ben.okafor@example.com", "Engineering", "Lagos"),
        ("chen.wei@example.com", "Engineering", "Singapore"), ("dara.singh@example.com", "Sales", "London")]
    assert people.skipped == 2  # the room (no mail, no department) and the disabled leaver


def test_a_person_on_two_pages_is_an_error(fake, http):
    fake.page_size = 3
    page = json.loads((FIXTURES / "m365-copilot" / "entra-users.json").read_text())
    fake.fail("graph-users", 200, body={"value": page["value"][:2],
                                        "@odata.nextLink": f"{fake.api_url}/v1.0/users?$skiptoken=1"})
    with pytest.raises(UserError, match=r"^Microsoft Entra users, page 2: ben\.okafor@example\.com is also on "
                                        r"page 1$"):
        GraphPull(fake.settings(), http).users()


def test_a_wrong_client_secret_names_the_app_settings(fake, http):
    with pytest.raises(UserError) as caught:
        GraphPull(fake.settings(graph_client_secret="not-the-secret"), http).copilot_usage()
    assert str(caught.value) == (
        "Microsoft sign-in refused COACH_GRAPH_TENANT_ID, COACH_GRAPH_CLIENT_ID and COACH_GRAPH_CLIENT_SECRET "
        "(401 Unauthorized, invalid_client): check the tenant id, the app's client id and its secret value "
        "(not the secret's id).")
    assert fake.seen("graph-report") == []


def test_a_refused_token_names_the_setting(fake, http):
    with pytest.raises(UserError) as caught:
        GraphPull(fake.settings(graph_token="expired-token-1234"), http).copilot_usage()
    assert str(caught.value) == ("Microsoft Graph refused COACH_GRAPH_TOKEN (401 Unauthorized): it needs the "
                                 "Reports.Read.All permission, granted with admin consent.")


def test_an_app_without_the_permission_is_told_which(fake, http):
    fake.fail("graph-users", 403, body={"error": {"code": "Authorization_RequestDenied",
                                                  "message": "Insufficient privileges to complete the operation."}})
    with pytest.raises(UserError) as caught:
        GraphPull(fake.settings(), http).users()
    assert str(caught.value) == ("Microsoft Graph refused the app of COACH_GRAPH_CLIENT_ID (403 Forbidden): it needs "
                                 "the User.Read.All permission, granted with admin consent.")


def test_a_bad_row_is_named_with_its_page(fake, http):
    fake.malformed.add("graph-report")
    with pytest.raises(UserError) as caught:
        GraphPull(fake.settings(), http).copilot_usage()
    message = str(caught.value)
    assert message.startswith("Microsoft 365 Copilot usage report, page 1: row 2, wordCopilotLastActivityDate:")
    assert "'last Tuesday'" in message


def test_a_report_with_concealed_names_says_how_to_show_them(fake, http):
    fake.fail("graph-report", 200, body=(FIXTURES / "m365-copilot" / "usage-user-detail.json").read_text())
    with pytest.raises(UserError, match="conceals user names"):
        GraphPull(fake.settings(), http).copilot_usage()


def test_an_unknown_period_is_refused_before_any_request(fake, http):
    with pytest.raises(UserError, match=r"^unknown Microsoft 365 report period 'D14': use one of D7, D30"):
        GraphPull(fake.settings(), http).copilot_usage("D14")
    assert fake.requests == []


def test_missing_settings_name_what_to_set(http):
    with pytest.raises(UserError, match=r"^Microsoft Graph is not set up: set COACH_GRAPH_CLIENT_SECRET "
                                        r"\(or COACH_GRAPH_TOKEN\)$"):
        GraphPull(Settings(graph_tenant_id="t", graph_client_id="c"), http)


def test_pull_reads_the_d7_report(fake, http):
    report = pull("m365-copilot", fake.settings(), date(2026, 11, 30), http)
    assert report.rows == 5 and len(report.activities) == 7
    assert fake.seen("graph-report")[0].path == REPORT
