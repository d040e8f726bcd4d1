"""The `coach` app as a whole: its commands in `coach --help` order, a --help that loads no model, one-line
errors for configuration and input mistakes in every part, and `coach run` falling back to the local chat."""

import os
import subprocess
import sys

import pytest
import typer

from tests.conftest import COACH, ROOT, cli_env, run_coach

COMMANDS = ["ingest", "ask", "chat", "doctor", "eval", "teach", "run", "web", "export", "import",
            "db", "roles", "feedback", "audit", "survey", "kpi", "okr", "nudge", "directory", "adoption", "data", "slack"]
# Runs `coach --help` and prints which of the model's libraries were imported for it.
HELP_PROBE = ("import sys\nfrom bot.cli.main import main\nsys.argv = ['coach', '--help']\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'sentence_transformers'}), "
              "file=sys.stderr)")


def test_help_lists_the_commands_in_their_order():
    from bot.cli.main import app

    group = typer.main.get_command(app)
    assert group.list_commands(typer.Context(group)) == COMMANDS


def test_help_loads_no_embedding_model():
    proc = subprocess.run([sys.executable, "-c", HELP_PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0 and "Usage: coach" in proc.stdout, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"


def test_run_without_slack_tokens_is_local_chat(kb, capsys, monkeypatch):
    code, out, _ = run_coach(["run"], capsys, monkeypatch, cli_env(kb), stdin="")
    assert code == 0 and "local mode" in out


@pytest.mark.parametrize("args, env, message", [
    (["ask", "hello"], {"COACH_CHROMA_URL": "http://127.0.0.1:9"}, "coach db upgrade"),
    (["ingest", "does/not/exist"], {"migrate": True}, "No such file or folder"),
    (["eval", "--qa", "missing.yaml"], {"migrate": True}, "No such QA file"),
    (["ask", "hello"], {"COACH_TOP_K": "lots"}, "Invalid configuration: COACH_TOP_K: must be a whole number"),
    (["ask", "hello"], {"COACH_SURVEY_MIN_RESPONSES": "2"}, "COACH_SURVEY_MIN_RESPONSES: must be at least 3"),
    (["roles", "list"], {"COACH_ADMINS": "U0BOSS, bad id"}, "COACH_ADMINS: 'bad id' is not a Slack member ID"),
    (["roles", "list"], {"COACH_HR_GROUPS": "U0BOSS"}, "COACH_HR_GROUPS: 'U0BOSS' is not a Slack user group ID"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}, "Cannot open the database"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "mysql://nobody@127.0.0.1:9/none"}, "driver for mysql"),
    (["ask", "hello"], {"COACH_DATABASE_URL": "not a url"}, "not a valid database URL"),
])
def test_user_mistakes_are_one_line_errors(tmp_path, args, env, message):
    env = dict(env)
    full_env = {**os.environ, "COACH_DATA_DIR": str(tmp_path), **{k: v for k, v in env.items() if k != "migrate"}}
    if env.get("migrate"):
        subprocess.run([*COACH, "db", "upgrade"], cwd=ROOT, env=full_env, check=True, capture_output=True)
    proc = subprocess.run([*COACH, *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in " ".join(proc.stderr.split()) and "Traceback" not in proc.stderr  # as one line, unwrapped
    assert len(proc.stderr.strip().splitlines()) <= 3  # one message, wrapped by the terminal width at most
