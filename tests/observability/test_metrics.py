"""Metrics: what each recording call adds to the exposition, request kinds, the outbox backlog gauge."""

from __future__ import annotations

import pytest

from bot.observability.metrics import Metrics, job_name, request_kind
from bot.surveys.audience import users_only
from tests.conftest import make_container
from tests.observability.scrape import samples, value
from tests.surveys.conftest import Clock, new_survey


def scrape(metrics: Metrics) -> dict:
    body, content_type = metrics.exposition()
    assert content_type.startswith("text/plain; version=0.0.4")
    return samples(body.decode())


def test_each_recording_shows_in_the_exposition_and_two_metrics_objects_do_not_share_counts():
    m, other = Metrics(surfaces=("mention", "dm")), Metrics()
    assert value(scrape(m), "coach_answers_total", surface="dm", outcome="declined") == 0
    assert ("coach_answers_total", (("outcome", "declined"), ("surface", "dm"))) in scrape(m)  # there from the start
    m.slack_request("event", 200, 0.012)
    m.slack_request("view", 200, 0.2)
    m.slack_request("no-such-kind", 401, 0.001)
    m.answer("mention", True, 850.0)
    m.answer("mention", False, 120.0)
    m.feedback_given("up", "button")
    m.feedback_given(None, "shortcut")
    m.nudge_posted()
    m.job_done("kpi-nudge:7", None)
    m.job_done("kpi-nudge:8", RuntimeError("boom"))
    m.job_done("surveys:tick", None)
    s = scrape(m)
    assert value(s, "coach_slack_requests_total", kind="event", status="200") == 1
    assert value(s, "coach_slack_requests_total", kind="other", status="401") == 1
    assert value(s, "coach_slack_ack_seconds_count", kind="view") == 1
    assert value(s, "coach_slack_ack_seconds_sum", kind="event") == pytest.approx(0.012)
    assert value(s, "coach_slack_ack_seconds_bucket", kind="event", le="0.01") == 0
    assert value(s, "coach_slack_ack_seconds_bucket", kind="event", le="0.025") == 1
    assert value(s, "coach_answers_total", surface="mention", outcome="answered") == 1
    assert value(s, "coach_answers_total", surface="mention", outcome="declined") == 1
    assert value(s, "coach_answer_seconds_count", surface="mention") == 2
    assert value(s, "coach_answer_seconds_sum", surface="mention") == pytest.approx(0.97)
    assert value(s, "coach_feedback_total", rating="up", via="button") == 1
    assert value(s, "coach_feedback_total", rating="none", via="shortcut") == 1
    assert value(s, "coach_nudges_sent_total") == 1
    assert value(s, "coach_scheduled_jobs_total", job="kpi-nudge", outcome="ok") == 1
    assert value(s, "coach_scheduled_jobs_total", job="kpi-nudge", outcome="error") == 1
    assert value(s, "coach_scheduled_jobs_total", job="surveys:tick", outcome="ok") == 1
    assert value(scrape(other), "coach_slack_requests_total", kind="event", status="200") == 0


@pytest.mark.parametrize("body, kind", [
    ({"type": "event_callback", "event": {"type": "app_mention"}}, "event"),
    ({"command": "/coach", "text": "help"}, "command"),
    ({"type": "block_actions", "actions": []}, "action"),
    ({"type": "view_submission"}, "view"),
    ({"type": "view_closed"}, "view"),
    ({"type": "block_suggestion"}, "options"),
    ({"type": "shortcut"}, "shortcut"),
    ({"type": "message_action"}, "shortcut"),
    ({"type": "url_verification", "challenge": "c"}, "other"),
    ({}, "other"),
])
def test_request_kinds(body, kind):
    assert request_kind(body) == kind


def test_job_names_drop_per_schedule_numbers_only():
    assert [job_name(j) for j in ("kpi-nudge:12", "kpi-nudges:sync", "surveys:tick:now", "plain")] == \
        ["kpi-nudge", "kpi-nudges:sync", "surveys:tick:now", "plain"]


def test_the_outbox_gauge_is_read_at_scrape_time_and_a_failing_read_only_drops_the_gauge():
    reads = iter([3, 0])
    m = Metrics()
    m.watch_outbox(lambda: next(reads))
    assert value(scrape(m), "coach_survey_outbox_backlog") == 3
    assert value(scrape(m), "coach_survey_outbox_backlog") == 0
    s = scrape(m)  # the iterator is exhausted: the read raises
    assert ("coach_survey_outbox_backlog", ()) not in s and ("coach_nudges_sent_total", ()) in s


def test_the_containers_outbox_gauge_counts_unsent_survey_dms(tmp_path):
    c, clock = make_container(tmp_path / "data"), Clock()
    c.surveys._clock = clock  # as tests/surveys/conftest.py does: the survey's dates are the clock's
    assert value(scrape(c.metrics), "coach_survey_outbox_backlog") == 0
    users = [f"U0OBS{i:02d}" for i in range(4)]
    survey_id = c.surveys.create(new_survey(clock, users))
    c.surveys.launch(survey_id, lambda _team: users_only)
    assert value(scrape(c.metrics), "coach_survey_outbox_backlog") == 4
    with c.uow() as uow:  # a survey closed early drops its unsent DMs
        uow.survey_outbox.cancel(survey_id)
        uow.commit()
    assert value(scrape(c.metrics), "coach_survey_outbox_backlog") == 0
