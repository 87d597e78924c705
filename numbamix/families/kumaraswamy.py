"""Kumaraswamy distribution on ``[0, 1]``.

.. math:: \\log p(x) = \\log a + \\log b + (a - 1)\\log x + (b - 1)\\log(1 - x^a),
   \\qquad 0 \\le x \\le 1

The survival function is :math:`(1 - x^a)^b`, the cdf :math:`1 - (1 - x^a)^b`;
``log(1 - x^a)`` is ``log1mexp(-a log x)``, exact also where ``x^a`` is close to 1.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, times_log, whole_mass
from ._references import closed_form_reference
from ._gradient import with_gradient
from ._registry import POSITIVE, Param, register


class KumaraswamyKernel(NamedTuple):
    a: float
    b: float
    log_norm: float  # log(a) + log(b)
    log_b: float


@formula
def make_kernel(a, b):
    return KumaraswamyKernel(a, b, m.log(a) + m.log(b), m.log(b))


@formula
def logp(k, x):
    return logp_vector(k, x, m.log(x), 0.0)


@formula
def logp_vector(k, x, log_x, log_factorial_x):
    """logp, given ``log_x = log(x)``: branch-free, exact everywhere (``log_factorial_x`` unused)."""
    # log(1 - x^a); at the edges the powers give +-inf or, for a or b = 1, 0 (times_log)
    log_rest = m.log1mexp(-k.a * log_x)
    value = k.log_norm + times_log(k.a - 1.0, log_x) + times_log(k.b - 1.0, log_rest)
    return value if x >= 0.0 and x <= 1.0 else off_support(x)


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``a``, ``b``, ``x``: with :math:`\\ell = \\log x` and
    :math:`e = 1/(x^{-a} - 1) = x^a/(1 - x^a)`, :math:`(1/a + \\ell - (b - 1)\\ell e,\\
    1/b + \\log(1 - x^a),\\ ((a - 1) - (b - 1) a e)/x)`."""
    log_x = m.log(x)
    e = 1.0 / m.expm1(-k.a * log_x)
    d_a = 1.0 / k.a + log_x - (k.b - 1.0) * log_x * e
    d_b = 1.0 / k.b + m.log1mexp(-k.a * log_x)
    return with_gradient(logp(k, x), (d_a, d_b, ((k.a - 1.0) - (k.b - 1.0) * k.a * e) / x))


@formula
def _log_rest(k, x):
    """``log(1 - x^a)`` for 0 < x < 1: the log survival function is b times it."""
    return m.log1mexp(-k.a * m.log(x))


@formula
def logcdf(k, x):
    if not x > 0.0:
        return off_support(x)
    if x >= 1.0:
        return 0.0
    t = k.a * m.log(x)
    # log(1 - (1 - u)^b) with u = x^a; below u = e^-40 it is log(b u) + log1p((1 - b) u / 2 + ...),
    # the correction under 1e-16 relative
    return m.log1mexp(-k.b * _log_rest(k, x)) if t > -40.0 else k.log_b + t


@formula
def logccdf(k, x):
    if not x > 0.0:
        return whole_mass(x)
    if x >= 1.0:
        return -m.INF
    return k.b * _log_rest(k, x)


@formula
def draw(k, state):
    # inversion: x = (1 - V^(1/b))^(1/a), V = 1 - U uniform; log(1 - V^(1/b)) = log1mexp(E / b)
    return m.exp(m.log1mexp(rnd.standard_exponential(state) / k.b) / k.a)


@formula
def _log_moment(k, n):
    """log E[X^n] = log b + log B(1 + n/a, b)."""
    return k.log_b + m.log_beta(1.0 + n / k.a, k.b)


@formula
def mean(k):
    return m.exp(_log_moment(k, 1.0))


@formula
def variance(k):
    # E[X^2] - E[X]^2 with the difference by expm1 (the two agree closely for a large a)
    log_second = _log_moment(k, 2.0)
    return m.exp(log_second) * -m.expm1(2.0 * _log_moment(k, 1.0) - log_second)


def _reference(a, b):
    """scipy has no Kumaraswamy: closed forms at 40 digits, quantiles and moments in closed form."""
    import numpy as np

    def times_log(ctx, c, y):
        return 0 if c == 0 else c * ctx.log(y)

    def log_rest(ctx, x, a):
        """log(1 - x^a)."""
        return ctx.log(-ctx.expm1(a * ctx.log(x)))

    def moment(ctx, n, a, b):
        return b * ctx.beta(1 + n / a, b)

    kumaraswamy = closed_form_reference(
        "kumaraswamy",
        "a, b",
        lambda a, b: (0.0, 1.0),
        logpdf=lambda ctx, x, a, b: (
            ctx.log(a * b) + times_log(ctx, a - 1, x) + times_log(ctx, b - 1, -ctx.expm1(a * ctx.log(x)))
        ),
        logcdf=lambda ctx, x, a, b: ctx.log(-ctx.expm1(b * log_rest(ctx, x, a))),
        logsf=lambda ctx, x, a, b: b * log_rest(ctx, x, a),
        ppf=lambda q, a, b: (-np.expm1(np.log1p(-q) / b)) ** (1.0 / a),
        isf=lambda q, a, b: (-np.expm1(np.log(q) / b)) ** (1.0 / a),
        moments=lambda ctx, a, b: (moment(ctx, 1, a, b), moment(ctx, 2, a, b) - moment(ctx, 1, a, b) ** 2),
    )
    return kumaraswamy(a, b)


FAMILY = register(
    globals(),
    "Kumaraswamy",
    params=(Param("a", POSITIVE, (0.5, 5.0)), Param("b", POSITIVE, (1.0, 5.0))),
    support=(0.0, 1.0),
    discrete=False,
    shared_values=("log",),
    reference=_reference,
)
