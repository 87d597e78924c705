"""Tangent and inverse tangents (libm's, through LLVM; error below 1 ulp).

For the Cauchy-type cdfs and draws and Owen's T function. These are not on the
vectorised hot path (``logp`` of those families needs no trigonometry), so
libm's versions serve both math modes.
"""

import math

from .._jit import formula


@formula
def atan(x):
    return math.atan(x)


@formula
def atan2(y, x):
    """The angle of ``(x, y)`` in ``[-pi, pi]``; ``atan2(1, x)`` is ``atan(1/x)`` with no rounding of ``1/x``."""
    return math.atan2(y, x)


@formula
def tan(x):
    return math.tan(x)


__all__ = ["atan", "atan2", "tan"]
