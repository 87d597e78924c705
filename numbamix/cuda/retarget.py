"""numba's CPU-only helpers, swapped for numba-cuda's in the shared code the kernels call.

numba-cuda compiles numbamix's ``@njit`` formulas and its ``@overload`` dispatch as
device code, but not two helpers of numba itself that the shared glue uses:
``numba.literal_unroll`` (in :func:`numbamix.kernels.loop._draw_component`) and
``tuple_setitem`` (in :func:`numbamix.kernels.components.kernel_at`); numba-cuda has its
own of each. :func:`rebound` gives a function the same code with those names bound to
numba-cuda's, so the kernels reuse the CPU's code instead of a copy of it.
"""

import types

from numba.cuda.cpython.unsafe.tuple import tuple_setitem
from numba.cuda.extending import overload
from numba.cuda.misc.special import literal_unroll

from ..kernels.components import _kernel_at, kernel_at


def rebound(function):
    """``function`` (plain Python) with its globals ``literal_unroll`` and ``tuple_setitem`` numba-cuda's."""
    names = {**function.__globals__, "literal_unroll": literal_unroll, "tuple_setitem": tuple_setitem}
    return types.FunctionType(function.__code__, names, function.__name__, function.__defaults__, function.__closure__)


@overload(kernel_at, target="cuda")
def _kernel_at_cuda(template, constants, row):
    impl = _kernel_at(template, constants, row)
    return None if impl is None else rebound(impl)
