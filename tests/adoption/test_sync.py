"""Scheduled pulls into the ledger against the fake vendor APIs: the directory from Microsoft Entra, each
source's report for its day, a failure recorded with its source (CLI, /readyz) without stopping the others,
and the timed job only where a source is set up."""

from __future__ import annotations

from datetime import date

import pytest

from bot.adoption.pulls.http import Http
from tests.adoption.fake_vendors import FIXTURES, GITHUB_TOKEN, REPORT_DAY
from tests.conftest import make_container

SETTINGS = ("graph_url", "graph_login_url", "graph_tenant_id", "graph_client_id", "graph_client_secret",
            "github_api_url", "github_org", "github_token", "anthropic_api_url", "claude_analytics_key")


@pytest.fixture
def container(tmp_path, fake):
    s = fake.settings()
    c = make_container(tmp_path / "data", **{name: getattr(s, name) for name in SETTINGS})
    c.adoption.sync._http = lambda: Http(sleep=lambda seconds: None)
    return c


def org_tree_people():
    from bot.adoption.directory_files import parse_entra

    return list(parse_entra((FIXTURES / "github-copilot" / "entra-org-tree.json").read_text()).people)


def test_the_directory_comes_from_entra(container):
    done, skipped = container.adoption.sync.directory()
    assert done.people > 0 and skipped >= 0
    status = {s.source: s for s in container.adoption.ledger.sources()}["directory"]
    assert status.how == "sync" and status.rows == done.people


def test_github_sync_imports_the_days_report_and_seats_joined_by_login(container):
    container.adoption.ledger.import_directory(org_tree_people(), source="directory")
    [outcome] = container.adoption.sync.sync("github-copilot", date.fromisoformat(REPORT_DAY))
    result = outcome.result
    assert outcome.error is None and result.activities > 0 and result.licences > 0
    assert result.first_day == result.last_day == date.fromisoformat(REPORT_DAY)
    status = {s.source: s for s in container.adoption.ledger.sources()}["github-copilot"]
    assert status.how == "sync" and status.last_success_at is not None and not status.failing
    snap = container.adoption.figures.snapshot(_month(REPORT_DAY))
    assert next(f for f in snap.rollup.by_tool() if f.tool == "github-copilot").active == result.people - result.unmatched


def test_a_refused_token_is_recorded_with_its_source_and_the_others_still_sync(container, fake):
    container.adoption.ledger.import_directory(org_tree_people(), source="directory")
    fake.fail("github-report", 401, times=10)
    outcomes = {o.source: o for o in container.adoption.sync.sync(day=date.fromisoformat(REPORT_DAY))}

    assert set(outcomes) == {"m365-copilot", "github-copilot", "claude"}
    assert outcomes["github-copilot"].result is None and "COACH_GITHUB_TOKEN" in outcomes["github-copilot"].error
    assert GITHUB_TOKEN not in outcomes["github-copilot"].error
    assert outcomes["m365-copilot"].result is not None and outcomes["claude"].result is not None
    status = {s.source: s for s in container.adoption.ledger.sources()}
    assert status["github-copilot"].failing and not status["claude"].failing

    details = container.readiness.report()["details"]["adoption_sources"]
    github = next(d for d in details if d["source"] == "github-copilot")
    assert github["failing"] and "COACH_GITHUB_TOKEN" in github["error"] and github["last_success_at"] is None


def test_the_timed_job_runs_only_where_a_source_is_set_up(container, tmp_path):
    assert "adoption:sync" in [job.name for job in container.jobs()]
    bare = make_container(tmp_path / "bare")
    assert "adoption:sync" not in [job.name for job in bare.jobs()]


def _month(day: str):
    from bot.kpis.periods import period_of

    return period_of(date.fromisoformat(day), "month")


def test_an_unexpected_failure_of_one_source_is_recorded_and_the_others_still_sync(container, monkeypatch):
    from bot.adoption import pulls

    real = pulls.pull

    def broken(source, *args, **kwargs):
        if source == "claude":
            raise RuntimeError("boom https://example.invalid/?sig=secret")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pulls, "pull", broken)
    container.adoption.ledger.import_directory(org_tree_people(), source="directory")
    outcomes = {o.source: o for o in container.adoption.sync.sync(day=date.fromisoformat(REPORT_DAY))}
    assert outcomes["claude"].result is None and "RuntimeError" in outcomes["claude"].error
    assert "secret" not in outcomes["claude"].error
    assert outcomes["github-copilot"].result is not None
    assert {s.source: s for s in container.adoption.ledger.sources()}["claude"].failing
