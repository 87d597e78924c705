"""Log-normal distribution: ``log x`` is Normal(mu, sigma).

.. math:: \\log p(x) = -\\log x - \\log\\sigma - \\tfrac12\\log 2\\pi - \\tfrac12 z^2,
   \\qquad z = (\\log x - \\mu)/\\sigma, \\quad x > 0

The cdf is :math:`\\Phi(z)`.
"""

from typing import NamedTuple

import numpy as np

from .. import _math as m
from .._jit import formula
from . import normal
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, Parametrization, register, scipy_stats

#: The Normal kernel of log x, as its own class (one kernel class per family)
LogNormalKernel = NamedTuple("LogNormalKernel", list(normal.NormalKernel.__annotations__.items()))


@formula
def make_kernel(mu, sigma):
    return LogNormalKernel(*normal.make_kernel(mu, sigma))


@formula
def _normal_of_log(k):
    return normal.NormalKernel(*k)


@formula
def logp(k, x):
    return logp_vector(k, x, m.log(x), 0.0)


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp, given ``log_x = log(x)``: branch-free, exact everywhere (``log_factorial_x`` unused)."""
    return normal.logp(_normal_of_log(k), log_x) - log_x if x > 0.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``sigma``, ``x``: with :math:`z = (\\log x - \\mu)/\\sigma`,
    :math:`(z/\\sigma,\\ (z^2 - 1)/\\sigma,\\ -(1 + z/\\sigma)/x)`."""
    value, d_mu, d_sigma, d_log_x = normal.grad_logp(_normal_of_log(k), m.log(x))
    return with_gradient(logp(k, x), (d_mu, d_sigma, -(1.0 + d_mu) / x))


@formula
def logcdf(k, x):
    return normal.logcdf(_normal_of_log(k), m.log(x)) if x > 0.0 else off_support(x)


@formula
def logccdf(k, x):
    return normal.logccdf(_normal_of_log(k), m.log(x)) if x > 0.0 else whole_mass(x)


@formula
def draw(k, state):
    return m.exp(normal.draw(_normal_of_log(k), state))


@formula
def mean(k):
    return m.exp(k.mu + 0.5 * k.sigma * k.sigma)


@formula
def variance(k):
    # (exp(sigma^2) - 1) exp(2 mu + sigma^2) as (1 - exp(-sigma^2)) exp(2 (mu + sigma^2)):
    # no inf * 0 for a large sigma with a very negative mu
    s2 = k.sigma * k.sigma
    return -m.expm1(-s2) * m.exp(2.0 * (k.mu + s2))


_MU = Param("mu", REAL, (-5.0, 5.0), 0.0)

FAMILY = register(
    globals(),
    "LogNormal",
    params=(_MU, Param("sigma", POSITIVE, (0.1, 1.0), 1.0)),
    alternatives=(
        Parametrization(
            (_MU, Param("tau", POSITIVE, (1.0, 100.0))),
            lambda v: {"mu": v["mu"], "sigma": v["tau"] ** -0.5},
        ),
    ),
    support=(0.0, m.INF),
    discrete=False,
    shared_values=("log",),
    reference=lambda mu, sigma: scipy_stats().lognorm(sigma, scale=np.exp(mu)),
)
