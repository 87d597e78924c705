"""Zero-inflated Poisson distribution: a Poisson count with probability ``psi``, else 0.

.. math:: p(0) = 1 - \\psi + \\psi e^{-\\mu}, \\qquad
   p(x) = \\psi\\,\\frac{\\mu^x e^{-\\mu}}{x!}, \\quad x = 1, 2, \\dots

PyMC's ``ZeroInflatedPoisson(psi, mu)``: the mixture, weights ``[1 - psi, psi]``, of a
point mass at 0 and Poisson(mu), evaluated from the Poisson formulas in log space
(:mod:`numbamix.families._zero`). Draws: Poisson(mu) with probability psi, else 0.
"""

import math

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, poisson
from ._registry import register
from ._zero_references import zero_mass_reference

_BASE = len(poisson.PoissonKernel._fields)
ZeroInflatedPoissonKernel = _zero.kernel_class("ZeroInflatedPoissonKernel", poisson.PoissonKernel, __name__)


@formula
def make_kernel(psi, mu):
    return ZeroInflatedPoissonKernel(*(poisson.make_kernel(mu)[:] + _zero.constants(psi, 0.0, -m.INF)))


@formula
def _base(k):
    return poisson.PoissonKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.inflated_logp(k, x, poisson.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``mu`` and ``x`` (``nan``: a count)."""
    return _zero.inflated_grad_logp(k, x, poisson.grad_logp(_base(k), x))


@formula
def logccdf(k, x):
    return _zero.logccdf(k, x, poisson.logccdf(_base(k), x))


@formula
def logcdf(k, x):
    upper = logccdf(k, x)
    if _zero.complement_is_accurate(k, upper):
        return _zero.complement(upper)
    return _zero.logcdf(k, x, poisson.logcdf(_base(k), x))


@formula
def draw(k, state):
    return poisson.draw(_base(k), state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, poisson.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, poisson.mean(_base(k)), poisson.variance(_base(k)))


@formula
def support_point(k):
    return _zero.count_support_point(k, math.floor(poisson.mean(_base(k))))


FAMILY = register(
    globals(),
    "ZeroInflatedPoisson",
    **_zero.parameters(poisson.FAMILY),
    support=(0.0, m.INF),
    discrete=True,
    reference=zero_mass_reference("zero_inflated_poisson", poisson.FAMILY.reference, ("mu",)),
)
