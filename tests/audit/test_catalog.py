"""The role-archetype catalog: complete, faithful to the mapping table, and its sources exist."""

import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from bot.audit.catalog import load_catalog
from bot.audit.citations import SECTIONS
from bot.errors import UserError
from tests.conftest import ROOT

REFERENCE = ROOT.parent / "shared" / "reference" / "003_21059c4626be9764.txt"


class Row(NamedTuple):
    old: str
    new: str
    shift: str


# The four rows of the reference mapping (cells named, so the test states facts, not the article's wording)
TABLE = {"analyst": Row(shift="Reward insights, not volume", new="Decision accuracy", old="Reports delivered"),
         "sales_rep": Row(shift="Bonus weighting adjusted", new="Quota + forecast accuracy", old="Quota only"),
         "ops_manager": Row(shift="Promotion criteria updated", new="SLA + AI adoption rate", old="SLA adherence"),
         "support_agent": Row(shift="AI-assisted outcomes rewarded", new="First-contact resolution",
                              old="Tickets closed")}
REQUIRED = ["software engineer", "data scientist", "marketer", "recruiter", "hr business partner", "finance",
            "customer success", "product manager", "claims adjuster", "clinician", "maintenance technician",
            "legal", "procurement", "it service desk"]


def headings(path: str) -> set[str]:
    text = (ROOT / path).read_text(encoding="utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^#{1,4}\s+(.+)$", text, re.MULTILINE)}


def test_the_four_reference_roles_restate_the_mapping_table(catalog):
    for archetype_id, (old, new, shift) in TABLE.items():
        a = catalog.get(archetype_id)
        assert a.reference and (a.table.old_metric, a.table.new_metric, a.table.incentive_shift) == (old, new, shift)
        assert a.headline_metric == new.replace(" + ", " plus ") and a.incentive_shift == shift
    assert sum(a.reference for a in catalog.archetypes) == 4


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference articles are not beside this checkout")
def test_table_above_is_the_reference_articles_table():
    rows = re.findall(r"^\| (Analyst|Sales Rep|Ops Manager|Support Agent) \| (.+?) \| (.+?) \| (.+?) \|$",
                      REFERENCE.read_text(), re.MULTILINE)
    found = {role.lower().replace(" ", "_"): rest for role, *rest in rows}
    assert {k: Row(*v) for k, v in found.items()} == TABLE


def test_role_mapping_page_says_the_same_for_each_role():
    page = (ROOT / "knowledge/incentives/role-mapping.md").read_text().lower()
    for old, new, _shift in TABLE.values():
        assert new.lower().replace(" + ", " plus ") in page
        assert old.lower().split()[0] in page


def test_catalog_covers_the_required_roles_with_every_field(catalog):
    assert len(catalog.archetypes) >= 16
    names = " | ".join(" ".join(a.names()).lower() for a in catalog.archetypes)
    for role in REQUIRED:
        assert role in names, role
    for a in catalog.archetypes:
        assert a.old_metrics and a.new_metrics and a.incentive_shift and a.gaming_risks and a.guardrails
        assert a.displaced_work and a.summary and a.sources


def test_every_cited_section_exists(catalog):
    cited = [s for a in catalog.archetypes for s in a.sources] + list(SECTIONS.values())
    for source in cited:
        assert source.section in headings(source.path), f"{source.path} › {source.section}"


def test_version_records_the_content(tmp_path, catalog):
    copy = tmp_path / "audit"
    shutil.copytree(ROOT / "knowledge" / "audit", copy)
    assert load_catalog(copy).version == catalog.version
    path = copy / "roles-frontline.yaml"
    path.write_text(path.read_text().replace("Unplanned downtime", "Unplanned downtime hours"))
    changed = load_catalog(copy).version
    assert changed != catalog.version and changed.split("+")[0] == catalog.version.split("+")[0]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("    lever: recognition\n", "    lever: applause\n", 1), "lever"),
    (lambda t: t.replace("  - id: claims_adjuster", "  - id: Claims Adjuster"), "id"),
    (lambda t: t.replace("  - id: clinician", "  - id: claims_adjuster"), "unique"),
    (lambda t: t + "\n  - [unclosed\n", "not valid YAML"),
])
def test_a_broken_catalog_is_one_clear_error(tmp_path, edit, message):
    copy = tmp_path / "audit"
    shutil.copytree(ROOT / "knowledge" / "audit", copy)
    path = copy / "roles-frontline.yaml"
    path.write_text(edit(path.read_text()))
    with pytest.raises(UserError, match=message):
        load_catalog(copy)


def test_a_missing_catalog_folder_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="missing"):
        load_catalog(Path(tmp_path / "nowhere"))
