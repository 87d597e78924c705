"""Small pieces of formula shared by several families."""

import math

from .._jit import formula


@formula
def not_a_count(x, upper):
    """True where ``x`` is not an integer in ``[0, upper]`` (nan included)."""
    return not (x >= 0.0 and x <= upper and x < math.inf and x == math.floor(x))


@formula
def times_log(x, log_y):
    """``x * log_y`` with the convention ``0 * log 0 = 0`` (as ``scipy.special.xlogy``)."""
    return 0.0 if x == 0.0 else x * log_y


@formula
def off_support(x):
    """The log-density outside the support: ``-inf``, or ``nan`` for a ``nan`` value."""
    return x if x != x else -math.inf


@formula
def whole_mass(x):
    """log P(X > x) below the support: 0, or ``nan`` for a ``nan`` value."""
    return x if x != x else 0.0
