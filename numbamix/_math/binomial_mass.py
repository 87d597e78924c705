"""The binomial mass in log space with full relative accuracy for huge counts.

``log_binomial_mass(x, n, p, q)`` is ``log(C(n, x) p^x q^(n - x))`` with
``q = 1 - p`` given separately (so that a q near 0 keeps its digits), by
Loader's saddle-point form (Loader 2000, R's ``dbinom_raw``):

.. math:: \\mathrm{stirlerr}(n) - \\mathrm{stirlerr}(x) - \\mathrm{stirlerr}(n - x)
   - \\mathrm{bd0}(x, np) - \\mathrm{bd0}(n - x, nq)
   - \\tfrac12\\log\\bigl(2\\pi x (1 - x/n)\\bigr)

Summing log-factorials instead loses about ``n log(n) eps`` absolutely (1e-12 at
n = 3000), which the deviance terms ``bd0`` avoid: the error is a few ulps of the
result's size whatever n. Used by the hypergeometric mass (a ratio of three
binomial masses at the same p).

``log_negative_binomial_mass(x, alpha, p, q)`` is the negative binomial mass in the same
form: alpha / (x + alpha) times the binomial mass of alpha successes in x + alpha trials
(R's ``dnbinom``), with the count x itself in the deviance terms (not ``(x + alpha) - alpha``,
which loses the digits of a small count next to a huge alpha).
"""

from .._jit import formula
from .constants import HALF_LOG_2PI, INF
from .core import log, log1p
from .special import _bd0, _stirlerr


@formula
def _edge(n, small, large):
    """log of large^n, q = 1 - p given as ``small`` (its complement): exact for a tiny ``small``."""
    return -_bd0(n, n * large) - n * small if small < 0.1 else n * log(large)


@formula
def log_binomial_mass(x, n, p, q):
    """log C(n, x) p^x q^(n - x) for integers 0 <= x <= n (-inf outside), q = 1 - p."""
    if x < 0.0 or x > n:
        return -INF
    if p == 0.0:
        return 0.0 if x == 0.0 else -INF
    if q == 0.0:
        return 0.0 if x == n else -INF
    if x == 0.0:
        return 0.0 if n == 0.0 else _edge(n, p, q)
    if x == n:
        return _edge(n, q, p)
    y = n - x
    deviance = _stirlerr(n) - _stirlerr(x) - _stirlerr(y) - _bd0(x, n * p) - _bd0(y, n * q)
    return deviance - HALF_LOG_2PI - 0.5 * (log(x) + log1p(-x / n))


@formula
def log_negative_binomial_mass(x, alpha, p, q):
    """log Gamma(x + alpha) / (Gamma(alpha) x!) p^alpha q^x for integers x >= 0, alpha > 0, q = 1 - p."""
    if x == 0.0:
        return _edge(alpha, q, p)
    if q == 0.0:
        return -INF
    n = x + alpha
    deviance = _stirlerr(n) - _stirlerr(alpha) - _stirlerr(x) - _bd0(alpha, n * p) - _bd0(x, n * q)
    return deviance - HALF_LOG_2PI + 0.5 * (log(alpha) - log(n) - log(x))
