"""Hurdle Poisson distribution: 0 with probability ``1 - psi``, else a Poisson count given it is positive.

.. math:: p(0) = 1 - \\psi, \\qquad
   p(x) = \\psi\\,\\frac{\\mu^x e^{-\\mu} / x!}{1 - e^{-\\mu}}, \\quad x = 1, 2, \\dots

PyMC's ``HurdlePoisson(psi, mu)``: the mixture, weights ``[1 - psi, psi]``, of a point
mass at 0 and Poisson(mu) truncated to ``x >= 1``, evaluated from the Poisson formulas
in log space with ``log P(X >= 1)`` computed once (:mod:`numbamix.families._zero`):
accurate also where that is tiny (``mu = 1e-8``). ``mu`` must be positive (the
truncated Poisson needs mass above 0). Draws of the truncated part are exact in O(1) at
any mu (:func:`numbamix.families._zero.zero_truncated_poisson`, no rejection).
"""

import math

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, poisson
from ._registry import POSITIVE, Param, register
from ._zero_references import zero_mass_reference

_BASE = len(poisson.PoissonKernel._fields)
HurdlePoissonKernel = _zero.kernel_class("HurdlePoissonKernel", poisson.PoissonKernel, __name__)


@formula
def make_kernel(psi, mu):
    base = poisson.make_kernel(mu)
    zero = _zero.constants(psi, poisson.logccdf(base, 0.0), poisson.logcdf(base, 0.0))
    return HurdlePoissonKernel(*(base[:] + zero))


@formula
def _base(k):
    return poisson.PoissonKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.hurdle_logp(k, x, poisson.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``mu`` (through the truncation too) and ``x`` (``nan``)."""
    at_zero = poisson.grad_logp(_base(k), 0.0)
    return _zero.truncated_hurdle_grad_logp(k, x, poisson.grad_logp(_base(k), x), at_zero)


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
    return _zero.zero_truncated_poisson(k.mu, state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, poisson.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, poisson.mean(_base(k)), poisson.variance(_base(k)))


@formula
def support_point(k):
    return _zero.count_support_point(k, _zero.truncated_count_point(math.floor(poisson.mean(_base(k)))))


def _log_mass(mu):
    """log P(X >= 1) = log(1 - e^-mu), for the reference."""
    return np.log(-np.expm1(-mu))


FAMILY = register(
    globals(),
    "HurdlePoisson",
    **_zero.parameters(poisson.FAMILY, [Param("mu", POSITIVE, (0.1, 50.0))]),
    support=(0.0, m.INF),
    discrete=True,
    reference=zero_mass_reference("hurdle_poisson", poisson.FAMILY.reference, ("mu",), log_mass=_log_mass),
)
