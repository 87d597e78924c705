"""Shared pieces of the families' ``grad_logp`` formulas."""

import math

from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload

from .. import _math as m
from .._jit import formula


def with_gradient(value, grads):
    """``(value, *grads)``: a log-density and its derivatives; outside the support (``value``
    is ``-inf``) the derivatives are 0, whatever the formulas give there."""
    return (value,) + (tuple(0.0 for _ in grads) if value == -math.inf else tuple(grads))


@overload(with_gradient)
def _with_gradient(value, grads):
    zeros = (0.0,) * len(grads)

    def impl(value, grads):
        if value == -math.inf:
            return (value,) + zeros
        return (value,) + grads

    return impl


@formula
def ratio(x, y):
    """``x / y`` with ``0 / y = 0`` also for ``y = 0``: the derivative of ``x log y`` (``0 log 0 = 0``)."""
    return 0.0 if x == 0.0 else x / y


@formula
def normal_hazard(t):
    """``phi(t) / Phi(t)`` (the standard normal density over its cdf; about ``-t`` far below 0),
    from ``log_ndtr``: no overflow or 0/0 in either tail."""
    return m.exp(-0.5 * t * t - m.HALF_LOG_2PI - m.log_ndtr(t))


def scaled_sum(a, u, b, v):
    """``a u + b v`` for tuples ``u``, ``v`` of derivatives (of one length), term by term; a
    zero factor makes its term 0 whatever the derivative (also ``inf`` or ``nan``): a term
    that is absent, not ``0 * inf``."""
    return tuple((0.0 if a == 0.0 else a * s) + (0.0 if b == 0.0 else b * t) for s, t in zip(u, v))


@overload(scaled_sum)
def _scaled_sum(a, u, b, v):
    n = len(u)

    def impl(a, u, b, v):
        out = u
        for i in range(n):
            term = (0.0 if a == 0.0 else a * u[i]) + (0.0 if b == 0.0 else b * v[i])
            out = tuple_setitem(out, i, term)
        return out

    return impl


@formula
def scaled(a, u):
    """``a u`` for a tuple ``u`` of derivatives (``0`` for every term where ``a = 0``)."""
    return scaled_sum(a, u, 0.0, u)
