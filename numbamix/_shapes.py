"""Broadcasting and layout rules, pure Python (no per-element work)."""

import functools

import numpy as np


def as_shape(shape):
    """``None``, an int or a sequence of ints as a tuple (``None`` stays ``None``)."""
    if shape is None:
        return None
    if np.ndim(shape) == 0:
        return (int(shape),)
    return tuple(int(s) for s in shape)


def broadcast(what, shapes):
    """Broadcast named shapes; on failure a ``ValueError`` that names every shape.

    ``shapes`` maps a description (``"w"``, ``"component 1"``) to a shape.
    """
    try:
        return np.broadcast_shapes(*shapes.values())
    except ValueError:
        listing = ", ".join(f"{name} {tuple(shape)}" for name, shape in shapes.items())
        raise ValueError(f"{what}: shapes do not broadcast: {listing}") from None


def broadcast_to_shape(what, shape, target):
    """Check that ``shape`` broadcasts to exactly ``target`` (as ``size``/``shape`` demand)."""
    try:
        result = np.broadcast_shapes(shape, target)
    except ValueError:
        result = None
    if result != tuple(target):
        raise ValueError(f"{what}: batch shape {tuple(shape)} does not broadcast to shape {tuple(target)}")
    return tuple(target)


def sized(what, batch_shape, shape, size):
    """The batch shape after PyMC's ``shape=`` or ``size=`` (at most one given; ``batch_shape``
    must broadcast to it exactly), or ``batch_shape`` itself where neither is given."""
    if shape is not None and size is not None:
        raise ValueError(f"{what}: give shape or size, not both")
    target = as_shape(shape if shape is not None else size)
    return tuple(batch_shape) if target is None else broadcast_to_shape(what, batch_shape, target)


def summed_to(shape, array):
    """``array`` summed over the axes along which ``shape`` was broadcast to ``array.shape``
    (the adjoint of ``np.broadcast_to(x, array.shape)`` for ``x`` of ``shape``)."""
    extra = array.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape) if n == 1 and array.shape[extra + i] != 1)
    return np.sum(array, axis=axes).reshape(shape)


def strides_within(shape, out_shape):
    """Element strides of a C-contiguous array of ``shape`` along each output dimension.

    ``shape`` is right-aligned with ``out_shape`` (numpy broadcasting); broadcast
    dimensions (missing or of length 1) get stride 0.
    """
    strides = np.zeros(len(out_shape), dtype=np.int64)
    step = 1
    for axis in range(1, len(shape) + 1):
        if shape[-axis] != 1:
            strides[-axis] = step
        step *= shape[-axis]
    return strides


@functools.lru_cache(maxsize=256)
def loop_layout(out_shape, value_shape, param_shape, weight_shape, reorder=True):
    """The loop shape and strides for one evaluation, dimensions reordered for speed.

    Returns ``(shape, strides)``: ``strides`` has one row per operand (value,
    parameters, weights, output), giving each operand's element stride along
    each loop dimension. Length-1 dimensions are dropped; dimensions along which
    parameters and weights are constant go innermost (``reorder``, the CPU's order:
    the loop's inner runs are long and build each component kernel once per run;
    a GPU wants the output's C order instead, so that neighbouring threads touch
    neighbouring values); neighbouring dimensions that every operand steps through
    contiguously are merged. The output stride row places every loop element in the
    C-ordered output. Memoised (shapes are tuples); the returned arrays must not be modified.
    """
    operands = [strides_within(s, out_shape) for s in (value_shape, param_shape, weight_shape)]
    operands.append(strides_within(out_shape, out_shape))
    dims = [d for d in range(len(out_shape)) if out_shape[d] != 1]
    varying = [d for d in dims if operands[1][d] != 0 or operands[2][d] != 0]
    constant = [d for d in dims if d not in varying]
    order = varying + constant if reorder else dims
    if not order:
        return np.ones(1, dtype=np.int64), np.zeros((4, 1), dtype=np.int64)
    shape = [out_shape[order[0]]]
    strides = [[s[order[0]]] for s in operands]
    for d in order[1:]:
        if all(s[-1] == op[d] * out_shape[d] for s, op in zip(strides, operands)):
            # the outer dimension steps exactly over this one in every operand: merge them
            shape[-1] *= out_shape[d]
            for s, op in zip(strides, operands):
                s[-1] = op[d]
        else:
            shape.append(out_shape[d])
            for s, op in zip(strides, operands):
                s.append(op[d])
    return np.array(shape, dtype=np.int64), np.array(strides, dtype=np.int64)
