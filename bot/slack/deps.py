"""What the listeners need, built once from the container."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.config import Settings
from bot.container import Container
from bot.conversations.service import ConversationService
from bot.feedback.service import FeedbackService
from bot.roles.service import ADMIN, HR, MANAGER, RoleService
from bot.slack.people import GroupRoles, Profiles
from bot.usage.service import UsageService


@dataclass
class SlackDeps:
    settings: Settings
    conversations: ConversationService
    feedback: FeedbackService
    usage: UsageService
    roles: RoleService
    profiles: Profiles
    groups: GroupRoles
    surveys: object = None  # bot.surveys.service.SurveyService
    survey_jobs: object = None  # bot.slack.survey_delivery.SurveyJobs
    kpis: object = None  # bot.kpis.services.KpiServices
    audits: object = None  # bot.audit.service.AuditService

    @classmethod
    def from_container(cls, c: Container) -> SlackDeps:
        s = c.settings
        return cls(s, c.conversations, c.feedback, c.usage, c.roles, c.profiles,
                   GroupRoles({ADMIN: s.admin_groups, HR: s.hr_groups, MANAGER: s.manager_groups}),
                   surveys=c.surveys, survey_jobs=c.survey_jobs, kpis=c.kpis,
                   audits=c.audits)

    def roles_of(self, client: WebClient, user_id: str) -> frozenset[str]:
        extra = self.groups.roles_of(client, user_id) if self.groups.groups_by_role else set()
        return self.roles.roles_of(user_id, extra)

    def allowed(self, client: WebClient, user_id: str, role: str) -> bool:
        return self.roles.allows(self.roles_of(client, user_id), role)
