"""exp, log, log1p and expm1 as straight-line float64 code that LLVM vectorises.

numba calls libm one value at a time, and a call blocks the vectorisation of
the loop around it. These versions are range reduction + polynomial, with the
binary exponent read and written by a 64-bit bit-cast, and every special case
chosen by a select instead of a branch, so a loop calling them compiles to
AVX2/AVX-512 code. Maximum errors, measured against mpmath on millions of
points (``tests/test_math_accuracy.py``, ``benchmarks/accuracy.py``): below
1 ulp for all four, with the full IEEE behaviour (``exp(-inf) = 0``, overflow
to ``inf``, ``log(0) = -inf``, ``log(x < 0) = nan``, subnormals in and out,
``nan`` in gives ``nan`` out).

Reductions follow fdlibm (Cody-Waite ``ln 2`` split; ``log(1 + f)`` through
``s = f / (2 + f)`` with fdlibm's minimax coefficients); the sums that decide
the last bit use an error-free two-sum.
"""

import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from .._jit import leaf_formula, polynomial_formula
from .constants import INF, NAN


@intrinsic
def _bits(typingctx, x):
    """The IEEE bit pattern of a float64 as an int64 (a no-op cast)."""
    if x != types.float64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))

    return types.int64(types.float64), codegen


@intrinsic
def _from_bits(typingctx, i):
    """The float64 with IEEE bit pattern ``i``."""
    if i != types.int64:
        return None

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return types.float64(types.int64), codegen


@intrinsic
def mul_add(typingctx, a, b, c):
    """``a * b + c``, fused into one FMA instruction where the CPU has one (``llvm.fmuladd``).

    Polynomials are evaluated with it: half the instructions, and the fused
    form rounds once instead of twice.
    """
    if not all(t == types.float64 for t in (a, b, c)):
        return None

    def codegen(context, builder, signature, args):
        double = ir.DoubleType()
        fmuladd = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(double, [double, double, double]), "llvm.fmuladd.f64")
        return builder.call(fmuladd, args)

    return types.float64(types.float64, types.float64, types.float64), codegen


@leaf_formula
def _power_of_2(n):
    """2**n for integer n in [-1022, 1023]."""
    return _from_bits((n + 1023) << 52)


# ln 2 split for Cody-Waite reduction: _LN2_HI has 21 trailing zero bits, so
# n * _LN2_HI is exact for |n| < 2**21 (fdlibm's constants)
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.44269504088896338700e00
#: 1.5 * 2**52: x + _ROUNDER - _ROUNDER rounds x to the nearest integer (|x| < 2**51)
_ROUNDER = 6755399441055744.0
#: Its bit pattern: the bits of ``n + _ROUNDER`` minus these are the integer n.
_ROUNDER_BITS = int(np.float64(_ROUNDER).view(np.int64))

# exp(r) - 1 - r = r^2 Q(r): Q interpolates (exp(r) - 1 - r) / r^2 at the
# Chebyshev nodes of [-0.35, 0.35] (covers |r| <= ln(2)/2 with room for the
# reduction's rounding); relative error below 2**-58 (``fit_elementary.py``)
_EXP_Q = np.array([
    0.5, 0.1666666666666667, 0.04166666666666667, 0.008333333333325551, 0.0013888888888883332,
    0.00019841269876840357, 2.480158732699005e-05, 2.755725286336732e-06, 2.755727183153613e-07,
    2.5106262550879078e-08, 2.0915433598076003e-09,
])
_EXP_Q_TAIL = _EXP_Q[1:]  # (Q(r) - 1/2) / r


@polynomial_formula
def polynomial(coefficients, t):
    """sum_k coefficients[k] t**k (Horner with FMAs; a constant coefficient array gives a
    fixed number of steps, unrolled by LLVM)."""
    p = coefficients[-1]
    for k in range(coefficients.size - 2, -1, -1):
        p = mul_add(p, t, coefficients[k])
    return p


@polynomial_formula
def polynomial_even_odd(coefficients, t):
    """``polynomial(coefficients, t)`` as ``E(t^2) + t O(t^2)``, the even and odd coefficients each
    by Horner in ``t^2``: two chains of half the length side by side (loops calling exp, log and
    lgamma are bound by the latency of their polynomials' chains on AVX2), one multiply more.
    For ``|t| < 1`` and coefficients that do not grow, where the two halves cannot cancel."""
    t2 = t * t
    n = coefficients.size
    top_even = n - 1 - (n - 1) % 2
    top_odd = n - 1 - n % 2
    even = coefficients[top_even]
    for k in range(top_even - 2, -1, -2):
        even = mul_add(even, t2, coefficients[k])
    odd = coefficients[top_odd]
    for k in range(top_odd - 2, 0, -2):
        odd = mul_add(odd, t2, coefficients[k])
    return mul_add(odd, t, even)


@leaf_formula
def _scale(x, n):
    """``x 2**n`` for ``-2044 <= n <= 2046``, in two normal factors: rounded once, by the
    last product, also where the result is subnormal."""
    half = n >> 1
    return x * _power_of_2(half) * _power_of_2(n - half)


@leaf_formula
def _reduce_exp(x):
    """``x = n ln 2 + hi - lo + ...``: returns ``n`` (int), ``hi`` and ``small``
    with ``exp(x) = 2**n * (1 + hi + small)`` to 2**-70 relative.

    ``|hi| <= ln(2)/2`` is exact; ``small = t - lo`` with ``t = exp(r) - 1 - r``
    from the polynomial ``r^2 Q(r)``, ``r = hi - lo``. ``x`` must be finite.
    """
    shifted = mul_add(x, _INV_LN2, _ROUNDER)
    n_float = shifted - _ROUNDER
    # n itself from the low bits of the shifted value: a float-to-int64 conversion has no
    # vector instruction on AVX2 (it took four scalar conversions per vector)
    n = _bits(shifted) - _ROUNDER_BITS
    hi = mul_add(-n_float, _LN2_HI, x)  # exact: n * _LN2_HI is exact and close to x
    lo = n_float * _LN2_LO
    r = hi - lo
    # r^2 Q(r) as r^2 / 2 + r^3 (Q(r) - 1/2) / r: the rounding error of the
    # polynomial then falls on its small part only
    r2 = r * r
    return n, hi, mul_add(r2, 0.5, r2 * r * polynomial_even_odd(_EXP_Q_TAIL, r)) - lo


@leaf_formula
def _two_sum(a, b):
    """``(s, e)`` with ``s = fl(a + b)`` and ``a + b = s + e`` exactly (Knuth)."""
    s = a + b
    b_virtual = s - a
    a_virtual = s - b_virtual
    return s, (a - a_virtual) + (b - b_virtual)


@leaf_formula
def exp(x):
    """e**x; ``exp(-inf) = 0``, ``exp(x > 709.78) = inf``, subnormal results below -708.4."""
    x = float(x)
    # clamped so that n stays in [-1077, 1025] (beyond, the result is 0 or inf anyway), by
    # selects that let nan through (one maxpd/minpd each): it then spreads to the result
    clamped = -746.0 if x < -746.0 else x
    clamped = 710.0 if clamped > 710.0 else clamped
    n, hi, small = _reduce_exp(clamped)
    s = 1.0 + hi
    e = hi - (s - 1.0)  # the rounding error of s, exactly (|hi| < 1: fast two-sum)
    return _scale(s + (e + small), n)


@leaf_formula
def expm1(x):
    """e**x - 1, accurate also for tiny x; ``expm1(-inf) = -1``, overflow to ``inf``."""
    x = float(x)
    clamped = min(max(x, -45.0), 710.0)  # below -45 the result rounds to -1
    n, hi, small = _reduce_exp(clamped)
    # expm1(x) = 2**n (1 + hi + small) - 1, summed as (c + h) + rest with the
    # largest parts added exactly (two-sum), then scaled by an exact power of 2
    up = n > 0
    # c = 1 - 2**-n (n > 0) or 2**n - 1 (n <= 0), exact: beyond 2**-53 the
    # 2**-n part is no longer representable in c and joins the small terms
    exact_c = n <= 53
    tail = 0.0 if exact_c else -_power_of_2(-min(n, 1000))
    c = (1.0 - _power_of_2(-n) if exact_c else 1.0) if up else _power_of_2(n) - 1.0
    scale_in = 1.0 if up else _power_of_2(n)
    s, e = _two_sum(c, scale_in * hi)
    total = s + (e + (scale_in * small + tail))
    value = _scale(total, n if up else 0)
    return value if x == x and x != 0.0 else x  # nan, and the sign of zero, kept


# log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f): fdlibm's minimax
# coefficients of R(z) / z, |error| < 2**-58.45 on |s| <= 0.1716
_LOG_R = np.array([
    6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
    1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01,
])

_SQRT_2 = 1.4142135623730951
_SMALLEST_NORMAL = 2.2250738585072014e-308
_TWO_54 = 18014398509481984.0
#: 2**52 and its bits: the bits of 2**52 + i, for 0 <= i < 2**52, are these plus i
_TWO_52 = 4503599627370496.0
_TWO_52_BITS = 0x4330000000000000
#: k + _EXPONENT_BIAS is the top 12 bits of (the bits of u) - _SPLIT_BITS: the bits of the
#: double after sqrt(2)/2 (so m lies in (sqrt(2)/2, sqrt(2)]), less the bias in the exponent field
_EXPONENT_BIAS = 1024
_SPLIT_BITS = int(np.float64(_SQRT_2 / 2).view(np.int64)) + 1 - (_EXPONENT_BIAS << 52)


@leaf_formula
def split_exponent(u):
    """``(k, m)`` with ``u = 2**k m``, ``m`` in ``(sqrt(2)/2, sqrt(2)]`` and ``k`` an integer-valued
    double, for finite ``u > 0``, subnormals included (``u = 0`` gives a finite pair).

    Integer arithmetic on the bits: subtracting those of ``sqrt(2)/2`` carries into the
    exponent field exactly when the mantissa passes ``sqrt(2)``, so ``k`` comes out of one
    shift, with no compare (AVX2 has no 64-bit arithmetic shift: the biased ``k`` is
    non-negative), and is turned into a double through the bits of ``2**52 + k + bias``
    (an int-to-double conversion takes a pack and a convert per vector on AVX2).
    """
    subnormal = u < _SMALLEST_NORMAL
    bits = _bits(u * _TWO_54 if subnormal else u)
    biased_k = ((bits - _SPLIT_BITS) >> 52) & 0xFFF
    m = _from_bits(bits - ((biased_k - _EXPONENT_BIAS) << 52))
    offset = (_TWO_52 + _EXPONENT_BIAS + 54.0) if subnormal else (_TWO_52 + _EXPONENT_BIAS)
    return _from_bits(_TWO_52_BITS | biased_k) - offset, m


@leaf_formula
def _log_of_scaled(u, correction):
    """``log(u) + correction`` for finite u > 0, with ``|correction|`` below ulp(1).

    ``u = 2**k (1 + f)`` with ``1 + f`` in ``[sqrt(2)/2, sqrt(2))``; the
    correction (a relative one, as ``log(u (1 + c)) ~ log(u) + c``) is added
    before the last rounding.
    """
    k, m = split_exponent(u)
    return log_of_split(k, m, correction)


@leaf_formula
def log_of_split(k, m, correction):
    """``log(2**k m) + correction`` for the ``(k, m)`` of :func:`split_exponent`: see
    :func:`_log_of_scaled`."""
    f = m - 1.0  # exact
    s = f / (2.0 + f)
    z = s * s
    r = polynomial_even_odd(_LOG_R, z) * z
    half_f2 = 0.5 * f * f
    return k * _LN2_HI - ((half_f2 - (s * (half_f2 + r) + (k * _LN2_LO + correction))) - f)


@leaf_formula
def log(x):
    """Natural logarithm: ``log(0) = -inf``, ``log(x < 0) = nan``, ``log(inf) = inf``."""
    x = float(x)
    value = _log_of_scaled(x, 0.0)
    value = value if x > 0.0 else (-INF if x == 0.0 else NAN)  # nan too
    return INF if x == INF else value


@leaf_formula
def log1p(x):
    """log(1 + x), accurate also for tiny x; ``log1p(-1) = -inf``, nan below -1."""
    x = float(x)
    u = 1.0 + x
    # the rounding error of 1 + x, exactly (fast two-sum: the larger operand first)
    error = (x - (u - 1.0)) if abs(x) <= 1.0 else (1.0 - (u - x))
    value = _log_of_scaled(u, error / u)
    value = -INF if x == -1.0 else value
    value = NAN if x < -1.0 else value
    return x if not (x < INF) or x != x or x == 0.0 else value
