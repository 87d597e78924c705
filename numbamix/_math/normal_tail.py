"""Normal-tail pieces that :mod:`.error_function` does not export.

``mills_ratio(x) = Phi(-x) / phi(x)`` (``= sqrt(pi/2) erfcx(x/sqrt 2)``) lets
formulas write ``exp(a) Phi(-x)`` as ``exp(a - x^2/2) M(x) / sqrt(2 pi)``, so
that large exponents cancel exactly in the algebra instead of in floating point
(Wald, ExGaussian). ``erf_over_x(x) = erf(x) / x`` keeps full relative accuracy
near 0, where ``1 - erfc(x)`` cancels (Moyal).

Accuracy, measured against mpmath (50 digits) on 2000 log-spaced points each:
``mills_ratio`` max relative error 3.1e-15 on [-1, 1e10] (``exp(log_ndtr(-x) +
x^2/2)`` below 6, whose error grows as ``x^2 eps``, so 7e-14 at x = -25;
Laplace's continued fraction from 6 on, 20 terms, backward: below 1e-16 there);
``erf_over_x`` max relative error 1.7e-16 on [0, 30].
"""

import numpy as np

from .._jit import formula
from .constants import HALF_LOG_2PI
from .core import erfc, exp, log_ndtr
from .elementary import polynomial

#: From here on the continued fraction (20 terms) is accurate to 1e-16.
_MILLS_CF_FROM = 6.0
_MILLS_CF_TERMS = 20

#: erf(x) / x = 2/sqrt(pi) sum_n (-1)^n x^(2n) / (n! (2n + 1)), for x^2 < 1/4
#: (13 terms: the next is below 1e-19 relative).
_ERF_SERIES = np.array(
    [2.0 / np.sqrt(np.pi) * (-1.0) ** n / (np.prod(np.arange(1.0, n + 1.0)) * (2 * n + 1)) for n in range(13)]
)


@formula
def mills_ratio(x):
    """``Phi(-x) / phi(x)`` (``1/x`` asymptotically; meant for ``x >= 0``, see the module docstring)."""
    t = 0.0
    for n in range(_MILLS_CF_TERMS, 0, -1):
        t = n / (max(x, _MILLS_CF_FROM) + t)
    far = 1.0 / (x + t)
    if x >= _MILLS_CF_FROM:
        return far
    return exp(log_ndtr(-x) + 0.5 * x * x + HALF_LOG_2PI)


@formula
def erf_over_x(x):
    """``erf(x) / x`` for ``x >= 0`` (``2/sqrt(pi)`` at 0), to full relative accuracy."""
    if x < 0.5:
        return polynomial(_ERF_SERIES, x * x)
    return (1.0 - erfc(x)) / x
