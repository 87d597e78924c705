"""Triangular distribution on ``[lower, upper]`` with mode ``c``.

.. math:: \\log p(x) = \\log 2 + \\begin{cases}
   \\log(x - \\mathrm{lower}) - \\log((\\mathrm{upper} - \\mathrm{lower})(c - \\mathrm{lower}))
   & \\mathrm{lower} \\le x < c \\\\
   -\\log(\\mathrm{upper} - \\mathrm{lower}) & x = c \\\\
   \\log(\\mathrm{upper} - x) - \\log((\\mathrm{upper} - \\mathrm{lower})(\\mathrm{upper} - c))
   & c < x \\le \\mathrm{upper}
   \\end{cases}

The cdf is :math:`(x - \\mathrm{lower})^2 / ((\\mathrm{upper} - \\mathrm{lower})(c - \\mathrm{lower}))`
up to the mode; the survival function mirrors it above. Positional parameters
follow PyMC's ``Triangular.dist(lower, upper, c)``.
"""

from typing import NamedTuple

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support, whole_mass
from ._references import closed_form_reference
from ._gradient import with_gradient
from ._registry import REAL, Param, register


class TriangularKernel(NamedTuple):
    lower: float
    upper: float
    c: float
    width: float
    log_left: float  # log(width (c - lower)), the left half's normaliser
    log_right: float  # log(width (upper - c))
    log_peak: float  # log(2 / width), the density at the mode


@formula
def make_kernel(lower, upper, c):
    width = upper - lower
    log_width = m.log(width)
    return TriangularKernel(
        lower, upper, c, width, log_width + m.log(c - lower), log_width + m.log(upper - c), m.LOG_2 - log_width
    )


@formula
def logp(k, x):
    if not (x >= k.lower and x <= k.upper):
        return off_support(x)
    if x < k.c:
        return m.LOG_2 + m.log(x - k.lower) - k.log_left
    if x > k.c:
        return m.LOG_2 + m.log(k.upper - x) - k.log_right
    return k.log_peak


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``lower``, ``upper``, ``c``, ``x``. Left of the mode
    (:math:`\\log 2 + \\log(x - l) - \\log w - \\log(c - l)`, :math:`w = u - l`):
    :math:`(1/w + 1/(c - l) - 1/(x - l),\\ -1/w,\\ -1/(c - l),\\ 1/(x - l))`; right of it,
    mirrored: :math:`(1/w,\\ 1/(u - x) - 1/w - 1/(u - c),\\ 1/(u - c),\\ -1/(u - x))`; at the
    mode :math:`(1/w, -1/w, 0, 0)`."""
    inv_width = 1.0 / k.width
    if x < k.c:
        left = 1.0 / (k.c - k.lower)
        grads = (inv_width + left - 1.0 / (x - k.lower), -inv_width, -left, 1.0 / (x - k.lower))
    elif x > k.c:
        right = 1.0 / (k.upper - k.c)
        grads = (inv_width, 1.0 / (k.upper - x) - inv_width - right, right, -1.0 / (k.upper - x))
    else:
        grads = (inv_width, -inv_width, 0.0, 0.0)
    return with_gradient(logp(k, x), grads)


@formula
def _log_masses(near, beyond, span, other, width, log_norm):
    """``(log tail, log body)``: the log-masses beyond and before x, x on one side of the mode.

    ``near`` is the distance from x to the edge of its side, ``span`` from the mode to that edge,
    ``beyond`` from the mode to x, ``other`` from the mode to the opposite edge, ``log_norm`` the
    side's ``log(width span)``. The tail is ``near^2 / (width span)``; the body
    ``other / width + beyond (span + near) / (width span)``, a sum of positive terms (no
    cancellation however close the mode is to an edge). Each log is taken of whichever of the two
    is below 1/2, the other by ``log1p``.
    """
    tail = (near / width) * (near / span)
    body = other / width + (beyond / width) * (1.0 + near / span)
    if tail < 0.5:
        return 2.0 * m.log(near) - log_norm, m.log1p(-tail)
    return m.log1p(-body), m.log(body)


@formula
def _left(k, x):
    return _log_masses(x - k.lower, k.c - x, k.c - k.lower, k.upper - k.c, k.width, k.log_left)


@formula
def _right(k, x):
    return _log_masses(k.upper - x, x - k.c, k.upper - k.c, k.c - k.lower, k.width, k.log_right)


@formula
def logcdf(k, x):
    if not x > k.lower:
        return off_support(x)
    if x >= k.upper:
        return 0.0
    # inside (lower, upper), x <= c leaves c - lower > 0 and x > c leaves upper - c > 0
    return _left(k, x)[0] if x <= k.c else _right(k, x)[1]


@formula
def logccdf(k, x):
    if not x < k.upper:
        return off_support(x)
    if x <= k.lower:
        return whole_mass(x)
    return _left(k, x)[1] if x <= k.c else _right(k, x)[0]


@formula
def draw(k, state):
    u = rnd.uniform(state)
    left = k.c - k.lower
    if u * k.width < left:
        return k.lower + m.sqrt(k.width * left * u)
    return k.upper - m.sqrt(k.width * (k.upper - k.c) * (1.0 - u))


@formula
def mean(k):
    return (k.lower + k.upper + k.c) / 3.0


@formula
def variance(k):
    # (a^2 - a w + w^2) / 18 with a = c - lower: a sum of squares, no cancellation
    a = k.c - k.lower
    h = k.width - 0.5 * a
    return (h * h + 0.75 * a * a) / 18.0


@formula
def support(k):
    return k.lower, k.upper


def _ordered(values):
    lower, upper, c = values["lower"], values["upper"], values["c"]
    return (lower < upper) & (lower <= c) & (c <= upper), "'lower' < 'upper' and lower <= c <= upper required"


def _reference(lower, upper, c):
    """Closed forms at 40 digits: scipy's triang standardises x (absolute, not relative,
    accuracy next to the ends)."""
    import numpy as np

    def log_masses(ctx, x, lo, up, mode):
        """(log cdf, log sf): each side's mass beyond x as a square, the other as a sum."""
        w = up - lo
        if x <= mode:
            left = (x - lo) ** 2 / (w * (mode - lo)) if mode > lo else ctx.mpf(0)
            right = ((up - mode) * (mode - lo) + (mode - x) * (x + mode - 2 * lo)) / (w * (mode - lo)) if mode > lo else 1
            return ctx.log(left), ctx.log(right)
        right = (up - x) ** 2 / (w * (up - mode))
        left = ((mode - lo) * (up - mode) + (x - mode) * (2 * up - x - mode)) / (w * (up - mode))
        return ctx.log(left), ctx.log(right)

    def log_density(ctx, x, lo, up, mode):
        if x < mode:
            return ctx.log(2 * (x - lo) / ((up - lo) * (mode - lo)))
        if x > mode:
            return ctx.log(2 * (up - x) / ((up - lo) * (up - mode)))
        return ctx.log(2 / (up - lo))

    def quantile(q, lo, up, mode):
        w, left = up - lo, mode - lo
        return np.where(q * w < left, lo + np.sqrt(w * left * q), up - np.sqrt(w * (up - mode) * (1 - q)))

    def upper_quantile(q, lo, up, mode):
        w, right = up - lo, up - mode
        return np.where(q * w < right, up - np.sqrt(w * right * q), lo + np.sqrt(w * (mode - lo) * (1 - q)))

    triangular = closed_form_reference(
        "triangular",
        "lower, upper, c",
        lambda lo, up, mode: (lo, up),
        logpdf=log_density,
        logcdf=lambda ctx, x, *p: log_masses(ctx, x, *p)[0],
        logsf=lambda ctx, x, *p: log_masses(ctx, x, *p)[1],
        ppf=quantile,
        isf=upper_quantile,
        moments=lambda ctx, lo, up, mode: (
            (lo + up + mode) / 3,
            (lo * lo + up * up + mode * mode - lo * up - lo * mode - up * mode) / 18,
        ),
    )
    return triangular(lower, upper, c)


FAMILY = register(
    globals(),
    "Triangular",
    params=(
        Param("lower", REAL, (-10.0, 0.0), 0.0),
        Param("upper", REAL, (1.0, 10.0), 1.0),
        Param("c", REAL, (0.0, 1.0), 0.5),
    ),
    constraint=_ordered,
    discrete=False,
    reference=_reference,
)
