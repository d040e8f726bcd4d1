"""An audit report as Markdown (to read or paste into a document), CSV (one row per role, for
spreadsheets; written by bot.csv_export, so no cell runs as a formula) and JSON (the `coach audit … --json`
contract)."""

from __future__ import annotations

import json

from bot.audit.report import RAG_EMOJI, AuditReport, RoleReport
from bot.audit.scoring import not_given_note, scored_out_of
from bot.csv_export import to_csv as csv_text

FORMATS = ("md", "csv", "json")
CSV_COLUMNS = ("audit_id", "team", "created_at", "position", "role", "archetype", "match", "match_confidence",
               "score", "rating", "current_metrics", "metric_kinds", "recommended_metrics", "metric_advice",
               "incentive_shift", "stop_rewarding_alone", "displaced_work_points", "metrics_points",
               "rewards_points", "risk_points", "reasons", "risks", "staged_plan", "citations", "llm_suggestions",
               "catalog_version")


def to_json(report: AuditReport) -> dict:
    """The report as JSON-ready data; each role's ``recommended_metrics`` are metric names in plain words
    (``metric_advice`` says how to apply them when no role archetype supplied them)."""
    return report.model_dump(mode="json")


def to_json_text(report: AuditReport) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    """Someone's own words inside Markdown: no HTML, no accidental formatting or table breaks."""
    flat = " ".join(str(text).split())
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        flat = flat.replace(ch, "\\" + ch)
    return flat


def _role_md(r: RoleReport) -> list[str]:
    provisional = ", provisional" if scored_out_of(r.breakdown) < 100 else ""
    lines = [f"## {r.position}. {_md(r.role)} — {RAG_EMOJI[r.rag]} {r.rag.upper()} · {r.score}/100{provisional}", ""]
    lines.append(f"*{_md(r.match.note)}*")
    if r.not_given:
        lines += ["", f"*{_md(not_given_note(r.not_given, r.breakdown))}*"]
    lines += ["", "| Step | Points | Finding |", "|---|---|---|"]
    for s in r.breakdown:
        points = "not given" if not s.given else f"{s.points}/{s.max_points}" if s.step != "risks" else str(s.points)
        lines.append(f"| {s.label} | {points} | {_md(s.finding)} |")
    lines += ["", "**Current metrics**", ""]
    lines += [f"- {_md(m.text)} — {m.kind_label} ({_md(m.why)})" for m in r.metrics]
    lines += ["", "**Recommended new metric" + ("s" if len(r.recommended_metrics) > 1 else "") + "**", ""]
    if r.caveat:
        lines += [f"⚠️ *{_md(r.caveat)}*", ""]
    lines += [f"- {_md(m)}" for m in r.recommended_metrics]
    if r.already_measured:
        lines.append("- (already measured: keep it and give it weight)")
    if r.metric_advice:
        lines += ["", _md(r.metric_advice)]
    lines += ["", f"**Incentive shift:** {_md(r.incentive_shift)}. {_md(r.shift_detail)}"]
    if r.retire:
        lines += ["", "**Stop rewarding on its own:** " + "; ".join(_md(m) for m in r.retire)]
    if r.risks:
        lines += ["", "**Risks**", ""] + [f"- {_md(k.message)} Guardrail: {_md(k.guardrail)}" for k in r.risks]
    if r.gaming_risks:
        lines += ["", "**How the new metric could be gamed**", ""] + [f"- {_md(g)}" for g in r.gaming_risks]
    if r.guardrails:
        lines += ["", "**Guardrails**", ""] + [f"- {_md(g)}" for g in r.guardrails]
    lines += ["", "**Staged change**", ""] + [f"{i}. {_md(p)}" for i, p in enumerate(r.staged_plan, 1)]
    if r.suggestions:
        lines += ["", "**Suggestions from the AI model (unchecked — review before using)**", ""]
        lines += [f"- {_md(s)}" for s in r.suggestions]
    lines += ["", "**Sources**", ""] + [f"- `{c.path}` › {_md(c.section)}" for c in r.citations]
    return lines + [""]


def to_markdown(report: AuditReport) -> str:
    s = report.summary
    head = f"# Incentive audit: {_md(report.team_label)}"
    lines = [head, "",
             f"Audit #{report.id if report.id is not None else '—'} · {report.created_at:%Y-%m-%d %H:%M} UTC · "
             f"by {_md(report.author)} · catalog {report.catalog_version}", "",
             f"**Team score: {s.score}/100 — {RAG_EMOJI[s.rag]} {s.rag.upper()}** "
             f"({s.counts['red']} red, {s.counts['amber']} amber, {s.counts['green']} green)", "",
             "## Top three actions", ""]
    lines += [f"{i}. {_md(a)}" for i, a in enumerate(s.top_actions, 1)]
    lines += ["", f"Next quarterly review: {s.review_by:%d %B %Y}.", ""]
    if s.weak_matches:
        lines += ["**Check these role matches:**", ""] + [f"- {_md(w)}" for w in s.weak_matches] + [""]
    for r in report.roles:
        lines += _role_md(r)
    lines.append("Scores: displaced work 30, metrics 40, rewards 30, minus up to 20 for risks. Green is 70+ with "
                 "every step above zero; red is under 40." + (
                     " A step not given is not scored: the rest is scaled to 100 and the rating is at most amber."
                     if any(scored_out_of(r.breakdown) < 100 for r in report.roles) else ""))
    return "\n".join(lines) + "\n"


def _rows(report: AuditReport):
    """One row per role, in ``CSV_COLUMNS`` order."""
    for r in report.roles:
        points = {b.step: b.points if b.given else "" for b in r.breakdown}  # "": not given, not scored
        yield [report.id or "", report.team, report.created_at.isoformat(), r.position, r.role,
               r.match.name or "", r.match.level, f"{r.match.confidence:.2f}", r.score, r.rag,
               r.inputs.get("metrics", ""), "; ".join(f"{m.text}: {m.kind_label}" for m in r.metrics),
               "; ".join(r.recommended_metrics), r.metric_advice, r.incentive_shift, "; ".join(r.retire),
               points["displaced_work"], points["metrics"], points["rewards"], points["risks"],
               " | ".join(r.reasons), " | ".join(k.message for k in r.risks), " | ".join(r.staged_plan),
               " | ".join(c.label for c in r.citations), " | ".join(r.suggestions), report.catalog_version]


def to_csv(report: AuditReport) -> str:
    return csv_text(CSV_COLUMNS, _rows(report))


def render(report: AuditReport, fmt: str) -> str:
    if fmt == "md":
        return to_markdown(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json_text(report)
    raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")


def filename(report: AuditReport, fmt: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in report.team_label.lower()).strip("-")
    slug = "-".join(p for p in slug.split("-") if p)[:40] or "team"
    return f"incentive-audit-{report.id or 'draft'}-{slug}.{fmt}"
