"""The `coach` CLI: JSON contract, chat, doctor, eval and one-line errors."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, cli_env, run_coach, test_database_url

COACH = [sys.executable, "-m", "bot.cli"]


run = run_coach


def test_ask_json_contract_in_a_real_process(kb):
    env = {**os.environ, **cli_env(kb)}
    proc = subprocess.run([*COACH, "ask", "--json", "What is shadow work?", "what's the weather tomorrow?"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"question", "answered", "answer", "confidence", "sources", "latency_ms"}
    assert first["question"] == "What is shadow work?" and first["answered"] is True
    assert isinstance(first["confidence"], float) and isinstance(first["latency_ms"], float)
    assert first["sources"] and set(first["sources"][0]) == {"title", "section", "path", "score"}
    assert first["sources"][0]["path"] == "knowledge/incentives/shadow-work.md"
    assert second["answered"] is False and second["sources"] == []


def test_model_loads_once_per_process(kb, capsys, monkeypatch):
    from bot.retrieval import embeddings

    loads = []
    real = embeddings._Encoder

    def counting(*args, **kwargs):
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(embeddings, "_Encoder", counting)
    code, out, _ = run(["ask", "--json", "What is shadow work?", "How do we measure adoption?",
                        "What is the magic three?"], capsys, monkeypatch, cli_env(kb))
    assert code == 0 and len(out.strip().splitlines()) == 3
    assert len(loads) == 1


def test_ask_prints_answer_and_sources(kb, capsys, monkeypatch):
    code, out, _ = run(["ask", "what is the benchmark for productivity uplift?"], capsys, monkeypatch,
                       cli_env(kb))
    assert code == 0 and "10-40%" in out and "[1]" in out and "framework-kpis.md" in out


def test_chat_keeps_context_and_ends_on_eof(kb, capsys, monkeypatch):
    code, out, _ = run(["chat"], capsys, monkeypatch, cli_env(kb),
                       stdin="What is the employee adoption rate KPI?\nand how do we measure that?\n")
    assert code == 0
    assert out.count("[1]") >= 2 and "eligible" in out.lower()


def test_run_without_slack_tokens_is_local_chat(kb, capsys, monkeypatch):
    code, out, _ = run(["run"], capsys, monkeypatch, cli_env(kb), stdin="")
    assert code == 0 and "local mode" in out


def test_doctor_reports_every_part(kb, capsys, monkeypatch):
    code, out, _ = run(["doctor"], capsys, monkeypatch, cli_env(kb))
    assert code == 0
    for check in ("database", "knowledge index", "embedding model", "vector store", "BM25 index", "LLM"):
        assert check in out
    assert "fail" not in out


def test_doctor_fails_on_an_empty_index(tmp_path, capsys, monkeypatch):
    env = {"COACH_DATA_DIR": tmp_path, "COACH_DATABASE_URL": test_database_url() or ""}
    assert run(["db", "upgrade"], capsys, monkeypatch, env)[0] == 0
    code, out, _ = run(["doctor"], capsys, monkeypatch, env)
    assert code == 1 and "coach ingest" in out


def test_eval_prints_the_side_by_side_table(kb, capsys, monkeypatch, tmp_path):
    qa = tmp_path / "qa.yaml"
    qa.write_text('- question: "what is shadow work?"\n  path: knowledge/incentives/shadow-work.md\n'
                  '  section: "What shadow work is"\n  facts: ["prompts"]\n'
                  '- question: "best pizza in town?"\n  answerable: false\n')
    code, out, _ = run(["eval", "--qa", str(qa)], capsys, monkeypatch, cli_env(kb))
    assert code == 0
    for label in ("Recall@1", "Recall@3", "Recall@5", "MRR", "Fact hit rate", "Decline accuracy",
                  "Latency p50", "Latency p95", "hybrid", "bm25", "vector"):
        assert label in out


@pytest.mark.parametrize("args, env, message", [
    (["ask", "hello"], {}, "coach db upgrade"),
    (["ingest", "does/not/exist"], {"migrate": True}, "No such file or folder"),
    (["eval", "--qa", "missing.yaml"], {"migrate": True}, "No such QA file"),
    (["ask", "hello"], {"COACH_TOP_K": "lots"}, "Invalid configuration: COACH_TOP_K: must be a whole number"),
    (["ask", "hello"], {"COACH_SURVEY_MIN_RESPONSES": "2"}, "COACH_SURVEY_MIN_RESPONSES: must be at least 3"),
    (["roles", "list"], {"COACH_ADMINS": "U0BOSS, bad id"}, "COACH_ADMINS: 'bad id' is not a Slack member ID"),
    (["roles", "list"], {"COACH_HR_GROUPS": "U0BOSS"}, "COACH_HR_GROUPS: 'U0BOSS' is not a Slack user group ID"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}, "Cannot open the database"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "mysql://nobody@127.0.0.1:9/none"}, "driver for mysql"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "not a url"}, "not a valid database URL"),
])
def test_user_mistakes_are_one_line_errors(tmp_path, args, env, message):
    env = dict(env)
    full_env = {**os.environ, "COACH_DATA_DIR": str(tmp_path), **{k: v for k, v in env.items() if k != "migrate"}}
    if env.get("migrate"):
        subprocess.run([*COACH, "db", "upgrade"], cwd=ROOT, env=full_env, check=True, capture_output=True)
    proc = subprocess.run([*COACH, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in " ".join(proc.stderr.split()) and "Traceback" not in proc.stderr  # as one line, unwrapped
    assert len(proc.stderr.strip().splitlines()) <= 3  # one message, wrapped by the terminal width at most
