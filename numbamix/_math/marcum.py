"""Marcum's Q function of order 1 in log space (the Rice cdf and survival function).

``Q1(a, b) = P(X > b^2)`` for ``X`` non-central chi-square with 2 degrees of freedom
and non-centrality ``a^2``, a Poisson(``lam = a^2/2``) mixture of Gamma(k + 1):

.. math:: Q_1(a, b) = \\sum_k e^{-\\lambda}\\frac{\\lambda^k}{k!} Q(k + 1, y), \\qquad
   1 - Q_1(a, b) = \\sum_k e^{-\\lambda}\\frac{\\lambda^k}{k!} P(k + 1, y), \\qquad y = b^2/2

with ``P``/``Q`` the regularised incomplete gamma functions. Both are sums of
positive terms, so each is summed directly in log space (no ``1 - Q1``
cancellation in either tail): the terms are log-concave in ``k``, so the sum
starts at the largest term (found by climbing from ``sqrt(lam y)`` or ``lam``,
where it lies in the tails and in the body) and goes outward until a term is
below 1e-17 of the sum. Cost: about ``20 sqrt(lam + y)`` incomplete-gamma
evaluations, so meant for moderate ``a`` (``a <= 100`` in the tests; no
asymptotic form for larger ones).

Accuracy against mpmath (the same sum, 60 digits) with b from the 1e-250 quantiles
to the far tails: max relative error of either log 1.6e-13 for a <= 30, 5.8e-12
at a = 100 (the incomplete gamma functions' error at shapes ~ a^2/2). Past a
largest log term of 3e12 the sum is not formed (the largest term is returned:
relative error below 1e-11).
"""

import math

from .._jit import formula
from .constants import INF, LOG_2, NAN
from .core import exp, log, log_factorial
from .special import log1mexp, log_gammainc, log_gammaincc

#: Past this size of the largest log term, the terms' differences are rounding noise and the
#: log of their sum (at most ~30) is below 1e-11 of the result: the largest term is returned.
_BEYOND_SUM = 3e12
#: A term below this fraction of the sum ends the sum in that direction.
_NEGLIGIBLE = 1e-17


@formula
def _log_term(k, lam, log_lam, y, upper):
    """log of the k-th term: Poisson(lam) weight times P(k + 1, y) or Q(k + 1, y)."""
    log_weight = -lam - log_factorial(k) + (k * log_lam if k > 0.0 else 0.0)
    return log_weight + (log_gammaincc(k + 1.0, y) if upper else log_gammainc(k + 1.0, y))


@formula
def _log_poisson_gamma_sum(lam, y, upper):
    """log sum_k Poisson(k; lam) Q(k + 1, y) (``upper``) or P(k + 1, y)."""
    if not (lam >= 0.0 and y >= 0.0):
        return NAN
    log_lam = log(lam)
    # where the largest term lies: near sqrt(lam y) in the tails, near lam in the body
    tail = (y > lam) if upper else (y < lam)
    k = math.floor(math.sqrt(lam * y) if tail else lam)
    best = _log_term(k, lam, log_lam, y, upper)
    while k > 0.0:
        t = _log_term(k - 1.0, lam, log_lam, y, upper)
        if not t > best:
            break
        k -= 1.0
        best = t
    while True:
        t = _log_term(k + 1.0, lam, log_lam, y, upper)
        if not t > best:
            break
        k += 1.0
        best = t
    if not abs(best) < _BEYOND_SUM:
        return best
    total = 1.0
    j = k - 1.0
    while j >= 0.0:
        r = exp(_log_term(j, lam, log_lam, y, upper) - best)
        total += r
        if r < _NEGLIGIBLE * total:
            break
        j -= 1.0
    j = k + 1.0
    while True:
        r = exp(_log_term(j, lam, log_lam, y, upper) - best)
        total += r
        if not r >= _NEGLIGIBLE * total:
            break
        j += 1.0
    return best + log(total)


@formula
def _log_sides(a, b):
    """(log Q1, log(1 - Q1)): the smaller side summed, the other from it by log1mexp."""
    lam = 0.5 * a * a
    y = 0.5 * b * b
    if y == INF:
        return -INF, 0.0
    # the median of y is near lam + 1/2: guess the smaller side, and switch if it is not
    upper = y > lam + 0.5
    small = _log_poisson_gamma_sum(lam, y, upper)
    if small > -LOG_2:
        upper = not upper
        small = _log_poisson_gamma_sum(lam, y, upper)
    large = log1mexp(-small)
    return (small, large) if upper else (large, small)


@formula
def log_marcum_q1(a, b):
    """log Q1(a, b) for a, b >= 0 (0 at b = 0, -inf at b = inf)."""
    if b == INF:
        return -INF if a < INF else NAN
    return _log_sides(a, b)[0]


@formula
def log_marcum_p1(a, b):
    """log(1 - Q1(a, b)) for a, b >= 0 (-inf at b = 0, 0 at b = inf)."""
    if b == INF:
        return 0.0 if a < INF else NAN
    return _log_sides(a, b)[1]
