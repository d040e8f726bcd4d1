"""Settings: defaults, COACH_*/SLACK_* names, blank values as unset, and one-line problems naming the variable."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings


def test_defaults_are_embedded(monkeypatch):
    s = Settings()
    assert s.data_dir == Path(".coach")
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith(".coach/coach.db")
    assert s.chroma_url is None and s.llm is None and not s.slack_configured


def test_environment_names(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COACH_KNOWLEDGE_DIRS", "knowledge, policies ,")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret-value")
    monkeypatch.setenv("COACH_LLM", "")
    s = Settings()
    assert s.knowledge_dirs == [Path("knowledge"), Path("policies")]
    assert s.slack_configured and s.llm is None
    assert "xoxb-secret-value" not in repr(s) and "xoxb-secret-value" not in str(s.model_dump())


def test_blank_secrets_and_urls_mean_not_set(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "COACH_CHROMA_URL", "COACH_LLM_API_KEY"):
        monkeypatch.setenv(name, " ")
    s = Settings()
    assert s.slack_bot_token is None and s.slack_signing_secret is None and s.slack_client_id is None
    assert s.chroma_url is None and s.llm_api_key is None and not s.slack_configured


def test_chroma_collection_names_are_checked(monkeypatch):
    assert Settings(chroma_collection="coach-prod_2").chroma_collection == "coach-prod_2"
    for bad in ("x", "-leading", "has space", "a" * 70):
        with pytest.raises(ValidationError):
            Settings(chroma_collection=bad)


def test_bad_values_are_rejected(monkeypatch):
    monkeypatch.setenv("COACH_MIN_CONFIDENCE", "2")
    with pytest.raises(ValidationError):
        Settings()


def test_role_ids_are_split_upper_cased_and_checked(monkeypatch):
    monkeypatch.setenv("COACH_ADMINS", "U1AAA, u2bbb,")
    monkeypatch.setenv("COACH_HR_GROUPS", "S0PEOPLE")
    s = Settings()
    assert s.admins == ["U1AAA", "U2BBB"] and s.hr_groups == ["S0PEOPLE"] and s.managers == []
    assert Settings(managers=["W0GRID"]).managers == ["W0GRID"]
    for name, bad in [("COACH_ADMINS", "U0BOSS, bad id"), ("COACH_MANAGERS", "S0GROUP"), ("COACH_HR", "@alice"),
                      ("COACH_ADMIN_GROUPS", "U0BOSS"), ("COACH_MANAGER_GROUPS", "S0OK,#team")]:
        monkeypatch.setenv(name, bad)
        with pytest.raises(ValidationError, match="is not a Slack"):
            Settings()
        monkeypatch.delenv(name)


def test_settings_problems_name_the_variable_and_the_rule(monkeypatch):
    from bot.config import settings_problems

    monkeypatch.setenv("COACH_SURVEY_MIN_RESPONSES", "2")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert settings_problems(caught.value) == "COACH_SURVEY_MIN_RESPONSES: must be at least 3"
    monkeypatch.delenv("COACH_SURVEY_MIN_RESPONSES")
    monkeypatch.setenv("COACH_ADMINS", "U0BOSS,bad id")
    monkeypatch.setenv("COACH_TOP_K", "lots")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert settings_problems(caught.value) == ("COACH_TOP_K: must be a whole number; COACH_ADMINS: 'bad id' is not a "
                                               "Slack member ID (like U012AB3CD: profile › ⋮ › Copy member ID)")


@pytest.mark.parametrize("value", ["ftp://coach.example.com", "https://coach.example.com/coach", "coach.example.com",
                                   "https://", "https://coach.example.com/?x=1"])
def test_the_dashboard_address_must_be_a_bare_http_address(monkeypatch, value):
    from bot.config import settings_problems

    monkeypatch.setenv("COACH_WEB_BASE_URL", value)
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert settings_problems(caught.value).startswith("COACH_WEB_BASE_URL: must be the dashboard's public address")


def test_the_dashboard_address_is_https_unless_it_is_this_machine(monkeypatch):
    from bot.config import settings_problems

    monkeypatch.setenv("COACH_WEB_BASE_URL", "http://coach.example.com")
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert settings_problems(caught.value) == ("COACH_WEB_BASE_URL: must start with https:// unless it is this "
                                               "machine (http://127.0.0.1:PORT)")
    for here in ("http://127.0.0.1:8080", "http://localhost:8080", "https://coach.example.com"):
        monkeypatch.setenv("COACH_WEB_BASE_URL", here)
        assert Settings().web_base == here


def test_the_dashboard_address_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("COACH_WEB_BASE_URL", " https://coach.example.com/ ")
    assert Settings().web_base == "https://coach.example.com"
    monkeypatch.setenv("COACH_WEB_BASE_URL", "")
    assert Settings().web_base is None
