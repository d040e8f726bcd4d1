"""`coach ask`, `coach chat` and `coach eval`: the JSON contract, one model load per process, the chat's
context, eval's side-by-side table and its one-line report of a malformed QA file."""

import json
import os
import subprocess

import pytest

from tests.conftest import COACH, ROOT, WIDE, cli_env, run_coach

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


def test_ask_prints_answer_and_sources(kb, capsys, monkeypatch):
    code, out, _ = run(["ask", "what is the benchmark for productivity uplift?"], capsys, monkeypatch,
                       cli_env(kb))
    assert code == 0 and "10-40%" in out and "[1]" in out and "framework-kpis.md" in out


def test_chat_keeps_context_and_ends_on_eof(kb, capsys, monkeypatch):
    code, out, _ = run(["chat"], capsys, monkeypatch, cli_env(kb),
                       stdin="What is the employee adoption rate KPI?\nand how do we measure that?\n")
    assert code == 0
    assert out.count("[1]") >= 2 and "eligible" in out.lower()


def test_eval_prints_the_side_by_side_table(kb, capsys, monkeypatch, tmp_path):
    qa = tmp_path / "qa.yaml"
    qa.write_text('- question: "what is shadow work?"\n  path: knowledge/incentives/shadow-work.md\n'
                  '  section: "What shadow work is"\n  facts: ["prompts"]\n'
                  '- question: "best pizza in town?"\n  answerable: false\n')
    code, out, _ = run(["eval", "--qa", str(qa)], capsys, monkeypatch, cli_env(kb))
    assert code == 0
    for label in ("Recall@1", "Recall@3", "Recall@5", "MRR", "Fact hit rate", "Decline accuracy",
                  "Latency p50", "Latency p95", "hybrid", "bm25", "vector",
                  "does the stated confidence match how often", "shown as high confidence (≥"):
        assert label in out


def test_eval_fits_a_calibration_and_writes_it(kb, capsys, monkeypatch, tmp_path):
    from bot.answers.calibration import FEATURES, Calibration

    qa = tmp_path / "fit.yaml"
    qa.write_text('- question: "what is shadow work?"\n  path: knowledge/incentives/shadow-work.md\n'
                  '  section: "What shadow work is"\n  facts: ["prompts"]\n'
                  '- question: "how is the employee adoption rate calculated?"\n'
                  '  path: knowledge/kpis/framework-kpis.md\n  section: "Employee adoption rate"\n'
                  '- question: "best pizza in town?"\n  answerable: false\n'
                  '- question: "what will the weather be on friday?"\n  answerable: false\n')
    out_file = tmp_path / "calibration.json"
    code, out, _ = run(["eval", "--qa", str(qa), "--calibrate", str(out_file)], capsys, monkeypatch, cli_env(kb))
    assert code == 0 and "Calibration fitted on 4 questions" in out
    fitted = Calibration.load(out_file)
    assert set(fitted.weights) == set(FEATURES) and fitted.fitted_on == ["fit.yaml"] and fitted.examples == 4


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


def test_answers_render_slack_mrkdwn_as_terminal_styles_not_markers():
    from bot.cli.answers import mrkdwn_to_terminal

    text = mrkdwn_to_terminal("• *How to measure:* divide _active users_ by eligible; employee_adoption_rate "
                              "= 2*3, run `coach ask` &amp; see <https://example.com/kpis|the guide>")
    assert text.plain == ("• How to measure: divide active users by eligible; employee_adoption_rate = 2*3, run "
                          "coach ask & see the guide (https://example.com/kpis)")
    styled = {text.plain[s.start:s.end]: s.style for s in text.spans}
    assert styled == {"How to measure:": "bold", "active users": "italic", "coach ask": "cyan"}
