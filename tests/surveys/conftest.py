"""A migrated container per test, with a clock the tests can move."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.clock import utcnow
from bot.surveys.audience import Audience
from bot.surveys.service import NewSurvey
from tests.conftest import make_container


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)  # a Monday

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def container(tmp_path, clock):
    c = make_container(tmp_path / "data")
    c.surveys._clock = clock
    c.surveys.sender._clock = clock
    return c


def new_survey(clock, users, template="tam", days=10, reminders=(3, 5), **kw) -> NewSurvey:
    return NewSurvey(title=kw.pop("title", "AI assistant, three months in"), opens_at=clock.now,
                     closes_at=clock.now + timedelta(days=days), audience=Audience(users=list(users)),
                     created_by="U0HR", template_id=template, reminder_days=list(reminders), **kw)


def tam_answers(value=5, **extra):
    answers = {f"pu{i}": value for i in range(1, 5)} | {f"eou{i}": value for i in range(1, 5)}
    return answers | extra


assert utcnow  # the real clock stays importable for other tests
