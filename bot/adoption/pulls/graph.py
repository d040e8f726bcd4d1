"""Microsoft Graph: the Microsoft 365 Copilot usage user-detail report and the Entra users, page by page.

The token is COACH_GRAPH_TOKEN as given, or an app-only token from the app registration's client
credentials (COACH_GRAPH_TENANT_ID, COACH_GRAPH_CLIENT_ID, COACH_GRAPH_CLIENT_SECRET), fetched from the
Microsoft identity platform and reused until shortly before it expires. The app needs the Reports.Read.All
and User.Read.All application permissions, with admin consent."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bot.adoption.directory_files import EntraPeople, parse_entra
from bot.adoption.pulls.http import Credential, Http
from bot.adoption.records import Report
from bot.adoption.sources import m365
from bot.errors import UserError

if TYPE_CHECKING:
    from bot.config import Settings

SCOPE = "https://graph.microsoft.com/.default"
PERIODS = ("D7", "D30", "D90", "D180", "ALL")  # the report's documented periods
REPORT_PATH = "/beta/reports/getMicrosoft365CopilotUsageUserDetail(period='{period}')"
USERS_PATH = "/v1.0/users"
# accountEnabled too: parse_entra skips disabled accounts (leavers)
USER_FIELDS = "mail,userPrincipalName,displayName,department,officeLocation,accountEnabled"
EXPIRY_MARGIN = 120.0  # seconds: an app token is renewed this long before it expires
REPORTS_ADVICE = "it needs the Reports.Read.All permission, granted with admin consent"
USERS_ADVICE = "it needs the User.Read.All permission, granted with admin consent"
APP_SETTINGS = ("COACH_GRAPH_TENANT_ID", "COACH_GRAPH_CLIENT_ID", "COACH_GRAPH_CLIENT_SECRET")


def missing(settings: Settings) -> str | None:
    """Why Graph cannot be called with these settings (one line naming what to set), or None."""
    if settings.graph_token:
        return None
    unset = [name for name, value in zip(APP_SETTINGS, (settings.graph_tenant_id, settings.graph_client_id,
                                                        settings.graph_client_secret), strict=True) if not value]
    if not unset:
        return None
    if len(unset) == len(APP_SETTINGS):
        return f"set COACH_GRAPH_TOKEN, or {', '.join(APP_SETTINGS[:-1])} and {APP_SETTINGS[-1]}"
    return f"set {' and '.join(unset)} (or COACH_GRAPH_TOKEN)"


def _next_link(data: Any, _response) -> tuple[str, None] | None:
    link = data.get("@odata.nextLink") if isinstance(data, dict) else None
    return (link, None) if isinstance(link, str) and link else None


class GraphPull:
    """Reads Microsoft 365 Copilot usage and the directory's users from Microsoft Graph."""

    def __init__(self, settings: Settings, http: Http | None = None):
        if reason := missing(settings):
            raise UserError(f"Microsoft Graph is not set up: {reason}")
        self.settings = settings
        self.http = http or Http()
        self.graph_url = settings.graph_url.rstrip("/")
        self._app_token: str | None = None
        self._renew_at = 0.0  # time.monotonic() after which the app token is fetched again

    def copilot_usage(self, period: str = "D7") -> Report:
        """The Microsoft 365 Copilot usage user-detail report for ``period`` (the last refresh), all pages."""
        if period not in PERIODS:
            raise UserError(f"unknown Microsoft 365 report period {period!r}: use one of {', '.join(PERIODS)}")
        url = self.graph_url + REPORT_PATH.format(period=period)
        report = Report()
        credential = self._credential(REPORTS_ADVICE)
        for number, (_data, response) in enumerate(
                self.http.pages(url, credential, _next_link, params={"$format": "application/json"}), 1):
            try:
                report.extend(m365.parse(response.text))
            except UserError as exc:
                raise UserError(f"Microsoft 365 Copilot usage report, page {number}: {exc}") from None
        return report

    def users(self) -> EntraPeople:
        """Every user of the directory with mail, department, office and whether the account is enabled
        (Entra ``/users``), all pages: the people, and how many accounts were skipped (no mail or department,
        or disabled)."""
        params = {"$select": USER_FIELDS, "$top": "999"}
        result, pages_of = EntraPeople(), {}
        credential = self._credential(USERS_ADVICE)
        for number, (_data, response) in enumerate(
                self.http.pages(self.graph_url + USERS_PATH, credential, _next_link, params=params), 1):
            try:
                page = parse_entra(response.text)
            except UserError as exc:
                raise UserError(f"Microsoft Entra users, page {number}: {exc}") from None
            for person in page.people:
                if person.email in pages_of:  # each page is checked alone: check across pages too
                    raise UserError(f"Microsoft Entra users, page {number}: {person.email} is also on page "
                                    f"{pages_of[person.email]}")
                pages_of[person.email] = number
            result.people.extend(page.people)
            result.skipped += page.skipped
        return result

    # the token ----------------------------------------------------------------------------------
    def _credential(self, advice: str) -> Credential:
        if self.settings.graph_token:
            token, setting = self.settings.graph_token.get_secret_value(), "COACH_GRAPH_TOKEN"
        else:
            token, setting = self._token(), "the app of COACH_GRAPH_CLIENT_ID"
        return Credential("Microsoft Graph", setting, self.graph_url, {"Authorization": f"Bearer {token}"}, advice)

    def _token(self) -> str:
        """An app-only token from the client credentials, fetched once and reused until near its expiry."""
        if self._app_token is not None and time.monotonic() < self._renew_at:
            return self._app_token
        settings = self.settings
        login_url = settings.graph_login_url.rstrip("/")
        secret = settings.graph_client_secret.get_secret_value()
        sign_in = Credential(
            "Microsoft sign-in", f"{', '.join(APP_SETTINGS[:-1])} and {APP_SETTINGS[-1]}", login_url,
            advice="check the tenant id, the app's client id and its secret value (not the secret's id)",
            refusals=frozenset({400, 401}))
        answer = self.http.post_json(f"{login_url}/{quote(settings.graph_tenant_id, safe='')}/oauth2/v2.0/token",
                                     sign_in, data={"client_id": settings.graph_client_id, "client_secret": secret,
                                                    "scope": SCOPE, "grant_type": "client_credentials"})
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise UserError("Microsoft sign-in answered without an access_token: check COACH_GRAPH_LOGIN_URL")
        try:
            lifetime = float(answer.get("expires_in", 0))
        except (TypeError, ValueError):
            lifetime = 0.0  # no usable lifetime: fetch a new token next time
        self._app_token, self._renew_at = token, time.monotonic() + lifetime - EXPIRY_MARGIN
        return token
