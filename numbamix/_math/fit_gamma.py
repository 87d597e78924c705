"""Regenerates the polynomial coefficients of :mod:`numbamix._math.gamma`.

Run ``python -m numbamix._math.fit_gamma`` (needs mpmath, a few seconds) and
paste its output over the constants in ``gamma.py``. Every polynomial is the
interpolant at the Chebyshev nodes of its interval, computed at 256 bits and
rounded to double: within a small factor of the minimax polynomial. Printed
with each: its relative truncation error (of the function fitted), before
rounding.
"""

import math
import textwrap

import mpmath as mp

mp.mp.prec = 256

#: ``lgamma(y) = (y - 1)(y - 2) R(y)``, R a polynomial of this degree in
#: ``y - 7/8`` on [1/2, 5/4), another in ``y - 17/8`` on [5/4, 3)
CORE_DEGREE = 24
#: ``lgamma(x) = (x - 1/2)(log x - 1) + (log(2 pi) - 1)/2 + G(1/x**2)/x`` above 8
STIRLING_CUT = 8
STIRLING_DEGREE = 5
#: ``sin(pi r) = pi r S(r**2)`` for |r| <= 1/2
SINPI_DEGREE = 8


def chebyshev_interpolant(f, lo, hi, degree, centre=0):
    """Monomial coefficients, in ``t = y - centre``, of the polynomial that
    interpolates f at the Chebyshev nodes of [lo, hi]; and its maximum
    relative error over 1000 points of [lo, hi]."""
    n = degree + 1
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    nodes = [mid + half * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    coefficients = mp.lu_solve(
        mp.matrix([[(y - centre) ** j for j in range(n)] for y in nodes]), mp.matrix([f(y) for y in nodes])
    )
    grid = [lo + (hi - lo) * (k + mp.mpf(1) / 2) / 1000 for k in range(1000)]
    error = max(abs(mp.polyval(coefficients[::-1], y - centre) / f(y) - 1) for y in grid)
    return list(coefficients), float(error)


def core(lo, hi):
    return chebyshev_interpolant(
        lambda y: mp.loggamma(y) / ((y - 1) * (y - 2)), lo, hi, CORE_DEGREE, (lo + hi) / 2)


def stirling():
    offset = (mp.log(2 * mp.pi) - 1) / 2

    def g(z):
        x = 1 / mp.sqrt(z)
        return x * (mp.loggamma(x) - (x - mp.mpf(1) / 2) * (mp.log(x) - 1) - offset)

    return chebyshev_interpolant(g, mp.mpf(0), mp.mpf(1) / STIRLING_CUT**2, STIRLING_DEGREE)


def sinpi():
    def s(u):
        r = mp.sqrt(u)
        return mp.sin(mp.pi * r) / (mp.pi * r)

    return chebyshev_interpolant(s, 0, mp.mpf(1) / 4, SINPI_DEGREE)


def _error_comment(error):
    print(f"# relative truncation error below 2**{math.log2(error):.1f}")


def _numbers(coefficients, indent, end):
    return textwrap.fill(", ".join(map(repr, coefficients)) + end, 110, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


if __name__ == "__main__":
    for name, lo, hi in (("_BELOW_5_4", mp.mpf(1) / 2, mp.mpf(5) / 4), ("_ABOVE_5_4", mp.mpf(5) / 4, mp.mpf(3))):
        coefficients, error = core(lo, hi)
        _error_comment(error)
        # the constant term in two parts, lo and hi, then the others
        c0 = float(coefficients[0])
        coefficients = [float(coefficients[0] - c0), c0] + [float(c) for c in coefficients[1:]]
        print(f"{name} = np.array([\n{_numbers(coefficients, '    ', ',')}\n])")
    for name, (coefficients, error) in (("_STIRLING", stirling()), ("_SINPI", sinpi())):
        _error_comment(error)
        print(f"{name} = np.array([\n{_numbers(map(float, coefficients), '    ', ',')}\n])")
