"""The documentation that is generated from the code stays equal to it, and its examples run."""

import doctest
import importlib
from pathlib import Path

import pytest

from numbamix.families.catalogue import markdown

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_family_catalogue_is_current():
    current = (DOCS / "families.md").read_text()
    assert current == markdown(), "docs/families.md is stale: python -m numbamix families > docs/families.md"


@pytest.mark.parametrize("module", ["numbamix", "numbamix.testing.strategies"])
def test_docstring_examples_run(module):
    """The ``>>>`` examples in the package's docstrings run (the site's build runs the pages' own)."""
    failed, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0
