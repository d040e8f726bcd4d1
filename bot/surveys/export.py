"""CSV export of survey results: one row per shown figure (long format), built from ``Results`` so it
obeys the same k rule as everything else — no per-person rows, nothing under k. Written by bot.csv_export,
so a comment like ``=HYPERLINK(…)`` stays text in a spreadsheet."""

from __future__ import annotations

from bot.csv_export import dicts_to_csv
from bot.surveys.analytics import Results

COLUMNS = ("survey_id", "wave", "filters", "segment", "kind", "id", "label", "n", "metric", "value")


def export_rows(results: Results) -> list[dict]:
    filters = ";".join(f"{k}={v}" for k, v in sorted(results.filters.items()))
    base = {"survey_id": results.survey_id, "wave": results.wave, "filters": filters, "segment": "all"}
    rows: list[dict] = []

    def add(kind, rid, label, n, metric, value, segment="all"):
        rows.append({**base, "segment": segment, "kind": kind, "id": rid, "label": label, "n": n,
                     "metric": metric, "value": _fmt(value)})

    add("survey", results.survey_id, results.title, results.n if results.n is not None else "", "response_rate",
        results.response_rate)
    if results.n is None:
        return rows
    for c in results.constructs:
        add("construct", c.id, c.label, c.n, "mean", c.mean)
        add("construct", c.id, c.label, c.n, "cronbach_alpha", c.alpha)
        if c.change is not None:
            add("construct", c.id, c.label, c.n, f"change_vs_wave_{results.previous_wave}", c.change)
        for point, count in c.distribution.items():
            add("construct", c.id, c.label, c.n, f"count_{point}", count)
    for e in results.enps:
        add("enps", e.id, "eNPS", e.n, "enps", e.score)
        for metric, value in (("promoters", e.promoters), ("passives", e.passives), ("detractors", e.detractors)):
            add("enps", e.id, "eNPS", e.n, metric, value)
    for item in results.items:
        if item.mean is not None:
            add(item.kind, item.id, item.text, item.n, "mean", item.mean)
        for point, count in item.distribution.items():
            add(item.kind, item.id, item.text, item.n, f"count_{point}", count)
    for qid, comments in results.comments.items():
        for comment in comments:
            add("comment", qid, "", len(comments), "text", comment)
    for seg in results.segments:
        for cid, mean in seg.constructs.items():
            add("construct", cid, "", seg.n, "mean", mean, segment=f"department={seg.value}")
        if seg.enps is not None:
            add("enps", "", "eNPS", seg.n, "enps", seg.enps, segment=f"department={seg.value}")
    return rows


def to_csv(results: Results) -> str:
    return dicts_to_csv(COLUMNS, export_rows(results))


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)
