"""Beta distribution on ``[0, 1]``.

.. math:: \\log p(x) = (\\alpha - 1)\\log x + (\\beta - 1)\\log(1 - x) - \\log B(\\alpha, \\beta),
   \\qquad 0 \\le x \\le 1

The cdf is the regularised incomplete beta function :math:`I_x(\\alpha, \\beta)`,
the survival function :math:`I_{1-x}(\\beta, \\alpha)`. Below shapes of 100,
logp is the direct sum (branch-free and vectorised; its absolute error, about
(alpha + beta) eps |log x|, stays below 1e-13); for a shape of 100 or more it
is Loader's form (two Gamma-type densities, bd0 and Stirling's error), so that
the O(alpha log alpha) terms cancel analytically near the mode.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, leaf_formula
from ._common import off_support, times_log, whole_mass
from ._gradient import ratio, with_gradient
from ._registry import POSITIVE, Domain, Param, Parametrization, register, scipy_stats

#: Shapes below which logp is the direct sum (see the module docstring).
_DIRECT_BELOW = 100.0


class BetaKernel(NamedTuple):
    alpha: float
    beta: float
    log_beta_function: float  # log B(alpha, beta)


@formula
def make_kernel(alpha, beta):
    return BetaKernel(alpha, beta, m.log_beta(alpha, beta))


@formula
def _direct(k, x, log_x):
    """(alpha - 1) log x + (beta - 1) log(1 - x) - log B; exact to ~(alpha + beta) eps |log x|
    absolute, and at the edges (0 log 0 = 0 where a shape is 1)."""
    return times_log(k.alpha - 1.0, log_x) + times_log(k.beta - 1.0, m.log1p(-x)) - k.log_beta_function


@formula
def logp(k, x):
    if not (x >= 0.0 and x <= 1.0):
        return off_support(x)
    if (k.alpha < _DIRECT_BELOW and k.beta < _DIRECT_BELOW) or x == 0.0 or x == 1.0:
        return _direct(k, x, m.log(x))
    return m.log_beta_density(k.alpha, k.beta, x, 1.0 - x)


@leaf_formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp for both shapes below 100, branch-free; nan elsewhere (``logp`` decides)."""
    common = k.alpha < _DIRECT_BELOW and k.beta < _DIRECT_BELOW
    value = _direct(k, x, log_x) if x >= 0.0 and x <= 1.0 else off_support(x)
    return value if common else m.NAN


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``alpha``, ``beta``, ``x``:
    :math:`(\\log x - \\psi(\\alpha) + \\psi(\\alpha + \\beta),\\ \\log(1 - x) - \\psi(\\beta) + \\psi(\\alpha + \\beta),\\
    (\\alpha - 1)/x - (\\beta - 1)/(1 - x))`."""
    psi_total = m.digamma(k.alpha + k.beta)
    d_alpha = m.log(x) - m.digamma(k.alpha) + psi_total
    d_beta = m.log1p(-x) - m.digamma(k.beta) + psi_total
    d_x = ratio(k.alpha - 1.0, x) - ratio(k.beta - 1.0, 1.0 - x)
    return with_gradient(logp(k, x), (d_alpha, d_beta, d_x))


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    if x >= 1.0:
        return 0.0
    return m.log_betainc(k.alpha, k.beta, x, 1.0 - x)


@formula
def logccdf(k, x):
    if not x < 1.0:
        return off_support(x)
    if x <= 0.0:
        return whole_mass(x)
    return m.log_betainc(k.beta, k.alpha, 1.0 - x, x)


@formula
def _log_gamma_draw(shape, state):
    """log of a standard Gamma(shape) draw; below shape 1 as log G(shape + 1) + log(U) / shape,
    in log space so that a tiny shape's draws (far below 1e-308) do not underflow to 0."""
    if shape >= 1.0:
        return m.log(rnd.standard_gamma(shape, state))
    return m.log(rnd.standard_gamma(shape + 1.0, state)) - rnd.standard_exponential(state) / shape


@formula
def draw(k, state):
    # G_a / (G_a + G_b) = 1 / (1 + exp(log G_b - log G_a))
    d = _log_gamma_draw(k.beta, state) - _log_gamma_draw(k.alpha, state)
    return 1.0 / (1.0 + m.exp(d))


@formula
def mean(k):
    return k.alpha / (k.alpha + k.beta)


@formula
def variance(k):
    n = k.alpha + k.beta
    return (k.alpha / n) * (k.beta / n) / (n + 1.0)


_OPEN_UNIT = Domain("in (0, 1)", lambda v: (v > 0) & (v < 1))
_MU = Param("mu", _OPEN_UNIT, (0.2, 0.8))


def _from_mu_sigma(v):
    # PyMC's: kappa = mu (1 - mu) / sigma^2 - 1, alpha = mu kappa, beta = (1 - mu) kappa
    kappa = v["mu"] * (1.0 - v["mu"]) / v["sigma"] ** 2 - 1.0
    return {"alpha": v["mu"] * kappa, "beta": (1.0 - v["mu"]) * kappa}


def _from_mu_nu(v):
    return {"alpha": v["mu"] * v["nu"], "beta": (1.0 - v["mu"]) * v["nu"]}


def _positive_shapes(values):
    # canonical shapes are checked by their domains; this catches a sigma >= sqrt(mu (1 - mu))
    ok = (values["alpha"] > 0) & (values["beta"] > 0)
    return ok, "'alpha' and 'beta' must be > 0 (with mu and sigma: sigma**2 < mu (1 - mu))"


FAMILY = register(
    globals(),
    "Beta",
    params=(Param("alpha", POSITIVE, (0.5, 20.0)), Param("beta", POSITIVE, (0.5, 20.0))),
    alternatives=(
        Parametrization((_MU, Param("sigma", POSITIVE, (0.01, 0.3))), _from_mu_sigma),
        Parametrization((_MU, Param("nu", POSITIVE, (0.5, 50.0))), _from_mu_nu),
    ),
    constraint=_positive_shapes,
    support=(0.0, 1.0),
    discrete=False,
    shared_values=("log",),
    reference=lambda alpha, beta: scipy_stats().beta(alpha, beta),
)
