"""numbamix: mixture distributions at compiled speed, with PyMC's semantics.

>>> from numbamix import Mixture, Normal, StudentT
>>> mix = Mixture(w=[0.4, 0.6], comp_dists=[Normal.dist(0, 1), StudentT.dist(nu=4, mu=0, sigma=1)])
>>> float(mix.logp(0.0))  # doctest: +ELLIPSIS
-0.9...
"""

from . import datasets, kernels
from .api import draw, logccdf, logccdf_sum, logcdf, logcdf_sum, logp, logp_sum, mean, support_point
from .config import set_backend
from .distributions import *  # noqa: F403 (Mixture and one class per registered family)
from .distributions import __all__ as _distributions

__version__ = "0.1.0"

__all__ = [*_distributions, "datasets", "draw", "kernels", "logccdf", "logccdf_sum", "logcdf", "logcdf_sum", "logp", "logp_sum", "mean"]
__all__ += ["set_backend", "support_point"]
