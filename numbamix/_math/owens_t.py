"""Owen's T function, for the skew-normal distribution.

.. math:: T(h, a) = \\frac{1}{2\\pi} \\int_0^a \\frac{e^{-h^2 (1 + x^2)/2}}{1 + x^2}\\, dx

Patefield and Tandy's algorithm (J. Stat. Software 5(5), 2000), the one
``scipy.special.owens_t`` and Boost use. ``T`` is even in ``h`` and odd in
``a``; for ``a > 1``, ``T(h, a) = Phi(-h)/2 + Phi(-ah) erf(h/sqrt 2)/2 - T(ah, 1/a)``
(or ``1/4 - erf(h/sqrt 2) erf(ah/sqrt 2)/4 - T(ah, 1/a)`` for ``ah <= 0.67``)
leaves ``0 <= a <= 1``, where the paper's table of 8 ``a`` by 15 ``h``
intervals picks one of six methods and its order: T1 (series in ``h^2``),
T2 (series in ``a^2`` of incomplete normal moments), T3 (T2 with ``1/(1 + x^2)``
replaced by its degree-60 Chebyshev truncation: error 3e-24 on [0, 1]), T4
(series in ``a^2``), T5 (26-point Gauss-Legendre) and T6 (``a`` near 1). One
change: where the table picks T3 below ``h = 4``, T5 is used (T3's forward
recurrence of normal moments loses up to 1e-13 there, see ``_scaled_unit``).

``owens_t_scaled(h, a) = exp(h^2/2) T(h, a)`` keeps full relative accuracy for
any ``h`` (every method's ``exp(-h^2/2)`` is left out instead of taken out):
the skew-normal cdf uses it in log space where ``T`` itself underflows.

Accuracy, measured against mpmath (40 digits, quadrature of the integral) on
2e4 points, ``h`` log-uniform in [1e-3, 40] and ``a`` in [1e-4, 1e4]:
``owens_t_scaled`` maximum relative error 1.5e-15; ``owens_t`` the same times
``exp(-h^2/2)``, whose rounding of ``h^2`` adds ``h^2 eps/2`` (1e-13 at h = 38).
"""

import numpy as np

from .._jit import formula
from .constants import SQRT_2
from .core import erfc, exp, expm1
from .normal_tail import erf_over_x, mills_ratio
from .trigonometric import atan, atan2

_INV_2PI = 1.0 / (2.0 * np.pi)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)

#: Patefield and Tandy's method table: upper ends of the h and a intervals, and for each
#: (a interval, h interval) the index into _ORDER / _METHOD.
_H_RANGE = (0.02, 0.06, 0.09, 0.125, 0.26, 0.4, 0.6, 1.6, 1.7, 2.33, 2.4, 3.36, 3.4, 4.8)
_A_RANGE = (0.025, 0.09, 0.15, 0.36, 0.5, 0.9, 0.99999)
_SELECT = (
    0, 0, 1, 12, 12, 12, 12, 12, 12, 12, 12, 15, 15, 15, 8,
    0, 1, 1, 2, 2, 4, 4, 13, 13, 14, 14, 15, 15, 15, 8,
    1, 1, 2, 2, 2, 4, 4, 14, 14, 14, 14, 15, 15, 15, 9,
    1, 1, 2, 4, 4, 4, 4, 6, 6, 15, 15, 15, 15, 15, 9,
    1, 2, 2, 4, 4, 5, 5, 7, 7, 16, 16, 16, 11, 11, 10,
    1, 2, 4, 4, 4, 5, 5, 7, 7, 16, 16, 16, 11, 11, 11,
    1, 2, 3, 3, 5, 5, 7, 7, 16, 16, 16, 16, 16, 11, 11,
    1, 2, 3, 3, 5, 5, 17, 17, 17, 17, 16, 16, 16, 11, 11,
)  # fmt: skip
_ORDER = (2, 3, 4, 5, 7, 10, 12, 18, 10, 20, 30, 0, 4, 7, 8, 20, 0, 0)
_METHOD = (1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4, 5, 6)

#: T3 (from h = 4 on): monomial coefficients of the degree-60 Chebyshev truncation of 1/(1 + x^2) on [-1, 1]
#: (even powers), computed with mpmath from c_2k = sqrt(2) (-1)^k (sqrt(2) - 1)^(2k).
_T3_FROM = 4.0
_T3_COEFFICIENTS = (
    1.0, -1.0, 1.0, -0.9999999999999998, 0.999999999999982, -0.9999999999992317, 0.9999999999777544,
    -0.9999999995373728, 0.9999999927895348, -0.9999999130666763, 0.9999991692911312, -0.9999935872707676,
    0.9999593922960647, -0.9997864280176585, 0.9990574554586722, -0.9964794684172277, 0.9887888848055706,
    -0.9693638751301079, 0.9277281288695598, -0.8519342207002258, 0.7348257250620571, -0.5815883164030037,
    0.412459320472854, -0.2559766477949304, 0.13568250602781315, -0.059805515355373276, 0.021223233863567646,
    -0.005805531818579863, 0.001145798891143408, -0.00014490958369435102, 8.805289144748634e-06,
)  # fmt: skip

#: T5: the positive nodes of 26-point Gauss-Legendre on [-1, 1], squared, and their weights / (2 pi).
_GL_X, _GL_W = np.polynomial.legendre.leggauss(26)
_T5_NODES = tuple(float(v) for v in _GL_X[13:] ** 2)
_T5_WEIGHTS = tuple(float(v) for v in _GL_W[13:] * _INV_2PI)


@formula
def _half_erf_over(ah, h):
    """``(Phi(ah) - 1/2) / h = erf(ah/sqrt 2) / (2h)``, without cancellation for small ``ah``."""
    return 0.5 * (ah / h) / SQRT_2 * erf_over_x(ah / SQRT_2)


@formula
def _t1(h, a, order):
    hs = -0.5 * h * h
    aa = a * a
    aj = a * _INV_2PI
    dj = expm1(hs)
    gj = hs * exp(hs)
    total = atan(a) * _INV_2PI
    for j in range(order):
        total += dj * aj / (2 * j + 1)
        aj *= aa
        dj = gj - dj
        gj *= hs / (j + 2)
    return total * exp(-hs)


@formula
def _t2(h, a, ah, order):
    y = 1.0 / (h * h)
    vi = a * exp(-0.5 * ah * ah) * _INV_SQRT_2PI
    z = _half_erf_over(ah, h)
    total = 0.0
    for i in range(order + 1):
        total += z
        z = y * (vi - (2 * i + 1) * z)
        vi *= -a * a
    return total * _INV_SQRT_2PI


@formula
def _t3(h, a, ah):
    y = 1.0 / (h * h)
    vi = a * exp(-0.5 * ah * ah) * _INV_SQRT_2PI
    z = _half_erf_over(ah, h)
    total = 0.0
    for i in range(31):
        total += z * _T3_COEFFICIENTS[i]
        z = y * ((2 * i + 1) * z - vi)
        vi *= a * a
    return total * _INV_SQRT_2PI


@formula
def _t4(h, a, order):
    hh = h * h
    ai = a * exp(-0.5 * hh * a * a) * _INV_2PI
    yi = 1.0
    total = 0.0
    for i in range(order + 1):
        total += ai * yi
        yi = (1.0 - hh * yi) / (2 * i + 3)
        ai *= -a * a
    return total


@formula
def _t5(h, a):
    aa = a * a
    total = 0.0
    for i in range(13):
        r = aa * _T5_NODES[i]
        total += _T5_WEIGHTS[i] * exp(-0.5 * h * h * r) / (1.0 + r)
    return a * total


@formula
def _t6(h, a):
    tail = 0.5 * erfc(h / SQRT_2)
    y = 1.0 - a
    r = atan2(y, 1.0 + a)
    value = 0.5 * tail * (1.0 - tail)
    if r != 0.0:
        value -= r * exp(-0.5 * y * h * h / r) * _INV_2PI
    return value * exp(0.5 * h * h)


@formula
def _scaled_unit(h, a, ah):
    """``exp(h^2/2) T(h, a)`` for ``h >= 0`` and ``0 <= a <= 1``."""
    if h == 0.0:
        return atan(a) * _INV_2PI
    if a == 0.0:
        return 0.0
    if a == 1.0:
        return 0.5 * mills_ratio(h) * _INV_SQRT_2PI * (1.0 - 0.5 * erfc(h / SQRT_2))
    ih = 14
    for i in range(14):
        if h <= _H_RANGE[i]:
            ih = i
            break
    ia = 7
    for i in range(7):
        if a <= _A_RANGE[i]:
            ia = i
            break
    index = _SELECT[ia * 15 + ih]
    order = _ORDER[index]
    method = _METHOD[index]
    if method == 1:
        return _t1(h, a, order)
    if method == 2:
        return _t2(h, a, ah, order)
    if method == 3:
        # T3's forward recurrence of 31 moments (error growth (2i + 1)/h^2 per step) loses 1e-13 at
        # h = 3.4 and 1e-15 from h = 4; T5's Gauss-Legendre sum: 6e-16 below h = 4, 3e-15 at h = 5
        return _t3(h, a, ah) if h >= _T3_FROM else _t5(h, a)
    if method == 4:
        return _t4(h, a, order)
    if method == 5:
        return _t5(h, a)
    return _t6(h, a)


@formula
def owens_t_scaled(h, a):
    """``exp(h^2/2) T(h, a)``: full relative accuracy for any ``h`` (nan for nan)."""
    if h != h or a != a:
        return h + a
    h = abs(h)
    sign = -1.0 if a < 0.0 else 1.0
    a = abs(a)
    ah = a * h
    if h == np.inf:
        return 0.0
    if a <= 1.0:
        return sign * _scaled_unit(h, a, ah)
    if a == np.inf:
        return sign * 0.5 * mills_ratio(h) * _INV_SQRT_2PI
    if ah <= 0.67:
        e_h = 1.0 - erfc(h / SQRT_2)
        e_ah = 1.0 - erfc(ah / SQRT_2)
        value = (0.25 - 0.25 * e_h * e_ah) * exp(0.5 * h * h) - exp(0.5 * (h - ah) * (h + ah)) * _scaled_unit(
            ah, 1.0 / a, h
        )
        return sign * value
    # Phi(-h)/2 + Phi(-ah) erf(h/sqrt 2)/2 - T(ah, 1/a), times exp(h^2/2)
    inner = 0.5 * (1.0 - erfc(h / SQRT_2)) * mills_ratio(ah) * _INV_SQRT_2PI - _scaled_unit(ah, 1.0 / a, h)
    return sign * (0.5 * mills_ratio(h) * _INV_SQRT_2PI + exp(0.5 * (h - ah) * (h + ah)) * inner)


@formula
def owens_t(h, a):
    """Owen's T function ``T(h, a)`` (nan for nan)."""
    return exp(-0.5 * h * h) * owens_t_scaled(h, a)


__all__ = ["owens_t", "owens_t_scaled"]
