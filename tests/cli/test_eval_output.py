"""`coach eval`'s misses: a table a person reads (question, what went wrong, the source expected, what came
first, the stated confidence), and the same misses as JSON objects with `--json`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.container import Container
from bot.evaluation import crossval
from bot.evaluation.qa import fact_hit, lead
from bot.retrieval.examples import Examples
from tests.conftest import cli_env, run_coach

SHADOW = """# Shadow work

## What shadow work is

Shadow work is the hidden effort people spend checking AI output, rewriting prompts and fixing drafts that
nobody counts.
"""
PILOTS = """# Pilots

## How to pick a pilot

Pick one pilot with a clear owner, a measurable baseline and a team that wants it.
"""


@pytest.fixture
def evaluated(fresh, tmp_path, monkeypatch, shared_embeddings):
    """A small knowledge base and a QA file whose first question names the wrong document (a sure miss)."""
    monkeypatch.setattr(Container, "embeddings", property(lambda self: shared_embeddings))
    for name, text in (("shadow-work.md", SHADOW), ("pilots.md", PILOTS)):
        (tmp_path / name).write_text(text)
    c = fresh()
    c.indexer.ingest([tmp_path / "shadow-work.md", tmp_path / "pilots.md"])
    qa = tmp_path / "qa.yaml"
    qa.write_text(f'- question: "what is shadow work?"\n  path: {tmp_path / "pilots.md"}\n'
                  '  section: "How to pick a pilot"\n'
                  f'- question: "how do we pick a pilot?"\n  path: {tmp_path / "pilots.md"}\n')
    return c, qa


def test_eval_prints_its_misses_as_a_table(evaluated, capsys, monkeypatch):
    c, qa = evaluated
    code, out, _ = run_coach(["eval", "--qa", str(qa)], capsys, monkeypatch, cli_env(c))
    assert code == 0
    table = out[out.index("hybrid misses (1)"):]
    header = next(line for line in table.splitlines() if "question" in line)
    assert [h.strip() for h in header.strip("┃").split("┃")] == ["question", "problem", "expected source", "got",
                                                               "confidence"]
    row = next(line for line in table.splitlines() if "what is shadow work?" in line)
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert cells[0] == "what is shadow work?" and cells[1].startswith(("right passage", "declined", "facts"))
    assert cells[2].endswith("pilots.md › How to pick a pilot") and cells[3] == "Shadow work › What shadow work is"
    assert 0 <= float(cells[4]) <= 1 and len(cells[4]) == 4  # 0.xx
    assert "{'" not in out and "QAItem" not in out  # no Python objects


def test_eval_json_gives_the_misses_as_objects(evaluated, capsys, monkeypatch):
    c, qa = evaluated
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--json"], capsys, monkeypatch, cli_env(c))
    assert code == 0
    results = json.loads(out)
    (miss,) = results["modes"]["hybrid"]["misses"]
    assert {k: miss[k] for k in ("question", "expected", "got")} == {
        "question": "what is shadow work?", "expected": f"{qa.parent / 'pilots.md'} › How to pick a pilot",
        "got": "Shadow work › What shadow work is"}
    assert miss["problem"].startswith(("right passage", "declined", "facts")) and 0 <= miss["confidence"] <= 1


def test_eval_asks_a_follow_up_after_its_first_question(evaluated, capsys, monkeypatch, tmp_path):
    """An item with `after` is asked with that question and its answer as the conversation so far: "who does
    it?" finds shadow work only because the turn before asked about it."""
    c, _ = evaluated
    qa = tmp_path / "follow-ups.yaml"
    item = f'  question: "and who ends up doing it?"\n  path: {tmp_path / "shadow-work.md"}\n'
    qa.write_text(f'- after: "what is shadow work?"\n{item}- {item.lstrip()}')
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--json"], capsys, monkeypatch, cli_env(c))
    assert code == 0
    misses = json.loads(out)["modes"]["hybrid"]["misses"]
    assert [m["question"] for m in misses] == ["and who ends up doing it?"]  # only the one asked without `after`


def test_the_first_block_measure_reads_the_lead_of_each_part_and_not_the_further_passages():
    plain = "Pick 3 to 5 pilots. [1]\n\nA second passage says more than five usually stretches the team. [2]"
    assert fact_hit(plain, ["more than five"]) and not fact_hit(lead(plain), ["more than five"])
    assert fact_hit(lead(plain), ["3 to 5"])
    parts = ("*How long should it run?* Six to eight weeks. [1]\n\n*Who decides?* The business owner. [2]\n\n"
             "The steering group reviews it too. [3]")
    assert fact_hit(lead(parts), ["six to eight weeks", "business owner"])
    assert not fact_hit(lead(parts), ["steering group"])
    sides = "*Hard ROI*: revenue. [1]\n\n*Soft ROI*: time saved. [2]"
    assert lead(sides) == sides


def test_eval_json_gives_the_first_block_figure_and_the_answer_length(evaluated, capsys, monkeypatch):
    c, qa = evaluated
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--json"], capsys, monkeypatch, cli_env(c))
    hybrid = json.loads(out)["modes"]["hybrid"]
    assert code == 0 and 0 <= hybrid["fact_hit_rate_lead"] <= hybrid["fact_hit_rate"] <= 1
    assert hybrid["median_answer_chars"] > 0
    code, out, _ = run_coach(["eval", "--qa", str(qa)], capsys, monkeypatch, cli_env(c))
    assert "Fact hit rate, first block" in out and "Median answer (chars)" in out


def test_eval_writes_the_worked_examples_of_its_qa_files(evaluated, capsys, monkeypatch, tmp_path):
    c, qa = evaluated
    out_file = tmp_path / "examples.npz"
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--examples", str(out_file)], capsys, monkeypatch, cli_env(c))
    assert code == 0 and "2 worked examples from 1 QA files written" in out
    written = Examples.load(out_file)
    pilots = str(tmp_path / "pilots.md")
    assert written.sets == ["qa", "qa"] and written.vectors.shape == (2, 384)
    assert written.sections == [(pilots, "how-to-pick-a-pilot"), (pilots, written.sections[1][1])]


@pytest.mark.parametrize("extra", [["--folds", "1"], ["--folds", "2", "--calibrate", "{dir}/cal.json"],
                                   ["--folds", "2", "--examples", "{dir}/ex.npz"],
                                   ["--examples", "{dir}/ex.npz", "--qa", "{dir}/tests/heldout/x.yaml"]])
def test_eval_refuses_folds_and_examples_it_cannot_honour_and_writes_nothing(evaluated, capsys, monkeypatch, extra,
                                                                            tmp_path):
    c, qa = evaluated
    (tmp_path / "tests" / "heldout").mkdir(parents=True)
    qa.rename(tmp_path / "tests" / "heldout" / "x.yaml") if "heldout" in " ".join(extra) else None
    args = ["eval"] + ([] if "heldout" in " ".join(extra) else ["--qa", str(qa)])
    code, out, err = run_coach(args + [a.format(dir=tmp_path) for a in extra], capsys, monkeypatch, cli_env(c))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not list(tmp_path.glob("*.json")) and not list(tmp_path.glob("*.npz"))


def test_eval_folds_scores_each_file_with_the_examples_of_the_others(evaluated, capsys, monkeypatch, tmp_path):
    c, qa = evaluated
    second = tmp_path / "second.yaml"
    second.write_text(f'- question: "how should we pick a pilot?"\n  path: {tmp_path / "pilots.md"}\n')
    examples = Examples(np.zeros((3, 384), dtype="float32"), [("a.md", "x")] * 3, ["qa", "second", "other"],
                        ["m1", "m2", "m3"])
    monkeypatch.setattr(Examples, "load", classmethod(lambda cls, path=None: examples))
    seen = []
    real = crossval.score

    def score(service, item, mode):
        seen.append((item.qa_set, tuple(service.retriever.questions.examples.sets)))
        return real(service, item, mode)

    monkeypatch.setattr(crossval, "score", score)
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--qa", str(second), "--folds", "2", "--json"], capsys,
                             monkeypatch, cli_env(c))
    results = json.loads(out)
    assert code == 0 and results["folds"] == 2 and list(results["modes"]) == ["hybrid"]
    assert set(results["modes"]["hybrid"]["sets"]) == {"qa", "second"}
    assert sorted(seen) == [("qa", ("second", "other")), ("qa", ("second", "other")), ("second", ("qa", "other"))]
    code, out, _ = run_coach(["eval", "--qa", str(qa), "--qa", str(second), "--folds", "2"], capsys, monkeypatch,
                             cli_env(c))
    assert code == 0 and "Cross-validated in 2 folds" in out
