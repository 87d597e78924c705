"""Tabulated values, the same in every math mode."""

import math

import numpy as np

from .._jit import formula

#: Counts below this take log(k!) from the table: counts in real data are mostly
#: small, and a lookup (about 1 ns, also as a vector gather) is the cheapest way.
LOG_FACTORIAL_TABLE_SIZE = 1024

_LOG_FACTORIALS = np.array([math.lgamma(k + 1.0) for k in range(LOG_FACTORIAL_TABLE_SIZE)])


#: Adding and subtracting 2**52 rounds a double in [0, 2**52) to an integer.
_ROUNDER = 2.0**52


@formula
def is_small_count(x):
    """Whether x is an integer in [0, LOG_FACTORIAL_TABLE_SIZE): ``log_factorial_table`` applies.

    Integer test by rounding with ``(x + 2**52) - 2**52``, not ``floor``: LLVM
    leaves a loop calling ``floor`` scalar on AVX2 (3 packed instructions in the
    Poisson loop against 15 without it)."""
    return x >= 0.0 and x < LOG_FACTORIAL_TABLE_SIZE and x == (x + _ROUNDER) - _ROUNDER


@formula
def log_factorial_table(x):
    """log(x!) from the table, for ``is_small_count(x)``; the index is clamped, so other x
    give some table entry (select the result away)."""
    return _LOG_FACTORIALS[np.uint64(min(max(x, 0.0), LOG_FACTORIAL_TABLE_SIZE - 1.0))]
