"""The teach loop's blocks: Teach buttons under App Home's gap questions, the form, the section options and the
confirmation; each valid Block Kit within Slack's limits, whatever the question."""

import json

from slack_sdk.models.blocks import Option

from bot.answers.teaching import MAX_QUESTION, SectionRef
from bot.feedback.service import MAX_GAP_QUESTION, Gap, GapQuestion
from bot.slack.blocks.home import HomeData, home_view
from bot.slack.blocks.reports import gap_blocks
from bot.slack.blocks.teach import (
    NO_SECTION,
    option_label,
    option_value,
    read_metadata,
    read_value,
    section_options,
    taught_view,
    teach_modal,
)
from tests.slack.conftest import validate_blocks, validate_view

LONG_PATH = "knowledge/case-studies/predictive-maintenance-manufacturing.md"
LONG_HEADING = "Predictive maintenance takeaway: pair analytics with simple, action-oriented guidance for operators"


def _ref(path: str, heading: str, title: str = "Predictive maintenance in manufacturing") -> SectionRef:
    from bot.ingest.chunking import anchor

    return SectionRef(path, anchor(heading), f"{title} › {heading}")


def test_gap_questions_get_a_teach_button_carrying_source_and_question():
    long_question = "How do I " + "really " * 100 + "teach this?"
    gap = Gap("kpis", 2, 1, ["Which KPI for adoption?", "old"],
              questions=[GapQuestion("Which KPI for adoption?", "gap"),
                         GapQuestion(long_question[:MAX_GAP_QUESTION], "feedback")], taught=2)
    blocks = gap_blocks([gap], limit=5, teach=True)
    validate_blocks(blocks)
    assert blocks[0]["text"]["text"] == "*kpis* — 2 declined, 1 👎\nTaught since: 2 questions."
    assert [b["text"]["text"] for b in blocks[1:2]] == ["• _Which KPI for adoption?_"]
    buttons = [b["accessory"] for b in blocks[1:]]
    assert [(b["action_id"], b["text"]["text"]) for b in buttons] == [("teach_open", "Teach")] * 2
    assert buttons[0]["value"] == "gap:Which KPI for adoption?"
    assert buttons[1]["value"] == "feedback:" + long_question[:500] and len(buttons[1]["value"]) <= 2000
    assert [read_value(b["value"]) for b in buttons] == [("gap", "Which KPI for adoption?"),
                                                          ("feedback", long_question[:500])]
    # without teach (the reports people get by DM or `/coach gaps`), the questions stay lines of one section
    [plain] = gap_blocks([gap], limit=5)
    assert "accessory" not in plain and "• _Which KPI for adoption?_\n• _old_" in plain["text"]["text"]


def test_crafted_button_values_and_metadata_fall_back_to_a_declined_question():
    assert read_value("nonsense") == ("gap", "nonsense")
    assert read_value("cli:Who?") == ("gap", "cli:Who?")  # only gap and feedback come from buttons
    assert read_value("feedback:a: b") == ("feedback", "a: b")
    assert read_metadata('{"source": "feedback", "home": true, "asked": "Who?"}') == ("feedback", True, "Who?")
    for crafted in ("", "[]", "{", '{"source": "cli", "home": "yes", "asked": 3}'):
        assert read_metadata(crafted)[:2] == ("gap", False)
    assert read_metadata('{"asked": 3}')[2] is None


def test_app_home_shows_admins_teach_buttons_and_stays_valid():
    gaps = [Gap(f"topic {i}", 3, 2, questions=[GapQuestion(f"question {i}.{j} <!here>", "gap") for j in range(5)])
            for i in range(12)]
    view = home_view(HomeData("U1", frozenset({"employee", "admin"}), "the team", gaps=gaps))
    validate_view(view)
    teach = [b for b in view["blocks"] if b.get("accessory", {}).get("action_id") == "teach_open"]
    assert len(teach) == 25  # five topics, five questions each
    assert teach[0]["text"]["text"] == "• _question 0.0 &lt;!here&gt;_"  # shown escaped: no ping
    assert teach[0]["accessory"]["value"] == "gap:question 0.0 <!here>"  # never shown: the question as asked
    assert any("*Teach* attaches a question" in json.dumps(b) for b in view["blocks"] if b["type"] == "context")


def test_the_form_prefills_the_question_and_offers_a_section_search_or_an_answer():
    view = teach_modal("Who adds the office printers?", "feedback", from_home=True)
    validate_view(view)
    assert (view["callback_id"], view["submit"]["text"]) == ("teach_question", "Teach")
    assert json.loads(view["private_metadata"]) == {"source": "feedback", "home": True,
                                                   "asked": "Who adds the office printers?"}
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["question", "section", "answer"]
    assert inputs["question"]["element"]["initial_value"] == "Who adds the office printers?"
    assert not inputs["question"].get("optional") and inputs["section"]["optional"] and inputs["answer"]["optional"]
    search = inputs["section"]["element"]
    assert (search["type"], search["action_id"], search["min_query_length"]) == ("external_select", "teach_section", 0)
    assert inputs["answer"]["element"]["multiline"] and inputs["answer"]["element"]["max_length"] == 2000
    assert inputs["question"]["element"]["max_length"] == MAX_QUESTION == MAX_GAP_QUESTION
    empty = teach_modal("", "gap", from_home=False)  # a crafted button: an empty question to fill in
    validate_view(empty)
    assert "initial_value" not in empty["blocks"][1]["element"]


def test_section_options_fit_slacks_limits_and_long_targets_are_digests():
    long = _ref(LONG_PATH, LONG_HEADING)
    short = _ref("knowledge/kpis/magic-three.md", "The magic three", title="KPIs")
    assert len(long.target) > 150
    options = section_options([short, long], "")
    parsed = Option.parse_all(options)
    for option in parsed:
        option.validate_json()
    assert [o["value"] for o in options] == [NO_SECTION, short.target, option_value(long.target)]
    assert options[1]["text"]["text"] == "KPIs › The magic three"
    assert options[1]["description"]["text"] == "knowledge/kpis/magic-three.md"
    assert option_value(long.target).startswith("sha1:") and len(option_value(long.target)) <= 150
    assert option_value(long.target) != option_value(long.target + "x")
    assert [o["value"] for o in section_options([short], "magic")] == [short.target]  # typed: no "no section"
    assert len(section_options([short] * 300, "")) == 100


def test_long_labels_keep_the_section_heading_whole():
    label = option_label("A very long document title about predictive maintenance in factories › Lessons learned")
    assert label == "A very long document title about predictive maintenance… › Lessons learned"
    assert len(option_label(_ref(LONG_PATH, LONG_HEADING).label)) == 75  # a heading too long to keep whole
    assert option_label("Short › Label") == "Short › Label"


def test_the_confirmation_says_where_the_question_now_leads():
    attached = taught_view("Who adds <!here> printers?", "Office guide › Printer setup")
    answered = taught_view("Is there a budget?", None)
    for view in (attached, answered):
        validate_view(view)
    assert attached["blocks"][0]["text"]["text"] == ("Taught. _Who adds &lt;!here&gt; printers?_ now leads to the "
                                                      "section *Office guide › Printer setup*.")
    assert "its own short answer" in answered["blocks"][0]["text"]["text"]
