"""Mixtures of mixtures, Categorical and NormalMixture as components, and the per-component
terms (``component_logp``, ``responsibilities``), against scipy references.

A nested mixture is evaluated as the flat mixture whose weights are the
products of the nested ones; the references here are scipy's densities
combined by hand, and the flat mixture built independently by the test.
Family combinations are the ones tests/test_mixture.py already compiles
(all-Normal, Normal + StudentT, all-Poisson, all-Uniform) plus Categorical's
point masses with a Poisson.
"""

import pickle

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from scipy.special import logsumexp

from numbamix import Categorical, Mixture, Normal, NormalMixture, Poisson, StudentT, Uniform

#: one xdist worker for the module: its tests share compiled kernels
pytestmark = pytest.mark.xdist_group("test_nested")

RTOL = 1e-12
X = np.linspace(-6.0, 9.0, 31)

# outer = 0.4 * (0.3 N(0, 1) + 0.7 N(3, 2)) + 0.6 t_4(1, 1)
INNER = Mixture(w=[0.3, 0.7], comp_dists=[Normal.dist(0, 1), Normal.dist(3, 2)])
STUDENT = StudentT.dist(nu=4, mu=1, sigma=1)
OUTER = Mixture(w=[0.4, 0.6], comp_dists=[INNER, STUDENT])
FLAT_W = [0.4 * 0.3, 0.4 * 0.7, 0.6]
FLAT_REF = [stats.norm(0, 1), stats.norm(3, 2), stats.t(4, 1, 1)]
FLAT = Mixture(w=FLAT_W, comp_dists=[Normal.dist(0, 1), Normal.dist(3, 2), STUDENT])


def scipy_mixture(w, comps, x, method):
    """``log sum_k w_k f_k(x)`` for f = pdf, cdf or sf of frozen scipy distributions."""
    name = {"logp": "logpdf", "logcdf": "logcdf", "logccdf": "logsf"}[method]
    terms = [np.log(wk) + getattr(c, name if hasattr(c, "logpdf") else name.replace("pdf", "pmf"))(x)
             for wk, c in zip(w, comps)]
    return logsumexp(terms, axis=0)


@pytest.mark.parametrize("method", ["logp", "logcdf", "logccdf"])
def test_nested_list_equals_flat_reference(method):
    assert_allclose(getattr(OUTER, method)(X), scipy_mixture(FLAT_W, FLAT_REF, X, method), rtol=RTOL)


def test_nested_moments_and_support_point_equal_flat():
    mean = sum(w * c.mean() for w, c in zip(FLAT_W, FLAT_REF))
    second = sum(w * (c.var() + c.mean() ** 2) for w, c in zip(FLAT_W, FLAT_REF))
    assert_allclose(OUTER.mean(), mean, rtol=1e-14)
    assert_allclose(OUTER.variance(), second - mean**2, rtol=1e-13)
    assert_allclose(OUTER.support_point(), 0.4 * (0.3 * 0 + 0.7 * 3) + 0.6 * 1, rtol=1e-15)


def test_nested_draws_are_the_flat_mixtures_draws():
    # the flat mixture with the product weights chooses components from the same uniforms
    assert_array_equal(OUTER.random(1000, rng=7), FLAT.random(1000, rng=7))
    draws = OUTER.random(20_000, rng=11)
    cdf = lambda x: sum(w * c.cdf(x) for w, c in zip(FLAT_W, FLAT_REF))  # noqa: E731
    assert stats.kstest(draws, cdf).pvalue > 1e-4


def test_doubly_nested_and_pickled():
    twice = Mixture(w=[0.5, 0.5], comp_dists=[OUTER, Normal.dist(-2, 0.5)])
    again = pickle.loads(pickle.dumps(twice))
    w = [0.5 * p for p in FLAT_W] + [0.5]
    expected = scipy_mixture(w, FLAT_REF + [stats.norm(-2, 0.5)], X, "logp")
    assert_allclose(again.logp(X), expected, rtol=RTOL)


def test_batched_nested_component():
    # one batched mixture (batch shape (2,)) whose last batch axis is the outer mixture axis
    inner = Mixture(w=[[0.3, 0.7], [0.5, 0.5]], comp_dists=Normal.dist(mu=[[0.0, 3.0], [1.0, -1.0]], sigma=1))
    outer = Mixture(w=[0.25, 0.75], comp_dists=inner)
    assert outer.batch_shape == ()
    w = [0.25 * 0.3, 0.25 * 0.7, 0.75 * 0.5, 0.75 * 0.5]
    comps = [stats.norm(0, 1), stats.norm(3, 1), stats.norm(1, 1), stats.norm(-1, 1)]
    assert_allclose(outer.logp(X), scipy_mixture(w, comps, X, "logp"), rtol=RTOL)
    assert_allclose(outer.support_point(), 0.25 * 2.1 + 0.75 * 0.0, atol=1e-15)


def test_nested_weights_broadcast_over_batch_dimensions():
    # inner weights vary over a batch of 3, outer weights over nothing: flat weights of shape (3, 3)
    w_inner = np.array([[0.2, 0.8], [0.5, 0.5], [0.9, 0.1]])
    inner = Mixture(w=w_inner, comp_dists=[Normal.dist(0, 1), Normal.dist(2, 1)])
    outer = Mixture(w=[0.3, 0.7], comp_dists=[inner, Normal.dist(mu=[-1.0, 0.0, 1.0], sigma=2)])
    assert outer.batch_shape == (3,)
    x = X[:, None]
    expected = np.stack(
        [
            scipy_mixture([0.3 * w_inner[b, 0], 0.3 * w_inner[b, 1], 0.7],
                          [stats.norm(0, 1), stats.norm(2, 1), stats.norm(b - 1.0, 2)], X, "logp")
            for b in range(3)
        ],
        axis=-1,
    )
    assert_allclose(outer.logp(x), expected, rtol=RTOL)


def test_categorical_as_component():
    p = np.array([0.2, 0.5, 0.3])
    mix = Mixture(w=[0.5, 0.5], comp_dists=[Categorical.dist(p=p), Poisson.dist(3.0)])
    k = np.arange(0, 8)
    mass = 0.5 * np.where(k < 3, p[np.minimum(k, 2)], 0.0) + 0.5 * stats.poisson(3).pmf(k)
    assert_allclose(mix.logp(k), np.log(mass), rtol=RTOL)
    assert mix.logp(-1) == -np.inf
    assert_allclose(mix.logcdf(k), np.log(np.cumsum(mass) + 0.5 * stats.poisson(3).cdf(-1)), rtol=RTOL)
    # PyMC's rule: the weighted support points, Categorical's being its mode
    assert mix.support_point() == round(0.5 * 1 + 0.5 * 3)
    assert mix.random(10, rng=1).dtype == np.int64


def test_batched_categorical_component_equals_list_form():
    p = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
    batched = Mixture(w=[0.25, 0.75], comp_dists=Categorical.dist(p=p))
    listed = Mixture(w=[0.25, 0.75], comp_dists=[Categorical.dist(p=p[0]), Categorical.dist(p=p[1])])
    k = np.arange(-1, 4)
    mass = np.append(0.25 * p[0] + 0.75 * p[1], 0.0)[k]
    with np.errstate(divide="ignore"):
        assert_allclose(batched.logp(k), np.log(mass), rtol=RTOL)
    assert_array_equal(listed.logp(k), batched.logp(k))


def test_discrete_and_continuous_nested_components_are_refused():
    with pytest.raises(ValueError, match=r"all discrete or all continuous, got Mixture \(continuous\), Poisson"):
        Mixture(w=[0.5, 0.5], comp_dists=[INNER, Poisson.dist(2.0)])
    with pytest.raises(TypeError, match="component 1 must be a univariate distribution"):
        Mixture(w=[0.5, 0.5], comp_dists=[INNER, "Normal"])


# --- component_logp and responsibilities ----------------------------------------------------------


def test_component_logp_and_responsibilities_against_scipy():
    terms = np.stack([np.log(w) + c.logpdf(X) for w, c in zip(FLAT_W, FLAT_REF)], axis=-1)
    assert_allclose(FLAT.component_logp(X), terms, rtol=RTOL)
    assert_allclose(FLAT.responsibilities(X), np.exp(terms - logsumexp(terms, axis=-1, keepdims=True)), rtol=1e-12)
    assert_allclose(logsumexp(FLAT.component_logp(X), axis=-1), FLAT.logp(X), rtol=1e-14)


def test_component_logp_of_a_nested_mixture_sums_each_component():
    inner_terms = logsumexp([np.log(0.3) + stats.norm(0, 1).logpdf(X), np.log(0.7) + stats.norm(3, 2).logpdf(X)], axis=0)
    expected = np.stack([np.log(0.4) + inner_terms, np.log(0.6) + stats.t(4, 1, 1).logpdf(X)], axis=-1)
    assert_allclose(OUTER.component_logp(X), expected, rtol=RTOL)
    assert_allclose(OUTER.responsibilities(X).sum(axis=-1), 1.0, rtol=1e-14)


def test_component_terms_broadcast_with_batch_weights_and_zero_weights():
    mu = np.array([-1.5, 0.25, 2.0])
    w = np.array([[0.2, 0.8, 0.0], [0.1, 0.3, 0.6]])
    mix = Mixture(w, Normal.dist(mu=mu, sigma=1, shape=(2, 3)))
    x = X[:, None]  # values (31, 1) against batch shape (2,)
    with np.errstate(divide="ignore"):
        terms = np.log(w) + stats.norm(mu, 1).logpdf(x[..., None])
    got = mix.component_logp(x)
    assert got.shape == (31, 2, 3)
    assert_allclose(got, terms, rtol=RTOL)
    assert np.all(got[:, 0, 2] == -np.inf)
    resp = mix.responsibilities(x)
    assert_allclose(resp, np.exp(terms - logsumexp(terms, axis=-1, keepdims=True)), rtol=1e-12, atol=1e-300)
    assert np.all(resp[:, 0, 2] == 0.0)


def test_responsibilities_outside_every_support_are_nan():
    mix = Mixture(w=[0.3, 0.7], comp_dists=[Uniform.dist(0.0, 1.0), Uniform.dist(2.0, 5.0)])
    resp = mix.responsibilities([0.5, 1.5, 3.0])
    assert_array_equal(resp[0], [1.0, 0.0])
    assert np.isnan(resp[1]).all()
    assert_array_equal(resp[2], [0.0, 1.0])
    assert mix.component_logp(0.5).shape == (2,)


# --- NormalMixture ----------------------------------------------------------------------------------


def test_normal_mixture_is_a_mixture_of_normals():
    w, mu, sigma = [0.2, 0.5, 0.3], [-1.5, 0.25, 2.0], [1.0, 0.5, 2.0]
    mix = NormalMixture.dist(w=w, mu=mu, sigma=sigma)
    comps = [stats.norm(m, s) for m, s in zip(mu, sigma)]
    assert_allclose(mix.logp(X), scipy_mixture(w, comps, X, "logp"), rtol=RTOL)
    assert_allclose(mix.logcdf(X), scipy_mixture(w, comps, X, "logcdf"), rtol=RTOL)
    by_tau = NormalMixture(w, mu, tau=np.asarray(sigma) ** -2.0)
    assert_allclose(by_tau.logp(X), mix.logp(X), rtol=1e-14)
    assert_allclose(mix.mean(), np.dot(w, mu), rtol=1e-15)


def test_normal_mixture_comp_shape_and_errors():
    mix = NormalMixture(w=[0.5, 0.5], mu=[0.0, 1.0], comp_shape=(4, 2))
    assert mix.batch_shape == (4,)
    assert_allclose(mix.logp(0.0), np.log(0.5 * stats.norm.pdf(0) + 0.5 * stats.norm.pdf(1)), rtol=RTOL)
    with pytest.raises(ValueError, match="Normal: 'sigma' must be > 0 and finite, got -1.0"):
        NormalMixture(w=[0.5, 0.5], mu=[0.0, 1.0], sigma=[1.0, -1.0])
    with pytest.raises(ValueError, match=r"last batch dimension of comp_dists \(batch shape \(3,\)\)"):
        NormalMixture(w=[0.5, 0.5], mu=[0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="match no parametrisation"):
        NormalMixture(w=[0.5, 0.5], mu=[0.0, 1.0], sigma=1.0, tau=1.0)
