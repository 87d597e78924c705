"""The record of one multivariate family (see :mod:`numbamix.multivariate`)."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MvFamily:
    """One multivariate family.

    ``event_ndims`` maps each canonical parameter to its number of event
    dimensions (``mu``: 1, ``chol``: 2, ``n``: 0). ``constants``, ``mean``,
    ``variance`` and ``support_point`` take the canonical parameters as a dict
    of arrays broadcast to ``batch + event`` shapes; ``constants`` returns
    ``batch + (width,)``, the others ``batch + (d,)``. ``code`` selects the
    compiled formulas.
    """

    name: str
    code: int
    discrete: bool
    event_ndims: dict
    constants: Callable
    mean: Callable
    variance: Callable
    support_point: Callable

    def broadcast(self, params, batch_shape, d):
        """``params`` broadcast to ``batch_shape`` + their event shapes (``(d,)`` or ``(d, d)``)."""
        return {n: np.broadcast_to(v, tuple(batch_shape) + (d,) * self.event_ndims[n]) for n, v in params.items()}
