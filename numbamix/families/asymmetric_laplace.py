"""Asymmetric Laplace distribution (asymmetry ``kappa``, location ``mu``, rate ``b``).

.. math:: \\log p(x) = \\log\\frac{b}{\\kappa + 1/\\kappa}
   - \\begin{cases} b\\kappa\\,(x - \\mu) & x \\ge \\mu \\\\ b\\,(\\mu - x)/\\kappa & x < \\mu \\end{cases},
   \\qquad x \\in \\mathbb{R}

As PyMC, ``b`` is a rate (scipy's ``laplace_asymmetric`` scale is ``1/b``); the
alternative ``q`` in (0, 1) gives :math:`\\kappa = \\sqrt{q/(1-q)}`. The cdf is
:math:`\\tfrac{\\kappa^2}{1+\\kappa^2} e^{y/\\kappa}` below :math:`\\mu` and
:math:`1 - \\tfrac{1}{1+\\kappa^2} e^{-\\kappa y}` above, :math:`y = b(x - \\mu)`.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Domain, Param, Parametrization, register, scipy_stats

_OPEN_UNIT = Domain("in (0, 1)", lambda v: (v > 0) & (v < 1))


class AsymmetricLaplaceKernel(NamedTuple):
    kappa: float
    mu: float
    b: float
    inv_kappa: float
    log_norm: float  # log(b / (kappa + 1/kappa))
    p_below: float  # P(X < mu) = kappa^2 / (1 + kappa^2)
    log_p_below: float
    log_p_above: float


@formula
def make_kernel(kappa, mu, b):
    inv_kappa = 1.0 / kappa
    log_p_below = -m.log1p(inv_kappa * inv_kappa)
    return AsymmetricLaplaceKernel(
        kappa, mu, b, inv_kappa, m.log(b) - m.log(kappa + inv_kappa),
        1.0 / (1.0 + inv_kappa * inv_kappa), log_p_below, -m.log1p(kappa * kappa),
    )


@formula
def logp(k, x):
    d = x - k.mu
    rate = k.b * k.kappa if d >= 0.0 else -k.b * k.inv_kappa
    return k.log_norm - rate * d


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``kappa``, ``mu``, ``b``, ``x``: with :math:`d = x - \\mu` and
    the slope :math:`s = b\\kappa` (:math:`d \\ge 0`) or :math:`-b/\\kappa` (:math:`d < 0`),
    :math:`(-\\tfrac{\\kappa^2 - 1}{\\kappa(\\kappa^2 + 1)} - b d\\,(1 \\text{ or } \\kappa^{-2}),\\ s,\\
    (1 - s d)/b,\\ -s)`."""
    d = x - k.mu
    rate = k.b * k.kappa if d >= 0.0 else -k.b * k.inv_kappa
    kappa2 = k.kappa * k.kappa
    d_kappa = -(kappa2 - 1.0) / (k.kappa * (kappa2 + 1.0)) - k.b * d * (1.0 if d >= 0.0 else k.inv_kappa * k.inv_kappa)
    return with_gradient(logp(k, x), (d_kappa, rate, (1.0 - rate * d) / k.b, -rate))


@formula
def logcdf(k, x):
    y = k.b * (x - k.mu)
    if y <= 0.0:
        return k.log_p_below + y * k.inv_kappa
    return m.log1p(-m.exp(k.log_p_above - k.kappa * y))


@formula
def logccdf(k, x):
    y = k.b * (x - k.mu)
    if y >= 0.0:
        return k.log_p_above - k.kappa * y
    return m.log1p(-m.exp(k.log_p_below + y * k.inv_kappa))


@formula
def draw(k, state):
    e = rnd.standard_exponential(state) / k.b
    return k.mu - e * k.kappa if rnd.uniform(state) < k.p_below else k.mu + e * k.inv_kappa


@formula
def mean(k):
    return k.mu - (k.kappa - k.inv_kappa) / k.b


@formula
def variance(k):
    return (k.kappa * k.kappa + k.inv_kappa * k.inv_kappa) / (k.b * k.b)


_MU = Param("mu", REAL, (-10.0, 10.0))
_B = Param("b", POSITIVE, (0.1, 10.0))

FAMILY = register(
    globals(),
    "AsymmetricLaplace",
    params=(Param("kappa", POSITIVE, (0.2, 5.0)), _MU, _B),
    alternatives=(
        Parametrization(
            (Param("q", _OPEN_UNIT, (0.05, 0.95)), _MU, _B),
            lambda v: {"kappa": (v["q"] / (1.0 - v["q"])) ** 0.5, "mu": v["mu"], "b": v["b"]},
        ),
    ),
    discrete=False,
    reference=lambda kappa, mu, b: scipy_stats().laplace_asymmetric(kappa, mu, 1.0 / b),
)
