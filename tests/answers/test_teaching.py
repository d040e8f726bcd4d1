"""The question index and the teach loop: questions written in the knowledge files and taught by admins lead to
the section that answers them, survive re-ingest and reach another process on the same database."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, select

from bot.errors import InputError, UserError
from bot.store.tables.questions import SectionQuestion, TaughtQuestion
from tests.conftest import migrate_to

GUIDE = """# Field guide

## Travel rules

<!-- questions
- can I claim my train ticket back?
- how do I get money back for a work trip
-->

Submit receipts within thirty days through the finance portal; economy fares only.

## Printer setup

Office printers are added from the device settings page using the floor's queue name.
"""


@pytest.fixture
def guide(fresh, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.md").write_text(GUIDE)
    c = fresh()
    c.indexer.ingest([folder])
    return c, folder


def _section_of(c, question, team_id=None):
    passages = c.answers.passages(question, team_id=team_id)
    return passages[0].section if passages else None


def test_questions_block_is_stored_with_vectors_and_never_quoted(guide):
    c, _ = guide
    with c.uow() as uow:
        rows = uow.session.scalars(select(SectionQuestion).order_by(SectionQuestion.id)).all()
        texts = [(r.anchor, r.text, len(r.vector)) for r in rows]
        chunks = [t for _, t in uow.documents.all_chunks()]
    assert texts == [("travel-rules", "can I claim my train ticket back?", 384 * 4),
                     ("travel-rules", "how do I get money back for a work trip", 384 * 4)]
    assert not any("<!--" in t or "train ticket" in t for t in chunks)


def test_a_section_question_leads_to_its_section(guide):
    c, _ = guide
    passages = c.answers.passages("how can I get my train ticket refunded?")
    assert passages[0].section == "Travel rules"
    assert passages[0].question_similarity > 0.6
    assert next(p for p in passages if p.section == "Printer setup").question_similarity == 0.0


def test_edited_and_removed_documents_replace_their_questions(guide):
    c, folder = guide
    (folder / "guide.md").write_text(GUIDE.replace("- can I claim my train ticket back?\n", ""))
    c.indexer.ingest([folder])
    with c.uow() as uow:
        assert [r.text for r in uow.session.scalars(select(SectionQuestion))] == [
            "how do I get money back for a work trip"]
    (folder / "guide.md").unlink()
    c.indexer.ingest([folder])
    with c.uow() as uow:
        assert uow.session.scalars(select(SectionQuestion)).all() == []


def test_attaching_a_question_to_a_section_answers_it(guide, tmp_path):
    c, folder = guide
    question = "who configures the office printing queues?"
    target = next(r.target for r in c.teaching.sections("printer"))
    assert target.endswith("guide.md#printer-setup")
    lesson = c.teaching.attach(question, target, "U1", "gap", asked="printers??  who")
    assert (lesson.question, lesson.target, lesson.answer, lesson.source) == (question, target, None, "gap")
    with c.uow() as uow:
        assert uow.questions.get_taught(lesson.id).asked == "printers?? who"
    answer = c.answers.ask("who sets up the printing queues in the office?")
    assert answer.answered and answer.sources[0].section == "Printer setup"
    assert answer.sources[0].path.endswith("guide.md")
    # re-ingesting an edited document, or indexing from scratch, keeps the lesson
    (folder / "guide.md").write_text(GUIDE + "\nAsk the service desk if the queue is missing.\n")
    c.indexer.ingest([folder])
    with c.uow() as uow:
        c.indexer._start_over(uow)
    c.indexer.ingest([folder])
    assert c.answers.passages("who sets up the printing queues in the office?")[0].section == "Printer setup"
    assert [x.id for x in c.teaching.lessons()] == [lesson.id]


def test_a_short_answer_becomes_an_entry_that_is_cited_and_can_be_forgotten(guide):
    c, folder = guide
    question = "is there a budget for AI courses?"
    lesson = c.teaching.answer(question, "Yes: up to 500 EUR a year per person, approved by your manager.", "U1")
    assert lesson.target == f"taught/{lesson.id}#is-there-a-budget-for-ai-courses"
    answer = c.answers.ask("how much budget do we get for AI training courses?")
    assert answer.answered and "500 EUR" in answer.text and answer.sources[0].path == f"taught/{lesson.id}"
    c.indexer.ingest([folder])  # the entry is not a file: an ingest of the folder keeps it
    with c.uow() as uow:
        assert uow.documents.get_by_path(f"taught/{lesson.id}") is not None
    c.teaching.forget(lesson.id)
    with c.uow() as uow:
        assert uow.documents.get_by_path(f"taught/{lesson.id}") is None
    assert all(p.path != f"taught/{lesson.id}" for p in c.answers.passages(question))


@pytest.mark.parametrize(("call", "field"), [
    (lambda t: t.attach("   ", "x.md#y", "U1"), "question"),
    (lambda t: t.attach("a question?", "no-anchor", "U1"), "section"),
    (lambda t: t.attach("a question?", "docs/other.md#travel-rules", "U1"), "section"),
    (lambda t: t.answer("a question?", "  ", "U1"), "answer"),
    (lambda t: t.answer("a question?", "x" * 2001, "U1"), "answer"),
    (lambda t: t.attach("q" * 501, "x.md#y", "U1"), "question"),
])
def test_bad_input_names_the_field_in_one_line_and_changes_nothing(guide, call, field):
    c, _ = guide
    with pytest.raises(InputError) as caught:
        call(c.teaching)
    assert [e.field for e in caught.value.errors] == [field] and "\n" not in str(caught.value)
    with c.uow() as uow:
        assert uow.session.scalars(select(TaughtQuestion)).all() == []
    with pytest.raises(UserError, match="no taught question 99"):
        c.teaching.forget(99)


def test_a_lesson_of_one_workspace_is_not_used_in_another(guide):
    from bot.tenancy import Tenant

    c, _ = guide
    target = next(r.target for r in c.teaching.sections("printer"))
    c.teaching.attach("who configures the office printing queues?", target, "U1", tenant=Tenant("TA"))
    entry = c.teaching.answer("is there a budget for AI courses?", "Yes: 500 EUR a year.", "U1", tenant=Tenant("TA"))
    asked = "who sets up the printing queues in the office?"
    mine = c.answers.passages(asked, team_id="TA")[0]
    theirs = c.answers.passages(asked, team_id="TB")[0]
    assert mine.question_similarity > 0.6 and theirs.question_similarity < 0.6
    assert all(p.path != f"taught/{entry.id}" for p in c.answers.passages("budget for AI courses", team_id="TB"))
    assert c.answers.passages("budget for AI courses", team_id="TA")[0].path == f"taught/{entry.id}"
    assert [x.id for x in c.teaching.lessons(Tenant("TB"))] == []


def test_another_process_on_the_same_database_catches_up_on_refresh(guide, fresh):
    c, _ = guide
    s = c.settings  # a second replica: the same database and vector store, an index of its own
    other = fresh(database_url=s.database_url, chroma_collection=s.chroma_collection)
    asked = "who sets up the printing queues in the office?"
    assert other.answers.passages(asked)[0].question_similarity < 0.6
    target = next(r.target for r in c.teaching.sections("printer"))
    c.teaching.attach("who configures the office printing queues?", target, "U1")
    entry = c.teaching.answer("is there a budget for AI courses?", "Yes: 500 EUR a year.", "U1")
    assert other.refresh_index() is True and other.refresh_index() is False
    assert other.answers.passages(asked)[0].question_similarity > 0.6
    assert other.answers.passages("budget for AI courses")[0].path == f"taught/{entry.id}"


def test_migration_0010_creates_and_drops_the_question_tables(fresh):
    c = fresh()
    migrate_to(c, command.downgrade, "0009")
    assert not {"section_questions", "taught_questions"} & set(inspect(c.engine).get_table_names())
    migrate_to(c, command.upgrade, "head")
    names = set(inspect(c.engine).get_table_names())
    assert {"section_questions", "taught_questions"} <= names
    cols = {col["name"] for col in inspect(c.engine).get_columns("taught_questions")}
    assert cols == {"id", "team_id", "question", "asked", "path", "anchor", "answer", "vector", "taught_by", "source",
                    "created_at"}
