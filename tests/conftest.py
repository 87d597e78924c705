"""Hypothesis profiles for the test suite.

``ci`` (the default, also registered as ``dev``): few examples, derandomized,
so a run is fast and reproducible. ``thorough``: 500 random examples per test.
Pick one with ``NUMBAMIX_HYPOTHESIS_PROFILE``, e.g.
``NUMBAMIX_HYPOTHESIS_PROFILE=thorough python -m pytest``. Tests with their own
``@settings(...)`` keep the values they set.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("ci", max_examples=20, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("dev", settings.get_profile("ci"))
settings.register_profile("thorough", max_examples=500, derandomize=False, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("NUMBAMIX_HYPOTHESIS_PROFILE", "ci"))
