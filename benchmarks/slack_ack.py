"""Slack ack latency and event-to-answer time, over real HTTP on loopback.

Starts the fake Slack Web API (tests/slack/fake_slack.py) and the app in HTTP mode, indexes knowledge/ into
a temporary data dir, then sends signed app_mention events at a fixed rate (open loop: each request leaves
on schedule whatever the previous ones are doing) and measures
  - ack: time until the app's HTTP 200 (Slack wants it within 3 s; target p99 < 100 ms),
  - event → answer: time from sending the event until chat.postMessage with the answer reaches Slack
    (questions the answer queue had no room for get the busy reply instead; they are counted apart).
During the load, probes of the other request kinds go out in turn (open loop too): a `/kpi help` command, a 👍
click, a view submission (a feedback form) and a `/coach` question, each with its ack latency and non-200
count; the run fails when any ack took over 3 s or was not a 200. An idle run (one question at a time) gives
event → answer without queueing.

Run: .venv/bin/python -m benchmarks.slack_ack [--rate 50] [--seconds 10] [--idle 20] [--probes 4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "slack"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from pydantic import SecretStr  # noqa: E402

from fake_slack import FakeSlack  # noqa: E402
from signed import SlackSender  # noqa: E402

SECRET = "benchmark-signing-secret-0123456789abcdef"
SLACK_ACK_MS = 3000  # Slack shows an error when the ack takes longer
BUSY = "busy right now"  # in the reply to a question the answer queue had no room for
QUESTIONS = ["How do we measure AI adoption?", "What are the phases of an AI rollout?",
             "How should incentives change when AI takes over part of a job?", "What OKRs fit an AI rollout?",
             "How do we run an incentive audit?", "What are the main risks of an AI rollout?"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def start(data_dir: Path, fake: FakeSlack):
    from bot.config import Settings
    from bot.container import Container
    from bot.slack.app import build_app
    from bot.slack.http import bind, make_server

    settings = Settings(data_dir=data_dir, knowledge_dirs=[ROOT / "knowledge"], slack_api_url=fake.api_url,
                        slack_bot_token=SecretStr("xoxb-0000-benchmark"), slack_signing_secret=SecretStr(SECRET),
                        rate_limit_questions=0)
    container = Container(settings)
    container.migrate()
    print("indexing knowledge/ …", flush=True)
    container.indexer.ingest(settings.knowledge_dirs)
    container.answers.ask("warm up")  # loads the model, as `coach run` does before serving
    app = build_app(settings, container.slack_deps, container.workspaces, answer_queue=container.answer_queue)
    server = make_server(app, SECRET, "127.0.0.1", 0)
    sock = bind("127.0.0.1", 0)
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server, SlackSender(f"http://127.0.0.1:{sock.getsockname()[1]}", SECRET), container


def is_busy(call) -> bool:
    return BUSY in (call.params.get("text") or "")


def probe_requests(sender: SlackSender, fake: FakeSlack) -> dict[str, Callable[[int], object]]:
    """One request of each kind the mentions must not hold up, by name."""
    from bot.slack.blocks.answer import FEEDBACK_UP
    from bot.slack.blocks.feedback import REASON_MODAL

    return {
        "/kpi command": lambda i: sender.command("help", name="/kpi", response_url=fake.response_url(f"kpi{i}")),
        "👍 click": lambda i: sender.interaction(sender.block_action(FEEDBACK_UP, "999999999",
                                                                   response_url=fake.response_url(f"up{i}"))),
        "view submission": lambda i: sender.interaction(sender.view_submission(REASON_MODAL, {}, "")),
        "/coach question": lambda i: sender.command(f"{QUESTIONS[i % len(QUESTIONS)]} (probe {i})",
                                                    user=f"U0PROBE{i:03d}", response_url=fake.response_url(f"c{i}")),
    }


def run_probes(sender: SlackSender, fake: FakeSlack, rate: float, seconds: float) -> dict[str, tuple[list, int]]:
    """Probes of every kind in turn at ``rate`` per second for ``seconds`` (open loop): ack ms and non-200s."""
    requests = probe_requests(sender, fake)
    kinds = list(requests)
    results: dict[str, tuple[list, int]] = {kind: ([], 0) for kind in kinds}
    lock = threading.Lock()

    def send(i: int) -> None:
        kind = kinds[i % len(kinds)]
        resp = requests[kind](i)
        with lock:
            acks, errors = results[kind]
            acks.append(resp.elapsed_ms)
            results[kind] = (acks, errors + (resp.status != 200))

    start_at = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        for i in range(int(rate * seconds)):
            delay = start_at + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, i)
    return results


def run_load(sender: SlackSender | list[SlackSender], fake: FakeSlack, rate: float,
             seconds: float) -> tuple[list, list, int]:
    """Open-loop load; with several senders (replicas), events go to them in turn."""
    senders = sender if isinstance(sender, list) else [sender]
    total = int(rate * seconds)
    # every question differs a little, so no cache anywhere answers for free
    events = [SlackSender.mention(f"{QUESTIONS[i % len(QUESTIONS)]} (team {i})", user=f"U0LOAD{i:04d}")
              for i in range(total)]
    sent_at: dict[str, float] = {}
    acks: list[float] = []
    errors = 0
    lock = threading.Lock()

    def send(i, ev):
        nonlocal errors
        sent_at[ev["ts"]] = time.perf_counter()
        resp = senders[i % len(senders)].event(ev)
        with lock:
            acks.append(resp.elapsed_ms)
            errors += resp.status != 200

    start_at = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i, ev in enumerate(events):
            delay = start_at + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, i, ev)
    fake.wait_for("chat.postMessage", count=total, timeout=600, where=lambda c: c.params.get("thread_ts") in sent_at)
    answered = {c.params["thread_ts"]: c.at for c in fake.calls_to("chat.postMessage")
                if c.params.get("thread_ts") in sent_at and not is_busy(c)}  # busy replies are no answers
    to_answer = [(answered[ts] - sent) * 1000 for ts, sent in sent_at.items() if ts in answered]
    return acks, to_answer, errors


def run_idle(sender: SlackSender, fake: FakeSlack, n: int) -> list[float]:
    times = []
    for i in range(n):
        ev = sender.mention(f"{QUESTIONS[i % len(QUESTIONS)]} (idle {i})", user="U0IDLE")
        before = len(fake.calls_to("chat.postMessage"))
        sent = time.perf_counter()
        sender.event(ev)
        call = fake.wait_for("chat.postMessage", count=before + 1, timeout=60)[-1]
        times.append((call.at - sent) * 1000)
    return times


def _row(name: str, values: list[float], errors: int | str = "") -> str:
    if not values:
        return f"{name:<36}{0:>6}{'-':>10}{'-':>10}{'-':>10}{errors:>9}"
    return (f"{name:<36}{len(values):>6}{statistics.median(values):>10.1f}{percentile(values, 99):>10.1f}"
            f"{max(values):>10.1f}{errors:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the load phase")
    parser.add_argument("--idle", type=int, default=20, help="questions in the one-at-a-time phase")
    parser.add_argument("--probes", type=float, default=4.0, help="probes per second during the load, all kinds")
    args = parser.parse_args()
    fake = FakeSlack().start()
    with tempfile.TemporaryDirectory() as tmp:
        server, sender, container = start(Path(tmp), fake)
        idle = run_idle(sender, fake, args.idle)
        fake.reset()
        with ThreadPoolExecutor(max_workers=1) as prober:
            probing = prober.submit(run_probes, sender, fake, args.probes, args.seconds)
            acks, to_answer, errors = run_load(sender, fake, args.rate, args.seconds)
            probes = probing.result()
        busy = len([c for c in fake.calls_to("chat.postMessage") if is_busy(c)])
        container.answer_queue.join(120)
        server.should_exit = True
    fake.stop()
    print(f"\n{'measure':<36}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'non-200':>9}")
    print(_row(f"ack, mention, {args.rate:g}/s", acks, errors))
    for kind, (values, failed) in probes.items():
        print(_row(f"ack, {kind}, during the load", values, failed))
    print(_row(f"event → answer, {args.rate:g} events/s", to_answer))
    print(_row("event → answer, one at a time", idle))
    print(f"\nquestions refused with the busy reply: {busy} of {int(args.rate * args.seconds)} mentions "
          f"(answer queue: {container.settings.answer_workers} workers, room for "
          f"{container.settings.answer_queue_size}); ack p99 target < 100 ms: "
          f"{'met' if percentile(acks, 99) < 100 else 'NOT met'}")
    every_ack = acks + [ms for values, _ in probes.values() for ms in values]
    late = [ms for ms in every_ack if ms > SLACK_ACK_MS]
    failed = errors + sum(failed for _, failed in probes.values())
    if late or failed:
        sys.exit(f"FAILED: {len(late)} ack(s) over 3 s, {failed} non-200 ack(s)")
    print("every ack within Slack's 3 s, all 200")


if __name__ == "__main__":
    main()
