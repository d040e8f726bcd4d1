"""Surveys as a service: define, launch, answer, remind, close and report. No Slack here: the audience
resolver and the messenger come from the caller (the Slack app or the CLI).

A survey belongs to one Slack workspace. Whatever a person or a command does with surveys names the caller's
``Tenant`` (bot.tenancy): another workspace's survey is "not there", exactly like a survey that does not exist.
The scheduler serves every workspace (EVERY_ROW)."""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from bot.clock import as_utc, utcnow
from bot.errors import naming
from bot.store.tables.surveys import Survey, SurveyResponse
from bot.surveys.analytics import Answered, Results, ResultsAnalysis, check_filters
from bot.surveys.audience import Audience, Resolver
from bot.surveys.definition import Definition, SurveyError, check_answers
from bot.surveys.outbox import DeliveryError, DrainReport, Messenger, OutboxSender
from bot.surveys.templates import TemplateLibrary
from bot.tenancy import EVERY_ROW, Tenant

log = logging.getLogger(__name__)
MAX_TITLE, MAX_INTRO, MAX_REMINDERS = 150, 1000, 3
OPEN, SCHEDULED, DRAFT, CLOSED = "open", "scheduled", "draft", "closed"


ResolverFor = Callable[[str | None], Resolver]  # workspace (team id) -> its audience lookup
GONE = "I can't find that survey any more; it may have been removed."  # what people answering are told


def no_survey(ref: object) -> str:
    """What HR and the CLI are told about a survey number that names none of their surveys."""
    return f"There is no survey {ref}."


class NotAvailable(SurveyError):
    """The person cannot answer (closed, already answered, not invited); the message is for them."""


@dataclass
class NewSurvey:
    title: str
    opens_at: datetime
    closes_at: datetime
    audience: Audience
    created_by: str
    template_id: str | None = None
    definition: Definition | None = None  # a survey from scratch (or a template's questions changed)
    intro: str = ""
    anonymous: bool = True
    reminder_days: list[int] = field(default_factory=list)
    series: str | None = None  # waves of the same series are compared; default: the template id or title
    team_id: str | None = None


@dataclass(frozen=True)
class Card:
    """What an invitation or a reminder says about a survey."""

    id: int
    title: str
    intro: str
    anonymous: bool
    questions: int
    closes_at: datetime
    status: str
    team_id: str | None = None


@dataclass(frozen=True)
class Status:
    id: int
    title: str
    status: str
    anonymous: bool
    wave: int
    opens_at: datetime
    closes_at: datetime
    invited: int
    responded: int
    outbox: dict[str, int]

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None


def day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=timezone.utc)


def day_end(d: date) -> datetime:
    return datetime.combine(d, time(23, 59, 59), tzinfo=timezone.utc)


def week_of(moment: datetime) -> date:
    day = as_utc(moment).date()
    return day - timedelta(days=day.weekday())


def results_released(anonymous: bool, status: str) -> bool:
    """Whether a survey's results may be shown: an anonymous survey's only once it has closed (asked before and
    after one more answer, they would give that answer away); an attributed survey's at any time."""
    return not anonymous or status == CLOSED


def parse_reminders(text: str) -> list[int]:
    parts = [p for p in re.split(r"[\s,;]+", (text or "").strip()) if p]
    if not all(p.isdigit() for p in parts):
        raise SurveyError("Reminders are days after opening, e.g. `3,5`.", "reminders")
    days = sorted({int(p) for p in parts})
    if len(days) > MAX_REMINDERS or any(d < 1 for d in days):
        raise SurveyError(f"Give at most {MAX_REMINDERS} reminder days, each 1 or more.", "reminders")
    return days


class SurveyService:
    def __init__(self, uow_factory: Callable, templates: TemplateLibrary, min_responses: int,
                 sender: OutboxSender, clock: Callable[[], datetime] = utcnow):
        self._uow = uow_factory
        self.templates = templates
        self.k = min_responses
        self.sender = sender
        self._clock = clock

    # HR: define, launch, close -------------------------------------------------------------------
    def create(self, spec: NewSurvey, tenant: Tenant = EVERY_ROW) -> int:
        """A draft of ``tenant``'s (in ``spec.team_id``'s workspace in a single-workspace install), the next wave
        of the tenant's series."""
        title = " ".join(spec.title.split())
        if not title or len(title) > MAX_TITLE:
            raise SurveyError(f"Give the survey a title of at most {MAX_TITLE} characters.", "title")
        with naming("template"):
            template = self.templates.get(spec.template_id) if spec.template_id else None
        definition = spec.definition or (template.definition if template else None)
        if definition is None:
            raise SurveyError("Pick a template or write the questions.", "template")
        intro = (spec.intro or (template.intro if template else "")).strip()
        if len(intro) > MAX_INTRO:
            raise SurveyError(f"Keep the introduction under {MAX_INTRO} characters.", "intro")
        opens, closes = as_utc(spec.opens_at), as_utc(spec.closes_at)
        if closes <= opens:
            raise SurveyError("The survey must close after it opens.", "closes")
        if closes <= self._clock():
            raise SurveyError("The closing date is already past.", "closes")
        span = (closes - opens).days
        if any(d > span for d in spec.reminder_days):
            raise SurveyError(f"Reminders must fall before the survey closes (it is open {span} days).", "reminders")
        if spec.audience.empty():
            raise SurveyError("Choose who the survey goes to: people, channels or user groups.", "audience")
        template_id = template.id if template else None  # as the library spells it (`--template TAM` is tam)
        series = (spec.series or template_id or re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))[:64]
        with self._uow() as uow:
            survey = Survey(team_id=tenant.owner(spec.team_id), title=title, intro=intro, template_id=template_id,
                            series=series, wave=uow.surveys.last_wave(series, tenant) + 1, anonymous=spec.anonymous,
                            status=DRAFT, questions=json.dumps(definition.to_json(), ensure_ascii=False),
                            audience=json.dumps(spec.audience.to_json()), opens_at=opens, closes_at=closes,
                            reminder_days=",".join(map(str, spec.reminder_days)), reminders_sent=0,
                            created_by=spec.created_by[:64])
            uow.surveys.add(survey)
            uow.commit()
            return survey.id

    def launch(self, survey_id: int, resolver_for: ResolverFor, tenant: Tenant = EVERY_ROW) -> Status:
        """Open now (invitations queued, the audience looked up in the survey's own workspace:
        ``resolver_for(team_id)``) or, when the opening date is ahead, schedule it."""
        now = self._clock()
        with self._uow() as uow:
            survey = self._get(uow, survey_id, tenant=tenant)
            if survey.status != DRAFT:
                raise SurveyError(f"Survey {survey_id} is {survey.status}; only a draft can be launched.")
            if as_utc(survey.closes_at) <= now:
                raise SurveyError("The closing date is already past; create the survey again with new dates.")
            survey.launched_at = now
            if as_utc(survey.opens_at) > now:
                survey.status = SCHEDULED
            else:
                self._open(uow, survey, resolver_for, now)
            uow.commit()
        return self.status(survey_id, tenant)

    def _open(self, uow, survey: Survey, resolver_for: ResolverFor, now: datetime) -> None:
        users = resolver_for(survey.team_id)(Audience.from_json(json.loads(survey.audience)))
        if not users:
            raise SurveyError("The audience has nobody in it (empty channels or groups?); nothing was sent.")
        uow.surveys.add_recipients(survey.id, users)
        uow.survey_outbox.enqueue(survey.id, users, "invite", now)
        survey.status = OPEN

    def close(self, survey_id: int, tenant: Tenant = EVERY_ROW) -> Status:
        with self._uow() as uow:
            survey = self._get(uow, survey_id, lock=True, tenant=tenant)  # an answer being stored finishes first
            if survey.status == CLOSED:
                raise SurveyError(f"Survey {survey_id} is already closed.")
            self._close(uow, survey)
            uow.commit()
        return self.status(survey_id, tenant)

    def _close(self, uow, survey: Survey) -> None:
        survey.status, survey.closed_at = CLOSED, as_utc(self._clock())  # UTC: KPI periods compare it by UTC date
        uow.survey_outbox.cancel(survey.id)

    # the scheduler -------------------------------------------------------------------------------
    def open_due(self, now: datetime, resolver_for: ResolverFor) -> list[int]:
        """Open the scheduled surveys whose day has come, each with the audience looked up in its own
        workspace (``resolver_for(team_id)``, asked only for a survey that is due). A survey whose audience
        cannot be looked up (workspace not installed, Slack refused) stays scheduled and is tried again on the
        next tick; the others open all the same."""
        with self._uow() as uow:
            due = [s.id for s in uow.surveys.all([SCHEDULED]) if as_utc(s.opens_at) <= now]
        opened = []
        for survey_id in sorted(due):
            try:
                with self._uow() as uow:
                    survey = self._get(uow, survey_id, lock=True)
                    if survey.status != SCHEDULED:  # launched or closed by hand meanwhile
                        continue
                    self._open(uow, survey, resolver_for, now)
                    uow.commit()
            except (SurveyError, DeliveryError) as exc:
                log.warning("Survey %s could not open yet: %s", survey_id, exc)
                continue
            opened.append(survey_id)
        return opened

    def close_due(self, now: datetime) -> list[int]:
        closed = []
        with self._uow() as uow:
            for survey in uow.surveys.all([OPEN, SCHEDULED]):
                if as_utc(survey.closes_at) <= now:
                    survey = self._get(uow, survey.id, lock=True)  # waits for answers being stored
                    if survey.status == CLOSED:  # closed by hand meanwhile
                        continue
                    self._close(uow, survey)
                    closed.append(survey.id)
            uow.commit()
        return closed

    def send_due_reminders(self, now: datetime) -> int:
        """Queue the reminders whose day has come, for people who have not answered; returns how many."""
        queued = 0
        with self._uow() as uow:
            for survey in uow.surveys.all([OPEN]):
                days = [int(d) for d in survey.reminder_days.split(",") if d]
                due = [i for i, d in enumerate(days, 1) if as_utc(survey.opens_at) + timedelta(days=d) <= now]
                if not due or due[-1] <= survey.reminders_sent or as_utc(survey.closes_at) <= now:
                    continue
                number = due[-1]  # a missed earlier reminder is not sent late on top of this one
                queued += uow.survey_outbox.enqueue(survey.id, uow.surveys.non_responders(survey.id),
                                                    f"reminder{number}", now)
                survey.reminders_sent = number
            uow.commit()
        return queued

    def drain(self, messenger: Messenger, max_rows: int | None = None) -> DrainReport:
        return self.sender.drain(messenger, max_rows)

    def tick(self, resolver_for: ResolverFor, messenger: Messenger, now: datetime | None = None) -> DrainReport:
        """One round of the scheduler: open, close, remind, then send what is due. ``resolver_for(team_id)``
        gives the audience lookup of a workspace."""
        now = now or self._clock()
        self.open_due(now, resolver_for)
        self.close_due(now)
        self.send_due_reminders(now)
        return self.drain(messenger)

    # employees -----------------------------------------------------------------------------------
    def card(self, survey_id: int, tenant: Tenant = EVERY_ROW) -> Card:
        with self._uow() as uow:
            s = self._get(uow, survey_id, tenant=tenant)
            return Card(s.id, s.title, s.intro, s.anonymous, len(self.definition_of(s).questions),
                        as_utc(s.closes_at), s.status, s.team_id)

    def start(self, survey_id: int, user_id: str, tenant: Tenant = EVERY_ROW) -> tuple[Card, Definition]:
        """The questions for this person, or NotAvailable saying why not."""
        with self._uow() as uow:
            survey = self._get(uow, survey_id, NotAvailable, tenant=tenant)
            self._available(uow, survey, user_id)
            return self.card(survey_id, tenant), self.definition_of(survey)

    def _available(self, uow, survey: Survey, user_id: str) -> None:
        if survey.status == CLOSED or as_utc(survey.closes_at) <= self._clock():
            raise NotAvailable(f"“{survey.title}” has closed, so it no longer takes answers. Thanks all the same!")
        if survey.status != OPEN:
            raise NotAvailable(f"“{survey.title}” is not open yet.")
        recipient = uow.surveys.recipient(survey.id, user_id)
        if recipient is None:
            raise NotAvailable(f"“{survey.title}” was sent to a particular group, and you are not in it.")
        if recipient.responded:
            raise NotAvailable(f"You have already answered “{survey.title}” — thank you! "
                               "Each person answers once.")

    def check(self, survey_id: int, user_id: str, raw: Mapping[str, object], tenant: Tenant = EVERY_ROW) -> None:
        """What ``submit`` would refuse, without storing anything: lets Slack answer the form at once and look
        up the person's department afterwards. Raises SurveyError (a bad answer: its ``field`` is the
        question's id) or NotAvailable."""
        with self._uow() as uow:
            survey = self._get(uow, survey_id, NotAvailable, tenant=tenant)
            self._available(uow, survey, user_id)
            check_answers(self.definition_of(survey), dict(raw))

    def submit(self, survey_id: int, user_id: str, raw: Mapping[str, object], department: str | None,
               tenant: Tenant = EVERY_ROW) -> None:
        """Store one person's answers. Anonymous surveys: participation and answers go to separate tables,
        the answers without user id and with the week only. Raises SurveyError (a bad answer: its ``field``
        is the question's id) or NotAvailable."""
        with self._uow() as uow:
            # locked: closing waits for this answer
            survey = self._get(uow, survey_id, NotAvailable, lock=True, tenant=tenant)
            self._available(uow, survey, user_id)
            answers = check_answers(self.definition_of(survey), dict(raw))
            if not uow.surveys.mark_responded(survey.id, user_id):  # a second submission racing the first
                raise NotAvailable(f"You have already answered “{survey.title}” — thank you!")
            uow.surveys.add_response(SurveyResponse(
                id=secrets.token_hex(16), survey_id=survey.id, user_id=None if survey.anonymous else user_id,
                department=(department or None) and department[:128], answered_week=week_of(self._clock()),
                answers=json.dumps(answers, ensure_ascii=False, sort_keys=True)))
            uow.commit()

    # reports -------------------------------------------------------------------------------------
    def kpi_scores(self, start: date, end: date, department: str | None,
                   tenant: Tenant = EVERY_ROW) -> dict[str, float]:
        """TAM, UTAUT and eNPS of ``tenant``'s surveys for the KPI feature (bot.kpis.ports.SurveyScores), under
        the k rule; see bot.surveys.kpi_scores for what is counted and pooled."""
        from bot.surveys.kpi_scores import kpi_scores

        return kpi_scores(self._uow, self.templates, self.k, start, end, department, tenant)

    def feedback_trend(self, weeks: int = 8, tenant: Tenant = EVERY_ROW):
        from bot.surveys.feedback_trend import feedback_trend

        return feedback_trend(self._uow, weeks, self._clock(), tenant)

    def status(self, survey_id: int, tenant: Tenant = EVERY_ROW) -> Status:
        with self._uow() as uow:
            return self._status(uow, self._get(uow, survey_id, tenant=tenant))

    def overview(self, statuses: tuple[str, ...] = (), tenant: Tenant = EVERY_ROW) -> list[Status]:
        with self._uow() as uow:
            return [self._status(uow, s) for s in uow.surveys.all(list(statuses) or None, tenant)]

    def _status(self, uow, s: Survey) -> Status:
        invited, responded = uow.surveys.participation(s.id)
        return Status(s.id, s.title, s.status, s.anonymous, s.wave, as_utc(s.opens_at), as_utc(s.closes_at),
                      invited, responded, uow.survey_outbox.counts(s.id))

    def results(self, survey_id: int, filters: Mapping[str, str] | None = None,
                tenant: Tenant = EVERY_ROW) -> Results:
        """Results under the k rule (bot.surveys.anonymity). An anonymous survey's results are given only once
        it is closed: asked before and after one more answer, they would give that answer away. Attributed
        surveys have live results. The response rate stays live everywhere (``status``)."""
        with self._uow() as uow:
            survey = self._get(uow, survey_id, tenant=tenant)
            if not results_released(survey.anonymous, survey.status):
                when = "still open" if survey.status == OPEN else f"not open yet ({survey.status})"
                raise SurveyError(f"Survey {survey.id} is anonymous and {when}: its results are shown once it "
                                  "closes (HR can close it early), so nobody can be singled out by comparing "
                                  "results before and after their answer.")
            definition = self.definition_of(survey)
            conditions = check_filters(definition, filters or {})
            invited, responded = uow.surveys.participation(survey.id)
            analyzer = ResultsAnalysis(definition, _answered(uow, survey.id), self.k)
            prev = uow.surveys.previous_wave(survey, tenant)
            if prev is not None and not results_released(prev.anonymous, prev.status):  # no comparison yet
                prev = None
            previous = ResultsAnalysis(self.definition_of(prev), _answered(uow, prev.id), self.k) if prev else None
            return analyzer.results(survey.id, survey.title, survey.wave, invited, responded, conditions,
                                    previous, prev.wave if prev else None)

    @staticmethod
    def definition_of(survey: Survey) -> Definition:
        return Definition.from_json(json.loads(survey.questions))

    @staticmethod
    def _get(uow, survey_id: int, error: type[SurveyError] = SurveyError, lock: bool = False,
             tenant: Tenant = EVERY_ROW) -> Survey:
        """The survey, when it is ``tenant``'s; another workspace's is missing like one that never was."""
        survey = uow.surveys.get(survey_id, lock=lock, tenant=tenant)
        if survey is None:
            raise error(no_survey(survey_id) if error is SurveyError else GONE)
        return survey


def _answered(uow, survey_id: int) -> list[Answered]:
    return [Answered(r.department, json.loads(r.answers)) for r in uow.surveys.responses(survey_id)]
