"""Survey fan-out: 5,000 invitations through the outbox against the fake Slack with a rate limit enforced.

Two runs, each on a survey of its own:
  - clean: one sender drains the whole outbox;
  - killed: a sender in a separate process is killed with SIGKILL about half-way, then a new sender resumes
    (rows the dead sender had claimed are checked against the DM history, by the outbox id in each message's
    metadata, before anything is sent again).
For each run: DMs Slack accepted per person (lost = 0 accepted, duplicated = more than 1), 429s answered,
total time. The rate limit answers 429 with Retry-After, which the sender honours.

Run: .venv/bin/python -m benchmarks.survey_fanout [--recipients 5000] [--rate 250] [--workers 4]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "slack"))

from pydantic import SecretStr  # noqa: E402

TOKEN = "xoxb-0000-benchmark"


def container_for(data_dir: Path, api_url: str, workers: int, lease: int = 120):
    from bot.config import Settings
    from bot.container import Container

    settings = Settings(data_dir=data_dir, slack_api_url=api_url, slack_bot_token=SecretStr(TOKEN),
                        survey_send_workers=workers, survey_outbox_lease_seconds=lease)
    return Container(settings)


def queue_survey(container, recipients: int, title: str) -> int:
    from datetime import timedelta

    from bot.clock import utcnow
    from bot.surveys.audience import Audience, users_only
    from bot.surveys.service import NewSurvey

    users = [f"U{title[:1].upper()}{i:07d}" for i in range(recipients)]
    now = utcnow()
    survey_id = container.surveys.create(NewSurvey(title=title, opens_at=now, closes_at=now + timedelta(days=7),
                                                   audience=Audience(users=users), created_by="benchmark",
                                                   template_id="pulse", series=title))
    container.surveys.launch(survey_id, lambda _team: users_only)
    return survey_id


def accepted(fake, survey_id: int) -> Counter:
    """Messages Slack accepted (HTTP 200) per person for this survey."""
    return Counter(c.params["channel"] for c in fake.calls_to("chat.postMessage")
                   if c.status == 200 and (c.params.get("metadata") or {}).get("event_payload", {}).get(
                       "survey_id") == survey_id)


def limited(fake, survey_id: int) -> int:
    return sum(1 for c in fake.calls_to("chat.postMessage") if c.status == 429
               and (c.params.get("metadata") or {}).get("event_payload", {}).get("survey_id") == survey_id)


def child(data_dir: str, api_url: str, workers: int) -> None:
    """The sender that gets killed: drains everything it can until SIGKILL."""
    c = container_for(Path(data_dir), api_url, workers)
    c.surveys.drain(c.survey_jobs.messenger)


def run(recipients: int, rate: int, workers: int) -> list[dict]:
    from fake_slack import FakeSlack

    fake = FakeSlack().start()
    fake.rate_limit("chat.postMessage", per_second=rate, retry_after=1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        c = container_for(data, fake.api_url, workers)
        c.migrate()

        survey_id = queue_survey(c, recipients, "clean")
        started = time.perf_counter()
        report = c.surveys.drain(c.survey_jobs.messenger)
        rows.append(_row("clean", recipients, accepted(fake, survey_id), limited(fake, survey_id),
                         time.perf_counter() - started, report, c.surveys.status(survey_id).outbox))

        survey_id = queue_survey(c, recipients, "killed")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "benchmarks.survey_fanout", "--child", str(data), fake.api_url,
                                 str(workers)], cwd=ROOT, env=env)
        while sum(accepted(fake, survey_id).values()) < recipients // 2:
            if proc.poll() is not None:
                raise RuntimeError("the sender finished before it could be killed; raise --recipients")
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        at_kill = sum(accepted(fake, survey_id).values())
        outbox = c.surveys.status(survey_id).outbox
        in_flight = outbox.get("sending", 0)
        resumed = container_for(data, fake.api_url, workers, lease=0)  # the old sender is known to be dead
        report = resumed.surveys.drain(resumed.survey_jobs.messenger)
        row = _row("killed at half, resumed", recipients, accepted(fake, survey_id), limited(fake, survey_id),
                   time.perf_counter() - started, report, resumed.surveys.status(survey_id).outbox)
        row["note"] = f"killed after {at_kill} accepted; {in_flight} rows were mid-send"
        rows.append(row)
    fake.stop()
    return rows


def _row(name, recipients, per_person: Counter, rate_limited: int, seconds: float, report, outbox) -> dict:
    lost = recipients - len(per_person)
    duplicated = sum(n - 1 for n in per_person.values() if n > 1)
    return {"run": name, "recipients": recipients, "accepted": sum(per_person.values()), "lost": lost,
            "duplicated": duplicated, "429s": rate_limited, "recovered": report.recovered, "seconds": seconds,
            "per_second": recipients / seconds, "outbox": dict(outbox), "note": ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--rate", type=int, default=250, help="chat.postMessage calls per second the fake allows")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--child", nargs=3, metavar=("DATA_DIR", "API_URL", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    rows = run(args.recipients, args.rate, args.workers)
    print(f"\nSurvey fan-out: {args.recipients} recipients, fake Slack limited to {args.rate} chat.postMessage/s "
          f"(429 + Retry-After: 1), {args.workers} sender workers\n")
    head = f"{'run':<26}{'accepted':>9}{'lost':>6}{'dup':>5}{'429s':>7}{'recovered':>10}{'seconds':>9}{'DMs/s':>8}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['run']:<26}{r['accepted']:>9}{r['lost']:>6}{r['duplicated']:>5}{r['429s']:>7}{r['recovered']:>10}"
              f"{r['seconds']:>9.1f}{r['per_second']:>8.0f}")
    for r in rows:
        print(f"  {r['run']}: outbox {r['outbox']}" + (f"; {r['note']}" if r["note"] else ""))
    if any(r["lost"] or r["duplicated"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
