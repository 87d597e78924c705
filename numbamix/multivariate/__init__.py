"""Multivariate families (``ndim_supp = 1``): formulas over per-component constants.

Each family module holds, written once:

- ``constants(params)`` (numpy, vectorised): one row of kernel constants per
  batch position, computed at construction (MvNormal: the mean, the Cholesky
  factor ``L``, ``1 / L_ii`` and the normalising constant), never per value;
- the numba formulas ``logp(c, x, work)`` and ``draw(c, state, work, out)`` over
  one constants row ``c`` and one value vector ``x`` (``work``: scratch of the
  event size, so nothing is allocated per value);
- the moments in numpy (``mean``, ``variance``, ``support_point``, PyMC's).

An :class:`~numbamix.multivariate.family.MvFamily` records them; ``FAMILIES``
maps the names to the records, and each record's ``code`` selects its formulas
in the compiled loop (:mod:`numbamix.kernels.multivariate`).
"""

from .counts import DIRICHLET_MULTINOMIAL, MULTINOMIAL
from .dirichlet import DIRICHLET
from .family import MvFamily
from .gaussian import MV_NORMAL, MV_STUDENT_T

FAMILIES = {f.name: f for f in (MV_NORMAL, MV_STUDENT_T, DIRICHLET, MULTINOMIAL, DIRICHLET_MULTINOMIAL)}

__all__ = ["FAMILIES", "MvFamily"]
