"""``value_and_grad`` of the front end: the summed logp of a scalar-batch mixture of
families (or of one family distribution) and its gradient, through
:mod:`numbamix.kernels.gradients`."""

import numpy as np

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


def value_and_grad(families, w, params, value, parallel=False):
    """``(sum of logp over value, gradients)`` for weights ``w`` and flat canonical ``params``:
    gradients ``{"w", "logit_w", "params", "value"}`` (``value``'s shape; ``nan`` for discrete
    families)."""
    x = as_real_array("value", value)
    f = compiled(families, parallel)
    grad_w, grad_params = np.empty(len(families)), np.empty(params.size)
    grad_x = np.empty(x.size)
    total = f(np.ascontiguousarray(x, dtype=np.float64).ravel(), w, params, grad_w, grad_params, grad_x)
    grads = {"w": grad_w, "logit_w": gradients.logit_gradient(w, grad_w), "params": grad_params}
    return total, {**grads, "value": grad_x.reshape(x.shape)}
