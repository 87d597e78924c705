"""The elementary functions in the mode :mod:`numbamix.config` selects.

Everything else in numbamix takes exp/log/... from here (through
``numbamix._math``), so switching ``NUMBAMIX_MATH`` switches every formula.
"""

import math

from .._jit import formula
from ..config import MATH
from .constants import NAN
from .tables import is_small_count, log_factorial_table

if MATH == "libm":
    from .libm import erfc, exp, expm1, lgamma, log, log1p, log_ndtr, mul_add
    from .libm import lgamma as lgamma_stirling
    from .libm import log_factorial as _log_factorial_beyond_table
else:
    from .elementary import exp, expm1, log, log1p, mul_add
    from .error_function import erfc, log_ndtr
    from .gamma import lgamma, lgamma_stirling
    from .gamma import log_factorial as _log_factorial_beyond_table


@formula
def log_factorial(x):
    """``log(x!) = lgamma(x + 1)`` for ``x >= 0``; a table lookup for small integers."""
    if is_small_count(x):
        return log_factorial_table(x)
    return _log_factorial_beyond_table(x)


@formula
def sqrt(x):
    """Square root; nan below 0 (an LLVM intrinsic: vectorises)."""
    return math.sqrt(x) if x >= 0.0 else NAN


@formula
def cos(x):
    return math.cos(x)


__all__ = ["cos", "erfc", "exp", "expm1", "lgamma", "lgamma_stirling", "log", "log1p", "log_factorial", "log_ndtr", "mul_add", "sqrt"]
