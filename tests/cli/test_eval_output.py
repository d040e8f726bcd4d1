"""`coach eval`'s misses: a table a person reads (question, what went wrong, the source expected, what came
first, the stated confidence), and the same misses as JSON objects with `--json`."""

from __future__ import annotations

import json

import pytest

from bot.container import Container
from bot.evaluation.qa import fact_hit, lead
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
