"""The summed mixture log-likelihood and its gradient, in one pass (issue 7).

For weights :math:`w_k` and components :math:`p_k(\\cdot \\mid \\theta_k)`,
:math:`\\ell = \\sum_i \\log p(x_i)` with :math:`p(x) = \\sum_k w_k p_k(x)`, and the
responsibilities :math:`r_k(x) = w_k p_k(x) / p(x)`:

.. math::
   \\frac{\\partial \\ell}{\\partial w_k} = \\sum_i \\frac{p_k(x_i)}{p(x_i)}
       = \\sum_i e^{\\log p_k(x_i) - \\log p(x_i)}, \\qquad
   \\frac{\\partial \\ell}{\\partial \\theta_k} = \\sum_i r_k(x_i)
       \\frac{\\partial \\log p_k(x_i)}{\\partial \\theta_k}, \\qquad
   \\frac{\\partial \\ell}{\\partial x_i} = \\sum_k r_k(x_i)
       \\frac{\\partial \\log p_k(x_i)}{\\partial x_i}

(the first is finite at :math:`w_k = 0`). For weights :math:`w = \\operatorname{softmax}(a)`,
:math:`\\partial \\ell / \\partial a_k = \\sum_i (r_k(x_i) - w_k)
= w_k (\\partial \\ell/\\partial w_k - \\sum_j w_j\\, \\partial \\ell/\\partial w_j)`
(:func:`logit_gradient`). The components' derivatives are the families' ``grad_logp``
formulas (:func:`numbamix.kernels.grad_logp`), evaluated once per value and component
together with the log-sum-exp of the value; they are kept in tuples (registers), not
arrays, so the serial version allocates nothing. A value outside every component's
support (``logp = -inf``) adds nothing to the gradients (its ``d/dx`` is 0).
``d/dx`` is ``nan`` for discrete families.
"""

import functools

import numba
import numpy as np
from numba import literal_unroll, prange, types
from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload

from .. import _math as m
from .._jit import kernel, leaf_formula, parallel_kernel
from .components import _family_of, grad_logp
from .direct import BLOCK, _Box, make_kernels
from .loop import _add_term, _first_term


def _layout(comps):
    """``(zeros(K), zeros(P), owner)``: zero tuples for the weights' and the parameters'
    gradients of components ``comps`` and the component of each parameter (compile-time)."""
    raise NotImplementedError("compiled code only")


@overload(_layout)
def _layout_impl(comps):
    if not isinstance(comps, types.BaseTuple):
        return None
    families = [_family_of(comp) for comp in comps.types]
    if any(family is None or family.grad_logp is None for family in families):
        return None
    sizes = [len(family.params) for family in families]
    zeros_k, zeros_p = (0.0,) * len(sizes), (0.0,) * sum(sizes)
    owner = tuple(k for k, size in enumerate(sizes) for _ in range(size))
    return lambda comps: (zeros_k, zeros_p, owner)


@leaf_formula
def _terms(x, w, comps, logps, grads, d_x):
    """``(log p(x), logps, grads, d_x)``: the mixture's logp at ``x`` and, per component, its
    logp, its parameters' derivatives (flat) and its value derivative, in one pass."""
    top = -m.INF
    total = 0.0
    k = 0
    p = 0
    for comp in literal_unroll(comps):
        g = grad_logp(comp, x)
        n = len(g) - 2
        logps = tuple_setitem(logps, k, g[0])
        for j in range(n):
            grads = tuple_setitem(grads, p + j, g[1 + j])
        d_x = tuple_setitem(d_x, k, g[n + 1])
        weight = w[k]
        if weight > 0.0:
            if total == 0.0:
                top, total = _first_term(g[0], weight)
            else:
                top, total = _add_term(top, total, g[0], weight)
        k += 1
        p += n
    return top + m.log(total), logps, grads, d_x


@kernel
def _value_and_grad_block(data, w, comps, grad_x):
    """``(sum_i log p(x_i), d/dw, d/dparams)`` over ``data`` (gradients as tuples); ``d/dx_i``
    into ``grad_x`` unless it is empty."""
    zeros_k, zeros_p, owner = _layout(comps)
    total, acc_w, acc_p = 0.0, zeros_k, zeros_p
    for i in range(data.size):
        value, logps, grads, d_x = _terms(data[i], w, comps, zeros_k, zeros_p, zeros_k)
        total += value
        dx = 0.0
        if value > -m.INF:
            resp = zeros_k
            for k in range(len(zeros_k)):
                ratio = m.exp(logps[k] - value)
                acc_w = tuple_setitem(acc_w, k, acc_w[k] + ratio)
                resp = tuple_setitem(resp, k, w[k] * ratio)
                dx += resp[k] * d_x[k]
            for j in range(len(zeros_p)):
                acc_p = tuple_setitem(acc_p, j, acc_p[j] + resp[owner[j]] * grads[j])
        if grad_x.size > 0:
            grad_x[i] = dx
    return total, acc_w, acc_p


@kernel
def _store(values, out, start):
    for j in range(len(values)):
        out[start + j] = values[j]


@kernel
def mixture_value_and_grad(data, w, comps, grad_w, grad_params, grad_x):
    """``sum_i log p(data[i])`` of the mixture of kernels ``comps`` with weights ``w``, filling
    ``grad_w`` (K), ``grad_params`` (the components' canonical parameters in order, flat, as
    :func:`~numbamix.kernels.make_kernels` takes them) and ``grad_x`` (``data.size``, or
    empty to skip) with its gradient. Serial, allocates nothing: the kernel for samplers
    running chains in their own ``prange``."""
    total, acc_w, acc_p = _value_and_grad_block(data, w, comps, grad_x)
    _store(acc_w, grad_w, 0)
    _store(acc_p, grad_params, 0)
    return total


@kernel
def _block_into(data, w, comps, grad_x, row):
    total, acc_w, acc_p = _value_and_grad_block(data, w, comps, grad_x)
    row[0] = total
    _store(acc_w, row, 1)
    _store(acc_p, row, 1 + len(acc_w))


@parallel_kernel
def mixture_value_and_grad_parallel(data, w, comps, grad_w, grad_params, grad_x):
    """:func:`mixture_value_and_grad` over blocks of :data:`~numbamix.kernels.direct.BLOCK`
    values in parallel; the blocks' partial sums are added in block order, so the result is
    the same for any number of threads."""
    n_blocks = (data.size + BLOCK - 1) // BLOCK
    n_w = grad_w.size
    partial = np.zeros((n_blocks, 1 + n_w + grad_params.size))
    box = _Box(comps)
    for b in prange(n_blocks):
        start, stop = b * BLOCK, min((b + 1) * BLOCK, data.size)
        _block_into(data[start:stop], w, box.comps, grad_x[start:stop], partial[b])
    sums = np.zeros(partial.shape[1])
    for b in range(n_blocks):
        sums += partial[b]
    grad_w[:] = sums[1 : 1 + n_w]
    grad_params[:] = sums[1 + n_w :]
    return sums[0]


def logit_gradient(w, grad_w):
    """The gradient in logits ``a`` with ``w = softmax(a)``, from that in ``w``:
    ``w_k (grad_w[k] - sum_j w_j grad_w[j])``."""
    return w * (grad_w - np.dot(w, grad_w))


@functools.cache
def value_and_grad_function(families, parallel=False):
    """The compiled ``f(values, w, params, grad_w, grad_params, grad_x)`` of a mixture of
    ``families`` (registry entries with ``grad_logp``, in component order):
    :func:`mixture_value_and_grad` (or its parallel version) of the kernels that
    :func:`~numbamix.kernels.make_kernels` builds from the flat canonical ``params``."""
    templates = tuple(family.make_kernel(*np.ones(len(family.params))) for family in families)
    chosen = mixture_value_and_grad_parallel if parallel else mixture_value_and_grad

    @numba.njit(error_model="numpy", nogil=True)
    def value_and_grad(values, w, params, grad_w, grad_params, grad_x):
        return chosen(values, w, make_kernels(templates, params), grad_w, grad_params, grad_x)

    return value_and_grad
