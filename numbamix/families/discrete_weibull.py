"""Discrete Weibull distribution (Nakagawa and Osaki's type I).

.. math:: p(x) = q^{x^\\beta} - q^{(x + 1)^\\beta}, \\qquad x \\in \\{0, 1, 2, \\dots\\}

The survival function is :math:`q^{(\\lfloor x\\rfloor + 1)^\\beta}`, so with
:math:`\\lambda = -\\log q`, logccdf is :math:`-\\lambda(\\lfloor x\\rfloor + 1)^\\beta`
and logcdf its log-space complement; logp is
:math:`-\\lambda x^\\beta + \\log(1 - e^{-\\lambda((x + 1)^\\beta - x^\\beta)})` with the
difference of powers formed as :math:`x^\\beta\\,\\mathrm{expm1}(\\beta\\,\\mathrm{log1p}(1/x))`.
The mean :math:`\\sum_{x \\ge 1} q^{x^\\beta}` and the variance have no closed form: the
sums are taken term by term up to 1000 and the rest by Euler-Maclaurin (the integral is
an upper incomplete gamma function).
"""

import math
from typing import NamedTuple

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._common import off_support
from ._counts import below_support, whole
from ._gradient import with_gradient
from ._registry import POSITIVE, Domain, Param, register

#: Terms summed one by one in mean/variance before the Euler-Maclaurin tail.
_DIRECT_TERMS = 1000


class DiscreteWeibullKernel(NamedTuple):
    q: float
    beta: float
    lam: float  # -log(q)
    log_lam: float


@formula
def make_kernel(q, beta):
    lam = -m.log(q)
    return DiscreteWeibullKernel(q, beta, lam, m.log(lam))


@leaf_formula
def _lam_power(k, x):
    """lambda * x**beta for x > 0."""
    return m.exp(k.log_lam + k.beta * m.log(x))


@leaf_formula
def logp(k, x):
    # branch-free (every case computed, one selected), so that the mixture loop vectorises; the
    # x > 0 case at 1 in place of 0 (exp(-inf) went through subnormals: 2x slower on zeros)
    positive = x if x > 0.0 else 1.0
    head = _lam_power(k, positive)  # lambda x^beta
    step = head * m.expm1(k.beta * m.log1p(1.0 / positive))  # lambda ((x + 1)^beta - x^beta)
    at_zero = m.log1mexp_branch_free(k.lam)
    above_zero = -head + m.log1mexp_branch_free(step)
    value = at_zero if x == 0.0 else above_zero
    return value if x >= 0.0 and x < m.INF and x == whole(x) else off_support(x)


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp itself (branch-free), for the mixture loop's vectorised pass."""
    return logp(k, x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``q``, ``beta``, ``x``: with :math:`a = x^\\beta`, :math:`c = (x + 1)^\\beta`,
    :math:`\\lambda = -\\log q` and :math:`A = q^a/p(x) = 1/(1 - e^{-\\lambda(c - a)})`,
    :math:`((c - (c - a)A)/q,\\ \\lambda(c\\log(x + 1)(A - 1) - a\\log(x)\\,A),\\ \\mathrm{nan})`."""
    positive = x if x > 0.0 else 1.0
    a = m.exp(k.beta * m.log(positive)) if x > 0.0 else 0.0
    c = m.exp(k.beta * m.log1p(x))
    gap = a * m.expm1(k.beta * m.log1p(1.0 / positive)) if x > 0.0 else 1.0  # c - a without cancellation
    ratio = -1.0 / m.expm1(-k.lam * gap)
    d_q = (c - gap * ratio) / k.q
    a_log_x = a * m.log(positive)  # 0 at x = 0
    d_beta = k.lam * (c * m.log1p(x) * (ratio - 1.0) - a_log_x * ratio)
    return with_gradient(logp(k, x), (d_q, d_beta, m.NAN))


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    return m.log1mexp(_lam_power(k, whole(x) + 1.0))


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return below_support(x)
    return -_lam_power(k, whole(x) + 1.0)


@formula
def draw(k, state):
    # inversion: the smallest x with (x + 1)^beta >= E / lambda, E standard exponential
    t = m.exp((m.log(rnd.standard_exponential(state)) - k.log_lam) / k.beta)
    return max(-whole(-t) - 1.0, 0.0)


@formula
def _sums(k):
    """(sum_{x>=1} f(x), sum_{x>=1} x f(x)) with f(x) = q^(x^beta): terms up to
    ``_DIRECT_TERMS``, then Euler-Maclaurin from there (integral, f/2, -f'/12, f'''/720)."""
    s0 = 0.0
    s1 = 0.0
    x = 1.0
    while x < _DIRECT_TERMS:
        f = m.exp(-_lam_power(k, x))
        s0 += f
        s1 += x * f
        if f <= 1e-17 * s0:
            return s0, s1
        x += 1.0
    b = k.beta
    g = _lam_power(k, x)  # lambda x^b
    f = m.exp(-g)
    g1 = b * g / x
    g2 = (b - 1.0) * g1 / x
    g3 = (b - 2.0) * g2 / x
    f1 = -g1 * f
    f2 = (g1 * g1 - g2) * f
    f3 = (-g1 * g1 * g1 + 3.0 * g1 * g2 - g3) * f
    # int_x^inf x^j exp(-lambda x^b) dx = Gamma((j+1)/b) Q((j+1)/b, g) / (b lambda^((j+1)/b))
    a0 = 1.0 / b
    a1 = 2.0 / b
    i0 = m.exp(m.lgamma(a0) + m.log_gammaincc(a0, g) - a0 * k.log_lam) / b
    i1 = m.exp(m.lgamma(a1) + m.log_gammaincc(a1, g) - a1 * k.log_lam) / b
    s0 += i0 + f / 2.0 - f1 / 12.0 + f3 / 720.0
    # h = x f: h' = f + x f', h''' = 3 f'' + x f'''
    s1 += i1 + x * f / 2.0 - (f + x * f1) / 12.0 + (3.0 * f2 + x * f3) / 720.0
    return s0, s1


@formula
def mean(k):
    return _sums(k)[0]


@formula
def variance(k):
    s0, s1 = _sums(k)
    return 2.0 * s1 - s0 - s0 * s0


@formula
def support_point(k):
    # PyMC: (log(1/2) / log(q))^(1/beta) - 1, cast to an integer (towards 0)
    return max(whole(m.exp((m.log(m.LOG_2) - k.log_lam) / k.beta) - 1.0), 0.0)


_OPEN_UNIT = Domain("in (0, 1)", lambda v: (v > 0) & (v < 1))


def _reference(q, beta):
    """A scipy ``rv_discrete`` from the closed forms in numpy (mean and variance by summing
    the survival function term by term, mpmath's Euler-Maclaurin for a long tail)."""
    from scipy import stats

    class DiscreteWeibullReference(stats.rv_discrete):
        def _argcheck(self, q, beta):
            return (q > 0) & (q < 1) & (beta > 0)

        def _logsf(self, x, q, beta):
            return np.power(np.floor(x) + 1.0, beta) * np.log(q)

        def _sf(self, x, q, beta):
            return np.exp(self._logsf(x, q, beta))

        def _logcdf(self, x, q, beta):
            return np.log(-np.expm1(self._logsf(x, q, beta)))

        def _cdf(self, x, q, beta):
            return -np.expm1(self._logsf(x, q, beta))

        def _logpmf(self, x, q, beta):
            with np.errstate(divide="ignore"):
                upper = np.power(x + 1.0, beta) * np.log(q)
                lower = np.power(x, beta) * np.log(q)
                return lower + np.log(-np.expm1(upper - lower))

        def _pmf(self, x, q, beta):
            return np.exp(self._logpmf(x, q, beta))

        def _ppf(self, u, q, beta):
            return self._isf(1.0 - u, q, beta)

        def _isf(self, s, q, beta):
            # the smallest x with (x + 1)^beta log q <= log s
            return np.maximum(np.ceil(np.power(np.log(s) / np.log(q), 1.0 / beta) - 1.0), 0.0)

        def _stats(self, q, beta):
            moments = np.vectorize(_reference_moments)(q, beta)
            return moments[0], moments[1], None, None

    return DiscreteWeibullReference(a=0, name="discrete_weibull")(q, beta)


def _reference_moments(q, beta):
    import mpmath

    lam = -math.log(q)
    n = 1
    total, weighted = 0.0, 0.0
    while n < 2_000_000:
        x = np.arange(n, 2 * n, dtype=np.float64)
        f = np.exp(-lam * np.power(x, beta))
        total, weighted = total + math.fsum(f), weighted + math.fsum(x * f)
        if f[-1] < 1e-18 * total:
            return total, 2.0 * weighted - total - total * total
        n *= 2
    with mpmath.workdps(30):
        f = lambda t: mpmath.exp(-lam * mpmath.power(t, beta))  # noqa: E731
        total += float(mpmath.sumem(f, [n, mpmath.inf]))
        weighted += float(mpmath.sumem(lambda t: t * f(t), [n, mpmath.inf]))
    return total, 2.0 * weighted - total - total * total


FAMILY = register(
    globals(),
    "DiscreteWeibull",
    params=(Param("q", _OPEN_UNIT, (0.05, 0.95)), Param("beta", POSITIVE, (0.5, 3.0))),
    support=(0.0, m.INF),
    discrete=True,
    reference=_reference,
)
