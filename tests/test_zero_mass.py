"""The zero-inflated and hurdle families beyond the registry-driven conformance suite.

``tests/test_families.py`` checks every family against its scipy reference; here:
closed forms in mpmath (50 digits) where P(X >= 1) is tiny or psi is at an edge (where
the references' own rounding would hide errors), the draws of a truncated count where
rejection would be hopeless, the families as ``Mixture`` components, validation
messages, and the kernel layer in a fresh process (numba's cache keyed by source line).
"""

import math
import re
import subprocess
import sys

import mpmath
import numpy as np
import pytest
from scipy import special, stats

import numbamix
from numbamix.families import FAMILIES

from conftest import ALL_FAMILIES

#: one xdist worker for the module: its tests share compiled kernels
pytestmark = pytest.mark.xdist_group("test_zero_mass")

mpmath.mp.dps = 50


def _mp_poisson_mass(mu, j):
    return mpmath.exp(j * mpmath.log(mu) - mu - mpmath.loggamma(j + 1))


def _mp_hurdle_poisson(psi, mu, x):
    """(log p, log cdf, log sf) of HurdlePoisson at integer x >= 0, summed in mpmath."""
    psi, mu = mpmath.mpf(psi), mpmath.mpf(mu)
    positive = -mpmath.expm1(-mu)  # P(X >= 1)
    if x == 0:
        return mpmath.log(1 - psi), mpmath.log(1 - psi), mpmath.log(psi)
    mass = _mp_poisson_mass(mu, x) / positive
    # survival of the positive part: sum over j > x (terms fall fast for these small means)
    sf = mpmath.fsum(_mp_poisson_mass(mu, j) for j in range(x + 1, x + 200)) / positive
    return mpmath.log(psi * mass), mpmath.log1p(-psi * sf), mpmath.log(psi * sf)


def _assert_close(actual, expected, rtol, what, atol=0.0):
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore"):
        same = (actual == expected) | (np.abs(actual - expected) <= atol + rtol * np.abs(expected))
    assert same.all(), f"{what}: {actual} vs {expected}"


@pytest.mark.parametrize("psi, mu", [(0.3, 1e-8), (1.0, 1e-8), (0.999999, 2e-6), (1.0, 0.5), (1e-12, 4.0)])
def test_hurdle_poisson_tiny_mass_against_mpmath(psi, mu):
    dist = numbamix.HurdlePoisson.dist(psi=psi, mu=mu)
    x = np.array([0.0, 1.0, 2.0, 3.0, 10.0])
    expected = np.array([[float(v) for v in _mp_hurdle_poisson(psi, mu, int(xi))] for xi in x])
    # log p(1) ~ -mu/2 is a difference of two logs ~ log(mu): absolutely (not relatively) exact
    _assert_close(dist.logp(x), expected[:, 0], 1e-13, "logp", atol=1e-15)
    _assert_close(dist.logcdf(x), expected[:, 1], 1e-13, "logcdf")
    _assert_close(dist.logccdf(x), expected[:, 2], 1e-13, "logccdf")


@pytest.mark.parametrize("psi", [0.0, 1e-300, 0.5, 1.0 - 1e-12, 1.0])
def test_zero_inflated_poisson_psi_edges_against_mpmath(psi):
    mu = 40.0
    dist = numbamix.ZeroInflatedPoisson.dist(psi=psi, mu=mu)
    x = np.array([0.0, 5.0, 40.0, 120.0])
    p, m = mpmath.mpf(psi), mpmath.mpf(mu)
    for i, xi in enumerate(x.astype(int)):
        mpmath.mp.dps = 400  # log(1 - 1e-300) needs more than 300 digits
        mass = p * _mp_poisson_mass(m, xi) + (1 - p if xi == 0 else 0)
        sf = p * mpmath.gammainc(xi + 1, 0, m, regularized=True)
        for got, want in ((dist.logp(x)[i], mpmath.log(mass)), (dist.logcdf(x)[i], mpmath.log1p(-sf)),
                          (dist.logccdf(x)[i], mpmath.log(sf))):
            _assert_close(got, float(want), 1e-12, f"psi={psi} x={xi}")
    mpmath.mp.dps = 50


def test_hurdle_lognormal_between_zero_and_eps():
    # PyMC >= 5.24: the positive part is not truncated at eps, so 1e-300 has a (tiny) density
    dist = numbamix.HurdleLogNormal.dist(psi=0.4, mu=0.0, sigma=10.0)
    x = np.array([1e-300, 1e-17])
    expected = math.log(0.4) + stats.lognorm(10.0).logpdf(x)
    _assert_close(dist.logp(x), expected, 1e-13, "logp")
    _assert_close(dist.logcdf(x), np.logaddexp(math.log(0.6), math.log(0.4) + stats.norm.logcdf(np.log(x) / 10.0)),
                  1e-13, "logcdf")
    assert dist.logp(0.0) == math.log(0.6) and dist.logcdf(0.0) == math.log(0.6)
    assert dist.logp(-1e-300) == -math.inf


def test_truncated_count_draws_without_rejection():
    # rejection would need ~1e6 (Poisson) and ~7e4 (NegativeBinomial) tries per draw here
    draws = numbamix.HurdlePoisson.dist(psi=1.0, mu=1e-6).random(size=200_000, rng=1)
    assert draws.min() == 1 and (draws == 2).sum() <= 5  # P(X = 2 | X >= 1) = 5e-7
    dist = numbamix.HurdleNegativeBinomial.dist(psi=1.0, mu=1.0, alpha=1e-6)
    draws = dist.random(size=100_000, rng=2)
    assert draws.min() >= 1
    # the positive part is log-series-like: its median and P(X = 1) from the pmf
    log_p1 = float(dist.logp(1.0))
    assert abs((draws == 1).mean() - math.exp(log_p1)) < 5 * math.sqrt(math.exp(log_p1) / draws.size)


def test_components_of_a_mixture():
    comps = [numbamix.ZeroInflatedPoisson.dist(psi=0.4, mu=3.0), numbamix.HurdleNegativeBinomial.dist(0.7, 5.0, 2.0),
             numbamix.Poisson.dist(1.5)]
    mix = numbamix.Mixture(w=[0.2, 0.5, 0.3], comp_dists=comps)
    x = np.arange(0.0, 40.0)
    refs = [FAMILIES["ZeroInflatedPoisson"].reference(psi=0.4, mu=3.0),
            FAMILIES["HurdleNegativeBinomial"].reference(psi=0.7, mu=5.0, alpha=2.0), stats.poisson(1.5)]
    w = np.log([0.2, 0.5, 0.3])
    for method, ref_method in (("logp", "logpmf"), ("logcdf", "logcdf")):
        expected = special.logsumexp(w + np.stack([getattr(r, ref_method)(x) for r in refs], axis=-1), axis=-1)
        # scipy's logcdf near 0 is log(cdf): good to 1e-16 absolutely, not relatively
        _assert_close(getattr(mix, method)(x), expected, 1e-12, method, atol=1e-15)
    _assert_close(mix.mean(), 0.2 * 0.4 * 3.0 + 0.5 * refs[1].mean() + 0.3 * 1.5, 1e-13, "mean")
    # batched: one HurdleGamma with the mixture axis last, continuous with the atoms of both at 0
    gm = numbamix.Mixture(w=[0.3, 0.7], comp_dists=numbamix.HurdleGamma.dist(psi=[0.2, 0.9], alpha=2.0, beta=[1.0, 4.0]))
    assert gm.logp(0.0) == pytest.approx(math.log(0.3 * 0.8 + 0.7 * 0.1), rel=1e-14)
    draws = gm.random(size=50_000, rng=3)
    assert abs((draws == 0).mean() - 0.31) < 5 * math.sqrt(0.31 * 0.69 / 50_000)


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("HurdlePoisson", {"psi": 0.5, "mu": 0.0}, "HurdlePoisson: 'mu' must be > 0 and finite, got 0.0 at index ()"),
        ("ZeroInflatedPoisson", {"psi": [0.5, 1.5], "mu": 1.0}, "ZeroInflatedPoisson: 'psi' must be in [0, 1], got 1.5 at index (1,)"),
        ("HurdleNegativeBinomial", {"psi": 0.5, "n": 2.0, "p": 1.0},
         "HurdleNegativeBinomial: 'p' must be in (0, 1), got 1.0 at index ()"),
        ("HurdleGamma", {"psi": 0.5, "mu": 1.0}, "HurdleGamma: parameters (mu, psi) match no parametrisation"),
    ],
)
def test_validation_messages(name, params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        getattr(numbamix, name).dist(**params)


@pytest.mark.skipif(not ALL_FAMILIES, reason="a fresh process compiles from scratch: NUMBAMIX_TEST_FAMILIES=all")
def test_two_families_in_a_fresh_process():
    # the seven families share their combining code: numba's on-disk cache must not mix them up
    code = (
        "import numpy as np, numbamix.kernels as nk\n"
        "a = nk.logp(nk.ZeroInflatedPoisson(0.3, 2.0), 0.0)\n"
        "b = nk.logp(nk.HurdlePoisson(0.3, 2.0), 0.0)\n"
        "c = nk.logcdf(nk.HurdleGamma(0.3, 2.0, 1.0), 1.0)\n"
        "print(repr(a), repr(b), repr(c))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    a, b, c = (float(v) for v in out)
    assert a == pytest.approx(math.log(0.7 + 0.3 * math.exp(-2.0)), rel=1e-15)
    assert b == pytest.approx(math.log(0.7), rel=1e-15)
    assert c == pytest.approx(math.log(0.7 + 0.3 * stats.gamma(2.0).cdf(1.0)), rel=1e-14)
