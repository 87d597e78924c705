"""Half-normal distribution (scale ``sigma``): ``|X|`` for ``X`` Normal(0, sigma).

.. math:: \\log p(x) = \\tfrac12\\log\\tfrac{2}{\\pi} - \\log\\sigma - \\tfrac12 z^2,
   \\qquad z = x/\\sigma, \\quad x \\ge 0

The cdf is :math:`\\Phi(z) - \\Phi(-z) = \\operatorname{erf}(z/\\sqrt2)` (``log_ndtr_diff``:
full relative accuracy also for tiny ``z``), the survival function
:math:`2\\Phi(-z)`.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, Parametrization, register, scipy_stats

_SQRT_2_OVER_PI = 0.7978845608028654


class HalfNormalKernel(NamedTuple):
    sigma: float
    inv_sigma: float
    log_norm: float  # log(2) - log(sigma) - log(2 pi)/2


@formula
def make_kernel(sigma):
    return HalfNormalKernel(sigma, 1.0 / sigma, m.LOG_2 - m.log(sigma) - m.HALF_LOG_2PI)


@formula
def logp(k, x):
    z = x * k.inv_sigma
    return m.mul_add(-0.5 * z, z, k.log_norm) if x >= 0.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``sigma`` and ``x``: :math:`((z^2 - 1)/\\sigma,\\ -z/\\sigma)`, :math:`z = x/\\sigma`."""
    z = x * k.inv_sigma
    return with_gradient(logp(k, x), ((z * z - 1.0) * k.inv_sigma, -z * k.inv_sigma))


@formula
def logcdf(k, x):
    z = x * k.inv_sigma
    return m.log_ndtr_diff(-z, z) if x >= 0.0 else off_support(x)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return whole_mass(x)
    z = x * k.inv_sigma
    if z < 1.0:
        # log(1 - erf): log1p of the cdf keeps the tiny values near 0 (2 Phi(-z) rounds to 1 there)
        return m.log1p(-m.exp(m.log_ndtr_diff(-z, z)))
    return m.LOG_2 + m.log_ndtr(-z)


@formula
def draw(k, state):
    return k.sigma * abs(rnd.standard_normal(state))


@formula
def mean(k):
    return _SQRT_2_OVER_PI * k.sigma


@formula
def variance(k):
    return (1.0 - 2.0 / 3.141592653589793) * k.sigma * k.sigma


@formula
def support_point(k):
    return k.sigma


FAMILY = register(
    globals(),
    "HalfNormal",
    params=(Param("sigma", POSITIVE, (0.1, 10.0), 1.0),),
    alternatives=(
        Parametrization((Param("tau", POSITIVE, (0.01, 100.0)),), lambda v: {"sigma": v["tau"] ** -0.5}),
    ),
    support=(0.0, m.INF),
    discrete=False,
    reference=lambda sigma: scipy_stats().halfnorm(0.0, sigma),
)
