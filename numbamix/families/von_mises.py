"""Von Mises distribution on ``[-pi, pi]`` (PyMC's: ``mu`` any real, the density periodic in it).

.. math:: \\log p(x) = \\kappa(\\cos(x - \\mu) - 1) - \\log\\left(2\\pi e^{-\\kappa} I_0(\\kappa)\\right),
   \\qquad -\\pi \\le x \\le \\pi

The cdf is the integral of the density over the arc ``[-pi, x]``, the survival
function over ``[x, pi]``, each computed directly in log space
(:func:`numbamix._math.log_von_mises_arc`: positive Gauss-Legendre sums, full
relative accuracy in both tails, no underflow). ``mean`` and ``variance`` are
the linear moments of this density on ``[-pi, pi]`` (what draws have; equal to
``mu`` and PyMC's circular variance only in the limit), and the support point
is ``mu`` (PyMC's) wrapped into ``[-pi, pi]``.
"""

import math
from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._gradient import with_gradient
from ._registry import POSITIVE, REAL, Param, register, scipy_stats

_PI = math.pi
_TWO_PI = 2.0 * math.pi
_LOG_2PI = math.log(2.0 * math.pi)


class VonMisesKernel(NamedTuple):
    mu: float
    kappa: float
    log_norm: float  # log(2 pi i0e(kappa))


@formula
def make_kernel(mu, kappa):
    return VonMisesKernel(mu, kappa, _LOG_2PI + m.log_i0e(kappa))


@formula
def _wrap(x):
    return x - _TWO_PI * math.floor(x / _TWO_PI + 0.5)


@formula
def logp(k, x):
    value = k.kappa * (m.cos(x - k.mu) - 1.0) - k.log_norm
    return value if x >= -_PI and x <= _PI else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``mu``, ``kappa``, ``x``:
    :math:`(\\kappa\\sin(x - \\mu),\\ \\cos(x - \\mu) - I_1(\\kappa)/I_0(\\kappa),\\ -\\kappa\\sin(x - \\mu))`
    (the Bessel ratio from the scaled functions, no overflow)."""
    s = k.kappa * math.sin(x - k.mu)
    d_kappa = m.cos(x - k.mu) - m.i1e(k.kappa) / m.i0e(k.kappa)
    return with_gradient(logp(k, x), (s, d_kappa, -s))


@formula
def _log_sides(k, x):
    """(log cdf, log sf) at -pi < x < pi: the smaller one from its arc, the other by log1p(-exp(.))."""
    lower = m.log_von_mises_arc(k.kappa, -_PI - k.mu, x + _PI) - k.log_norm
    if lower < -m.LOG_2:
        return lower, m.log1p(-m.exp(lower))
    upper = m.log_von_mises_arc(k.kappa, x - k.mu, _PI - x) - k.log_norm
    return m.log1p(-m.exp(upper)), upper


@formula
def logcdf(k, x):
    if not x > -_PI:
        return off_support(x)
    if x >= _PI:
        return 0.0
    return _log_sides(k, x)[0]


@formula
def logccdf(k, x):
    if not x > -_PI:
        return 0.0 if x == x else x
    if x >= _PI:
        return -m.INF
    return _log_sides(k, x)[1]


@formula
def draw(k, state):
    # Best & Fisher (1979), as numpy: a wrapped Cauchy envelope; a normal for kappa > 1e6
    if k.kappa < 1e-8:
        return _PI * (2.0 * rnd.uniform(state) - 1.0)
    if k.kappa > 1e6:
        return _wrap(k.mu + rnd.standard_normal(state) / m.sqrt(k.kappa))
    if k.kappa < 1e-5:
        s = 1.0 / k.kappa  # second order in kappa
    else:
        r = 1.0 + m.sqrt(1.0 + 4.0 * k.kappa * k.kappa)
        rho = (r - m.sqrt(2.0 * r)) / (2.0 * k.kappa)
        s = (1.0 + rho * rho) / (2.0 * rho)
    while True:
        z = m.cos(_PI * rnd.uniform(state))
        w = (1.0 + s * z) / (s + z)
        y = k.kappa * (s - w)
        v = rnd.uniform(state)
        if y * (2.0 - y) - v >= 0.0 or m.log(y / v) + 1.0 - y >= 0.0:
            break
    w = min(max(w, -1.0), 1.0)
    angle = m.atan2(m.sqrt(1.0 - w * w), w)
    if rnd.uniform(state) < 0.5:
        angle = -angle
    return _wrap(angle + k.mu)


@formula
def mean(k):
    return m.von_mises_moments(k.kappa, _wrap(k.mu))[0]


@formula
def variance(k):
    return m.von_mises_moments(k.kappa, _wrap(k.mu))[1]


@formula
def support_point(k):
    return _wrap(k.mu)


@formula
def support(k):
    return -_PI, _PI


_REFERENCE = {}


def _reference(mu, kappa):
    """An rv_continuous on [-pi, pi] by scipy quadrature of the density (independent of the
    arc sums): scipy's ``vonmises`` is centred on ``loc`` and its cdf loses relative accuracy
    in the tails."""
    if "class" not in _REFERENCE:
        _REFERENCE["class"] = _reference_class()
    return _REFERENCE["class"](a=-_PI, b=_PI, name="von_mises_on_circle")(mu, kappa)


def _reference_class():
    import warnings

    import numpy as np
    from scipy import integrate, special

    stats = scipy_stats()

    def log_integral(lo, hi, mu, kappa):
        # log int_lo^hi exp(kappa (cos(t - mu) - 1)) dt, scaled by its largest value on [lo, hi]
        if not hi > lo:
            return -np.inf
        mode = mu - 2 * np.pi * np.round((mu - 0.5 * (lo + hi)) / (2 * np.pi))
        top = max(np.cos(lo - mu), np.cos(hi - mu), 1.0 if lo < mode < hi else -1.0)
        points = [mode] if lo < mode < hi else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value, _ = integrate.quad(
                lambda t: np.exp(kappa * (np.cos(t - mu) - top)), lo, hi, points=points, epsabs=0,
                epsrel=2e-14, limit=500,
            )
        return kappa * (top - 1.0) + np.log(value)

    def log_sides(x, mu, kappa):
        # (log cdf, log sf): the smaller one by quadrature, the other by log1p(-exp(.))
        lower = log_integral(-np.pi, x, mu, kappa) - log_norm(kappa)
        if lower < -np.log(2.0):
            return lower, np.log1p(-np.exp(lower))
        upper = log_integral(x, np.pi, mu, kappa) - log_norm(kappa)
        return np.log1p(-np.exp(upper)), upper

    def log_norm(kappa):
        return np.log(2 * np.pi * special.i0e(kappa))

    def moment(mu, kappa, f):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return integrate.quad(
                lambda t: f(t) * np.exp(kappa * (np.cos(t - mu) - 1.0) - log_norm(kappa)), -np.pi, np.pi,
                points=[(mu + np.pi) % (2 * np.pi) - np.pi], epsabs=0, epsrel=2e-14, limit=500,
            )[0]

    class VonMisesOnCircle(stats.rv_continuous):
        def _argcheck(self, mu, kappa):
            return np.isfinite(mu) & (kappa > 0)

        def _logpdf(self, x, mu, kappa):
            return kappa * (np.cos(x - mu) - 1.0) - log_norm(kappa)

        def _pdf(self, x, mu, kappa):
            return np.exp(self._logpdf(x, mu, kappa))

        def _logcdf(self, x, mu, kappa):
            return np.vectorize(lambda x, mu, k: log_sides(x, mu, k)[0])(x, mu, kappa)

        def _logsf(self, x, mu, kappa):
            return np.vectorize(lambda x, mu, k: log_sides(x, mu, k)[1])(x, mu, kappa)

        def _cdf(self, x, mu, kappa):
            return np.exp(self._logcdf(x, mu, kappa))

        def _sf(self, x, mu, kappa):
            return np.exp(self._logsf(x, mu, kappa))

        def _stats(self, mu, kappa):
            f = np.vectorize(lambda mu, k: moment(mu, k, lambda t: t))
            mean = f(mu, kappa)
            g = np.vectorize(lambda mu, k, c: moment(mu, k, lambda t: (t - c) ** 2))
            return mean, g(mu, kappa, mean), None, None

    return VonMisesOnCircle


FAMILY = register(
    globals(),
    "VonMises",
    params=(Param("mu", REAL, (-3.0, 3.0), 0.0), Param("kappa", POSITIVE, (0.1, 100.0), 1.0)),
    support=(-_PI, _PI),
    discrete=False,
    reference=_reference,
)
