"""Ack and answer latency with two replicas at 50 events/s, over real HTTP on loopback.

Sets up what a scaled-out deployment has: one database (PostgreSQL with --database-url, else a SQLite file),
one Chroma server (`chroma run`), the knowledge/ index built once by a set-up step, and two `coach run --http`
processes with empty data dirs of their own, both talking to the fake Slack Web API (tests/slack). Then sends
signed app_mention events to the replicas in turn (open loop, as in benchmarks.slack_ack) and measures
  - ack: time until a replica's HTTP 200 (Slack wants it within 3 s; target p99 < 100 ms),
  - event → answer: from sending the event until chat.postMessage with the answer reaches Slack,
  - duplicates: answers posted more than once (must be 0).
The machine has 2 cores: the two replicas, the load generator and the fake Slack share them.

Run: .venv/bin/python -m benchmarks.replicas [--rate 50] [--seconds 20] [--database-url postgresql://…]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "slack"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from benchmarks.slack_ack import percentile, run_load  # noqa: E402
from fake_slack import FakeSlack  # noqa: E402
from signed import SlackSender  # noqa: E402
from tests.replicas.cluster import ChromaServer, Replica  # noqa: E402

SECRET = "benchmark-signing-secret-replicas-0123"


def set_up(database_url: str, chroma_url: str, collection: str, data_dir: Path) -> None:
    """What a deployment's one-off set-up job does: migrate, then index knowledge/ into the shared stores."""
    from bot.config import Settings
    from bot.container import Container

    c = Container(Settings(data_dir=data_dir, database_url=database_url, chroma_url=chroma_url,
                           chroma_collection=collection, knowledge_dirs=[ROOT / "knowledge"]))
    c.migrate()
    print("indexing knowledge/ into the shared database and Chroma server …", flush=True)
    report = c.indexer.ingest(c.settings.knowledge_dirs)
    print(f"  {report.chunks_total} chunks", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="events per second, over both replicas")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the load phase")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'shared.db'}"
        chroma = ChromaServer()
        fake = FakeSlack().start()
        replicas: list[Replica] = []
        try:
            collection = f"bench-{uuid.uuid4().hex[:8]}"
            set_up(database_url, chroma.url, collection, Path(tmp) / "setup")
            env = {"COACH_DATABASE_URL": database_url, "COACH_CHROMA_URL": chroma.url,
                   "COACH_CHROMA_COLLECTION": collection, "SLACK_BOT_TOKEN": "xoxb-0000-benchmark",
                   "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.api_url,
                   "COACH_RATE_LIMIT_QUESTIONS": "0", "COACH_LOG_LEVEL": "WARNING"}
            replicas = [Replica(f"replica-{i + 1}", env, ROOT) for i in range(args.replicas)]
            print(f"starting {args.replicas} replicas …", flush=True)
            senders = [SlackSender(r.wait_ready(), SECRET) for r in replicas]
            fake.reset()
            began = time.perf_counter()
            acks, to_answer, errors = run_load(senders, fake, args.rate, args.seconds)  # returns once all answered
            wall = time.perf_counter() - began
            per_thread = Counter(c.params.get("thread_ts") for c in fake.calls_to("chat.postMessage"))
            duplicates = sum(n - 1 for n in per_thread.values() if n > 1)
        finally:
            for replica in replicas:
                replica.stop()
            fake.stop()
            chroma.stop()
    backend = database_url.split(":", 1)[0]
    print(f"\n{args.replicas} replicas, {backend}, Chroma server; {args.rate:g} events/s for {args.seconds:g} s")
    print(f"{'measure':<28}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, values in (("ack", acks), ("event → answer", to_answer)):
        print(f"{name:<28}{len(values):>6}{statistics.median(values):>10.1f}{percentile(values, 95):>10.1f}"
              f"{percentile(values, 99):>10.1f}{max(values):>10.1f}")
    throughput = len(to_answer) / wall
    print(f"\nanswered {len(to_answer)} in {wall:.1f} s: {throughput:.1f} answers/s over the run, offered "
          f"{args.rate:g}/s" + ("; more than this machine answers, so answers queued" if throughput < 0.95 * args.rate
                              else ""))
    print(f"non-200 acks: {errors}; answers posted twice: {duplicates}; "
          f"unanswered: {len(acks) - len(to_answer)}; ack p99 target < 100 ms: "
          f"{'met' if percentile(acks, 99) < 100 else 'NOT met'}")


if __name__ == "__main__":
    main()
