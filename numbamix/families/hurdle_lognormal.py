"""Hurdle log-normal distribution: 0 with probability ``1 - psi``, else a LogNormal(mu, sigma) value.

.. math:: p(0) = 1 - \\psi \\text{ (a point mass)}, \\qquad
   p(x) = \\frac{\\psi}{x \\sigma \\sqrt{2\\pi}} e^{-(\\log x - \\mu)^2 / (2\\sigma^2)}, \\quad x > 0

PyMC's ``HurdleLogNormal(psi, mu=0, sigma=1 | psi, mu, tau)`` (PyMC >= 5.24, pymc#7810:
the positive part is the LogNormal itself, no longer truncated at machine epsilon): the
mixture, weights ``[1 - psi, psi]``, of a point mass at 0 and LogNormal, evaluated from
the LogNormal formulas in log space (:mod:`numbamix.families._zero`). logp at 0 is the
log of the mass there, ``log(1 - psi)``; the cdf jumps by ``1 - psi`` at 0. Draws:
LogNormal with probability psi, else 0.
"""

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, lognormal
from ._registry import register
from ._zero_references import zero_mass_reference

_BASE = len(lognormal.LogNormalKernel._fields)
HurdleLogNormalKernel = _zero.kernel_class("HurdleLogNormalKernel", lognormal.LogNormalKernel, __name__)


@formula
def make_kernel(psi, mu, sigma):
    return HurdleLogNormalKernel(*(lognormal.make_kernel(mu, sigma)[:] + _zero.constants(psi, 0.0, -m.INF)))


@formula
def _base(k):
    return lognormal.LogNormalKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.hurdle_logp(k, x, lognormal.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``mu``, ``sigma`` and ``x``:
    the LogNormal's above 0; at 0 (the point mass) ``d/dx = 0``."""
    return _zero.hurdle_grad_logp(k, x, lognormal.grad_logp(_base(k), x), 0.0)


@formula
def logccdf(k, x):
    return _zero.logccdf(k, x, lognormal.logccdf(_base(k), x))


@formula
def logcdf(k, x):
    upper = logccdf(k, x)
    if _zero.complement_is_accurate(k, upper):
        return _zero.complement(upper)
    return _zero.logcdf(k, x, lognormal.logcdf(_base(k), x))


@formula
def draw(k, state):
    return lognormal.draw(_base(k), state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, lognormal.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, lognormal.mean(_base(k)), lognormal.variance(_base(k)))


FAMILY = register(
    globals(),
    "HurdleLogNormal",
    **_zero.parameters(lognormal.FAMILY),
    support=(0.0, m.INF),
    discrete=False,
    atoms=(0.0,),
    reference=zero_mass_reference("hurdle_lognormal", lognormal.FAMILY.reference, ("mu", "sigma"), continuous=True),
)
