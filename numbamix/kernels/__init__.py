"""The kernel layer: compiled component kernels and the parallel mixture loop.

Everything here is callable from user ``@njit`` code. Component kernels are
built with the family constructors (``Normal(mu, sigma)``, ...), evaluated with
the generic :func:`logp`, :func:`logcdf`, :func:`logccdf`, :func:`draw`, :func:`mean` and
:func:`support_point`, :func:`variance`, :func:`support` and :func:`grad_logp` (logp and its
derivatives); mixtures of a tuple of
kernels with :func:`mixture_logp_sum` and friends (:mod:`numbamix.kernels.direct`), with
their gradient by :func:`mixture_value_and_grad` (:mod:`numbamix.kernels.gradients`).
"""

from ..families import FAMILIES
from . import direct
from .components import (
    LOGCCDF,
    LOGCDF,
    LOGP,
    draw,
    evaluate,
    grad_logp,
    logccdf,
    logcdf,
    logp,
    mean,
    support,
    support_point,
    variance,
)
from .direct import make_kernels, mixture_logp, mixture_logp_into, mixture_logp_sum, mixture_logp_sum_parallel
from .gradients import mixture_value_and_grad, mixture_value_and_grad_parallel

#: One kernel constructor per registered family: ``Normal(mu, sigma)``, ...
globals().update({name: family.make_kernel for name, family in FAMILIES.items()})

__all__ = [*sorted(FAMILIES), "LOGCCDF", "LOGCDF", "LOGP", "draw", "evaluate", "logccdf", "logcdf", "logp", "mean"]
__all__ += ["support", "make_kernels", "mixture_logp", "mixture_logp_into", "mixture_logp_sum"]
__all__ += ["mixture_logp_sum_parallel", "mixture_value_and_grad", "mixture_value_and_grad_parallel"]
__all__ += ["support_point", "variance", "grad_logp"]
