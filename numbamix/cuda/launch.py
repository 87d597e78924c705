"""Host side of the CUDA backend: the mixture's arrays on the device, launches, results.

The same :class:`~numbamix.distributions.compiled.Compiled` form and loop layout
as the CPU (:func:`numbamix._shapes.loop_layout`); its arrays are copied to the
device once per distribution. Values are numpy arrays (copied in, results
copied out) or device arrays (used in place; results stay on the device).
"""

import math
import weakref
from typing import NamedTuple

import numpy as np
from numba import cuda

from .. import _random as rnd
from .._jit import kernel
from ..distributions.base import as_real_array
from ..distributions.compiled import Compiled
from ..kernels import loop
from ..kernels.family_loops import template_of
from .kernels import THREADS_PER_BLOCK, draw_kernel, evaluate_kernel, sum_kernel

#: Most blocks in a launch (the grid-stride loops cover any number of elements):
#: 8192 x 128 threads fill the largest current GPUs several times over.
MAX_BLOCKS = 8192

#: Random streams of a draw (or fewer, one per element): a fixed number, so the
#: draws depend on the seed and the shape only, not on the device. Seeding them
#: (:func:`numbamix._random.seed_states`, compiled, on the host) takes about 2 ms.
DRAW_STREAMS = 16384


class DeviceMixture(NamedTuple):
    """A mixture's kernel data (:class:`numbamix.kernels.loop.MixtureKernel`) on the device."""

    templates: tuple
    bounds: object
    constants: object
    component: object
    position: object
    w: object
    cum_w: object


@kernel
def _arrays(mk):
    """The arrays of a :class:`~numbamix.kernels.loop.MixtureKernel`, in :class:`DeviceMixture` order."""
    return mk.bounds, mk.constants, mk.component, mk.position, mk.w, mk.cum_w


def host_mixture(compiled):
    """The :class:`DeviceMixture` fields of ``compiled`` in host memory (templates and numpy arrays;
    the index arrays as uint64, the kernels' index type)."""
    arrays = (a.astype(np.uint64) if a.dtype.kind == "i" else a for a in _arrays(compiled._kernel))
    return DeviceMixture(tuple(template_of(f) for f in compiled.families), *arrays)


_ON_DEVICE = weakref.WeakKeyDictionary()


def device_mixture(compiled):
    """The :class:`DeviceMixture` of ``compiled``, copied to the device on first use."""
    if not isinstance(compiled, Compiled):
        raise NotImplementedError(f"backend='cuda' does not support multivariate families ({compiled.names}) yet")
    data = _ON_DEVICE.get(compiled)
    if data is None:
        templates, *arrays = host_mixture(compiled)
        data = DeviceMixture(templates, *(cuda.to_device(a) for a in arrays))
        _ON_DEVICE[compiled] = data
    return data


def _is_device_array(value):
    # numba's device arrays (also the simulator's) or anything with the CUDA array interface (CuPy, torch)
    return hasattr(value, "__cuda_array_interface__") or hasattr(value, "copy_to_host")


def _device_values(value):
    """``(flat values on the device, their shape, whether they came from the device)``."""
    if not _is_device_array(value):
        host = np.ascontiguousarray(as_real_array("value", value))
        return cuda.to_device(host.reshape(-1)), host.shape, False
    array = value if hasattr(value, "copy_to_host") else cuda.as_cuda_array(value)
    if array.dtype != np.float64 or not array.is_c_contiguous():
        raise TypeError(
            f"backend='cuda': a device array of values must be C-contiguous float64, got dtype {array.dtype} "
            f"(C-contiguous: {array.is_c_contiguous()})"
        )
    return array.reshape(array.size), tuple(array.shape), True


def _launch_size(n):
    """Blocks for ``n`` elements (at least 1, at most :data:`MAX_BLOCKS`)."""
    return max(1, min(math.ceil(n / THREADS_PER_BLOCK), MAX_BLOCKS))


def _layout(compiled, value_shape, out_shape):
    """The loop layout as the kernels take it, in the output's C order (neighbouring threads read
    neighbouring values): ``shape`` and the four strides rows, as tuples of uint64."""
    shape, strides = compiled.layout(value_shape, out_shape, reorder=False)
    return tuple(np.uint64(e) for e in shape), tuple(tuple(np.uint64(s) for s in row) for row in strides)


def _mixture_args(data):
    """The mixture's leading kernel arguments: templates, bounds, constants, positions per component,
    component order, weights."""
    n_positions = np.uint64(data.constants.shape[0] // data.component.size)
    return data.templates, data.bounds, data.constants, n_positions, data.component, data.w


def evaluate(compiled, method, value, out=None):
    """logp/logcdf/logccdf (``method``) at ``value`` broadcast against the batch shape; a device
    array for a device ``value``, else a numpy array. ``out``: a flat float64 device array of the
    result's size to write into (default: a new one)."""
    data = device_mixture(compiled)
    values, value_shape, on_device = _device_values(value)
    out_shape = compiled.out_shape(value_shape)
    n = math.prod(out_shape)
    out = cuda.device_array(n) if out is None else out
    if n:
        shape, strides = _layout(compiled, value_shape, out_shape)
        evaluate_kernel(method)[_launch_size(n), THREADS_PER_BLOCK](*_mixture_args(data), values, shape, strides, out)
    return out.reshape(out_shape) if on_device else out.copy_to_host().reshape(out_shape)


def evaluate_sum(compiled, method, value):
    """The sum of logp/logcdf/logccdf over the broadcast shape, without storing the terms: one
    partial sum per block on the device, added on the host in block order (deterministic)."""
    data = device_mixture(compiled)
    values, value_shape, _ = _device_values(value)
    out_shape = compiled.out_shape(value_shape)
    n = math.prod(out_shape)
    if n == 0:
        return 0.0
    blocks = _launch_size(n)
    partial = cuda.device_array(blocks)
    shape, strides = _layout(compiled, value_shape, out_shape)
    sum_kernel(method)[blocks, THREADS_PER_BLOCK](*_mixture_args(data), values, shape, strides, np.uint64(n), partial)
    return loop.sum_in_order(partial.copy_to_host())


def draw(compiled, out_shape, rng):
    """Draws filling ``out_shape`` (a numpy array): ``min(n, DRAW_STREAMS)`` xoshiro256** streams
    seeded from ``rng`` as on the CPU (:func:`numbamix._random.seed_states`)."""
    data = device_mixture(compiled)
    seed = rnd.entropy_from(rng)  # a Generator advances in every call, also for no draws
    n = math.prod(out_shape)
    if n == 0:
        return np.empty(out_shape)
    n_streams = min(n, DRAW_STREAMS)
    states = cuda.to_device(rnd.seed_states(seed, n_streams))
    out = cuda.device_array(n)
    shape, strides = _layout(compiled, (), out_shape)
    draw_kernel[math.ceil(n_streams / THREADS_PER_BLOCK), THREADS_PER_BLOCK](
        data.templates, data.bounds, data.constants, data.position, data.cum_w, states, shape, strides, out
    )
    return out.copy_to_host().reshape(out_shape)
