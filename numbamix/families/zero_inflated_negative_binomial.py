"""Zero-inflated negative binomial distribution: a NegativeBinomial(mu, alpha) count with
probability ``psi``, else 0.

.. math:: p(0) = 1 - \\psi + \\psi \\left(\\frac{\\alpha}{\\mu + \\alpha}\\right)^\\alpha, \\qquad
   p(x) = \\psi \\frac{\\Gamma(x + \\alpha)}{x!\\,\\Gamma(\\alpha)}
   \\left(\\frac{\\alpha}{\\mu + \\alpha}\\right)^\\alpha \\left(\\frac{\\mu}{\\mu + \\alpha}\\right)^x,
   \\quad x = 1, 2, \\dots

PyMC's ``ZeroInflatedNegativeBinomial(psi, mu, alpha | psi, n, p)``: the mixture, weights
``[1 - psi, psi]``, of a point mass at 0 and NegativeBinomial, evaluated from its formulas
in log space (:mod:`numbamix.families._zero`). Draws: NegativeBinomial with probability
psi, else 0.
"""

import math

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, negative_binomial
from ._registry import register
from ._zero_references import zero_mass_reference

_BASE = len(negative_binomial.NegativeBinomialKernel._fields)
ZeroInflatedNegativeBinomialKernel = _zero.kernel_class(
    "ZeroInflatedNegativeBinomialKernel", negative_binomial.NegativeBinomialKernel, __name__
)


@formula
def make_kernel(psi, mu, alpha):
    base = negative_binomial.make_kernel(mu, alpha)
    return ZeroInflatedNegativeBinomialKernel(*(base[:] + _zero.constants(psi, 0.0, -m.INF)))


@formula
def _base(k):
    return negative_binomial.NegativeBinomialKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.inflated_logp(k, x, negative_binomial.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``mu``, ``alpha`` and ``x`` (``nan``: a count)."""
    return _zero.inflated_grad_logp(k, x, negative_binomial.grad_logp(_base(k), x))


@formula
def logccdf(k, x):
    return _zero.logccdf(k, x, negative_binomial.logccdf(_base(k), x))


@formula
def logcdf(k, x):
    upper = logccdf(k, x)
    if _zero.complement_is_accurate(k, upper):
        return _zero.complement(upper)
    return _zero.logcdf(k, x, negative_binomial.logcdf(_base(k), x))


@formula
def draw(k, state):
    return negative_binomial.draw(_base(k), state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, negative_binomial.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, negative_binomial.mean(_base(k)), negative_binomial.variance(_base(k)))


@formula
def support_point(k):
    return _zero.count_support_point(k, math.floor(negative_binomial.mean(_base(k))))


FAMILY = register(
    globals(),
    "ZeroInflatedNegativeBinomial",
    **_zero.parameters(negative_binomial.FAMILY),
    support=(0.0, m.INF),
    discrete=True,
    reference=zero_mass_reference(
        "zero_inflated_negative_binomial", negative_binomial.FAMILY.reference, ("mu", "alpha")
    ),
)
