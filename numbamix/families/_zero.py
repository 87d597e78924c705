"""Formula pieces shared by the zero-inflated and hurdle families (PyMC's).

Each is a mixture, with weights ``1 - psi`` and ``psi``, of a point mass at 0 and a
*positive part* ``X``: the base family itself (zero-inflated, and PyMC's continuous
hurdles, whose base puts no mass on 0) or the base truncated to ``X >= 1`` (PyMC's
discrete hurdles). With ``F``, ``S = 1 - F`` the base's cdf and survival function,
``M = P(X >= 1)`` and ``B = P(X <= 0)`` for a truncated base (``M = 1``, ``B = 0``
otherwise), for ``x >= 0``:

.. math:: \\log P(Y > x) = \\log\\psi + \\log S(x) - \\log M, \\qquad
   P(Y \\le x) = 1 - \\psi + \\psi\\,(F(x) - B) / M

A family's kernel is its base's kernel followed by the fields of :func:`constants`
(``psi``, ``log_psi``, ``log_1m_psi``, ``log_mass`` = log M, ``log_below`` = log B);
the family modules call their base's formulas and combine them here (also their
``grad_logp``: :func:`inflated_grad_logp`, :func:`hurdle_grad_logp`,
:func:`truncated_hurdle_grad_logp`). The cdf is ``1 - P(Y > x)`` (``log1mexp``),
accurate wherever that is below 1/2 or ``M < 1/2``; elsewhere (``P(Y <= x) <= 1/2``
with ``M >= 1/2``) it is summed from the base's log cdf, both terms positive,
``F(x) - B`` by ``log1mexp`` of a ratio at least ``1 + p(1) / B``.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._counts import round_half_even
from ._gradient import scaled, scaled_sum, with_gradient
from ._registry import PROBABILITY, Param, Parametrization

#: The weight of the positive part (PyMC's name and domain).
PSI = Param("psi", PROBABILITY, (0.05, 0.95))

#: The fields :func:`constants` appends to the base's kernel.
FIELDS = ("psi", "log_psi", "log_1m_psi", "log_mass", "log_below")


def kernel_class(name, base_kernel, module):
    """A family's kernel class: the base kernel's fields followed by :data:`FIELDS`, defined
    as ``module.name`` (so that numba's cache and pickle find it)."""
    cls = NamedTuple(name, [(f, float) for f in base_kernel._fields + FIELDS])
    cls.__module__ = module
    return cls


def parameters(base, narrower=()):
    """``params`` and ``alternatives`` for :func:`register`: ``psi`` followed by the base
    family's parameters (and each of its parametrisations), with the :class:`Param` s
    ``narrower`` in place of the base's of the same names (where a truncated positive
    part needs a smaller domain)."""
    replace = {p.name: p for p in narrower}

    def adapt(params):
        return (PSI,) + tuple(replace.get(p.name, p) for p in params)

    def to_canonical(alternative):
        return lambda v: {"psi": v["psi"], **alternative.to_canonical(v)}

    alternatives = tuple(Parametrization(adapt(a.params), to_canonical(a)) for a in base.alternatives)
    return {"params": adapt(base.params), "alternatives": alternatives}


@formula
def constants(psi, log_mass, log_below):
    """The zero-mass fields of a kernel: ``(psi, log psi, log(1 - psi), log M, log B)``."""
    return psi, m.log(psi), m.log1p(-psi), log_mass, log_below


@formula
def log_add(a, b):
    """``log(exp(a) + exp(b))``, ``-inf`` when both are."""
    high = max(a, b)
    if high == -m.INF:
        return high
    return high + m.log1p(m.exp(min(a, b) - high))


@formula
def inflated_logp(k, x, base_logp):
    """Zero-inflated log p(x) from the base's ``log p(x)``: the zero mass adds at 0."""
    if x == 0.0:
        return log_add(k.log_1m_psi, k.log_psi + base_logp)
    return k.log_psi + base_logp


@formula
def hurdle_logp(k, x, base_logp):
    """Hurdle log p(x) from the base's ``log p(x)``: ``log(1 - psi)`` at 0 (a point mass
    also for continuous bases, as PyMC), else ``log psi + log p(x) - log M``."""
    if x == 0.0:
        return k.log_1m_psi
    return k.log_psi + (base_logp - k.log_mass)  # the logs of the positive part first


@formula
def inflated_grad_logp(k, x, base):
    """Zero-inflated ``grad_logp`` from the base's ``base = (log f, d/dtheta..., d/dx)`` at ``x``:
    above 0, :math:`(1/\\psi,\\ \\partial_\\theta \\log f,\\ \\partial_x \\log f)`; at 0, with
    :math:`p(0) = 1 - \\psi + \\psi f(0)` and the base's share :math:`r = \\psi f(0) / p(0)`,
    :math:`((f(0) - 1)/p(0),\\ r\\, \\partial_\\theta \\log f(0),\\ \\partial_x \\log f(0))`."""
    value = inflated_logp(k, x, base[0])
    if x == 0.0:
        share = m.exp(k.log_psi + base[0] - value)
        d_psi = m.expm1(base[0]) * m.exp(-value)
        return with_gradient(value, (d_psi,) + scaled(share, base[1:-1]) + (base[-1],))
    return with_gradient(value, (1.0 / k.psi,) + base[1:])


@formula
def hurdle_grad_logp(k, x, positive, d_x_at_zero):
    """Hurdle ``grad_logp`` from the positive part's ``(log f, d/dtheta..., d/dx)`` at ``x``
    (:func:`truncated_hurdle_grad_logp` for a truncated base): at 0,
    :math:`(-1/(1 - \\psi),\\ 0,\\ d_x)` with ``d_x_at_zero`` (``nan`` for counts; 0 for a
    continuous base: the log of the point mass does not move with x); above,
    :math:`(1/\\psi,\\ \\partial_\\theta,\\ \\partial_x)` of the positive part."""
    value = hurdle_logp(k, x, positive[0])
    if x == 0.0:
        return with_gradient(value, (-m.exp(-k.log_1m_psi),) + scaled(0.0, positive[1:-1]) + (d_x_at_zero,))
    return with_gradient(value, (1.0 / k.psi,) + positive[1:])


@formula
def truncated_hurdle_grad_logp(k, x, base, at_zero):
    """:func:`hurdle_grad_logp` of a count base truncated to ``X >= 1``, from the base's
    ``grad_logp`` at ``x`` and at 0: :math:`M = 1 - f(0)` has
    :math:`\\partial_\\theta \\log M = -(f(0)/M)\\, \\partial_\\theta \\log f(0)`, so the parameters'
    derivatives gain :math:`(f(0)/M)\\, \\partial_\\theta \\log f(0)` (for Poisson
    :math:`f(0)/M = 1/\\operatorname{expm1}(\\mu)`); the log stays the base's (:func:`hurdle_logp`
    subtracts ``log M``)."""
    grads = scaled_sum(1.0, base[1:-1], m.exp(k.log_below - k.log_mass), at_zero[1:-1])
    return hurdle_grad_logp(k, x, (base[0],) + grads + (base[-1],), m.NAN)


@formula
def logccdf(k, x, base_logccdf):
    """log P(Y > x) from the base's ``log S(x)``."""
    if not x >= 0.0:
        return whole_mass(x)
    return k.log_psi + (base_logccdf - k.log_mass)


@formula
def complement_is_accurate(k, upper):
    """Whether ``log1mexp`` of ``upper = log P(Y > x)`` gives log P(Y <= x) accurately
    (else :func:`logcdf` must sum it from the base's log cdf)."""
    return not (upper > -m.LOG_2 and k.log_mass > -m.LOG_2)


@formula
def complement(upper):
    """log(1 - exp(upper)): ``-inf`` for 0, ``nan`` for ``nan``."""
    return m.log1mexp(-upper)


@formula
def logcdf(k, x, base_logcdf):
    """log P(Y <= x) summed from the base's ``log F(x)`` (where the cdf is at most 1/2)."""
    if not x >= 0.0:
        return off_support(x)
    above_lower = base_logcdf
    if k.log_below > -m.INF:  # log(F(x) - B), F(x) >= B (rounding aside)
        above_lower = base_logcdf + m.log1mexp(max(base_logcdf - k.log_below, 0.0))
    return log_add(k.log_1m_psi, k.log_psi + (above_lower - k.log_mass))


@formula
def mean(k, base_mean):
    """``psi E[X]``: ``psi mean / M`` (the base is non-negative)."""
    return k.psi * base_mean * m.exp(-k.log_mass)


@formula
def variance(k, base_mean, base_variance):
    """``psi Var X + psi (1 - psi) E[X]^2`` with ``E[X] = mean / M`` and
    ``Var X = (variance - mean^2 B / M) / M`` for a truncated base (which cancels to
    about eps / M relative where M is tiny)."""
    positive_mean = base_mean * m.exp(-k.log_mass)
    positive_variance = (base_variance - base_mean * positive_mean * m.exp(k.log_below)) * m.exp(-k.log_mass)
    return k.psi * positive_variance + k.psi * (1.0 - k.psi) * positive_mean * positive_mean


@formula
def count_support_point(k, base_point):
    """PyMC's support point of a count mixture: ``round(psi * point)`` (half to even)."""
    return round_half_even(k.psi * base_point)


@formula
def truncated_count_point(base_point):
    """PyMC's support point of a count truncated to ``>= 1``: the base's where that is
    at least 1, else ``lower + 1 = 2``."""
    return base_point if base_point >= 1.0 else 2.0


@formula
def zero_truncated_poisson(mu, state):
    """A draw of ``X | X >= 1``, ``X ~ Poisson(mu)``, ``mu > 0``: the first arrival ``T`` of a
    unit-rate Poisson process given ``T <= mu`` (by inversion), plus a Poisson(mu - T)
    count of the later ones. Exact and O(1) at any mu (rejection would need 1/mu tries)."""
    first = -m.log1p(rnd.uniform(state) * m.expm1(-mu))
    return 1.0 + rnd.poisson(max(mu - first, 0.0), state)
