"""The parallel mixture loop.

A :class:`MixtureKernel` holds everything compiled about a mixture: the
component kernels' constants grouped by family (one row per component and
parameter position), the weights and their cumulative sums. A call adds
the *layout* of one evaluation: the broadcast output ``shape`` and, for each
operand (value, parameters, weights), its element stride along every output
dimension (0 along broadcast dimensions). Broadcasting is index arithmetic
only: nothing of output size is allocated apart from the output itself.

The loop is walked in fixed chunks of at most :data:`CHUNK` elements
(:func:`chunk_bounds`), one ``prange`` task each (a non-inlined chunk function: numba does not parallelise a
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
from .._jit import Choice, kernel, leaf_formula, parallel_kernel
from .components import (
    LOGP,
    _family_of,
    draw,
    evaluate,
    evaluate_vector,
    has_exact_fallback,
    kernel_at,
    mean,
    shared_values,
    support,
    support_point,
    variance,
)

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
    ``cum_w`` (weights and their normalised cumulative sums, rows x ``K``),
    ``structure`` (:data:`SINGLE` for one component, else :data:`MIXTURE`: a
    compile-time choice, so a lone distribution compiles and runs without the
    log-sum-exp).
    """

    def __new__(cls, templates, bounds, constants, component, position, w, cum_w):
        structure = SINGLE if component.size == 1 else MIXTURE
        return _new_mixture_kernel(templates, bounds, constants, component, position, w, cum_w, structure)


structref.define_proxy(
    MixtureKernel,
    MixtureKernelType,
    ["templates", "bounds", "constants", "component", "position", "w", "cum_w", "structure"],
)

#: One component (its weight is 1: the mixture is the component) or several.
SINGLE = Choice("single")
MIXTURE = Choice("mixture")


@kernel
def _new_mixture_kernel(templates, bounds, constants, component, position, w, cum_w, structure):
    return MixtureKernel(templates, bounds, constants, component, position, w, cum_w, structure)


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


#: Rows of :func:`component_summaries`.
MEAN, SUPPORT_POINT, VARIANCE, LOWER, UPPER = range(5)


@kernel
def component_summaries(mk):
    """Mean, support point, variance and support bounds of every component.

    Shape ``(5, K, P)`` (rows :data:`MEAN` ... :data:`UPPER`), components in
    mixture order.
    """
    n_components = mk.component.size
    n_positions = mk.constants.shape[0] // n_components
    out = np.empty((5, n_components, n_positions))
    g = 0
    for template in literal_unroll(mk.templates):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            c = mk.component[s]
            for p in range(n_positions):
                kern = kernel_at(template, mk.constants, s * n_positions + p)
                out[MEAN, c, p] = mean(kern)
                out[SUPPORT_POINT, c, p] = support_point(kern)
                out[VARIANCE, c, p] = variance(kern)
                out[LOWER, c, p], out[UPPER, c, p] = support(kern)
        g += 1
    return out


@kernel
def chunk_count(shape):
    """Number of chunks (parallel tasks) of a loop of ``shape``: see :func:`chunk_bounds`."""
    inner = shape[shape.size - 1]
    n = 1
    for extent in shape:
        n *= extent
    if inner < CHUNK:
        return (n + CHUNK - 1) // CHUNK
    return n // inner * ((inner + CHUNK - 1) // CHUNK)


@kernel
def chunk_bounds(shape, chunk):
    """Loop elements ``(start, stop)`` of chunk number ``chunk``.

    Where the innermost loop dimension is shorter than :data:`CHUNK`, chunk
    ``c`` is elements ``c * CHUNK`` on (the last one shorter). Otherwise each
    row of the innermost dimension is cut into blocks of :data:`CHUNK`, and
    chunks are numbered block by block: ``chunk`` = block number * rows + row.
    Consecutive chunks then cover the same block of neighbouring rows, which
    for a reordered loop (values and output stepping through rows with stride
    1, through each row with a larger stride) are neighbours in memory: a
    thread reads and writes each cache line while it is still in cache instead
    of once per row.
    """
    inner = shape[shape.size - 1]
    n = 1
    for extent in shape:
        n *= extent
    if inner < CHUNK:
        start = chunk * CHUNK
        return start, min(start + CHUNK, n)
    rows = n // inner
    row_start = (chunk % rows) * inner
    start = row_start + (chunk // rows) * CHUNK
    return start, min(start + CHUNK, row_start + inner)


@kernel
def _segments(shape, strides, start, stop):
    """Split loop elements ``start:stop`` into runs along the innermost loop dimension.

    Row ``r`` of the result is ``(first element - start, length, value offset,
    parameter offset, weight offset, output offset)``; within a run every
    operand advances by its innermost stride. An odometer carries the offsets
    from run to run, so the only divisions are the ones that locate ``start``.
    """
    n_dims = shape.size
    n_operands = strides.shape[0]
    last = shape[n_dims - 1]
    first_length = min(last - start % last, stop - start)
    n_runs = 1 + (stop - start - first_length + last - 1) // last
    runs = np.empty((n_runs, 2 + n_operands), dtype=np.int64)
    index = np.empty(n_dims, dtype=np.int64)
    offsets = np.zeros(n_operands, dtype=np.int64)
    rest = start
    for d in range(n_dims - 1, -1, -1):
        index[d] = rest % shape[d]
        rest //= shape[d]
        offsets += index[d] * strides[:, d]
    i = start
    for run in range(n_runs):
        length = min(last - index[n_dims - 1], stop - i)
        runs[run, 0] = i - start
        runs[run, 1] = length
        runs[run, 2:] = offsets
        i += length
        # back to the start of this row, then carry into the outer dimensions
        offsets -= index[n_dims - 1] * strides[:, n_dims - 1]
        index[n_dims - 1] = 0
        d = n_dims - 2
        while d >= 0:
            index[d] += 1
            offsets += strides[:, d]
            if index[d] < shape[d]:
                break
            offsets -= shape[d] * strides[:, d]
            index[d] = 0
            d -= 1
    return runs


@kernel
def _accumulate(template, constants, row0, n_positions, weights, c, method, step, values, shared, strides,
                runs, top, total, terms):
    """Add one component's ``w * exp(logp)`` to the running log-sum-exp of a chunk.

    ``values`` are the chunk's values in loop order, ``shared`` the arrays of
    :func:`_shared_values`. ``top[j]`` is the largest
    term seen with positive weight, ``total[j]`` the weighted sum of
    ``exp(term - top[j])``: one ``exp`` per term, and where every term equals
    ``top`` (e.g. logcdf 0 above the support) the sum is the plain sum of the
    weights, so the result is exact. ``terms`` is scratch of the chunk's size.
    """
    d_last = strides.shape[1] - 1
    p_step, w_step = strides[1, d_last], strides[2, d_last]
    for run in range(runs.shape[0]):
        j0, length, p_at, w_at = runs[run, 0], runs[run, 1], runs[run, 3], runs[run, 4]
        # views and unsigned offsets: indices numba knows are non-negative, so it emits
        # no negative-index wraparound per access (measured 1.7x on the whole loop)
        run_top = top[j0 : j0 + length]
        run_total = total[j0 : j0 + length]
        run_terms = terms[:length]
        if w_step == 0:
            # one weight along the run: read once instead of gathered per value
            w = weights[w_at, c]
            if not w > 0.0:
                # a zero weight adds nothing, whatever the term (nan included): no terms to compute
                for j in range(length):
                    run_top[j], run_total[j] = _combine(step, run_top[j], run_total[j], -m.INF, 1.0)
                continue
        _terms(template, constants, row0 * n_positions + p_at, p_step, method, values[j0 : j0 + length],
               (shared[0][j0 : j0 + length], shared[1][j0 : j0 + length]), run_terms)
        if w_step == 0:
            for j in range(length):
                run_top[j], run_total[j] = _combine(step, run_top[j], run_total[j], run_terms[j], w)
        else:
            for j in range(length):
                w = weights[np.uint64(w_at + j * w_step), c]
                term = run_terms[j] if w > 0.0 else -m.INF  # a zero weight adds nothing
                run_top[j], run_total[j] = _combine(step, run_top[j], run_total[j], term, w)


@kernel
def _terms(template, constants, row, p_step, method, values, shared, out):
    """logp/logcdf of one component at ``values`` (parameters from ``row`` on, ``p_step`` apart;
    ``shared``: log and log-factorial of the values where some family uses them).

    Two passes: the family's branch-free formula over all values (a loop LLVM
    vectorises), then the exact scalar formula where the first gave ``nan``
    (rare: huge counts, extreme shapes; nan values).
    """
    if p_step == 0:
        # parameters constant along the run: build the kernel once, outside the loop
        kern = kernel_at(template, constants, row)
        for j in range(values.size):
            out[j] = evaluate_vector(kern, values[j], shared[0][j], shared[1][j], method)
    else:
        for j in range(values.size):
            kern = kernel_at(template, constants, np.uint64(row + j * p_step))
            out[j] = evaluate_vector(kern, values[j], shared[0][j], shared[1][j], method)
    if has_exact_fallback(template, method) and _has_nan(out):
        for j in range(values.size):
            if out[j] != out[j]:
                out[j] = evaluate(kernel_at(template, constants, np.uint64(row + j * p_step)), values[j], method)


@kernel
def _has_nan(values):
    """Whether any of ``values`` is ``nan`` (a counting loop LLVM vectorises)."""
    count = 0
    for j in range(values.size):  # indexed: numba's array iterator reads by a run-time stride
        count += values[j] != values[j]
    return count > 0


#: The first component starts the log-sum-exp, the others add to it (compile-time
#: choice: starting needs no ``exp``).
FIRST_TERM = Choice("first term")
NEXT_TERM = Choice("next term")


def _combine(step, top, total, term, w):
    """The running ``(top, total)`` after adding ``w * exp(term)``, for a weight ``w > 0``."""


@overload(_combine, inline="always")
def _combine_impl(step, top, total, term, w):
    if step.choice == "first term":

        def first(step, top, total, term, w):
            return _first_term(term, w)

        return first

    def next_(step, top, total, term, w):
        return _add_term(top, total, term, w)

    return next_


@leaf_formula
def _first_term(term, w):
    """Start the log-sum-exp: ``(term, w)``, or empty for a ``-inf`` term."""
    if term != -m.INF:
        return term, w
    return -m.INF, 0.0


@leaf_formula
def _add_term(top, total, term, w):
    """Online log-sum-exp step: the new ``(top, total)`` after adding ``w * exp(term)``, ``w > 0``.

    One ``exp`` of ``-|term - top|`` (never overflows; 1 for equal terms, also
    infinite ones) serves both cases, so the branches below compile to
    selects. ``-inf`` terms add nothing; ``nan`` spreads. Scalars in and out:
    no reference counting.
    """
    scale = m.exp(-abs(term - top)) if term != top else 1.0
    if term == -m.INF:
        return top, total
    if term > top:
        return term, m.mul_add(total, scale, w)
    return top, m.mul_add(w, scale, total)


def _chunk_values(mk, method, x, strides, runs, n):
    """logp/logcdf/logccdf of the mixture at the ``n`` loop elements covered by ``runs``, in loop order."""


@overload(_chunk_values)
def _chunk_values_impl(mk, method, x, strides, runs, n):
    if mk.field_dict["structure"].choice == "single":
        return lambda mk, method, x, strides, runs, n: _single_values(mk, method, x, strides, runs, n)
    return lambda mk, method, x, strides, runs, n: _mixture_values(mk, method, x, strides, runs, n)


@kernel
def _single_values(mk, method, x, strides, runs, n):
    """:func:`_chunk_values` of one component (weight 1): its terms themselves."""
    values = _gather(x, runs, strides, n)
    shared = _shared_values(mk.templates, method, values)
    out = np.empty(n)
    d_last = strides.shape[1] - 1
    for template in literal_unroll(mk.templates):
        for run in range(runs.shape[0]):
            j0, length, p_at = runs[run, 0], runs[run, 1], runs[run, 3]
            _terms(template, mk.constants, p_at, strides[1, d_last], method, values[j0 : j0 + length],
                   (shared[0][j0 : j0 + length], shared[1][j0 : j0 + length]), out[j0 : j0 + length])
    return out


@kernel
def _mixture_values(mk, method, x, strides, runs, n):
    """:func:`_chunk_values` of several components: the online log-sum-exp."""
    n_positions = mk.constants.shape[0] // mk.component.size
    values = _gather(x, runs, strides, n)
    shared = _shared_values(mk.templates, method, values)
    top = np.empty(n)
    total = np.empty(n)
    terms = np.empty(n)
    g = 0
    for template in literal_unroll(mk.templates):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            c = mk.component[s]
            if s == 0:
                _accumulate(template, mk.constants, s, n_positions, mk.w, c, method, FIRST_TERM, values, shared,
                            strides, runs, top, total, terms)
            else:
                _accumulate(template, mk.constants, s, n_positions, mk.w, c, method, NEXT_TERM, values, shared,
                            strides, runs, top, total, terms)
        g += 1
    for j in range(n):
        # all terms -inf: top = -inf, total = 0 and the sum is -inf
        top[j] += m.log(total[j])
    return top


def _shared_value_pass(name, transform):
    """A compiled ``f(templates, method, values)``: ``transform`` of each value where a family
    of ``templates`` shares the value ``name`` (see ``Family.shared_values``), else ``values``
    itself (not used)."""

    def shared_value(templates, method, values):
        raise NotImplementedError("compiled code only")

    @overload(shared_value)
    def _impl(templates, method, values):
        if not any(name in shared_values(_family_of(template), method) for template in templates.types):
            return lambda templates, method, values: values

        def impl(templates, method, values):
            out = np.empty(values.size)
            for j in range(values.size):
                out[j] = transform(values[j])
            return out

        return impl

    return shared_value


_log_values = _shared_value_pass("log", m.log)
_log_factorial_values = _shared_value_pass("log_factorial", m.log_factorial_table)


@kernel
def _shared_values(templates, method, values):
    """Functions of the values computed once for all components (``Family.shared_values``)."""
    return _log_values(templates, method, values), _log_factorial_values(templates, method, values)


@kernel
def _gather(x, runs, strides, n):
    """The chunk's values in loop order, contiguous.

    One strided pass here instead of one per component: reading a value array
    with a stride of 5 in every component pass measured 1.9x slower.
    """
    x_step = strides[0, strides.shape[1] - 1]
    values = np.empty(n)
    for run in range(runs.shape[0]):
        j0, length, x_at = runs[run, 0], runs[run, 1], runs[run, 2]
        for j in range(length):
            values[j0 + j] = x[np.uint64(x_at + j * x_step)]
    return values


@kernel
def _scatter(values, runs, strides, out):
    """Write loop-ordered ``values`` to their places in the flat output ``out``."""
    o_step = strides[3, strides.shape[1] - 1]
    for run in range(runs.shape[0]):
        j0, length, o_at = runs[run, 0], runs[run, 1], runs[run, 5]
        for j in range(length):
            out[o_at + j * o_step] = values[j0 + j]


@kernel
def evaluate_chunk(mk, method, x, shape, strides, start, stop, out):
    """``logp`` (method 0) or ``logcdf`` (1) of loop elements ``start:stop`` into flat ``out``.

    Serial: what a sampler running its own ``prange`` over chains calls.
    """
    runs = _segments(shape, strides, start, stop)
    _scatter(_chunk_values(mk, method, x, strides, runs, stop - start), runs, strides, out)


@kernel
def evaluate_chunks(mk, method, x, shape, strides, first, last, out):
    """Chunks ``first:last`` of :func:`evaluate_into`, serially (one thread's share: the
    front end runs several of these in Python threads, see ``distributions.compiled``)."""
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        evaluate_chunk(mk, method, x, shape, strides, start, stop, out)


@kernel
def sum_chunks(mk, method, x, shape, strides, first, last, partial):
    """Chunks ``first:last`` of :func:`evaluate_sum`: ``partial[chunk]`` = the chunk's sum."""
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        partial[chunk] = evaluate_chunk_sum(mk, method, x, shape, strides, start, stop)


@kernel
def sum_in_order(values):
    """Sum in index order (the same whatever the number of threads that made the values)."""
    return _sum_in_order(values)


@kernel
def draw_chunks(mk, states, shape, strides, first, last, out):
    """Chunks ``first:last`` of :func:`draw_into`, serially."""
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        draw_chunk(mk, states[chunk], shape, strides, start, stop, out)


@parallel_kernel
def evaluate_into(mk, method, x, shape, strides, out):
    """Fill flat ``out`` with the mixture's logp/logcdf, chunks in parallel."""
    for chunk in prange(chunk_count(shape)):
        start, stop = chunk_bounds(shape, chunk)
        evaluate_chunk(mk, method, x, shape, strides, start, stop, out)


@parallel_kernel
def evaluate_sum(mk, method, x, shape, strides, n):
    """Sum of the mixture's logp/logcdf over ``n`` outputs without storing them.

    Chunk sums are added in chunk order, so the result does not depend on the
    number of threads.
    """
    n_chunks = chunk_count(shape)
    partial = np.empty(n_chunks)
    for chunk in prange(n_chunks):
        start, stop = chunk_bounds(shape, chunk)
        partial[chunk] = evaluate_chunk_sum(mk, method, x, shape, strides, start, stop)
    return _sum_in_order(partial)


@kernel
def evaluate_chunk_sum(mk, method, x, shape, strides, start, stop):
    """Sum of the mixture's logp/logcdf over loop elements ``start:stop``, serially."""
    runs = _segments(shape, strides, start, stop)
    return _sum_in_order(_chunk_values(mk, method, x, strides, runs, stop - start))


@kernel
def _sum_in_order(values):
    """Sum in index order (a ``.sum()`` inside a parallel function is itself parallelised)."""
    total = 0.0
    for j in range(values.size):
        total += values[j]
    return total


@kernel
def component_chunks(mk, x, shape, strides, first, last, normalise, out):
    """Chunks ``first:last`` of the weighted component log-densities ``log w_k + logp_k(x)``.

    ``out`` is flat, ``K`` numbers per loop element (mixture order, C-ordered
    output of shape ``out_shape + (K,)``). With ``normalise`` each element's K
    numbers become the responsibilities ``w_k p_k(x) / sum_j w_j p_j(x)``
    (``nan`` where every term is ``-inf``: the value is outside every support).
    No scratch beyond one chunk of terms.
    """
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        runs = _segments(shape, strides, start, stop)
        _component_chunk(mk, x, strides, runs, stop - start, out)
        if normalise:
            _normalise(runs, strides, mk.component.size, out)


@kernel
def _component_chunk(mk, x, strides, runs, n, out):
    """:func:`component_chunks` of one chunk (``runs``, ``n`` elements), before normalising."""
    n_positions = mk.constants.shape[0] // mk.component.size
    values = _gather(x, runs, strides, n)
    shared = _shared_values(mk.templates, LOGP, values)
    terms = np.empty(n)
    g = 0
    for template in literal_unroll(mk.templates):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            _weighted_terms(template, mk.constants, s, n_positions, mk.w, mk.component, values, shared, strides,
                            runs, terms, out)
        g += 1


@kernel
def _weighted_terms(template, constants, s, n_positions, weights, component, values, shared, strides, runs, terms,
                    out):
    """``log w_c + logp_c`` of the component at sorted position ``s`` into its place in ``out``
    (``K`` numbers per element; ``-inf`` where its weight is 0)."""
    n_components = component.size
    c = component[s]
    d_last = strides.shape[1] - 1
    p_step, w_step, o_step = strides[1, d_last], strides[2, d_last], strides[3, d_last]
    for run in range(runs.shape[0]):
        j0, length, p_at, w_at, o_at = runs[run, 0], runs[run, 1], runs[run, 3], runs[run, 4], runs[run, 5]
        _terms(template, constants, s * n_positions + p_at, p_step, LOGP, values[j0 : j0 + length],
               (shared[0][j0 : j0 + length], shared[1][j0 : j0 + length]), terms[:length])
        if w_step == 0:
            w = weights[w_at, c]
            log_w = m.log(w) if w > 0.0 else -m.INF
            for j in range(length):
                # a zero weight gives -inf whatever the term (nan included)
                out[(o_at + j * o_step) * n_components + c] = terms[j] + log_w if w > 0.0 else -m.INF
        else:
            for j in range(length):
                w = weights[w_at + j * w_step, c]
                out[(o_at + j * o_step) * n_components + c] = terms[j] + m.log(w) if w > 0.0 else -m.INF


@kernel
def _normalise(runs, strides, n_components, out):
    """Each element's K log-terms in ``out`` to shares of their sum, in place (max-shifted;
    ``nan`` where all are ``-inf``). Plain index loops: no array view per element."""
    o_step = strides[3, strides.shape[1] - 1]
    for run in range(runs.shape[0]):
        length, o_at = runs[run, 1], runs[run, 5]
        for j in range(length):
            at = (o_at + j * o_step) * n_components
            top = -m.INF
            for c in range(n_components):
                top = max(top, out[at + c])
            total = 0.0
            for c in range(n_components):
                share = m.exp(out[at + c] - top)
                out[at + c] = share
                total += share
            for c in range(n_components):
                out[at + c] /= total


@kernel
def _choose(cum_w, row, u):
    """The first component whose cumulative weight exceeds ``u`` (zero weights never win)."""
    n_components = cum_w.shape[1]
    for c in range(n_components - 1):
        if u < cum_w[row, c]:
            return c
    return n_components - 1


@kernel
def draw_chunk(mk, state, shape, strides, start, stop, out):
    """Draws for loop elements ``start:stop`` into flat ``out``, from one generator ``state``."""
    n_positions = mk.constants.shape[0] // mk.component.size
    d_last = shape.size - 1
    p_step, w_step, o_step = strides[1, d_last], strides[2, d_last], strides[3, d_last]
    runs = _segments(shape, strides, start, stop)
    for run in range(runs.shape[0]):
        length, p_at, w_at, o_at = runs[run, 1], runs[run, 3], runs[run, 4], runs[run, 5]
        for j in range(length):
            s = mk.position[_choose(mk.cum_w, w_at + j * w_step, rnd.uniform(state))]
            out[o_at + j * o_step] = _draw_component(mk, s, s * n_positions + p_at + j * p_step, state)


@kernel
def _draw_component(mk, s, row, state):
    """One draw from the component at sorted position ``s`` (parameters at ``row``)."""
    g = 0
    value = m.NAN
    for template in literal_unroll(mk.templates):
        if mk.bounds[g] <= s and s < mk.bounds[g + 1]:
            value = draw(kernel_at(template, mk.constants, row), state)
        g += 1
    return value


@parallel_kernel
def draw_into(mk, states, shape, strides, out):
    """Fill flat ``out`` with draws; chunk ``c`` of the loop uses generator ``states[c]``."""
    for chunk in prange(chunk_count(shape)):
        start, stop = chunk_bounds(shape, chunk)
        draw_chunk(mk, states[chunk], shape, strides, start, stop, out)
