"""Where the audit's citations come from: the archetype's sources, the framework's fixed sections, and one
passage the knowledge index retrieves for the role (a stub index here, so the retrieved one is known)."""

from dataclasses import dataclass

from bot.audit.engine import AuditEngine
from bot.audit.report import Citation
from tests.audit.conftest import request

RETRIEVED = Citation(path="knowledge/incentives/retrieved-only.md", section="A heading only retrieval knows")
SECOND = Citation(path="knowledge/case-studies/second-hit.md", section="A second hit")
OFF_TOPIC = Citation(path="knowledge/kpis/adoption-kpis.md", section="An off-topic hit")


@dataclass
class Hit:  # the fields citations.retrieve reads from bot.answers.evidence.Passage
    path: str
    section: str


def _engine(engine, passages):
    return AuditEngine(engine.catalog, engine.embeddings, passages=passages)


def test_the_best_incentive_passage_is_cited_beside_the_roles_own_sources(engine):
    queries = []

    def passages(query):
        queries.append(query)
        return [Hit(OFF_TOPIC.path, OFF_TOPIC.section), Hit(RETRIEVED.path, RETRIEVED.section),
                Hit(SECOND.path, SECOND.section)]

    roles = request(("Sales Rep", "Quota only"))
    without = engine.audit(roles, "t").roles[0].citations
    cited = _engine(engine, passages).audit(roles, "t").roles[0].citations
    assert [c for c in cited if c not in without] == [RETRIEVED]  # one retrieved passage, off-topic ones left out
    assert OFF_TOPIC not in cited and SECOND not in cited
    assert queries == ["Sales rep: incentives and metrics, Quota plus forecast accuracy"]


def test_a_failing_index_leaves_the_fixed_citations(engine):
    def broken(query):
        raise RuntimeError("no index built yet")

    roles = request(("Support agent", "Tickets closed"))
    assert _engine(engine, broken).audit(roles, "t").roles[0].citations == engine.audit(roles, "t").roles[0].citations
