"""Half Student's t distribution (``nu`` degrees of freedom, scale ``sigma``): ``|X|`` for
``X`` StudentT(nu, 0, sigma).

.. math:: \\log p(x) = \\log 2 + \\log\\Gamma(\\tfrac{\\nu+1}{2}) - \\log\\Gamma(\\tfrac{\\nu}{2})
   - \\tfrac12\\log(\\nu\\pi) - \\log\\sigma - \\tfrac{\\nu+1}{2}\\log(1 + z^2/\\nu),
   \\qquad z = x/\\sigma, \\quad x \\ge 0

The cdf is :math:`I_{z^2/(\\nu+z^2)}(\\tfrac12, \\tfrac{\\nu}{2})`, the survival
function :math:`I_{\\nu/(\\nu+z^2)}(\\tfrac{\\nu}{2}, \\tfrac12)` (each from its own
side, so both keep full relative accuracy).
"""

from typing import NamedTuple

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from . import student_t
from ._common import off_support
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, Parametrization, register, scipy_stats


class HalfStudentTKernel(NamedTuple):
    nu: float
    sigma: float
    inv_sigma: float
    inv_nu: float
    log_norm: float  # log 2 + StudentT's log_norm
    half_nu_plus_half: float
    d_log_norm_d_nu: float  # StudentT's, for grad_logp


@formula
def make_kernel(nu, sigma):
    t = student_t.make_kernel(nu, 0.0, sigma)
    return HalfStudentTKernel(
        nu, sigma, t.inv_sigma, t.inv_nu, m.LOG_2 + t.log_norm, t.half_nu_plus_half, t.d_log_norm_d_nu
    )


@formula
def _whole_mass(x):
    """log P(X > x) below the support: 0, or nan for a nan value."""
    return x if x != x else 0.0


@formula
def logp(k, x):
    z = x * k.inv_sigma
    return k.log_norm - k.half_nu_plus_half * m.log1p(z * z * k.inv_nu) if x >= 0.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``nu``, ``sigma`` and ``x``: StudentT's at ``mu = 0`` (the
    factor 2 is a constant)."""
    t = student_t.StudentTKernel(k.nu, 0.0, k.sigma, k.inv_sigma, k.inv_nu, k.log_norm, k.half_nu_plus_half,
                                 k.d_log_norm_d_nu)
    value, d_nu, d_mu, d_sigma, d_x = student_t.grad_logp(t, x)
    return with_gradient(logp(k, x), (d_nu, d_sigma, d_x))


@formula
def _beta_arguments(k, x):
    """(z^2/(nu + z^2), nu/(nu + z^2)), each formed without cancellation."""
    z = x * k.inv_sigma
    r = k.nu / (z * z)
    return 1.0 / (1.0 + r), r / (1.0 + r) if r < 1.0 else 1.0 / (1.0 + z * z * k.inv_nu)


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    if x * k.inv_sigma < 1e-100:
        return k.log_norm + m.log(x)  # cdf = p(0) x (1 + O(z^2)); z^2 would underflow
    near, far = _beta_arguments(k, x)
    return m.log_betainc(0.5, 0.5 * k.nu, near, far)


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return _whole_mass(x)
    if x * k.inv_sigma < 1.0:
        # log1p of the cdf: exact near 0, where the survival function rounds to 1
        return m.log1p(-m.exp(logcdf(k, x)))
    near, far = _beta_arguments(k, x)
    return m.log_betainc(0.5 * k.nu, 0.5, far, near)


@formula
def draw(k, state):
    chi2_over_nu = 2.0 * rnd.standard_gamma(0.5 * k.nu, state) / k.nu
    return k.sigma * abs(rnd.standard_normal(state)) / m.sqrt(chi2_over_nu)


@formula
def mean(k):
    # 2 sigma sqrt(nu / pi) Gamma((nu + 1)/2) / (Gamma(nu/2) (nu - 1)); nan (infinite) for nu <= 1
    if k.nu <= 1.0:
        return m.NAN
    return 2.0 * k.sigma * m.sqrt(k.nu / 3.141592653589793) * m.exp(m.lgamma_half_ratio(0.5 * k.nu)) / (k.nu - 1.0)


@formula
def variance(k):
    if k.nu <= 2.0:
        return m.INF if k.nu > 1.0 else m.NAN
    mu = mean(k)
    return k.sigma * k.sigma * k.nu / (k.nu - 2.0) - mu * mu


@formula
def support_point(k):
    return k.sigma


def _reference(nu, sigma):
    """A scipy distribution from closed forms (scipy has no half-t): StudentT's, folded."""
    stats = scipy_stats()
    from scipy import special

    class HalfStudentTReference(stats.rv_continuous):
        def _argcheck(self, nu):
            return nu > 0

        def _logpdf(self, x, nu):
            return np.log(2.0) + stats.t.logpdf(x, nu)

        def _pdf(self, x, nu):
            return np.exp(self._logpdf(x, nu))

        def _cdf(self, x, nu):
            return special.betainc(0.5, 0.5 * nu, x * x / (nu + x * x))

        def _sf(self, x, nu):
            return 2.0 * stats.t.sf(x, nu)

        def _logsf(self, x, nu):
            cdf = self._cdf(x, nu)
            return np.where(cdf < 0.5, np.log1p(-cdf), np.log(2.0) + stats.t.logsf(x, nu))

        def _logcdf(self, x, nu):
            sf = self._sf(x, nu)
            return np.where(sf < 0.5, np.log1p(-sf), np.log(self._cdf(x, nu)))

        def _ppf(self, q, nu):
            return stats.t.isf(0.5 * (1.0 - q), nu)

        def _isf(self, q, nu):
            return stats.t.isf(0.5 * q, nu)

        def _stats(self, nu):
            mean = np.vectorize(_reference_mean)(nu)
            with np.errstate(all="ignore"):
                var = np.where(nu > 2, nu / (nu - 2.0) - mean**2, np.inf)
            return mean, var, None, None

    return HalfStudentTReference(a=0.0, name="halft")(nu, scale=sigma)


def _reference_mean(nu):
    """The mean of the unit half-t, by mpmath (scipy's gammaln difference loses digits for large nu)."""
    import mpmath

    if nu <= 1:
        return np.inf
    with mpmath.workdps(40):
        nu = mpmath.mpf(nu)
        ratio = mpmath.exp(mpmath.loggamma((nu + 1) / 2) - mpmath.loggamma(nu / 2))
        return float(2 * mpmath.sqrt(nu / mpmath.pi) * ratio / (nu - 1))


_NU = Param("nu", POSITIVE, (0.5, 50.0))

FAMILY = register(
    globals(),
    "HalfStudentT",
    params=(_NU, Param("sigma", POSITIVE, (0.1, 10.0), 1.0)),
    alternatives=(
        Parametrization((_NU, Param("lam", POSITIVE, (0.01, 100.0))), lambda v: {"nu": v["nu"], "sigma": v["lam"] ** -0.5}),
    ),
    support=(0.0, m.INF),
    discrete=False,
    reference=_reference,
)
