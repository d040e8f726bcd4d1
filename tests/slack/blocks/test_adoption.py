"""Adoption blocks: `/kpi adoption` for the organisation and for one department (its own, pooled, unknown),
App Home's section (sources failing, intent beside use, many departments) — each valid Block Kit, with
directory text escaped and no pings."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from bot.adoption.figures import Snapshot
from bot.adoption.intent import Intent, compare
from bot.adoption.ledger import SourceStatus
from bot.adoption.pooling import ALL
from bot.adoption.rollup import inactive_licensed, rollup
from bot.kpis.periods import parse_period
from bot.slack.blocks.adoption import (
    AdoptionHome,
    department_reply,
    home_adoption_blocks,
    no_data_message,
    organisation_reply,
    sparkline,
)
from bot.slack.blocks.home import HomeData, home_view
from bot.usage.service import UsageRow, UsageSummary
from tests.slack.conftest import validate_blocks, validate_view

PINGS = re.compile(r"<!(channel|here|everyone)|<!subteam\^|(?<!\u200b)@(channel|here|everyone)\b", re.I)
APRIL = parse_period("2026-04")
K = 5
TREND = [(f"2026-W{n}", rate) for n, rate in zip(range(11, 19), (None, 0.0, 10.0, 25.5, 40.0, 50.0, 60.0, 100.0))]


def _directory(sizes: dict[str, int]) -> dict[str, str]:
    return {f"{d[:3].lower()}{i}@x.com": d for d, n in sizes.items() for i in range(n)}


def _snapshot(sizes: dict[str, int], active: dict[str, list[str]], unmatched: int = 0) -> Snapshot:
    """``active``: tool -> the people (as _directory names them) active with it in April."""
    people = _directory(sizes)
    pairs = [(p, tool) for tool, who in active.items() for p in who]
    return Snapshot(APRIL, rollup(pairs, people, K), len(people), unmatched)


def _text(message: dict) -> str:
    return "\n".join(e.get("text", "") for b in message["blocks"]
                     for e in ([b.get("text") or {}] + b.get("elements", [])))


SIZES = {"Engineering": 10, "Sales": 8, "Legal": 3, "Finance": 2}
ACTIVE = {"claude": [f"eng{i}@x.com" for i in range(7)] + ["sal0@x.com", "sal1@x.com", "leg0@x.com"],
          "chatgpt-enterprise": [f"sal{i}@x.com" for i in range(4)]}
UNUSED = inactive_licensed([(f"eng{i}@x.com", "github-copilot") for i in range(6)] + [("sal0@x.com", "claude")],
                           [("eng0@x.com", "github-copilot"), ("eng1@x.com", "github-copilot")], _directory(SIZES), K)


def _valid(message: dict) -> str:
    validate_blocks(message["blocks"])
    assert not PINGS.search(str(message))
    return _text(message)


def test_sparkline_is_on_the_absolute_scale():
    assert sparkline([0.0, 50.0, 100.0, None, 12.4]) == "▁▅█·▁"
    assert sparkline([]) == ""


def test_the_organisation_reply_names_every_group_and_tool():
    snap = _snapshot(SIZES, ACTIVE, unmatched=2)
    text = _valid(organisation_reply(snap, TREND, UNUSED))
    assert "*AI tool adoption — 2026-04*" in text
    assert "• All departments: *52.2%* (12 of 23)" in text
    assert "• Engineering: *70%* (7 of 10)" in text and "• Sales: *50%* (4 of 8)" in text
    assert "• Other departments (pooled): *20%* (1 of 5)" in text
    assert "• Claude: *43.5%* (10 of 23)" in text and "• ChatGPT Enterprise: *17.4%* (4 of 23)" in text
    assert "*Other departments (pooled)*: Finance, Legal." in text
    assert "Not counted: 2 of the people active in the tools" in text
    assert "`·▁▁▃▄▅▅█`  2026-W11 → 2026-W18" in text and "2026-W11 — · 2026-W12 0%" in text
    assert "• GitHub Copilot: *4 of 6* licences unused (66.7%) — Engineering 4 of 6" in text
    # one Claude seat in the directory: fewer than k holders, so nothing about it
    assert "nothing is shown for Claude" in text and "Claude: *1 of 1*" not in text


def test_nothing_is_shown_below_k_people():
    snap = _snapshot({"Legal": 3}, {"claude": ["leg0@x.com"]})
    text = _valid(organisation_reply(snap, [], inactive_licensed([], [], {}, K)))
    assert "Nothing is shown: fewer than 5 people are eligible." in text and "%" not in text


def test_a_department_of_its_own():
    snap = _snapshot(SIZES, ACTIVE)
    view = snap.rollup.for_department("engineering")
    text = _valid(department_reply(snap, view, TREND, UNUSED))
    assert "*AI tool adoption — Engineering, 2026-04*" in text and "pooled" not in text
    assert "• *Engineering*, any AI tool: *70%* (7 of 10)" in text and "• Claude: *70%* (7 of 10)" in text
    assert "The whole organisation: 52.2% (12 of 23)." in text
    assert "*Weekly trend* (Engineering, any AI tool)" in text
    assert "• GitHub Copilot: *4 of 6* licences unused (66.7%)" in text


def test_a_pooled_department_says_so_and_shows_its_group():
    snap = _snapshot(SIZES, ACTIVE)
    text = _valid(department_reply(snap, snap.rollup.for_department("Legal"), TREND, UNUSED))
    assert "*Legal* is pooled with other departments: it has fewer than 5 eligible people" in text
    assert "These figures are about *Other departments (pooled)*: Finance, Legal." in text
    assert "• *Other departments (pooled)*, any AI tool: *20%* (1 of 5)" in text
    assert "licences unused" not in text  # unused licences are pooled on their own holders, not on this group


def test_everyone_pooled_and_unknown_departments():
    snap = _snapshot({"Legal": 3, "Finance": 2}, {"claude": ["leg0@x.com"]})
    text = _valid(department_reply(snap, snap.rollup.for_department("Finance"), [], UNUSED))
    assert "These figures are about the whole organisation" in text and "• *All departments*" in text
    assert "The whole organisation:" not in text  # the group is the organisation already
    text = _valid(department_reply(snap, snap.rollup.for_department("Sales <!channel>"), [], UNUSED))
    assert "No eligible people in a department called" in text and "&lt;!channel&gt;" in text


def test_directory_names_are_escaped():
    sizes = {"R&D <!here>": 6, "Ops @channel": 6}
    snap = _snapshot(sizes, {"claude": ["r&d0@x.com"]})
    message = organisation_reply(snap, [], inactive_licensed([], [], {}, K))
    text = _valid(message)
    assert "R&amp;D &lt;!here&gt;" in text and "@\u200bchannel" in text


def test_no_data_is_one_line_naming_the_imports():
    for directory in (False, True):
        message = no_data_message(directory)
        validate_blocks(message["blocks"])
        assert len(message["blocks"]) == 1 and "\n" not in message["text"]
        assert "coach adoption import --source" in message["text"]
        assert ("coach directory import people.csv" in message["text"]) is not directory


def _source(name, *, ok=True, error="", rows=40):
    at = datetime(2026, 5, 9, 6, 0, tzinfo=timezone.utc)
    return SourceStatus(name, at if ok else None, "sync" if name != "directory" else "import", rows, rows * 3, 1,
                        date(2026, 4, 1), date(2026, 5, 8), error,
                        datetime(2026, 5, 10, 6, 0, tzinfo=timezone.utc) if error else None)


def test_app_home_section_flags_failing_sources_and_intent():
    snap = _snapshot(SIZES, ACTIVE)
    intents = {ALL: Intent(5.2, 20), "Sales": Intent(5.8, 8), "Engineering": Intent(3.5, 10)}
    rows = compare(snap.rollup.by_department(), intents)
    home = AdoptionHome(snap, [_source("directory"), _source("claude"),
                               _source("m365-copilot", error="401 from Microsoft Graph: check COACH_GRAPH_TOKEN")],
                        rows, "Pulse <!here> Q1")
    blocks = home_adoption_blocks(home)
    validate_blocks(blocks)
    text = _text({"blocks": blocks})
    assert blocks[0]["text"]["text"] == "AI tool adoption (managers, HR)"
    assert "*2026-04* (last complete month): *52.2%* of 23 people used an AI tool (12 active)." in text
    assert "By tool: Claude *43.5%* · ChatGPT Enterprise *17.4%*" in text
    assert "*Lowest adoption*\n• Other departments (pooled): *20%* (1 of 5)\n• Sales: *50%* (4 of 8)\n" \
           "• Engineering: *70%* (7 of 10)" in text
    sources = next(b["text"]["text"] for b in blocks if b.get("text", {}).get("text", "").startswith("*Sources*"))
    assert sources.splitlines()[1].startswith("• :warning: *Microsoft 365 Copilot* — *failing* since "
                                              "2026-05-10 06:00 UTC: 401 from Microsoft Graph")
    assert "• Directory — last import 2026-05-09 06:00 UTC (40 people)" in sources
    assert "• Claude — last sync 2026-05-09 06:00 UTC (40 rows, 120 active days, 1 unmatched, data up to " \
           "2026-05-08)" in sources
    assert "Intent beside use* (from “Pulse &lt;!here&gt; Q1”)" in text
    intent = next(b["text"]["text"] for b in blocks if "Intent beside use" in b.get("text", {}).get("text", ""))
    lines = intent.splitlines()
    assert lines[1].startswith("• Engineering: intention *3.5*/7 (10 answers), use *70%* — :warning: Used but not "
                               "believed in")  # the flagged first
    assert "(source: `knowledge/framework/best-practices.md#" in lines[1]
    assert lines[2:] == ["• All departments: intention *5.2*/7 (20 answers), use *52.2%*",
                         "• Sales: intention *5.8*/7 (8 answers), use *50%*"]
    assert not PINGS.search(str(blocks))


def test_app_home_section_before_any_figure():
    for home, expected in ((AdoptionHome(None, [_source("claude")]), "No directory yet"),
                           (AdoptionHome(_snapshot(SIZES, {}), [_source("directory")]), "No usage from the AI tools"),
                           (AdoptionHome(_snapshot({"Legal": 3}, {}), [_source("claude")]), "fewer than 5 people")):
        blocks = home_adoption_blocks(home)
        validate_blocks(blocks)
        assert expected in _text({"blocks": blocks}) and "%" not in _text({"blocks": blocks})


def test_the_fullest_app_home_stays_within_slacks_limits():
    """Many departments and sources still make a short section, and every other role's section still fits."""
    from bot.feedback.service import Gap, GapQuestion, ToolFeedback

    sizes = {f"Department {i:02d}": 5 + i for i in range(40)}
    people = list(_directory(sizes))
    snap = Snapshot(APRIL, rollup([(p, "claude") for p in people[::3]], _directory(sizes), K), len(people), 3)
    sources = [_source(s, error="timed out" if i % 2 else "") for i, s in
               enumerate(("directory", "m365-copilot", "github-copilot", "chatgpt-enterprise", "claude", "gemini",
                          "csv"))]
    section_blocks = home_adoption_blocks(AdoptionHome(snap, sources))
    assert len(section_blocks) <= 8
    gaps = [Gap(f"topic {i}", 3, 2, ["q"] * 3, questions=[GapQuestion(f"question {i}.{j}", "gap") for j in range(3)])
            for i in range(12)]
    data = HomeData("U1", frozenset({"employee", "admin"}), "the team", recent=[("a question?", True)] * 5,
                    usage=UsageSummary(30, 10, 7, 4, [UsageRow("mention", 6, 3, 20.0)] * 3,
                                       [UsageRow("Sales", 10, 4, 21.5)] * 30),
                    tools=[ToolFeedback(f"tool {i}", 2, 1, ["good"]) for i in range(12)], gaps=gaps, audits=[],
                    adoption=AdoptionHome(snap, sources))
    view = home_view(data)
    validate_view(view)
    # the admins' KPI nudges (at most 13 blocks) and the surveys (at most 18) come on top of this
    assert len(view["blocks"]) + 13 + 18 <= 100, len(view["blocks"])
