"""Log-space special functions built on the elementary functions of :mod:`.core`.

Everything here is scalar float64 -> float64, compiled in nopython mode with
the ``formula`` options, never raises (bad input gives nan) and calls only
the elementary functions, so it stays cacheable and can be compiled for CUDA.
"""

import math

from .._jit import formula, leaf_formula
from .constants import HALF_LOG_2PI, INF, LOG_2, NAN
from .core import exp, expm1, lgamma, log, log1p

#: Machine epsilon (2**-52); the series / continued fractions stop at this.
_EPS = 2.220446049250313e-16
#: Lentz's "tiny" guard against zero denominators.
_TINY = 1e-300
#: Above this argument ``_stirlerr`` uses its asymptotic series, and the
#: Gamma/Beta prefactors switch from plain lgamma to the bd0/stirlerr form.
STIRLING_CUT = 10.0


@formula
def log1mexp(x):
    """log(1 - exp(-x)) for x >= 0, accurate everywhere (Maechler 2012).

    ``log1mexp(0) = -inf``, ``log1mexp(inf) = 0``, x < 0 or nan gives nan.
    """
    if not (x >= 0.0):
        return NAN
    if x <= LOG_2:
        return log(-expm1(-x))
    return log1p(-exp(-x))


@leaf_formula
def log1mexp_branch_free(x):
    """:func:`log1mexp` with both forms computed and one selected: the same values, for loops
    that LLVM vectorises."""
    near = log(-expm1(-x))
    far = log1p(-exp(-x))
    value = near if x <= LOG_2 else far
    return value if x >= 0.0 else NAN


@formula
def _stirlerr(z):
    """lgamma(z) - (z - 1/2) log z + z - log(sqrt(2 pi)) (Stirling's error).

    Asymptotic series (eight terms) for z >= 10, absolute error below 1e-17
    there; from lgamma below that (the callers here do not use it there).
    """
    if z < STIRLING_CUT:
        return lgamma(z) - (z - 0.5) * log(z) + z - HALF_LOG_2PI
    w = 1.0 / (z * z)
    s = -3617.0 / 122400.0
    s = s * w + 1.0 / 156.0
    s = s * w - 691.0 / 360360.0
    s = s * w + 1.0 / 1188.0
    s = s * w - 1.0 / 1680.0
    s = s * w + 1.0 / 1260.0
    s = s * w - 1.0 / 360.0
    s = s * w + 1.0 / 12.0
    return s / z


@formula
def _bd0(a, t):
    """a log(a / t) + t - a, accurate also when t is close to a (Loader 2000).

    a > 0, t >= 0; this is the deviance term of a Poisson(t) density at a.
    """
    d = a - t
    if math.fabs(d) < 0.1 * (a + t):
        v = d / (a + t)
        s = d * v
        ej = 2.0 * a * v
        v2 = v * v
        j = 1
        while j < 1000:
            ej *= v2
            s1 = s + ej / (2 * j + 1)
            if s1 == s:
                return s1
            s = s1
            j += 1
        return s
    r = a / t
    if r > 1e300 or r < 1e-300:
        lr = log(a) - log(t)
    else:
        lr = log(r)
    return a * lr + t - a


@formula
def log_gamma_density(a, t):
    """a log(t) - t - lgamma(a), i.e. log(t^a e^-t / Gamma(a)), stably.

    For a >= 10 it is ``-bd0(a, t) + log(sqrt(a / (2 pi))) - stirlerr(a)``,
    which avoids the cancellation of three O(a log a) terms when t ~ a.
    """
    if a < STIRLING_CUT:
        return a * log(t) - t - lgamma(a)
    return -_bd0(a, t) + 0.5 * log(a) - HALF_LOG_2PI - _stirlerr(a)


@formula
def _log_gamma_ratio_n(n):
    """lgamma(n) - n log n + n, stably for large n."""
    if n < STIRLING_CUT:
        return lgamma(n) - n * log(n) + n
    return -0.5 * log(n) + HALF_LOG_2PI + _stirlerr(n)


@formula
def _log_gammainc_series(a, x):
    """log P(a, x) by the power series (use for x < a + 1)."""
    # P = x^a e^-x / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n))
    cap = 200 + int(30.0 * math.sqrt(a + x))
    term = 1.0
    total = 1.0
    ap = a
    for _ in range(cap):
        ap += 1.0
        term *= x / ap
        total += term
        if term < total * _EPS:
            break
    return log_gamma_density(a, x) - log(a) + log(total)


@formula
def _log_gammaincc_cf(a, x):
    """log Q(a, x) by the Legendre continued fraction, modified Lentz
    (use for x >= a + 1)."""
    cap = 200 + int(30.0 * math.sqrt(a + 1.0))
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, cap + 1):
        b += 2.0
        c, d, delta = _lentz_step(-i * (i - a), b, c, d)
        h *= delta
        if math.fabs(delta - 1.0) < _EPS:
            break
    return log_gamma_density(a, x) + log(h)


@formula
def log_gammainc(a, x):
    """log P(a, x), P the regularised lower incomplete gamma function.

    a > 0, x >= 0.  x = 0 gives -inf, x = inf gives 0; a <= 0, x < 0 or nan
    give nan.  The smaller of P, Q is computed directly in log space (series
    for x < a + 1, continued fraction otherwise), the other via log1mexp.
    """
    if not (a > 0.0) or not (x >= 0.0):
        return NAN
    if x == 0.0:
        return -INF
    if x == INF:
        return 0.0 if a < INF else NAN
    if a == INF:
        return -INF
    if x < a + 1.0:
        return _log_gammainc_series(a, x)
    return log1mexp(-_log_gammaincc_cf(a, x))


@formula
def log_gammaincc(a, x):
    """log Q(a, x), Q the regularised upper incomplete gamma function.

    a > 0, x >= 0.  x = 0 gives 0, x = inf gives -inf; a <= 0, x < 0 or nan
    give nan.
    """
    if not (a > 0.0) or not (x >= 0.0):
        return NAN
    if x == 0.0:
        return 0.0
    if x == INF:
        return -INF if a < INF else NAN
    if a == INF:
        return 0.0
    if x < a + 1.0:
        return log1mexp(-_log_gammainc_series(a, x))
    return _log_gammaincc_cf(a, x)


@formula
def log_gamma_density_scaled(a, n, x):
    """``log_gamma_density(a, n * x)``, also when n * x is subnormal.

    Far below the mode (n x < 1e-280) there is no cancellation to avoid, and
    log(n) + log(x) keeps the precision that a subnormal n * x would lose.
    """
    t = n * x
    if t < 1e-280:
        return a * (log(n) + log(x)) - t - lgamma(a)
    return log_gamma_density(a, t)


@formula
def _log_beta_front(a, b, x, y):
    """log(x^a y^b / B(a, b)), y = 1 - x.

    Written as two Gamma-type densities, (n x)^a e^(-n x) / Gamma(a) and
    (n y)^b e^(-n y) / Gamma(b), times Gamma(n) e^n / n^n with n = a + b, so
    that the O(a log a) terms cancel analytically when a, b are large.
    """
    n = a + b
    return (log_gamma_density_scaled(a, n, x)
            + log_gamma_density_scaled(b, n, y) + _log_gamma_ratio_n(n))


@formula
def _betainc_cf(a, b, x, y):
    """The continued fraction h with I_x(a, b) = x^a y^b / (a B(a, b)) * h,
    by the modified Lentz method; fast for x <= (a + 1) / (a + b + 2).
    y = 1 - x.  The iteration cap, 200 + 30 sqrt(max(a, b)), is far above
    what the fraction needs below the switch point (about sqrt(max(a, b)))."""
    cap = 200 + int(30.0 * math.sqrt(max(a, b)))
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    # 1 - (a + b) x / (a + 1), from whichever of x, y is the accurate one
    # (near the switch point this cancels badly when written with x ~ 1).
    if x <= 0.5:
        d = 1.0 - qab * x / qap
    else:
        d = (1.0 - b + qab * y) / qap
    if math.fabs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    for m in range(1, cap + 1):
        m2 = 2.0 * m
        c, d, even = _lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), 1.0, c, d)
        c, d, delta = _lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), 1.0, c, d)
        h *= even * delta
        if math.fabs(delta - 1.0) < _EPS:
            break
    return h


@formula
def _lentz_step(a_n, b_n, c, d):
    """One step of the modified Lentz method for ``b_0 + a_1/(b_1 + a_2/(b_2 + ...))``.

    Returns the new ``(c, d)`` and the factor ``c * d`` the convergent is
    multiplied by; tiny denominators are nudged to ``_TINY`` (Thompson & Barnett).
    """
    d = a_n * d + b_n
    if math.fabs(d) < _TINY:
        d = _TINY
    c = b_n + a_n / c
    if math.fabs(c) < _TINY:
        c = _TINY
    d = 1.0 / d
    return c, d, c * d


@formula
def log_betainc(a, b, x, y):
    """log I_x(a, b), the regularised incomplete beta function, in log space.

    The caller passes both x and y = 1 - x (computed accurately, so that
    x near 1 loses nothing); only the smaller of the two is trusted, the
    other is recomputed from it.  a, b > 0; x = 0 gives -inf, y = 0 gives 0;
    a, b <= 0, x or y < 0, or nan give nan.

    The continued fraction is evaluated in x for x below the usual switch
    point (a + 1) / (a + b + 2), else in y with I_x(a, b) = 1 - I_y(b, a),
    the complement taken in log space (log1mexp).
    """
    if not (a > 0.0) or not (b > 0.0) or not (x >= 0.0) or not (y >= 0.0):
        return NAN
    if x == 0.0:
        return -INF
    if y == 0.0:
        return 0.0
    if a == INF or b == INF:
        return NAN
    if x <= y:
        y = 1.0 - x
    else:
        x = 1.0 - y
    log_front = _log_beta_front(a, b, x, y)
    if x * (a + b + 2.0) < a + 1.0:
        return log_front - log(a) + log(_betainc_cf(a, b, x, y))
    return log1mexp(-(log_front - log(b) + log(_betainc_cf(b, a, y, x))))


@formula
def lgamma_half_ratio(x):
    """``log Gamma(x + 1/2) - log Gamma(x)`` for ``x > 0``, without cancellation for large ``x``.

    Below 20 the two ``lgamma`` values are subtracted (absolute error ~1e-14);
    from 20 on the asymptotic series
    ``log(x)/2 - 1/(8x) + 1/(192x^3) - 1/(640x^5) + 17/(14336x^7) - 31/(18432x^9)``
    (relative error < 1e-17, checked against mpmath).
    """
    if x < 20.0:
        return lgamma(x + 0.5) - lgamma(x)
    r = 1.0 / (x * x)
    series = -0.125 + r * (1.0 / 192.0 + r * (-1.0 / 640.0 + r * (17.0 / 14336.0 - r * 31.0 / 18432.0)))
    return 0.5 * log(x) + series / x
