"""Half-Cauchy distribution (scale ``beta``): ``|X|`` for ``X`` Cauchy(0, beta).

.. math:: \\log p(x) = \\log\\frac{2}{\\pi\\beta} - \\log(1 + z^2),
   \\qquad z = x/\\beta, \\quad x \\ge 0

The cdf is :math:`\\tfrac{2}{\\pi}\\arctan z`, the survival function
:math:`\\tfrac{2}{\\pi}\\arctan(1/z)` (each from whichever side keeps full
relative accuracy). The mean is infinite (reported as nan, as for the
undefined moments), the variance infinite.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, register, scipy_stats
from .cauchy import log1p_square, z_over_1p_square

_TWO_OVER_PI = 0.6366197723675814
_HALF_PI = 1.5707963267948966


class HalfCauchyKernel(NamedTuple):
    beta: float
    inv_beta: float
    log_norm: float  # log(2 / (pi beta))


@formula
def make_kernel(beta):
    return HalfCauchyKernel(beta, 1.0 / beta, m.LOG_2 - m.LOG_PI - m.log(beta))


@formula
def _log_mass_below(z):
    """log((2/pi) atan z) for z >= 0: directly up to 1, as log1p of the complement above."""
    if z > 1.0:
        return m.log1p(-_TWO_OVER_PI * m.atan2(1.0, z))
    return m.log(_TWO_OVER_PI * m.atan(z))


@formula
def _log_mass_above(z):
    """log(1 - (2/pi) atan z) = log((2/pi) atan(1/z)) for z >= 0."""
    if z < 1.0:
        return m.log1p(-_TWO_OVER_PI * m.atan(z))
    return m.log(_TWO_OVER_PI * m.atan2(1.0, z))


@formula
def logp(k, x):
    return k.log_norm - log1p_square(x * k.inv_beta) if x >= 0.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``beta`` and ``x``: with :math:`z = x/\\beta` and
    :math:`u = z/(1 + z^2)`, :math:`((2zu - 1)/\\beta,\\ -2u/\\beta)`."""
    z = x * k.inv_beta
    u = z_over_1p_square(z)
    return with_gradient(logp(k, x), ((2.0 * z * u - 1.0) * k.inv_beta, -2.0 * u * k.inv_beta))


@formula
def logcdf(k, x):
    return _log_mass_below(x * k.inv_beta) if x >= 0.0 else off_support(x)


@formula
def logccdf(k, x):
    return _log_mass_above(x * k.inv_beta) if x >= 0.0 else whole_mass(x)


@formula
def draw(k, state):
    return k.beta * m.tan(_HALF_PI * rnd.uniform(state))


@formula
def mean(k):
    return m.NAN


@formula
def variance(k):
    return m.INF


@formula
def support_point(k):
    return k.beta


FAMILY = register(
    globals(),
    "HalfCauchy",
    params=(Param("beta", POSITIVE, (0.1, 10.0)),),
    support=(0.0, m.INF),
    discrete=False,
    reference=lambda beta: scipy_stats().halfcauchy(0.0, beta),
)
