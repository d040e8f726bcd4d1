"""What changed between two audits of the same team: score and rating per role, metrics as typed,
roles added or dropped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.audit.report import AuditReport, RoleReport


def team_key(team: str) -> str:
    """Team names match past audits case- and space-insensitively ("Support EMEA" = "support  emea")."""
    return " ".join(team.lower().split())[:100]


def _role_key(r: RoleReport) -> str:
    return " ".join(r.role.lower().split())


@dataclass
class HistoryEntry:
    id: int
    team: str
    author: str
    created_at: datetime
    score: int
    rag: str
    role_count: int
    shared_to: str | None
    changes: list[str] = field(default_factory=list)  # vs the team's previous audit; empty for the first
    previous_id: int | None = None  # that previous audit


def _signed(delta: int) -> str:
    return f"+{delta}" if delta > 0 else str(delta)


def changes(before: AuditReport, after: AuditReport, limit: int = 12) -> list[str]:
    """Plain sentences, most important first: team score, then each role."""
    out = []
    delta = after.summary.score - before.summary.score
    if delta or before.summary.rag != after.summary.rag:
        out.append(f"Team score {before.summary.score} → {after.summary.score} ({_signed(delta)}), "
                   f"{before.summary.rag} → {after.summary.rag}.")
    else:
        out.append(f"Team score unchanged at {after.summary.score} ({after.summary.rag}).")
    old = {_role_key(r): r for r in before.roles}
    new = {_role_key(r): r for r in after.roles}
    for key, r in new.items():
        prev = old.get(key)
        if prev is None:
            out.append(f"{r.role}: new in this audit ({r.score}, {r.rag}).")
            continue
        bits = []
        if r.score != prev.score:
            bits.append(f"score {prev.score} → {r.score} ({_signed(r.score - prev.score)})")
        if r.rag != prev.rag:
            bits.append(f"{prev.rag} → {r.rag}")
        if " ".join(r.inputs.get("metrics", "").split()) != " ".join(prev.inputs.get("metrics", "").split()):
            bits.append(f"metrics now \"{one_line(r.inputs.get('metrics', ''))}\" "
                        f"(were \"{one_line(prev.inputs.get('metrics', ''))}\")")
        for name, label in (("displaced_work", "displaced work"), ("rewards", "rewards")):
            if " ".join((r.inputs.get(name) or "").split()) != " ".join((prev.inputs.get(name) or "").split()):
                bits.append(f"{label} changed")
        if bits:
            out.append(f"{r.role}: " + "; ".join(bits) + ".")
    out += [f"{r.role}: no longer in the audit." for key, r in old.items() if key not in new]
    if len(out) == 1 and delta == 0:
        out.append("No role changed.")
    return out[:limit]


def one_line(text: str, limit: int = 60) -> str:
    """Typed text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
