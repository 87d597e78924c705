"""numbamix against values computed once with PyMC (``tests/data/pymc_golden.json``, and
``tests/data/pymc_golden_zero_mass.json`` for the zero-inflated and hurdle families).

The fixture is written by ``tests/make_pymc_golden.py`` in an environment with
pymc, so this suite does not need pymc. Where numbamix deliberately differs
from PyMC the comparison is skipped for those entries, each for a stated reason:

- PyMC casts discrete values to int64 first (2.5 -> 2; nan, inf, 1e30 ->
  -2**63); numbamix gives -inf logp to non-integer counts, nan to nan and the
  exact value beyond the int64 range.
- PyMC's Normal (and LogNormal) logcdf divides by a float32 sqrt(2), so it is only good to
  ~1e-8 relative; those are compared at rtol 1e-6 (and exactly against scipy
  in the conformance suite).
- PyMC's StudentT logcdf is nan at +-inf and its Gamma logp at 0 with
  alpha < 1 is -inf; numbamix gives the limits (0 / -inf, and +inf).
"""

import json
from pathlib import Path

import numpy as np
import pytest

import numbamix
from numbamix.families import FAMILIES

DATA = Path(__file__).parent / "data"
CASES = json.loads((DATA / "pymc_golden.json").read_text())["cases"]
#: the zero-inflated and hurdle distributions and NormalMixture (group 10), in a file of their own
ZERO_MASS_CASES = json.loads((DATA / "pymc_golden_zero_mass.json").read_text())["cases"]
CASES = CASES + ZERO_MASS_CASES


def _array(values):
    """Decode the fixture's numbers ("inf", "-inf", "nan" are strings)."""
    return np.array(values if values is None else np.vectorize(float)(np.array(values, dtype=object)), dtype=float)


def _dist(spec):
    cls = getattr(numbamix, spec["family"])
    return cls.dist(**spec["params"], shape=spec["shape"])


def _build(case):
    if case["kind"] == "single":
        return _dist(case["dist"])
    comps = case["components"]
    comp_dists = [_dist(d) for d in comps["dists"]] if comps["layout"] == "list" else _dist(comps["dist"])
    return numbamix.Mixture(np.array(case["weights"]), comp_dists)


def _families(case):
    if case["kind"] == "single":
        return {case["dist"]["family"]}
    comps = case["components"]
    return {d["family"] for d in comps.get("dists", [comps.get("dist")])}


def _comparable(case, values, method):
    """Entries where numbamix promises PyMC's number (see the module docstring)."""
    keep = np.ones(values.shape, dtype=bool)
    if case["dtype"] == "int64":
        keep &= (np.abs(values) < 2.0**63) & (values == np.floor(values))
    if method == "logcdf" and "StudentT" in _families(case):
        keep &= np.isfinite(values)
    if method == "logp" and case["kind"] == "single" and case["dist"]["family"] == "Gamma":
        keep &= (values != 0) | (_dist(case["dist"]).params["alpha"] >= 1)
    return keep


#: each case's tests in one xdist worker: they share the case's compiled mixture
VALID = [pytest.param(c, id=c["id"], marks=pytest.mark.xdist_group(c["id"])) for c in CASES if c.get("logp") is not None]
INVALID = [c for c in CASES if c.get("logp_error")]


@pytest.mark.parametrize("case", VALID)
@pytest.mark.parametrize("method", ["logp", "logcdf"])
def test_matches_pymc(case, method):
    dist = _build(case)
    values = _array(case["values"]).reshape(case["values_shape"])
    expected = _array(case[method]).reshape(np.shape(case[method]))
    actual = getattr(dist, method)(values)
    assert actual.shape == expected.shape
    values = np.broadcast_to(values, expected.shape)
    keep = _comparable(case, values, method)
    normal_cdf = {"Normal", "LogNormal", "HurdleLogNormal", "NormalMixture"}  # PyMC's erfc in float32 sqrt(2)
    rtol = 1e-6 if method == "logcdf" and _families(case) & normal_cdf else 1e-10
    np.testing.assert_allclose(actual[keep], expected[keep], rtol=rtol, atol=1e-12)
    if not keep.all():
        np.testing.assert_allclose(actual[~keep], _our_convention(dist, values[~keep], method), rtol=0.1, atol=1e-15)


def _our_convention(dist, values, method):
    """What numbamix gives where it departs from PyMC (nan, infinities, non-integer counts,
    counts beyond int64, the Gamma density's pole at 0)."""
    if method == "logcdf":
        expected = np.where(values == np.inf, 0.0, -np.inf)
        finite = np.isfinite(values)
        expected[finite] = dist.logcdf(np.floor(values[finite]))
    else:
        expected = np.full(values.shape, -np.inf)
        huge_count = np.isfinite(values) & (values == np.floor(values)) & (values != 0)
        expected[huge_count] = -values[huge_count] * np.log(values[huge_count])  # leading term
        if isinstance(dist, numbamix.Gamma):
            expected[values == 0] = np.inf
    return np.where(np.isnan(values), np.nan, expected)


@pytest.mark.parametrize("case", VALID)
def test_shape_support_point_and_mean(case):
    dist = _build(case)
    assert dist.batch_shape == tuple(case["shape"])
    point = dist.support_point()
    np.testing.assert_allclose(point, _array(case["support_point"]), rtol=1e-7)
    assert point.dtype == np.dtype(case["dtype"])
    np.testing.assert_allclose(dist.mean(), _array(case["mean"]), rtol=1e-7)


def _mass_at_zero(case):
    """Whether the case's distribution has probability mass at 0 (counts, a hurdle's atom)."""
    dist = _build(case)
    return dist.discrete or 0.0 in getattr(getattr(dist, "family", None), "atoms", ())


AT_ZERO = [c for c in ZERO_MASS_CASES if _mass_at_zero(c)]


@pytest.mark.parametrize("case", AT_ZERO, ids=[c["id"] for c in AT_ZERO])
def test_mass_at_zero_matches_pymc_draws(case):
    # the fraction of PyMC's draws at 0 within 5 standard errors of numbamix's P(X = 0)
    mass = float(np.exp(_build(case).logp(0.0)))
    n = case["mean_check"]["draws"]
    assert abs(float(case["zero_fraction"]) - mass) <= 5.0 * np.sqrt(mass * (1.0 - mass) / n)


@pytest.mark.parametrize("case", INVALID, ids=[c["id"] for c in INVALID])
def test_invalid_weights_raise_at_construction(case):
    with pytest.raises(ValueError, match="'w' must"):
        _build(case)


def test_fixture_covers_every_core_family():
    # the catalogue families of issue 5 have no PyMC golden cases yet (their conformance
    # tables hold PyMC's support points and parametrisations): see tests/conftest.py
    from conftest import CORE_FAMILIES

    covered = set().union(*(_families(c) for c in CASES))
    assert covered <= set(FAMILIES) | {"NormalMixture"}
    assert CORE_FAMILIES <= covered
