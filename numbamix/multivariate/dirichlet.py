"""Dirichlet(a): densities on the simplex.

.. math::

    \\log p(x) = \\log\\Gamma(a_0) - \\sum_i \\log\\Gamma(a_i) + \\sum_i (a_i - 1)\\log x_i,
    \\qquad a_0 = \\sum_i a_i

Support: ``x_i`` in [0, 1] with ``|sum_i x_i - 1| <= SIMPLEX_TOLERANCE`` (scipy's
tolerance); elsewhere ``-inf``. ``(a_i - 1) log x_i`` is 0 where ``a_i = 1``
(also at ``x_i = 0``, as PyMC's ``logpow``). Constants row: ``a`` (d), the
normalising constant. Draws: ``x_i = G_i / sum_j G_j``, ``G_i ~ Gamma(a_i)``,
normalised in log space (:func:`log_gamma_draw`), so that tiny ``a`` (where
``G_i`` underflows) still gives a point of the simplex.
"""

import numpy as np
from scipy.special import gammaln

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from .family import MvFamily

CODE = 2

#: Largest ``|sum(x) - 1|`` of a point of the simplex (scipy.stats.dirichlet's).
SIMPLEX_TOLERANCE = 1e-9


def constants(params):
    a = params["a"]
    norm = gammaln(a.sum(axis=-1)) - gammaln(a).sum(axis=-1)
    return np.concatenate([a, norm[..., None]], axis=-1)


@formula
def _logp1(c, row, xt, v, d):
    total = c[row, d]
    s = 0.0
    for i in range(d):
        xi = xt[i, v]
        if xi != xi:
            return m.NAN
        if not (xi >= 0.0 and xi <= 1.0):
            return -m.INF
        s += xi
        if c[row, i] != 1.0:
            total += (c[row, i] - 1.0) * m.log(xi)
    if abs(s - 1.0) > SIMPLEX_TOLERANCE:
        return -m.INF
    return total


@formula
def logp(c, row, xt, n, d, zt, out):
    """logp of the ``n`` values ``xt[:, v]`` into ``out[:n]``."""
    for v in range(n):
        out[v] = _logp1(c, row, xt, v, d)


@formula
def log_gamma_draw(a, state):
    """``log G``, ``G ~ Gamma(a, 1)``; below ``a = 1`` as ``log G(a + 1) + log(U) / a``
    (finite where ``G`` itself underflows, e.g. ``a = 1e-3``)."""
    if a >= 1.0:
        return m.log(rnd.standard_gamma(a, state))
    return m.log(rnd.standard_gamma(a + 1.0, state)) + m.log(rnd.uniform(state)) / a


@formula
def log_simplex_draw(c, row, d, state, out):
    """``out[i] = log x_i`` (``i < d``) of one Dirichlet draw, ``a`` the first ``d`` constants of ``row``."""
    top = -m.INF
    for i in range(d):
        out[i] = log_gamma_draw(c[row, i], state)
        top = max(top, out[i])
    total = 0.0
    for i in range(d):
        total += m.exp(out[i] - top)
    shift = top + m.log(total)
    for i in range(d):
        out[i] -= shift


@formula
def draw(c, row, d, state, work, out, at):
    log_simplex_draw(c, row, d, state, work)
    for i in range(d):
        out[at + i] = m.exp(work[i])


def _mean(params):
    a = params["a"]
    return a / a.sum(axis=-1, keepdims=True)


def _variance(params):
    a = params["a"]
    a0 = a.sum(axis=-1, keepdims=True)
    return a * (a0 - a) / (a0**2 * (a0 + 1.0))


DIRICHLET = MvFamily("Dirichlet", CODE, False, {"a": 1}, constants, _mean, _variance, _mean)
