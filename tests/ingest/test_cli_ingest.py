"""`coach ingest`: what was added, unchanged and removed, unreadable files skipped in one line each, and a bad
path as one error line with nothing else printed."""

import os
import subprocess

from tests.conftest import COACH, ROOT, WIDE, cli_env, run_coach


def test_ingest_reports_added_unchanged_and_removed(fresh, tmp_path):
    c = fresh()
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "policy.md").write_text("# Policy\n\n## Approved tools\n\nUse the approved assistant for drafts.\n")
    (folder / "faq.txt").write_text("The AI champions meet every second Thursday.")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")  # pypdf warns about it: only our one line may show
    env = {**os.environ, **cli_env(c), **WIDE}

    def ingest():
        proc = subprocess.run([*COACH, "ingest", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stderr
        skipped = f"skipped {folder / 'scan.pdf'}: not a readable PDF (PdfStreamError)"
        assert proc.stderr.strip().splitlines() == [skipped]
        return proc.stdout

    assert "Indexed: 2 added, 0 updated, 0 unchanged, 0 removed; 2 chunks embedded, 2 in the index." in ingest()
    (folder / "faq.txt").unlink()
    assert "Indexed: 0 added, 0 updated, 1 unchanged, 1 removed; 0 chunks embedded, 1 in the index." in ingest()


def test_a_failed_ingest_prints_only_the_error(fresh, capsys, monkeypatch):
    code, out, err = run_coach(["ingest", "does/not/exist"], capsys, monkeypatch, cli_env(fresh()))
    assert code == 2 and out == "" and err.strip() == "error: No such file or folder: does/not/exist"
