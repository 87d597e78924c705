"""Bernoulli distribution.

.. math:: \\log p(x) = x\\log p + (1 - x)\\log(1 - p), \\qquad x \\in \\{0, 1\\}

The cdf is :math:`1 - p` on :math:`[0, 1)` and 1 from 1 on.
"""

from typing import NamedTuple

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from ._common import off_support
from ._counts import below_support
from ._gradient import with_gradient
from ._registry import PROBABILITY, REAL, Param, Parametrization, register, scipy_stats


class BernoulliKernel(NamedTuple):
    p: float
    log_p: float
    log_q: float  # log(1 - p)


@formula
def make_kernel(p):
    return BernoulliKernel(p, m.log(p), m.log1p(-p))


@formula
def logp(k, x):
    return k.log_p if x == 1.0 else (k.log_q if x == 0.0 else off_support(x))


@formula
def grad_logp(k, x):
    """logp and its derivatives in ``p`` and ``x``: :math:`(1/p,\\ \\mathrm{nan})` at 1,
    :math:`(-1/(1 - p),\\ \\mathrm{nan})` at 0."""
    return with_gradient(logp(k, x), (1.0 / k.p if x == 1.0 else -1.0 / (1.0 - k.p), m.NAN))


@formula
def logcdf(k, x):
    if not x >= 0.0:
        return off_support(x)
    return k.log_q if x < 1.0 else 0.0


@formula
def logccdf(k, x):
    if not x >= 0.0:
        return below_support(x)
    return k.log_p if x < 1.0 else -m.INF


@formula
def draw(k, state):
    return 1.0 if rnd.uniform(state) < k.p else 0.0


@formula
def mean(k):
    return k.p


@formula
def variance(k):
    return k.p * (1.0 - k.p)


@formula
def support_point(k):
    return 0.0 if k.p < 0.5 else 1.0


FAMILY = register(
    globals(),
    "Bernoulli",
    params=(Param("p", PROBABILITY, (0.0, 1.0)),),
    alternatives=(
        Parametrization(
            (Param("logit_p", REAL, (-5.0, 5.0)),),
            lambda v: {"p": np.exp(-np.logaddexp(0.0, -v["logit_p"]))},
        ),
    ),
    support=(0.0, 1.0),
    discrete=True,
    reference=lambda p: scipy_stats().bernoulli(p),
)
