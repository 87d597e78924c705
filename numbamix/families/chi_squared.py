"""Chi-squared distribution with ``nu`` degrees of freedom: Gamma(nu/2, 1/2).

.. math:: \\log p(x) = (\\tfrac{\\nu}{2} - 1)\\log x - \\tfrac{x}{2}
   - \\tfrac{\\nu}{2}\\log 2 - \\log\\Gamma(\\tfrac{\\nu}{2}), \\qquad x > 0

The cdf is :math:`P(\\nu/2, x/2)`, the survival function :math:`Q(\\nu/2, x/2)`.
As PyMC's ``ChiSquared.dist(nu)`` is ``Gamma.dist(alpha=nu/2, beta=1/2)``, the
formulas are Gamma's.
"""

from typing import NamedTuple

from .. import _math as m
from .._jit import formula
from . import gamma
from ._registry import POSITIVE, Param, register, scipy_stats

#: The Gamma kernel of (nu/2, 1/2), as its own class (one kernel class per family)
ChiSquaredKernel = NamedTuple("ChiSquaredKernel", list(gamma.GammaKernel.__annotations__.items()))


@formula
def make_kernel(nu):
    return ChiSquaredKernel(*gamma.make_kernel(0.5 * nu, 0.5))


@formula
def _gamma(k):
    return gamma.GammaKernel(*k)


@formula
def logp(k, x):
    return gamma.logp(_gamma(k), x)


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """Gamma's ``logp_vector`` (nan where ``logp`` must decide)."""
    return gamma.logp_vector(_gamma(k), x, log_x, log_factorial_x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``nu`` and ``x``: Gamma's, with :math:`d/d\\nu = \\tfrac12\\, d/d\\alpha`."""
    value, d_alpha, d_beta, d_x = gamma.grad_logp(_gamma(k), x)
    return value, 0.5 * d_alpha, d_x


@formula
def logcdf(k, x):
    return gamma.logcdf(_gamma(k), x)


@formula
def logccdf(k, x):
    return gamma.logccdf(_gamma(k), x)


@formula
def draw(k, state):
    return gamma.draw(_gamma(k), state)


@formula
def mean(k):
    return gamma.mean(_gamma(k))


@formula
def variance(k):
    return gamma.variance(_gamma(k))


FAMILY = register(
    globals(),
    "ChiSquared",
    params=(Param("nu", POSITIVE, (0.5, 50.0)),),
    support=(0.0, m.INF),
    discrete=False,
    shared_values=gamma.FAMILY.shared_values,
    reference=lambda nu: scipy_stats().chi2(nu),
)
