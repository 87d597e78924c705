"""The bridge from front-end objects to the kernel layer.

:class:`Compiled` turns validated weights and components into a
:class:`~numbamix.kernels.loop.MixtureKernel` once, then for each call computes
the output shape and the operands' strides and runs the loop: the chunks split
into one contiguous share per numba thread (``numba.get_num_threads()``), each
share run by a ``nogil`` serial kernel in a Python thread (one chunk runs in
the calling thread). One compiled entry point per task (evaluate, sum, draw)
and method: each entry point costs its own compilation. The kernel layer's ``prange`` versions
(``loop.evaluate_into`` ...) compute the same numbers, but each costs about 4 s
of compilation per mixture type and method, which the threads avoid; the
thread pool costs about 30 us per call.
"""

import functools
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from .. import _random as rnd
from .._shapes import loop_layout
from ..kernels import loop


@functools.cache
def _pool():
    return ThreadPoolExecutor(max_workers=numba.config.NUMBA_NUM_THREADS, thread_name_prefix="numbamix")


def _in_threads(run, n_chunks):
    """``run(first, last)`` over chunks ``0:n_chunks`` in contiguous shares, one per numba thread."""
    # several chunks per thread at least: below, starting a thread costs more than it saves
    shares = max(1, min(numba.get_num_threads(), n_chunks // 2))
    bounds = [n_chunks * i // shares for i in range(shares + 1)]
    futures = [_pool().submit(run, bounds[i], bounds[i + 1]) for i in range(1, shares)]
    run(bounds[0], bounds[1])
    for future in futures:
        future.result()


def _kernel_data(weights, components, param_shape):
    """Group components by family and store their kernel constants row-wise.

    The groups come in the order of the family names, whatever the order of the
    components: mixtures of the same families share one compiled kernel.
    """
    families = sorted({family for family, _ in components}, key=lambda family: family.name)
    order = sorted(range(len(components)), key=lambda c: families.index(components[c][0]))
    n_positions = int(np.prod(param_shape, dtype=np.int64))
    width = max(f.n_constants for f in families)
    templates, bounds, blocks = [], [0], []
    for family in families:
        members = [c for c in order if components[c][0] is family]
        rows = [
            np.stack([np.broadcast_to(params[n], param_shape).ravel() for n in family.names], axis=1)
            for _, params in (components[c] for c in members)
        ]
        template = family.make_kernel(*np.ones(len(family.params)))
        constants = loop.make_constants(template, np.ascontiguousarray(np.concatenate(rows)))
        blocks.append(np.pad(constants, ((0, 0), (0, width - constants.shape[1]))))
        templates.append(template)
        bounds.append(bounds[-1] + len(members))
    component = np.array(order, dtype=np.int64)
    position = np.argsort(component).astype(np.int64)
    n_components = weights.shape[-1]
    # a writable copy: read-only weights (np.broadcast_to) would be another numba type, compiled again
    flat_w = np.array(weights.reshape(-1, n_components), dtype=np.float64)
    cum_w = np.cumsum(flat_w, axis=1) / flat_w.sum(axis=1, keepdims=True)
    cum_w[:, -1] = 1.0
    constants = np.ascontiguousarray(np.concatenate(blocks)).reshape(len(components) * n_positions, width)
    return loop.MixtureKernel(
        tuple(templates), np.array(bounds, dtype=np.int64), constants, component, position, flat_w, cum_w
    )


class Compiled:
    """A mixture ready for the kernels: weights ``W + (K,)``, components over ``param_shape``."""

    def __init__(self, weights, components, param_shape, batch_shape):
        self.kernel = _kernel_data(weights, components, param_shape)
        self.weights = weights
        self.param_shape = tuple(param_shape)
        self.weight_shape = tuple(weights.shape[:-1])
        self.batch_shape = tuple(batch_shape)

    def layout(self, value_shape, out_shape):
        """Loop shape and value/parameter/weight/output strides (see ``loop_layout``)."""
        return loop_layout(tuple(out_shape), tuple(value_shape), self.param_shape, self.weight_shape)

    def out_shape(self, value_shape):
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
        kernel = self.kernel
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
            kernel = self.kernel
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
        kernel = self.kernel
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
            kernel = self.kernel
            _in_threads(
                lambda first, last: loop.draw_chunks(kernel, states, shape, strides, first, last, flat),
                states.shape[0],
            )
        return out

    @functools.cached_property
    def _summaries(self):
        return loop.component_summaries(self.kernel)

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
        return self._weighted_sum(self._per_component(loop.MEAN))

    def weighted_support_point(self):
        """``sum_k w_k support_point_k`` over the batch shape (PyMC's rule, before rounding)."""
        return self._weighted_sum(self._per_component(loop.SUPPORT_POINT))

    def variance(self):
        """``sum_k w_k (variance_k + (mean_k - mean)^2)``: no cancellation for large means.

        A component with infinite variance makes it infinite, also where its mean
        is undefined (HalfCauchy: mean nan as PyMC, variance inf).
        """
        means = self._per_component(loop.MEAN)
        variances = self._per_component(loop.VARIANCE)
        w = self.weights
        centre = np.where(w > 0, w * means, 0.0).sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore"):
            spread = np.where(variances == np.inf, np.inf, variances + (means - centre) ** 2)
        return self._weighted_sum(spread)

    def support(self):
        """``(lower, upper)`` over the batch shape: the hull of the components with positive weight."""
        positive = self.weights > 0
        lower = np.where(positive, self._per_component(loop.LOWER), np.inf).min(axis=-1)
        upper = np.where(positive, self._per_component(loop.UPPER), -np.inf).max(axis=-1)
        return np.broadcast_to(lower, self.batch_shape).copy(), np.broadcast_to(upper, self.batch_shape).copy()
