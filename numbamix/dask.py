"""Mixtures on Dask: log-densities, summed log-likelihoods, gradients and draws, block by block.

Install with ``pip install numbamix[dask]``. ``numbamix.logp(dist, x)``, ``logcdf``,
``logccdf``, ``dist.logp(x)`` ... and ``numbamix.logp_sum`` (``logcdf_sum``,
``logccdf_sum``) come here when ``x`` is a ``dask.array.Array``, and
``numbamix.draw(dist, ..., chunks=...)`` when ``chunks`` is given; this module is
imported only then (``import numbamix`` does not import dask). Each block runs the
compiled kernels of an in-memory call on that block, so the values are the in-memory
values; sums differ from the in-memory ones by the order of the additions.

Shapes and chunks. The output has the in-memory shape: ``x`` broadcast against the batch
shape (``da.broadcast_to``), so axes of ``x`` keep their chunks and the axes ``x`` lacks
(or has of size 1) are one chunk each; chunk ``x`` along a batch axis to split the batch.
A block covering part of the batch is evaluated by the distribution restricted to that
part (:func:`_restricted`). For multivariate distributions (``ndim_supp = 1``) the last
(event) axis of ``x`` is rechunked into one chunk.

Sums and gradients are per-block sums added by dask's tree reduction: no array of the
output's size is formed. Draws: block ``i`` (blocks in C order) draws as the in-memory
``dist.random`` does with ``random_seed=SeedSequence(seed).spawn(n_blocks)[i]``, so they
depend on the seed and the chunks only, not on the workers or the scheduler.

Distributions pickle as their parameters (the compiled form is rebuilt where a block runs,
from numba's on-disk cache when the same mixture type was compiled before).
"""

import dask.array as da
import numpy as np

from . import _random as rnd
from ._shapes import as_shape, broadcast
from .distributions.base import as_real_array
from .distributions.compiled import Compiled
from .distributions.multivariate_compiled import MvCompiled
from .kernels.components import LOGCCDF, LOGCDF, LOGP

#: Points per block of ``draw(..., chunks="auto")``: Dask's overhead per block (0.9 ms threaded,
#: 3.6-4.9 ms on a LocalCluster of 1-2 processes) is then under 1 % of a block's time at the
#: 1.3e7 draws + logp per second of 2 cores (``benchmarks/bench_dask.py``, benchmarks/RESULTS.md).
BLOCK_POINTS = 2**23

#: Methods by name: blocks receive the name (``Choice`` objects are compared by identity).
_METHODS = {method.name: method for method in (LOGP, LOGCDF, LOGCCDF)}


def _restricted(dist, region):
    """The compiled form of ``dist`` over ``region`` (one slice per batch axis) of its batch shape."""
    shape = dist.batch_shape
    if all(part.stop - part.start == n for part, n in zip(region, shape)):
        return dist._compiled()
    w, components, _ = dist._components()
    w = np.broadcast_to(w, shape + w.shape[-1:])[region].copy()  # writable: a read-only w is another numba type
    part = w.shape[:-1]
    if dist.ndim_supp == 0:
        sliced = [(family, {n: np.broadcast_to(v, shape)[region] for n, v in params.items()})
                  for family, params in components]
        return Compiled(w, sliced, part, part)
    d = dist.event_shape[0]
    sliced = [(family, {n: v[region] for n, v in family.broadcast(params, shape, d).items()})
              for family, params in components]
    return MvCompiled(w, sliced, part, part, d)


def _block_compiled(dist, location):
    """The compiled form for one block; ``location`` holds its ``(start, stop)`` on each output
    axis (the batch axes last, then the event axis of a multivariate distribution)."""
    end = len(location) - dist.ndim_supp
    return _restricted(dist, tuple(slice(*bounds) for bounds in location[end - len(dist.batch_shape) : end]))


def _evaluate_block(x, dist, method, block_info=None):
    compiled = _block_compiled(dist, block_info[0]["array-location"])
    return compiled.evaluate(_METHODS[method], as_real_array("value", x))


def _sum_block(x, dist, method, block_info=None):
    compiled = _block_compiled(dist, block_info[0]["array-location"])
    total = compiled.evaluate_sum(_METHODS[method], as_real_array("value", x))
    return np.full((1,) * (x.ndim - dist.ndim_supp), total)


def _as_dask_array(x):
    if not isinstance(x, da.Array):
        raise TypeError(f"numbamix on dask: value must be a dask.array.Array, got {type(x).__name__}")
    as_real_array("value", np.empty(0, dtype=x.dtype))  # the in-memory dtype check, eagerly
    return x


def _broadcast(dist, method, x):
    """``x`` broadcast to the output shape (then the event axis, one chunk): the in-memory shape
    and method checks, raised now rather than in a block."""
    x = _as_dask_array(x)
    compiled = dist._compiled()
    if dist.ndim_supp == 0:
        return da.broadcast_to(x, compiled.out_shape(x.shape))
    compiled.evaluate(method, np.zeros(dist.event_shape))  # NotImplementedError for logcdf, logccdf
    d = dist.event_shape[0]
    if x.ndim == 0 or x.shape[-1] != d:
        raise ValueError(f"{dist._name()}: value of shape {x.shape} must have the event size {d} on its last axis")
    shapes = {f"value {x.shape} without its event axis": x.shape[:-1], "batch": dist.batch_shape}
    out_shape = broadcast(dist._name(), shapes)
    return da.broadcast_to(x.rechunk({x.ndim - 1: -1}), out_shape + (d,))


def _per_block(x, dist, block, chunks, **kwargs):
    """``block(x_block, dist, ...)`` over the blocks of the broadcast ``x``, event axis dropped."""
    drop = [x.ndim - 1] if dist.ndim_supp else []
    ndim = x.ndim - dist.ndim_supp
    return x.map_blocks(block, dist=dist, chunks=chunks, drop_axis=drop, dtype=np.float64,
                        meta=np.empty((0,) * ndim), **kwargs)


def evaluate(dist, method, x):
    """logp, logcdf or logccdf (``method``) of ``dist`` at the dask array ``x``: a lazy dask array
    of the in-memory shape (see the module's notes on chunks)."""
    x = _broadcast(dist, method, x)
    chunks = x.chunks[: x.ndim - dist.ndim_supp]
    return _per_block(x, dist, _evaluate_block, chunks, method=method.name)


def evaluate_sum(dist, method, x):
    """The sum of logp, logcdf or logccdf over the dask array ``x``: a lazy 0-d dask array,
    per-block sums added by a tree reduction."""
    x = _broadcast(dist, method, x)
    chunks = tuple((1,) * n for n in x.numblocks[: x.ndim - dist.ndim_supp])
    return _per_block(x, dist, _sum_block, chunks, method=method.name).sum()


def _gradient_block(x, dist):
    out = np.empty((1,) * x.ndim, dtype=object)
    out[(0,) * x.ndim] = dist.value_and_grad(x)
    return out


def _gradient_sums(piece, names):
    total, grads = piece.item()
    return np.concatenate([[total], *(np.ravel(grads[name]) for name in names)]).reshape(piece.shape + (-1,))


def _value_gradient(piece):
    return piece.item()[1]["value"]


def value_and_grad(dist, x):
    """``dist.value_and_grad`` of the dask array ``x``: ``(total, gradients)`` as in memory, each a
    lazy dask array. The summed logp and the parameter gradients (``"w"``, ``"logit_w"``,
    ``"params"`` and a nested component's weights: sums over the values) come from one tree
    reduction of per-block results;
    ``gradients["value"]`` has the shape and chunks of ``x``. Computing them together
    (``dask.compute(total, gradients)``) evaluates each block once."""
    x = _as_dask_array(x)
    batch = len(dist.batch_shape)  # blocks hold whole batch axes: each block broadcasts as the whole does
    x = x.rechunk({axis: -1 for axis in range(max(0, x.ndim - batch), x.ndim)}) if batch else x
    # the in-memory checks, and each gradient's size
    _, probe = dist.value_and_grad(np.empty((0,) + tuple(dist.batch_shape)))
    names = [name for name in probe if name != "value"]
    ends = np.cumsum([1] + [probe[name].size for name in names])
    ones = tuple((1,) * n for n in x.numblocks)
    pieces = x.map_blocks(_gradient_block, dist=dist, chunks=ones, dtype=object,
                          meta=np.empty((0,) * x.ndim, dtype=object))
    sums = pieces.map_blocks(_gradient_sums, names=names, chunks=ones + ((int(ends[-1]),),), new_axis=x.ndim,
                             dtype=np.float64, meta=np.empty((0,) * (x.ndim + 1)))
    sums = sums.sum(axis=tuple(range(x.ndim)))
    grads = {name: sums[start:stop].reshape(probe[name].shape)
             for name, start, stop in zip(names, ends[:-1], ends[1:])}
    grads["value"] = pieces.map_blocks(_value_gradient, chunks=x.chunks, dtype=np.float64,
                                       meta=np.empty((0,) * x.ndim))
    return sums[0], grads


def _draw_block(dist, root, block_info=None):
    info = block_info[None]
    end = len(info["chunk-shape"]) - dist.ndim_supp
    block = 0
    for index, count in zip(info["chunk-location"][:end], info["num-chunks"][:end]):
        block = block * count + index
    stream = np.random.SeedSequence(root.entropy, spawn_key=root.spawn_key + (block,), pool_size=root.pool_size)
    draws = _block_compiled(dist, info["array-location"]).draw(tuple(info["chunk-shape"][:end]), stream)
    return draws.astype(dist.dtype, copy=False)


def draw_chunks(chunks, shape):
    """Dask's chunks of the draws' ``shape`` (``(draws,) + batch_shape``) from the user's
    ``chunks``: anything ``dask.array`` accepts, or ``"auto"`` (blocks of about
    :data:`BLOCK_POINTS` points along the first axis, the other axes whole)."""
    if isinstance(chunks, str) and chunks == "auto" and shape:
        rest = int(np.prod(shape[1:], dtype=np.int64))
        chunks = (max(1, BLOCK_POINTS // max(rest, 1)),) + shape[1:]
    return da.core.normalize_chunks(chunks, shape, dtype=np.float64)


def draw(dist, draws, random_seed, chunks):
    """Draws of shape ``(draws,) + batch_shape`` (``+ (d,)`` for multivariate distributions)
    as a lazy dask array with ``chunks`` (:func:`draw_chunks`; the event axis is one chunk).
    Block ``i`` draws from ``SeedSequence(seed).spawn(n_blocks)[i]``, ``seed`` from
    ``random_seed`` as in memory (``None``: fresh entropy, fixed when the graph is built)."""
    shape = (as_shape(draws) or ()) + dist.batch_shape
    seed = rnd.entropy_from(random_seed)
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    chunks = draw_chunks(chunks, shape) + tuple((n,) for n in getattr(dist, "event_shape", ()))
    dtype = np.dtype(dist.dtype)
    return da.map_blocks(_draw_block, dist=dist, root=root, chunks=chunks, dtype=dtype,
                         meta=np.empty((0,) * len(chunks), dtype=dtype))
