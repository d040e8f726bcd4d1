"""Exactly once per slot: two real schedulers (APScheduler, each with its own threads and database engine)
race for the same slots on one database; restarts, downtime within and beyond the grace period; a failed
slot is recorded and never retried."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.clock import as_utc
from bot.kpis.nudge_jobs import SYNC_JOB, NudgeJobs
from bot.kpis.ports import DeliveryError
from bot.kpis.scopes import ORGANISATION
from bot.kpis.slots import SlotClaims
from bot.scheduler import Scheduler
from bot.store.tables.kpis import NudgeSlot
from tests.conftest import make_container
from tests.kpis.conftest import Clock, RecordingPoster, services

SLOT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)  # Monday 09:00 in Berlin
GRACE = 3600


def _add_schedule(container, created: datetime, channel: str = "C0SALES") -> int:
    kpis = services(container, Clock(created))
    return kpis.schedules.add(channel=channel, cron="0 9 * * 1", tz="Europe/Berlin",
                              kpis=["employee_adoption_rate"], okrs=[], scope=ORGANISATION, by="U0ADMIN").id


def _slots(container) -> list[NudgeSlot]:
    with container.uow() as uow:
        return list(uow.session.scalars(select(NudgeSlot).order_by(NudgeSlot.schedule_id, NudgeSlot.slot_at)))


class Replica:
    """One bot process: its own engine (container), scheduler, services and poster."""

    def __init__(self, container, clock, poster=None):
        self.poster = poster or RecordingPoster()
        self.kpis = services(container, clock)
        self.scheduler = Scheduler(workers=2)
        self.jobs = NudgeJobs(self.scheduler, self.kpis.nudges, lambda schedule: (self.poster, None), GRACE, 3600)
        self.synced = threading.Event()
        self.errors: list[BaseException] = []
        self.scheduler.on_job_done(self._done)

    def _done(self, job_id, exc):
        if exc is not None:
            self.errors.append(exc)
        if job_id == SYNC_JOB:
            self.synced.set()

    def start(self) -> Replica:
        self.scheduler.start_jobs([self.jobs.job])  # the sync job runs at once: the start-up catch-up
        return self

    def wait(self) -> None:
        assert self.synced.wait(30), "the scheduler's sync job did not run"
        self.scheduler.shutdown(wait=True)
        assert not self.errors, self.errors


def _second_engine(container):
    return make_container(container.settings.data_dir, database_url=container.settings.database_url)


def test_two_schedulers_on_one_database_post_each_slot_exactly_once(tmp_path):
    first = make_container(tmp_path / "data")
    second = _second_engine(first)
    ids = [_add_schedule(first, SLOT - timedelta(days=7), channel=f"C0TEAM{i}") for i in range(3)]
    barrier = threading.Barrier(2)
    arrivals: list[str] = []

    def racing_clock(name):
        def clock():  # both replicas look at the clock together, then both try to claim the slot
            arrivals.append(name)
            barrier.wait(timeout=20)
            return SLOT + timedelta(seconds=30)
        return clock

    a, b = Replica(first, racing_clock("a")), Replica(second, racing_clock("b"))
    a.start(), b.start()
    a.wait(), b.wait()
    assert sorted(arrivals) == ["a"] * 3 + ["b"] * 3  # each replica tried every slot, at the same moment
    posted = [p[0].id for p in a.poster.posts + b.poster.posts]
    assert sorted(posted) == ids  # every schedule posted, none twice
    slots = _slots(first)
    assert [(s.schedule_id, as_utc(s.slot_at), s.status) for s in slots] == [(i, SLOT, "posted") for i in ids]
    winners = {s.claimed_by for s in slots}
    assert winners <= {a.kpis.nudges.claims.owner, b.kpis.nudges.claims.owner}


def test_a_restart_after_the_slot_does_not_post_it_again(tmp_path):
    container = make_container(tmp_path / "data")
    _add_schedule(container, SLOT - timedelta(days=7))
    first = Replica(container, Clock(SLOT + timedelta(seconds=5))).start()
    first.wait()
    again = Replica(_second_engine(container), Clock(SLOT + timedelta(minutes=10))).start()
    again.wait()
    assert len(first.poster.posts) == 1 and again.poster.posts == []
    assert [s.status for s in _slots(container)] == ["posted"]


def test_a_slot_missed_while_down_is_sent_once_within_the_grace_period(tmp_path):
    container = make_container(tmp_path / "data")
    _add_schedule(container, SLOT - timedelta(days=7))
    late = Replica(container, Clock(SLOT + timedelta(minutes=40))).start()  # down from 08:55 to 09:40
    late.wait()
    [(schedule, nudge, _chart)] = late.poster.posts
    assert nudge.period.label == "2026-10"  # the nudge is about the slot's period, however late it goes out
    later = Replica(_second_engine(container), Clock(SLOT + timedelta(minutes=50))).start()
    later.wait()
    assert later.poster.posts == [] and len(_slots(container)) == 1


def test_a_slot_older_than_the_grace_period_is_not_sent(tmp_path):
    container = make_container(tmp_path / "data")
    _add_schedule(container, SLOT - timedelta(days=7))
    replica = Replica(container, Clock(SLOT + timedelta(seconds=GRACE + 60))).start()
    replica.wait()
    assert replica.poster.posts == [] and _slots(container) == []


def test_a_schedule_created_after_its_slot_waits_for_the_next_one(tmp_path):
    container = make_container(tmp_path / "data")
    _add_schedule(container, SLOT + timedelta(minutes=1))
    replica = Replica(container, Clock(SLOT + timedelta(minutes=2))).start()
    replica.wait()
    assert replica.poster.posts == [] and _slots(container) == []


def test_a_failed_slot_is_recorded_and_never_retried(tmp_path):
    container = make_container(tmp_path / "data")
    _add_schedule(container, SLOT - timedelta(days=7))
    broken = RecordingPoster(fail=DeliveryError("Slack refused the message: not_in_channel"))
    first = Replica(container, Clock(SLOT + timedelta(seconds=5)), broken).start()
    first.wait()
    [slot] = _slots(container)
    assert slot.status == "failed" and "not_in_channel" in slot.detail
    second = Replica(_second_engine(container), Clock(SLOT + timedelta(minutes=1))).start()
    second.wait()
    assert second.poster.posts == [] and len(_slots(container)) == 1


def test_many_threads_claiming_one_slot_get_it_once(tmp_path):
    container = make_container(tmp_path / "data")
    schedule_id = _add_schedule(container, SLOT - timedelta(days=7))
    engines = [container] + [_second_engine(container) for _ in range(3)]
    barrier = threading.Barrier(8)
    won: list[int | None] = []

    def claim(c):
        claims = SlotClaims(c.uow)
        barrier.wait(timeout=20)
        won.append(claims.claim(schedule_id, SLOT))

    threads = [threading.Thread(target=claim, args=(engines[i % 4],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(won) == 8 and len([w for w in won if w is not None]) == 1
