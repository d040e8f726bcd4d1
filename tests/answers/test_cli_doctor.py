"""`coach doctor` checks what `coach ask` needs: every part reported, and only the broken part fails."""

import re

from tests.conftest import WIDE, cli_env, run_coach, test_database_url


def doctor_status(out: str, check: str) -> str:
    match = re.search(rf"^\W*{re.escape(check)}\s*│\s*(\w+)", out, re.MULTILINE)
    assert match, out
    return match.group(1)


def test_doctor_reports_every_part(kb, capsys, monkeypatch):
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, cli_env(kb))
    assert code == 0
    for check in ("database", "knowledge index", "embedding model", "vector store", "BM25 index", "LLM",
                  "section questions"):
        assert check in out
    assert "fail" not in out
    with kb.uow() as uow:
        written, taught = uow.questions.counts()
    assert written >= 1000 and f"{written} listed by the knowledge files, {taught} taught" in " ".join(out.split())


def test_doctor_fails_on_an_empty_index(tmp_path, capsys, monkeypatch):
    env = {"COACH_DATA_DIR": tmp_path, "COACH_DATABASE_URL": test_database_url() or ""}
    assert run_coach(["db", "upgrade"], capsys, monkeypatch, env)[0] == 0
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 1 and "coach ingest" in out


def test_doctor_passes_on_a_working_setup(indexed, capsys, monkeypatch):
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, {**cli_env(indexed), **WIDE})
    assert code == 0, out
    assert doctor_status(out, "LLM") == "ok" and doctor_status(out, "knowledge folders") == "ok"


def test_doctor_fails_on_an_llm_that_coach_ask_cannot_build(indexed, capsys, monkeypatch):
    env = {**cli_env(indexed), **WIDE, "COACH_LLM": "nosuch:model"}
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 1
    assert doctor_status(out, "LLM") == "fail" and "COACH_LLM=nosuch:model" in out
    assert doctor_status(out, "knowledge index") == "ok"  # only the broken part fails
    code, _, err = run_coach(["ask", "how do we measure adoption?"], capsys, monkeypatch, env)
    assert code == 2 and "COACH_LLM=nosuch:model" in err  # the same verdict as the answer path


def test_doctor_fails_on_a_provider_without_its_api_key(indexed, capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    env = {**cli_env(indexed), **WIDE, "COACH_LLM": "openai:gpt-4o-mini"}
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 1 and doctor_status(out, "LLM") == "fail" and "COACH_LLM_API_KEY" in out


def test_doctor_accepts_an_openai_compatible_server_without_calling_it(indexed, capsys, monkeypatch):
    env = {**cli_env(indexed), **WIDE, "COACH_LLM": "llama3", "COACH_LLM_BASE_URL": "http://127.0.0.1:9/v1"}
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 0 and doctor_status(out, "LLM") == "ok" and "ChatOpenAI" in out


def test_doctor_fails_on_a_missing_knowledge_folder(indexed, capsys, monkeypatch, tmp_path):
    env = {**cli_env(indexed), **WIDE, "COACH_KNOWLEDGE_DIRS": f"knowledge,{tmp_path / 'policies'}"}
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 1
    assert doctor_status(out, "knowledge folders") == "fail" and str(tmp_path / "policies") in out


def test_doctor_and_eval_say_when_the_index_is_older_than_the_knowledge_files(indexed, tmp_path, capsys,
                                                                              monkeypatch):
    env = {**cli_env(indexed), **WIDE, "COACH_KNOWLEDGE_DIRS": str(tmp_path / "docs")}
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 0 and doctor_status(out, "index up to date") == "ok"
    qa = tmp_path / "qa.yaml"
    qa.write_text('- question: "which tools are approved?"\n  path: whatever.md\n')
    code, _, err = run_coach(["eval", "--qa", str(qa)], capsys, monkeypatch, env)
    assert code == 0 and "warning" not in err

    (tmp_path / "docs" / "policy.md").write_text("# Policy\n\n## Approved tools\n\nOnly the approved assistant.\n")
    code, out, _ = run_coach(["doctor"], capsys, monkeypatch, env)
    assert code == 0 and doctor_status(out, "index up to date") == "warn"  # answers still work, from the old text
    assert "1 knowledge file(s) changed since the last ingest" in " ".join(out.split())
    code, _, err = run_coach(["eval", "--qa", str(qa)], capsys, monkeypatch, env)
    assert code == 0 and "the index is older than 1 knowledge file(s)" in err and "policy.md" in err
