"""Where each finding comes from in the knowledge base: file paths and section headings.

Fixed sections back the framework's steps and risks (tests check every heading still exists); the
role's archetype adds its own sources; the retriever adds the closest incentive passage for the role
when the knowledge index is built."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from bot.audit.catalog import Archetype
from bot.audit.report import Citation, Risk, StepScore

log = logging.getLogger(__name__)
FRAMEWORK = "knowledge/incentives/incentive-framework.md"
TRADE_OFFS = "knowledge/incentives/trade-offs-and-next-steps.md"
MAPPING = "knowledge/incentives/role-mapping.md"
SECTIONS = {
    "displaced_work": Citation(path=FRAMEWORK, section="Step 1: Identify displaced work that AI should remove"),
    "metrics": Citation(path=FRAMEWORK, section="Step 2: Change performance metrics to fit the AI workflow"),
    "rewards": Citation(path=FRAMEWORK, section="Step 3: Redesign rewards and penalties with upside and downside"),
    "judgement": Citation(path=TRADE_OFFS, section="Over-incentivizing AI can weaken human judgment"),
    "gaming": Citation(path=TRADE_OFFS, section="Poorly designed metrics invite gaming"),
    "trust": Citation(path=TRADE_OFFS, section="Early AI errors can erode trust"),
    "staging": Citation(path=TRADE_OFFS,
                        section="How to stage incentive changes: phasing, quarterly review and guardrails"),
    "other_roles": Citation(path=MAPPING, section="How to map incentives for other roles"),
}
RETRIEVED_FROM = ("knowledge/incentives/", "knowledge/case-studies/")
Passages = Callable[[str], Sequence]  # AnswerService.passages: objects with .path and .section/.title


def role_citations(archetype: Archetype | None, steps: Sequence[StepScore], risks: Sequence[Risk],
                   retrieved: Sequence[Citation] = ()) -> list[Citation]:
    found: list[Citation] = []
    if archetype is not None:
        found += [Citation(path=s.path, section=s.section) for s in archetype.sources]
    else:
        found.append(SECTIONS["other_roles"])
    found += [SECTIONS[s.step] for s in steps if s.step in SECTIONS and s.points < s.max_points]
    found += [SECTIONS[r.kind] for r in risks]
    found.append(SECTIONS["staging"])
    found += list(retrieved)
    return list({(c.path, c.section): c for c in found}.values())


def retrieve(passages: Passages | None, query: str, limit: int = 1) -> list[Citation]:
    """The closest incentive or case-study passages for ``query``; none when no index is available."""
    if passages is None:
        return []
    try:
        hits = passages(query)
    except Exception as exc:  # no index built yet, vector store unavailable: cite the fixed sections only
        log.info("No retrieved citations for the audit (%s).", type(exc).__name__)
        return []
    out = []
    for p in hits:
        if str(p.path).startswith(RETRIEVED_FROM):
            out.append(Citation(path=str(p.path), section=getattr(p, "section", "") or getattr(p, "title", "")))
        if len(out) >= limit:
            break
    return out
