"""Hurdle negative binomial distribution: 0 with probability ``1 - psi``, else a
NegativeBinomial(mu, alpha) count given it is positive.

.. math:: p(0) = 1 - \\psi, \\qquad
   p(x) = \\psi\\,\\frac{\\mathrm{NB}(x \\mid \\mu, \\alpha)}{1 - (\\alpha / (\\mu + \\alpha))^\\alpha},
   \\quad x = 1, 2, \\dots

PyMC's ``HurdleNegativeBinomial(psi, mu, alpha | psi, n, p)``: the mixture, weights
``[1 - psi, psi]``, of a point mass at 0 and NegativeBinomial truncated to ``x >= 1``,
evaluated from the NegativeBinomial formulas in log space with ``log P(X >= 1)``
computed once (:mod:`numbamix.families._zero`). ``p`` must be below 1 (the truncated
part needs mass above 0).

Draws of the truncated part, exact and O(1) at any parameters (rejection would need
``1 / P(X >= 1)`` tries, about 7e4 at ``alpha = 1e-6, mu = 1``): the gamma-Poisson rate
given ``X >= 1`` has density proportional to ``Gamma(lam; alpha, b) (1 - e^-lam)``,
``b = alpha / mu``, a mixture over ``s`` in (0, 1) of Gamma(alpha + 1, rate b + s) with
weights proportional to ``(b + s)^-(alpha + 1)``; ``s`` by inversion, then ``lam``, then a
zero-truncated Poisson(lam) count.
"""

import math

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import _zero, negative_binomial
from ._registry import Domain, Param, register
from ._zero_references import zero_mass_reference

_BASE = len(negative_binomial.NegativeBinomialKernel._fields)
HurdleNegativeBinomialKernel = _zero.kernel_class(
    "HurdleNegativeBinomialKernel", negative_binomial.NegativeBinomialKernel, __name__
)


@formula
def make_kernel(psi, mu, alpha):
    base = negative_binomial.make_kernel(mu, alpha)
    zero = _zero.constants(psi, negative_binomial.logccdf(base, 0.0), negative_binomial.logcdf(base, 0.0))
    return HurdleNegativeBinomialKernel(*(base[:] + zero))


@formula
def _base(k):
    return negative_binomial.NegativeBinomialKernel(*k[:_BASE])


@formula
def logp(k, x):
    return _zero.hurdle_logp(k, x, negative_binomial.logp(_base(k), x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``psi``, ``mu``, ``alpha`` (also via the truncation), ``x`` (``nan``)."""
    at_zero = negative_binomial.grad_logp(_base(k), 0.0)
    return _zero.truncated_hurdle_grad_logp(k, x, negative_binomial.grad_logp(_base(k), x), at_zero)


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
def _positive_draw(k, state):
    """A draw of X | X >= 1 (see the module docstring); ``exp(log_mass) = 1 - (b / (b + 1))^alpha``."""
    b = k.alpha / k.mu
    log_rate = m.log(b) - m.log1p(-rnd.uniform(state) * m.exp(k.log_mass)) / k.alpha
    rate = rnd.standard_gamma(k.alpha + 1.0, state) / m.exp(log_rate)
    return _zero.zero_truncated_poisson(rate, state)


@formula
def draw(k, state):
    return _positive_draw(k, state) if rnd.uniform(state) < k.psi else 0.0


@formula
def mean(k):
    return _zero.mean(k, negative_binomial.mean(_base(k)))


@formula
def variance(k):
    return _zero.variance(k, negative_binomial.mean(_base(k)), negative_binomial.variance(_base(k)))


@formula
def support_point(k):
    point = _zero.truncated_count_point(math.floor(negative_binomial.mean(_base(k))))
    return _zero.count_support_point(k, point)


def _log_mass(mu, alpha):
    """log P(X >= 1) = log(1 - (alpha / (mu + alpha))^alpha), for the reference."""
    return np.log(-np.expm1(-alpha * np.log1p(mu / alpha)))


_OPEN_UNIT = Domain("in (0, 1)", lambda v: (v > 0) & (v < 1))

FAMILY = register(
    globals(),
    "HurdleNegativeBinomial",
    **_zero.parameters(negative_binomial.FAMILY, [Param("p", _OPEN_UNIT, (0.05, 0.95))]),
    support=(0.0, m.INF),
    discrete=True,
    reference=zero_mass_reference(
        "hurdle_negative_binomial", negative_binomial.FAMILY.reference, ("mu", "alpha"), log_mass=_log_mass
    ),
)
