"""Normal distribution.

.. math:: \\log p(x) = -\\log\\sigma - \\tfrac12\\log 2\\pi - \\tfrac12 z^2,
   \\qquad z = (x - \\mu)/\\sigma, \\quad x \\in \\mathbb{R}
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, Parametrization, register, scipy_stats


class NormalKernel(NamedTuple):
    mu: float
    sigma: float
    inv_sigma: float
    log_norm: float  # -log(sigma) - log(2 pi)/2


@formula
def make_kernel(mu, sigma):
    return NormalKernel(mu, sigma, 1.0 / sigma, -m.log(sigma) - m.HALF_LOG_2PI)


@formula
def logp(k, x):
    z = (x - k.mu) * k.inv_sigma
    return m.mul_add(-0.5 * z, z, k.log_norm)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``sigma``, ``x``:
    :math:`(z/\\sigma,\\ (z^2 - 1)/\\sigma,\\ -z/\\sigma)`."""
    z = (x - k.mu) * k.inv_sigma
    z_over_sigma = z * k.inv_sigma
    return with_gradient(logp(k, x), (z_over_sigma, (z * z - 1.0) * k.inv_sigma, -z_over_sigma))


@formula
def logcdf(k, x):
    return m.log_ndtr((x - k.mu) * k.inv_sigma)


@formula
def logccdf(k, x):
    return m.log_ndtr((k.mu - x) * k.inv_sigma)


@formula
def draw(k, state):
    return k.mu + k.sigma * rnd.standard_normal(state)


@formula
def mean(k):
    return k.mu


@formula
def variance(k):
    return k.sigma * k.sigma


_MU = Param("mu", REAL, (-10.0, 10.0), 0.0)

FAMILY = register(
    globals(),
    "Normal",
    params=(_MU, Param("sigma", POSITIVE, (0.1, 10.0), 1.0)),
    alternatives=(
        Parametrization(
            (_MU, Param("tau", POSITIVE, (0.01, 100.0))),
            lambda v: {"mu": v["mu"], "sigma": v["tau"] ** -0.5},
        ),
    ),
    discrete=False,
    reference=lambda mu, sigma: scipy_stats().norm(mu, sigma),
)
