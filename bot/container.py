"""The composition root: builds every service once, lazily, from one Settings object.

Slack listeners and CLI commands both get their services from here, so the same code answers in both. It
also owns what a bot process runs with: the Slack workspaces (one installation store, a client per team),
the timed jobs (jobs()) and the objects `coach run` serves with (slack_process()); bot/slack gets those
built objects, never the container.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.answers.calibration import Calibration
from bot.answers.llm import LLMAnswerer, build_chat_model
from bot.answers.scope import ScopeGuard
from bot.answers.service import AnswerPolicy, AnswerService
from bot.answers.teaching import TeachService
from bot.config import Settings
from bot.ingest.indexer import Indexer
from bot.retrieval.embeddings import LocalEmbeddings
from bot.retrieval.examples import Examples
from bot.retrieval.hybrid import HybridRetriever
from bot.retrieval.lexical import LexicalIndex, TermAnalyzer
from bot.retrieval.questions import QuestionIndex
from bot.retrieval.vectors import VectorIndex
from bot.store import db
from bot.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # each feature is imported where it is built, so a CLI command loads only what it uses
    from bot.adoption.services import AdoptionServices
    from bot.audit.catalog import Catalog
    from bot.audit.service import AuditService
    from bot.conversations.service import ConversationService
    from bot.feedback.service import FeedbackService
    from bot.kpis.nudge_jobs import NudgeJobs
    from bot.kpis.services import KpiServices
    from bot.observability.metrics import Metrics
    from bot.observability.readiness import Readiness
    from bot.roles.service import RoleService
    from bot.scheduler import Job, Scheduler
    from bot.slack.answer_queue import AnswerQueue
    from bot.slack.deps import SlackDeps
    from bot.slack.people import Profiles
    from bot.slack.runner import SlackProcess
    from bot.slack.survey_delivery import SurveyJobs
    from bot.slack.workspaces import Workspaces
    from bot.surveys.service import SurveyService
    from bot.usage.rate_limit import RateLimiter
    from bot.usage.service import UsageService
    from bot.web.deps import WebDeps
    from bot.web.reindex import ReindexRunner

log = logging.getLogger(__name__)


class _Lazy:
    """An object built on first use (breaks a construction cycle: the adoption services need the KPI
    services, whose nudges show adoption)."""

    def __init__(self, build):
        self._build = build

    def __getattr__(self, name):
        return getattr(self._build(), name)


class Container:
    def __init__(self, settings: Settings, chat_model=None):
        self.settings = settings
        self._chat_model = chat_model  # tests inject LangChain fake chat models here

    # storage ------------------------------------------------------------------------------------
    @cached_property
    def engine(self) -> Engine:
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        return db.make_engine(self.settings.db_url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        db.require_migrated(self.engine)
        return sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        """Release what this container opened: the database's pooled connections and the Chroma client. A
        command calls it when it ends (bot.cli.main), and tests for every container they build: one process
        that built hundreds of containers without it ran out of file descriptors at a limit of 1024. Built
        services stay usable; they open what they need again."""
        vectors = self.__dict__.get("vectors")
        if vectors is not None:
            vectors.close()
        engine = self.__dict__.get("engine")
        if engine is not None:
            engine.dispose()

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
                               self.settings.rrf_k, self.questions)

    @cached_property
    def questions(self) -> QuestionIndex:
        return QuestionIndex(self.uow, Examples.load())

    @cached_property
    def teaching(self) -> TeachService:
        return TeachService(self.uow, self.indexer, self.questions, self.embeddings, self.refresh_index)

    def refresh_index(self) -> bool:
        """Catch up with the database: the BM25 index and the question index (an ingest or a lesson taught on
        another replica). True when either was re-built."""
        lexical = self.indexer.refresh_lexical()
        return self.questions.refresh() or lexical

    def unit_vectors(self, chunk_ids):
        with self.uow() as uow:
            return uow.documents.unit_vectors(chunk_ids)

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.uow, self.vectors, self.lexical, self.settings.chunk_size, self.settings.chunk_overlap,
                       on_change=self.questions.refresh)

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
        return AnswerService(self.retriever, self.uow, ScopeGuard(self.embeddings), self.analyzer, policy, self.llm,
                             Calibration.load())

    # conversations, feedback, usage and roles (Slack app and CLI) --------------------------------
    @cached_property
    def rate_limiter(self) -> RateLimiter:
        from bot.usage.rate_limit import RateLimiter

        return RateLimiter(self.uow, self.settings.rate_limit_questions, self.settings.rate_limit_window_seconds)

    @cached_property
    def conversations(self) -> ConversationService:
        from bot.conversations.service import ConversationService

        metrics = self.metrics
        return ConversationService(self.answers, self.uow, self.rate_limiter,
                                   on_answer=lambda asked, answer: metrics.answer(asked.surface, answer.answered,
                                                                                  answer.latency_ms),
                                   claim_lease=timedelta(seconds=self.settings.event_lease_seconds))

    @cached_property
    def feedback(self) -> FeedbackService:
        from bot.feedback.service import FeedbackService

        return FeedbackService(self.uow, on_feedback=self.metrics.feedback_given)

    @cached_property
    def usage(self) -> UsageService:
        from bot.usage.service import UsageService

        return UsageService(self.uow)

    @cached_property
    def roles(self) -> RoleService:
        from bot.roles.service import ADMIN, HR, MANAGER, RoleService

        s = self.settings
        return RoleService(self.uow, {ADMIN: s.admins, HR: s.hr, MANAGER: s.managers})

    # observability: Prometheus metrics of this process (GET /metrics) and its readiness (GET /readyz) ------
    @cached_property
    def metrics(self) -> Metrics:
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
    def readiness(self) -> Readiness:
        from bot.observability.readiness import Readiness

        return Readiness(self)

    # KPIs, OKRs and nudges; the in-process scheduler they (and others) register jobs with ---------
    @cached_property
    def scheduler(self) -> Scheduler:
        from bot.scheduler import Scheduler

        scheduler = Scheduler()
        scheduler.on_job_done(self.metrics.job_done)  # coach_scheduled_jobs_total
        return scheduler

    @cached_property
    def kpis(self) -> KpiServices:
        from bot.kpis.services import build_kpi_services

        s = self.settings
        services = build_kpi_services(self.uow, s.kpi_catalog, lambda query: self.answers.passages(query),
                                      tolerance=s.okr_pace_tolerance, surveys=self.surveys,
                                      multi_workspace=s.multi_workspace,
                                      tools_measure=lambda period, tenant: self.adoption.figures.has_data(
                                          period, tenant=tenant))
        services.nudges.adoption = _Lazy(lambda: self.adoption.summary)  # adoption needs kpis: built on first use
        return services

    # adoption from the AI tools ------------------------------------------------------------------
    @cached_property
    def adoption(self) -> AdoptionServices:
        from bot.adoption.services import build_adoption_services

        return build_adoption_services(self.uow, self.kpis.measurements, self.kpis.catalog, self.settings)

    # incentive audits ----------------------------------------------------------------------------
    @cached_property
    def audit_catalog(self) -> Catalog:
        from bot.audit.catalog import load_catalog

        return load_catalog(self.settings.audit_catalog_dir)

    @cached_property
    def audits(self) -> AuditService:
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
    def surveys(self) -> SurveyService:
        from bot.surveys.outbox import OutboxSender
        from bot.surveys.service import SurveyService
        from bot.surveys.templates import DEFAULT_DIR, TemplateLibrary

        s = self.settings
        sender = OutboxSender(self.uow, s.survey_outbox_lease_seconds, workers=s.survey_send_workers)
        return SurveyService(self.uow, TemplateLibrary(s.survey_templates_dir or DEFAULT_DIR), s.survey_min_responses,
                             sender)

    @cached_property
    def profiles(self) -> Profiles:
        """Departments from Slack profiles, one cache per process: answers, survey answers and KPI nudges share it."""
        from bot.slack.people import Profiles

        return Profiles(self.settings.department_field)

    @cached_property
    def survey_jobs(self) -> SurveyJobs:
        """Survey DMs through Slack and the periodic survey job (the Slack app, and `coach survey launch --send`)."""
        from bot.slack.survey_delivery import SurveyJobs

        return SurveyJobs(self.surveys, self.workspaces.client_for, self.settings.survey_tick_seconds, self.scheduler)

    # Slack: the workspaces, the listeners' services, the timed jobs and what `coach run` serves with ---------
    @cached_property
    def workspaces(self) -> Workspaces:
        """The one installation store and a Web API client per workspace (OAuth settings, surveys, nudges)."""
        from bot.slack.workspaces import Workspaces

        if self.settings.slack_client_id:
            self.session_factory  # noqa: B018 -- the installation store's tables: refuses an unmigrated database
        return Workspaces(self.settings, self.engine)

    @cached_property
    def answer_queue(self) -> AnswerQueue:
        """Answers and other slow work after Slack's ack, on threads of their own; drained on SIGTERM."""
        from bot.slack.app import new_answer_queue

        return new_answer_queue(self.settings)

    @cached_property
    def slack_deps(self) -> SlackDeps:
        from bot.roles.service import ADMIN, HR, MANAGER
        from bot.slack.deps import SlackDeps
        from bot.slack.people import GroupRoles

        s = self.settings
        return SlackDeps(s, self.conversations, self.feedback, self.usage, self.roles, self.profiles,
                         GroupRoles({ADMIN: s.admin_groups, HR: s.hr_groups, MANAGER: s.manager_groups}),
                         surveys=self.surveys, survey_jobs=self.survey_jobs, kpis=self.kpis, audits=self.audits,
                         teaching=self.teaching, adoption=self.adoption)

    @cached_property
    def nudge_jobs(self) -> NudgeJobs:
        """KPI nudges: a sync job that keeps one scheduler job per nudge schedule, posting in its workspace."""
        from bot.kpis.nudge_jobs import NudgeJobs
        from bot.slack.nudge_delivery import nudge_gateway

        s = self.settings
        gateway = nudge_gateway(self.workspaces.client_for, self.profiles, on_posted=self.metrics.nudge_posted)
        return NudgeJobs(self.scheduler, self.kpis.nudges, gateway, s.nudge_grace_seconds, s.nudge_sync_seconds)

    def jobs(self) -> list[Job]:
        """The timed jobs of a bot process, for its scheduler: the KPI nudges (unless COACH_NUDGES_ENABLED is
        false), survey invitations, reminders, opening and closing, keeping this replica's BM25 index in step
        with the database after an ingest run elsewhere, pulling the AI tools' usage reports of the sources
        with credentials (COACH_ADOPTION_SYNC_HOURS; importing a report twice changes nothing, so replicas may
        each run it) and the daily blanking of old question text (COACH_QUESTION_RETENTION_DAYS; idempotent)."""
        from bot.scheduler import Every, Job
        from bot.store import retention

        s = self.settings
        jobs = [self.nudge_jobs.job] if s.nudges_enabled else []
        jobs += [self.survey_jobs.job,
                 Job("index:refresh", self.refresh_index, Every(s.index_refresh_seconds))]
        if self.adoption.sync.ready() and not s.multi_workspace:  # credentials are the deployment's, not a workspace's
            jobs.append(Job("adoption:sync", self.adoption.sync.run_scheduled, Every(s.adoption_sync_hours * 3600, run_now=True)))
        blanking = retention.job(retention.QuestionRetention(self.uow, s.question_retention_days))
        return jobs + ([blanking] if blanking is not None else [])

    def warm_up(self) -> None:
        """Before serving: fail fast on an unmigrated database, catch up with the database's BM25 index (a
        replica that did not run the ingest), and load the model now rather than on the first question."""
        self.session_factory  # noqa: B018 -- raises UserError with the fix when not migrated
        if self.indexer.refresh_lexical():
            log.info("BM25 index re-built from the database")
        self.questions.refresh()
        self.answers.warm_up()

    # the web dashboard (bot/web) ---------------------------------------------------------------------
    def web_deps(self, local: bool = False) -> WebDeps:
        """What the dashboard's pages use; ``local``: `coach web --local` (a local admin, no Slack)."""
        from bot.slack.client import web_client
        from bot.web.deps import WebDeps
        from bot.web.members import Members

        members = Members(self.settings, self.roles, self.slack_deps.groups, self.workspaces)
        return WebDeps(self.settings, members.roles_of, members.workspace_allowed,
                       lambda: web_client(self.settings), adoption=self.adoption, kpis=self.kpis,
                       surveys=self.surveys, audits=self.audits, feedback=self.feedback, teaching=self.teaching,
                       indexer=self.indexer, reindex=self.reindex, local=local)

    @cached_property
    def reindex(self) -> ReindexRunner:
        """The dashboard's re-index on a background thread: one run at a time in this process."""
        from bot.web.reindex import ReindexRunner

        return ReindexRunner(self.indexer)

    def web_app(self, local: bool = False):
        from bot.web.app import build_web_app

        return build_web_app(self.web_deps(local))

    def slack_process(self) -> SlackProcess:
        """What `coach run` serves Slack with (bot.slack.runner.serve)."""
        from bot.slack.replay import DatabaseSignatureCache
        from bot.slack.runner import SlackProcess

        return SlackProcess(self.settings, self.slack_deps, self.workspaces, self.scheduler, self.jobs(),
                            self.metrics, self.readiness.report, self.warm_up, self.answer_queue,
                            DatabaseSignatureCache(self.conversations.claim), web=self.web_app)
