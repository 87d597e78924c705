"""The numba options every numbamix kernel is compiled with, set in one place.

``cache=True``: compiled machine code is written next to the sources, so a
fresh process loads kernels instead of recompiling them (not with
``NUMBAMIX_MATH=libm``: see :mod:`numbamix.config`).
``error_model="numpy"``: division by zero gives ``inf``/``nan`` as in numpy
instead of raising; kernels never raise.
"""

import numba
from numba.core import types
from numba.core.imputils import lower_constant
from numba.extending import NativeValue, models, register_model, typeof_impl, unbox

from .config import CACHE

#: Scalar formulas: one value in, one value out; inlined by LLVM into the loops.
formula = numba.njit(cache=CACHE, error_model="numpy")

#: Elementary functions (exp, log, ...): always inlined into their callers by
#: LLVM, so that loops calling them vectorise (the inliner's size limit would
#: leave the larger ones as calls, which block vectorisation).
leaf_formula = numba.njit(cache=CACHE, error_model="numpy", forceinline=True)

#: Polynomials over a constant coefficient array: inlined by numba itself, so
#: that LLVM sees the constant trip count and unrolls the loop before vectorising.
polynomial_formula = numba.njit(cache=CACHE, error_model="numpy", inline="always")

#: Serial array kernels (``nogil``: the front end runs them in several Python threads).
kernel = numba.njit(cache=CACHE, error_model="numpy", nogil=True)

#: Parallel array kernels (``prange`` over fixed-size chunks).
parallel_kernel = numba.njit(cache=CACHE, error_model="numpy", parallel=True)


class Choice:
    """A named choice made at compile time: each instance is its own numba type.

    Passing ``Choice("a")`` or ``Choice("b")`` to a compiled function compiles
    one specialisation per choice, so code branching on it has no run-time
    branch (overloads read ``ChoiceType.choice``).
    """

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Choice({self.name!r})"


class ChoiceType(types.Dummy):
    def __init__(self, name):
        self.choice = name
        super().__init__(f"Choice({name})")


@typeof_impl.register(Choice)
def _typeof_choice(value, context):
    return ChoiceType(value.name)


register_model(ChoiceType)(models.OpaqueModel)


@unbox(ChoiceType)
def _unbox_choice(typ, obj, c):
    return NativeValue(c.context.get_dummy_value())


@lower_constant(ChoiceType)
def _constant_choice(context, builder, typ, value):
    return context.get_dummy_value()
