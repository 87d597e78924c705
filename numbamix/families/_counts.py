"""Formula pieces shared by the discrete families added for issue 5."""

import math

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
