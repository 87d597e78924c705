"""``value_and_grad`` of the front end: the summed logp of a mixture of families (or of
one family distribution) and its gradient, one batch element at a time through
:mod:`numbamix.kernels.gradients`."""

import numpy as np

from .._shapes import summed_to
from ..kernels import gradients
from .base import as_real_array


def _check(families):
    missing = [family.name for family in families if family.grad_logp is None]
    if missing:
        raise NotImplementedError(f"value_and_grad: no gradient formula (grad_logp) for {', '.join(missing)}")


def compiled(families, parallel=False):
    """The compiled ``f(values, w, params, grad_w, grad_params, grad_x)`` of a mixture of ``families``."""
    _check(families)
    return gradients.value_and_grad_function(tuple(families), parallel)


def leaf_parameters(components, batch_shape):
    """The canonical parameters of ``components`` (``(family, params)`` pairs) in order, each
    broadcast to ``batch_shape``: shape ``batch_shape + (P,)``."""
    columns = [np.broadcast_to(np.asarray(params[name], dtype=np.float64), batch_shape)
               for family, params in components for name in family.names]  # fmt: skip
    return np.stack(columns, axis=-1) if columns else np.empty(tuple(batch_shape) + (0,))


def value_and_grad(families, w, params, value, batch_shape=(), parallel=False):
    """``(sum of logp over value, gradients)`` for weights ``w`` (``batch_shape + (K,)``) and
    canonical ``params`` (``batch_shape + (P,)``), ``value`` broadcast against ``batch_shape``:
    gradients ``{"w", "logit_w", "params", "value"}`` (``w``'s and ``params``' shapes, ``value``'s
    shape; ``nan`` in the value for discrete families). One compiled pass per batch element,
    whose totals are added in C order."""
    x = as_real_array("value", value)
    try:
        out_shape = np.broadcast_shapes(x.shape, batch_shape)
    except ValueError:
        raise ValueError(f"value of shape {x.shape} does not broadcast against the batch shape {batch_shape}") from None
    values = np.broadcast_to(x, out_shape)
    f = compiled(families, parallel)
    w = np.ascontiguousarray(np.broadcast_to(w, tuple(batch_shape) + np.shape(w)[-1:]), dtype=np.float64)
    params = np.ascontiguousarray(params, dtype=np.float64)
    grad_w, grad_params, grad_x = np.empty(w.shape), np.empty(params.shape), np.empty(out_shape)
    total = 0.0
    for b in np.ndindex(*batch_shape):
        at = (Ellipsis,) + b
        gx = np.empty(values[at].size)
        total += f(np.ascontiguousarray(values[at]).ravel(), w[b], params[b], grad_w[b], grad_params[b], gx)
        grad_x[at] = gx.reshape(values[at].shape)
    grads = {"w": grad_w, "logit_w": gradients.logit_gradient(w, grad_w), "params": grad_params}
    return total, {**grads, "value": summed_to(x.shape, grad_x)}
