"""Real processes for scale-out tests and the replica benchmark: a Chroma server (`chroma run`) and bot replicas
(`coach run --http`), each started from this virtual environment, on loopback.

A replica is the real command a deployment runs, with its own empty data dir: what it knows comes from the
shared database and the Chroma server, as in a Kubernetes Deployment with two pods."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import deque
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    # `chroma run` has no "port 0"; the moment between closing this socket and the server binding it is the
    # usual, accepted race
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "SLACK_"))}
    env.update({"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


class Process:
    """A child process whose output is kept (last lines) for the failure message, and stopped on exit."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path | None = None):
        self.name = name
        self.lines: deque[str] = deque(maxlen=200)
        self.proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self._seen = threading.Condition()
        threading.Thread(target=self._read, name=f"{name}-output", daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self._seen.notify_all()

    def wait_for_line(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines:
                    if line.startswith(prefix):
                        return line
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name} did not print {prefix!r}:\n" + "\n".join(self.lines))
                self._seen.wait(0.2)

    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class ChromaServer:
    """`chroma run` on 127.0.0.1 with its data in a temporary folder."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="coach-chroma-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = Process("chroma", [str(BIN / "chroma"), "run", "--path", self._dir.name, "--host", "127.0.0.1",
                                          "--port", str(self.port)], _child_env({}))
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2) as resp:
                    json.load(resp)
                return
            except OSError:
                if self.process.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("chroma run did not start:\n" + self.process.output())
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.stop()
        self._dir.cleanup()


class Replica:
    """`coach run --http --port 0` in its own empty data dir; the port is read from its start-up banner."""

    def __init__(self, name: str, env: dict[str, str], root: Path):
        self.data_dir = tempfile.TemporaryDirectory(prefix=f"coach-{name}-")
        env = _child_env({**env, "COACH_DATA_DIR": self.data_dir.name})
        self.process = Process(name, [str(BIN / "coach"), "run", "--http", "--host", "127.0.0.1", "--port", "0"],
                               env, cwd=root)
        self.url = ""

    def wait_ready(self, timeout: float = 180) -> str:
        banner = self.process.wait_for_line("adoption coach: HTTP mode on ", timeout)
        port = int(banner.split(" on ", 1)[1].split(" ", 1)[0].rsplit(":", 1)[1])
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    def stop(self) -> None:
        self.process.stop()
        self.data_dir.cleanup()
