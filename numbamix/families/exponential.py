"""Exponential distribution.

.. math:: \\log p(x) = \\log\\lambda - \\lambda x, \\qquad x \\ge 0
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, Parametrization, register, scipy_stats


class ExponentialKernel(NamedTuple):
    lam: float
    log_lam: float


@formula
def make_kernel(lam):
    return ExponentialKernel(lam, m.log(lam))


@formula
def logp(k, x):
    return k.log_lam - k.lam * x if x >= 0.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``lam`` and ``x``: :math:`(1/\\lambda - x,\\ -\\lambda)`."""
    return with_gradient(logp(k, x), (1.0 / k.lam - x, -k.lam))


@formula
def logcdf(k, x):
    return m.log1mexp(k.lam * x) if x >= 0.0 else off_support(x)


@formula
def logccdf(k, x):
    return -k.lam * x if x >= 0.0 else whole_mass(x)


@formula
def draw(k, state):
    return rnd.standard_exponential(state) / k.lam


@formula
def mean(k):
    return 1.0 / k.lam


@formula
def variance(k):
    return 1.0 / (k.lam * k.lam)


FAMILY = register(
    globals(),
    "Exponential",
    params=(Param("lam", POSITIVE, (0.05, 20.0)),),
    alternatives=(
        Parametrization(
            (Param("scale", POSITIVE, (0.05, 20.0)),), lambda v: {"lam": 1.0 / v["scale"]}
        ),
    ),
    support=(0.0, m.INF),
    discrete=False,
    reference=lambda lam: scipy_stats().expon(scale=1.0 / lam),
)
