"""Mixtures built inside user ``@njit`` code (``numbamix.kernels.mixture_logp_sum`` and
friends) and ``Mixture.logp_function``: against scipy and against the front end."""

import numba
import numpy as np
import pytest
from numba import njit, prange
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from scipy.special import logsumexp

import numbamix as nm
from numbamix import kernels

#: one xdist worker for the module: its tests share compiled kernels
pytestmark = pytest.mark.xdist_group("test_direct")

DATA = np.random.default_rng(5).normal(0.0, 2.0, 10_000)


@njit
def log_post(theta, data):
    """The issue's example: weights and components rebuilt from theta in every call."""
    w = np.array([theta[0], 1.0 - theta[0]])
    comps = (kernels.Normal(theta[1], 1.0), kernels.StudentT(4.0, theta[2], 1.0))
    return kernels.mixture_logp_sum(data, w, comps) - 0.5 * theta[1] ** 2


@njit
def log_post_parallel(theta, data):
    w = np.array([theta[0], 1.0 - theta[0]])
    comps = (kernels.Normal(theta[1], 1.0), kernels.StudentT(4.0, theta[2], 1.0))
    return kernels.mixture_logp_sum_parallel(data, w, comps)


@njit(parallel=True)
def chains(thetas, data):
    """Many chains in the user's own prange, each calling the serial kernel."""
    out = np.empty(thetas.shape[0])
    for c in prange(thetas.shape[0]):
        out[c] = log_post(thetas[c], data)
    return out


@njit
def elementwise(data, w, mu, out):
    comps = (kernels.Normal(mu, 1.0), kernels.StudentT(4.0, mu, 1.0))
    kernels.mixture_logp_into(data, w, comps, out)


def scipy_logp(theta, x):
    return logsumexp(
        [np.log(theta[0]) + stats.norm(theta[1], 1).logpdf(x), np.log1p(-theta[0]) + stats.t(4, theta[2], 1).logpdf(x)],
        axis=0,
    )


def test_user_log_posterior_against_scipy_and_front_end():
    theta = np.array([0.35, -0.4, 1.2])
    expected = scipy_logp(theta, DATA).sum() - 0.5 * theta[1] ** 2
    assert_allclose(log_post(theta, DATA), expected, rtol=1e-12)
    mix = nm.Mixture(w=[0.35, 0.65], comp_dists=[nm.Normal.dist(-0.4, 1), nm.StudentT.dist(4, 1.2, 1)])
    assert_allclose(log_post(theta, DATA) + 0.5 * theta[1] ** 2, nm.logp_sum(mix, DATA), rtol=1e-13)


def test_elementwise_edges():
    x = np.array([0.0, 3.0, np.inf, -np.inf, np.nan, 1e300])
    out = np.empty_like(x)
    elementwise(x, np.array([0.3, 0.7]), 0.5, out)
    with np.errstate(invalid="ignore", over="ignore"):
        expected = scipy_logp(np.array([0.3, 0.5, 0.5]), x)
    assert_allclose(out[:2], expected[:2], rtol=1e-14)
    assert out[2] == -np.inf and out[3] == -np.inf and np.isnan(out[4])
    assert_allclose(out[5], expected[5], rtol=1e-14)
    # a zero weight removes its component, whatever its logp
    elementwise(x[:2], np.array([1.0, 0.0]), 0.5, out[:2])
    assert_allclose(out[:2], stats.norm(0.5, 1).logpdf(x[:2]), rtol=1e-14)


def test_parallel_sum_does_not_depend_on_threads():
    theta = np.array([0.6, 0.1, -0.3])
    data = np.random.default_rng(6).normal(size=3 * kernels.direct.BLOCK + 17)
    sums = []
    for threads in (1, numba.config.NUMBA_NUM_THREADS):
        numba.set_num_threads(threads)
        sums.append(log_post_parallel(theta, data))
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    assert sums[0] == sums[-1]
    assert_allclose(sums[0], scipy_logp(theta, data).sum(), rtol=1e-12)


def test_chains_in_user_prange():
    thetas = np.array([[0.2, 0.0, 1.0], [0.5, -1.0, 0.5], [0.9, 2.0, -2.0]])
    assert_array_equal(chains(thetas, DATA), [log_post(t, DATA) for t in thetas])


def test_logp_function():
    mix = nm.Mixture(w=[0.4, 0.6], comp_dists=[nm.Normal.dist(0, 1), nm.StudentT.dist(nu=4, mu=0.5, sigma=1)])
    assert_array_equal(mix.component_params(), [0.0, 1.0, 4.0, 0.5, 1.0])
    f = mix.logp_function()
    assert f is mix.logp_function()  # one compiled function per structure
    assert_allclose(f(DATA, mix.w, mix.component_params()), nm.logp_sum(mix, DATA), rtol=1e-13)
    # other parameters per call, from inside @njit code
    caller = njit(lambda x, f: f(x, np.array([0.35, 0.65]), np.array([-0.4, 1.0, 4.0, 1.2, 1.0])))
    assert_allclose(caller(DATA, f), scipy_logp([0.35, -0.4, 1.2], DATA).sum(), rtol=1e-12)
    g = mix.logp_function(parallel=True)
    assert_allclose(g(DATA, mix.w, mix.component_params()), nm.logp_sum(mix, DATA), rtol=1e-13)


def test_logp_function_needs_a_scalar_mixture_of_families():
    batched = nm.Mixture(w=[[0.4, 0.6]] * 3, comp_dists=nm.Normal.dist(mu=[0.0, 1.0], sigma=1))
    with pytest.raises(NotImplementedError, match=r"batch shape \(3,\)"):
        batched.logp_function()
    inner = nm.Mixture(w=[0.5, 0.5], comp_dists=[nm.Normal.dist(0, 1), nm.Normal.dist(1, 1)])
    nested = nm.Mixture(w=[0.5, 0.5], comp_dists=[inner, nm.Normal.dist()])
    with pytest.raises(NotImplementedError, match="only for mixtures of family distributions"):
        nested.logp_function()
    assert_allclose(nested.component_params(), [0.0, 1.0, 1.0, 1.0, 0.0, 1.0])  # the leaves'
    assert batched.component_params().shape == (3, 4)
