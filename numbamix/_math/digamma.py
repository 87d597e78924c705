"""The digamma function :math:`\\psi(x) = \\frac{d}{dx}\\log\\Gamma(x)`, for the gradients.

* :math:`1 \\le x \\le 2`: the Taylor series about the positive zero
  :math:`x_0 = 1.4616\\ldots`, :math:`\\sum_{n=1}^{40} \\psi^{(n)}(x_0)/n!\\,(x - x_0)^n`
  (coefficients from mpmath; truncation below 1e-17 relative), with
  :math:`x - x_0` formed from :math:`x_0` in two parts, so that the result keeps
  its relative accuracy where it vanishes.
* :math:`0 < x < 1`: :math:`\\psi(x + 1) - 1/x`; :math:`2 < x < 10`: the
  recurrence :math:`\\psi(x) = \\psi(x - n) + \\sum_{j=1}^{n} 1/(x - j)` down to
  :math:`[1, 2]` (positive terms: no cancellation, unlike the upward
  recurrence, measured 27 ulp on [1, 2]).
* :math:`x \\ge 10`: the asymptotic series
  :math:`\\log x - 1/(2x) - \\sum_{k=1}^{7} B_{2k}/(2k\\, x^{2k})` (truncation
  below 1e-16 relative).
* :math:`x < 0`: the reflection :math:`\\psi(x) = \\psi(1 - x) - \\pi\\cot(\\pi x)`,
  with :math:`\\pi x` reduced to :math:`\\pi (x - \\operatorname{round}(x))`
  first (absolute, not relative, accuracy near the negative zeros); nan at the
  poles :math:`-1, -2, \\ldots`, :math:`\\mp\\infty` at :math:`\\pm 0` (as scipy).

Measured against mpmath on 2000 log-uniform points per range (tests/test_math.py
checks against scipy.special.psi): at most 2 ulp for x > 0.
"""

import math

import numpy as np

from .._jit import formula
from .constants import INF, NAN
from .core import log, mul_add
from .trigonometric import tan

_ROOT_HI = 1.4616321449683622
_ROOT_LO = 9.549995429965697e-17
#: psi^(n)(x0) / n! for n = 1..40
_ROOT_SERIES = np.array([
    0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652,
    0.10782405069126237, -0.07219956125645471, 0.04880428816414311, -0.03316112647484736,
    0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
    0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
    0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
    0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05,
    5.178575795222081e-05, -3.5430070947659604e-05, 2.424006611860132e-05, -1.6584242271854135e-05,
    1.134638458466385e-05, -7.762817668462094e-06, 5.3110609208898636e-06, -3.6336507898010456e-06,
    2.486022733129538e-06, -1.7008538854332607e-06, 1.1636675363548843e-06, -7.96142543124197e-07,
    5.446941930669446e-07, -3.7266161283438227e-07, 2.549626552021554e-07, -1.7443695117727745e-07,
])
#: B_2k / (2k) for k = 1..7
_ASYMPTOTIC = np.array([
    1.0 / 12.0, -1.0 / 120.0, 1.0 / 252.0, -1.0 / 240.0, 1.0 / 132.0, -691.0 / 32760.0, 1.0 / 12.0,
])
#: B_2k (1 - 4^-k) / k for k = 1..7 (:func:`digamma_half_step`)
_HALF_STEP = np.array([
    1.0 / 8.0, -1.0 / 64.0, 1.0 / 128.0, -17.0 / 2048.0, 31.0 / 2048.0, -691.0 / 16384.0, 5461.0 / 32768.0,
])
#: The asymptotic series is used from this argument on.
_ASYMPTOTIC_FROM = 10.0


@formula
def _root_series(x):
    """psi(x) for 1 <= x <= 2."""
    d = (x - _ROOT_HI) - _ROOT_LO
    p = _ROOT_SERIES[-1]
    for n in range(_ROOT_SERIES.size - 2, -1, -1):
        p = mul_add(p, d, _ROOT_SERIES[n])
    return p * d


@formula
def _asymptotic(x):
    """psi(x) for x >= 10."""
    r = 1.0 / (x * x)
    series = _ASYMPTOTIC[-1]
    for k in range(_ASYMPTOTIC.size - 2, -1, -1):
        series = mul_add(series, r, _ASYMPTOTIC[k])
    return (log(x) - 0.5 / x) - series * r


@formula
def _positive(x):
    """psi(x) for x > 0."""
    if x >= _ASYMPTOTIC_FROM:
        return _asymptotic(x) if x < INF else INF
    if x < 1.0:
        return _root_series(x + 1.0) - 1.0 / x
    shift = 0.0
    while x > 2.0:
        x -= 1.0
        shift += 1.0 / x
    return _root_series(x) + shift


@formula
def digamma(x):
    """:math:`\\psi(x)`, the derivative of :math:`\\log\\Gamma(x)`; nan at the poles and for nan."""
    if x > 0.0:
        return _positive(x)
    if x == 0.0:
        return -math.copysign(INF, x)
    nearest = math.floor(x + 0.5)
    if not (x > -INF) or x == nearest:
        return NAN
    return _positive(1.0 - x) - math.pi / tan(math.pi * (x - nearest))


@formula
def digamma_half_step(x):
    """:math:`D(x) = \\psi(x + \\tfrac12) - \\psi(x) - \\tfrac{1}{2x}` for :math:`x > 0` (StudentT's
    :math:`\\nu` derivative), without the cancellation of its :math:`O(1/x)` terms: the
    recurrence :math:`D(x) = D(x + 1) + 1/(4x(x + \\tfrac12)(x + 1))` (positive terms) up to 20,
    then the series :math:`\\sum_{k=1}^{7} B_{2k}(1 - 4^{-k})/(k\\, x^{2k})` (from
    :math:`\\psi(x + \\tfrac12) - \\psi(x) = 2\\psi(2x) - 2\\psi(x) - 2\\log 2`; truncation below
    1e-17 relative)."""
    shift = 0.0
    while x < 20.0:
        shift += 0.25 / (x * (x + 0.5) * (x + 1.0))
        x += 1.0
    r = 1.0 / (x * x)
    series = _HALF_STEP[-1]
    for k in range(_HALF_STEP.size - 2, -1, -1):
        series = mul_add(series, r, _HALF_STEP[k])
    return series * r + shift
