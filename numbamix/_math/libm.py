"""The C library's functions, one value at a time: the ``NUMBAMIX_MATH=libm`` escape hatch.

numba lowers these to libm calls, which LLVM cannot vectorise; they are here
for users who must match another libm-based library bit for bit.
"""

import math

from .._jit import formula
from .constants import HALF_LOG_2PI, INF, NAN, SQRT_2


@formula
def mul_add(a, b, c):
    """``a * b + c`` rounded twice, as C code without contraction computes it."""
    return a * b + c


@formula
def exp(x):
    return math.exp(x)


@formula
def log(x):
    """Natural logarithm: log(0) = -inf, log(x < 0) = nan (libm, no exception)."""
    return math.log(x)


@formula
def log1p(x):
    return math.log1p(x)


@formula
def expm1(x):
    return math.expm1(x)


@formula
def lgamma(x):
    """log|Gamma(x)|; ``inf`` at the poles (0, -1, -2, ...)."""
    return math.lgamma(x)


@formula
def log_factorial(x):
    """``log(x!) = lgamma(x + 1)``."""
    return lgamma(x + 1.0)


@formula
def erfc(x):
    return math.erfc(x)


@formula
def log_ndtr(z):
    """log Phi(z), Phi the standard normal CDF, accurate on the whole line.

    For z > -1 (where Phi(z) > 0.15) it is ``log1p(-Phi(-z))``, so the upper
    tail keeps full relative accuracy (log Phi(z) ~ -Phi(-z)); for
    -20 < z <= -1 it is ``log(Phi(z))`` with Phi from ``erfc`` (accurate
    relatively deep into the tail); below -20 the asymptotic series of
    Mills' ratio, as in scipy/cephes.
    """
    if z != z:
        return NAN
    if z > -1.0:
        return log1p(-0.5 * erfc(z / SQRT_2))
    if z > -20.0:
        return log(0.5 * erfc(-z / SQRT_2))
    if z == -INF:
        return -INF
    # log Phi(z) = -z^2/2 - log(-z) - log(sqrt(2 pi))
    #              + log(1 - 1/z^2 + 3/z^4 - 15/z^6 + ...)
    inv_z2 = 1.0 / (z * z)
    total = 1.0
    term = 1.0
    i = 0
    while i < 1000:
        i += 1
        new_term = -term * (2.0 * i - 1.0) * inv_z2
        if math.fabs(new_term) >= math.fabs(term):
            break  # asymptotic series: stop where terms stop shrinking
        term = new_term
        previous = total
        total += term
        if total == previous:
            break
    return -0.5 * z * z - log(-z) - HALF_LOG_2PI + log(total)


