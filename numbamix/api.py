"""Module-level functions mirroring PyMC's ``pm.logp``, ``pm.logcdf``, ``pm.draw``."""

import numpy as np

from ._shapes import as_shape
from .distributions.base import run
from .kernels.components import LOGCCDF, LOGCDF, LOGP


def logp(dist, value, backend=None):
    """Elementwise log-density of ``dist`` at ``value`` (as ``pm.logp(dist, value)``)."""
    return dist.logp(value, backend)


def logcdf(dist, value, backend=None):
    """Elementwise log-cdf of ``dist`` at ``value`` (as ``pm.logcdf(dist, value)``)."""
    return dist.logcdf(value, backend)


def logccdf(dist, value, backend=None):
    """Elementwise log survival function ``log P(X > value)`` (as ``pm.logccdf(dist, value)``)."""
    return dist.logccdf(value, backend)


def logp_sum(dist, value, backend=None):
    """``sum(logp(dist, value))`` computed in the kernels without storing the terms."""
    return run(dist, "evaluate_sum", LOGP, value, backend)


def logcdf_sum(dist, value, backend=None):
    """``sum(logcdf(dist, value))`` computed without storing the terms."""
    return run(dist, "evaluate_sum", LOGCDF, value, backend)


def logccdf_sum(dist, value, backend=None):
    """``sum(logccdf(dist, value))`` computed without storing the terms."""
    return run(dist, "evaluate_sum", LOGCCDF, value, backend)


def draw(dist, draws=None, random_seed=None, chunks=None, backend=None):
    """Draws from ``dist`` (as ``pm.draw``): shape ``(draws,) + batch_shape``, or one draw.

    ``random_seed`` is ``None``, an int, a ``SeedSequence`` or a ``numpy.random.Generator``.
    With ``chunks`` (dask's chunks of that shape, or ``"auto"``) a lazy dask array, one
    random stream per block (:func:`numbamix.dask.draw`).
    """
    if chunks is not None:
        from . import dask

        return dask.draw(dist, draws, random_seed, chunks)
    return dist.random(size=as_shape(draws), rng=random_seed, backend=backend)


def support_point(dist):
    """PyMC's support point of ``dist`` (the starting point PyMC's samplers use)."""
    return dist.support_point()


def mean(dist):
    """The mean of ``dist``."""
    return np.asarray(dist.mean())
