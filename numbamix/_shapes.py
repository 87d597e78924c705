"""Broadcasting and layout rules, pure Python (no per-element work)."""

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
