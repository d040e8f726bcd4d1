"""`coach doctor` checks what `coach ask` needs; `coach eval` and `coach ingest` report bad input in one line."""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, cli_env, run_coach

COACH = [sys.executable, "-m", "bot.cli"]
WIDE = {"COLUMNS": "200"}  # rich wraps at 80 columns when not on a terminal: keep each message on one line


@pytest.fixture
def indexed(fresh, tmp_path):
    """A container with a small folder indexed, so every doctor check passes unless a test breaks one."""
    c = fresh()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "policy.md").write_text("# Policy\n\n## Approved tools\n\nUse the approved assistant for drafts.\n")
    c.indexer.ingest([folder])
    return c


def doctor_status(out: str, check: str) -> str:
    match = re.search(rf"^\W*{re.escape(check)}\s*│\s*(\w+)", out, re.MULTILINE)
    assert match, out
    return match.group(1)


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


@pytest.mark.parametrize("item, problem", [
    ("also: [1]", "item 2: also[1]: should be a mapping with a path"),
    ("facts: 5", "item 2: facts: input should be a valid list"),
    ("section: 5", "item 2: section: input should be a valid string"),
    ("fact: [x]", "item 2: fact: is not a known key"),
])
def test_eval_names_the_file_and_item_of_a_malformed_question(tmp_path, item, problem):
    qa = tmp_path / "qa.yaml"
    qa.write_text('- question: "what is shadow work?"\n  path: knowledge/incentives/shadow-work.md\n'
                  f'- question: "how do we measure adoption?"\n  path: knowledge/kpis/framework-kpis.md\n  {item}\n')
    env = {**os.environ, "COACH_DATA_DIR": str(tmp_path / "data"), **WIDE}
    proc = subprocess.run([*COACH, "eval", "--qa", str(qa)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {qa} {problem}")


def test_ingest_reports_added_unchanged_and_removed(fresh, tmp_path):
    c = fresh()
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "policy.md").write_text("# Policy\n\n## Approved tools\n\nUse the approved assistant for drafts.\n")
    (folder / "faq.txt").write_text("The AI champions meet every second Thursday.")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")  # pypdf warns about it: only our one line may show
    env = {**os.environ, **cli_env(c), **WIDE}

    def ingest():
        proc = subprocess.run([*COACH, "ingest", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        skipped = f"skipped {folder / 'scan.pdf'}: not a readable PDF (PdfStreamError)"
        assert proc.stderr.strip().splitlines() == [skipped]
        return proc.stdout

    assert "Indexed: 2 added, 0 updated, 0 unchanged, 0 removed; 2 chunks embedded, 2 in the index." in ingest()
    (folder / "faq.txt").unlink()
    assert "Indexed: 0 added, 0 updated, 1 unchanged, 1 removed; 0 chunks embedded, 1 in the index." in ingest()


def test_a_failed_ingest_prints_only_the_error(fresh, capsys, monkeypatch):
    code, out, err = run_coach(["ingest", "does/not/exist"], capsys, monkeypatch, cli_env(fresh()))
    assert code == 2 and out == "" and err.strip() == "error: No such file or folder: does/not/exist"


def test_the_first_answer_latency_does_not_include_loading_the_model(indexed, capsys, monkeypatch):
    from bot.answers.service import AnswerService

    loaded_when_asked = {}
    real_ask = AnswerService.ask

    def spy(self, question, *args, **kwargs):
        loaded_when_asked.setdefault(question, self.retriever.vectors.embeddings.loaded)
        return real_ask(self, question, *args, **kwargs)

    monkeypatch.setattr(AnswerService, "ask", spy)
    code, out, _ = run_coach(["ask", "--json", "which tools are approved?", "may I draft with the assistant?"],
                             capsys, monkeypatch, cli_env(indexed))
    assert code == 0 and len(out.strip().splitlines()) == 2
    assert loaded_when_asked["which tools are approved?"] and loaded_when_asked["may I draft with the assistant?"]
