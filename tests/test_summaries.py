"""Variance and support bounds of every family and of mixtures, against scipy and closed forms."""

import numba
import numpy as np
import pytest

import numbamix
from numbamix import Mixture, Normal, Poisson, StudentT, Uniform, kernels
from numbamix.families import FAMILIES


def _typical(family, where):
    values = {p.name: p.typical[0] + where * (p.typical[1] - p.typical[0]) for p in family.params}
    if family.name == "Binomial":
        values["n"] = float(round(values["n"]))
    return values


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("where", [0.2, 0.7])
def test_variance_and_support_match_scipy(name, where):
    family = FAMILIES[name]
    params = _typical(family, where)
    dist = getattr(numbamix, name).dist(**params)
    ref = family.reference(**params)
    np.testing.assert_allclose(dist.variance(), ref.var(), rtol=1e-12)
    # scipy's bounds are loc + scale * (its standard bounds), one rounding off the parameters
    np.testing.assert_allclose(np.array(dist.support(), dtype=float), np.array(ref.support(), dtype=float), rtol=1e-15)


def test_student_t_variance_infinite_or_undefined():
    assert StudentT.dist(nu=1.5).variance() == np.inf
    assert np.isnan(StudentT.dist(nu=0.8).variance())


def test_mixture_variance_is_the_law_of_total_variance():
    w = np.array([[0.2, 0.8], [1.0, 0.0]])
    mix = Mixture(w, Normal.dist(mu=[0.0, 10.0], sigma=[1.0, 2.0], shape=(2, 2)))
    np.testing.assert_allclose(mix.variance(), [0.2 * (1 + 64) + 0.8 * (4 + 4), 1.0], rtol=1e-14)
    far = Mixture([0.3, 0.7], [Normal.dist(1e8, 1.0), Normal.dist(1e8 + 3, 0.5)])
    near = Mixture([0.3, 0.7], [Normal.dist(0.0, 1.0), Normal.dist(3.0, 0.5)])
    np.testing.assert_allclose(far.variance(), near.variance(), rtol=1e-12)
    draws = near.random(200_000, rng=5)
    assert abs(draws.var() - near.variance()) < 5 * near.variance() * np.sqrt(2 / draws.size) * 2


def test_mixture_support_is_the_hull_of_components_with_weight():
    mix = Mixture([0.0, 0.4, 0.6], [Uniform.dist(-5, 0), Uniform.dist(1, 2), Uniform.dist(3, 4)])
    assert tuple(map(float, mix.support())) == (1.0, 4.0)
    counts = Mixture([0.5, 0.5], [Poisson.dist(1.0), numbamix.Binomial.dist(7, 0.5)])
    assert tuple(map(float, counts.support())) == (0.0, np.inf)


def test_kernel_variance_and_support_inside_njit():
    @numba.njit
    def summaries(lower, upper):
        k = kernels.Uniform(lower, upper)
        lo, hi = kernels.support(k)
        return kernels.variance(k), lo, hi

    assert summaries(1.0, 4.0) == (0.75, 1.0, 4.0)
    assert kernels.support(kernels.Binomial(9.0, 0.5)) == (0.0, 9.0)
    assert kernels.support(kernels.Normal(0.0, 1.0)) == (-np.inf, np.inf)
