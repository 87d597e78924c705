"""The elementary functions in the mode :mod:`numbamix.config` selects.

Everything else in numbamix takes exp/log/... from here (through
``numbamix._math``), so switching ``NUMBAMIX_MATH`` switches every formula.
"""

import math

from .._jit import formula
from ..config import MATH
from .constants import NAN

if MATH == "libm":
    from .libm import erfc, exp, expm1, lgamma, log, log1p, log_factorial, log_ndtr
else:
    from .elementary import exp, expm1, log, log1p
    from .libm import erfc, lgamma, log_factorial, log_ndtr  # vectorised versions: issue 4, in progress


@formula
def sqrt(x):
    """Square root; nan below 0 (an LLVM intrinsic: vectorises)."""
    return math.sqrt(x) if x >= 0.0 else NAN


@formula
def cos(x):
    return math.cos(x)


__all__ = ["cos", "erfc", "exp", "expm1", "lgamma", "log", "log1p", "log_factorial", "log_ndtr", "sqrt"]
