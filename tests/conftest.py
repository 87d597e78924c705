"""Hypothesis profiles for the test suite.

``ci`` (the default, also registered as ``dev``): few examples, derandomized,
so a run is fast and reproducible. ``thorough``: 500 random examples per test.
Pick one with ``NUMBAMIX_HYPOTHESIS_PROFILE``, e.g.
``NUMBAMIX_HYPOTHESIS_PROFILE=thorough python -m pytest``. Tests with their own
``@settings(...)`` keep the values they set.

With pytest-xdist (``-n auto`` in ``pyproject.toml``), every test parametrised
by a family ``name`` runs in the same worker as the family's other tests
(``--dist loadgroup``): numba then compiles each family once, not once per
worker.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("ci", max_examples=20, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("dev", settings.get_profile("ci"))
settings.register_profile("thorough", max_examples=500, derandomize=False, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("NUMBAMIX_HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("name"), str):
            item.add_marker(pytest.mark.xdist_group(params["name"]))
