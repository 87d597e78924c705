"""Hypergeometric distribution: successes among ``n`` draws without replacement from a
population of ``N`` holding ``k`` successes.

.. math:: \\log p(x) = \\log\\binom{k}{x} + \\log\\binom{N - k}{n - x} - \\log\\binom{N}{n},
   \\qquad \\max(0, n - N + k) \\le x \\le \\min(k, n)

The cdf is the sum of the mass from the nearer end of the support (below the mean
from the lower end, above it from the upper end, the other side by its log-space
complement), the terms by the ratio
:math:`p(j + 1)/p(j) = (k - j)(n - j) / ((j + 1)(N - k - n + j + 1))`; the mass is
log-concave, so the sum stops once the rest is negligible (about ``sd`` terms).
logp is Loader's form (as R's ``dhyper``): with :math:`p = n/N`, the ratio of the
binomial masses :math:`b(x; k, p)\\, b(n - x; N - k, p) / b(n; N, p)`, each in
saddle-point form (:func:`numbamix._math.log_binomial_mass`), so it keeps full
relative accuracy for huge populations where log-factorial sums lose
``N log(N) eps``. Draws invert the cdf from the mode (its cdf is computed once per
kernel), about ``sd`` steps each.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._counts import below_support, log_mass_sum, log_tail_sums, mass_ratio, whole
from ._gradient import with_gradient
from ._registry import COUNT, Param, register


class HyperGeometricKernel(NamedTuple):
    N: float
    k: float
    n: float
    lower: float  # max(0, n - N + k)
    upper: float  # min(k, n)
    p: float  # n / N
    q: float  # (N - n) / N
    log_all: float  # log b(n; N, p)
    mean: float
    mode: float
    mass_mode: float  # p(mode)
    cdf_mode: float  # P(X <= mode)


@formula
def _terms(N, k, n):
    """The ratio coefficients (u0, u1, w0, w1, z0, z1) of :func:`_counts.mass_ratio`."""
    return k, -1.0, n, -1.0, N - k - n + 1.0, 1.0


@formula
def _log_mass_at(N, k, n, p, q, log_all, j):
    return m.log_binomial_mass(j, k, p, q) + m.log_binomial_mass(n - j, N - k, p, q) - log_all


@formula
def make_kernel(N, k, n):
    lower = max(0.0, n - N + k)
    upper = min(k, n)
    p = n / N if N > 0.0 else 0.0
    q = (N - n) / N if N > 0.0 else 1.0
    log_all = m.log_binomial_mass(n, N, p, q)
    mode = whole((n + 1.0) * (k + 1.0) / (N + 2.0))
    log_mode = _log_mass_at(N, k, n, p, q, log_all, mode)
    log_cdf_mode = log_mass_sum(log_mode, mode, lower, *_terms(N, k, n), True)
    return HyperGeometricKernel(N, k, n, lower, upper, p, q, log_all, p * k, mode,
                                m.exp(log_mode), m.exp(log_cdf_mode))


@formula
def _log_mass(h, j):
    """log p(j) for an integer j in the support."""
    return _log_mass_at(h.N, h.k, h.n, h.p, h.q, h.log_all, j)


@formula
def logp(h, x):
    if not (x >= h.lower and x <= h.upper and x == whole(x)):
        return off_support(x)
    return _log_mass(h, x)


@formula
def grad_logp(h, x):
    """logp and its derivatives in ``N``, ``k``, ``n``, ``x``: all ``nan`` (counts)."""
    return with_gradient(logp(h, x), (m.NAN, m.NAN, m.NAN, m.NAN))


@formula
def _log_tail(h, x, want_upper):
    """log P(X <= x) or log P(X > x) for x in [lower, upper)."""
    j = whole(x)
    return log_tail_sums(_log_mass(h, j), j, h.lower, h.upper, h.mean, _terms(h.N, h.k, h.n), True, want_upper)


@formula
def logcdf(h, x):
    if not x >= h.lower:
        return off_support(x)
    return 0.0 if x >= h.upper else _log_tail(h, x, False)


@formula
def logccdf(h, x):
    if not x >= h.lower:
        return below_support(x)
    return -m.INF if x >= h.upper else _log_tail(h, x, True)


@formula
def draw(h, state):
    # inversion from the mode: walk down while u is below the cdf, or up until it is reached
    u = rnd.uniform(state)
    j = h.mode
    mass = h.mass_mode
    cdf = h.cdf_mode
    terms = _terms(h.N, h.k, h.n)
    if u <= cdf:
        while j > h.lower:
            cdf -= mass  # P(X <= j - 1)
            if u > cdf:
                return j
            j -= 1.0
            mass /= mass_ratio(j, *terms)
        return j
    while j < h.upper:
        mass *= mass_ratio(j, *terms)
        j += 1.0
        cdf += mass
        if u <= cdf:
            return j
    return j


@formula
def mean(h):
    return h.mean


@formula
def variance(h):
    if h.N <= 1.0:
        return 0.0
    return h.mean * (h.N - h.k) / h.N * (h.N - h.n) / (h.N - 1.0)


@formula
def support_point(h):
    return h.mode  # PyMC: floor((n + 1)(k + 1) / (N + 2))


@formula
def support(h):
    return h.lower, h.upper


def _reference(N, k, n):
    """scipy's ``hypergeom`` for quantiles and draws, with the mass and the cdf from
    mpmath's exact binomials (scipy 1.17's ``logpmf`` combines ``betaln`` values and
    loses up to 1e-7 relative, e.g. log p(0) at N = 8103, k = n = 1; its ``logcdf``
    at a non-integer x gives the cdf at x + 1), and N = 0 allowed."""
    import math

    import mpmath
    import numpy as np
    from scipy import stats

    ctx = mpmath.mp.clone()
    ctx.dps = 40

    def mass(j, M, good, draws):
        return ctx.binomial(good, j) * ctx.binomial(M - good, draws - j) / ctx.binomial(M, draws)

    def log_mass(j, M, good, draws):
        return float(ctx.log(mass(j, M, good, draws)))

    def log_sums(x, M, good, draws):
        """(log P(X <= x), log P(X > x)) from exact sums (the side with fewer terms, the
        other as its complement at 40 digits)."""
        lo, hi = max(0, int(draws - M + good)), int(min(good, draws))
        j = math.floor(x)
        if j < lo:
            return -np.inf, 0.0
        if j >= hi:
            return 0.0, -np.inf
        # the terms from the first by the exact ratio p(i + 1) / p(i), at 40 digits
        start, end = (lo, j) if j - lo <= hi - j else (j + 1, hi)
        term = mass(start, M, good, draws)
        total = term
        for i in range(start, end):
            term *= ctx.mpf((good - i) * (draws - i)) / ((i + 1) * (M - good - draws + i + 1))
            total += term
        if start == lo:
            return float(ctx.log(total)), float(ctx.log(1 - total))
        return float(ctx.log(1 - total)), float(ctx.log(total))

    exact_log_mass = np.vectorize(log_mass, otypes=[float])
    exact_sums = np.vectorize(log_sums, otypes=[float, float])

    class Exact(type(stats.hypergeom)):
        def _logpmf(self, x, M, n, N):
            return exact_log_mass(x, M, n, N)

        def _pmf(self, x, M, n, N):
            return np.exp(exact_log_mass(x, M, n, N))

        def _logcdf(self, x, M, n, N):
            return exact_sums(x, M, n, N)[0]

        def _cdf(self, x, M, n, N):
            return np.exp(exact_sums(x, M, n, N)[0])

        def _logsf(self, x, M, n, N):
            return exact_sums(x, M, n, N)[1]

        def _sf(self, x, M, n, N):
            return np.exp(exact_sums(x, M, n, N)[1])

        def _argcheck(self, M, n, N):  # a population of 0 is legal (PyMC's and numbamix's)
            return (M >= 0) & (n >= 0) & (N >= 0) & (n <= M) & (N <= M)

        def _stats(self, M, n, N):  # and has mean and variance 0
            with np.errstate(all="ignore"):
                return tuple(None if s is None else np.where(M > 0, s, 0.0) for s in super()._stats(M, n, N))

    return Exact(name="hypergeom")(N, k, n)


def _within_population(values):
    N, k, n = values["N"], values["k"], values["n"]
    return (k <= N) & (n <= N), "'k' <= 'N' and 'n' <= 'N' required"


FAMILY = register(
    globals(),
    "HyperGeometric",
    params=(
        Param("N", COUNT, (40.0, 200.0)),
        Param("k", COUNT, (0.0, 40.0)),
        Param("n", COUNT, (0.0, 40.0)),
    ),
    constraint=_within_population,
    discrete=True,
    reference=_reference,
)
