"""Logistic distribution (location ``mu``, scale ``s``).

.. math:: \\log p(x) = -|z| - \\log s - 2\\log(1 + e^{-|z|}),
   \\qquad z = (x - \\mu)/s, \\quad x \\in \\mathbb{R}

The cdf is :math:`1/(1 + e^{-z})`, its log :math:`-\\log(1 + e^{-z})`
(softplus, no overflow); the survival function mirrors it.
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

_PI_SQUARED_OVER_3 = 3.289868133696453


class LogisticKernel(NamedTuple):
    mu: float
    s: float
    inv_s: float
    log_s: float


@formula
def make_kernel(mu, s):
    return LogisticKernel(mu, s, 1.0 / s, m.log(s))


@formula
def log_expit(z):
    """``log(1 / (1 + exp(-z)))`` = ``-softplus(-z)``, accurate for every z."""
    return min(z, 0.0) - m.log1p(m.exp(-abs(z)))


@leaf_formula
def logp(k, x):
    # symmetric form: exp(-|z|) <= 1, so no overflow far in the lower tail
    a = abs((x - k.mu) * k.inv_s)
    return -a - k.log_s - 2.0 * m.log1p(m.exp(-a))


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp itself (branch-free), for the mixture loop's vectorised pass."""
    return logp(k, x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``s``, ``x``: with :math:`z = (x - \\mu)/s` and
    :math:`t = \\tanh(z/2)` (from :math:`e^{-|z|}`: no overflow), :math:`(t/s,\\ (zt - 1)/s,\\ -t/s)`."""
    z = (x - k.mu) * k.inv_s
    e = m.exp(-abs(z))
    t = math.copysign(-m.expm1(-abs(z)) / (1.0 + e), z)
    return with_gradient(logp(k, x), (t * k.inv_s, (z * t - 1.0) * k.inv_s, -t * k.inv_s))


@formula
def logcdf(k, x):
    return log_expit((x - k.mu) * k.inv_s)


@formula
def logccdf(k, x):
    return log_expit((k.mu - x) * k.inv_s)


@formula
def draw(k, state):
    u = rnd.uniform(state)
    return k.mu + k.s * (m.log(u) - m.log1p(-u))


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return _PI_SQUARED_OVER_3 * k.s * k.s


FAMILY = register(
    globals(),
    "Logistic",
    params=(Param("mu", REAL, (-10.0, 10.0), 0.0), Param("s", POSITIVE, (0.1, 10.0), 1.0)),
    discrete=False,
    reference=lambda mu, s: scipy_stats().logistic(mu, s),
)
