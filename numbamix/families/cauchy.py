"""Cauchy distribution (location ``alpha``, scale ``beta``).

.. math:: \\log p(x) = -\\log(\\pi\\beta) - \\log(1 + z^2),
   \\qquad z = (x - \\alpha)/\\beta, \\quad x \\in \\mathbb{R}

The cdf is :math:`\\tfrac12 + \\arctan(z)/\\pi`, evaluated as
:math:`\\operatorname{atan2}(1, -z)/\\pi` (no cancellation in the lower tail) and
mirrored for the survival function. The mean and variance are undefined (nan).
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

_PI = 3.141592653589793
_INV_PI = 1.0 / _PI


class CauchyKernel(NamedTuple):
    alpha: float
    beta: float
    inv_beta: float
    log_norm: float  # -log(pi beta)


@formula
def make_kernel(alpha, beta):
    return CauchyKernel(alpha, beta, 1.0 / beta, -m.log(beta) - m.LOG_PI)


@formula
def log1p_square(z):
    """``log(1 + z^2)`` without overflow of ``z^2`` (``2 log|z| + log1p(1/z^2)`` beyond 1)."""
    w = abs(z)
    return 2.0 * m.log(w) + m.log1p(1.0 / (w * w)) if w > 1.0 else m.log1p(w * w)


@formula
def log_tail(z):
    """``log P(Z <= z)`` of the standard Cauchy: ``log(atan2(1, -z)/pi)``, ``log1p`` of the
    complement above 0 (exactly 0 at ``+inf``)."""
    if z > 0.0:
        return m.log1p(-_INV_PI * m.atan2(1.0, z))
    return m.log(_INV_PI * m.atan2(1.0, -z))


@formula
def logp(k, x):
    return k.log_norm - log1p_square((x - k.alpha) * k.inv_beta)


@formula
def z_over_1p_square(z):
    """``z / (1 + z^2)`` without overflow of ``z^2`` (``1 / (z + 1/z)`` beyond 1)."""
    return 1.0 / (z + 1.0 / z) if abs(z) > 1.0 else z / (1.0 + z * z)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``x``: with :math:`z = (x - \\alpha)/\\beta`
    and :math:`u = z/(1 + z^2)`,
    :math:`(2u/\\beta,\\ (2zu - 1)/\\beta,\\ -2u/\\beta)`."""
    z = (x - k.alpha) * k.inv_beta
    u = z_over_1p_square(z)
    return with_gradient(logp(k, x), (2.0 * u * k.inv_beta, (2.0 * z * u - 1.0) * k.inv_beta, -2.0 * u * k.inv_beta))


@formula
def logcdf(k, x):
    return log_tail((x - k.alpha) * k.inv_beta)


@formula
def logccdf(k, x):
    return log_tail((k.alpha - x) * k.inv_beta)


@formula
def draw(k, state):
    return k.alpha + k.beta * m.tan(_PI * (rnd.uniform(state) - 0.5))


@formula
def mean(k):
    return m.NAN


@formula
def variance(k):
    return m.NAN


@formula
def support_point(k):
    return k.alpha


FAMILY = register(
    globals(),
    "Cauchy",
    params=(Param("alpha", REAL, (-10.0, 10.0)), Param("beta", POSITIVE, (0.1, 10.0))),
    discrete=False,
    reference=lambda alpha, beta: scipy_stats().cauchy(alpha, beta),
)
