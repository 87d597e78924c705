"""The bridge from front-end objects to the kernel layer.

:class:`Compiled` turns validated weights and components into a
:class:`~numbamix.kernels.loop.MixtureKernel` once, then for each call computes
the output shape and the operands' strides and runs the loop: the chunks split
into one contiguous share per numba thread (``numba.get_num_threads()``), each
share run by a ``nogil`` serial kernel in a Python thread (one chunk runs in
the calling thread): the same chunks and numbers as the kernel layer's
``prange`` versions (``loop.evaluate_into`` ...), chunk sums added in chunk
order. The families' compiled loops are looked up on first use (see
:mod:`numbamix.kernels.family_loops`); the loop itself compiles once. The
thread pool costs about 30 us per call.
"""

import functools
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from .. import _random as rnd
from .._shapes import loop_layout
from ..kernels import loop
from ..kernels.components import LOGP, shared_values
from ..kernels.family_loops import (
    LOWER,
    MEAN,
    METHODS,
    SUPPORT_POINT,
    UPPER,
    VARIANCE,
    summaries,
    template_of,
    draw_function,
    method_column,
    terms_function,
)


@functools.cache
def _pool():
    return ThreadPoolExecutor(max_workers=numba.config.NUMBA_NUM_THREADS, thread_name_prefix="numbamix")


def _in_threads(run, n_chunks):
    """``run(first, last)`` over chunks ``0:n_chunks`` in contiguous shares, one per numba thread."""
    # several chunks per thread at least: below, starting a thread costs more than it saves
    shares = 1 if n_chunks < 4 else min(numba.get_num_threads(), n_chunks // 2)
    bounds = [n_chunks * i // shares for i in range(shares + 1)]
    futures = [_pool().submit(run, bounds[i], bounds[i + 1]) for i in range(1, shares)]
    run(bounds[0], bounds[1])
    for future in futures:
        future.result()


def _grouped(components, param_shape):
    """The families (in the order of their names) and each family's kernel constants.

    Returns ``(families, blocks, component)``: ``blocks[g]`` holds one row per
    parameter position of each component of ``families[g]`` (components in
    mixture order within a family), ``component`` the mixture index of each
    sorted position. The order is the same whatever the order of the
    components, so mixtures of the same families share their compiled code.
    """
    families = sorted({family for family, _ in components}, key=lambda family: family.name)
    order = sorted(range(len(components)), key=lambda c: families.index(components[c][0]))
    blocks = []
    for family in families:
        rows = [
            np.stack([np.broadcast_to(params[n], param_shape).ravel() for n in family.names], axis=1)
            for f, params in (components[c] for c in order)
            if f is family
        ]
        blocks.append(loop.make_constants(template_of(family), np.ascontiguousarray(np.concatenate(rows))))
    return families, blocks, np.array(order, dtype=np.int64)


#: The functions of the values families share (``Family.shared_values``), in the column
#: order of a mixture kernel's ``shared`` table.
SHARED = ("log", "log_factorial")


class Compiled:
    """A mixture ready for the kernels: weights ``W + (K,)``, components over ``param_shape``.

    The families' compiled loops are looked up (compiled or loaded from the disk
    cache) on the first call that needs them: a method's terms loops on its first
    evaluation, the draw functions on the first draw.
    """

    def __init__(self, weights, components, param_shape, batch_shape):
        self.families, self._blocks, component = _grouped(components, param_shape)
        self.weights = weights
        self.param_shape = tuple(param_shape)
        self.weight_shape = tuple(weights.shape[:-1])
        self.batch_shape = tuple(batch_shape)
        n_components = weights.shape[-1]
        # a writable copy: read-only weights (np.broadcast_to) would be another numba type, compiled again
        flat_w = np.array(weights.reshape(-1, n_components), dtype=np.float64)
        cum_w = np.cumsum(flat_w, axis=1) / flat_w.sum(axis=1, keepdims=True)
        cum_w[:, -1] = 1.0
        width = max(f.n_constants for f in self.families)
        padded = [np.pad(block, ((0, 0), (0, width - block.shape[1]))) for block in self._blocks]
        self._position = np.argsort(component).astype(np.int64)
        # filled in place on first use (the kernel shares these arrays' memory); 0 = not yet
        self._terms = np.zeros((len(self.families), len(METHODS)), dtype=np.int64)
        self._draws = np.zeros(len(self.families), dtype=np.int64)
        self._ready = set()  # the methods (None: draws) whose functions are filled in
        shared = [[any(name in shared_values(f, method) for f in self.families) for name in SHARED]
                  for method in METHODS]  # fmt: skip
        bounds = np.cumsum([0] + [sum(f is family for f, _ in components) for family in self.families])
        self._kernel = loop.MixtureKernel(
            bounds.astype(np.int64), np.ascontiguousarray(np.concatenate(padded)), component, self._position,
            flat_w, cum_w, self._terms, self._draws, np.array(shared),
        )  # fmt: skip

    def _kernel_for(self, method=None):
        """The mixture kernel with the terms loops of ``method`` (or, for ``None``, the draw functions)."""
        if method not in self._ready:
            if method is None:
                self._draws[:] = [draw_function(f).address for f in self.families]
            else:
                self._terms[:, method_column(method)] = [terms_function(f, method).address for f in self.families]
            self._ready.add(method)
        return self._kernel

    @property
    def kernel(self):
        """The :class:`~numbamix.kernels.loop.MixtureKernel`, every method and draws ready (for users'
        own ``@njit`` code: see the kernel-layer documentation)."""
        for method in METHODS:
            self._kernel_for(method)
        return self._kernel_for(None)

    def layout(self, value_shape, out_shape, reorder=True):
        """Loop shape and value/parameter/weight/output strides (see ``loop_layout``)."""
        return loop_layout(tuple(out_shape), tuple(value_shape), self.param_shape, self.weight_shape, reorder)

    def out_shape(self, value_shape):
        if not self.batch_shape:
            return value_shape
        try:
            return np.broadcast_shapes(value_shape, self.batch_shape)
        except ValueError:
            raise ValueError(
                f"value of shape {value_shape} does not broadcast against the batch shape {self.batch_shape}"
            ) from None

    def _prepare(self, value):
        """Contiguous ``value`` (0-d stays 0-d), the output shape and the loop layout."""
        value = np.asarray(value, order="C")
        out_shape = self.out_shape(value.shape)
        return value.reshape(-1), out_shape, *self.layout(value.shape, out_shape)

    def evaluate(self, method, value):
        """logp/logcdf (by method code) of float64 ``value``; shape = broadcast shape."""
        flat_value, out_shape, shape, strides = self._prepare(value)
        out = np.empty(out_shape)
        flat = out.reshape(-1)
        if flat.size == 0:
            return out
        kernel = self._kernel_for(method)
        _in_threads(
            lambda first, last: loop.evaluate_chunks(kernel, method, flat_value, shape, strides, first, last, flat),
            loop.chunk_count(shape),
        )
        return out

    def evaluate_components(self, value, normalise):
        """``log w_k + logp_k(value)`` (or, with ``normalise``, the responsibilities) of each
        component, in mixture order: shape = broadcast shape + ``(K,)``."""
        flat_value, out_shape, shape, strides = self._prepare(value)
        out = np.empty(tuple(out_shape) + self.weights.shape[-1:])
        flat = out.reshape(-1)
        if flat.size:
            kernel = self._kernel_for(LOGP)
            _in_threads(
                lambda first, last: loop.component_chunks(
                    kernel, flat_value, shape, strides, first, last, normalise, flat
                ),
                loop.chunk_count(shape),
            )
        return out

    def evaluate_sum(self, method, value):
        """Sum of logp/logcdf over the broadcast shape, without storing the terms."""
        flat_value, out_shape, shape, strides = self._prepare(value)
        n = int(np.prod(out_shape, dtype=np.int64))
        if n == 0:
            return 0.0
        kernel = self._kernel_for(method)
        partial = np.empty(loop.chunk_count(shape))
        _in_threads(
            lambda first, last: loop.sum_chunks(kernel, method, flat_value, shape, strides, first, last, partial),
            partial.size,
        )
        return loop.sum_in_order(partial)

    def draw(self, out_shape, rng):
        """Draws filling ``out_shape`` (which ends with the batch shape)."""
        shape, strides = self.layout((), out_shape)
        out = np.empty(out_shape)
        flat = out.reshape(-1)
        seed = rnd.entropy_from(rng)  # a Generator advances in every call, also for no draws
        if flat.size:
            states = rnd.seed_states(seed, loop.chunk_count(shape))
            kernel = self._kernel_for(None)
            _in_threads(
                lambda first, last: loop.draw_chunks(kernel, states, shape, strides, first, last, flat),
                states.shape[0],
            )
        return out

    @functools.cached_property
    def _summaries(self):
        """Rows ``MEAN`` ... ``UPPER`` (:mod:`~numbamix.kernels.family_loops`) of every component:
        shape ``(5, K, P)``, components in mixture order."""
        n_positions = int(np.prod(self.param_shape, dtype=np.int64))
        per_group = [summaries(template_of(f), block) for f, block in zip(self.families, self._blocks)]
        sorted_rows = np.concatenate(per_group, axis=1).reshape(5, -1, n_positions)
        return sorted_rows[:, self._position]

    def _per_component(self, row):
        """One row of the component summaries, shaped ``param_shape + (K,)``."""
        values = self._summaries[row]
        return np.moveaxis(values.reshape((values.shape[0],) + self.param_shape), 0, -1)

    def _weighted_sum(self, per_component):
        # a zero weight removes the component even where its value is nan or inf
        w = self.weights
        with np.errstate(invalid="ignore"):  # 0 * inf, discarded by the where
            terms = np.where(w > 0, w * per_component, 0.0)
        return np.broadcast_to(terms.sum(axis=-1), self.batch_shape).copy()

    def weighted_mean(self):
        """``sum_k w_k mean_k`` over the batch shape."""
        return self._weighted_sum(self._per_component(MEAN))

    def weighted_support_point(self):
        """``sum_k w_k support_point_k`` over the batch shape (PyMC's rule, before rounding)."""
        return self._weighted_sum(self._per_component(SUPPORT_POINT))

    def variance(self):
        """``sum_k w_k (variance_k + (mean_k - mean)^2)``: no cancellation for large means.

        A component with infinite variance makes it infinite, also where its mean
        is undefined (HalfCauchy: mean nan as PyMC, variance inf).
        """
        means = self._per_component(MEAN)
        variances = self._per_component(VARIANCE)
        w = self.weights
        centre = np.where(w > 0, w * means, 0.0).sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore"):
            spread = np.where(variances == np.inf, np.inf, variances + (means - centre) ** 2)
        return self._weighted_sum(spread)

    def support(self):
        """``(lower, upper)`` over the batch shape: the hull of the components with positive weight."""
        positive = self.weights > 0
        lower = np.where(positive, self._per_component(LOWER), np.inf).min(axis=-1)
        upper = np.where(positive, self._per_component(UPPER), -np.inf).max(axis=-1)
        return np.broadcast_to(lower, self.batch_shape).copy(), np.broadcast_to(upper, self.batch_shape).copy()
