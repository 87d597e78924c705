"""Pareto distribution (shape ``alpha``, scale ``m``).

.. math:: \\log p(x) = \\log\\alpha - \\log m - (\\alpha + 1)\\log(x/m), \\qquad x \\ge m

The survival function is :math:`(m/x)^\\alpha`, the cdf :math:`1 - (m/x)^\\alpha`.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._references import closed_form_reference
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, register


class ParetoKernel(NamedTuple):
    alpha: float
    m: float
    log_m: float
    log_norm: float  # log(alpha) - log(m)


@formula
def make_kernel(alpha, m_):
    return ParetoKernel(alpha, m_, m.log(m_), m.log(alpha) - m.log(m_))


@formula
def _log_ratio(k, x):
    """``log(x / m)`` for x >= m, to full relative accuracy also for x close to m.

    Below 2 m it is ``log1p((x - m) / m)`` (``x - m`` is exact there), above it
    ``log(x / m)`` (one rounding), or ``log x - log m`` where ``x / m`` overflows.
    """
    d = (x - k.m) / k.m
    r = x / k.m
    if d < 1.0:
        return m.log1p(d)
    return m.log(r) if r < m.INF else m.log(x) - k.log_m


@formula
def logp(k, x):
    if not (x >= k.m and x < m.INF):
        return off_support(x)
    return k.log_norm - (k.alpha + 1.0) * _log_ratio(k, x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``m``, ``x``:
    :math:`(1/\\alpha - \\log(x/m),\\ \\alpha/m,\\ -(\\alpha + 1)/x)` (for :math:`x \\ge m`)."""
    d_alpha = 1.0 / k.alpha - _log_ratio(k, x)
    return with_gradient(logp(k, x), (d_alpha, k.alpha / k.m, -(k.alpha + 1.0) / x))


@formula
def logcdf(k, x):
    if not x > k.m:
        return off_support(x)
    return m.log1mexp(k.alpha * _log_ratio(k, x))


@formula
def logccdf(k, x):
    if not x > k.m:
        return whole_mass(x)
    return -k.alpha * _log_ratio(k, x)


@formula
def draw(k, state):
    return k.m * m.exp(rnd.standard_exponential(state) / k.alpha)


@formula
def mean(k):
    # infinite for alpha <= 1: nan, as an undefined mean
    return k.alpha * k.m / (k.alpha - 1.0) if k.alpha > 1.0 else m.NAN


@formula
def variance(k):
    if k.alpha > 2.0:
        am1 = k.alpha - 1.0
        return k.m * k.m * k.alpha / (am1 * am1 * (k.alpha - 2.0))
    return m.INF if k.alpha > 1.0 else m.NAN


@formula
def support_point(k):
    # PyMC's: the median m 2^(1/alpha)
    return k.m * m.exp(m.LOG_2 / k.alpha)


@formula
def support(k):
    return k.m, m.INF


def _reference(alpha, m):
    """Closed forms at 40 digits (scipy's pareto rounds ``x / m``: 1e-4 relative in the cdf near m)."""
    import numpy as np

    def log_ratio(ctx, x, m_):
        return ctx.log(x / m_)

    pareto = closed_form_reference(
        "pareto",
        "alpha, m",
        lambda alpha, m_: (m_, np.inf),
        logpdf=lambda ctx, x, a, m_: ctx.log(a / m_) - (a + 1) * log_ratio(ctx, x, m_),
        logcdf=lambda ctx, x, a, m_: ctx.log(-ctx.expm1(-a * log_ratio(ctx, x, m_))),
        logsf=lambda ctx, x, a, m_: -a * log_ratio(ctx, x, m_),
        ppf=lambda q, a, m_: m_ * np.exp(-np.log1p(-q) / a),
        isf=lambda q, a, m_: m_ * np.exp(-np.log(q) / a),
        moments=lambda ctx, a, m_: (
            a * m_ / (a - 1) if a > 1 else ctx.inf,
            m_ * m_ * a / ((a - 1) ** 2 * (a - 2)) if a > 2 else ctx.inf,
        ),
    )
    return pareto(alpha, m)


FAMILY = register(
    globals(),
    "Pareto",
    params=(Param("alpha", POSITIVE, (0.5, 10.0)), Param("m", POSITIVE, (0.1, 10.0))),
    discrete=False,
    reference=_reference,
)
