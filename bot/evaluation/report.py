"""Printing `coach eval` results: the modes side by side, each QA file apart, and the misses as a table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

ROWS = [("Recall@1", "recall@1", "{:.3f}"), ("Recall@3", "recall@3", "{:.3f}"), ("Recall@5", "recall@5", "{:.3f}"),
        ("Recall@3 (primary label only)", "recall@3_strict", "{:.3f}"),
        ("MRR", "mrr", "{:.3f}"), ("Fact hit rate", "fact_hit_rate", "{:.3f}"),
        ("Fact hit rate, first block", "fact_hit_rate_lead", "{:.3f}"),
        ("Median answer (chars)", "median_answer_chars", "{:.0f}"),
        ("Decline accuracy", "decline_accuracy", "{:.3f}"), ("False declines", "false_decline_rate", "{:.3f}"),
        ("Latency p50 (ms)", "p50_ms", "{:.1f}"), ("Latency p95 (ms)", "p95_ms", "{:.1f}")]


def _figures(title: str, columns: dict[str, dict]) -> Table:
    table = Table(title=title)
    table.add_column("metric")
    for name in columns:
        table.add_column(name, justify="right")
    for label, key, fmt in ROWS:
        table.add_row(label, *(fmt.format(m[key]) for m in columns.values()))
    return table


def _misses(misses: list[dict]) -> Table:
    """One row per miss: the question, what went wrong, the source expected, the passage or source it got."""
    table = Table(title=f"hybrid misses ({len(misses)})", show_lines=True)
    table.add_column("question")
    table.add_column("problem")
    table.add_column("expected source", overflow="fold")
    table.add_column("got", overflow="fold")
    table.add_column("confidence", justify="right", no_wrap=True)
    for miss in misses:
        table.add_row(miss["question"], miss["problem"], miss["expected"], miss["got"] or "nothing",
                      f"{miss['confidence']:.2f}")
    return table


def _reliability(hybrid: dict, calibration: dict | None) -> Table:
    from bot.answers.calibration import reliability

    table = Table(title="hybrid: does the stated confidence match how often answers were right?")
    for name in ("confidence", "answers", "mean confidence", "right"):
        table.add_column(name, justify="right")
    for b in reliability(hybrid["scored"]):
        table.add_row(f"{b.low:.2f}–{b.high:.2f}", str(b.answers), f"{b.mean_confidence:.2f}", f"{b.right:.2f}")
    high = hybrid["high_confidence"]
    mark = f"{calibration['high']:.2f}" if calibration else "none (uncalibrated)"
    table.caption = (f"shown as high confidence (≥ {mark}): {high['answers']} answers, {high['right']:.0%} right"
                     if calibration else f"high-confidence mark: {mark}")
    return table


def print_report(results: dict, console: Console, show_misses: bool = True) -> None:
    modes = results["modes"]
    first = next(iter(modes.values()))
    console.print(_figures(f"QA evaluation: {first['answerable']} answerable, {first['unanswerable']} to decline",
                           modes))
    if results.get("folds"):
        console.print(f"Cross-validated in {results['folds']} folds: each QA file scored by a section model fitted "
                      "without its own worked examples.", highlight=False)
    hybrid = modes.get("hybrid")
    if hybrid and hybrid.get("sets"):
        console.print(_figures("hybrid, per QA file", hybrid["sets"]))
    console.print(f"min_confidence {results['min_confidence']:.2f} "
                  f"(best cut on this set: {results['suggested_min_confidence']:.2f})")
    if hybrid and hybrid.get("scored"):
        console.print(_reliability(hybrid, results.get("calibration")))
    if show_misses and hybrid and hybrid["misses"]:
        console.print(_misses(hybrid["misses"]))
