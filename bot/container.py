"""The composition root: builds every service once, lazily, from one Settings object.

Slack listeners and CLI commands both get their services from here, so the same code answers in both.
"""

from __future__ import annotations

import logging
from functools import cached_property

from sqlalchemy.orm import sessionmaker

from bot.answers.llm import LLMAnswerer, build_chat_model
from bot.answers.scope import ScopeGuard
from bot.answers.service import AnswerPolicy, AnswerService
from bot.config import Settings
from bot.ingest.indexer import Indexer
from bot.retrieval.embeddings import LocalEmbeddings
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.lexical import TermAnalyzer, LexicalIndex
from bot.retrieval.vectors import VectorIndex
from bot.store import db
from bot.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class Container:
    def __init__(self, settings: Settings, chat_model=None):
        self.settings = settings
        self._chat_model = chat_model  # tests inject LangChain fake chat models here

    # storage ------------------------------------------------------------------------------------
    @cached_property
    def engine(self):
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return db.make_engine(self.settings.db_url)

    @cached_property
    def session_factory(self):
        db.require_migrated(self.engine)
        return sessionmaker(self.engine, expire_on_commit=False)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def migrate(self) -> None:
        db.upgrade(self.engine, self.settings.db_url)

    # retrieval ----------------------------------------------------------------------------------
    @cached_property
    def embeddings(self) -> LocalEmbeddings:
        return LocalEmbeddings()

    @cached_property
    def analyzer(self) -> TermAnalyzer:
        return TermAnalyzer()

    @cached_property
    def vectors(self) -> VectorIndex:
        s = self.settings
        return VectorIndex(self.embeddings, s.chroma_dir, s.chroma_url, s.chroma_collection)

    @cached_property
    def lexical(self) -> LexicalIndex:
        return LexicalIndex(self.settings.bm25_dir, self.analyzer)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.vectors, self.lexical, self.unit_vectors, self.settings.candidates,
                               self.settings.rrf_k)

    def unit_vectors(self, chunk_ids):
        with self.uow() as uow:
            return uow.documents.unit_vectors(chunk_ids)

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.uow, self.vectors, self.lexical, self.settings.chunk_size, self.settings.chunk_overlap)

    # answering ----------------------------------------------------------------------------------
    @cached_property
    def llm(self) -> LLMAnswerer | None:
        model = self._chat_model
        if model is None and self.settings.llm:
            key = self.settings.llm_api_key.get_secret_value() if self.settings.llm_api_key else None
            model = build_chat_model(self.settings.llm, self.settings.llm_base_url, key,
                                     self.settings.llm_temperature)
        return LLMAnswerer(model) if model is not None else None

    @cached_property
    def answers(self) -> AnswerService:
        s = self.settings
        policy = AnswerPolicy(s.min_confidence, s.top_k, s.max_answer_sentences, s.human_contact, s.it_contact)
        return AnswerService(self.retriever, self.uow, ScopeGuard(self.embeddings), self.analyzer, policy, self.llm)

    # conversations, feedback, usage and roles (Slack app and CLI) --------------------------------
    @cached_property
    def rate_limiter(self):
        from bot.usage.rate_limit import RateLimiter

        return RateLimiter(self.uow, self.settings.rate_limit_questions, self.settings.rate_limit_window_seconds)

    @cached_property
    def conversations(self):
        from bot.conversations.service import ConversationService

        metrics = self.metrics
        return ConversationService(self.answers, self.uow, self.rate_limiter,
                                   on_answer=lambda asked, answer: metrics.answer(asked.surface, answer.answered,
                                                                                  answer.latency_ms))

    @cached_property
    def feedback(self):
        from bot.feedback.service import FeedbackService

        return FeedbackService(self.uow, on_feedback=self.metrics.feedback_given)

    @cached_property
    def usage(self):
        from bot.usage.service import UsageService

        return UsageService(self.uow)

    @cached_property
    def roles(self):
        from bot.roles.service import ADMIN, HR, MANAGER, RoleService

        s = self.settings
        return RoleService(self.uow, {ADMIN: s.admins, HR: s.hr, MANAGER: s.managers})

    # observability: Prometheus metrics of this process (GET /metrics) and its readiness (GET /readyz) ------
    @cached_property
    def metrics(self):
        from bot.conversations.service import SURFACES
        from bot.observability.metrics import Metrics

        metrics = Metrics(surfaces=SURFACES)
        metrics.watch_outbox(self.survey_outbox_backlog)
        return metrics

    def survey_outbox_backlog(self) -> int:
        with self.uow() as uow:
            counts = uow.survey_outbox.counts()
        return counts.get("pending", 0) + counts.get("sending", 0)

    @cached_property
    def readiness(self):
        from bot.observability.readiness import Readiness

        return Readiness(self)

    # KPIs, OKRs and nudges; the in-process scheduler they (and others) register jobs with ---------
    @cached_property
    def scheduler(self):
        from bot.scheduler import Scheduler

        return Scheduler()

    @cached_property
    def kpis(self):
        from bot.kpis.services import build_kpi_services

        s = self.settings
        return build_kpi_services(self.uow, s.kpi_catalog, lambda query: self.answers.passages(query),
                                  tolerance=s.okr_pace_tolerance, surveys=self.surveys)

    # incentive audits ----------------------------------------------------------------------------
    @cached_property
    def audit_catalog(self):
        from bot.audit.catalog import load_catalog

        return load_catalog(self.settings.audit_catalog_dir)

    @cached_property
    def audits(self):
        from bot.audit.engine import AuditEngine
        from bot.audit.service import AuditService
        from bot.audit.suggest import Suggester

        def engine() -> AuditEngine:
            use_llm = self.settings.audit_llm_suggestions and self.llm is not None
            return AuditEngine(self.audit_catalog, self.embeddings, passages=self.answers.passages,
                               suggester=Suggester(self.llm.model) if use_llm else None)

        return AuditService(self.uow, engine)

    # surveys -------------------------------------------------------------------------------------
    @cached_property
    def surveys(self):
        from bot.surveys.outbox import OutboxSender
        from bot.surveys.service import SurveyService
        from bot.surveys.templates import DEFAULT_DIR, TemplateLibrary

        s = self.settings
        sender = OutboxSender(self.uow, s.survey_outbox_lease_seconds, workers=s.survey_send_workers)
        return SurveyService(self.uow, TemplateLibrary(s.survey_templates_dir or DEFAULT_DIR), s.survey_min_responses,
                             sender)

    @cached_property
    def profiles(self):
        """Departments from Slack profiles, one cache per process: answers, survey answers and KPI nudges share it."""
        from bot.slack.people import Profiles

        return Profiles(self.settings.department_field)

    @cached_property
    def survey_jobs(self):
        """Survey DMs through Slack and the periodic survey job (the Slack app, and `coach survey launch --send`)."""
        from bot.slack.survey_delivery import SurveyJobs, client_factory

        return SurveyJobs(self.surveys, client_factory(self), self.settings.survey_tick_seconds)
