"""lgamma and log_factorial as straight-line float64 code that LLVM vectorises.

Like :mod:`.elementary`: no libm calls and no data-dependent branches (every
case is computed, the result chosen by selects), so a loop calling them
compiles to AVX2/AVX-512 code. For x >= 1/2:

* ``x < 3``: ``lgamma(x) = (x - 1)(x - 2) R(x)``, R a polynomial of degree 24
  on [1/2, 5/4) and another on [5/4, 3). ``x - 1`` is exact and the product
  with ``x - 2`` is kept exact (FMA), so the zeros at 1 and 2 keep their
  relative accuracy.
* ``3 <= x < 8``: ``lgamma(x) = lgamma(x - n) + log((x - 1) ... (x - n))``,
  ``x - n`` in [2, 3) (up to 5 factors, each selected).
* ``x >= 8``: Stirling, ``(x - 1/2)(log x - 1) + (log(2 pi) - 1)/2 + G(1/x^2)/x``.

``|x| < 1/2``: ``lgamma(x) = lgamma(1 + x) - log|x|``, the first term from
``(1 + x) - 1 = x`` exactly. ``x <= -1/2``: reflection,
``lgamma(x) = -log(|x| |sin(pi x)| / pi) - lgamma(|x|)``, ``sin(pi x)`` from a
polynomial in x minus its nearest integer (exact).

Logs are taken as ``k ln2_hi + (log m + k ln2_lo)`` (``x = 2**k m``), the first
part exact, so the sums and products that follow them keep more than double
precision. The coefficients are Chebyshev interpolants computed with mpmath by
:mod:`.fit_gamma`.

Measured against mpmath (100 bits, errors in ulps of the exact value) on
1.07 million points x > 0 (log-uniform over (1e-300, 1e300), uniform in
(0, 10), 1 + d and 2 + d for |d| log-uniform in [2**-53, 1/2], the Stirling
switch, overflow, subnormals): maximum 1.18 ulp, 99.99 % below 0.89, 3.5 % not
correctly rounded; within 1/2 of the zeros at 1 and 2: 0.88 ulp. For x < 0:
0.91 ulp on (-1/2, 0), 1.5 ulp on the points sampled with |x| >= 10. Next to
the zeros of lgamma (two by each pole -n, n >= 2, within about 1/n! of it) the
two terms of the reflection cancel and the relative error grows without bound;
the absolute error stays below ``2.3 eps (|log(|x sin(pi x)| / pi)| +
|lgamma(|x|)|)``, and within a factor 1.5 of cancellation below 2.9 ulp.
``log_factorial``: 0.71 ulp on the integers, 0.96 ulp elsewhere. All with
FMA (``mul_add``).

IEEE behaviour: ``lgamma(0) = lgamma(-n) = lgamma(+-inf) = inf`` (n a positive
integer), nan gives nan, overflow to inf above 2.5563e305, ``-log|x|`` for
tiny x, subnormals included.
"""

import numpy as np

from .._jit import leaf_formula
from .constants import INF, NAN
from .elementary import (
    _LN2_HI,
    _LN2_LO,
    _TWO_52,
    _two_sum,
    log_of_split,
    mul_add,
    polynomial,
    polynomial_even_odd,
    split_exponent,
)

# relative truncation error below 2**-57.5
_BELOW_5_4 = np.array([
    1.2324298132667123e-17, 0.6105508069357107, -0.2903364471328493, 0.2090603598982152, -0.17656397230619814,
    0.16134450059731073, -0.15428577084018724, 0.15191040108981801, -0.15265665747823634, 0.15575100854204868,
    -0.16079268842843572, 0.16757893403613677, -0.17602740687893012, 0.18611648937323114, -0.1977782152073729,
    0.21131046693004854, -0.22848101325184497, 0.24611792646364994, -0.24766658338672307, 0.26808893920381904,
    -0.419041302472977, 0.45804283925254236, 0.07069449793252576, -0.08163046137057713, -1.3861552578896044,
    1.5267920944393574,
])
# relative truncation error below 2**-58.6
_ABOVE_5_4 = np.array([
    -1.032401862655647e-17, 0.41073672199355643, -0.09261992461448179, 0.028751487100454023,
    -0.010181689504897909, 0.0038706952540255584, -0.0015370450927830947, 0.0006283509496847557,
    -0.00026219666529485043, 0.00011107728636874979, -4.7604478264664946e-05, 2.0588587319141373e-05,
    -8.9702747800429e-06, 3.931993244439962e-06, -1.7317520039919892e-06, 7.662867360102803e-07,
    -3.420232504855394e-07, 1.5243189540693955e-07, -6.492957626335784e-08, 2.9073869779970617e-08,
    -1.71607887453413e-08, 7.742477588854364e-09, -1.241802656117238e-10, 4.684218313790935e-11,
    -1.6203350298071503e-09, 7.363241895801618e-10,
])
# relative truncation error below 2**-51.0
_STIRLING = np.array([
    0.0833333333333333, -0.002777777777606244, 0.0007936506649488252, -0.0005952025951802712,
    0.0008372834512071336, -0.0016526004455595122,
])
# relative truncation error below 2**-61.4
_SINPI = np.array([
    1.0, -1.6449340668482264, 0.8117424252833393, -0.19075182412149616, 0.02614784780555096,
    -0.0023460808954639607, 0.0001484278414189103, -6.972099660851199e-06, 2.4502943624559793e-07,
])


#: (log(2 pi) - 1)/2, rounded once
_STIRLING_OFFSET = 0.4189385332046727
_STIRLING_CUT = 8.0


@leaf_formula
def _core(y_minus_1):
    """lgamma(y) = (y - 1)(y - 2) R(y) for 1/2 <= y < 3, from ``y - 1`` exactly; R is
    one of two polynomials, split at 5/4 (both evaluated, one selected).

    ``t = y - centre`` is exact where y - 1 is a multiple of ulp(y), and
    ``(y - 1)(y - 2)`` is carried exactly as ``f_hi + f_lo``.
    """
    below = y_minus_1 < 0.25
    t_below = y_minus_1 + 0.125
    t_above = y_minus_1 - 1.125
    p_below = polynomial_even_odd(_BELOW_5_4[2:], t_below)
    p_above = polynomial_even_odd(_ABOVE_5_4[2:], t_above)
    # R = r0 + rest: r0 the double nearest R(centre), rest = the remainder of R(centre) + t p
    r0 = _BELOW_5_4[1] if below else _ABOVE_5_4[1]
    rest = mul_add(t_below, p_below, _BELOW_5_4[0]) if below else mul_add(t_above, p_above, _ABOVE_5_4[0])
    # (y - 1)(y - 2) = f_hi + f_lo exactly: y - 2 = d + d_lo (two-sum), then an FMA
    d = y_minus_1 - 1.0
    d_lo = y_minus_1 - (d + 1.0)
    f_hi = y_minus_1 * d
    f_lo = mul_add(y_minus_1, d, -f_hi) + y_minus_1 * d_lo
    # f r0 + (f rest + f_lo r0), rounded once at the end; + 0.0: lgamma(1) = +0
    return mul_add(f_hi, r0, mul_add(f_hi, rest, f_lo * r0)) + 0.0


@leaf_formula
def _log_parts(x):
    """``log x = hi + lo`` for x > 0 (x = 0 gives a finite value): ``hi = k ln2_hi``
    exact, ``lo = log m + k ln2_lo``, ``x = 2**k m`` with m in [sqrt(1/2), sqrt(2)).

    The error of ``hi + lo`` is that of ``log m``, about 2**-55 absolute.
    """
    k, m = split_exponent(x)
    # log m from the split itself: ``log(m)`` would split m again and test it for special values
    return k * _LN2_HI, log_of_split(0.0, m, 0.0) + k * _LN2_LO


@leaf_formula
def _stirling(x, log_hi, log_lo):
    """lgamma(x) for x >= 8, given ``log x = log_hi + log_lo`` (``_log_parts``);
    inf for x = inf and above 2.55e305.

    ``(x - 1/2)(log x - 1) = x h + x log_lo - (h + log_lo)/2``, ``h = log_hi - 1``
    exact: x h is rounded once, in the last FMA.
    """
    h = log_hi - 1.0
    z = 1.0 / x
    rest = mul_add(z, polynomial(_STIRLING, z * z), _STIRLING_OFFSET) - 0.5 * (h + log_lo)
    return mul_add(x, h, mul_add(x, log_lo, rest))


@leaf_formula
def _lgamma_small_or_positive(x, x_minus_1):
    """lgamma(x) for |x| < 1/2 and for x >= 1/2, given ``x - 1`` exactly for the latter;
    nan for nan."""
    a = abs(x)
    small = a < 0.5
    shift = (x >= 3.0) & (x < _STIRLING_CUT)
    # lgamma(x) = lgamma(y) + log((x - 1) ... (x - n)), y = x - n in [2, 3)
    # floor by rounding (x + 2**52 - 2**52 is the nearest integer): also compiles for CUDA,
    # which has no np.floor
    rounded = (x + _TWO_52) - _TWO_52
    n = (rounded - (1.0 if rounded > x else 0.0)) - 2.0 if shift else 0.0
    product = 1.0
    for j in range(5):
        product = product * (x_minus_1 - j) if j < n else product
    # small x: lgamma(1 + x) - log|x|
    core = _core(x if small else x_minus_1 - n)
    log_hi, log_lo = _log_parts(product if shift else a)
    value = (core - log_lo) - log_hi if small else ((core + log_lo) + log_hi if shift else core)
    value = INF if x == 0.0 else value
    return _stirling(x, log_hi, log_lo) if x >= _STIRLING_CUT else value


@leaf_formula
def lgamma(x):
    """log|Gamma(x)| for all x: inf at 0, at the negative integers and at +-inf; nan for nan."""
    x = float(x)
    a = abs(x)
    reflect = x <= -0.5
    value = _lgamma_small_or_positive(a if reflect else x, a - 1.0)
    # reflection, Gamma(-a) Gamma(1 + a) = -pi / sin(pi a): r = a - round(a), exact
    r = abs(a - ((a + _TWO_52) - _TWO_52))
    log_hi, log_lo = _log_parts(a * r * polynomial(_SINPI, r * r))
    sum_hi, sum_lo = _two_sum(value, log_hi)
    reflected = -(sum_hi + (sum_lo + log_lo))
    reflected = INF if (a >= _TWO_52) | (r == 0.0) else reflected
    return reflected if reflect else value


@leaf_formula
def lgamma_stirling(x):
    """lgamma(x) for x >= 8 by Stirling's series alone: :func:`lgamma` there, bit for bit, without
    the branch-free evaluation of its other cases (a fifth of the cost in a vectorised loop); wrong below 8."""
    log_hi, log_lo = _log_parts(x)
    return _stirling(x, log_hi, log_lo)


@leaf_formula
def log_factorial(x):
    """log(x!) = lgamma(x + 1) for x >= 0 (nan below), from the exact ``(x + 1) - 1 = x``."""
    x = float(x)
    value = _lgamma_small_or_positive(x + 1.0, x)
    return NAN if x < 0.0 else value
