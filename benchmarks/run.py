"""Q&A engine benchmark: answer latency at 1k/10k/50k chunks, ingest throughput, unchanged re-index time,
peak memory. Run with `make bench` (or `.venv/bin/python -m benchmarks.run --sizes 1000,10000`).

Each size gets its own data dir and three fresh processes, so every figure is what a real process pays:
  1. ingest: the real knowledge/ plus synthetic documents made from it, up to N chunks;
  2. re-index: the same folders again, unchanged (the `make run` start-up path);
  3. serve: load the index and answer the QA questions (after one warm-up), like the bot does.
Targets on a 2-core machine (issue 2): p50 < 60 ms and p95 < 150 ms at 10k chunks, unchanged re-index
< 2 s, serving RSS < 700 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"p50_ms": 60.0, "p95_ms": 150.0, "reindex_s": 2.0, "serve_rss_mb": 700.0}
SECTIONS_PER_DOC = 20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def make_corpus(folder: Path, target_chunks: int, real_chunks: int, seed: int = 7) -> None:
    """Synthetic company documents built from the real sections, reshuffled and renamed so they differ."""
    from bot.ingest.loaders import load_document

    random.seed(seed)
    sections = []
    for f in sorted((ROOT / "knowledge").rglob("*.md")):
        text = load_document(f, f.name).text
        for m in re.finditer(r"^##+ (.+?)\n(.*?)(?=^##+ |\Z)", text, flags=re.M | re.S):
            body = m.group(2).strip()
            if body and len(body) < 1100:  # one chunk each
                sections.append((m.group(1).strip(), body))
    teams = ["Finance", "Sales", "Support", "Operations", "Legal", "Marketing", "Engineering", "HR", "Procurement"]
    needed = max(target_chunks - real_chunks, 0)
    doc = 0
    while needed > 0:
        team = teams[doc % len(teams)]
        picked = random.sample(sections, k=min(SECTIONS_PER_DOC, needed))
        lines = [f"# {team} AI playbook {doc}", ""]
        for n, (heading, body) in enumerate(picked):
            sentences = re.split(r"(?<=[.!?])\s+", body)
            random.shuffle(sentences)
            lines += [f"## {team} {doc}.{n}: {heading}", "", f"For the {team} team (playbook {doc}). " +
                      " ".join(sentences), ""]
        (folder / f"{team.lower()}-{doc:05d}.md").write_text("\n".join(lines))
        needed -= len(picked)
        doc += 1


@contextlib.contextmanager
def workspace(workdir: Path | None, size: int):
    """A folder for one size: kept under --workdir, else a temporary one removed afterwards."""
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix=f"coach-bench-{size}-") as tmp:
            yield Path(tmp)
        return
    folder = workdir / f"chunks-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    yield folder


def questions() -> list[str]:
    import yaml

    qs = []
    for f in sorted((ROOT / "tests" / "qa").glob("*.yaml")):
        qs += [item["question"] for item in yaml.safe_load(f.read_text())]
    return qs


def worker(stage: str, data_dir: str, synthetic: str, limit: int) -> dict:
    os.chdir(ROOT)
    from bot.config import Settings
    from bot.container import Container

    c = Container(Settings(data_dir=Path(data_dir)))
    folders = [ROOT / "knowledge", Path(synthetic)]
    if stage in ("ingest", "reindex"):
        if stage == "ingest":
            c.migrate()
        started = time.perf_counter()
        report = c.indexer.ingest(folders)
        elapsed = time.perf_counter() - started
        return {"seconds": elapsed, "chunks": report.chunks_total, "embedded": report.chunks_embedded,
                "rss_mb": peak_rss_mb()}
    qs = questions()[:limit]
    c.answers.ask("warm-up: how do we measure adoption?")
    latencies = []
    for q in qs:
        started = time.perf_counter()
        c.answers.ask(q)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {"p50_ms": statistics.median(latencies), "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "questions": len(latencies), "rss_mb": peak_rss_mb()}


def run_stage(stage: str, data_dir: Path, synthetic: Path, limit: int) -> dict:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--worker", stage, str(data_dir), str(synthetic),
                           str(limit)], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{stage} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="chunk counts, comma-separated")
    parser.add_argument("--questions", type=int, default=200, help="questions asked per size")
    parser.add_argument("--workdir", type=Path, help="keep each size's index here and reuse it next time "
                        "(building 50k chunks takes over an hour; re-measuring serving then takes a minute)")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        stage, data_dir, synthetic, limit = args.worker
        print(json.dumps(worker(stage, data_dir, synthetic, int(limit))))
        return

    from rich.console import Console
    from rich.table import Table

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = []
    for size in sizes:
        with workspace(args.workdir, size) as tmp:
            data_dir, synthetic, built = tmp / "data", tmp / "docs", tmp / "ingest.json"
            if built.exists():  # --workdir kept this size's index: measure re-index and serving again
                ingest = json.loads(built.read_text())
            else:  # a build that never finished is started again, so the ingest figure is a whole one
                shutil.rmtree(data_dir, ignore_errors=True)
                shutil.rmtree(synthetic, ignore_errors=True)
                synthetic.mkdir()
                make_corpus(synthetic, size, real_chunks=230)
                ingest = run_stage("ingest", data_dir, synthetic, args.questions)
                built.write_text(json.dumps(ingest))
            reindex = run_stage("reindex", data_dir, synthetic, args.questions)
            serve = run_stage("serve", data_dir, synthetic, args.questions)
            rows.append({"size": size, "chunks": ingest["chunks"], "ingest_s": ingest["seconds"],
                         "ingest_chunks_per_s": ingest["chunks"] / ingest["seconds"],
                         "ingest_rss_mb": ingest["rss_mb"], "reindex_s": reindex["seconds"],
                         "reindex_embedded": reindex["embedded"], **{k: serve[k] for k in ("p50_ms", "p95_ms")},
                         "serve_rss_mb": serve["rss_mb"], "questions": serve["questions"]})
            Console(stderr=True).print(f"done: {size} chunks", style="dim")

    table = Table(title=f"adoption coach Q&A benchmark ({os.cpu_count()} cores)")
    for col in ("chunks", "ingest (s)", "ingest chunks/s", "ingest peak RSS (MB)", "unchanged re-index (s)",
                "answer p50 (ms)", "answer p95 (ms)", "serving peak RSS (MB)"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(f"{r['chunks']:,}", f"{r['ingest_s']:.1f}", f"{r['ingest_chunks_per_s']:.0f}",
                      f"{r['ingest_rss_mb']:.0f}", f"{r['reindex_s']:.2f}", f"{r['p50_ms']:.1f}",
                      f"{r['p95_ms']:.1f}", f"{r['serve_rss_mb']:.0f}")
    console = Console()
    console.print(table)
    console.print(f"Targets at 10k chunks: p50 < {TARGETS['p50_ms']:.0f} ms, p95 < {TARGETS['p95_ms']:.0f} ms, "
                  f"unchanged re-index < {TARGETS['reindex_s']:.0f} s, serving RSS < {TARGETS['serve_rss_mb']:.0f} MB; "
                  f"{rows[0]['questions']} questions per size from tests/qa.")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "qa.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
