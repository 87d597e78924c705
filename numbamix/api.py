"""Module-level functions mirroring PyMC's ``pm.logp``, ``pm.logcdf``, ``pm.draw``."""

import numpy as np

from ._shapes import as_shape
from .distributions.base import as_real_array, is_dask
from .kernels.components import LOGCCDF, LOGCDF, LOGP


def logp(dist, value):
    """Elementwise log-density of ``dist`` at ``value`` (as ``pm.logp(dist, value)``)."""
    return dist.logp(value)


def logcdf(dist, value):
    """Elementwise log-cdf of ``dist`` at ``value`` (as ``pm.logcdf(dist, value)``)."""
    return dist.logcdf(value)


def logccdf(dist, value):
    """Elementwise log survival function ``log P(X > value)`` (as ``pm.logccdf(dist, value)``)."""
    return dist.logccdf(value)


def _sum(dist, method, value):
    """The sum over ``value`` (a lazy 0-d dask array for a dask array, :mod:`numbamix.dask`)."""
    if is_dask(value):
        from . import dask

        return dask.evaluate_sum(dist, method, value)
    return dist._compiled().evaluate_sum(method, as_real_array("value", value))


def logp_sum(dist, value):
    """``sum(logp(dist, value))`` computed in the kernels without storing the terms."""
    return _sum(dist, LOGP, value)


def logcdf_sum(dist, value):
    """``sum(logcdf(dist, value))`` computed without storing the terms."""
    return _sum(dist, LOGCDF, value)


def logccdf_sum(dist, value):
    """``sum(logccdf(dist, value))`` computed without storing the terms."""
    return _sum(dist, LOGCCDF, value)


def draw(dist, draws=None, random_seed=None, chunks=None):
    """Draws from ``dist`` (as ``pm.draw``): shape ``(draws,) + batch_shape``, or one draw.

    ``random_seed`` is ``None``, an int, a ``SeedSequence`` or a ``numpy.random.Generator``.
    With ``chunks`` (dask's chunks of that shape, or ``"auto"``) a lazy dask array, one
    random stream per block (:func:`numbamix.dask.draw`).
    """
    if chunks is not None:
        from . import dask

        return dask.draw(dist, draws, random_seed, chunks)
    return dist.random(size=as_shape(draws), rng=random_seed)


def support_point(dist):
    """PyMC's support point of ``dist`` (the starting point PyMC's samplers use)."""
    return dist.support_point()


def mean(dist):
    """The mean of ``dist``."""
    return np.asarray(dist.mean())
