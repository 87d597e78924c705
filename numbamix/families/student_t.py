"""Student's t distribution (location-scale).

.. math:: \\log p(x) = \\log\\Gamma(\\tfrac{\\nu+1}{2}) - \\log\\Gamma(\\tfrac{\\nu}{2})
   - \\tfrac12\\log(\\nu\\pi) - \\log\\sigma - \\tfrac{\\nu+1}{2}\\log(1 + z^2/\\nu),
   \\qquad z = (x - \\mu)/\\sigma, \\quad x \\in \\mathbb{R}

The cdf is :math:`1 - \\tfrac12 I_{\\nu/(\\nu+z^2)}(\\nu/2, 1/2)` for
:math:`z \\ge 0`, mirrored for :math:`z < 0`.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, Parametrization, register, scipy_stats


class StudentTKernel(NamedTuple):
    nu: float
    mu: float
    sigma: float
    inv_sigma: float
    inv_nu: float
    log_norm: float
    half_nu_plus_half: float
    d_log_norm_d_nu: float  # (psi((nu + 1)/2) - psi(nu/2) - 1/nu) / 2, for grad_logp


@formula
def make_kernel(nu, mu, sigma):
    log_norm = m.lgamma_half_ratio(0.5 * nu) - 0.5 * (m.log(nu) + m.LOG_PI) - m.log(sigma)
    d_log_norm_d_nu = 0.5 * m.digamma_half_step(0.5 * nu)
    return StudentTKernel(nu, mu, sigma, 1.0 / sigma, 1.0 / nu, log_norm, 0.5 * (nu + 1.0), d_log_norm_d_nu)


@formula
def logp(k, x):
    z = (x - k.mu) * k.inv_sigma
    return k.log_norm - k.half_nu_plus_half * m.log1p(z * z * k.inv_nu)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``nu``, ``mu``, ``sigma``, ``x``: with :math:`t = z^2/\\nu` and
    :math:`u = t/(1 + t)`,
    :math:`\\tfrac12(\\psi(\\tfrac{\\nu+1}{2}) - \\psi(\\tfrac{\\nu}{2}) - \\tfrac1\\nu - \\log(1 + t)
    + (\\nu + 1)u/\\nu)`, :math:`g/\\sigma`, :math:`(zg - 1)/\\sigma`, :math:`-g/\\sigma` where
    :math:`g = (\\nu + 1) z/(\\nu + z^2)`."""
    z = (x - k.mu) * k.inv_sigma
    t = z * z * k.inv_nu
    u = 1.0 / (1.0 + 1.0 / t)  # no inf/inf for a huge z
    g = 2.0 * k.half_nu_plus_half * k.inv_nu * z / (1.0 + t)
    d_nu = k.d_log_norm_d_nu + 0.5 * (2.0 * k.half_nu_plus_half * k.inv_nu * u - m.log1p(t))
    return with_gradient(logp(k, x), (d_nu, g * k.inv_sigma, (z * g - 1.0) * k.inv_sigma, -g * k.inv_sigma))


@formula
def _log_cdf_of_z(nu, z):
    z2 = z * z
    # tail mass 1/2 I_{nu/(nu+z^2)}(nu/2, 1/2), with both arguments formed without cancellation
    log_tail = -m.LOG_2 + m.log_betainc(0.5 * nu, 0.5, nu / (nu + z2), 1.0 / (1.0 + nu / z2))
    if z < 0.0:
        return log_tail
    return m.log1mexp(-log_tail)


@formula
def logcdf(k, x):
    return _log_cdf_of_z(k.nu, (x - k.mu) * k.inv_sigma)


@formula
def logccdf(k, x):
    return _log_cdf_of_z(k.nu, (k.mu - x) * k.inv_sigma)


@formula
def draw(k, state):
    chi2_over_nu = 2.0 * rnd.standard_gamma(0.5 * k.nu, state) / k.nu
    return k.mu + k.sigma * rnd.standard_normal(state) / m.sqrt(chi2_over_nu)


@formula
def mean(k):
    return k.mu if k.nu > 1.0 else m.NAN


@formula
def variance(k):
    # sigma^2 nu / (nu - 2); infinite for 1 < nu <= 2, undefined (nan) for nu <= 1
    if k.nu > 2.0:
        return k.sigma * k.sigma * k.nu / (k.nu - 2.0)
    return m.INF if k.nu > 1.0 else m.NAN


@formula
def support_point(k):
    return k.mu


_NU = Param("nu", POSITIVE, (0.5, 50.0))
_MU = Param("mu", REAL, (-10.0, 10.0), 0.0)

FAMILY = register(
    globals(),
    "StudentT",
    params=(_NU, _MU, Param("sigma", POSITIVE, (0.1, 10.0), 1.0)),
    alternatives=(
        Parametrization(
            (_NU, _MU, Param("lam", POSITIVE, (0.01, 100.0))),
            lambda v: {"nu": v["nu"], "mu": v["mu"], "sigma": v["lam"] ** -0.5},
        ),
    ),
    discrete=False,
    reference=lambda nu, mu, sigma: scipy_stats().t(nu, mu, sigma),
)
