"""The documentation that is generated from the code stays equal to it."""

from pathlib import Path

from numbamix.families.catalogue import markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_family_catalogue_is_current():
    current = (DOCS / "families.md").read_text()
    assert current == markdown(), "docs/families.md is stale: python -m numbamix families > docs/families.md"
