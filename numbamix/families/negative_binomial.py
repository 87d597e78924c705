"""Negative binomial distribution (mean ``mu``, dispersion ``alpha``).

.. math:: \\log p(x) = \\log\\Gamma(x + \\alpha) - \\log\\Gamma(\\alpha) - \\log x!
   + \\alpha\\log\\frac{\\alpha}{\\mu + \\alpha} + x\\log\\frac{\\mu}{\\mu + \\alpha},
   \\qquad x \\in \\{0, 1, 2, \\dots\\}

Equivalently ``n = alpha`` failures with success probability
``p = alpha / (mu + alpha)``; the cdf is :math:`I_p(n, \\lfloor x\\rfloor + 1)`.
Below ``x + alpha = 10^4`` logp is the direct sum (absolute error about
``(x + alpha) log(x + alpha) eps``, 2e-11 at most), branch-free and vectorised for
counts in the log-factorial table, with ``log Gamma(x + alpha) - log Gamma(alpha)`` from
Stirling's series where ``x + alpha >= 8`` and from the kernel's seven log rising
factorials below (no per-value ``log`` there); above, Loader's form
:math:`p(x) = \\frac{\\alpha}{x + \\alpha}\\,\\mathrm{Bin}(\\alpha;\\, x + \\alpha, p)`
(R's ``dnbinom``; :func:`numbamix._math.log_negative_binomial_mass`) keeps full relative
accuracy for any count (the direct sum lost 3e-10 at counts of 10^6).
"""

import math
from typing import NamedTuple

from numba.cpython.unsafe.tuple import tuple_setitem

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._common import not_a_count, off_support, times_log, whole_mass
from ._gradient import ratio, with_gradient
from ._registry import POSITIVE, Domain, Param, Parametrization, register, scipy_stats

#: From this x + alpha on, logp is Loader's form (the direct sum loses (x + alpha) log(x + alpha) eps).
_LOADER_FROM = 1e4

#: Counts below this have ``x + alpha`` below Stirling's range (8) for some alpha: the kernel
#: holds their ``lgamma(x + alpha) - lgamma(alpha)``.
_RISING_COUNTS = 8

NegativeBinomialKernel = NamedTuple(
    "NegativeBinomialKernel",
    [
        ("mu", float),
        ("alpha", float),
        ("p", float),  # alpha / (mu + alpha)
        ("q", float),  # mu / (mu + alpha)
        ("log_p", float),
        ("log_q", float),
        ("lgamma_alpha", float),
    ]
    # log of the rising factorial alpha (alpha + 1) ... (alpha + j - 1), j = 1, ..., 7
    + [(f"log_rising_{j}", float) for j in range(1, _RISING_COUNTS)],
)
_LOG_RISING = NegativeBinomialKernel._fields.index("log_rising_1")
_UNSET_RISING = (0.0,) * (_RISING_COUNTS - 1)


@formula
def make_kernel(mu, alpha):
    total = mu + alpha
    kern = NegativeBinomialKernel(
        mu, alpha, alpha / total, mu / total, -m.log1p(mu / alpha), -m.log1p(alpha / mu),
        m.lgamma(alpha), *_UNSET_RISING,
    )
    rising = 1.0
    for j in range(1, _RISING_COUNTS):
        rising *= alpha + (j - 1)
        kern = tuple_setitem(kern, _LOG_RISING + j - 1, m.log(rising))
    return kern


@leaf_formula
def _log_rising(k, x):
    """lgamma(x + alpha) - lgamma(alpha) for a count x, branch-free: Stirling's series minus the
    kernel's lgamma(alpha) where x + alpha >= 8, else the kernel's ``log_rising_x`` (x < 8 there;
    selected, not indexed: no per-value log, and the loop vectorises whatever alpha)."""
    stirling = m.lgamma_stirling(x + k.alpha) - k.lgamma_alpha
    small = 0.0  # x = 0
    for j in range(1, _RISING_COUNTS):
        small = k[_LOG_RISING + j - 1] if x == j else small
    return stirling if x + k.alpha >= 8.0 else small


@leaf_formula
def _direct(k, x, log_factorial_x):
    """lgamma(x + alpha) - lgamma(alpha) - log x! + alpha log p + x log q for a count x, branch-free."""
    return _log_rising(k, x) - log_factorial_x + k.alpha * k.log_p + times_log(x, k.log_q)


@formula
def logp(k, x):
    if not_a_count(x, m.INF):
        return off_support(x)
    n = x + k.alpha
    if n < _LOADER_FROM:
        return _direct(k, x, m.log_factorial(x))
    return m.log_negative_binomial_mass(x, k.alpha, k.p, k.q)


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for counts in the log-factorial table and x + alpha below 10^4, branch-free;
    nan elsewhere (``logp`` decides). ``log_factorial_x`` is ``log(x!)`` from the table; ``log_x`` is unused."""
    # computed before the select: as one arm of it, the sum stayed a branch and the loop scalar
    value = _direct(k, x, log_factorial_x)
    return value if m.is_small_count(x) and x + k.alpha < _LOADER_FROM else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``alpha``, ``x``: :math:`(x/\\mu - (x + \\alpha)/(\\mu + \\alpha),\\
    \\psi(x + \\alpha) - \\psi(\\alpha) + \\log\\tfrac{\\alpha}{\\mu + \\alpha} + \\tfrac{\\mu - x}{\\mu + \\alpha},\\
    \\mathrm{nan})`."""
    total = k.mu + k.alpha
    d_mu = ratio(x, k.mu) - (x + k.alpha) / total
    d_alpha = m.digamma(x + k.alpha) - m.digamma(k.alpha) + k.log_p + (k.mu - x) / total
    return with_gradient(logp(k, x), (d_mu, d_alpha, m.NAN))


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    if x == m.INF:
        return 0.0
    return m.log_betainc(k.alpha, math.floor(x) + 1.0, k.p, k.q)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return whole_mass(x)
    if x == m.INF:
        return -m.INF
    return m.log_betainc(math.floor(x) + 1.0, k.alpha, k.q, k.p)


@formula
def draw(k, state):
    return rnd.poisson(rnd.standard_gamma(k.alpha, state) * k.mu / k.alpha, state)


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return k.mu + k.mu * k.mu / k.alpha



_OPEN_PROBABILITY = Domain("in (0, 1]", lambda v: (v > 0) & (v <= 1))

FAMILY = register(
    globals(),
    "NegativeBinomial",
    params=(Param("mu", POSITIVE, (0.1, 50.0)), Param("alpha", POSITIVE, (0.1, 50.0))),
    alternatives=(
        Parametrization(
            (Param("n", POSITIVE, (0.1, 50.0)), Param("p", _OPEN_PROBABILITY, (0.05, 1.0))),
            lambda v: {"mu": v["n"] * (1.0 - v["p"]) / v["p"], "alpha": v["n"]},
        ),
    ),
    support=(0.0, m.INF),
    discrete=True,
    shared_values=("log_factorial",),
    reference=lambda mu, alpha: scipy_stats().nbinom(alpha, alpha / (mu + alpha)),
)
