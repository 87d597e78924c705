"""Zero-inflated binomial distribution: a Binomial(n, p) count with probability ``psi``, else 0.

.. math:: p(0) = 1 - \\psi + \\psi (1 - p)^n, \\qquad
   p(x) = \\psi \\binom{n}{x} p^x (1 - p)^{n - x}, \\quad x = 1, \\dots, n

PyMC's ``ZeroInflatedBinomial(psi, n, p)``: the mixture, weights ``[1 - psi, psi]``, of a
point mass at 0 and Binomial(n, p), evaluated from the Binomial formulas in log space
(:mod:`numbamix.families._zero`). Draws: Binomial(n, p) with probability psi, else 0.
"""

import math

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, binomial
from ._registry import register
from ._zero_references import zero_mass_reference

_BASE = len(binomial.BinomialKernel._fields)
ZeroInflatedBinomialKernel = _zero.kernel_class("ZeroInflatedBinomialKernel", binomial.BinomialKernel, __name__)


@formula
def make_kernel(psi, n, p):
    return ZeroInflatedBinomialKernel(*(binomial.make_kernel(n, p)[:] + _zero.constants(psi, 0.0, -m.INF)))


@formula
def _base(k):
    return binomial.BinomialKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.inflated_logp(k, x, binomial.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``n``, ``p`` and ``x`` (``nan``: a count)."""
    return _zero.inflated_grad_logp(k, x, binomial.grad_logp(_base(k), x))


@formula
def logccdf(k, x):
    return _zero.logccdf(k, x, binomial.logccdf(_base(k), x))


@formula
def logcdf(k, x):
    upper = logccdf(k, x)
    if _zero.complement_is_accurate(k, upper):
        return _zero.complement(upper)
    return _zero.logcdf(k, x, binomial.logcdf(_base(k), x))


@formula
def draw(k, state):
    return binomial.draw(_base(k), state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, binomial.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, binomial.mean(_base(k)), binomial.variance(_base(k)))


@formula
def support_point(k):
    return _zero.count_support_point(k, math.floor(binomial.mean(_base(k))))


@formula
def support(k):
    return binomial.support(_base(k))


FAMILY = register(
    globals(),
    "ZeroInflatedBinomial",
    params=(_zero.PSI,) + binomial.FAMILY.params,  # PyMC's (psi, n, p) only: no logit_p
    discrete=True,
    reference=zero_mass_reference("zero_inflated_binomial", binomial.FAMILY.reference, ("n", "p")),
)
