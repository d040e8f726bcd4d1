"""The first run: `coach db upgrade` says it created the database; on the embedded default (SQLite and embedded
Chroma) `coach ask`, `chat` and `run` migrate and index a fresh data dir themselves, a line for each step on
standard error; against a server they leave the database alone and name the command; the chat loads the model
while its banner shows."""

from __future__ import annotations

import io
import json
import threading

import pytest
from alembic import command

from bot.config import Settings
from bot.container import Container
from bot.store import db
from tests.conftest import POSTGRES_ADMIN_URL, migrate_to, run_coach, test_database_url

DOC = """# Shadow work

## What shadow work is

Shadow work is the hidden effort people spend checking AI output, rewriting prompts and fixing drafts that
nobody counts. It makes adoption stall because the time saved is spent again where no metric sees it.
"""


@pytest.fixture
def model(monkeypatch, shared_embeddings):
    """Every container of the test uses the session's loaded model (one load for the run, not one per command)."""
    monkeypatch.setattr(Container, "embeddings", property(lambda self: shared_embeddings))


@pytest.fixture
def env(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "shadow-work.md").write_text(DOC)
    return {"COACH_DATA_DIR": str(tmp_path / "data"), "COACH_KNOWLEDGE_DIRS": str(folder)}


def _revision(data_dir) -> str | None:
    return db.current_revision(db.make_engine(Settings(data_dir=data_dir).db_url))


def test_db_upgrade_says_whether_it_created_upgraded_or_found_the_database_up_to_date(tmp_path, capsys, monkeypatch):
    env = {"COACH_DATA_DIR": str(tmp_path)}
    head = db.head_revision()
    code, out, _ = run_coach(["db", "upgrade"], capsys, monkeypatch, env)
    assert (code, out) == (0, f"Database created (sqlite, revision {head}).\n")
    code, out, _ = run_coach(["db", "upgrade"], capsys, monkeypatch, env)
    assert (code, out) == (0, f"Database is up to date (sqlite, revision {head}).\n")
    migrate_to(Container(Settings(data_dir=tmp_path)), command.downgrade, "-1")
    older = _revision(tmp_path)
    code, out, _ = run_coach(["db", "upgrade"], capsys, monkeypatch, env)
    assert (code, out) == (0, f"Database upgraded from revision {older} to {head} (sqlite).\n")


def test_ask_on_a_fresh_data_dir_migrates_and_indexes_then_answers(env, model, capsys, monkeypatch):
    code, out, err = run_coach(["ask", "--json", "What is shadow work?"], capsys, monkeypatch, env)
    assert code == 0, err
    answer = json.loads(out)  # standard output holds the JSON only
    assert answer["answered"] and answer["sources"][0]["path"].endswith("shadow-work.md")
    assert err.splitlines() == [
        f"Database created (sqlite, revision {db.head_revision()}).",
        (f"Indexing the knowledge base ({env['COACH_KNOWLEDGE_DIRS']}) for the first time; this takes a minute "
         "or two, once."),
        f"Indexed 1 document ({answer_passages(env)} passages); `coach ingest` picks up later changes."]
    code, out, err = run_coach(["ask", "--json", "What is shadow work?"], capsys, monkeypatch, env)
    assert code == 0 and err == "" and json.loads(out)["answered"]  # prepared once: nothing more to say


def answer_passages(env) -> int:
    with Container(Settings(data_dir=env["COACH_DATA_DIR"])).uow() as uow:
        return uow.documents.counts()[1]


@pytest.mark.parametrize("args", [["chat"], ["run"]])
def test_chat_and_run_prepare_a_fresh_data_dir_too(env, model, capsys, monkeypatch, args):
    code, out, err = run_coach(args, capsys, monkeypatch, env, stdin="What is shadow work?\n")
    assert code == 0, err
    assert "Database created" in err and "Indexed 1 document" in err
    assert "shadow-work.md" in out and "hidden effort" in out


def test_an_older_embedded_database_is_upgraded_before_answering(env, model, capsys, monkeypatch):
    c = Container(Settings(data_dir=env["COACH_DATA_DIR"]))
    c.migrate()
    migrate_to(c, command.downgrade, "-1")
    older = _revision(env["COACH_DATA_DIR"])
    code, out, err = run_coach(["ask", "What is shadow work?"], capsys, monkeypatch, env)
    assert code == 0 and "hidden effort" in out
    assert err.splitlines()[0] == f"Database upgraded from revision {older} to {db.head_revision()} (sqlite)."


def _servers() -> list:
    cases = [pytest.param({"COACH_CHROMA_URL": "http://127.0.0.1:9"}, id="chroma-server")]
    if POSTGRES_ADMIN_URL:
        cases.append(pytest.param("postgres", id="postgresql"))
    return cases


@pytest.mark.parametrize("server", _servers())
def test_with_a_server_migrations_stay_explicit(env, capsys, monkeypatch, server):
    server = {"COACH_DATABASE_URL": test_database_url()} if server == "postgres" else server
    for args in (["ask", "What is shadow work?"], ["chat"], ["run"]):
        code, out, err = run_coach(args, capsys, monkeypatch, {**env, **server}, stdin="")
        assert code == 2 and out == ""
        assert " ".join(err.split()) == "error: The database is empty; run `coach db upgrade` to bring it up to date."
    settings = Settings(data_dir=env["COACH_DATA_DIR"], database_url=server.get("COACH_DATABASE_URL"))
    assert db.current_revision(db.make_engine(settings.db_url)) is None  # left as it was


def test_a_missing_knowledge_folder_is_one_line(env, model, capsys, monkeypatch, tmp_path):
    code, out, err = run_coach(["ask", "hello"], capsys, monkeypatch,
                               {**env, "COACH_KNOWLEDGE_DIRS": str(tmp_path / "nowhere")})
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == (f"error: The knowledge base is empty and {tmp_path / 'nowhere'} does not exist: "
                                    "run coach from the project folder, or set COACH_KNOWLEDGE_DIRS to your documents.")


def test_the_chat_loads_the_model_while_the_banner_waits_for_the_first_question(fresh, tmp_path, monkeypatch):
    from rich.console import Console

    from bot.answers.service import AnswerService
    from bot.cli.answers import chat_loop
    from bot.errors import UserError

    started, finished = threading.Event(), threading.Event()
    real_warm_up, real_ask = AnswerService.warm_up, AnswerService.ask
    seen = {}

    def warm_up(self):
        seen["thread"] = threading.current_thread().name
        started.set()
        real_warm_up(self)
        finished.set()

    def ask(self, question, *args, **kwargs):
        seen["warm when asked"] = finished.is_set()
        return real_ask(self, question, *args, **kwargs)

    questions = iter(["What is shadow work?"])

    def reader(prompt):
        seen["warming while waiting"] = started.wait(10)  # the person is still typing
        return next(questions, "")

    c = fresh()
    (tmp_path / "shadow-work.md").write_text(DOC)
    c.indexer.ingest([tmp_path / "shadow-work.md"])
    monkeypatch.setattr(AnswerService, "warm_up", warm_up)
    monkeypatch.setattr(AnswerService, "ask", ask)
    chat_loop(c.answers, Console(file=io.StringIO()), reader=reader)
    assert seen == {"thread": "warm-up", "warming while waiting": True, "warm when asked": True}

    def failing(self):
        raise UserError("The database is empty; run `coach db upgrade` to bring it up to date.")

    monkeypatch.setattr(AnswerService, "warm_up", failing)
    with pytest.raises(UserError, match="coach db upgrade"):  # at the first question, as one line
        chat_loop(c.answers, Console(file=io.StringIO()), reader=lambda prompt: "hello")
