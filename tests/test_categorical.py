"""Categorical: against closed forms in numpy, through the testing toolkit, and its errors."""

import pickle

import numpy as np
import pytest
from scipy import special, stats

from numbamix import Categorical
from numbamix.testing import checks

P = np.array([0.1, 0.0, 0.25, 0.4, 0.25])
BATCHED = np.array([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])

#: one xdist worker: the tests share the Categorical kernels
pytestmark = pytest.mark.xdist_group("Categorical")


def expected_log_functions(p, x):
    """(logp, logcdf, logccdf) of Categorical(p) at x from p itself (x broadcast over rows)."""
    k = p.shape[-1]
    cdf = np.concatenate([np.cumsum(p, axis=-1), np.ones(p.shape[:-1] + (1,))], axis=-1)
    out = []
    with np.errstate(divide="ignore"):
        for xi in x:
            j = np.floor(xi)
            inside = (xi == j) and 0 <= j < k
            mass = np.log(p[..., int(j)]) if inside else np.full(p.shape[:-1], -np.inf)
            if j < 0:
                below = np.zeros(p.shape[:-1])
            else:
                below = cdf[..., min(int(j), k - 1)]
            out.append((mass, np.log(below), np.log1p(-below) if j < k - 1 else np.full(p.shape[:-1], -np.inf)))
    return [np.stack([o[i] for o in out], axis=-1) for i in range(3)]


def test_log_functions_match_closed_forms():
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 7.0])
    for p in (P, BATCHED):  # one test: the two share one compiled kernel
        dist = Categorical.dist(p=p)
        value = x.reshape(-1, *([1] * (p.ndim - 1))) if p.ndim > 1 else x
        got = [np.moveaxis(np.asarray(f(value)), 0, -1) if p.ndim > 1 else f(value)
               for f in (dist.logp, dist.logcdf, dist.logccdf)]
        for mine, theirs, what in zip(got, expected_log_functions(p, x), ("logp", "logcdf", "logccdf")):
            np.testing.assert_allclose(mine, theirs, rtol=1e-14, atol=1e-15, err_msg=f"{what}, p of shape {p.shape}")
    assert np.isnan(dist.logp(np.nan)).all()


def test_logit_p_is_softmax():
    logit_p = np.array([0.3, -1.0, 2.0, 0.0])
    x = np.arange(4.0)
    np.testing.assert_allclose(
        Categorical.dist(logit_p=logit_p).logp(x), special.log_softmax(logit_p), rtol=1e-14
    )


def test_moments_support_point_and_draws():
    dist = Categorical.dist(p=P)
    j = np.arange(P.size)
    mean = float(P @ j)
    assert dist.mean() == pytest.approx(mean, rel=1e-14)
    assert dist.variance() == pytest.approx(float(P @ (j - mean) ** 2), rel=1e-13)
    assert dist.support_point() == 3 and dist.support_point().dtype == np.int64
    np.testing.assert_array_equal(Categorical.dist(p=BATCHED).support_point(), [1, 0])
    draws = dist.random(size=40000, rng=5)
    assert draws.dtype == np.int64
    np.testing.assert_array_equal(draws, dist.random(size=40000, rng=5))
    counts = np.bincount(draws, minlength=P.size)
    assert counts[1] == 0
    keep = P > 0
    assert stats.chisquare(counts[keep], 40000 * P[keep]).pvalue > 1e-3


def test_toolkit_checks_pass():
    checks.check_distribution(lambda: Categorical.dist(p=P), reference=None)
    ref = stats.rv_discrete(values=(np.arange(P.size), P))
    checks.check_matches_reference(Categorical.dist(p=P), ref, np.arange(-1.0, 6.0), rtol=1e-12)


def test_pickles():
    dist = Categorical.dist(p=BATCHED)
    again = pickle.loads(pickle.dumps(dist))
    np.testing.assert_array_equal(again.logp(1.0), dist.logp(1.0))


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"p": [0.5, 0.6]}, ValueError, "Categorical: 'p' must sum to 1 along the last axis, got 1.1"),
        ({"p": [1.5, -0.5]}, ValueError, "Categorical: 'p' must be in \\[0, 1\\], got 1.5 at index \\(0,\\)"),
        ({"p": 1.0}, ValueError, "needs at least one dimension"),
        ({}, TypeError, "exactly one of 'p' and 'logit_p'"),
        ({"p": [1.0], "logit_p": [0.0]}, TypeError, "exactly one of 'p' and 'logit_p'"),
        ({"logit_p": [0.0, np.inf]}, ValueError, "'logit_p' must be finite"),
        ({"p": [[0.5, 0.5]] * 2, "shape": (3,)}, ValueError, "\\(2,\\).*\\(3,\\)"),
    ],
)
def test_bad_input_is_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        Categorical.dist(**kwargs)
