"""Hurdle gamma distribution: 0 with probability ``1 - psi``, else a Gamma(alpha, beta) value.

.. math:: p(0) = 1 - \\psi \\text{ (a point mass)}, \\qquad
   p(x) = \\psi\\,\\frac{\\beta^\\alpha x^{\\alpha - 1} e^{-\\beta x}}{\\Gamma(\\alpha)}, \\quad x > 0

PyMC's ``HurdleGamma(psi, alpha, beta | psi, mu, sigma)`` (PyMC >= 5.24, pymc#7810: the
positive part is the Gamma itself, no longer truncated at machine epsilon): the mixture,
weights ``[1 - psi, psi]``, of a point mass at 0 and Gamma, evaluated from the Gamma
formulas in log space (:mod:`numbamix.families._zero`). logp at 0 is the log of the mass
there, ``log(1 - psi)``; the cdf jumps by ``1 - psi`` at 0. Draws: Gamma with
probability psi, else 0.
"""

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, gamma
from ._registry import register
from ._zero_references import zero_mass_reference

_BASE = len(gamma.GammaKernel._fields)
HurdleGammaKernel = _zero.kernel_class("HurdleGammaKernel", gamma.GammaKernel, __name__)


@formula
def make_kernel(psi, alpha, beta):
    return HurdleGammaKernel(*(gamma.make_kernel(alpha, beta)[:] + _zero.constants(psi, 0.0, -m.INF)))


@formula
def _base(k):
    return gamma.GammaKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.hurdle_logp(k, x, gamma.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``alpha``, ``beta`` and ``x``:
    the Gamma's above 0; at 0 (the point mass) ``d/dx = 0``."""
    return _zero.hurdle_grad_logp(k, x, gamma.grad_logp(_base(k), x), 0.0)


@formula
def logccdf(k, x):
    return _zero.logccdf(k, x, gamma.logccdf(_base(k), x))


@formula
def logcdf(k, x):
    upper = logccdf(k, x)
    if _zero.complement_is_accurate(k, upper):
        return _zero.complement(upper)
    return _zero.logcdf(k, x, gamma.logcdf(_base(k), x))


@formula
def draw(k, state):
    return gamma.draw(_base(k), state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, gamma.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, gamma.mean(_base(k)), gamma.variance(_base(k)))


FAMILY = register(
    globals(),
    "HurdleGamma",
    **_zero.parameters(gamma.FAMILY),
    support=(0.0, m.INF),
    discrete=False,
    atoms=(0.0,),
    reference=zero_mass_reference("hurdle_gamma", gamma.FAMILY.reference, ("alpha", "beta"), continuous=True),
)
