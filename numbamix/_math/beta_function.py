"""log B(a, b) and the log Beta density, without cancellation.

:func:`log_beta`: the log of the complete beta function.

``lgamma(a) + lgamma(b) - lgamma(a + b)`` loses about ``eps * lgamma(a + b)``
absolutely: for a large argument most of the digits of the result. Instead,
with ``p = min(a, b)``, ``q = max(a, b)`` and Stirling's error
``stirlerr(z) = lgamma(z) - (z - 1/2) log z + z - log sqrt(2 pi)``:

- ``q < 10``: the three lgamma values (each below 13 in size, absolute error
  ~1e-15);
- ``p < 10 <= q``: ``lgamma(p) + lgamma(q) - lgamma(p + q)``, the last
  difference as ``-(q - 1/2) log1p(p/q) - p log(p + q) + p
  + stirlerr(q) - stirlerr(p + q)``;
- ``p >= 10``: ``-log(q)/2 + log sqrt(2 pi) + (p - 1/2) log(p/(p+q))
  + q log1p(-p/(p+q)) + stirlerr(p) + stirlerr(q) - stirlerr(p + q)``
  (the form of R's ``lbeta``).

Against mpmath (50 digits) on a log grid of a, b in [1e-300, 1e300]: relative
error below 3e-15 (measured with the default math).

:func:`log_beta_density`: ``log(x^(a-1) (1-x)^(b-1) / B(a, b))`` as two
Gamma-type densities (Loader's bd0 / Stirling-error form, from
:mod:`.special`), so the O(a log a) terms cancel analytically near the mode
when a or b is large; against mpmath on a, b in [1e-3, 1e6] and x over the
whole interval its relative error is below 1e-12 (see the Beta family).
"""

from .._jit import formula
from .constants import HALF_LOG_2PI, NAN
from .core import lgamma, log, log1p
from .special import STIRLING_CUT, _log_beta_front, _stirlerr


@formula
def log_beta(a, b):
    """log B(a, b) for a, b > 0 (nan otherwise); see the module docstring."""
    if not (a > 0.0 and b > 0.0):
        return NAN
    p = min(a, b)
    q = max(a, b)
    if q < STIRLING_CUT:
        return lgamma(p) + lgamma(q) - lgamma(p + q)
    n = p + q
    if p < STIRLING_CUT:
        return lgamma(p) - (q - 0.5) * log1p(p / q) - p * log(n) + p + (_stirlerr(q) - _stirlerr(n))
    r = p / n
    correction = _stirlerr(p) + _stirlerr(q) - _stirlerr(n)
    return -0.5 * log(q) + HALF_LOG_2PI + correction + (p - 0.5) * log(r) + q * log1p(-r)


@formula
def log_beta_density(a, b, x, y):
    """log of the Beta(a, b) density at x, given y = 1 - x (computed accurately), 0 < x < 1."""
    return _log_beta_front(a, b, x, y) - log(x) - log(y)
