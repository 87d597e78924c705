"""Beta-binomial distribution: a binomial count whose success probability is Beta(alpha, beta).

.. math:: \\log p(x) = \\log\\binom{n}{x} + \\log B(x + \\alpha, n - x + \\beta) - \\log B(\\alpha, \\beta),
   \\qquad x \\in \\{0, \\dots, n\\}

The cdf has no closed form: it is the sum of the mass from the nearer end of the
support (below the mean from 0, above it from n, whichever side is the smaller
probability, the other by its log-space complement), the terms by the ratio
:math:`p(j + 1)/p(j) = (n - j)(\\alpha + j) / ((j + 1)(n - j - 1 + \\beta))`, in log space.
At most n + 1 terms; fewer where the mass is log-concave (alpha, beta >= 1) and the
terms become negligible. logp sums lgamma values of size about n log n, so its absolute
error is about n log(n) eps (below 1e-10 relative near the mode for n <= 1e4).
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import not_a_count, off_support
from ._counts import below_support, log_tail_sums, round_half_even, whole
from ._gradient import with_gradient
from ._registry import COUNT, POSITIVE, Param, register


class BetaBinomialKernel(NamedTuple):
    alpha: float
    beta: float
    n: float
    log_norm: float  # log n! - lgamma(n + alpha + beta) - log B(alpha, beta)
    mean: float


@formula
def make_kernel(alpha, beta, n):
    log_beta = m.lgamma(alpha) + m.lgamma(beta) - m.lgamma(alpha + beta)
    log_norm = m.log_factorial(n) - m.lgamma(n + alpha + beta) - log_beta
    return BetaBinomialKernel(alpha, beta, n, log_norm, n * alpha / (alpha + beta))


@formula
def _log_mass(k, j):
    """log p(j) for an integer j in [0, n]."""
    return (k.log_norm - m.log_factorial(j) - m.log_factorial(k.n - j)
            + m.lgamma(j + k.alpha) + m.lgamma(k.n - j + k.beta))


@formula
def logp(k, x):
    if not_a_count(x, k.n):
        return off_support(x)
    return _log_mass(k, x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``n``, ``x``, with :math:`s = \\alpha + \\beta`:
    :math:`(\\psi(x + \\alpha) - \\psi(\\alpha) + \\psi(s) - \\psi(n + s),\\
    \\psi(n - x + \\beta) - \\psi(\\beta) + \\psi(s) - \\psi(n + s),\\ \\mathrm{nan},\\ \\mathrm{nan})`."""
    common = m.digamma(k.alpha + k.beta) - m.digamma(k.n + k.alpha + k.beta)
    d_alpha = m.digamma(x + k.alpha) - m.digamma(k.alpha) + common
    d_beta = m.digamma(k.n - x + k.beta) - m.digamma(k.beta) + common
    return with_gradient(logp(k, x), (d_alpha, d_beta, m.NAN, m.NAN))


@formula
def _log_tail(k, x, want_upper):
    """log P(X <= x) or log P(X > x) for x in [0, n)."""
    j = whole(x)
    concave = k.alpha >= 1.0 and k.beta >= 1.0
    terms = (k.n, -1.0, k.alpha, 1.0, k.n - 1.0 + k.beta, -1.0)
    return log_tail_sums(_log_mass(k, j), j, 0.0, k.n, k.mean, terms, concave, want_upper)


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    return 0.0 if x >= k.n else _log_tail(k, x, False)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return below_support(x)
    return -m.INF if x >= k.n else _log_tail(k, x, True)


@formula
def draw(k, state):
    g1 = rnd.standard_gamma(k.alpha, state)
    g2 = rnd.standard_gamma(k.beta, state)
    if g1 + g2 > 0.0:
        p = g1 / (g1 + g2)
    else:  # both underflowed (alpha, beta ~ 1e-3 and below): Beta(alpha, beta) is then ~ Bernoulli
        p = 1.0 if rnd.uniform(state) * (k.alpha + k.beta) < k.alpha else 0.0
    return rnd.binomial(k.n, p, state)


@formula
def mean(k):
    return k.mean


@formula
def variance(k):
    s = k.alpha + k.beta
    return k.n * k.alpha * k.beta * (s + k.n) / (s * s * (s + 1.0))


@formula
def support_point(k):
    return round_half_even(k.mean)  # PyMC: round(n alpha / (alpha + beta))


@formula
def support(k):
    return 0.0, k.n


def _reference(alpha, beta, n):
    """scipy's ``betabinom``, with logcdf and logsf from sums of the pmf on the smaller side
    (scipy's lose up to ~1e-6 relative where they are close to 0, as log(1 - ...))."""
    import numpy as np
    from scipy import special, stats

    def log_sum(lo, hi, n, a, b):
        j = np.arange(lo, hi + 1.0)
        return special.logsumexp(stats.betabinom.logpmf(j, n, a, b)) if j.size else -np.inf

    def log_upper(x, n, a, b):
        upper = log_sum(np.floor(x) + 1.0, n, n, a, b)
        return upper if upper < -np.log(2.0) else np.log1p(-np.exp(log_sum(0.0, np.floor(x), n, a, b)))

    def log_lower(x, n, a, b):
        lower = log_sum(0.0, np.floor(x), n, a, b)
        return lower if lower < -np.log(2.0) else np.log1p(-np.exp(log_sum(np.floor(x) + 1.0, n, n, a, b)))

    class BetaBinomialReference(type(stats.betabinom)):
        def _logsf(self, x, n, a, b):
            return np.vectorize(log_upper, otypes=[float])(x, n, a, b)

        def _sf(self, x, n, a, b):
            return np.exp(self._logsf(x, n, a, b))

        def _logcdf(self, x, n, a, b):
            return np.vectorize(log_lower, otypes=[float])(x, n, a, b)

    return BetaBinomialReference(name="betabinom")(n, alpha, beta)


FAMILY = register(
    globals(),
    "BetaBinomial",
    params=(
        Param("alpha", POSITIVE, (0.2, 20.0)),
        Param("beta", POSITIVE, (0.2, 20.0)),
        Param("n", COUNT, (0.0, 100.0)),
    ),
    discrete=True,
    reference=_reference,
)
