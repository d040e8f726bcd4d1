"""What the listeners need, built once by the composition root (bot.container.Container.slack_deps)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.config import Settings
from bot.conversations.service import ConversationService
from bot.feedback.service import FeedbackService
from bot.roles.service import RoleService
from bot.slack.people import GroupRoles, Profiles
from bot.tenancy import Tenant, tenant_of
from bot.usage.service import UsageService

if TYPE_CHECKING:  # annotations only: the container builds these, and importing them here is slow (numpy, LangChain)
    from bot.adoption.services import AdoptionServices
    from bot.answers.teaching import TeachService
    from bot.audit.service import AuditService
    from bot.kpis.services import KpiServices
    from bot.slack.survey_delivery import SurveyJobs
    from bot.surveys.service import SurveyService


@dataclass
class SlackDeps:
    settings: Settings
    conversations: ConversationService
    feedback: FeedbackService
    usage: UsageService
    roles: RoleService
    profiles: Profiles
    groups: GroupRoles
    surveys: SurveyService
    survey_jobs: SurveyJobs
    kpis: KpiServices
    audits: AuditService
    teaching: TeachService
    adoption: AdoptionServices | None = None  # adoption from the AI tools (`/kpi adoption`, App Home)

    def roles_of(self, client: WebClient, user_id: str) -> frozenset[str]:
        extra = self.groups.roles_of(client, user_id) if self.groups.groups_by_role else set()
        return self.roles.roles_of(user_id, extra)

    def allowed(self, client: WebClient, user_id: str, role: str) -> bool:
        return self.roles.allows(self.roles_of(client, user_id), role)

    def tenant(self, context: BoltContext) -> Tenant:
        """Whose data this request may see and change: its own workspace in a multi-workspace install."""
        return tenant_of(self.settings.multi_workspace, context.team_id, context.enterprise_id)
