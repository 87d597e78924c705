"""The parallel mixture loop.

A :class:`MixtureKernel` holds everything compiled about a mixture: the
component kernels' constants grouped by family (one row per component and
parameter position), the weights and their cumulative sums, and the addresses
of each family's compiled loops (:mod:`.family_loops`). A call adds
the *layout* of one evaluation: the broadcast output ``shape`` and, for each
operand (value, parameters, weights), its element stride along every output
dimension (0 along broadcast dimensions). Broadcasting is index arithmetic
only: nothing of output size is allocated apart from the output itself.

The loop is walked in fixed chunks of at most :data:`CHUNK` elements
(:func:`chunk_bounds`), one ``prange`` task each. Within a chunk, each
component fills a row of scratch with ``logp_k(x)`` -- its family's compiled
loop, called by address, so the innermost loop is one formula that LLVM
vectorises -- and the rows are combined by an online max-shifted log-sum-exp.
Nothing here depends on the families: the loop compiles once for all mixtures.
"""

import numpy as np
from numba import prange
from numba.experimental import structref
from numba.core import types
from numba.extending import overload
from numba.np.unsafe.ndarray import to_fixed_tuple

from .. import _math as m
from .. import _random as rnd
from .._jit import kernel, leaf_formula, parallel_kernel
from .components import LOGP, _family_of
from .family_loops import call_draw, call_terms, method_column

#: Elements per parallel task. Fixed (never derived from the thread count), so
#: sums and random streams do not depend on how many threads run.
CHUNK = 2048


@structref.register
class MixtureKernelType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class MixtureKernel(structref.StructRefProxy):
    """Compiled data of a mixture (or of one distribution: ``K = 1``).

    Fields: ``bounds`` (family group ``g`` holds sorted positions
    ``bounds[g]:bounds[g+1]``), ``constants`` (``K * P`` rows of kernel
    constants: sorted position ``s``, parameter position ``p`` at row
    ``s * P + p``), ``component`` (sorted position -> mixture index),
    ``position`` (its inverse), ``w`` and ``cum_w`` (weights and their
    normalised cumulative sums, rows x ``K``), ``terms`` (group ``g``'s terms
    loop for method column ``j`` at ``terms[g, j]``, see
    :func:`~.family_loops.terms_function`), ``draws`` (group ``g``'s draw
    function, :func:`~.family_loops.draw_function`) and ``shared`` (whether
    some family uses ``log x`` (column 0) or ``log x!`` (column 1) for method
    column ``j``: see ``Family.shared_values``). The addresses belong to this
    process: a kernel is never pickled, only the front end that builds it.
    """

    def __new__(cls, bounds, constants, component, position, w, cum_w, terms, draws, shared):
        return _new_mixture_kernel(bounds, constants, component, position, w, cum_w, terms, draws, shared)


_FIELDS = ["bounds", "constants", "component", "position", "w", "cum_w", "terms", "draws", "shared"]
structref.define_proxy(MixtureKernel, MixtureKernelType, _FIELDS)


@kernel
def _new_mixture_kernel(bounds, constants, component, position, w, cum_w, terms, draws, shared):
    return MixtureKernel(bounds, constants, component, position, w, cum_w, terms, draws, shared)


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
def _accumulate(address, constants, row0, n_positions, weights, c, first, values, shared, strides, runs, top, total,
                terms):
    """Add one component's ``w * exp(logp)`` to the running log-sum-exp of a chunk.

    ``address``: its family's terms loop; ``values`` are the chunk's values in
    loop order, ``shared`` the arrays of :func:`_shared_values`. ``top[j]`` is
    the largest term seen with positive weight, ``total[j]`` the weighted sum of
    ``exp(term - top[j])``. The ``first`` component writes its terms straight
    into ``top`` (with ``total = w``: no ``exp``), the others add theirs with
    :func:`_add_term`, one ``exp`` each; where every term equals ``top`` (e.g.
    logcdf 0 above the support) the sum is the plain sum of the weights, so the
    result is exact. ``terms`` is scratch of the chunk's size.
    """
    d_last = strides.shape[1] - 1
    p_step, w_step = strides[1, d_last], strides[2, d_last]
    for run in range(runs.shape[0]):
        j0, length, p_at, w_at = runs[run, 0], runs[run, 1], runs[run, 3], runs[run, 4]
        # views and unsigned offsets: indices numba knows are non-negative, so it emits
        # no negative-index wraparound per access (measured 1.7x on the whole loop)
        run_top = top[j0 : j0 + length]
        run_total = total[j0 : j0 + length]
        run_terms = run_top if first else terms[:length]
        w = weights[w_at, c]
        if w_step == 0 and not w > 0.0:
            # one zero weight along the run: it adds nothing, whatever the term (nan included)
            if first:
                run_top[:] = -m.INF
                run_total[:] = 0.0
            continue
        call_terms(address, constants, row0 * n_positions + p_at, p_step, values[j0 : j0 + length],
                   shared[0][j0 : j0 + length], shared[1][j0 : j0 + length], run_terms)
        if w_step == 0:
            # one weight along the run: read once instead of gathered per value
            if first:
                run_total[:] = w
            else:
                for j in range(length):
                    run_top[j], run_total[j] = _add_term(run_top[j], run_total[j], run_terms[j], w)
        else:
            for j in range(length):
                w = weights[np.uint64(w_at + j * w_step), c]
                term = run_terms[j] if w > 0.0 else -m.INF  # a zero weight adds nothing
                if first:
                    run_top[j], run_total[j] = term, w
                else:
                    run_top[j], run_total[j] = _add_term(run_top[j], run_total[j], term, w)


@leaf_formula
def _add_term(top, total, term, w):
    """Online log-sum-exp step: the new ``(top, total)`` after adding ``w * exp(term)``, ``w >= 0``.

    One ``exp(-|term - top|)`` (never overflows; 1 for equal terms, also
    infinite ones) scales whichever of ``total`` and ``w`` belongs to the
    smaller term, so the whole step is one ``exp``, one FMA and selects.
    A ``-inf`` term adds ``w * 0``; while ``top`` is ``-inf``, ``total`` is
    never used (the first larger term multiplies it by ``exp(-inf) = 0``, and
    ``-inf + log(total)`` is ``-inf`` for any ``total >= 0``). ``nan`` spreads.
    Scalars in and out: no reference counting.
    """
    scale = m.exp(-abs(term - top)) if term != top else 1.0
    up = term > top
    return (term if up else top), m.mul_add(total if up else w, scale, w if up else total)


@kernel
def _chunk_values(mk, method, x, strides, runs, n):
    """logp/logcdf/logccdf of the mixture at the ``n`` loop elements covered by ``runs``, in loop order."""
    result = np.empty(n)
    _chunk_values_into(mk, method, x, strides, runs, result)
    return result


@kernel
def _chunk_values_into(mk, method, x, strides, runs, result):
    """:func:`_chunk_values` into ``result`` (contiguous, one number per loop element of ``runs``).

    One component (weight 1) gives its terms themselves; several, the online log-sum-exp.
    """
    n = result.size
    column = method_column(method)
    values = _gather(x, runs, strides, n)
    shared = _shared_values(mk, column, values)
    n_positions = mk.constants.shape[0] // mk.component.size
    d_last = strides.shape[1] - 1
    if mk.component.size == 1:
        for run in range(runs.shape[0]):
            j0, length, p_at = runs[run, 0], runs[run, 1], runs[run, 3]
            call_terms(mk.terms[0, column], mk.constants, p_at, strides[1, d_last], values[j0 : j0 + length],
                       shared[0][j0 : j0 + length], shared[1][j0 : j0 + length], result[j0 : j0 + length])
        return
    top = result
    total = np.empty(n)
    terms = np.empty(n)
    for g in range(mk.bounds.size - 1):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            c = mk.component[s]
            _accumulate(mk.terms[g, column], mk.constants, s, n_positions, mk.w, c, s == 0, values, shared, strides,
                        runs, top, total, terms)
    for j in range(n):
        # all terms -inf: top = -inf, total >= 0 and the sum is -inf
        top[j] += m.log(total[j])


@kernel
def _shared_values(mk, column, values):
    """``log x`` and ``log x!`` of the values where a family of ``mk`` uses them for method
    ``column`` (``Family.shared_values``), else the values themselves (not read)."""
    log_values = _each(values, False) if mk.shared[column, 0] else values
    log_factorial_values = _each(values, True) if mk.shared[column, 1] else values
    return log_values, log_factorial_values


@kernel
def _each(values, factorial):
    """``log x`` (or, with ``factorial``, ``log x!``, small counts from the table) of each value,
    into a new array. A function of its own: inline in :func:`_shared_values`, its output is
    "a new array or the values" to LLVM, which then left the log loop scalar (4x slower)
    rather than check at run time whether the two overlap."""
    out = np.empty(values.size)
    if factorial:
        for j in range(values.size):
            out[j] = m.log_factorial_table(values[j])
    else:
        for j in range(values.size):
            out[j] = m.log(values[j])
    return out


@kernel
def _gather(x, runs, strides, n):
    """The chunk's values in loop order, contiguous.

    One strided pass here instead of one per component: reading a value array
    with a stride of 5 in every component pass measured 1.9x slower.
    """
    x_step = strides[0, strides.shape[1] - 1]
    if x_step == 1 and runs.shape[0] == 1:
        # already contiguous in loop order (a 1-d value, the common case): no copy
        return x[runs[0, 2] : runs[0, 2] + n]
    values = np.empty(n)
    for run in range(runs.shape[0]):
        _copy(x, runs[run, 2], x_step, values, runs[run, 0], 1, runs[run, 1])
    return values


@kernel
def _scatter(values, runs, strides, out):
    """Write loop-ordered ``values`` to their places in the flat output ``out``."""
    o_step = strides[3, strides.shape[1] - 1]
    for run in range(runs.shape[0]):
        _copy(values, runs[run, 0], 1, out, runs[run, 5], o_step, runs[run, 1])


@kernel
def _copy(source, source_at, source_step, target, target_at, target_step, length):
    """``target[target_at + j target_step] = source[source_at + j source_step]`` for ``j < length``;
    a vectorised copy where both steps are 1 (indexed through views: numba's own slice
    assignment checks for overlap and copies twice)."""
    if source_step == 1 and target_step == 1:
        run_source = source[source_at : source_at + length]
        run_target = target[target_at : target_at + length]
        for j in range(length):
            run_target[j] = run_source[j]
        return
    for j in range(length):
        target[np.uint64(target_at + j * target_step)] = source[np.uint64(source_at + j * source_step)]


@kernel
def evaluate_chunk(mk, method, x, shape, strides, start, stop, out):
    """``logp`` (method 0) or ``logcdf`` (1) of loop elements ``start:stop`` into flat ``out``.

    Serial: what a sampler running its own ``prange`` over chains calls.
    """
    runs = _segments(shape, strides, start, stop)
    if runs.shape[0] == 1 and strides[3, strides.shape[1] - 1] == 1:
        # the chunk's outputs are contiguous (a 1-d output, the common case): written in place
        _chunk_values_into(mk, method, x, strides, runs, out[runs[0, 5] : runs[0, 5] + stop - start])
        return
    _scatter(_chunk_values(mk, method, x, strides, runs, stop - start), runs, strides, out)


#: Chunks of one share that follow each other in loop order are evaluated up to this many at
#: a time (their values are computed element by element, so the numbers are the same): the cost
#: per call (building each component's kernel, the terms loops' set-up and remainders) is
#: shared. Measured on AVX2 (1 thread, N = 10**6): 4 chunks 5-6 % faster than 1, 2 chunks 3-4 %.
MERGE = 4


@kernel
def _merged_chunks(shape, first, last, chunk):
    """How many chunks from ``chunk`` on (at most :data:`MERGE`, all below ``last``) are
    evaluated together, or 0 where ``chunk`` belongs to an earlier one: consecutive chunks,
    in groups counted from ``first``. Not where rows are cut into blocks (:func:`chunk_bounds`):
    there consecutive chunks are neighbouring rows, which share cache lines of the values and
    output; blocks of one row merged would leave those lines before they are used."""
    inner = shape[shape.size - 1]
    n = 1
    for extent in shape:
        n *= extent
    if inner >= CHUNK and n > inner:  # several rows, each cut into blocks
        return 1
    return min(MERGE, last - chunk) if (chunk - first) % MERGE == 0 else 0


@kernel
def evaluate_chunks(mk, method, x, shape, strides, first, last, out):
    """Chunks ``first:last`` of :func:`evaluate_into`, serially (one thread's share: the
    front end runs several of these in Python threads, see ``distributions.compiled``),
    neighbours together (:func:`_merged_chunks`)."""
    for chunk in range(first, last):
        count = _merged_chunks(shape, first, last, chunk)
        if count > 0:
            start, stop = chunk_bounds(shape, chunk)[0], chunk_bounds(shape, chunk + count - 1)[1]
            evaluate_chunk(mk, method, x, shape, strides, start, stop, out)


@kernel
def sum_chunks(mk, method, x, shape, strides, first, last, partial):
    """Chunks ``first:last`` of :func:`evaluate_sum`: ``partial[chunk]`` = the chunk's sum, each
    added in loop order (neighbours evaluated together, :func:`_merged_chunks`)."""
    for chunk in range(first, last):
        count = _merged_chunks(shape, first, last, chunk)
        if count > 0:
            start, stop = chunk_bounds(shape, chunk)[0], chunk_bounds(shape, chunk + count - 1)[1]
            runs = _segments(shape, strides, start, stop)
            values = _chunk_values(mk, method, x, strides, runs, stop - start)
            for i in range(count):
                # chunk i of the range: CHUNK values each, the last one possibly shorter
                partial[chunk + i] = _sum_in_order(values[i * CHUNK : (i + 1) * CHUNK])


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
    column = method_column(LOGP)
    shared = _shared_values(mk, column, values)
    terms = np.empty(n)
    for g in range(mk.bounds.size - 1):
        for s in range(mk.bounds[g], mk.bounds[g + 1]):
            _weighted_terms(mk.terms[g, column], mk.constants, s, n_positions, mk.w, mk.component, values, shared,
                            strides, runs, terms, out)


@kernel
def _weighted_terms(address, constants, s, n_positions, weights, component, values, shared, strides, runs, terms,
                    out):
    """``log w_c + logp_c`` of the component at sorted position ``s`` (family terms loop at
    ``address``) into its place in ``out`` (``K`` numbers per element; ``-inf`` where its weight is 0)."""
    n_components = component.size
    c = component[s]
    d_last = strides.shape[1] - 1
    p_step, w_step, o_step = strides[1, d_last], strides[2, d_last], strides[3, d_last]
    for run in range(runs.shape[0]):
        j0, length, p_at, w_at, o_at = runs[run, 0], runs[run, 1], runs[run, 3], runs[run, 4], runs[run, 5]
        call_terms(address, constants, s * n_positions + p_at, p_step, values[j0 : j0 + length],
                   shared[0][j0 : j0 + length], shared[1][j0 : j0 + length], terms[:length])
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
    while mk.bounds[g + 1] <= s:
        g += 1
    return call_draw(mk.draws[g], mk.constants, row, state)


@parallel_kernel
def draw_into(mk, states, shape, strides, out):
    """Fill flat ``out`` with draws; chunk ``c`` of the loop uses generator ``states[c]``."""
    for chunk in prange(chunk_count(shape)):
        start, stop = chunk_bounds(shape, chunk)
        draw_chunk(mk, states[chunk], shape, strides, start, stop, out)
