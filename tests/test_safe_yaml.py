"""bot.safe_yaml and every YAML loader that uses it: a billion-laughs file, an oversize file and a non-UTF-8 file
are each one line naming the file (and the line), quickly and in little memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import pytest

from bot.errors import UserError
from bot.safe_yaml import MAX_BYTES, load_yaml, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
LAUGHS = "".join(f'{c}: &{c} [{",".join([f"*{p}"] * 9)}]\n' for p, c in zip("abcdefgh", "bcdefghi"))
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + LAUGHS  # 9**9 "lol"s once walked
TEMPLATE_BOMB = BOMB + "id: laughs\nname: Laughs\nquestions:\n  - {id: q1, kind: likert, text: Fine}\ndescription: *i\n"


def _one_line_error(call) -> str:
    with pytest.raises(UserError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_an_alias_bomb_is_refused_at_its_first_alias_quickly_and_in_little_memory(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BOMB)
    assert len(BOMB) < 500
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = _one_line_error(lambda: load_yaml(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2 and peak < 1_000_000
    assert message == f"{path} is not valid YAML at line 2, column 8: aliases (*name) are not allowed in this file."


def test_anchors_without_aliases_and_ordinary_yaml_still_load():
    assert parse_yaml("base: &base {a: 1}\nlist: [1, two]\n") == {"base": {"a": 1}, "list": [1, "two"]}
    assert _one_line_error(lambda: parse_yaml("x: &x {a: 1}\ny:\n  <<: *x\n", name="m.yaml")).startswith(
        "m.yaml is not valid YAML at line 3, column 7: aliases")


def test_an_oversize_file_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("items:\n" + "  - x\n" * (MAX_BYTES // 6 + 1))
    assert _one_line_error(lambda: load_yaml(path)) == f"{path} is larger than {MAX_BYTES:,} bytes: too large to read."
    assert load_yaml(path, max_bytes=2 * MAX_BYTES)["items"][0] == "x"


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Pulse\nintro: Merci beaucoup, café\n".encode("latin-1"))
    assert _one_line_error(lambda: load_yaml(path)) == f"{path} is not UTF-8 text (line 2): save it as UTF-8."


@pytest.mark.parametrize("text, expected", [
    ("team: [unclosed\n", "at line 2, column 1: expected ',' or ']', but got '<stream end>'."),
    ("a: " + "[" * 5000, ": it nests too deeply."),
    ("n: " + "1" * 5000, ": a value cannot be read (Exceeds the limit (4300 digits) for integer string conversion"),
    ("ok: 1\nbad: \x07\n", "at line 2: it holds the control character #x0007."),
])
def test_parse_problems_are_one_line(text, expected):
    assert expected in _one_line_error(lambda: parse_yaml(text, name="f.yaml"))


def test_missing_files_and_folders_are_one_line(tmp_path):
    assert _one_line_error(lambda: load_yaml(tmp_path / "nope.yaml")) == f"{tmp_path / 'nope.yaml'} does not exist."
    assert _one_line_error(lambda: load_yaml(tmp_path, missing="unused")) == f"{tmp_path} is a folder, not a file."
    assert _one_line_error(lambda: load_yaml(tmp_path / "x.yaml", missing="Where is it?")) == "Where is it?"


def test_every_yaml_loader_refuses_the_bomb(tmp_path):
    from bot.answers.scope import ScopeGuard
    from bot.audit.catalog import load_catalog as audit_catalog
    from bot.audit.inputs import from_file
    from bot.evaluation.qa import load_qa
    from bot.kpis.catalog import load_catalog as kpi_catalog

    path = tmp_path / "catalog.yaml"
    path.write_text(BOMB)
    for load in (lambda: audit_catalog(tmp_path), lambda: from_file(path), lambda: load_qa([path]),
                 lambda: kpi_catalog(path), lambda: ScopeGuard(None, path)):
        assert "aliases (*name) are not allowed" in _one_line_error(load)


def test_survey_templates_and_question_files_refuse_bombs_in_a_bounded_process(tmp_path):
    """`coach survey create --questions FILE.yaml` and COACH_SURVEY_TEMPLATES_DIR, run in a child process
    limited to 1 GiB: before the fix, printing the template's description expanded 9**9 "lol"s."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "laughs.yaml").write_text(TEMPLATE_BOMB)
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from pathlib import Path
        from bot.surveys import templates
        from bot.surveys.definition import SurveyError
        for call in (lambda: templates.load_file(Path({str(folder / 'laughs.yaml')!r})).description,
                     lambda: templates.read_questions(Path({str(folder / 'laughs.yaml')!r})),
                     lambda: templates.TemplateLibrary(Path({str(folder)!r})).all()):
            try:
                print("loaded", len(str(call())))
            except SurveyError as exc:
                print("refused", exc)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-500:]
    refused = (f"refused {folder / 'laughs.yaml'} is not valid YAML at line 2, column 8: aliases (*name) are not "
               "allowed in this file.")
    assert done.stdout.splitlines() == [refused] * 3


def test_questions_files_read_as_yaml_or_text_with_one_line_errors(tmp_path):
    from bot.surveys.definition import SurveyError
    from bot.surveys.templates import read_questions

    text = tmp_path / "questions.txt"
    text.write_text("likert (fit): It fits my work\nnps: Recommend?\n")
    assert [q.kind for q in read_questions(text).questions] == ["likert", "nps"]
    yml = tmp_path / "questions.YML"
    yml.write_text("questions:\n  - {id: q1, kind: text, text: 'Anything else?'}\n")
    assert [q.id for q in read_questions(yml).questions] == ["q1"]
    text.write_bytes(b"likert (fit): It fits\nnps: Recommend? \xff\n")
    with pytest.raises(SurveyError, match=r"questions.txt is not UTF-8 text \(line 2\): save it as UTF-8\.$"):
        read_questions(text)
    with pytest.raises(SurveyError, match=r"nope.txt does not exist\.$"):
        read_questions(tmp_path / "nope.txt")
    text.write_text("text: Why?\n" * (MAX_BYTES // 10))
    with pytest.raises(SurveyError, match="too large to read"):
        read_questions(text)
