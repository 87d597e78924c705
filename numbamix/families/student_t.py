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
from ._registry import POSITIVE, REAL, Param, Parametrization, register, scipy_stats


class StudentTKernel(NamedTuple):
    nu: float
    mu: float
    sigma: float
    inv_sigma: float
    inv_nu: float
    log_norm: float
    half_nu_plus_half: float


@formula
def make_kernel(nu, mu, sigma):
    log_norm = m.lgamma_half_ratio(0.5 * nu) - 0.5 * (m.log(nu) + m.LOG_PI) - m.log(sigma)
    return StudentTKernel(nu, mu, sigma, 1.0 / sigma, 1.0 / nu, log_norm, 0.5 * (nu + 1.0))


@formula
def logp(k, x):
    z = (x - k.mu) * k.inv_sigma
    return k.log_norm - k.half_nu_plus_half * m.log1p(z * z * k.inv_nu)


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
