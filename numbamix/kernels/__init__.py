"""The kernel layer: compiled component kernels and the parallel mixture loop.

Everything here is callable from user ``@njit`` code. Component kernels are
built with the family constructors (``Normal(mu, sigma)``, ...), evaluated with
the generic :func:`logp`, :func:`logcdf`, :func:`draw`, :func:`mean` and
:func:`support_point`, :func:`variance` and :func:`support`.
"""

from ..families import (
    binomial,
    exponential,
    gamma,
    lognormal,
    negative_binomial,
    normal,
    poisson,
    student_t,
    uniform,
)
from .components import LOGCDF, LOGP, draw, evaluate, logcdf, logp, mean, support, support_point, variance

Normal = normal.make_kernel
StudentT = student_t.make_kernel
Poisson = poisson.make_kernel
Exponential = exponential.make_kernel
Gamma = gamma.make_kernel
LogNormal = lognormal.make_kernel
Uniform = uniform.make_kernel
Binomial = binomial.make_kernel
NegativeBinomial = negative_binomial.make_kernel

__all__ = ["Binomial", "Exponential", "Gamma", "NegativeBinomial", "Normal", "Poisson"]
__all__ += ["LOGCDF", "LOGP", "LogNormal", "StudentT", "Uniform", "draw", "evaluate", "logcdf", "logp", "mean", "support", "support_point", "variance"]
