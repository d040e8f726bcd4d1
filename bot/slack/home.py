"""Publishing App Home for one person, with the sections their roles open, over the data of the workspace
the Home tab is opened in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_sdk import WebClient

from bot.errors import UserError
from bot.roles.service import ADMIN, HR, MANAGER, RoleService
from bot.slack.blocks.adoption import AdoptionHome
from bot.slack.blocks.home import HomeData, home_view
from bot.slack.deps import SlackDeps
from bot.tenancy import Tenant, tenant_of

if TYPE_CHECKING:
    from bot.adoption.services import AdoptionServices

REPORT_DAYS = 30


def home_data(deps: SlackDeps, client: WebClient, user_id: str, workspace_id: str | None = None,
              tenant: Tenant | None = None) -> HomeData:
    """``workspace_id``: the workspace the home is opened in; incentive audits of other workspaces stay out.
    ``tenant``: whose questions, feedback, surveys and nudges it shows (default: ``workspace_id``'s)."""
    if tenant is None:
        tenant = tenant_of(deps.settings.multi_workspace, workspace_id)
    roles = deps.roles_of(client, user_id)
    data = HomeData(user_id, roles, deps.settings.human_contact,
                    recent=deps.usage.recent_questions(user_id, 5, tenant))
    if RoleService.allows(roles, MANAGER):
        data.usage = deps.usage.summary(REPORT_DAYS, tenant)
        if deps.audits is not None:
            data.audits = deps.audits.history(viewer=user_id, admin=ADMIN in roles, workspace_id=workspace_id,
                                              limit=5)
    if deps.adoption is not None and (RoleService.allows(roles, MANAGER) or RoleService.allows(roles, HR)):
        data.adoption = adoption_home(deps.adoption, tenant)
    if RoleService.allows(roles, HR):
        data.tools = deps.feedback.tools(REPORT_DAYS, tenant=tenant)
        data.surveys = deps.surveys.overview(tenant=tenant) if deps.surveys is not None else None
    web = deps.settings.web_base
    if web and any(RoleService.allows(roles, role) for role in (MANAGER, HR)):  # each opens a dashboard page
        data.dashboard = web + "/app"
    if ADMIN in roles:
        data.gaps = deps.feedback.gaps(REPORT_DAYS, tenant=tenant)
        data.role_count = len(deps.roles.entries())
        data.nudges = deps.kpis.schedules.states(tenant=tenant) if deps.kpis is not None else None
    return data


def adoption_home(adoption: AdoptionServices, tenant: Tenant) -> AdoptionHome | None:
    """The adoption section's data; None (no section) until a directory or a usage report was imported."""
    sources = adoption.ledger.sources(tenant=tenant)
    if not sources:
        return None
    try:
        snapshot = adoption.figures.show(None, tenant=tenant)
    except UserError:  # no directory yet
        return AdoptionHome(None, sources)
    home = AdoptionHome(snapshot, sources)
    if snapshot.rollup.released:
        survey, rows = adoption.summary.intent_beside_use(snapshot.period, tenant=tenant)
        if survey is not None:
            home.intents, home.survey = rows, survey.title
    return home


def publish_home(deps: SlackDeps, client: WebClient, user_id: str, workspace_id: str | None = None,
                 tenant: Tenant | None = None) -> dict:
    view = home_view(home_data(deps, client, user_id, workspace_id, tenant))
    client.views_publish(user_id=user_id, view=view)
    return view
