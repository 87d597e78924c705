"""Logit-normal distribution: ``logit x = log(x / (1 - x))`` is Normal(mu, sigma).

.. math:: \\log p(x) = -\\log x - \\log(1 - x) - \\log\\sigma - \\tfrac12\\log 2\\pi - \\tfrac12 z^2,
   \\qquad z = (\\mathrm{logit}\\,x - \\mu)/\\sigma, \\quad 0 < x < 1

The cdf is :math:`\\Phi(z)`, the survival function :math:`\\Phi(-z)`. The mean
and variance have no closed form: they are integrals over the normal density
(:mod:`numbamix._math.logistic_normal`, ~1e-15 relative). PyMC's
support point is :math:`\\mathrm{expit}(\\mu)`.
"""

from typing import NamedTuple

from .. import _math as m
from .._jit import formula
from . import normal
from ._common import off_support, whole_mass
from ._references import closed_form_reference
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, Parametrization, register

#: The Normal kernel of logit x, as its own class (one kernel class per family)
LogitNormalKernel = NamedTuple("LogitNormalKernel", list(normal.NormalKernel.__annotations__.items()))


@formula
def make_kernel(mu, sigma):
    return LogitNormalKernel(*normal.make_kernel(mu, sigma))


@formula
def _normal_of_logit(k):
    return normal.NormalKernel(*k)


@formula
def _logit_parts(x):
    """``(log x, log(1 - x))``; ``1 - x`` is exact for x >= 1/2, so both keep full accuracy."""
    return m.log(x), m.log1p(-x)


@formula
def logp(k, x):
    log_x, log_rest = _logit_parts(x)
    value = normal.logp(_normal_of_logit(k), log_x - log_rest) - log_x - log_rest
    return value if x > 0.0 and x < 1.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``sigma``, ``x``: Normal's in :math:`y = \\mathrm{logit}\\,x`
    for ``mu`` and ``sigma``; :math:`-z/(\\sigma x(1 - x)) - 1/x + 1/(1 - x)` for ``x``."""
    log_x, log_rest = _logit_parts(x)
    value, d_mu, d_sigma, d_y = normal.grad_logp(_normal_of_logit(k), log_x - log_rest)
    return with_gradient(logp(k, x), (d_mu, d_sigma, d_y / (x * (1.0 - x)) - 1.0 / x + 1.0 / (1.0 - x)))


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    if x >= 1.0:
        return 0.0
    log_x, log_rest = _logit_parts(x)
    return normal.logcdf(_normal_of_logit(k), log_x - log_rest)


@formula
def logccdf(k, x):
    if not x < 1.0:
        return off_support(x)
    if x <= 0.0:
        return whole_mass(x)
    log_x, log_rest = _logit_parts(x)
    return normal.logccdf(_normal_of_logit(k), log_x - log_rest)


@formula
def draw(k, state):
    return m.expit(normal.draw(_normal_of_logit(k), state))


@formula
def mean(k):
    return m.logistic_normal_mean(k.mu, k.sigma)


@formula
def variance(k):
    return m.logistic_normal_variance(k.mu, k.sigma)


@formula
def support_point(k):
    return m.expit(k.mu)


def _reference(mu, sigma):
    """scipy has no logit-normal: closed forms of ``logit x`` at 40 digits, moments by mpmath quadrature."""
    from scipy import special

    def logit(ctx, x):
        return ctx.log(x) - ctx.log1p(-x)

    def log_density(ctx, x, mu, sigma):
        if x == 0 or x == 1:
            return -ctx.inf
        z = (logit(ctx, x) - mu) / sigma
        return -z * z / 2 - ctx.log(2 * ctx.pi * sigma**2) / 2 - ctx.log(x) - ctx.log1p(-x)

    def log_ncdf(ctx, z):
        return ctx.log(ctx.ncdf(z))

    def moments(ctx, mu, sigma):
        # over t = (logit x - mu) / sigma, split where expit turns
        turn = -mu / sigma
        cuts = sorted({-40, 40, *(min(max(turn + d / sigma, -40), 40) for d in (-40, -1, 0, 1, 40))})

        def expectation(g):
            return ctx.quad(lambda t: ctx.npdf(t) * g(1 / (1 + ctx.exp(-(mu + sigma * t)))), cuts)

        mean = expectation(lambda x: x)
        return mean, expectation(lambda x: (x - mean) ** 2)

    logit_normal = closed_form_reference(
        "logitnormal",
        "mu, sigma",
        lambda mu, sigma: (0.0, 1.0),
        logpdf=log_density,
        logcdf=lambda ctx, x, mu, sigma: log_ncdf(ctx, (logit(ctx, x) - mu) / sigma),
        logsf=lambda ctx, x, mu, sigma: log_ncdf(ctx, (mu - logit(ctx, x)) / sigma),
        ppf=lambda q, mu, sigma: special.expit(mu + sigma * special.ndtri(q)),
        isf=lambda q, mu, sigma: special.expit(mu - sigma * special.ndtri(q)),
        moments=moments,
    )
    return logit_normal(mu, sigma)


_MU = Param("mu", REAL, (-3.0, 3.0), 0.0)

FAMILY = register(
    globals(),
    "LogitNormal",
    params=(_MU, Param("sigma", POSITIVE, (0.1, 3.0), 1.0)),
    alternatives=(
        Parametrization(
            (_MU, Param("tau", POSITIVE, (0.1, 100.0))),
            lambda v: {"mu": v["mu"], "sigma": v["tau"] ** -0.5},
        ),
    ),
    support=(0.0, 1.0),
    discrete=False,
    reference=_reference,
)
