"""Printing `coach eval` results as one side-by-side table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

ROWS = [("Recall@1", "recall@1", "{:.3f}"), ("Recall@3", "recall@3", "{:.3f}"), ("Recall@5", "recall@5", "{:.3f}"),
        ("Recall@3 (primary label only)", "recall@3_strict", "{:.3f}"),
        ("MRR", "mrr", "{:.3f}"), ("Fact hit rate", "fact_hit_rate", "{:.3f}"),
        ("Decline accuracy", "decline_accuracy", "{:.3f}"), ("False declines", "false_decline_rate", "{:.3f}"),
        ("Latency p50 (ms)", "p50_ms", "{:.1f}"), ("Latency p95 (ms)", "p95_ms", "{:.1f}")]


def print_report(results: dict, console: Console, show_misses: bool = True) -> None:
    modes = results["modes"]
    first = next(iter(modes.values()))
    table = Table(title=f"QA evaluation: {first['answerable']} answerable, {first['unanswerable']} to decline")
    table.add_column("metric")
    for mode in modes:
        table.add_column(mode, justify="right")
    for label, key, fmt in ROWS:
        table.add_row(label, *(fmt.format(m[key]) for m in modes.values()))
    console.print(table)
    console.print(f"min_confidence {results['min_confidence']:.2f} "
                  f"(best cut on this set: {results['suggested_min_confidence']:.2f})")
    if show_misses and "hybrid" in modes and modes["hybrid"]["misses"]:
        console.print(f"[bold]hybrid misses ({len(modes['hybrid']['misses'])})[/]")
        for miss in modes["hybrid"]["misses"]:
            console.print(f"  - {miss}", markup=False, highlight=False)
