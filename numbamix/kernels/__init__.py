"""The kernel layer: compiled component kernels and the parallel mixture loop.

Everything here is callable from user ``@njit`` code. Component kernels are
built with the family constructors (``Normal(mu, sigma)``, ...), evaluated with
the generic :func:`logp`, :func:`logcdf`, :func:`logccdf`, :func:`draw`, :func:`mean` and
:func:`support_point`, :func:`variance` and :func:`support`.
"""

from ..families import FAMILIES
from .components import (
    LOGCCDF,
    LOGCDF,
    LOGP,
    draw,
    evaluate,
    logccdf,
    logcdf,
    logp,
    mean,
    support,
    support_point,
    variance,
)

#: One kernel constructor per registered family: ``Normal(mu, sigma)``, ...
globals().update({name: family.make_kernel for name, family in FAMILIES.items()})

__all__ = [*sorted(FAMILIES), "LOGCCDF", "LOGCDF", "LOGP", "draw", "evaluate", "logccdf", "logcdf", "logp", "mean"]
__all__ += ["support"]
__all__ += ["support_point", "variance"]
