"""Queries for surveys, participation, responses and the DM outbox.

Surveys belong to a Slack workspace: the queries that find surveys take the caller's ``Tenant`` (bot.tenancy),
and a survey of another workspace is not found. Participation, responses and the outbox are reached through a
survey already found (or by the scheduler, which serves every workspace)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timezone

from sqlalchemy import and_, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from bot.store.tables.surveys import (
    Survey,
    SurveyOutbox,
    SurveyRecipient,
    SurveyResponse,
)
from bot.tenancy import EVERY_ROW, Tenant

_CHUNK = 500  # rows per multi-row INSERT


class SurveyRepository:
    def __init__(self, session: Session):
        self.session = session

    # surveys ---------------------------------------------------------------------------------------
    def add(self, survey: Survey) -> None:
        self.session.add(survey)
        self.session.flush()

    def get(self, survey_id: int, lock: bool = False, tenant: Tenant = EVERY_ROW) -> Survey | None:
        """The survey, when it is ``tenant``'s. ``lock``: hold the row (SELECT … FOR UPDATE) until commit, so
        that answering and closing one survey cannot interleave on a server database (an answer can never land
        after ``closed_at``)."""
        survey = self.session.get(Survey, survey_id, with_for_update=lock or None)
        return survey if survey is not None and tenant.owns(survey.team_id) else None

    def all(self, statuses: Sequence[str] | None = None, tenant: Tenant = EVERY_ROW) -> list[Survey]:
        query = select(Survey).where(tenant.where(Survey.team_id)).order_by(Survey.id.desc())
        if statuses:
            query = query.where(Survey.status.in_(list(statuses)))
        return list(self.session.scalars(query))

    def last_wave(self, series: str, tenant: Tenant = EVERY_ROW) -> int:
        return self.session.scalar(select(func.max(Survey.wave)).where(Survey.series == series,
                                                                       tenant.where(Survey.team_id))) or 0

    def previous_wave(self, survey: Survey, tenant: Tenant = EVERY_ROW) -> Survey | None:
        """The latest earlier wave of the same series, in ``tenant``'s surveys, that was launched."""
        return self.session.scalar(select(Survey).where(Survey.series == survey.series, Survey.wave < survey.wave,
                                                        Survey.launched_at.is_not(None), tenant.where(Survey.team_id))
                                   .order_by(Survey.wave.desc()).limit(1))

    # participation --------------------------------------------------------------------------------
    def add_recipients(self, survey_id: int, user_ids: Iterable[str]) -> int:
        """Invite people (once each); returns how many were new."""
        have = set(self.session.scalars(select(SurveyRecipient.user_id).where(SurveyRecipient.survey_id == survey_id)))
        new = sorted(set(user_ids) - have)
        for start in range(0, len(new), _CHUNK):
            self.session.execute(insert(SurveyRecipient), [{"survey_id": survey_id, "user_id": u, "responded": False}
                                                           for u in new[start:start + _CHUNK]])
        return len(new)

    def recipient(self, survey_id: int, user_id: str) -> SurveyRecipient | None:
        return self.session.get(SurveyRecipient, (survey_id, user_id))

    def mark_responded(self, survey_id: int, user_id: str) -> bool:
        """Atomically flip a recipient to 'responded'; False when they had already answered (or are not invited)."""
        result = self.session.execute(update(SurveyRecipient)
                                      .where(SurveyRecipient.survey_id == survey_id, SurveyRecipient.user_id == user_id,
                                             SurveyRecipient.responded.is_(False))
                                      .values(responded=True))
        return result.rowcount == 1

    def participation(self, survey_id: int) -> tuple[int, int]:
        """(invited, responded)."""
        invited, responded = self.session.execute(
            select(func.count(), func.coalesce(func.sum(case((SurveyRecipient.responded.is_(True), 1), else_=0)), 0))
            .where(SurveyRecipient.survey_id == survey_id)).one()
        return int(invited), int(responded)

    def non_responders(self, survey_id: int) -> list[str]:
        return list(self.session.scalars(select(SurveyRecipient.user_id).where(
            SurveyRecipient.survey_id == survey_id, SurveyRecipient.responded.is_(False)).order_by(SurveyRecipient.user_id)))

    # responses ------------------------------------------------------------------------------------
    def add_response(self, response: SurveyResponse) -> None:
        self.session.add(response)

    def responses(self, survey_id: int) -> list[SurveyResponse]:
        # ordered by content, not by key or insertion, so no export or listing follows submission order
        return list(self.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
                                         .order_by(SurveyResponse.answers, SurveyResponse.department)))

    def closed_template_responses(self, template_ids: Sequence[str], start: date, end: date,
                                  tenant: Tenant = EVERY_ROW) -> list[tuple[Survey, SurveyResponse]]:
        """(survey, response) for every response to ``tenant``'s surveys made from these templates that closed in
        [start, end): ``closed_at`` from 00:00 UTC on ``start`` up to, not including, 00:00 UTC on ``end``.
        Open, scheduled and draft surveys have no ``closed_at`` and are never returned. Ordered by survey,
        then content (never by submission)."""
        since, until = (datetime.combine(d, time.min, tzinfo=timezone.utc) for d in (start, end))
        query = (select(Survey, SurveyResponse).join(SurveyResponse, SurveyResponse.survey_id == Survey.id)
                 .where(Survey.template_id.in_(list(template_ids)), Survey.closed_at.is_not(None),
                        Survey.closed_at >= since, Survey.closed_at < until, tenant.where(Survey.team_id))
                 .order_by(Survey.id, SurveyResponse.answers, SurveyResponse.department))
        return [(survey, response) for survey, response in self.session.execute(query)]


class OutboxRepository:
    def __init__(self, session: Session):
        self.session = session

    def enqueue(self, survey_id: int, user_ids: Iterable[str], kind: str, not_before: datetime) -> int:
        """Queue one DM per person (a person already queued for this survey and kind is skipped)."""
        have = set(self.session.scalars(select(SurveyOutbox.user_id).where(SurveyOutbox.survey_id == survey_id,
                                                                           SurveyOutbox.kind == kind)))
        new = sorted(set(user_ids) - have)
        for start in range(0, len(new), _CHUNK):
            self.session.execute(insert(SurveyOutbox), [
                {"survey_id": survey_id, "user_id": u, "kind": kind, "status": "pending", "attempts": 0,
                 "not_before": not_before, "created_at": not_before, "in_doubt": False}
                for u in new[start:start + _CHUNK]])
        return len(new)

    def claim(self, token: str, now: datetime, limit: int, stale_before: datetime) -> list[SurveyOutbox]:
        """Take up to ``limit`` due rows for this sender: pending ones, and 'sending' ones whose sender
        stopped before finishing (claimed before ``stale_before``). Those may have reached Slack already and
        come back with ``in_doubt`` set."""
        due = or_(and_(SurveyOutbox.status == "pending", SurveyOutbox.not_before <= now),
                  and_(SurveyOutbox.status == "sending", SurveyOutbox.claimed_at < stale_before))
        ids = list(self.session.scalars(select(SurveyOutbox.id).where(due).order_by(SurveyOutbox.id).limit(limit)))
        if not ids:
            return []
        self.session.execute(update(SurveyOutbox).where(SurveyOutbox.id.in_(ids), due).values(
            in_doubt=or_(SurveyOutbox.in_doubt, SurveyOutbox.status == "sending"), status="sending",
            claim_token=token, claimed_at=now, attempts=SurveyOutbox.attempts + 1))
        return list(self.session.scalars(select(SurveyOutbox).where(SurveyOutbox.claim_token == token,
                                                                    SurveyOutbox.status == "sending")
                                         .order_by(SurveyOutbox.id)))

    def _mine(self, row_id: int, token: str):
        return update(SurveyOutbox).where(SurveyOutbox.id == row_id, SurveyOutbox.claim_token == token,
                                          SurveyOutbox.status == "sending")

    def holds(self, row_id: int, token: str) -> bool:
        return self.session.scalar(select(func.count()).where(SurveyOutbox.id == row_id, SurveyOutbox.claim_token == token,
                                                              SurveyOutbox.status == "sending")) == 1

    def mark_sent(self, row_id: int, token: str, channel: str, ts: str, now: datetime) -> bool:
        result = self.session.execute(self._mine(row_id, token).values(status="sent", channel=channel, ts=ts,
                                                                       sent_at=now, error=None, in_doubt=False))
        return result.rowcount == 1

    def release(self, row_id: int, token: str, not_before: datetime, error: str, in_doubt: bool = False) -> None:
        """Not sent (Slack said so): back to pending, to be tried again from ``not_before``. ``in_doubt``: it may
        have been sent by an earlier sender (the look-up failed), so it is looked up again before sending."""
        self.session.execute(self._mine(row_id, token).values(status="pending", claim_token=None, claimed_at=None,
                                                              not_before=not_before, error=error[:255],
                                                              in_doubt=in_doubt))

    def cancel_moot_reminder(self, row_id: int, token: str) -> bool:
        """Cancel this claimed reminder (the caller passes reminders only) if its person has answered or its
        survey has closed since it was queued; True when it was cancelled (and must not be sent)."""
        answered = select(SurveyRecipient.user_id).where(SurveyRecipient.survey_id == SurveyOutbox.survey_id,
                                                         SurveyRecipient.user_id == SurveyOutbox.user_id,
                                                         SurveyRecipient.responded.is_(True)).exists()
        closed = select(Survey.id).where(Survey.id == SurveyOutbox.survey_id, Survey.status == "closed").exists()
        result = self.session.execute(self._mine(row_id, token).where(or_(answered, closed))
                                      .values(status="cancelled", error="answered or closed before it was sent",
                                              in_doubt=False))
        return result.rowcount == 1

    def fail(self, row_id: int, token: str, error: str) -> None:
        self.session.execute(self._mine(row_id, token).values(status="failed", error=error[:255], in_doubt=False))

    def counts(self, survey_id: int | None = None) -> dict[str, int]:
        query = select(SurveyOutbox.status, func.count()).group_by(SurveyOutbox.status)
        if survey_id is not None:
            query = query.where(SurveyOutbox.survey_id == survey_id)
        return {status: int(n) for status, n in self.session.execute(query)}


    def cancel(self, survey_id: int) -> int:
        """Drop DMs not yet sent (a survey closed early)."""
        result = self.session.execute(update(SurveyOutbox).where(SurveyOutbox.survey_id == survey_id,
                                                                 SurveyOutbox.status == "pending")
                                      .values(status="cancelled"))
        return result.rowcount
