"""The worked samplers (numbamix.samplers) against independent references: scipy densities
for the log posterior, its central differences for the gradient, scipy.optimize maximum
likelihood for Old Faithful, the known clusters of the galaxies, a Gaussian target's moments."""

import numba
import numpy as np
import pytest
from scipy import optimize, special, stats

from numbamix import datasets, kernels
from numbamix.samplers import fit_normal_mixture, normal_mixture, sample

#: one xdist worker for the module: its tests share compiled kernels
pytestmark = pytest.mark.xdist_group("test_samplers")

WAITING = datasets.load_faithful()["waiting"]


@pytest.fixture(scope="module")
def faithful_fit():
    return fit_normal_mixture(WAITING, 2, chains=4, draws=500, warmup=300, seed=0)


def _scipy_log_posterior(theta, z):
    """The log posterior of normal_mixture's docstring, with scipy densities (constants dropped)."""
    k = (theta.size + 1) // 3
    a = np.append(theta[: k - 1], 0.0)
    log_w = a - special.logsumexp(a)
    d = theta[k : 2 * k - 1]
    mu = theta[k - 1] + np.concatenate([[0.0], np.cumsum(np.logaddexp(0.0, d))])
    log_sd = theta[2 * k - 1 :]
    loglik = special.logsumexp(log_w + stats.norm.logpdf(z[:, None], mu, np.exp(log_sd)), axis=1).sum()
    prior = stats.norm.logpdf(mu, 0.0, 2.0).sum() + stats.norm.logpdf(log_sd, -1.0, 1.0).sum()
    return loglik + prior + log_w.sum() - np.logaddexp(0.0, -d).sum()


def test_log_posterior_and_gradient_against_scipy_and_differences():
    z = (WAITING - WAITING.mean()) / WAITING.std()
    templates = (kernels.Normal(0.0, 1.0),) * 3
    rng = np.random.default_rng(1)
    for theta in rng.normal(0.0, 0.7, size=(3, 8)):
        grad = np.empty(8)
        value = normal_mixture.normal_mixture_log_posterior(z, templates, theta, grad)
        shifted = theta + rng.normal(0.0, 0.1, 8)
        other = normal_mixture.normal_mixture_log_posterior(z, templates, shifted, np.empty(8))
        # the dropped constants cancel in differences
        expected = _scipy_log_posterior(theta, z) - _scipy_log_posterior(shifted, z)
        np.testing.assert_allclose(value - other, expected, rtol=1e-9)
        h = 1e-6
        for i in range(8):
            step = np.zeros(8)
            step[i] = h
            up = normal_mixture.normal_mixture_log_posterior(z, templates, theta + step, np.empty(8))
            down = normal_mixture.normal_mixture_log_posterior(z, templates, theta - step, np.empty(8))
            assert grad[i] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-5)


def test_parametrisation_round_trip():
    weights, means, sds = np.array([0.2, 0.5, 0.3]), np.array([-1.0, 0.5, 2.0]), np.array([0.3, 1.0, 0.7])
    for got, expected in zip(normal_mixture.from_theta(normal_mixture.to_theta(weights, means, sds)),
                             (weights, means, sds)):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_same_draws_whatever_the_thread_count_and_progress(faithful_fit):
    threads = numba.get_num_threads()
    seen = []
    try:
        numba.set_num_threads(1)
        single = fit_normal_mixture(WAITING, 2, chains=4, draws=500, warmup=300, seed=0,
                                    progress=lambda done, total: seen.append((done, total)))
    finally:
        numba.set_num_threads(threads)
    np.testing.assert_array_equal(single.samples.draws, faithful_fit.samples.draws)
    assert seen[0] == (300, 800) and seen[-1] == (800, 800) and len(seen) == 11
    other_seed = fit_normal_mixture(WAITING, 2, chains=4, draws=500, warmup=300, seed=1)
    assert not np.array_equal(other_seed.samples.draws, faithful_fit.samples.draws)


def _scipy_mle(x):
    """Independent maximum-likelihood fit with scipy's densities only: (weights, means, sds)."""

    def nll(theta):
        w1 = special.expit(theta[0])
        terms = np.log([1 - w1, w1]) + stats.norm.logpdf(x[:, None], theta[1:3], np.exp(theta[3:5]))
        return -special.logsumexp(terms, axis=1).sum()

    start = [0.0, np.percentile(x, 25), np.percentile(x, 75), np.log(5.0), np.log(5.0)]
    fit = optimize.minimize(nll, start, method="Nelder-Mead",
                            options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000})
    assert fit.fun == pytest.approx(1034.0018, abs=1e-4)
    w1 = special.expit(fit.x[0])
    return np.array([1 - w1, w1]), fit.x[1:3], np.exp(fit.x[3:5])


@pytest.mark.parametrize("sampler", ["hmc", "rwm"])
def test_old_faithful_posterior_near_scipy_mle(faithful_fit, sampler):
    fit = faithful_fit if sampler == "hmc" else fit_normal_mixture(WAITING, 2, "rwm", chains=4, draws=2000,
                                                                   warmup=1000, seed=0)
    assert 0.6 < fit.acceptance < 0.98 if sampler == "hmc" else 0.15 < fit.acceptance < 0.35
    assert fit.samples.evaluations > 4 * 500
    for draws, mle in zip((fit.weights, fit.means, fit.sds), _scipy_mle(WAITING)):
        draws = draws.reshape(-1, 2)
        assert np.all(np.abs(draws.mean(axis=0) - mle) < 3 * draws.std(axis=0)), (draws.mean(axis=0), mle)
        assert np.all(draws.std(axis=0) < 0.15 * np.abs(mle))  # a concentrated posterior


def test_galaxies_components_at_the_known_clusters():
    fit = fit_normal_mixture(datasets.load_galaxies() / 1000, 3, chains=4, draws=300, warmup=300, seed=0)
    (w, _, _), (mu, mu_low, mu_high), _ = fit.summary(0.9).values()
    assert 9.0 < mu[0] < 10.5 and mu_high[0] < 11.0 and 0.04 < w[0] < 0.16
    assert 19.5 < mu[1] < 23.0 and w[1] > 0.6
    assert mu[2] > 25.0 and mu_high[2] > 32.0
    assert np.all(np.diff(fit.means, axis=-1) > 0)


@numba.njit
def _gaussian(theta, grad, args):
    mean, sd = args
    z = (theta - mean) / sd
    grad[:] = -z / sd
    return -0.5 * np.dot(z, z)


def test_user_target_gaussian_moments():
    mean, sd = np.array([1.0, -2.0, 0.5]), np.array([1.0, 0.1, 3.0])
    result = sample((_gaussian, (mean, sd)), np.zeros((4, 3)), draws=1000, warmup=300, seed=3, n_steps=20)
    draws = result.draws.reshape(-1, 3)
    # 4000 HMC draws: the mean within 5 standard errors, the sd within 15%. The standard error
    # is from batch means (40 batches of 100 draws): along the widest direction (sd 3, the step
    # size set by the narrowest, 0.1) the draws are autocorrelated, and the iid standard error
    # is about 3 times too small there (the criterion failed for 1 seed in 10).
    batch_means = result.draws.reshape(4, 10, 100, 3).mean(axis=2).reshape(-1, 3)
    standard_error = batch_means.std(axis=0, ddof=1) / np.sqrt(batch_means.shape[0])
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 5 * standard_error)
    np.testing.assert_allclose(draws.std(axis=0), sd, rtol=0.15)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="'sampler' must be 'hmc' or 'rwm', got 'nuts'"):
        fit_normal_mixture(WAITING, 2, sampler="nuts")
    with pytest.raises(ValueError, match=r"'k' must be an integer in \[1, 42\], got 0"):
        fit_normal_mixture(WAITING, 0)
    with pytest.raises(ValueError, match=r"'data' must be 1-d, finite, with >= 2 values, got shape \(2, 2\)"):
        fit_normal_mixture(np.ones((2, 2)), 2)
    with pytest.raises(ValueError, match="'draws' must be an integer >= 1, got 0"):
        sample((_gaussian, (np.zeros(1), np.ones(1))), np.zeros((1, 1)), draws=0)
