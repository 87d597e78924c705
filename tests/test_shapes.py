"""The loop layout: reordered, merged dimensions still address every operand element correctly."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from numbamix._shapes import loop_layout
from numbamix.kernels.loop import _segments


@st.composite
def broadcast_case(draw):
    """An output shape and three operand shapes (value, parameters, weights) broadcasting to it."""
    out = tuple(draw(st.lists(st.integers(1, 4), min_size=0, max_size=4)))

    def operand():
        ndim = draw(st.integers(0, len(out)))
        tail = out[len(out) - ndim :]
        return tuple(1 if draw(st.booleans()) else size for size in tail)

    return out, operand(), operand(), operand()


def _flat_sources(shape, out_shape):
    """For each C-ordered output element, the flat index of the operand element broadcast to it."""
    size = int(np.prod(shape, dtype=np.int64))
    return np.broadcast_to(np.arange(size).reshape(shape), out_shape).ravel()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(case=broadcast_case())
def test_layout_addresses_each_output_once_with_the_right_operands(case):
    out_shape, value_shape, param_shape, weight_shape = case
    shape, strides = loop_layout(out_shape, value_shape, param_shape, weight_shape)
    index = np.indices(tuple(shape)).reshape(len(shape), -1)
    offsets = strides @ index  # one row per operand, one column per loop element
    n = int(np.prod(out_shape, dtype=np.int64))
    assert sorted(offsets[3]) == list(range(n))
    for row, operand_shape in enumerate((value_shape, param_shape, weight_shape)):
        np.testing.assert_array_equal(offsets[row], _flat_sources(operand_shape, out_shape)[offsets[3]])


@settings(max_examples=100, deadline=None, derandomize=True)
@given(case=broadcast_case(), data=st.data())
def test_segments_follow_the_layout(case, data):
    out_shape, value_shape, param_shape, weight_shape = case
    shape, strides = loop_layout(out_shape, value_shape, param_shape, weight_shape)
    n = int(np.prod(shape))
    start = data.draw(st.integers(0, n - 1))
    stop = data.draw(st.integers(start + 1, n))
    runs = _segments(shape, strides, start, stop)
    index = np.indices(tuple(shape)).reshape(len(shape), -1)
    expected = (strides @ index)[:, start:stop]
    got = np.concatenate(
        [run[2:, None] + strides[:, -1:] * np.arange(run[1]) for run in runs], axis=1
    )
    np.testing.assert_array_equal(runs[:, 0], np.concatenate([[0], np.cumsum(runs[:-1, 1])]))
    np.testing.assert_array_equal(got, expected)


def test_batched_mixture_runs_along_its_long_axis():
    # PyMC's 5 x 3 example: weights and parameters vary along the 5, not along the N rows
    shape, strides = loop_layout((1000, 5), (1000, 5), (5,), (5,))
    assert shape.tolist() == [5, 1000]
    assert strides[:, -1].tolist() == [5, 0, 0, 5]


def test_contiguous_dimensions_merge_and_unit_dimensions_vanish():
    shape, strides = loop_layout((10, 1, 6), (10, 1, 6), (), ())
    assert shape.tolist() == [60]
    assert strides[:, 0].tolist() == [1, 0, 0, 1]
