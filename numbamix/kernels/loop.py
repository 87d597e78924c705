"""The parallel mixture loop.

A :class:`MixtureKernel` holds everything compiled about a mixture: the
component kernels' constants grouped by family (one row per component and
parameter position), the weights and their cumulative sums. A call adds
the *layout* of one evaluation: the broadcast output ``shape`` and, for each
operand (value, parameters, weights), its element stride along every output
dimension (0 along broadcast dimensions). Broadcasting is index arithmetic
only: nothing of output size is allocated apart from the output itself.

The output is walked in fixed chunks of :data:`CHUNK` elements, one ``prange``
task each (a non-inlined chunk function: numba does not parallelise a
``prange`` whose body unrolls a heterogeneous tuple). Within a chunk, each
component fills one row of a ``K x CHUNK`` scratch block with ``logp_k(x)``
(and one of weights) -- family by family, so the innermost loop calls one
formula -- and the columns are combined by a max-shifted log-sum-exp.
"""

import numpy as np
from numba import literal_unroll, prange, types
from numba.experimental import structref
from numba.extending import overload
from numba.np.unsafe.ndarray import to_fixed_tuple

from .. import _math as m
from .. import _random as rnd
from .._jit import kernel, parallel_kernel
from .components import _family_of, draw, evaluate, kernel_at, mean, support_point

#: Elements per parallel task. Fixed (never derived from the thread count), so
#: sums and random streams do not depend on how many threads run.
CHUNK = 2048


@structref.register
class MixtureKernelType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class MixtureKernel(structref.StructRefProxy):
    """Compiled data of a mixture (or of one distribution: ``K = 1``).

    Fields: ``templates`` (one kernel per family group, fixing the types),
    ``bounds`` (group ``g`` holds sorted positions ``bounds[g]:bounds[g+1]``),
    ``constants`` (``K * P`` rows of kernel constants: sorted position ``s``,
    parameter position ``p`` at row ``s * P + p``), ``component`` (sorted
    position -> mixture index), ``position`` (its inverse), ``w`` and
    ``cum_w`` (weights and their normalised cumulative sums, rows x ``K``).
    """

    def __new__(cls, templates, bounds, constants, component, position, w, cum_w):
        return _new_mixture_kernel(templates, bounds, constants, component, position, w, cum_w)


structref.define_proxy(
    MixtureKernel,
    MixtureKernelType,
    ["templates", "bounds", "constants", "component", "position", "w", "cum_w"],
)


@kernel
def _new_mixture_kernel(templates, bounds, constants, component, position, w, cum_w):
    return MixtureKernel(templates, bounds, constants, component, position, w, cum_w)


def build_constants(template, params):
    """Kernel constants, one row per row of canonical ``params``, for ``template``'s family."""


@overload(build_constants)
def _build_constants(template, params):
    family = _family_of(template)
    if family is None:
        return None
    make_kernel = family.make_kernel
    n_params = len(family.params)
    n_constants = family.n_constants

    def impl(template, params):
        constants = np.empty((params.shape[0], n_constants))
        for row in range(params.shape[0]):
            kern = make_kernel(*to_fixed_tuple(params[row], n_params))
            for i in range(n_constants):
                constants[row, i] = kern[i]
        return constants

    return impl


@kernel
def make_constants(template, params):
    """Compiled entry point of :func:`build_constants` (callable from Python)."""
    return build_constants(template, params)


@kernel
def component_moments(mk):
    """Means and support points of every component, shape ``(K, P)``, mixture order."""
    n_components = mk.component.size
    n_positions = mk.constants.shape[0] // n_components
    means = np.empty((n_components, n_positions))
    points = np.empty((n_components, n_positions))
    g = 0
    for template in literal_unroll(mk.templates):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            c = mk.component[s]
            for p in range(n_positions):
                kern = kernel_at(template, mk.constants, s * n_positions + p)
                means[c, p] = mean(kern)
                points[c, p] = support_point(kern)
        g += 1
    return means, points


@kernel
def _offsets(i, shape, strides):
    """Offsets of flat output index ``i`` in the value, parameter and weight operands."""
    value_offset = 0
    param_offset = 0
    weight_offset = 0
    for d in range(shape.size - 1, -1, -1):
        index = i % shape[d]
        i //= shape[d]
        value_offset += index * strides[0, d]
        param_offset += index * strides[1, d]
        weight_offset += index * strides[2, d]
    return value_offset, param_offset, weight_offset


@kernel
def _segment_length(i, stop, shape):
    """Elements from flat index ``i`` to the end of its innermost row, capped at ``stop``."""
    last = shape[shape.size - 1]
    return min(last - i % last, stop - i)


@kernel
def _fill_terms(template, mk, s, row, p_step, w_at, w_step, method, x, x_at, x_step, terms, weights, j0, seg):
    """Component values and weights for sorted position ``s`` along one segment.

    Writes ``terms[c, j0:j0+seg]`` (logp or logcdf of component ``c``) and
    ``weights[c, j0:j0+seg]`` (its weight at each output).
    """
    c = mk.component[s]
    if p_step == 0 and w_step == 0:
        # parameters and weight constant along the segment: build the kernel once
        kern = kernel_at(template, mk.constants, row)
        w = mk.w[w_at, c]
        for j in range(seg):
            terms[c, j0 + j] = evaluate(kern, x[x_at + j * x_step], method)
            weights[c, j0 + j] = w
    else:
        for j in range(seg):
            kern = kernel_at(template, mk.constants, row + j * p_step)
            terms[c, j0 + j] = evaluate(kern, x[x_at + j * x_step], method)
            weights[c, j0 + j] = mk.w[w_at + j * w_step, c]


@kernel
def evaluate_chunk(mk, method, x, shape, strides, start, stop, dest):
    """``logp`` (method 0) or ``logcdf`` (1) of the mixture for flat outputs ``start:stop``."""
    n_components = mk.component.size
    n_positions = mk.constants.shape[0] // n_components
    terms = np.empty((n_components, stop - start))
    weights = np.empty((n_components, stop - start))
    d_last = shape.size - 1
    x_step, p_step, w_step = strides[0, d_last], strides[1, d_last], strides[2, d_last]
    i = start
    while i < stop:
        x_at, p_at, w_at = _offsets(i, shape, strides)
        seg = _segment_length(i, stop, shape)
        j0 = i - start
        g = 0
        for template in literal_unroll(mk.templates):
            for s in range(mk.bounds[g], mk.bounds[g + 1]):
                _fill_terms(template, mk, s, s * n_positions + p_at, p_step, w_at, w_step,
                            method, x, x_at, x_step, terms, weights, j0, seg)
            g += 1
        i += seg
    _logsumexp_columns(terms, weights, dest)


@kernel
def _logsumexp_columns(terms, weights, dest):
    """``dest[j] = log(sum_c weights[c, j] * exp(terms[c, j]))``, shifted by the column max.

    Weights enter linearly (not as ``log w``), so where every component's
    logcdf is 0 the result is ``log(sum w) = 0`` exactly. Zero-weight
    components are skipped, even where their term is ``+inf`` or ``nan``.
    Infinite maxima are not shifted: all ``-inf`` gives ``-inf``, a ``+inf``
    term ``+inf``; a ``nan`` term with positive weight gives ``nan``.
    """
    n_components, n = terms.shape
    for j in range(n):
        top = -m.INF
        for c in range(n_components):
            t = terms[c, j]
            top = t if (t > top and weights[c, j] > 0.0) else top
        shift = top if abs(top) < m.INF else 0.0
        total = 0.0
        for c in range(n_components):
            w = weights[c, j]
            total += w * m.exp(terms[c, j] - shift) if w > 0.0 else 0.0
        dest[j] = shift + m.log(total)


@parallel_kernel
def evaluate_into(mk, method, x, shape, strides, out):
    """Fill flat ``out`` with the mixture's logp/logcdf, chunks in parallel."""
    n = out.size
    for chunk in prange((n + CHUNK - 1) // CHUNK):
        start = chunk * CHUNK
        stop = min(start + CHUNK, n)
        evaluate_chunk(mk, method, x, shape, strides, start, stop, out[start:stop])


@parallel_kernel
def evaluate_sum(mk, method, x, shape, strides, n):
    """Sum of the mixture's logp/logcdf over ``n`` outputs without storing them.

    Chunk sums are added in chunk order, so the result does not depend on the
    number of threads.
    """
    n_chunks = (n + CHUNK - 1) // CHUNK
    partial = np.empty(n_chunks)
    for chunk in prange(n_chunks):
        start = chunk * CHUNK
        stop = min(start + CHUNK, n)
        buffer = np.empty(stop - start)
        evaluate_chunk(mk, method, x, shape, strides, start, stop, buffer)
        partial[chunk] = buffer.sum()
    return _sum_in_order(partial)


@kernel
def _sum_in_order(values):
    """Sum in index order (a ``.sum()`` inside a parallel function is itself parallelised)."""
    total = 0.0
    for v in values:
        total += v
    return total


@kernel
def _choose(cum_w, row, u):
    """The first component whose cumulative weight exceeds ``u`` (zero weights never win)."""
    n_components = cum_w.shape[1]
    for c in range(n_components - 1):
        if u < cum_w[row, c]:
            return c
    return n_components - 1


@kernel
def draw_chunk(mk, state, shape, strides, start, stop, dest):
    """Draws for flat outputs ``start:stop`` from one generator ``state``."""
    n_components = mk.component.size
    n_positions = mk.constants.shape[0] // n_components
    d_last = shape.size - 1
    p_step, w_step = strides[1, d_last], strides[2, d_last]
    i = start
    while i < stop:
        _, p_at, w_at = _offsets(i, shape, strides)
        seg = _segment_length(i, stop, shape)
        for j in range(seg):
            s = mk.position[_choose(mk.cum_w, w_at + j * w_step, rnd.uniform(state))]
            row = s * n_positions + p_at + j * p_step
            g = 0
            for template in literal_unroll(mk.templates):
                if mk.bounds[g] <= s and s < mk.bounds[g + 1]:
                    dest[i - start + j] = draw(kernel_at(template, mk.constants, row), state)
                g += 1
        i += seg


@parallel_kernel
def draw_into(mk, states, shape, strides, out):
    """Fill flat ``out`` with draws; chunk ``c`` uses generator ``states[c]``."""
    n = out.size
    for chunk in prange((n + CHUNK - 1) // CHUNK):
        start = chunk * CHUNK
        stop = min(start + CHUNK, n)
        draw_chunk(mk, states[chunk], shape, strides, start, stop, out[start:stop])
