"""The chunked loop of multivariate mixtures (and of single multivariate distributions).

A mixture is ``codes`` (the family code of each of the K components),
``constants`` (``K * P`` rows: component ``k`` at parameter position ``p`` in row
``k * P + p``, see :mod:`numbamix.multivariate`) and the weights ``w`` and their
normalised cumulative sums ``cum_w`` (one row per weight position). Values are
``d``-vectors, flat; the layout (loop ``shape`` and per-operand ``strides``, in
vectors) is the univariate loop's (:func:`numbamix._shapes.loop_layout`), walked
in the same fixed chunks, so sums and random streams do not depend on the
number of threads.

For each value and component the family formula costs O(d^2) (MvNormal: one
forward substitution with the Cholesky factor made at construction). Values go
through the formulas in blocks (:data:`BLOCK` values, transposed so the
formulas' loops over values vectorise); each component's terms are added to a
running max-shifted log-sum-exp of the block. Scratch is O(d x BLOCK) per
thread: nothing of size N x K (or N x K x d) is allocated.
"""

import numpy as np

from .. import _math as m
from .. import _random as rnd
from .._jit import formula, kernel
from ..multivariate import counts, dirichlet, gaussian
from .loop import _add_term, _choose, _normalise, _segments, chunk_bounds

#: Values per pass through a formula (where parameters and weights are constant): the
#: block and its scratch (``(2 d + 3) x BLOCK`` numbers) stay in the L1/L2 cache.
BLOCK = 128


@formula
def component_logp(code, c, row, xt, n, d, zt, out):
    """logp of the family ``code`` (constants ``c[row]``) at the ``n`` vectors ``xt[:, v]``,
    into ``out[:n]`` (``zt``: scratch like ``xt``)."""
    if code == gaussian.NORMAL_CODE:
        gaussian.normal_logp(c, row, xt, n, d, zt, out)
    elif code == gaussian.STUDENT_T_CODE:
        gaussian.student_t_logp(c, row, xt, n, d, zt, out)
    elif code == dirichlet.CODE:
        dirichlet.logp(c, row, xt, n, d, zt, out)
    elif code == counts.MULTINOMIAL_CODE:
        counts.multinomial_logp(c, row, xt, n, d, zt, out)
    else:
        counts.dirichlet_multinomial_logp(c, row, xt, n, d, zt, out)


@formula
def component_draw(code, c, row, d, state, work, out, at):
    """One draw of the family ``code`` with constants ``c[row]`` into ``out[at:at + d]``."""
    if code == gaussian.NORMAL_CODE:
        gaussian.normal_draw(c, row, d, state, work, out, at)
    elif code == gaussian.STUDENT_T_CODE:
        gaussian.student_t_draw(c, row, d, state, work, out, at)
    elif code == dirichlet.CODE:
        dirichlet.draw(c, row, d, state, work, out, at)
    elif code == counts.MULTINOMIAL_CODE:
        counts.multinomial_draw(c, row, d, state, work, out, at)
    else:
        counts.dirichlet_multinomial_draw(c, row, d, state, work, out, at)


@kernel
def block_logp(codes, constants, position, w, w_row, xt, n, d, scratch):
    """``log sum_k w_k p_k(x_v)`` of the ``n`` vectors ``x_v = xt[:, v]`` at parameter position
    ``position`` with the weights ``w[w_row]``, into ``scratch[0, :n]``.

    ``scratch`` rows: 0 the running maximum (then the result), 1 the scaled sum, 2 one
    component's terms, 3 on the formulas' own scratch (``d`` rows). The online log-sum-exp
    (``loop._add_term``) skips zero weights and ``-inf`` terms; all ``-inf`` give ``-inf``.
    """
    n_components = codes.size
    top, total, terms, zt = scratch[0], scratch[1], scratch[2], scratch[3:]
    if n_components == 1:
        component_logp(codes[0], constants, position, xt, n, d, zt, top)
        return
    n_positions = constants.shape[0] // n_components
    for v in range(n):
        top[v] = -m.INF
        total[v] = 0.0
    for k in range(n_components):
        weight = w[w_row, k]
        if not weight > 0.0:
            continue
        component_logp(codes[k], constants, k * n_positions + position, xt, n, d, zt, terms)
        for v in range(n):
            top[v], total[v] = _add_term(top[v], total[v], terms[v], weight)
    for v in range(n):
        top[v] += m.log(total[v])


@kernel
def logp_chunks(codes, constants, w, x, d, shape, strides, first, last, store, out, partial):
    """Chunks ``first:last``: the logp of each loop element into flat ``out`` (if ``store``)
    and each chunk's sum, in loop order, into ``partial[chunk]``. ``x`` holds the values as
    consecutive ``d``-vectors; ``strides`` count vectors.

    Where parameters and weights are constant along a run (the layout puts such dimensions
    innermost) the values go through the formulas in blocks of :data:`BLOCK`, else one by one.
    """
    last_dim = shape.size - 1
    x_step, p_step, w_step, o_step = strides[0, last_dim], strides[1, last_dim], strides[2, last_dim], strides[3, last_dim]
    size = BLOCK if p_step == 0 and w_step == 0 else 1
    xt = np.empty((d, size))
    scratch = np.empty((3 + d, size))
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        runs = _segments(shape, strides, start, stop)
        total = 0.0
        for run in range(runs.shape[0]):
            length, x_at, p_at, w_at, o_at = runs[run, 1], runs[run, 2], runs[run, 3], runs[run, 4], runs[run, 5]
            for b in range(0, length, size):
                n = min(size, length - b)
                _transposed(x, (x_at + b * x_step) * d, x_step * d, n, d, xt)
                block_logp(codes, constants, p_at + b * p_step, w, w_at + b * w_step, xt, n, d, scratch)
                for v in range(n):
                    if store:
                        out[o_at + (b + v) * o_step] = scratch[0, v]
                    total += scratch[0, v]
        partial[chunk] = total


@kernel
def _transposed(x, at, step, n, d, xt):
    """``xt[i, v] = x[at + v * step + i]``: ``n`` value vectors as the columns of ``xt``."""
    for v in range(n):
        for i in range(d):
            xt[i, v] = x[at + v * step + i]


@kernel
def component_chunks(codes, constants, w, x, d, shape, strides, first, last, normalise, out):
    """Chunks ``first:last`` of the weighted component terms ``log w_k + logp_k(x)`` into flat
    ``out``, K numbers per loop element (mixture order; ``-inf`` for a zero weight); with
    ``normalise`` each element's K numbers become the responsibilities ``w_k p_k(x) / sum_j
    w_j p_j(x)`` (``nan`` where every term is ``-inf``). Blocks as in :func:`logp_chunks`."""
    n_components = codes.size
    n_positions = constants.shape[0] // n_components
    last_dim = shape.size - 1
    x_step, p_step, w_step, o_step = strides[0, last_dim], strides[1, last_dim], strides[2, last_dim], strides[3, last_dim]
    size = BLOCK if p_step == 0 and w_step == 0 else 1
    xt = np.empty((d, size))
    scratch = np.empty((1 + d, size))
    terms, zt = scratch[0], scratch[1:]
    for chunk in range(first, last):
        start, stop = chunk_bounds(shape, chunk)
        runs = _segments(shape, strides, start, stop)
        for run in range(runs.shape[0]):
            length, x_at, p_at, w_at, o_at = runs[run, 1], runs[run, 2], runs[run, 3], runs[run, 4], runs[run, 5]
            for b in range(0, length, size):
                n = min(size, length - b)
                _transposed(x, (x_at + b * x_step) * d, x_step * d, n, d, xt)
                for k in range(n_components):
                    weight = w[w_at + b * w_step, k]
                    component_logp(codes[k], constants, k * n_positions + p_at + b * p_step, xt, n, d, zt, terms)
                    for v in range(n):
                        term = m.log(weight) + terms[v] if weight > 0.0 else -m.INF
                        out[(o_at + (b + v) * o_step) * n_components + k] = term
        if normalise:
            _normalise(runs, strides, n_components, out)


@kernel
def draw_chunks(codes, constants, cum_w, states, d, shape, strides, first, last, out):
    """Chunks ``first:last`` of draws into flat ``out`` (consecutive ``d``-vectors); chunk ``c``
    uses the generator ``states[c]``: a component chosen by the cumulative weights, then its vector."""
    last_dim = shape.size - 1
    n_positions = constants.shape[0] // codes.size
    p_step, w_step, o_step = strides[1, last_dim], strides[2, last_dim], strides[3, last_dim]
    work = np.empty(d)
    for chunk in range(first, last):
        state = states[chunk]
        start, stop = chunk_bounds(shape, chunk)
        runs = _segments(shape, strides, start, stop)
        for run in range(runs.shape[0]):
            length, p_at, w_at, o_at = runs[run, 1], runs[run, 3], runs[run, 4], runs[run, 5]
            for j in range(length):
                k = _choose(cum_w, w_at + j * w_step, rnd.uniform(state))
                component_draw(codes[k], constants, k * n_positions + p_at + j * p_step, d, state, work, out,
                               (o_at + j * o_step) * d)
