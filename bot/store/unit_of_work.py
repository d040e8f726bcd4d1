"""Unit of work (Cosmic Python): one transaction, its repositories, commit or roll back together."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from bot.store.adoption_repository import AdoptionRepository
from bot.store.audit_repository import AuditRepository
from bot.store.conversation_repository import ProcessedEventRepository, TurnRepository
from bot.store.feedback_repository import FeedbackRepository
from bot.store.knowledge_repository import DocumentRepository, MetaRepository
from bot.store.kpi_repository import KpiRepository
from bot.store.question_repository import QuestionRepository
from bot.store.role_repository import RoleRepository
from bot.store.survey_repository import OutboxRepository, SurveyRepository
from bot.store.usage_repository import RateHitRepository, UsageRepository


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._factory = session_factory

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        self.documents = DocumentRepository(self.session)
        self.meta = MetaRepository(self.session)
        self.questions = QuestionRepository(self.session)
        self.events = ProcessedEventRepository(self.session)
        self.turns = TurnRepository(self.session)
        self.usage = UsageRepository(self.session)
        self.rate_hits = RateHitRepository(self.session)
        self.feedback = FeedbackRepository(self.session)
        self.roles = RoleRepository(self.session)
        self.audits = AuditRepository(self.session)
        self.surveys, self.survey_outbox = SurveyRepository(self.session), OutboxRepository(self.session)
        self.kpis = KpiRepository(self.session)
        self.adoption = AdoptionRepository(self.session)
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is not None:
            self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
