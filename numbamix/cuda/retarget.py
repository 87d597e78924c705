"""numba's CPU-only helper, swapped for numba-cuda's in the shared code the kernels call.

numba-cuda compiles numbamix's ``@njit`` formulas and its ``@overload`` dispatch as
device code, but not one helper of numba itself that the shared glue uses:
``tuple_setitem`` (in :func:`numbamix.kernels.components.kernel_at`); numba-cuda has its
own. :func:`rebound` gives a function the same code with that name bound to
numba-cuda's, so the kernels reuse the CPU's code instead of a copy of it.
"""

import types

from numba.cuda.cpython.unsafe.tuple import tuple_setitem
from numba.cuda.extending import overload

from ..kernels.components import _kernel_at, kernel_at


def rebound(function):
    """``function`` (plain Python) with its global ``tuple_setitem`` numba-cuda's."""
    names = {**function.__globals__, "tuple_setitem": tuple_setitem}
    return types.FunctionType(function.__code__, names, function.__name__, function.__defaults__, function.__closure__)


@overload(kernel_at, target="cuda")
def _kernel_at_cuda(template, constants, row):
    impl = _kernel_at(template, constants, row)
    return None if impl is None else rebound(impl)
