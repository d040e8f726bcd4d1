"""Feedback records, validation, the knowledge-gap report and `coach feedback report`."""

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from bot.feedback.service import MISSING_ANSWER, FeedbackError, MessageRef
from bot.store.tables.usage import UsageEvent
from bot.tenancy import Tenant

EVER = datetime(2000, 1, 1)


def _event(c, question, outcome="answered", kind="answer", topic="kpis", user="U2", team=None):
    """An answer to ``user``'s question (the person who rates it, in these tests)."""
    with c.uow() as uow:
        e = UsageEvent(team_id=team, user_id=user, surface="mention", outcome=outcome, kind=kind, question=question,
                       answer="ans", sources='[{"number": 1}]', topic=topic, confidence=0.5, latency_ms=10.0)
        uow.usage.add(e)
        uow.commit()
        return e.id


def test_one_rating_per_person_and_answer_and_the_reason_completes_it(fresh):
    c = fresh()
    eid = _event(c, "How do we measure adoption?")
    first = c.feedback.rate_answer("U2", eid, "up")
    assert c.feedback.rate_answer("U2", eid, "down") == first
    c.feedback.explain(first, "U2", "outdated", " old ")
    with c.uow() as uow:
        [fb] = uow.feedback.for_answer(eid)
    assert (fb.rating, fb.reason, fb.comment, fb.question, fb.topic) == ("down", "outdated", "old",
                                                                         "How do we measure adoption?", "kpis")


@pytest.mark.parametrize("call", [
    lambda c, eid: c.feedback.rate_answer("U2", 999, "up"),
    lambda c, eid: c.feedback.rate_answer("U2", eid, "meh"),
    lambda c, eid: c.feedback.explain(c.feedback.rate_answer("U2", eid, "down"), "U3", "wrong", ""),
    lambda c, eid: c.feedback.explain(c.feedback.rate_answer("U2", eid, "down"), "U2", "bogus", ""),
    lambda c, eid: c.feedback.about_tool("U2", "  ", "up", ""),
    lambda c, eid: c.feedback.about_tool("U2", "x" * 200, "up", ""),
    lambda c, eid: c.feedback.about_tool("U2", "Copilot", None, ""),
    lambda c, eid: c.feedback.on_message("U2", MessageRef("t"), None, None, "   "),
    lambda c, eid: c.feedback.on_message("U2", MessageRef("t"), "up", None, "x" * 3001),
])
def test_bad_feedback_is_refused_with_a_message(fresh, call):
    c = fresh()
    eid = _event(c, "q")
    with pytest.raises(FeedbackError) as info:
        call(c, eid)
    assert str(info.value)
    with c.uow() as uow:
        assert all(f.reason is None and f.comment == "" for f in uow.feedback.since(
            __import__("datetime").datetime(2000, 1, 1)))


def test_gaps_group_declined_and_downvoted_by_topic(fresh):
    c = fresh()
    _event(c, "What is the weather?", "declined", "out_of_scope", "out of scope")
    _event(c, "Where is my payslip?", "declined", "out_of_scope", "out of scope")
    _event(c, "", "declined", "empty", None)
    liked, disliked = _event(c, "KPI question"), _event(c, "OKR question", topic="okrs")
    c.feedback.rate_answer("U2", liked, "up")
    c.feedback.explain(c.feedback.rate_answer("U2", disliked, "down"), "U2", "incomplete", "")
    c.feedback.about_tool("U2", "Copilot", "down", "slow")
    gaps = c.feedback.gaps(30)
    assert [(g.topic, g.declined, g.downvoted) for g in gaps] == [("out of scope", 2, 0), ("okrs", 0, 1)]
    assert gaps[0].examples == ["What is the weather?", "Where is my payslip?"]
    assert dict(gaps[1].reasons) == {"incomplete": 1}
    [tool] = c.feedback.tools(30)
    assert (tool.tool, tool.up, tool.down, tool.comments) == ("Copilot", 0, 1, ["slow"])


def test_cli_feedback_report(tmp_path, monkeypatch):
    from bot.cli.main import app

    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    runner.invoke(app, ["db", "upgrade"])
    assert "No knowledge gaps" in runner.invoke(app, ["feedback", "report"]).output
    from bot.cli.common import container

    c = container()
    _event(c, "What is the weather?", "declined", "out_of_scope", "out of scope")
    out = runner.invoke(app, ["feedback", "report", "--json"]).output
    report = json.loads(out)
    assert report["gaps"][0]["topic"] == "out of scope" and report["gaps"][0]["declined"] == 1
    table = runner.invoke(app, ["feedback", "report", "--days", "7"]).output
    assert "out of scope" in table and "What is the weather?" in table


def test_feedback_binds_to_the_persons_own_answers_in_their_own_workspace(fresh):
    c = fresh()
    someone_elses = _event(c, "Someone else's question", user="U1", team="T0A")
    other_workspace = _event(c, "My question, in workspace A", team="T0A")
    mine = _event(c, "My question, in workspace B", team="T0B")
    here = Tenant("T0B")
    refused = [lambda: c.feedback.rate_answer("U2", someone_elses, "down"),  # a button of someone else's answer
               lambda: c.feedback.rate_answer("U2", other_workspace, "up", here),
               lambda: c.feedback.on_message("U2", MessageRef("t", usage_id=someone_elses), "down", "wrong", ""),
               lambda: c.feedback.on_message("U2", MessageRef("t", usage_id=other_workspace), "up", None, "",
                                             tenant=here)]
    for call in refused:
        with pytest.raises(FeedbackError) as info:
            call()
        assert str(info.value) == MISSING_ANSWER  # word for word what an answer that is gone gets
    with c.uow() as uow:
        assert uow.feedback.since(EVER) == []

    rating = c.feedback.rate_answer("U2", mine, "down", here)
    with pytest.raises(FeedbackError):  # the reason form of B's rating, sent from workspace A
        c.feedback.explain(rating, "U2", "wrong", "", Tenant("T0A"))
    c.feedback.explain(rating, "U2", "wrong", "Old", here)
    shortcut = c.feedback.on_message("U2", MessageRef("t", usage_id=mine), "down", "outdated", "", tenant=here)
    tool = c.feedback.about_tool("U2", "Copilot", "up", "", team_id=None, tenant=here)
    with c.uow() as uow:
        records = {f.id: f for f in uow.feedback.since(EVER)}
    assert [(records[i].team_id, records[i].usage_event_id) for i in (rating, shortcut, tool)] == [
        ("T0B", mine), ("T0B", mine), ("T0B", None)]
    assert (records[rating].reason, records[rating].comment) == ("wrong", "Old")


def test_gap_and_tool_reports_count_one_workspace(fresh):
    c = fresh()
    _event(c, "A's unanswered question", "declined", "out_of_scope", "out of scope", user="U1", team="T0A")
    disliked = _event(c, "B's question", topic="okrs", team="T0B")
    c.feedback.explain(c.feedback.rate_answer("U2", disliked, "down"), "U2", "incomplete", "")
    c.feedback.about_tool("U1", "Copilot", "down", "A's comment", team_id="T0A")
    a, b = Tenant("T0A"), Tenant("T0B")
    assert [(g.topic, g.examples) for g in c.feedback.gaps(30, tenant=a)] == [("out of scope",
                                                                              ["A's unanswered question"])]
    assert [(g.topic, g.examples) for g in c.feedback.gaps(30, tenant=b)] == [("okrs", ["B's question"])]
    assert [t.comments for t in c.feedback.tools(30, tenant=a)] == [["A's comment"]]
    assert c.feedback.tools(30, tenant=b) == []
    assert len(c.feedback.gaps(30)) == 2  # a single-workspace install sees every row


GUIDE = """# Office guide

## Printer setup

Office printers are added from the device settings page using the floor's queue name.

## Travel rules

Submit receipts within thirty days through the finance portal; economy fares only.
"""


@pytest.fixture
def guided(fresh, tmp_path):
    """A container with one small guide indexed, so questions can be taught to its sections."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.md").write_text(GUIDE)
    c = fresh()
    c.indexer.ingest([folder])
    return c


def _downvoted(c, question, topic, team=None):
    c.feedback.rate_answer("U2", _event(c, question, topic=topic, team=team), "down")


def test_gaps_list_their_questions_with_their_source_and_leave_out_taught_ones(guided):
    from bot.feedback.service import GapQuestion

    c, here = guided, Tenant("T0A")
    _event(c, "Who adds the   office printers?", "declined", "unknown", "office", team="T0A")
    _event(c, "who adds the office printers?", "declined", "unknown", "office", team="T0A")  # the same again
    _event(c, "Can I fly business class?", "declined", "unknown", "office", team="T0A")
    _downvoted(c, "How fast must receipts be submitted?", "office", team="T0A")
    [gap] = c.feedback.gaps(30, tenant=here)
    assert gap.questions == [GapQuestion("Who adds the office printers?", "gap"),
                             GapQuestion("Can I fly business class?", "gap"),
                             GapQuestion("How fast must receipts be submitted?", "feedback")]
    assert gap.examples == [q.question for q in gap.questions] and gap.taught == 0
    printers = next(r.target for r in c.teaching.sections("printer"))
    c.teaching.attach("WHO adds the office printers?", printers, "U1", "gap", tenant=here)
    c.teaching.answer("can i fly business class?", "No: economy fares only.", "U1", "gap", tenant=Tenant("T0B"))
    [gap] = c.feedback.gaps(30, tenant=here)
    assert (gap.declined, gap.downvoted, gap.taught) == (3, 1, 1)  # still counted, no longer listed
    assert gap.questions == [GapQuestion("Can I fly business class?", "gap"),  # taught in workspace B only
                             GapQuestion("How fast must receipts be submitted?", "feedback")]
    assert c.feedback.gaps(30)[0].taught == 2  # a single-workspace install: every lesson is its own


def test_cli_feedback_report_prints_the_command_that_teaches_each_question(guided, capsys, monkeypatch):
    from tests.conftest import WIDE, cli_env, run_coach

    c = guided
    _event(c, "Who adds the office printers?", "declined", "unknown", "office")
    _downvoted(c, 'What is the "fast" receipts rule?', "office")
    printers = next(r.target for r in c.teaching.sections("printer"))
    travel = next(r.target for r in c.teaching.sections("travel"))
    code, out, _ = run_coach(["feedback", "report"], capsys, monkeypatch, {**cli_env(c), **WIDE})
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    at = lines.index("• Who adds the office printers?  (declined)")
    assert lines[at + 1:at + 3] == ["closest section: Office guide › Printer setup",
                                    f'coach teach "Who adds the office printers?" --section {printers}']
    at = lines.index('• What is the "fast" receipts rule?  (👎)')
    assert lines[at + 2] == f'coach teach "What is the \\"fast\\" receipts rule?" --section {travel}'
    code, out, _ = run_coach(["feedback", "report", "--json"], capsys, monkeypatch, cli_env(c))
    [gap] = json.loads(out)["gaps"]
    assert gap["questions"] == [
        {"question": "Who adds the office printers?", "source": "gap", "suggested_section": printers},
        {"question": 'What is the "fast" receipts rule?', "source": "feedback", "suggested_section": travel}]
    assert gap["examples"] == ["Who adds the office printers?", 'What is the "fast" receipts rule?']


def test_teach_commands_are_quoted_for_the_shell():
    import subprocess

    from bot.cli.feedback import teach_command

    assert teach_command("What's our AI budget?", "docs/a.md#budget", None) == \
        'coach teach "What\'s our AI budget?" --section docs/a.md#budget'
    assert teach_command("Costs in $ or `€`?", None, "T0A") == \
        'coach teach "Costs in \\$ or \\`€\\`?" --answer TEXT --team T0A'
    for question in ("Wow! Really?", 'a "b" \\ $c `d`', "plain", "it's"):
        command = teach_command(question, "my docs/a b.md#x", None)
        words = subprocess.run(["bash", "-c", f"set -- {command}; printf '%s\\0' \"$@\""], capture_output=True,
                               text=True, check=True).stdout.split("\0")[:-1]
        assert words == ["coach", "teach", question, "--section", "my docs/a b.md#x"]
