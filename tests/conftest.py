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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.register_profile("ci", max_examples=20, derandomize=True, print_blob=True, **_COMMON)
settings.register_profile("dev", settings.get_profile("ci"))
settings.register_profile("thorough", max_examples=500, derandomize=False, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("NUMBAMIX_HYPOTHESIS_PROFILE", "ci"))


#: Families whose whole conformance suite runs by default. The others (issue 5's
#: catalogue, about 25 s of numba compilation each) run the property tests with
#: :data:`CATALOGUE_EXAMPLES` hypothesis examples instead of the profile's, and skip
#: the tests below (fixed-parameter integrals and draws, and the batched and kernel-layer
#: compilations, which the property tests and the core families cover), unless
#: ``NUMBAMIX_TEST_FAMILIES=all``: the default run stays within CI's 15 minutes.
CORE_FAMILIES = {
    "Binomial", "Exponential", "Gamma", "LogNormal", "NegativeBinomial", "Normal", "Poisson", "StudentT", "Uniform",
}
CATALOGUE_EXAMPLES = 3
HEAVY_TESTS = {
    "test_normalised_monotone_and_consistent",
    "test_draws_match_reference",
    "test_draws_reproducible_and_seedable",
    "test_kernel_layer_matches_front_end",
    "test_shape_and_size_broadcast",
    "test_value_shapes_on_scalar_batch",
    # the gradient checks (tests/test_gradients.py): each family's grad_logp compiles on its own
    "test_family_gradient_against_finite_differences",
    "test_family_gradient_zero_outside_support",
}
ALL_FAMILIES = os.environ.get("NUMBAMIX_TEST_FAMILIES") == "all"


def family_examples(name):
    """``max_examples`` for a family's property tests: ``None`` (the profile's) or fewer."""
    return None if ALL_FAMILIES or name in CORE_FAMILIES else CATALOGUE_EXAMPLES


def run_examples(name, test):
    """Run ``test(data)`` under hypothesis with :func:`family_examples` examples."""
    test = given(data=st.data())(test)
    if family_examples(name) is not None:
        test = settings(max_examples=family_examples(name))(test)
    test()


def pytest_collection_modifyitems(config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        name = params.get("name")
        if not isinstance(name, str):
            continue
        if item.get_closest_marker("xdist_group") is None:  # a module's own group wins
            item.add_marker(pytest.mark.xdist_group(name))
        if not ALL_FAMILIES and name not in CORE_FAMILIES and item.originalname in HEAVY_TESTS:
            item.add_marker(pytest.mark.skip(reason="heavy check of a catalogue family: NUMBAMIX_TEST_FAMILIES=all"))
