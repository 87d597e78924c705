"""numbamix.testing.checks: every check passes on correct densities and catches seeded bugs."""

import pickle

import numpy as np
import pytest
import scipy.stats
from hypothesis import strategies as st

import numbamix
from numbamix import Mixture, Normal, Poisson, StudentT
from numbamix.testing import checks
from numbamix.testing.checks import CheckFailure

LOG2 = np.log(2.0)


# --------------------------------------------------------------------------- a correct custom density


def laplace(mu=0.0, b=1.0, *, constant=True, tail_bug=False):
    """A Laplace density from numpy callables; ``constant=False`` and ``tail_bug`` seed bugs."""

    def logp(x):
        x = np.asarray(x, dtype=float)
        return (-np.log(2 * b) if constant else 0.0) - np.abs(x - mu) / b

    def logcdf(x):
        x = np.asarray(x, dtype=float)
        z = (x - mu) / b
        with np.errstate(over="ignore"):
            left = -LOG2 + z
            if tail_bug:  # drops the 1/2 in the far left tail
                left = np.where(x < mu - 5 * b, z, left)
            right = np.log1p(-0.5 * np.exp(-np.abs(z)))
        return np.where(np.isnan(x), np.nan, np.where(z < 0, left, right))

    def random(size, rng):
        return rng.laplace(mu, b, size)

    return checks.from_callables(logp, logcdf, random, mean=mu, variance=2 * b * b, params={"mu": mu, "b": b})


#: Keyed by family name where there is one: the test then runs in the xdist worker that
#: compiles that family for its own tests (``tests/conftest.py``).
GOOD = {
    "Normal": lambda: Normal.dist(1.0, 2.0),
    "Poisson": lambda: Poisson.dist(3.0),
    "StudentT": lambda: StudentT.dist(nu=3),
    "mixture": lambda: Mixture([0.3, 0.7], [Normal.dist(0, 1), Normal.dist(3, 0.5)]),
    "laplace": lambda: laplace(0.5, 1.5),
}


def points_for(d):
    return checks._default_points(checks.as_density(d))


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_check_passes_on_correct_densities(name):
    dist = GOOD[name]()
    pts = points_for(dist)
    checks.check_normalisation(dist)
    checks.check_cdf_matches_pdf(dist, pts)
    checks.check_cdf_monotone(dist, pts)
    checks.check_support_edges(dist)
    checks.check_sampler(dist, n=5000)
    checks.check_moments(dist, n=20_000)
    if not checks.as_density(dist).discrete:
        checks.check_sampler(dist, n=5000, test="anderson")


def test_reference_and_distribution_entry_point_pass():
    checks.check_matches_reference(Normal.dist(1.0, 2.0), scipy.stats.norm(1, 2), np.linspace(-30, 30, 61))
    checks.check_matches_reference(Poisson.dist(3.0), scipy.stats.poisson(3), np.arange(-2, 40))
    checks.check_distribution(
        lambda sigma: numbamix.Normal.dist(0.0, sigma),
        params=st.fixed_dictionaries({"sigma": st.floats(0.1, 10)}),
        reference=lambda sigma: scipy.stats.norm(0, sigma),
        max_examples=10,
    )


def test_mixture_invariances_pass():
    mix = Mixture([0.2, 0.5, 0.3], [Normal.dist(0, 1), StudentT.dist(nu=4, mu=2), Normal.dist(-3, 0.2)])
    checks.check_mixture_invariances(mix, np.linspace(-10, 10, 41))
    checks.check_mixture_invariances(Mixture([0.4, 0.6], [Poisson.dist(1.0), Poisson.dist(7.0)]), np.arange(-1, 20))


BOUNDED_AND_SPIKY = {
    "Binomial": lambda: numbamix.Binomial.dist(10, 0.3),
    "Uniform": lambda: numbamix.Uniform.dist(-1.0, 2.0),
    "Gamma": lambda: numbamix.Gamma.dist(0.5, 1.0),
    "spiky mixture": lambda: Mixture([0.5, 0.5], [Normal.dist(0, 1), Normal.dist(100, 0.001)]),
}


@pytest.mark.parametrize("name", sorted(BOUNDED_AND_SPIKY))
def test_bounded_and_spiky_densities_pass(name):
    dist = BOUNDED_AND_SPIKY[name]()
    checks.check_normalisation(dist)
    checks.check_cdf_matches_pdf(dist, points_for(dist))
    checks.check_support_edges(dist)


def test_plain_object_protocol():
    class Obj:
        def __init__(self):
            self._d = Normal.dist(0.0, 1.0)

        def logp(self, x):
            return self._d.logp(x)

        def logcdf(self, x):
            return self._d.logcdf(x)

        def random(self, size, rng):
            return self._d.random(size, rng)

        def mean(self):
            return 0.0

        variance = 1.0

    d = checks.as_density(Obj())
    assert d.support == (-np.inf, np.inf) and d.mean == 0.0 and d.variance == 1.0 and not d.discrete
    checks.check_sampler(Obj(), n=2000)
    checks.check_moments(Obj(), n=5000)


def test_batched_distribution_is_refused():
    with pytest.raises(ValueError, match="batch_shape == \\(\\)"):
        checks.as_density(Normal.dist(0.0, [1.0, 2.0]))


def test_failure_message_and_pickling():
    err = CheckFailure("check_x", "total mass 2 != 1", params={"b": 2.5}, value=1.0, expected=1.0, actual=2.0)
    text = str(err)
    assert text.splitlines()[0] == "check_x failed: total mass 2 != 1"
    for part in ("parameters: {'b': 2.5}", "value: 1.0", "expected: 1.0", "actual: 2.0", "relative error: 1"):
        assert part in text
    assert isinstance(err, AssertionError)
    assert str(pickle.loads(pickle.dumps(err))) == text


# --------------------------------------------------------------------------- mutation checks


def test_detects_missing_normalising_constant():
    with pytest.raises(CheckFailure) as info:
        checks.check_normalisation(laplace(0.0, 2.5, constant=False))
    text = str(info.value)
    assert "check_normalisation failed: total mass 5 != 1" in text
    assert "'b': 2.5" in text and "expected: 1.0" in text and "relative error: 4" in text


def test_detects_logcdf_wrong_in_far_tail():
    bad = laplace(0.0, 1.0, tail_bug=True)
    checks.check_cdf_monotone(bad, np.linspace(-4, 4, 9))  # fine in the bulk
    with pytest.raises(CheckFailure) as info:
        checks.check_cdf_matches_pdf(bad, points_for(bad))
    text = str(info.value)
    assert "check_cdf_matches_pdf failed" in text
    value = info.value.value
    assert value < -5
    assert info.value.actual == pytest.approx(2 * info.value.expected, rel=1e-6)


def test_detects_survival_function_of_the_wrong_tail():
    good = Normal.dist(1.0, 2.0)
    x = np.linspace(-5.0, 7.0, 25)
    checks.check_complement(good, x)
    checks.check_matches_reference(good, scipy.stats.norm(1.0, 2.0), x)
    # log P(X < x) passed off as log P(X > x): right at the median only
    bad = checks.from_callables(good.logp, good.logcdf, logccdf=good.logcdf, support=(-np.inf, np.inf))
    with pytest.raises(CheckFailure) as info:
        checks.check_complement(bad, x)
    assert "check_complement failed: cdf + survival function differs from 1 at 24 of 25 points" in str(info.value)
    with pytest.raises(CheckFailure, match="logccdf differs from the reference"):
        checks.check_matches_reference(bad, scipy.stats.norm(1.0, 2.0), x)
    with pytest.raises(CheckFailure, match="logccdf does not tend to 0 far below the support"):
        checks.check_support_edges(bad)


def test_detects_sampler_drawing_from_wrong_component():
    good = Mixture([0.3, 0.7], [Normal.dist(0, 1), Normal.dist(3, 0.5)])
    swapped = Mixture([0.7, 0.3], [Normal.dist(0, 1), Normal.dist(3, 0.5)])
    bad = checks.from_callables(good.logp, good.logcdf, swapped.random, params={"w": [0.3, 0.7]})
    for test in ("ks", "anderson"):
        with pytest.raises(CheckFailure) as info:
            checks.check_sampler(bad, n=2000, test=test)
        assert f"check_sampler failed: {test} test rejects the draws" in str(info.value)
        assert "'w': [0.3, 0.7]" in str(info.value)
    with pytest.raises(CheckFailure, match="sample mean"):
        checks.check_moments(checks.from_callables(good.logp, random=swapped.random, mean=float(good.mean())))


class EqualWeightMixture:
    """A mixture whose logp/logcdf ignore ``w`` (the seeded bug), with numbamix's constructor."""

    def __init__(self, w, comp_dists):
        self.w = np.asarray(w, dtype=float)
        self.comp_dists = list(comp_dists)

    def _combine(self, method, x):
        terms = np.stack([getattr(c, method)(x) for c in self.comp_dists])
        return np.logaddexp.reduce(terms, axis=0) - np.log(len(self.comp_dists))

    def logp(self, x):
        return self._combine("logp", x)

    def logcdf(self, x):
        return self._combine("logcdf", x)


def test_detects_weights_not_applied():
    comps = [Normal.dist(0, 1), Normal.dist(3, 0.5)]
    bad = EqualWeightMixture([0.3, 0.7], comps)
    checks.check_normalisation(bad)  # still a density: normalisation cannot see it
    with pytest.raises(CheckFailure) as info:
        checks.check_mixture_invariances(bad, np.linspace(-3, 5, 9))
    assert "weight 1 on component 0 does not give logp of comp_dists[0] alone" in str(info.value)
    with pytest.raises(CheckFailure, match="logp differs from the reference"):
        checks.check_matches_reference(bad, Mixture([0.3, 0.7], comps), np.linspace(-3, 5, 9))


def test_check_distribution_names_the_parameters():
    with pytest.raises(CheckFailure) as info:
        checks.check_distribution(
            lambda b: laplace(0.0, b, constant=False),
            params=st.fixed_dictionaries({"b": st.floats(0.1, 10)}),
            max_examples=10,
        )
    text = str(info.value)
    assert "check_normalisation failed: total mass" in text
    assert "parameters: {'b': " in text


def test_check_distribution_checks_argument():
    checks.check_distribution(lambda: laplace(0.0, 1.0), checks=["normalisation", "support"])
    with pytest.raises(ValueError, match="unknown check"):
        checks.check_distribution(lambda: laplace(0.0, 1.0), checks=["normalization"])


def test_degenerate_samples_do_not_fail_moments():
    checks.check_moments(numbamix.Binomial.dist(1, 1e-45), n=2000)
    checks.check_moments(numbamix.Binomial.dist(1, 0.5), n=2000)


def test_moments_of_rare_values_are_rechecked_on_a_larger_sample():
    # ~26 non-zero draws in 50 000, spread over thousands: the first sample's variance is
    # 5.5 standard errors short (seed 0); 5 000 000 draws settle it
    dist = numbamix.ZeroInflatedNegativeBinomial.dist(psi=0.0820849986238988, mu=1.0, alpha=0.0009118819655545162)
    with pytest.raises(CheckFailure, match="sample variance"):
        checks._check_moments(checks.as_density(dist), 50_000, 0, 5.0)
    checks.check_moments(dist)
