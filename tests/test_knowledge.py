"""The knowledge base itself: front matter on every document, our own words, and the reference's key facts."""

import re
import subprocess
import sys

import frontmatter
import pytest

from tests.conftest import KNOWLEDGE, ROOT

DOCUMENTS = sorted(KNOWLEDGE.rglob("*.md"))
COPY_CHECK = ROOT.parent / "shared" / "tools" / "copy_check.py"

# Distinctive figures of ../shared/reference, each as a pattern over the document's normalised text
# (lower case, one space, plain hyphens). Rewording a sentence is fine; dropping the figure is not.
KEY_FACTS = {
    "adoption benchmark 60-80% within 6-12 months": (
        "kpis/framework-kpis.md", r"adoption rate is 60-80%.{0,40}6-12 months"),
    "productivity uplift benchmark 10-40%": ("kpis/framework-kpis.md", r"productivity uplift is a 10-40% gain"),
    "error reduction benchmark 20-60%": ("kpis/framework-kpis.md", r"error reduction is a 20-60% drop"),
    "magic three: two soft ROI, revenue hard ROI": ("kpis/magic-three.md", r"revenue contribution \| hard roi"),
    "claims triage: -35% handling time, -25% misrouted, +15% satisfaction": (
        "case-studies/claims-triage-insurance.md", r"handling time by 35%.{0,40}misrouted claims by 25%.{0,80}by 15%"),
    "clinical scribe: ~40% less documentation time": (
        "case-studies/clinical-documentation-healthcare.md", r"documentation time .{0,40}roughly 40%"),
    "predictive maintenance: -22% downtime, -30% MTTR": (
        "case-studies/predictive-maintenance-manufacturing.md", r"downtime by 22%.{0,60}\(mttr\) by 30%"),
    "Gartner: over 60 percent of AI projects stall at the pilot": (
        "incentives/why-rollouts-fail.md", r"gartner, over 60 percent of ai projects do not progress beyond the pilot"),
    "MIT Sloan: 30 to 50 percent higher productivity gains": (
        "incentives/incentive-framework.md", r"mit sloan .{0,120}30 to 50 percent higher"),
    "OKR example: 15% more customer retention by Q4": (
        "okrs/okr-example-and-considerations.md", r"15% increase in customer retention by q4"),
    "playbook: 3 to 5 pilot use cases": ("framework/playbook.md", r"3 to 5 pilot use cases"),
}
# The role mapping table: role -> patterns for its old metric, new metric and incentive shift cells
ROLE_ROWS = {
    "analyst": (r"reports", r"accuracy of decisions|decision accuracy", r"insight"),
    "sales rep": (r"quota", r"quota plus forecast accuracy", r"bonus"),
    "ops manager": (r"slas?\b", r"slas? plus ai adoption rate", r"promotion"),
    "support agent": (r"tickets closed", r"first-contact resolution", r"outcomes .*ai|ai-assisted"),
}


def normalised(path) -> str:
    text = path.read_text(encoding="utf-8").lower().replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def test_the_knowledge_base_has_documents():
    assert len(DOCUMENTS) >= 20


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(KNOWLEDGE).as_posix())
def test_every_document_has_front_matter(path):
    meta = frontmatter.load(path).metadata
    assert not [key for key in ("title", "topic", "audience", "tags") if not meta.get(key)]


def test_the_knowledge_base_is_written_in_our_own_words():
    if not COPY_CHECK.exists():
        pytest.skip(f"{COPY_CHECK} is not on this machine")
    proc = subprocess.run([sys.executable, str(COPY_CHECK)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "no copied passages" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.parametrize("fact", KEY_FACTS)
def test_key_reference_figures_are_in_the_knowledge_base(fact):
    document, pattern = KEY_FACTS[fact]
    assert re.search(pattern, normalised(KNOWLEDGE / document)), f"{fact}: not found in knowledge/{document}"


def test_the_role_mapping_table_has_every_row():
    lines = (KNOWLEDGE / "incentives" / "role-mapping.md").read_text(encoding="utf-8").splitlines()
    rows = {cells[0].lower(): [c.lower() for c in cells[1:]]
            for cells in ([c.strip() for c in line.strip().strip("|").split("|")] for line in lines
                          if line.startswith("|"))}
    for role, patterns in ROLE_ROWS.items():
        assert role in rows, f"no row for {role}"
        assert len(rows[role]) == 3
        for cell, pattern in zip(rows[role], patterns):
            assert re.search(pattern, cell), f"{role}: {cell!r} does not match {pattern!r}"
