"""A migrated database per test with the adoption services on a fixed "today", and helpers that build the
directory and usage reports the way the parsers hand them over."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.adoption.records import EMAIL, GITHUB, Activity, Person, Report
from tests.conftest import make_container

TODAY = date(2026, 12, 2)  # a Wednesday: November and the weeks up to 2026-W48 are complete


@pytest.fixture
def fake():
    """The fake vendor APIs (tests/adoption/fake_vendors.py) on 127.0.0.1."""
    from tests.adoption.fake_vendors import FakeVendors

    with FakeVendors() as vendors:
        yield vendors


@pytest.fixture
def http():
    """The vendors' HTTP client with retries that do not wait."""
    from bot.adoption.pulls.http import Http

    with Http(sleep=lambda seconds: None) as client:
        yield client


@pytest.fixture
def container(tmp_path):
    c = make_container(tmp_path / "data")
    c.adoption.figures.today = lambda: TODAY
    c.adoption.sync.today = lambda: TODAY
    return c


def people(**departments: int) -> list[Person]:
    """``people(Sales=6, Legal=2)``: person sales0@example.com … in each department."""
    return [Person(f"{d.lower()}{i}@example.com", d, github_login=f"{d.lower()}-gh{i}")
            for d, n in departments.items() for i in range(n)]


def report(active: dict[str, list[str]], tool: str = "m365-copilot", first: date = date(2026, 11, 2),
           days: int = 1, kind: str = EMAIL) -> Report:
    """Each identity in ``active[department]`` active with ``tool`` on ``days`` days from ``first``."""
    acts = [Activity(identity, kind, tool, first + timedelta(days=n), 3)
            for ids in active.values() for identity in ids for n in range(days)]
    return Report(acts, [], len(acts))


def emails(department: str, n: int) -> list[str]:
    return [f"{department.lower()}{i}@example.com" for i in range(n)]


def logins(department: str, n: int) -> list[str]:
    return [f"{department.lower()}-gh{i}" for i in range(n)]


__all__ = ["EMAIL", "GITHUB", "TODAY", "emails", "logins", "people", "report"]
