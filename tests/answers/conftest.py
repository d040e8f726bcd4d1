"""A container with a small folder indexed, for the CLI tests of `coach ask` and `coach doctor`."""

import pytest


@pytest.fixture
def indexed(fresh, tmp_path):
    """A container with a small folder indexed, so every doctor check passes unless a test breaks one."""
    c = fresh()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "policy.md").write_text("# Policy\n\n## Approved tools\n\nUse the approved assistant for drafts.\n")
    c.indexer.ingest([folder])
    return c
