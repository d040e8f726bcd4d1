"""The composition root releases what it opened: a process that builds many containers (the tests, a command run
in-process) must not run out of file descriptors."""

import gc
import os

import pytest

from tests.conftest import KNOWLEDGE, make_container, run_coach

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files through /proc")


def open_files() -> int:
    gc.collect()  # Chroma's HTTP client leaves its connection pool to the garbage collector
    return len(os.listdir("/proc/self/fd"))


def answering(data_dir, embeddings):
    c = make_container(data_dir)
    c.__dict__["embeddings"] = embeddings
    c.indexer.ingest([KNOWLEDGE / "kpis"])
    assert c.answers.ask("how do we calculate the employee adoption rate?").answered
    return c


def test_closing_a_container_releases_its_files_and_it_still_answers_afterwards(tmp_path, shared_embeddings):
    answering(tmp_path / "first", shared_embeddings).close()  # what a process opens once (Chroma's runtime)
    before = open_files()
    c = answering(tmp_path / "data", shared_embeddings)
    opened = open_files() - before  # embedded: Chroma's and SQLite's files; with servers: their connections
    c.close()
    # the slack of 2: in a long run a file another test left for the garbage collector may close meanwhile, or
    # one of the process's own open late; either way closing released something
    assert open_files() - before <= min(2, opened - 1), opened
    assert c.answers.ask("how do we calculate the employee adoption rate?").answered  # opened again on use
    c.close()
    c.close()  # a second close does nothing
    assert open_files() <= before + 2


def test_a_command_run_in_process_closes_its_container(tmp_path, capsys, monkeypatch):
    env = {"COACH_DATA_DIR": str(tmp_path / "data")}
    code, _, _ = run_coach(["db", "upgrade"], capsys, monkeypatch, env)
    assert code == 0
    before = open_files()
    for _ in range(10):
        code, out, _ = run_coach(["roles", "list"], capsys, monkeypatch, env)
        assert code == 0
    assert open_files() <= before + 2  # unclosed, each run kept its database file open
