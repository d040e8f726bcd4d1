"""The teach loop's blocks: the Teach button under a gap question (App Home), the form that attaches the question
to the section that answers it or answers it in a few sentences, the sections offered in that form's search,
and the confirmation."""

from __future__ import annotations

import hashlib
import json

from bot.answers.teaching import MAX_ANSWER, MAX_QUESTION, SectionRef
from bot.feedback.service import GapQuestion
from bot.ingest.chunking import SEPARATOR
from bot.slack.blocks.kit import button, context, plain, section
from bot.slack.blocks.text import shorten, user_text

TEACH_OPEN = "teach_open"  # the Teach button's action id
TEACH_MODAL = "teach_question"  # the form's callback id
SECTION_SEARCH = "teach_section"  # the section select's action id (its options come from the app)
NO_SECTION = "none"  # the option that clears a section picked by mistake: Slack selects have no "clear"
OPTION_TEXT, OPTION_VALUE = 75, 150  # Slack's limits for an option's text and value
HASHED = "sha1:"  # an option value standing for a PATH#ANCHOR longer than OPTION_VALUE
SOURCES = ("gap", "feedback")  # where a gap question came from: declined, or its answer got a 👎


def teach_value(item: GapQuestion) -> str:
    """The Teach button's value, "SOURCE:QUESTION": the question as asked, within the teach loop's limit (and
    far within the 2000 characters of a button's value)."""
    return f"{item.source}:{item.question[:MAX_QUESTION]}"


def teach_button(item: GapQuestion) -> dict:
    return button("Teach", TEACH_OPEN, teach_value(item))


def read_value(value: str) -> tuple[str, str]:
    """(source, question) of a Teach button's value; a value of another shape is a declined question."""
    source, sep, question = value.partition(":")
    return (source, question) if sep and source in SOURCES else ("gap", value)


def teach_modal(question: str, source: str, from_home: bool) -> dict:
    """The form: the question (editable), the section search, the short answer. ``private_metadata`` carries
    where the question came from, and whether App Home should be refreshed after it is taught."""
    question_input = {"type": "plain_text_input", "action_id": "text", "max_length": MAX_QUESTION}
    if question.strip():
        question_input["initial_value"] = question[:MAX_QUESTION]
    blocks = [
        section("Teach me this question: the next time anyone asks it, or something close to it, I answer from "
                "the place you pick. Pick the section that answers it, *or* write a short answer."),
        {"type": "input", "block_id": "question", "label": plain("Question"),
         "element": question_input,
         "hint": plain("Edit it if it holds names or typos; keep the asker's wording otherwise.")},
        {"type": "input", "block_id": "section", "optional": True, "label": plain("Section that answers it"),
         "element": {"type": "external_select", "action_id": SECTION_SEARCH, "min_query_length": 0,
                     "placeholder": plain("Type words of its title or file name")}},
        {"type": "input", "block_id": "answer", "optional": True, "label": plain("…or a short answer"),
         "element": {"type": "plain_text_input", "action_id": "text", "multiline": True, "max_length": MAX_ANSWER,
                     "placeholder": plain("A few sentences, when no section answers it")},
         "hint": plain("Cited as \"Answers taught by your admins\". Longer guidance belongs in a document.")},
        context("Pick one of the two. `coach teach --list` shows what was taught; `--forget ID` undoes it."),
    ]
    return {"type": "modal", "callback_id": TEACH_MODAL, "title": plain("Teach the coach"), "submit": plain("Teach"),
            "close": plain("Cancel"), "blocks": blocks,
            "private_metadata": json.dumps({"source": source, "home": from_home, "asked": question[:MAX_QUESTION]})}


def read_metadata(metadata: str) -> tuple[str, bool, str | None]:
    """(source, from_home, the question as it was asked) of the form's private_metadata; anything unexpected
    is a declined question."""
    try:
        meta = json.loads(metadata or "{}")
        source, home, asked = meta.get("source"), meta.get("home") is True, meta.get("asked")
    except (ValueError, AttributeError):
        return "gap", False, None
    return (source if source in SOURCES else "gap"), home, (asked if isinstance(asked, str) else None)


def option_value(target: str) -> str:
    """PATH#ANCHOR, or its digest when longer than an option's value may be (a long file name and heading)."""
    return target if len(target) <= OPTION_VALUE else HASHED + hashlib.sha1(target.encode()).hexdigest()


def option_label(label: str) -> str:
    """"Document › Section" within an option's 75 characters, the section's own heading kept whole when it fits.
    Hand-written: ``shorten`` cuts the end, which is the part that tells sections of one document apart."""
    if len(label) <= OPTION_TEXT:
        return label
    head, sep, last = label.rpartition(SEPARATOR)
    room = OPTION_TEXT - len(last) - len(sep)
    if not sep or room < 12:
        return shorten(label, OPTION_TEXT)
    return shorten(head, room) + sep + last


def section_options(refs: list[SectionRef], searched: str) -> list[dict]:
    """The select's options for what was typed: "no section" first while nothing is typed, then at most 99
    sections."""
    options = [{"text": plain(option_label(r.label)), "value": option_value(r.target),
                "description": plain(shorten(r.path, OPTION_TEXT))} for r in refs[:99]]
    if not searched.strip():
        options.insert(0, {"text": plain("No section: use my short answer"), "value": NO_SECTION})
    return options[:100]


def taught_view(question: str, label: str | None) -> dict:
    """The confirmation: the question and where it leads now (``label`` None: its own short answer)."""
    where = (f"the section *{user_text(label, 300)}*" if label is not None
             else "its own short answer, cited as _Answers taught by your admins_")
    return {"type": "modal", "title": plain("Taught"), "close": plain("Close"),
            "blocks": [section(f"Taught. _{user_text(question, 500)}_ now leads to {where}."),
                       context("Other replicas of the coach pick it up at their next index refresh.")]}
