"""Arc integrals of the von Mises density, in log space (the VonMises cdf and survival function).

``log_von_mises_arc(kappa, start, length)`` is
:math:`\\log\\int_{start}^{start+length} e^{\\kappa(\\cos t - 1)}\\,dt`
for ``0 <= length <= 2 pi``. The arc is split at the multiples of pi, so that
on each piece (folded onto ``[p, q]`` in ``[0, pi]``) the integrand decreases;
each piece is cut where its log has dropped by 1, 2, ..., 50 from its value at
``p`` (``cos t_j = cos p - j / kappa``), and each cut is integrated by 12-point
Gauss-Legendre of ``exp(-2 kappa sin((t + p)/2) sin((t - p)/2))`` (no
cancellation), the piece's top ``-2 kappa sin^2(p/2)`` added in log space. All
terms are positive, so the result keeps its relative accuracy in both tails
and does not underflow (unlike Hill's series or the normal approximation in
scipy's ``von_mises_cdf``, which lose relative accuracy in the tails).

Accuracy against mpmath quadrature (30-40 digits) for kappa in [1e-3, 1e4] and arcs
from 1e-12 to 2 pi (150 random arcs): max relative error 1.5e-15 of the integral.
``von_mises_moments`` gives the linear mean and variance (Fourier series).
"""

import math

import numpy as np

from .._jit import formula
from .constants import INF
from .core import exp, log, log1p

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(12)
#: Cuts per piece: beyond a drop of 50 the rest is below e^-50 of the piece.
_MAX_DROP = 50
_PI = math.pi
_TWO_PI = 2.0 * math.pi


@formula
def _gauss_legendre(kappa, p, a, b):
    """int_a^b exp(kappa (cos(p + u) - cos p)) du, 12-point Gauss-Legendre (0 <= a < b)."""
    half = 0.5 * (b - a)
    mid = 0.5 * (a + b)
    s = 0.0
    for i in range(_GL_NODES.size):
        u = mid + half * _GL_NODES[i]
        s += _GL_WEIGHTS[i] * exp(-2.0 * kappa * math.sin(p + 0.5 * u) * math.sin(0.5 * u))
    return half * s


@formula
def _log_piece(kappa, p, length):
    """log int_p^(p + length) exp(kappa (cos t - 1)) dt for 0 <= p < p + length <= pi."""
    cos_p = math.cos(p)
    total = 0.0
    a = 0.0
    for j in range(1, _MAX_DROP + 1):
        c = cos_p - j / kappa
        b = length if c <= -1.0 else min(length, math.acos(c) - p)
        total += _gauss_legendre(kappa, p, a, b)
        a = b
        if a >= length:
            break
    if a < length:
        total += _gauss_legendre(kappa, p, a, length)
    sin_half = math.sin(0.5 * p)
    return -2.0 * kappa * sin_half * sin_half + log(total)


@formula
def _log_add(a, b):
    hi = max(a, b)
    if hi == -INF:
        return hi
    return hi + log1p(exp(min(a, b) - hi))


@formula
def log_von_mises_arc(kappa, start, length):
    """log int_start^(start + length) exp(kappa (cos t - 1)) dt, 0 <= length <= 2 pi."""
    if not (length > 0.0):
        return -INF if length == 0.0 else length
    s = start - _TWO_PI * math.floor(start / _TWO_PI + 0.5)  # in [-pi, pi]
    remaining = length
    result = -INF
    for _ in range(6):  # at most 5 pieces: an arc of length <= 2 pi meets at most 3 multiples of pi
        edge = 0.0 if s < 0.0 else _PI
        step = min(remaining, edge - s)
        if step > 0.0:
            # on [-pi, 0] the integrand increases: folded onto [-(s + step), -s]
            piece = _log_piece(kappa, -(s + step) if s < 0.0 else s, step)
            result = _log_add(result, piece)
            remaining -= step
        if not remaining > 0.0:
            break
        s += step
        if s >= _PI:
            s -= _TWO_PI
    return result


@formula
def von_mises_moments(kappa, mu):
    """(mean, variance) of the von Mises(mu, kappa) density on [-pi, pi] (linear, not circular).

    With ``rho_n = I_n(kappa) / I_0(kappa)`` (ratios by the backward recurrence
    ``I_n / I_(n-1) = kappa / (2n + kappa I_(n+1) / I_n)``) and the Fourier series of
    ``x`` and ``x^2`` on ``(-pi, pi)``:
    ``E x = 2 sum (-1)^(n+1) rho_n sin(n mu) / n``,
    ``E x^2 = pi^2/3 + 4 sum (-1)^n rho_n cos(n mu) / n^2``, summed to
    ``n = 60 + 12 sqrt(kappa)`` (``rho_n ~ exp(-n^2 / (2 kappa))``).
    """
    n_max = 60 + int(12.0 * math.sqrt(kappa))
    ratios = np.empty(n_max)
    r = 0.0
    for n in range(n_max, 0, -1):
        r = kappa / (2.0 * n + kappa * r)
        ratios[n - 1] = r
    rho = 1.0
    first = 0.0
    second = 0.0
    sign = 1.0
    for n in range(1, n_max + 1):
        rho *= ratios[n - 1]
        first += sign * rho * math.sin(n * mu) / n
        second -= sign * rho * math.cos(n * mu) / (n * n)
        sign = -sign
    m1 = 2.0 * first
    return m1, _PI * _PI / 3.0 + 4.0 * second - m1 * m1
