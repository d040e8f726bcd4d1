"""The suite's own set-up: what configures a run reaches each pytest-xdist worker (make test runs two)."""

import subprocess
import sys

from tests.conftest import ROOT

PROBE = '''
from tests.conftest import CHROMA_TEST_URL, POSTGRES_ADMIN_URL


def test_probe():
    assert (POSTGRES_ADMIN_URL, CHROMA_TEST_URL) == ("postgresql://probe@127.0.0.1:9/postgres", "http://127.0.0.1:9")
'''


def test_the_servers_a_run_is_given_reach_its_workers(tmp_path):
    # the controller loads tests/conftest.py first, which clears the developer's COACH_* settings before the workers
    # start: were COACH_TEST_* cleared with them, the run "on servers" would run each worker on SQLite
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "COACH_TEST_POSTGRES_URL": "postgresql://probe@127.0.0.1:9/postgres",
           "COACH_TEST_CHROMA_URL": "http://127.0.0.1:9"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-n", "1", "-q",
                           "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path / "test_probe.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
