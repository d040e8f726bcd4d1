"""A migrated database per test, KPI services with a clock the test controls, and a poster that records."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from bot.kpis.services import build_kpi_services
from tests.conftest import ROOT, make_container

CATALOG = ROOT / "knowledge" / "kpis" / "catalog.yaml"


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class RecordingPoster:
    """A NudgePoster that keeps what it was asked to post (thread-safe: schedulers call it from workers)."""

    def __init__(self, fail: Exception | None = None):
        self.posts: list[tuple] = []
        self.fail = fail
        self._lock = threading.Lock()

    def post(self, schedule, nudge, chart_png):
        if self.fail is not None:
            raise self.fail
        with self._lock:
            self.posts.append((schedule, nudge, chart_png))
            return f"1700000000.{len(self.posts):06d}"


class Directory:
    def __init__(self, members: dict[str, str | None]):
        self._members = members
        self.asked: list[str] = []

    def members(self, source: str) -> dict[str, str | None]:
        self.asked.append(source)
        return dict(self._members)


def services(container, clock, passages=None, **options):
    return build_kpi_services(container.uow, CATALOG, passages or (lambda query: []), clock=clock, **options)


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc))  # a Monday, 09:00 in Berlin


@pytest.fixture
def container(tmp_path):
    return make_container(tmp_path / "data")


@pytest.fixture
def kpis(container, clock):
    return services(container, clock)
