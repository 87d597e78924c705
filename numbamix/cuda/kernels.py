"""CUDA kernels of the mixture loop: one thread per output element, grid-stride loops.

Each element is placed by the loop layout of :func:`numbamix._shapes.loop_layout`
(``shape`` and the four operands' ``strides``, passed as tuples: registers, not
memory), and its value is the online log-sum-exp of the CPU loop
(:func:`numbamix.kernels.loop._add_term`) over the components in the same
order, each term from the family's own formula through the generic dispatch of
:mod:`numbamix.kernels.components` (``evaluate_vector`` with the exact
``evaluate`` where it gives ``nan``, as the CPU loop): no second copy of any
formula. What a kernel computes (logp, logcdf, logccdf) is a compile-time
:class:`~numbamix._jit.Choice` closed over by the kernel, as on the CPU.

Under numba's simulator (``NUMBA_ENABLE_CUDASIM=1``) these bodies run as
Python, calling the compiled CPU formulas element by element; arrays handed to
compiled helpers are the simulator's numpy arrays (:func:`_raw`).
"""

import functools
from typing import NamedTuple

import numpy as np
from numba import config, cuda
from numba.cuda.misc.special import literal_unroll

from .. import _math as m
from .. import _random as rnd
from ..kernels.components import draw, evaluate, evaluate_vector, has_exact_fallback, kernel_at
from ..kernels.loop import _add_term, _choose
from . import retarget  # noqa: F401  (kernel_at for the CUDA target)

#: Threads per block: a multiple of the warp size that keeps the register-heavy
#: formulas (lgamma, incomplete gamma) at full occupancy on current GPUs; on the
#: simulator, where each thread is a Python thread, one warp (starting 128 threads per
#: launch took a quarter of the tests' time).
THREADS_PER_BLOCK = 32 if config.ENABLE_CUDASIM else 128

@cuda.jit(device=True)
def _draw_component(components, s, row, state):
    """One draw from the component at sorted position ``s`` (parameters at ``row``): the family's
    ``draw``, as in the CPU's draw functions (:func:`numbamix.kernels.family_loops.draw_function`)."""
    g = 0
    value = m.NAN
    for template in literal_unroll(components.templates):
        if components.bounds[g] <= s and s < components.bounds[g + 1]:
            value = draw(kernel_at(template, components.constants, row), state)
        g += 1
    return value

#: Words of a generator state (a global: local array sizes must be compile-time constants).
_STATE_WORDS = rnd.STATE_WORDS

if config.ENABLE_CUDASIM:

    def _raw(array):
        """The numpy array behind a simulator kernel argument (compiled helpers take numpy arrays)."""
        return array._item._ary

else:

    @cuda.jit(device=True, inline=True)
    def _raw(array):
        """The array itself (on the simulator: its numpy array)."""
        return array


#: Indices are unsigned (uint64) throughout the kernels: numba wraps negative signed indices
#: around, a shift, mask and add for every index of every array access.
_ZERO = np.uint64(0)


@cuda.jit(device=True, inline=True)
def _offsets(shape, strides, i):
    """Offsets of loop element ``i`` in the value, parameters, weights and output (C order over
    ``shape``; all uint64). The outermost dimension takes what is left of ``i``: a one-dimensional
    loop, the usual case, divides nothing (a 64-bit division is a long instruction sequence on a GPU)."""
    x_at = p_at = w_at = o_at = _ZERO
    for d in range(len(shape) - 1, 0, -1):
        index = i % shape[d]
        i //= shape[d]
        x_at += index * strides[0][d]
        p_at += index * strides[1][d]
        w_at += index * strides[2][d]
        o_at += index * strides[3][d]
    return (x_at + i * strides[0][0], p_at + i * strides[1][0], w_at + i * strides[2][0], o_at + i * strides[3][0])


@cuda.jit(device=True, inline=True)
def _elements(n):
    """This thread's loop elements of a grid-stride loop over ``n`` (uint64 indices)."""
    return range(np.uint64(cuda.grid(1)), np.uint64(n), np.uint64(cuda.gridsize(1)))


@cuda.jit(device=True)
def _mixture_term(templates, bounds, constants, n_positions, component, weights, method, value, p_at, w_at):
    """logp/logcdf/logccdf (``method``) of the mixture at ``value``, parameters at position ``p_at``
    (of ``n_positions`` per component), weights at row ``w_at``: ``log sum_k w_k exp(term_k)``, zero
    weights skipped, in the CPU loop's order."""
    log_value = m.log(value)
    log_factorial_value = m.log_factorial_table(value)
    top = -m.INF
    total = 0.0
    g = 0
    for template in literal_unroll(templates):
        for s in range(bounds[g], bounds[g + 1]):
            w = weights[w_at, component[s]]
            if w > 0.0:
                kern = kernel_at(template, _raw(constants), s * n_positions + p_at)
                term = evaluate_vector(kern, value, log_value, log_factorial_value, method)
                if has_exact_fallback(template, method) and term != term:
                    term = evaluate(kern, value, method)
                top, total = _add_term(top, total, term, w)
        g += 1
    return top + m.log(total)


@functools.cache
def evaluate_kernel(method):
    """``kernel(templates, bounds, constants, n_positions, component, weights, x, shape, strides, out)``:
    ``out`` (flat, every loop element) = ``method`` of the mixture at ``x``."""

    @cuda.jit
    def kernel(templates, bounds, constants, n_positions, component, weights, x, shape, strides, out):
        for i in _elements(out.size):
            x_at, p_at, w_at, o_at = _offsets(shape, strides, i)
            out[o_at] = _mixture_term(
                templates, bounds, constants, n_positions, component, weights, method, x[x_at], p_at, w_at
            )

    return kernel


@functools.cache
def sum_kernel(method):
    """``kernel(templates, bounds, constants, n_positions, component, weights, x, shape, strides, n, partial)``:
    ``partial[b]`` = the sum of ``method`` over the ``n`` loop elements block ``b``'s threads visit
    (``partial`` has one entry per block), added in a fixed order: each thread's elements in turn,
    then the block's threads pairwise in shared memory."""

    @cuda.jit
    def kernel(templates, bounds, constants, n_positions, component, weights, x, shape, strides, n, partial):
        total = 0.0
        for i in _elements(n):
            x_at, p_at, w_at, _ = _offsets(shape, strides, i)
            total += _mixture_term(
                templates, bounds, constants, n_positions, component, weights, method, x[x_at], p_at, w_at
            )
        thread = cuda.threadIdx.x
        totals = cuda.shared.array(THREADS_PER_BLOCK, np.float64)
        totals[thread] = total
        cuda.syncthreads()
        step = THREADS_PER_BLOCK // 2
        while step > 0:
            if thread < step:
                totals[thread] += totals[thread + step]
            cuda.syncthreads()
            step //= 2
        if thread == 0:
            partial[cuda.blockIdx.x] = totals[0]

    return kernel


class _Components(NamedTuple):
    """What :func:`_draw_component` reads of a mixture kernel."""

    templates: tuple
    bounds: object
    constants: object


@cuda.jit
def draw_kernel(templates, bounds, constants, position, cum_w, states, shape, strides, out):
    """Draws into flat ``out``: stream ``t`` (row ``t`` of ``states``, xoshiro256** as on the CPU)
    fills loop elements ``t, t + S, t + 2S, ...`` (``S`` streams), so draws depend only on the seed
    and the number of streams, not on the grid or the device."""
    stream = cuda.grid(1)
    n_streams = states.shape[0]
    if stream >= n_streams:
        return
    # the stream's state in registers (local memory); it is not written back: each stream serves one launch
    state = cuda.local.array(_STATE_WORDS, np.uint64)
    for word in range(_STATE_WORDS):
        state[word] = states[stream, word]
    components = _Components(templates, _raw(bounds), _raw(constants))
    n_positions = np.uint64(constants.shape[0] // position.size)
    for i in range(np.uint64(stream), np.uint64(out.size), np.uint64(n_streams)):
        _, p_at, w_at, o_at = _offsets(shape, strides, i)
        s = position[_choose(_raw(cum_w), w_at, rnd.uniform(state))]
        out[o_at] = _draw_component(components, s, s * n_positions + p_at, state)
