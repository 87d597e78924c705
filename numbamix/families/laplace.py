"""Laplace (double exponential) distribution (location ``mu``, scale ``b``).

.. math:: \\log p(x) = -\\log(2b) - |x - \\mu|/b, \\qquad x \\in \\mathbb{R}

The cdf is :math:`\\tfrac12 e^{y}` for :math:`y = (x - \\mu)/b \\le 0` and
:math:`1 - \\tfrac12 e^{-y}` above.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats


class LaplaceKernel(NamedTuple):
    mu: float
    b: float
    inv_b: float
    log_norm: float  # -log(2 b)


@formula
def make_kernel(mu, b):
    return LaplaceKernel(mu, b, 1.0 / b, -m.LOG_2 - m.log(b))


@formula
def log_tail(y):
    """log P(Y <= y) of the standard Laplace distribution."""
    return y - m.LOG_2 if y <= 0.0 else m.log1p(-0.5 * m.exp(-y))


@formula
def logp(k, x):
    return k.log_norm - abs(x - k.mu) * k.inv_b


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``b``, ``x``:
    :math:`(s/b,\\ (|x - \\mu|/b - 1)/b,\\ -s/b)`, :math:`s = \\operatorname{sign}(x - \\mu)` (0 at the kink)."""
    d = x - k.mu
    sign = (d > 0.0) - (d < 0.0)
    return with_gradient(logp(k, x), (sign * k.inv_b, (abs(d) * k.inv_b - 1.0) * k.inv_b, -sign * k.inv_b))


@formula
def logcdf(k, x):
    return log_tail((x - k.mu) * k.inv_b)


@formula
def logccdf(k, x):
    return log_tail((k.mu - x) * k.inv_b)


@formula
def draw(k, state):
    # the difference of two standard exponentials is standard Laplace
    return k.mu + k.b * (rnd.standard_exponential(state) - rnd.standard_exponential(state))


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return 2.0 * k.b * k.b


FAMILY = register(
    globals(),
    "Laplace",
    params=(Param("mu", REAL, (-10.0, 10.0)), Param("b", POSITIVE, (0.1, 10.0))),
    discrete=False,
    reference=lambda mu, b: scipy_stats().laplace(mu, b),
)
