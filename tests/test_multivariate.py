"""Multivariate components and their mixtures against scipy.stats.

References: ``multivariate_normal``, ``multivariate_t``, ``dirichlet``,
``multinomial`` and ``dirichlet_multinomial`` per component; mixtures against
``logsumexp(log w_k + logp_k)`` of those. One compiled loop serves every
family (the family is a run-time code), so the module compiles two kernels
(logp and draws) once.
"""

import pickle
import warnings

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from scipy.special import logsumexp

import numbamix as nm
from numbamix import Dirichlet, DirichletMultinomial, Mixture, Multinomial, MvNormal, MvStudentT, Normal

#: one xdist worker for the module: its tests share compiled kernels
pytestmark = pytest.mark.xdist_group("test_multivariate")

RTOL = 1e-12
ALPHA = 1e-4  # significance level of the statistical tests (fixed seeds: deterministic)
FEW = settings(max_examples=8, deadline=None)


def spd(rng, d, batch=()):
    """Random symmetric positive definite matrices ``batch + (d, d)`` of varied scales."""
    a = rng.normal(size=batch + (d, d)) * rng.uniform(0.2, 3.0, size=batch + (d, 1))
    return a @ np.swapaxes(a, -1, -2) + 0.5 * np.eye(d)


dims = st.integers(1, 5)
seeds = st.integers(0, 2**32 - 1)


# --- single families against scipy -------------------------------------------------------------


@FEW
@given(d=dims, seed=seeds)
def test_mv_normal_logp_all_parametrisations(d, seed):
    rng = np.random.default_rng(seed)
    mu, cov = rng.normal(scale=3.0, size=d), spd(rng, d)
    x = rng.multivariate_normal(mu, 2.0 * cov, size=20)
    expected = stats.multivariate_normal(mu, cov).logpdf(x).reshape(20)
    chol = np.linalg.cholesky(cov)
    for dist in (
        MvNormal.dist(mu=mu, cov=cov),
        MvNormal.dist(mu=mu, chol=chol),
        MvNormal.dist(mu=mu, chol=chol.T, lower=False),
        MvNormal.dist(mu=mu, tau=np.linalg.inv(cov)),
    ):
        assert_allclose(dist.logp(x), expected, rtol=RTOL)


@FEW
@given(d=dims, seed=seeds, nu=st.floats(0.3, 50.0))
def test_mv_student_t_logp(d, seed, nu):
    rng = np.random.default_rng(seed)
    mu, scale = rng.normal(size=d), spd(rng, d)
    x = stats.multivariate_t(mu, scale, df=nu).rvs(size=20, random_state=rng).reshape(20, d)
    expected = stats.multivariate_t(mu, scale, df=nu).logpdf(x)
    assert_allclose(MvStudentT.dist(nu=nu, mu=mu, scale=scale).logp(x), expected, rtol=1e-10)
    assert_allclose(MvStudentT.dist(nu, mu=mu, Sigma=scale).logp(x), expected, rtol=1e-10)


@FEW
@given(d=st.integers(2, 6), seed=seeds, log_scale=st.floats(-2.0, 3.0))
def test_dirichlet_logp(d, seed, log_scale):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.3, 3.0, size=d) * 10.0**log_scale
    x = rng.dirichlet(a, size=20)
    x = x[(x > 0).all(axis=1)]
    x /= x.sum(axis=1, keepdims=True)
    expected = stats.dirichlet.logpdf(x.T, a)
    assert_allclose(Dirichlet.dist(a=a).logp(x), expected, rtol=RTOL, atol=1e-12 * np.abs(expected).max())


@FEW
@given(d=st.integers(1, 6), seed=seeds, n=st.integers(0, 500))
def test_multinomial_logp(d, seed, n):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(d))
    x = rng.multinomial(n, p, size=20)
    assert_allclose(Multinomial.dist(n=n, p=p).logp(x), stats.multinomial.logpmf(x, n, p), rtol=1e-11, atol=1e-11)


@FEW
@given(d=st.integers(1, 6), seed=seeds, n=st.integers(0, 500), log_scale=st.floats(-1.0, 2.0))
def test_dirichlet_multinomial_logp(d, seed, n, log_scale):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.3, 3.0, size=d) * 10.0**log_scale
    x = np.array([rng.multinomial(n, rng.dirichlet(a)) for _ in range(20)])
    expected = stats.dirichlet_multinomial.logpmf(x, a, n)
    assert_allclose(DirichletMultinomial.dist(n=n, a=a).logp(x), expected, rtol=1e-10, atol=1e-10)


def test_values_outside_the_support():
    dirichlet = Dirichlet.dist(a=[0.5, 2.0, 3.0])
    off = [[0.2, 0.3, 0.6], [-0.1, 0.6, 0.5], [1.2, -0.1, -0.1], [0.5, 0.5, 0.0]]
    assert_array_equal(dirichlet.logp(off), -np.inf)
    assert dirichlet.logp([0.0, 0.5, 0.5]) == np.inf  # a_0 < 1: the density is unbounded there
    assert_allclose(Dirichlet.dist(a=[1.0, 2.0]).logp([0.0, 1.0]), np.log(2.0), rtol=RTOL)  # 0 log 0 = 0
    for dist in (Multinomial.dist(n=4, p=[0.2, 0.3, 0.5]), DirichletMultinomial.dist(n=4, a=[1.0, 2.0, 0.5])):
        counts = [[1, 1, 1], [5, -1, 0], [1.5, 1.5, 1.0], [0, 0, 5]]
        assert_array_equal(dist.logp(counts), -np.inf)
        assert np.isnan(dist.logp([np.nan, 2, 2]))
    assert Multinomial.dist(n=2, p=[0.0, 1.0]).logp([1, 1]) == -np.inf
    assert_allclose(Multinomial.dist(n=2, p=[0.0, 1.0]).logp([0, 2]), 0.0, atol=1e-15)


def test_logcdf_not_defined():
    for dist in (MvNormal.dist(cov=np.eye(2)), Mixture([0.5, 0.5], Dirichlet.dist(a=np.ones((2, 3))))):
        with pytest.raises(NotImplementedError, match="logcdf is not defined for multivariate"):
            dist.logcdf([0.1, 0.2])
        with pytest.raises(NotImplementedError, match="logccdf is not defined for multivariate"):
            nm.logccdf_sum(dist, [0.1, 0.2])
        with pytest.raises(NotImplementedError, match="support\\(\\) is for univariate distributions"):
            dist.support()


# --- shapes ----------------------------------------------------------------------------------


def test_shapes_and_batches():
    rng = np.random.default_rng(1)
    mu, cov = rng.normal(size=(4, 3)), spd(rng, 3, (4,))
    dist = MvNormal.dist(mu=mu, cov=cov)
    assert (dist.batch_shape, dist.event_shape, dist.ndim_supp) == ((4,), (3,), 1)
    assert MvNormal.dist(mu=mu[0], cov=cov[0], shape=(6, 3)).batch_shape == (6,)
    assert MvNormal.dist(mu=0.0, cov=cov[0], size=(2, 5)).batch_shape == (2, 5)
    x = rng.normal(size=(7, 4, 3))
    logp = dist.logp(x)
    assert logp.shape == (7, 4)
    expected = [[stats.multivariate_normal(mu[b], cov[b]).logpdf(x[i, b]) for b in range(4)] for i in range(7)]
    assert_allclose(logp, expected, rtol=1e-10)
    assert dist.logp(x[0, 0]).shape == (4,)  # one vector against every batch position
    assert dist.random(size=(2, 5), rng=0).shape == (2, 5, 4, 3)
    assert Multinomial.dist(n=[3, 4], p=[0.5, 0.5]).random(rng=0).dtype == np.int64
    assert Multinomial.dist(n=[3, 4], p=[0.5, 0.5]).dtype == "int64"
    with pytest.raises(ValueError, match=r"value of shape \(7, 4, 2\) must have the event size 3"):
        dist.logp(x[..., :2])
    with pytest.raises(ValueError, match=r"batch \(5,\)\) does not broadcast against the batch shape \(4,\)"):
        dist.logp(rng.normal(size=(5, 3)))


# --- moments ---------------------------------------------------------------------------------


def test_moments_and_support_points():
    rng = np.random.default_rng(2)
    cov = spd(rng, 3)
    assert_allclose(MvNormal.dist(mu=[1.0, 2.0, 3.0], cov=cov).mean(), [1.0, 2.0, 3.0])
    assert_allclose(MvNormal.dist(mu=[1.0, 2.0, 3.0], cov=cov).variance(), np.diag(cov), rtol=RTOL)
    assert_allclose(MvNormal.dist(mu=[1.0, 2.0, 3.0], cov=cov).support_point(), [1.0, 2.0, 3.0])
    t = MvStudentT.dist(nu=[0.5, 1.5, 5.0], mu=[1.0, 2.0, 3.0], scale=cov)
    assert_allclose(t.mean(), [[np.nan] * 3, [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]])
    assert_allclose(t.variance(), [[np.nan] * 3, [np.inf] * 3, 5.0 / 3.0 * np.diag(cov)], rtol=RTOL)
    assert_allclose(t.support_point(), np.broadcast_to([1.0, 2.0, 3.0], (3, 3)))
    a = np.array([1.0, 10.0, 100.0])
    assert_allclose(Dirichlet.dist(a=a).mean(), stats.dirichlet.mean(a), rtol=RTOL)
    assert_allclose(Dirichlet.dist(a=a).variance(), stats.dirichlet.var(a), rtol=RTOL)
    assert_allclose(Dirichlet.dist(a=a).support_point(), a / a.sum())
    multinomial = Multinomial.dist(n=10, p=[0.33, 0.33, 0.34])
    assert_array_equal(multinomial.support_point(), [3, 3, 4])  # PyMC's: round(n p), remainder on the largest
    assert_allclose(multinomial.mean(), [3.3, 3.3, 3.4], rtol=RTOL)
    assert_allclose(multinomial.variance(), stats.multinomial(10, [0.33, 0.33, 0.34]).cov().diagonal(), rtol=RTOL)
    dm = DirichletMultinomial.dist(n=7, a=[1.0, 2.0, 4.0])
    assert_array_equal(dm.support_point(), [1, 2, 4])
    reference = stats.dirichlet_multinomial(alpha=[1.0, 2.0, 4.0], n=7)
    assert_allclose(dm.mean(), reference.mean(), rtol=RTOL)
    assert_allclose(dm.variance(), reference.var(), rtol=RTOL)


# --- mixtures --------------------------------------------------------------------------------

A_PYMC = np.array([[1.0, 10.0, 100.0], [100.0, 10.0, 1.0]])


@pytest.fixture(scope="module")
def pymc_example():
    """The PyMC docs' example in both forms (one batched Dirichlet, a list of two)."""
    batched = Mixture(w=[0.5, 0.5], comp_dists=Dirichlet.dist(a=A_PYMC, shape=(2, 3)))
    listed = Mixture(w=[0.5, 0.5], comp_dists=[Dirichlet.dist(a=A_PYMC[0]), Dirichlet.dist(a=A_PYMC[1])])
    return batched, listed


def dirichlet_mixture_reference(w, a, x):
    terms = [np.log(w[k]) + stats.dirichlet.logpdf(np.moveaxis(x, -1, 0), a[k]) for k in range(len(w))]
    return logsumexp(np.stack(terms, axis=-1), axis=-1)


def test_pymc_example_both_forms(pymc_example):
    batched, listed = pymc_example
    rng = np.random.default_rng(3)
    x = np.concatenate([rng.dirichlet(A_PYMC[0], size=5), rng.dirichlet(A_PYMC[1], size=5), rng.dirichlet([2, 2, 2], 5)])
    expected = dirichlet_mixture_reference([0.5, 0.5], A_PYMC, x)
    assert Mixture([0.5, 0.5], Dirichlet.dist(a=A_PYMC), size=(4,)).batch_shape == (4,)
    assert Mixture([0.5, 0.5], Dirichlet.dist(a=A_PYMC), shape=(4, 3)).random(rng=0).shape == (4, 3)
    for mix in (batched, listed):
        assert isinstance(mix, Mixture)
        assert (mix.batch_shape, mix.event_shape, mix.ndim_supp) == ((), (3,), 1)
        assert_allclose(mix.logp(x), expected, rtol=RTOL)
        assert_allclose(mix.logp(x[0]), expected[0], rtol=RTOL)
        assert_allclose(nm.logp_sum(mix, x), expected.sum(), rtol=RTOL)
        assert_allclose(mix.mean(), A_PYMC.mean(axis=0) / 111.0, rtol=RTOL)
        assert_allclose(mix.support_point(), A_PYMC.mean(axis=0) / 111.0, rtol=RTOL)
        assert mix.random(size=(4, 2), rng=1).shape == (4, 2, 3)
    assert_array_equal(batched.random(size=100, rng=5), listed.random(size=100, rng=5))
    draws = batched.random(size=2000, rng=4)
    assert_allclose(draws.sum(axis=-1), 1.0, rtol=1e-12)
    # each draw is a whole vector from one component: near (0, 0.09, 0.9) or its mirror, never in between
    near_first = draws[:, 2] > 0.5
    assert (draws[near_first, 0] < 0.1).all() and (draws[~near_first, 2] < 0.1).all()
    assert stats.binomtest(int(near_first.sum()), draws.shape[0], 0.5).pvalue > ALPHA


def test_gaussian_mixture_with_batches():
    """w with a batch axis, components with another, values broadcast over both; list and batched forms."""
    rng = np.random.default_rng(5)
    K, d = 3, 4
    mu, cov = rng.normal(scale=2.0, size=(K, d)), spd(rng, d, (K,))
    w = rng.dirichlet(np.ones(K), size=(2, 1))  # batch (2, 1)
    shift = np.array([0.0, 1.0, -1.0, 2.0, 0.5])[:, None]  # components batched over 5 positions
    listed = Mixture(w, [MvNormal.dist(mu=mu[k] + shift, cov=cov[k]) for k in range(K)])
    batched = Mixture(w, MvNormal.dist(mu=mu + shift[:, None], cov=cov))
    x = rng.normal(scale=2.0, size=(6, 1, 5, d))
    logp_k = np.stack(
        [stats.multivariate_normal(np.zeros(d), cov[k]).logpdf(x - mu[k] - shift).reshape(6, 1, 5) for k in range(K)],
        axis=-1,
    )
    expected = logsumexp(np.log(w)[None, :, :, :] + logp_k, axis=-1)  # (6, 2, 5)
    for mix in (listed, batched):
        assert mix.batch_shape == (2, 5)
        assert_allclose(mix.logp(x), expected, rtol=1e-10)
        assert_allclose(nm.logp_sum(mix, x), expected.sum(), rtol=1e-10)
        assert mix.random(size=3, rng=0).shape == (3, 2, 5, d)
        expected_mean = np.einsum("...k,kpd->...pd", w[:, 0], mu[:, None, :] + shift[None])
        assert_allclose(mix.mean(), expected_mean, rtol=1e-12)
    assert_array_equal(listed.random(size=50, rng=2), batched.random(size=50, rng=2))


def test_mixed_families_and_zero_weights():
    rng = np.random.default_rng(6)
    cov = spd(rng, 2, (2,))
    comps = [MvNormal.dist(mu=[0.0, 1.0], cov=cov[0]), MvStudentT.dist(nu=3.0, mu=[2.0, 0.0], scale=cov[1])]
    x = rng.normal(scale=3.0, size=(50, 2))
    logp_k = np.stack([
        stats.multivariate_normal([0.0, 1.0], cov[0]).logpdf(x), stats.multivariate_t([2.0, 0.0], cov[1], df=3.0).logpdf(x)
    ], axis=-1)
    w = np.array([0.3, 0.7])
    assert_allclose(Mixture(w, comps).logp(x), logsumexp(np.log(w) + logp_k, axis=-1), rtol=1e-10)
    assert_allclose(Mixture([0.0, 1.0], comps).logp(x), logp_k[:, 1], rtol=1e-10)
    # a zero weight is never drawn: the same stream as the component alone
    assert_array_equal(Mixture([1.0, 0.0], comps).random(size=200, rng=0), comps[0].random(size=200, rng=0))


def test_nested_mixture_equals_flat():
    rng = np.random.default_rng(7)
    a = rng.uniform(0.5, 5.0, size=(3, 4))
    inner = Mixture([0.25, 0.75], [Dirichlet.dist(a=a[0]), Dirichlet.dist(a=a[1])])
    nested = Mixture([0.4, 0.6], [inner, Dirichlet.dist(a=a[2])])
    flat = Mixture([0.1, 0.3, 0.6], Dirichlet.dist(a=a))
    x = rng.dirichlet(np.ones(4), size=30)
    assert_allclose(nested.logp(x), flat.logp(x), rtol=RTOL)
    assert_allclose(nested.mean(), flat.mean(), rtol=RTOL)


def test_component_logp_and_responsibilities():
    rng = np.random.default_rng(10)
    mu, cov = rng.normal(size=(3, 2)), spd(rng, 2, (3,))
    w = np.array([[0.2, 0.0, 0.8], [0.5, 0.25, 0.25]])  # batch (2,), one zero weight
    mix = Mixture(w, MvNormal.dist(mu=mu, cov=cov))
    x = rng.normal(size=(40, 2, 2))
    terms = mix.component_logp(x)
    logp_k = np.stack([stats.multivariate_normal(mu[k], cov[k]).logpdf(x) for k in range(3)], axis=-1)
    with np.errstate(divide="ignore"):
        expected = np.log(w) + logp_k
    assert terms.shape == (40, 2, 3)
    assert_allclose(terms, expected, rtol=1e-10)
    assert_allclose(logsumexp(terms, axis=-1), mix.logp(x), rtol=1e-12)
    shares = mix.responsibilities(x)
    assert_allclose(shares, np.exp(expected - logsumexp(expected, axis=-1, keepdims=True)), rtol=1e-10, atol=1e-300)
    assert_allclose(shares.sum(axis=-1), 1.0, rtol=1e-14)
    assert np.isnan(Mixture([0.5, 0.5], Dirichlet.dist(a=np.ones((2, 3)))).responsibilities([0.5, 0.6, 0.7])).all()
    inner = Mixture([0.3, 0.7], [MvNormal.dist(mu=mu[0], cov=cov[0]), MvNormal.dist(mu=mu[1], cov=cov[1])])
    nested = Mixture([0.4, 0.6], [inner, MvNormal.dist(mu=mu[2], cov=cov[2])])
    nested_terms = nested.component_logp(x[:, 0])
    assert_allclose(nested_terms[:, 0], np.log(0.4) + inner.logp(x[:, 0]), rtol=1e-12)
    assert_allclose(nested.responsibilities(x[:, 0]).sum(axis=-1), 1.0, rtol=1e-14)


def test_discrete_mixture_support_point_and_draws():
    mix = Mixture([0.5, 0.5], [Multinomial.dist(n=10, p=[0.2, 0.8]), DirichletMultinomial.dist(n=10, a=[4.0, 1.0])])
    assert mix.dtype == "int64"
    assert_array_equal(mix.support_point(), [5, 5])  # round(0.5 [2, 8] + 0.5 [8, 2])
    draws = mix.random(size=1000, rng=0)
    assert draws.dtype == np.int64 and (draws.sum(axis=-1) == 10).all()
    x = np.array([[3, 7], [10, 0], [0, 10]])
    expected = np.logaddexp(
        np.log(0.5) + stats.multinomial.logpmf(x, 10, [0.2, 0.8]),
        np.log(0.5) + stats.dirichlet_multinomial.logpmf(x, [4.0, 1.0], 10),
    )
    assert_allclose(mix.logp(x), expected, rtol=1e-11)


# --- draws -----------------------------------------------------------------------------------


def test_gaussian_mixture_draws_match_moments_and_labels():
    rng = np.random.default_rng(8)
    d = 3
    mu = 40.0 * np.array([[-1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.5]])
    cov = spd(rng, d, (3,))
    w = np.array([0.2, 0.3, 0.5])
    mix = Mixture(w, [MvNormal.dist(mu=mu[0], cov=cov[0]), MvNormal.dist(mu=mu[1], cov=cov[1]),
                      MvStudentT.dist(nu=8.0, mu=mu[2], scale=cov[2])])
    n = 40_000
    draws = mix.random(size=n, rng=11)
    assert_allclose(draws.mean(axis=0), mix.mean(), atol=5 * np.sqrt(mix.variance() / n).max())
    assert_allclose(draws.var(axis=0), mix.variance(), rtol=0.05)
    # component labels: the nearest mean (well separated), counted against the weights
    labels = np.argmin(((draws[:, None, :] - mu) ** 2).sum(axis=-1), axis=1)
    assert stats.chisquare(np.bincount(labels, minlength=3), n * w).pvalue > ALPHA
    # within the first component: a 1-D projection is normal with the right variance
    first = draws[labels == 0]
    direction = np.array([0.3, -0.5, 0.8])
    projected = (first - mu[0]) @ direction / np.sqrt(direction @ cov[0] @ direction)
    assert stats.kstest(projected, "norm").pvalue > ALPHA


def test_count_and_simplex_draws():
    small = Dirichlet.dist(a=[1e-3, 2e-3, 5e-3]).random(size=2000, rng=0)
    assert np.isfinite(small).all() and (small >= 0).all()
    assert_allclose(small.sum(axis=-1), 1.0, rtol=1e-12)
    assert_allclose(small.mean(axis=0), np.array([1.0, 2.0, 5.0]) / 8.0, atol=0.05)
    a = np.array([0.5, 2.0, 4.0])
    dirichlet = Dirichlet.dist(a=a).random(size=20_000, rng=1)
    assert stats.kstest(dirichlet[:, 0], stats.beta(a[0], a[1:].sum()).cdf).pvalue > ALPHA
    multinomial = Multinomial.dist(n=20, p=[0.1, 0.0, 0.6, 0.3]).random(size=20_000, rng=2)
    assert (multinomial.sum(axis=-1) == 20).all() and (multinomial[:, 1] == 0).all()
    # the first count is Binomial(20, 0.1): counts of 0..5 and of 6 or more
    observed = np.bincount(np.minimum(multinomial[:, 0], 6), minlength=7)
    binomial = stats.binom(20, 0.1)
    expected = 20_000 * np.append(binomial.pmf(np.arange(6)), binomial.sf(5))
    assert stats.chisquare(observed, expected).pvalue > ALPHA
    dm = DirichletMultinomial.dist(n=15, a=a)
    draws = dm.random(size=20_000, rng=3)
    assert (draws.sum(axis=-1) == 15).all()
    assert_allclose(draws.mean(axis=0), dm.mean(), atol=5 * np.sqrt(dm.variance() / 20_000).max())
    assert_allclose(draws.var(axis=0), dm.variance(), rtol=0.05)


def test_same_seed_same_draws_whatever_the_threads():
    rng = np.random.default_rng(9)
    mix = Mixture([0.5, 0.5], MvNormal.dist(mu=rng.normal(size=(2, 3)), cov=spd(rng, 3, (2,))))
    x = rng.normal(size=(30_000, 3))
    before = numba.get_num_threads()
    try:
        results = []
        for threads in (1, min(2, numba.config.NUMBA_NUM_THREADS)):
            numba.set_num_threads(threads)
            results.append((mix.random(size=30_000, rng=42), nm.logp_sum(mix, x)))
    finally:
        numba.set_num_threads(before)
    assert_array_equal(results[0][0], results[1][0])
    assert results[0][1] == results[1][1]
    assert_array_equal(nm.draw(mix, 5, random_seed=3), mix.random(5, rng=3))


def test_pickle_round_trip(pymc_example):
    batched, _ = pymc_example
    x = [0.2, 0.3, 0.5]
    batched.logp(x)
    clone = pickle.loads(pickle.dumps(batched))
    assert type(clone) is type(batched)
    assert clone.logp(x) == batched.logp(x)


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: MvNormal.dist(mu=[0, 0]), r"MvNormal: give exactly one of 'cov', 'tau', 'chol', got none"),
        (lambda: MvNormal.dist(cov=np.eye(2), tau=np.eye(2)), r"give exactly one of .* got \['cov', 'tau'\]"),
        (lambda: MvNormal.dist(cov=[1.0, 2.0]), r"'cov' needs at least 2 dimension\(s\)"),
        (lambda: MvNormal.dist(cov=np.ones((2, 3))), r"'cov' must be square on its last two axes, got shape \(2, 3\)"),
        (lambda: MvNormal.dist(cov=[[1.0, 0.5], [0.4, 1.0]]), r"'cov' must be symmetric, got 0.5 at index \(0, 1\)"),
        (lambda: MvNormal.dist(cov=[np.eye(2), [[1.0, 2.0], [2.0, 1.0]]]),
         r"MvNormal: 'cov' must be positive definite \(its Cholesky factorisation fails\) at batch index \(1,\)"),
        (lambda: MvNormal.dist(tau=[[1.0, 2.0], [2.0, 1.0]]), r"'tau' must be positive definite"),
        (lambda: MvNormal.dist(chol=[[1.0, 0.5], [0.0, 1.0]]),
         r"'chol' must be lower-triangular \(zero above the diagonal\), got 0.5 at index \(0, 1\)"),
        (lambda: MvNormal.dist(chol=[[1.0, 0.0], [0.5, -1.0]]), r"'chol' must be > 0 on the diagonal, got -1.0 at index \(1,\)"),
        (lambda: MvNormal.dist(mu=[0.0, np.nan], cov=np.eye(2)), r"MvNormal: 'mu' must be finite, got nan at index \(1,\)"),
        (lambda: MvNormal.dist(mu=[0.0, 1.0, 2.0], cov=np.eye(2)), r"'mu' has event shape \(3,\), which does not match the event size 2"),
        (lambda: MvNormal.dist(mu=np.zeros((3, 2)), cov=np.ones((4, 1, 1)) * np.eye(2)),
         r"MvNormal: shapes do not broadcast: 'mu' \(3,\), 'chol' \(4,\)"),
        (lambda: MvNormal.dist(cov=np.eye(2), shape=(3, 4)), r"MvNormal: shape \(3, 4\) must end with the event size 2"),
        (lambda: MvStudentT.dist(nu=-1.0, scale=np.eye(2)), r"MvStudentT: 'nu' must be > 0, got -1.0 at index \(\)"),
        (lambda: MvStudentT.dist(nu=1.0, scale=np.eye(2), Sigma=np.eye(2)), r"specify only one of 'scale' and 'Sigma'"),
        (lambda: Dirichlet.dist(a=[1.0, 0.0]), r"Dirichlet: 'a' must be > 0, got 0.0 at index \(1,\)"),
        (lambda: Dirichlet.dist(a=2.0), r"Dirichlet: 'a' needs at least 1 dimension\(s\) \(the categories\), got shape \(\)"),
        (lambda: Multinomial.dist(n=2.5, p=[0.5, 0.5]), r"Multinomial: 'n' must be a non-negative integer, got 2.5"),
        (lambda: Multinomial.dist(n=-1, p=[0.5, 0.5]), r"'n' must be a non-negative integer, got -1.0"),
        (lambda: Multinomial.dist(n=2, p=[1.5, -0.5]), r"Multinomial: 'p' must be in \[0, 1\], got 1.5 at index \(0,\)"),
        (lambda: DirichletMultinomial.dist(n=3, a=[[1.0, -2.0]]), r"'a' must be > 0, got -2.0 at index \(0, 1\)"),
        (lambda: Mixture([0.5, 0.5], [Normal.dist(), MvNormal.dist(cov=np.eye(2))]),
         r"Mixture: components must be all univariate or all multivariate, got Normal \(ndim_supp 0, event shape \(\)\), "
         r"MvNormal \(ndim_supp 1, event shape \(2,\)\)"),
        (lambda: Mixture([0.5, 0.5], [Dirichlet.dist(a=[1, 1]), Dirichlet.dist(a=[1, 1, 1])]),
         r"same event size, got Dirichlet \(ndim_supp 1, event shape \(2,\)\), Dirichlet \(ndim_supp 1, event shape \(3,\)\)"),
        (lambda: Mixture([0.5, 0.5], [Dirichlet.dist(a=[1, 1]), Multinomial.dist(n=2, p=[0.5, 0.5])]),
         r"all discrete or all continuous, got Dirichlet \(continuous\), Multinomial \(discrete\)"),
        (lambda: Mixture([0.5, 0.5], Dirichlet.dist(a=np.ones((3, 2)))),
         r"last batch dimension of comp_dists \(batch shape \(3,\), event shape \(2,\)\) must equal the number of weights"),
        (lambda: Mixture([0.2, 0.3, 0.5], [Dirichlet.dist(a=[1, 1])] * 2), r"2 components but w has shape \(3,\)"),
        (lambda: Mixture([0.5, 0.5], [Dirichlet.dist(a=np.ones((3, 2))), Dirichlet.dist(a=np.ones((4, 2)))]),
         r"Mixture: shapes do not broadcast: component 0 \(3,\), component 1 \(4,\)"),
        (lambda: Mixture([0.5, 0.5], Dirichlet.dist(a=np.ones((2, 2))), shape=(3,)), r"Mixture: shape \(3,\) must end with the event size 2"),
    ],
)
def test_error_messages(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_warnings_as_pymc():
    with pytest.warns(UserWarning, match=r"Multinomial: 'p' sums to 2.0 instead of 1.0 along the last axis; it is rescaled"):
        rescaled = Multinomial.dist(n=3, p=[1.0, 1.0])
    assert_allclose(rescaled.mean(), [1.5, 1.5])
    with pytest.warns(FutureWarning, match="Use the scale argument"):
        alias = MvStudentT.dist(nu=3.0, cov=2.0 * np.eye(2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert alias.logp([0.5, 0.5]) == MvStudentT.dist(nu=3.0, scale=2.0 * np.eye(2)).logp([0.5, 0.5])
