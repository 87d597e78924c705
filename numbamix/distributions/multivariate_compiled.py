"""The bridge from multivariate front-end objects to :mod:`numbamix.kernels.multivariate`.

:class:`MvCompiled` stores the components' kernel constants (computed once,
vectorised, by each family's ``constants``) and the weights, and runs the
chunked kernels in the univariate front end's thread pool
(:func:`~numbamix.distributions.compiled._in_threads`): the same fixed chunks,
so sums and draws do not depend on the number of threads.
"""

import numpy as np

from .. import _random as rnd
from .._shapes import loop_layout
from ..kernels import multivariate as kernels
from ..kernels.components import LOGCCDF, LOGCDF, LOGP
from ..kernels.loop import chunk_count, sum_in_order
from .compiled import _in_threads

_NAMES = {LOGCDF: "logcdf", LOGCCDF: "logccdf"}


def _rows(family, params, param_shape, d):
    """The family's constants of every parameter position: ``(P, width)``."""
    constants = family.constants(family.broadcast(params, param_shape, d))
    return constants.reshape(-1, constants.shape[-1])


class MvCompiled:
    """A multivariate mixture ready for the kernels: weights ``W + (K,)``, components over ``param_shape``."""

    def __init__(self, weights, components, param_shape, batch_shape, event_size):
        self.names = ", ".join(dict.fromkeys(family.name for family, _ in components))
        self.d = event_size
        self.param_shape = tuple(param_shape)
        self.weight_shape = tuple(weights.shape[:-1])
        self.batch_shape = tuple(batch_shape)
        rows = [_rows(family, params, self.param_shape, event_size) for family, params in components]
        width = max(r.shape[1] for r in rows)
        self.constants = np.ascontiguousarray(np.concatenate([np.pad(r, ((0, 0), (0, width - r.shape[1]))) for r in rows]))
        self.codes = np.array([family.code for family, _ in components], dtype=np.int64)
        flat_w = np.ascontiguousarray(weights.reshape(-1, weights.shape[-1]), dtype=np.float64)
        self.w = flat_w
        cum_w = np.cumsum(flat_w, axis=1) / flat_w.sum(axis=1, keepdims=True)
        cum_w[:, -1] = 1.0
        self.cum_w = cum_w

    def _layout(self, value_shape, out_shape):
        return loop_layout(tuple(out_shape), tuple(value_shape), self.param_shape, self.weight_shape)

    def _prepare(self, method, value):
        """Flat C-ordered values, the output shape and the loop layout; errors name the shapes."""
        if method is not LOGP:
            raise NotImplementedError(
                f"{self.names}: {_NAMES[method]} is not defined for multivariate distributions"
            )
        value = np.ascontiguousarray(value)
        if value.ndim == 0 or value.shape[-1] != self.d:
            raise ValueError(
                f"{self.names}: value of shape {value.shape} must have the event size {self.d} on its last axis"
            )
        try:
            out_shape = np.broadcast_shapes(value.shape[:-1], self.batch_shape)
        except ValueError:
            raise ValueError(
                f"{self.names}: value of shape {value.shape} (batch {value.shape[:-1]}) does not broadcast "
                f"against the batch shape {self.batch_shape}"
            ) from None
        return value.reshape(-1), out_shape, *self._layout(value.shape[:-1], out_shape)

    def _logp(self, x, shape, strides, store, out):
        partial = np.empty(chunk_count(shape))
        _in_threads(
            lambda first, last: kernels.logp_chunks(
                self.codes, self.constants, self.w, x, self.d, shape, strides, first, last, store, out, partial
            ),
            partial.size,
        )
        return partial

    def evaluate(self, method, value):
        """logp of float64 ``value`` (``... + (d,)``); shape = broadcast of its batch and the batch shape."""
        x, out_shape, shape, strides = self._prepare(method, value)
        out = np.empty(out_shape)
        if out.size:
            self._logp(x, shape, strides, True, out.reshape(-1))
        return out

    def evaluate_sum(self, method, value):
        """Sum of logp over the broadcast shape, without storing the terms."""
        x, out_shape, shape, strides = self._prepare(method, value)
        if not np.prod(out_shape, dtype=np.int64):
            return 0.0
        return sum_in_order(self._logp(x, shape, strides, False, np.empty(0)))

    def evaluate_components(self, value, normalise):
        """``log w_k + logp_k(value)`` (or, with ``normalise``, the responsibilities) of each
        component, in mixture order: shape = broadcast shape + ``(K,)``."""
        x, out_shape, shape, strides = self._prepare(LOGP, value)
        out = np.empty(tuple(out_shape) + self.codes.shape)
        if out.size:
            _in_threads(
                lambda first, last: kernels.component_chunks(
                    self.codes, self.constants, self.w, x, self.d, shape, strides, first, last, normalise,
                    out.reshape(-1),
                ),
                chunk_count(shape),
            )
        return out

    def draw(self, out_shape, rng):
        """Draws of shape ``out_shape + (d,)`` (``out_shape`` ends with the batch shape)."""
        shape, strides = self._layout((), out_shape)
        out = np.empty(tuple(out_shape) + (self.d,))
        seed = rnd.entropy_from(rng)  # a Generator advances in every call, also for no draws
        if out.size:
            states = rnd.seed_states(seed, chunk_count(shape))
            _in_threads(
                lambda first, last: kernels.draw_chunks(
                    self.codes, self.constants, self.cum_w, states, self.d, shape, strides, first, last,
                    out.reshape(-1),
                ),
                states.shape[0],
            )
        return out
