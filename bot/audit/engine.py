"""The audit itself: inputs in, a scored report out. No storage and no Slack here (see service.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.audit import citations, recommend, scoring
from bot.audit.catalog import Catalog
from bot.audit.inputs import LABELS, AuditRequest, RoleInput, validate
from bot.audit.matching import ArchetypeMatcher, Match
from bot.audit.metrics import MetricClassifier, MetricSet, split_metrics
from bot.audit.report import (
    ArchetypeMatch,
    AuditReport,
    MetricFinding,
    Rag,
    RoleReport,
    TeamSummary,
)
from bot.audit.suggest import Suggester
from bot.audit.vectors import embed_texts
from bot.clock import utcnow

# A current metric this close to one of the archetype's recommended metrics means the role is already
# measured that way; this close to one of its old metrics means it is what the mapping retires.
# (all-MiniLM-L6-v2: "Decision accuracy" vs "Accuracy of decisions" 0.89; "First-contact resolution rate"
# vs "First-contact resolution" 0.90; "Quota only" vs "Quota plus forecast accuracy" 0.59; "SLA adherence"
# vs "SLA plus AI adoption rate" 0.50.)
IN_PLACE = 0.80
OLD_SIMILAR = 0.70


class AuditEngine:
    def __init__(self, catalog: Catalog, embeddings: Embeddings, passages: citations.Passages | None = None,
                 suggester: Suggester | None = None):
        self.catalog = catalog
        self.embeddings = embeddings
        self.matcher = ArchetypeMatcher(catalog, embeddings)
        self.classifier = MetricClassifier(catalog, embeddings)
        self.passages = passages
        self.suggester = suggester

    def warm(self) -> None:
        """Embed the catalog's fixed texts (once per process); the first audit is then as fast as the rest."""
        self.matcher.warm()
        self.classifier.warm()

    def audit(self, request: AuditRequest, author: str, now: datetime | None = None) -> AuditReport:
        request = validate(request)
        now = now or utcnow()
        review_by = recommend.review_date(now.date())
        parts = [split_metrics(r.metrics) for r in request.roles]
        texts = [r.name for r in request.roles] + [r.metrics for r in request.roles] + [p for ps in parts for p in ps]
        vectors = embed_texts(self.embeddings, texts)
        roles = [self._role(i, role, parts[i], vectors, review_by) for i, role in enumerate(request.roles)]
        if self.suggester is not None:
            for r in roles:
                r.suggestions = self.suggester.suggest(r)
        return AuditReport(team=request.team, author=author, created_at=now, catalog_version=self.catalog.version,
                           roles=roles, summary=self._summary(roles, review_by),
                           llm=self.suggester.name if self.suggester else None)

    # one role -----------------------------------------------------------------------------------
    def _role(self, index: int, role: RoleInput, parts: list[str], vectors: dict[str, np.ndarray],
              review_by) -> RoleReport:
        match = self.matcher.match(vectors[role.name], vectors.get(role.metrics))
        archetype = match.archetype
        metrics = self.classifier.classify(parts, vectors)
        in_place, old_similar = self._against_archetype(match, role, metrics, vectors)
        inputs = scoring.Inputs(role.metrics, role.rewards, role.ai_workflows, role.displaced_work)
        risks = scoring.find_risks(inputs, metrics, archetype)
        steps = [scoring.score_displaced(inputs), scoring.score_metrics(metrics, in_place),
                 scoring.score_rewards(inputs), scoring.score_risks(risks)]
        score, rag = scoring.rate(steps, risks, metrics)
        recommended, advice = recommend.new_metrics(archetype, metrics)
        shift, detail = recommend.shift(archetype)
        query = f"{archetype.name if archetype else role.name}: incentives and metrics, {recommended[0]}"
        cited = citations.role_citations(archetype, steps, risks, citations.retrieve(self.passages, query))
        not_given = [LABELS[f] for f in role.not_given]
        reasons = ([] if match.level == "strong" else [match.note])
        reasons += [f"{s.finding} ({s.points}/{s.max_points})" if s.given else s.finding
                    for s in steps if s.step != "risks"]
        reasons += [r.message for r in risks]
        if not_given:
            reasons.append(scoring.not_given_note(not_given, steps))
        return RoleReport(
            position=index + 1, role=role.name, inputs=role.to_json(),
            match=ArchetypeMatch(id=archetype.id if archetype else None, name=archetype.name if archetype else None,
                                 closest_id=match.closest.id, closest_name=match.closest.name,
                                 confidence=match.confidence, level=match.level, note=match.note),
            score=score, rag=rag, breakdown=steps, reasons=reasons,
            metrics=[MetricFinding(text=m.text, kind=m.kind, kind_label=scoring.KIND_LABELS[m.kind], why=m.why,
                                   ai_usage=m.ai_usage, vague=m.vague) for m in metrics.results],
            recommended_metrics=recommended, metric_advice=advice, already_measured=in_place,
            incentive_shift=shift, shift_detail=detail,
            retire=recommend.retire(metrics, old_similar, in_place), risks=risks,
            gaming_risks=list(archetype.gaming_risks) if archetype else [],
            guardrails=list(archetype.guardrails) if archetype else [r.guardrail for r in risks],
            staged_plan=recommend.staged_plan(archetype, role.displaced_work, recommended, shift, review_by),
            citations=cited, not_given=not_given, caveat=recommend.caveat(match))

    def _against_archetype(self, match: Match, role: RoleInput, metrics: MetricSet,
                           vectors: dict[str, np.ndarray]) -> tuple[bool, set[str]]:
        """(already measured on a recommended metric?, current metrics close to the archetype's old ones)."""
        archetype = match.archetype
        if archetype is None:
            return False, set()
        candidates = [role.metrics] + [m.text for m in metrics.results if m.kind != "activity"]
        in_place = any(self.matcher.closeness(archetype, "new", vectors[t]) >= IN_PLACE
                       for t in candidates if t in vectors)
        old = {m.text for m in metrics.results
               if self.matcher.closeness(archetype, "old", vectors[m.text]) >= OLD_SIMILAR}
        return in_place, old

    # the team -----------------------------------------------------------------------------------
    @staticmethod
    def _summary(roles: Sequence[RoleReport], review_by) -> TeamSummary:
        counts = Counter(r.rag for r in roles)
        score = round(sum(r.score for r in roles) / len(roles))
        rag: Rag = "red" if score < scoring.RED_BELOW else (
            "green" if score >= scoring.GREEN_AT and not counts["red"] else "amber")
        weak = [f"{r.role}: {r.match.note}" for r in roles if r.match.level != "strong"]
        return TeamSummary(score=score, rag=rag, counts={k: counts.get(k, 0) for k in ("red", "amber", "green")},
                           top_actions=recommend.top_actions(roles, review_by), review_by=review_by,
                           weak_matches=weak)
