"""Formula pieces shared by the discrete families added for issue 5."""

import math

from .. import _math as m
from .._jit import formula

#: From 2**52 on every double is an integer.
_ALL_INTEGERS = 4503599627370496.0


@formula
def whole(x):
    """``floor(x)`` as a float, also beyond 2**63 where ``math.floor`` (an int64 in numba)
    overflows; ``x`` finite or infinite, not nan."""
    return x if not math.fabs(x) < _ALL_INTEGERS else float(math.floor(x))


@formula
def below_support(x):
    """log P(X > x) below the support: 0, or ``nan`` for a ``nan`` value."""
    return x if x != x else 0.0


@formula
def round_half_even(y):
    """``y`` rounded to an integer, halves to even (numpy's and PyTensor's ``round``)."""
    r = whole(y + 0.5)
    return r - 1.0 if r - y == 0.5 and r % 2.0 == 1.0 else r


@formula
def mass_ratio(j, u0, u1, w0, w1, z0, z1):
    """p(j + 1) / p(j) = (u0 + u1 j)(w0 + w1 j) / ((j + 1)(z0 + z1 j))."""
    return (u0 + u1 * j) * (w0 + w1 * j) / ((j + 1.0) * (z0 + z1 * j))


@formula
def log_mass_sum(log_start, start, end, u0, u1, w0, w1, z0, z1, concave):
    """log of sum_j p(j) for j from ``start`` to ``end`` (either direction, both included),
    given log p(start) and the term ratio p(j + 1) / p(j) of :func:`mass_ratio`.

    The terms are scaled by p(start) and formed by the ratio recurrence (relative error
    about (steps) * 4 eps on the farthest terms, which are the smallest where it matters).
    Where the family is log-concave (``concave``) the terms shrink at least geometrically
    once they start shrinking away from ``start``, and the sum stops when the geometric
    bound on the rest is below 1e-17 of the total; otherwise it runs to ``end`` (at most
    |end - start| + 1 terms).
    """
    if log_start == -math.inf:
        return log_start
    step = 1.0 if end >= start else -1.0
    total = 1.0
    term = 1.0
    j = start
    while j != end:
        if step > 0.0:
            r = mass_ratio(j, u0, u1, w0, w1, z0, z1)
        else:
            r = 1.0 / mass_ratio(j - 1.0, u0, u1, w0, w1, z0, z1)
        term *= r
        total += term
        j += step
        if concave and r < 1.0 and term * r < 1e-17 * total * (1.0 - r):
            break
    return log_start + m.log(total)


@formula
def log_tail_sums(log_mass_j, j, lower, upper, mean, terms, concave, want_upper):
    """log P(X <= j), or log P(X > j) with ``want_upper``, for an integer j in [lower, upper).

    ``log_mass_j``: log p(j) (log p(j + 1) follows by the ratio); ``terms``: the ratio
    coefficients of :func:`mass_ratio`. The side of the mean that j lies on is summed (:func:`log_mass_sum`,
    the smaller probability there); the other side is its complement by ``log1mexp`` where
    that side is below 1/2, and its own sum otherwise (no cancellation either way).
    """
    log_mass_next = log_mass_j + m.log(mass_ratio(j, *terms))
    near_upper = j >= mean
    if near_upper:
        near = log_mass_sum(log_mass_next, j + 1.0, upper, *terms, concave)
    else:
        near = log_mass_sum(log_mass_j, j, lower, *terms, concave)
    if near_upper == want_upper:
        return near
    if near < -m.LOG_2:
        return m.log1mexp(-near)
    if want_upper:
        return log_mass_sum(log_mass_next, j + 1.0, upper, *terms, concave)
    return log_mass_sum(log_mass_j, j, lower, *terms, concave)
