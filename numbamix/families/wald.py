"""Wald (inverse Gaussian) distribution, shifted by ``alpha``.

.. math:: \\log p(x) = \\tfrac12\\log\\frac{\\lambda}{2\\pi} - \\tfrac32\\log y
   - \\frac{\\lambda (y - \\mu)^2}{2\\mu^2 y}, \\qquad y = x - \\alpha > 0

With :math:`s = \\sqrt{\\lambda/y}`, :math:`r_1 = s(y/\\mu - 1)`,
:math:`r_2 = s(y/\\mu + 1)`, the cdf is
:math:`\\Phi(r_1) + e^{2\\lambda/\\mu}\\Phi(-r_2)`. Since
:math:`2\\lambda/\\mu - r_2^2/2 = -r_1^2/2` exactly, both it and the survival
function :math:`\\Phi(-r_1) - e^{2\\lambda/\\mu}\\Phi(-r_2)` are written as
:math:`\\varphi(r_1)\\,(M(\\mp r_1) \\pm M(r_2))` with the Mills ratio
:math:`M(r) = \\Phi(-r)/\\varphi(r)`: no exponent of size :math:`\\lambda/\\mu`
is formed, and the far tails stay finite. The difference :math:`M(r_1) - M(r_2)`
cancels by a factor of about :math:`\\max(1, y/\\mu)/(2\\sqrt{\\lambda/\\mu})`
in relative terms (below 1e3 at the typical parameters' 1e-12 quantiles).
The support point is the mean ``mu + alpha`` (PyMC's is ``mu``, outside the
support when ``alpha >= mu``).
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._gradient import with_gradient
from ._registry import NONNEGATIVE, POSITIVE, Param, Parametrization, register, scipy_stats


class WaldKernel(NamedTuple):
    mu: float
    lam: float
    alpha: float
    inv_mu: float
    log_norm: float  # log(lam / (2 pi)) / 2


@formula
def make_kernel(mu, lam, alpha):
    return WaldKernel(mu, lam, alpha, 1.0 / mu, 0.5 * m.log(lam) - m.HALF_LOG_2PI)


@formula
def logp(k, x):
    y = x - k.alpha
    d = (y - k.mu) * k.inv_mu
    value = k.log_norm - 1.5 * m.log(y) - 0.5 * k.lam * d * d / y
    return value if y > 0.0 and y < m.INF else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``lam``, ``alpha``, ``x``: with :math:`y = x - \\alpha`
    and :math:`d = (y - \\mu)/\\mu`, :math:`(\\lambda d/\\mu^2,\\ 1/(2\\lambda) - d^2/(2y),\\ -g,\\ g)`
    where :math:`g = -\\tfrac{3}{2y} - \\tfrac{\\lambda}{2}(1/\\mu^2 - 1/y^2)`."""
    y = x - k.alpha
    d = (y - k.mu) * k.inv_mu
    inv_mu2 = k.inv_mu * k.inv_mu
    d_y = -1.5 / y - 0.5 * k.lam * (inv_mu2 - 1.0 / (y * y))
    return with_gradient(logp(k, x), (k.lam * d * inv_mu2, 0.5 / k.lam - 0.5 * d * d / y, -d_y, d_y))


@formula
def _arguments(k, y):
    s = m.sqrt(k.lam / y)
    return s * ((y - k.mu) * k.inv_mu), s * (y * k.inv_mu + 1.0)


@formula
def _log_lower(r1, r2):
    """log cdf = log(Phi(r1) + exp(2 lam/mu) Phi(-r2)): accurate for r1 <= 0."""
    return -0.5 * r1 * r1 - m.HALF_LOG_2PI + m.log(m.mills_ratio(-r1) + m.mills_ratio(r2))


@formula
def _log_upper(r1, r2):
    """log sf = log(Phi(-r1) - exp(2 lam/mu) Phi(-r2)): accurate for r1 >= -1."""
    return -0.5 * r1 * r1 - m.HALF_LOG_2PI + m.log(m.mills_ratio(r1) - m.mills_ratio(r2))


@formula
def logcdf(k, x):
    y = x - k.alpha
    if not y > 0.0:
        return off_support(x)
    if y == m.INF:
        return 0.0
    r1, r2 = _arguments(k, y)
    if r1 < 0.0:
        return _log_lower(r1, r2)
    return m.log1p(-m.exp(_log_upper(r1, r2)))  # the cdf is above 1/2 here


@formula
def logccdf(k, x):
    y = x - k.alpha
    if not y > 0.0:
        return 0.0 if y == y else y
    if y == m.INF:
        return -m.INF
    r1, r2 = _arguments(k, y)
    if r1 >= -1.0:
        return _log_upper(r1, r2)
    return m.log1p(-m.exp(_log_lower(r1, r2)))  # the cdf is below 1/2 here


@formula
def draw(k, state):
    # Michael, Schucany & Haas (1976): the smaller root of the chi-square(1) equation,
    # mu (1 + t - sqrt(t^2 + 2t)) = mu / (1 + t + sqrt(t^2 + 2t)) (no cancellation), t = mu g^2 / (2 lam)
    g = rnd.standard_normal(state)
    t = 0.5 * k.mu * g * g / k.lam
    root = k.mu / (1.0 + t + m.sqrt(t * (t + 2.0)))
    y = root if rnd.uniform(state) * (k.mu + root) <= k.mu else k.mu * k.mu / root
    return k.alpha + y


@formula
def mean(k):
    return k.mu + k.alpha


@formula
def variance(k):
    return k.mu * k.mu * k.mu / k.lam


@formula
def support(k):
    return k.alpha, m.INF


_MU = Param("mu", POSITIVE, (0.1, 10.0))
_LAM = Param("lam", POSITIVE, (0.1, 100.0), 1.0)
_ALPHA = Param("alpha", NONNEGATIVE, (0.0, 5.0), 0.0)
_PHI = Param("phi", POSITIVE, (0.01, 100.0))

FAMILY = register(
    globals(),
    "Wald",
    params=(_MU, _LAM, _ALPHA),
    alternatives=(
        Parametrization((_MU, _PHI, _ALPHA), lambda v: {"mu": v["mu"], "lam": v["mu"] * v["phi"], "alpha": v["alpha"]}),
        Parametrization((Param("lam", POSITIVE, (0.1, 100.0)), _PHI, _ALPHA), lambda v: {"mu": v["lam"] / v["phi"], "lam": v["lam"], "alpha": v["alpha"]}),
    ),
    support=(0.0, m.INF),
    discrete=False,
    reference=lambda mu, lam, alpha: scipy_stats().invgauss(mu / lam, loc=alpha, scale=lam),
)
