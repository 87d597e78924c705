"""erfc and log_ndtr as straight-line float64 code that LLVM vectorises.

Both rest on the scaled complementary error function ``erfcx(x) =
exp(x^2) erfc(x)`` (``x >= 0``), in two pieces chosen by selects:

* ``x < 2``: ``erfcx(x) = (a + N(x)/D(x)) / (x + shift)``;
* ``x >= 2``: ``erfcx(x) = (a' + N(v)/D(v)) / x``, ``v = 1/x^2``.

The constants make the numerators nearly flat: ``N/D`` (degree 8/8, weighted
minimax fits made with mpmath at 150 bits, approximation error below 3e-19
relative) is within 3.5 % of ``a``, so its rounding errors are damped 30-fold;
the leading sum and the division are done in double-double (Dekker's exact
product), and erfcx comes out as an unevaluated sum ``q + e`` good to 0.2 ulp.

``erfc(x) = exp(-x^2) erfcx(x)`` with ``x^2 = hi + lo`` exact (the rounding
error of ``x*x`` would be amplified ``x^2``-fold) and the product rounded
once; ``erfc(-x) = 2 - erfc(x)``. ``log_ndtr`` has its own fit of
``erfcx(z / sqrt 2)``, so that ``z / sqrt 2`` is never rounded, and takes one
logarithm: ``log1p(-Phi(-z))`` for ``z > 0`` (full relative accuracy in the
upper tail), ``log Phi(z)`` for ``-10 < z <= 0``, and ``-z^2/2 +
log(erfcx(-z/sqrt 2) / 2)`` below (no underflow: finite down to -1.9e154).

Maximum errors against mpmath at 100 bits (10**6 points each, both signs,
magnitudes log-uniform and dense over [-40, 40]; normal results): erfc
0.84 ulp, log_ndtr 0.89 ulp.
"""

from .._jit import leaf_formula
from .elementary import _log_of_scaled, _reduce_exp, _scale, _two_sum, mul_add

# erfcx(t / scale) = (a + N(t)/D(t)) / (t + shift) for t < split, (a' + N(v)/D(v)) / t above,
# v = 1/t^2: scale 1 (erfc) or sqrt 2 (log_ndtr). Coefficients highest degree first, D(0) = 1;
# fitted with mpmath at 150 bits (Lawson-weighted linearised least squares -> minimax), error
# relative to the numerator below 3.2e-20 (near) and 2.8e-19 (far).
_ERFCX_NEAR_N = (
    -8.081379052284338e-05,
    -0.0011648651453331513,
    -0.007488604193119461,
    -0.026497715815373604,
    -0.04948460412521379,
    -0.02101594828166932,
    0.093003723386606,
    0.16313883448852287,
    -0.022499999999999964,
)
_ERFCX_NEAR_D = (
    0.000554231141803645,
    0.009463508697558087,
    0.07545646612816095,
    0.3634556718032917,
    1.1488820872178815,
    2.4278381619424367,
    3.335836118577352,
    2.715577250369437,
    1.0,
)
_ERFCX_FAR_N = (
    -289.260182116865,
    -1989.0985108731688,
    -3343.7670812183474,
    -2076.5891092892675,
    -521.1074717257708,
    -37.593974583567956,
    4.387685110067366,
    0.7388224583581975,
    0.02668958354775631,
)
_ERFCX_FAR_D = (
    683.7437064698282,
    7764.398965216124,
    22452.184253275398,
    25748.335763403134,
    13969.049636567723,
    3867.8625855993755,
    552.841097780158,
    38.25152416879504,
    1.0,
)
_NDTR_NEAR_N = (
    -6.999147308433392e-06,
    -0.00014225098490608918,
    -0.0012873599006555524,
    -0.006387275094440203,
    -0.016497841347487698,
    -0.0077790363437208595,
    0.07034150660261637,
    0.16704433241170127,
    -0.03125,
)
_NDTR_NEAR_D = (
    3.4628965165115996e-05,
    0.0008362655304144669,
    0.009430307586882564,
    0.06424130505457841,
    0.2871898722307542,
    0.8583058883059274,
    1.667839116314074,
    1.920159977936733,
    1.0,
)
_NDTR_FAR_N = (
    -104644.67291323784,
    -359776.9881472881,
    -302345.3013339714,
    -93838.7062328444,
    -11758.433636869851,
    -421.017156502033,
    25.123818959553972,
    2.1002500070776784,
    0.03788456080286535,
)
_NDTR_FAR_D = (
    174945.66020303057,
    993398.9963911842,
    1436409.1503649976,
    823702.1577493933,
    223453.56948919216,
    30937.764595113895,
    2211.1279451745695,
    76.4990937326993,
    1.0,
)

#: (split, shift, a near, a far, N near, D near, N far, D far): erfcx(x), and erfcx(z / sqrt 2)
_ERFCX = (2.0, 0.6875, 0.71, 0.5375, _ERFCX_NEAR_N, _ERFCX_NEAR_D, _ERFCX_FAR_N, _ERFCX_FAR_D)
_NDTR = (2.828125, 0.96875, 1.0, 0.76, _NDTR_NEAR_N, _NDTR_NEAR_D, _NDTR_FAR_N, _NDTR_FAR_D)

_SPLITTER = 134217729.0  # 2**27 + 1


@leaf_formula
def _two_prod(a, b):
    """``(p, e)`` with ``p = fl(a b)`` and ``a b = p + e`` exactly (Dekker; |a|, |b| < 1e300)."""
    p = a * b
    t = _SPLITTER * a
    a_hi = t - (t - a)
    a_lo = a - a_hi
    t = _SPLITTER * b
    b_hi = t - (t - b)
    b_lo = b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


@leaf_formula
def _scaled_tail(t, fit):
    """``(q, e)`` with ``q + e = erfcx(t / scale)`` to 0.2 ulp of ``q`` (``fit`` is ``_ERFCX``
    or ``_NDTR``), ``0 <= t <= 1e150``."""
    split, shift, a_near, a_far, near_n, near_d, far_n, far_d = fit
    near = t < split
    s, s_err = _two_sum(t, shift if near else 0.0)
    y = 1.0 / s
    v = t if near else y * y
    num = 0.0
    den = 0.0
    for k in range(9):
        num = mul_add(num, v, near_n[k] if near else far_n[k])
        den = mul_add(den, v, near_d[k] if near else far_d[k])
    a = a_near if near else a_far
    r = num / den
    h = a + r
    h_err = r - (h - a)  # exact: |r| < a
    # (h + h_err) / (s + s_err) = q + e, q = h y, with the residual h - q s exact
    q = h * y
    p, p_err = _two_prod(q, s)
    return q, (((h - p) - p_err) + h_err - q * s_err) * y


@leaf_formula
def _exp_times(a, b, q, e):
    """``(hi, lo, n)`` with ``exp(a + b) (q + e) = (hi + lo) 2**n``, ``hi = fl(hi + lo)``;
    ``-800 <= a <= 0``, ``|b| <= ulp(a)``, ``|e| <= ulp(q)``."""
    n, r, small = _reduce_exp(a)  # exp(a) = 2**n (1 + r + small)
    small = small + b * ((1.0 + r) + small)  # exp(a + b) = exp(a) (1 + b), b^2 < 2**-86
    one, one_err = _two_sum(1.0, r)
    p, p_err = _two_prod(q, one)
    rest = p_err + (q * (one_err + small) + e * one)
    hi = p + rest
    return hi, rest - (hi - p), n


@leaf_formula
def erfc(x):
    """Complementary error function ``1 - erf(x)``; ``erfc(-inf) = 2``, underflows to 0 above 27.2."""
    x = float(x)
    a = min(abs(x), 28.0)
    sq, sq_err = _two_prod(a, a)
    q, e = _scaled_tail(a, _ERFCX)
    hi, lo, n = _exp_times(-sq, -sq_err, q, e)
    tail = _scale(hi, n)
    d, d_err = _two_sum(2.0, -tail)
    value = d + (d_err - _scale(lo, n)) if x < 0.0 else tail
    return value if x == x else x


@leaf_formula
def log_ndtr(z):
    """log Phi(z), Phi the standard normal CDF; ``-inf`` below -1.9e154, ``-0.0`` above 38.5.

    With ``Phi(-|z|) = exp(-z^2/2) erfcx(|z|/sqrt 2) / 2`` in double-double:
    ``log1p(-Phi(-z))`` for ``z > 0``, ``log(Phi(z))`` for ``-10 < z <= 0`` and
    ``-z^2/2 + log(erfcx(-z/sqrt 2) / 2)`` below (no underflow).
    """
    z = float(z)
    upper = z > 0.0
    far = z <= -10.0
    a = abs(z)
    a_clamped = min(a, 40.0 if upper else 1e150)  # Phi(-40) underflows; 1e150: see far_value
    half_sq, half_sq_err = _two_prod(0.5 * a_clamped, a_clamped)
    q, e = _scaled_tail(a_clamped, _NDTR)
    hi, lo, n = _exp_times(-min(half_sq, 800.0), -half_sq_err, q, e)
    p_hi = _scale(hi, n - 1)  # Phi(-|z|) = p_hi + p_lo
    p_lo = _scale(lo, n - 1)
    # one log: of u (1 + correction) = 1 - Phi(-z), Phi(z) or erfcx / 2
    u = 1.0 - p_hi if upper else (0.5 * q if far else p_hi)
    correction = ((((1.0 - u) - p_hi) - p_lo) if upper else (e if far else p_lo)) / (q if far else u)
    log_u = _log_of_scaled(u, correction)
    # beyond 1e150 the clamped log term is off by < 10, and half_sq_err is 0 next to ulp(z^2/2)
    huge = a > 1e150
    far_value = -(0.5 * a * a if huge else half_sq) + (log_u - (0.0 if huge else half_sq_err))
    value = far_value if far else log_u
    # log1p(-p) = -p - p^2/2 - ... for p < 2**-28: the log would round twice, p ~ ulp(1)
    tiny_tail = p_hi < 3.7e-9 if upper else False
    value = -(p_hi + (p_lo + 0.5 * p_hi * p_hi)) if tiny_tail else value
    value = value if value < 0.0 else -0.0  # log Phi(z) < 0: -0 where Phi(-z) underflows
    return value if z == z else z
