"""Mixtures built inside user ``@njit`` code from a tuple of component kernels.

What a hand-written sampler calls millions of times with new parameters::

    @njit
    def log_post(theta, data):
        w = np.array([theta[0], 1.0 - theta[0]])
        comps = (kernels.Normal(theta[1], 1.0), kernels.StudentT(4.0, theta[2], 1.0))
        return kernels.mixture_logp_sum(data, w, comps) + prior(theta)

``comps`` is a tuple of component kernels (any mix of families) and ``w`` an
array of weights, one per component. Nothing is validated (kernels never
raise): weights must be in [0, 1] and sum to 1. The log-sum-exp is online, one
pass over the components per value:

.. math:: \\log p(x) = \\log \\sum_k w_k\\, e^{\\log p_k(x)}

with the running maximum as shift, so no term overflows and a ``-inf`` term
adds nothing. A weight of 0 removes its component (also where its logp is
``nan``). The serial functions allocate nothing; the parallel sum allocates one
float per block of :data:`BLOCK` values, so that the sum is added in block
order and does not depend on the number of threads.
"""

import functools

import numba
import numpy as np
from numba import literal_unroll, prange, types
from numba.experimental import structref
from numba.core import cgutils
from numba.extending import intrinsic, overload
from numba.np.arrayobj import make_array, populate_array
from numba.np.unsafe.ndarray import to_fixed_tuple

from .. import _math as m
from .._jit import kernel, leaf_formula, parallel_kernel
from .components import _family_of, logp
from .loop import _add_term, _sum_in_order

#: Values per parallel task of :func:`mixture_logp_sum_parallel` (fixed: the sum's
#: order of addition does not depend on the thread count).
BLOCK = 4096

#: Values per stack buffer of :func:`mixture_logp_sum` (2 KiB).
BUFFER = 256


@leaf_formula
def mixture_logp(x, w, comps):
    """``log sum_k w_k p_k(x)`` at one value ``x`` for kernels ``comps`` and weights ``w``."""
    top = -m.INF
    total = 0.0
    k = 0
    for comp in literal_unroll(comps):
        weight = w[k]
        if weight > 0.0:
            term = logp(comp, x)
            if total == 0.0:
                # the first term needs no exp (the -inf start would cost a slow one)
                top, total = term, weight
            else:
                top, total = _add_term(top, total, term, weight)
        k += 1
    return top + m.log(total)


@kernel
def mixture_logp_into(data, w, comps, out):
    """``out[i] = mixture_logp(data[i], w, comps)`` for a 1-d ``data``, serially."""
    for i in range(data.size):
        out[i] = mixture_logp(data[i], w, comps)


@intrinsic
def _stack_buffer(typingctx, size):
    """A float64 array of ``size`` (a compile-time constant) on the caller's stack: scratch
    with no heap allocation and no reference counting. It must not outlive the caller."""
    if not isinstance(size, types.IntegerLiteral):
        return None
    n = size.literal_value
    array_type = types.Array(types.float64, 1, "C")

    def codegen(context, builder, signature, args):
        data = cgutils.alloca_once(builder, context.get_data_type(types.float64), size=n)
        array = make_array(array_type)(context, builder)
        itemsize = context.get_constant(types.intp, 8)
        populate_array(array, data=data, shape=[context.get_constant(types.intp, n)], strides=[itemsize],
                       itemsize=itemsize, meminfo=None)
        return array._getvalue()

    return array_type(size), codegen


@kernel
def mixture_logp_sum(data, w, comps):
    """``sum_i mixture_logp(data[i], w, comps)`` over a 1-d ``data``, serially (the inner
    kernel for samplers that run chains in their own ``prange``).

    The terms of each block of :data:`BUFFER` values go to a buffer on the stack and are
    then added in order: the loop computing them vectorises, which a running sum (a
    strict floating-point reduction) would prevent (4x measured, 2 Normals).
    """
    buffer = _stack_buffer(BUFFER)
    total = 0.0
    for start in range(0, data.size, BUFFER):
        stop = min(start + BUFFER, data.size)
        block = buffer[: stop - start]
        mixture_logp_into(data[start:stop], w, comps, block)
        for j in range(stop - start):
            total += block[j]
    return total


@structref.register
class _BoxType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class _Box(structref.StructRefProxy):
    """The components, boxed for a ``prange`` body: numba's parfors reject a captured
    tuple of named tuples (numba issue 4846), not a structref holding one."""


structref.define_proxy(_Box, _BoxType, ["comps"])


@parallel_kernel
def mixture_logp_sum_parallel(data, w, comps):
    """:func:`mixture_logp_sum` with blocks of :data:`BLOCK` values in parallel; the block
    sums are added in order, so the result is the same for any number of threads."""
    n_blocks = (data.size + BLOCK - 1) // BLOCK
    partial = np.empty(n_blocks)
    box = _Box(comps)
    for b in prange(n_blocks):
        partial[b] = mixture_logp_sum(data[b * BLOCK : min((b + 1) * BLOCK, data.size)], w, box.comps)
    return _sum_in_order(partial)


def make_kernels(templates, params):
    """A tuple of kernels of the families of ``templates`` (any kernels, one per component)
    from ``params``: the canonical parameters of each component in turn, flat."""
    raise NotImplementedError("compiled code only: call it from @njit code")


def _kernels_from(templates, params, start):
    raise NotImplementedError("compiled code only")


@overload(_kernels_from)
def _kernels_from_impl(templates, params, start):
    if len(templates) == 0:
        return lambda templates, params, start: ()
    family = _family_of(templates[0])
    if family is None:
        return None
    n = len(family.params)
    make = family.make_kernel

    def impl(templates, params, start):
        head = make(*to_fixed_tuple(params[start : start + n], n))
        return (head,) + _kernels_from(templates[1:], params, start + n)

    return impl


@overload(make_kernels)
def _make_kernels(templates, params):
    return lambda templates, params: _kernels_from(templates, params, 0)


@functools.cache
def logp_sum_function(families, parallel=False):
    """The compiled ``f(values, w, params)`` of a mixture of ``families`` (registry entries, in
    component order): ``mixture_logp_sum`` (or its parallel version) of the kernels that
    :func:`make_kernels` builds from the flat canonical ``params``. One per structure."""
    templates = tuple(family.make_kernel(*np.ones(len(family.params))) for family in families)
    summed = mixture_logp_sum_parallel if parallel else mixture_logp_sum

    @numba.njit(error_model="numpy", nogil=True)
    def logp_sum(values, w, params):
        return summed(values, w, make_kernels(templates, params))

    return logp_sum
