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
(their logp serves the log-sum-exp too). The values go through blocks of a table of
stack scratch (:data:`SCRATCH`), so the serial version allocates nothing: per block,
one loop per component fills its rows, a second loop forms the mixture's logp and the
ratios :math:`p_k/p` (loops without reductions: LLVM vectorises them), then the sums are
dot products of rows, added in a fixed order (2 Normals: 3x faster than a hand-written
per-value njit loop, ``benchmarks/bench_gradients.py``). A value outside every
component's support (``logp = -inf``) adds nothing to the gradients (its ``d/dx`` is
0). ``d/dx`` is ``nan`` for discrete families.
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
from .direct import BLOCK, _Box, _stack_buffer, make_kernels


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


def _n_params(comp):
    """The number of canonical parameters of kernel ``comp`` (compile-time)."""
    raise NotImplementedError("compiled code only")


@overload(_n_params)
def _n_params_impl(comp):
    family = _family_of(comp)
    if family is None:
        return None
    n = len(family.params)
    return lambda comp: n


#: Doubles of stack scratch per block of values (32 KiB), as a table with one row per
#: component's logp (then ratio p_k/p), per component's d/dx, per parameter derivative,
#: and one for the mixture's logp; a column per value. Blocks hold SCRATCH // (2K + P + 1)
#: values (455 for 2 Normals), so a mixture may have up to about a thousand components.
SCRATCH = 4096


@kernel
def _component_rows(block, comps, table):
    """Each component's logp (rows ``k``), ``d/dx`` (rows ``K + k``) and parameter derivatives
    (rows ``2K + p``) at the values of ``block``, into ``table``. One loop per component,
    with no reduction: it vectorises where the family's formula does."""
    n_k = len(comps)
    k = 0
    p = 2 * n_k
    for comp in literal_unroll(comps):
        n = _n_params(comp)
        for j in range(block.size):
            g = grad_logp(comp, block[j])
            table[k, j] = g[0]
            table[n_k + k, j] = g[n + 1]
            for i in range(n):
                table[p + i, j] = g[1 + i]
        p += n
        k += 1


@kernel
def _mixture_rows(w, zeros_k, table, n):
    """The mixture's logp at each value (the last row: a max-shifted log-sum-exp over the
    components of positive weight), then each logp row turned into ``p_k/p`` (0 where the
    mixture's logp is ``-inf``). Branch-free (both sides computed, then selected), with the
    number of components fixed at compile time (``len(zeros_k)``): the loops vectorise."""
    n_k = len(zeros_k)
    values = table[table.shape[0] - 1]
    for j in range(n):
        top = -m.INF
        for k in range(n_k):
            top = max(top, table[k, j] if w[k] > 0.0 else -m.INF)
        total = 0.0
        for k in range(n_k):
            term = w[k] * m.exp(table[k, j] - top)
            total += term if w[k] > 0.0 else 0.0
        value = top + m.log(total)
        values[j] = value if top > -m.INF else -m.INF
    for k in range(n_k):
        ratios = table[k]
        for j in range(n):
            ratio = m.exp(ratios[j] - values[j])
            ratios[j] = ratio if values[j] > -m.INF else 0.0


@leaf_formula
def _dot(a, b, n):
    """``sum_j a[j] * b[j]`` for ``j < n`` in four interleaved partial sums (a fixed order:
    the same result on every run, and four independent chains instead of one)."""
    s0 = s1 = s2 = s3 = 0.0
    j = 0
    while j + 4 <= n:
        s0 += a[j] * b[j]
        s1 += a[j + 1] * b[j + 1]
        s2 += a[j + 2] * b[j + 2]
        s3 += a[j + 3] * b[j + 3]
        j += 4
    while j < n:
        s0 += a[j] * b[j]
        j += 1
    return (s0 + s1) + (s2 + s3)


#: A row of ones: a plain sum is a dot product with it (one helper for both)
_ONES = np.ones(SCRATCH)


@kernel
def _value_and_grad_block(data, w, comps, grad_x):
    """``(sum_i log p(x_i), d/dw, d/dparams)`` over ``data`` (gradients as tuples); ``d/dx_i``
    into ``grad_x`` unless it is empty. Block by block of stack scratch: the per-value work
    is in loops without reductions (vectorised), the sums are dot products over the block."""
    zeros_k, zeros_p, owner = _layout(comps)
    n_k, n_p = len(zeros_k), len(zeros_p)
    n_rows = 2 * n_k + n_p + 1
    size = SCRATCH // n_rows
    table = _stack_buffer(SCRATCH)[: n_rows * size].reshape((n_rows, size))
    ones = _ONES
    total, acc_w, acc_p = 0.0, zeros_k, zeros_p
    for start in range(0, data.size, size):
        n = min(size, data.size - start)
        _component_rows(data[start : start + n], comps, table)
        _mixture_rows(w, zeros_k, table, n)
        total += _dot(table[n_rows - 1], ones, n)
        for k in range(n_k):
            acc_w = tuple_setitem(acc_w, k, acc_w[k] + _dot(table[k], ones, n))
        for i in range(n_p):
            term = w[owner[i]] * _dot(table[owner[i]], table[2 * n_k + i], n)
            acc_p = tuple_setitem(acc_p, i, acc_p[i] + term)
        if grad_x.size > 0:
            out = grad_x[start : start + n]
            for j in range(n):
                d_x = 0.0
                for k in range(n_k):
                    d_x += w[k] * table[k, j] * table[n_k + k, j]
                out[j] = d_x
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
    ``w_k (grad_w[k] - sum_j w_j grad_w[j])`` (along the last axis)."""
    return w * (grad_w - np.sum(w * grad_w, axis=-1, keepdims=True))


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
