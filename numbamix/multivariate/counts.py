"""Multinomial(n, p) and DirichletMultinomial(n, a): counts ``x`` summing to ``n``.

.. math::

    \\log p_{\\mathrm{Multinomial}}(x) = \\log n! - \\sum_i \\log x_i! + \\sum_i x_i \\log p_i

    \\log p_{\\mathrm{DirichletMultinomial}}(x) = \\log n! + \\log\\Gamma(a_0) - \\log\\Gamma(n + a_0)
        + \\sum_i \\left[\\log\\Gamma(x_i + a_i) - \\log x_i! - \\log\\Gamma(a_i)\\right]

Support: non-negative integers ``x_i`` with ``sum_i x_i = n``; elsewhere ``-inf``
(``x_i log p_i`` is 0 where ``x_i = 0``, also for ``p_i = 0``). Constants rows:
Multinomial ``log p`` (d), ``p_i / sum_{j >= i} p_j`` (d), ``n``, ``log n!``;
DirichletMultinomial ``a`` (d), ``n``, ``log n! + log Gamma(a_0) - log Gamma(n + a_0)
- sum log Gamma(a_i)``. Draws: sequential binomials, ``x_i ~ Binomial(n - sum_{j<i} x_j,
p_i / sum_{j>=i} p_j)`` (DirichletMultinomial: ``p`` a Dirichlet(a) draw first).
PyMC's support point: ``round(n p)`` with the rounding error added to the largest
expected count (``p = a / a_0`` for DirichletMultinomial).
"""

import math

import numpy as np
from scipy.special import gammaln

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from .dirichlet import log_simplex_draw
from .family import MvFamily

MULTINOMIAL_CODE = 3
DIRICHLET_MULTINOMIAL_CODE = 4


def _conditional(p):
    """``p_i / sum_{j >= i} p_j`` (0 where the tail is empty): the sequential binomials' probabilities."""
    tail = np.cumsum(p[..., ::-1], axis=-1)[..., ::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tail > 0, np.minimum(p / tail, 1.0), 0.0)


def multinomial_constants(params):
    n, p = params["n"], params["p"]
    with np.errstate(divide="ignore"):
        log_p = np.log(p)
    return np.concatenate([log_p, _conditional(p), n[..., None], gammaln(n + 1.0)[..., None]], axis=-1)


def dirichlet_multinomial_constants(params):
    n, a = params["n"], params["a"]
    a0 = a.sum(axis=-1)
    norm = gammaln(n + 1.0) + gammaln(a0) - gammaln(n + a0) - gammaln(a).sum(axis=-1)
    return np.concatenate([a, n[..., None], norm[..., None]], axis=-1)


@formula
def _is_count(x):
    return x >= 0.0 and x == math.floor(x)


@formula
def _multinomial_logp1(c, row, xt, v, d):
    total = c[row, 2 * d + 1]
    s = 0.0
    for i in range(d):
        xi = xt[i, v]
        if xi != xi:
            return m.NAN
        if not _is_count(xi):
            return -m.INF
        s += xi
        total -= m.log_factorial(xi)
        if xi > 0.0:
            total += xi * c[row, i]
    return total if s == c[row, 2 * d] else -m.INF


@formula
def _dirichlet_multinomial_logp1(c, row, xt, v, d):
    total = c[row, d + 1]
    s = 0.0
    for i in range(d):
        xi = xt[i, v]
        if xi != xi:
            return m.NAN
        if not _is_count(xi):
            return -m.INF
        s += xi
        total += m.lgamma(xi + c[row, i]) - m.log_factorial(xi)
    return total if s == c[row, d] else -m.INF


@formula
def multinomial_logp(c, row, xt, n, d, zt, out):
    """logp of the ``n`` values ``xt[:, v]`` into ``out[:n]``."""
    for v in range(n):
        out[v] = _multinomial_logp1(c, row, xt, v, d)


@formula
def dirichlet_multinomial_logp(c, row, xt, n, d, zt, out):
    """logp of the ``n`` values ``xt[:, v]`` into ``out[:n]``."""
    for v in range(n):
        out[v] = _dirichlet_multinomial_logp1(c, row, xt, v, d)


@formula
def _sequential_binomials(n, conditional, d, state, out, at):
    """Counts ``out[at:at + d]`` summing to ``n``: ``Binomial(left, conditional[i])``."""
    left = n
    for i in range(d - 1):
        k = rnd.binomial(left, conditional[i], state) if left > 0.0 else 0.0
        out[at + i] = k
        left -= k
    out[at + d - 1] = left


@formula
def multinomial_draw(c, row, d, state, work, out, at):
    for i in range(d):
        work[i] = c[row, d + i]
    _sequential_binomials(c[row, 2 * d], work, d, state, out, at)


@formula
def dirichlet_multinomial_draw(c, row, d, state, work, out, at):
    """Dirichlet(a) probabilities in log space, turned into the conditional probabilities in ``work``."""
    log_simplex_draw(c, row, d, state, work)
    tail = -m.INF  # log sum_{j >= i} p_j
    for i in range(d - 1, -1, -1):
        tail = _log_add(tail, work[i])
        work[i] = m.exp(work[i] - tail) if tail > -m.INF else 0.0
    _sequential_binomials(c[row, d], work, d, state, out, at)


@formula
def _log_add(a, b):
    """``log(exp(a) + exp(b))`` without overflow."""
    if a == -m.INF:
        return b
    return max(a, b) + m.log1p(m.exp(-abs(a - b)))


def _multinomial_mean(params):
    return params["n"][..., None] * params["p"]


def _multinomial_variance(params):
    p = params["p"]
    return params["n"][..., None] * p * (1.0 - p)


def _rounded_counts(n, p):
    """PyMC's support point: ``round(n p)``, the rounding error added to the largest expected count."""
    mean = n[..., None] * p
    mode = np.round(mean)
    diff = n - mode.sum(axis=-1)
    largest = np.argmax(mean, axis=-1)[..., None]
    np.put_along_axis(mode, largest, np.take_along_axis(mode, largest, axis=-1) + diff[..., None], axis=-1)
    return mode


def _probabilities(params):
    a = params["a"]
    return a / a.sum(axis=-1, keepdims=True)


def _dirichlet_multinomial_mean(params):
    return params["n"][..., None] * _probabilities(params)


def _dirichlet_multinomial_variance(params):
    """``n p_i (1 - p_i) (n + a_0) / (1 + a_0)``, ``p = a / a_0``."""
    n, a = params["n"][..., None], params["a"]
    a0 = a.sum(axis=-1, keepdims=True)
    p = a / a0
    return n * p * (1.0 - p) * (n + a0) / (1.0 + a0)


MULTINOMIAL = MvFamily(
    "Multinomial",
    MULTINOMIAL_CODE,
    True,
    {"n": 0, "p": 1},
    multinomial_constants,
    _multinomial_mean,
    _multinomial_variance,
    lambda params: _rounded_counts(params["n"], params["p"]),
)
DIRICHLET_MULTINOMIAL = MvFamily(
    "DirichletMultinomial",
    DIRICHLET_MULTINOMIAL_CODE,
    True,
    {"n": 0, "a": 1},
    dirichlet_multinomial_constants,
    _dirichlet_multinomial_mean,
    _dirichlet_multinomial_variance,
    lambda params: _rounded_counts(params["n"], _probabilities(params)),
)
