"""The numba options every numbamix kernel is compiled with, set in one place.

``cache=True``: compiled machine code is written next to the sources, so a
fresh process loads kernels instead of recompiling them (not with
``NUMBAMIX_MATH=libm``: see :mod:`numbamix.config`).
``error_model="numpy"``: division by zero gives ``inf``/``nan`` as in numpy
instead of raising; kernels never raise.
Array kernels (``kernel``, ``parallel_kernel``, the families' loops) are compiled
with LLVM's loop vectoriser interleaving :data:`INTERLEAVE` vectors per loop
iteration (:class:`InterleavingCompiler`).
"""

import llvmlite.binding as llvm
import numba
from numba.core import types
from numba.core.compiler import Compiler
from numba.core.compiler_lock import global_compiler_lock
from numba.core.imputils import lower_constant
from numba.extending import NativeValue, models, register_model, typeof_impl, unbox

from .config import CACHE

#: Vectors per iteration of a vectorised loop in numbamix's array kernels. LLVM picks 1 for
#: loops as long as a mixture's (its cost model weighs register pressure only), and such a
#: loop then waits on the latency of its exp/log chains (AVX2: one 4-double vector in flight
#: in a 50-cycle chain). Measured on AVX2 (Zen 3), ns per value against 1: 2 vectors
#: 1.2-1.5x faster, 4 a further 2-15 % (exp 1.44 -> 1.27, log 1.94 -> 1.78 ns), with no
#: measurable change in compile time.
INTERLEAVE = 4


class InterleavingCompiler(Compiler):
    """numba's compiler, with LLVM's loop vectoriser told to interleave :data:`INTERLEAVE` vectors
    per iteration while it compiles (``-force-vector-interleave``: an LLVM option, process-wide,
    so set only during numbamix's compilations and reset after; nested ones share it)."""

    _depth = 0

    def _compile_core(self):
        with global_compiler_lock:  # re-entrant; numba holds it for every compilation
            if InterleavingCompiler._depth == 0:
                llvm.set_option("", f"-force-vector-interleave={INTERLEAVE}")
            InterleavingCompiler._depth += 1
            try:
                return super()._compile_core()
            finally:
                InterleavingCompiler._depth -= 1
                if InterleavingCompiler._depth == 0:
                    llvm.set_option("", "-force-vector-interleave=0")  # 0: LLVM's own choice


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
kernel = numba.njit(cache=CACHE, error_model="numpy", nogil=True, pipeline_class=InterleavingCompiler)

#: Parallel array kernels (``prange`` over fixed-size chunks).
parallel_kernel = numba.njit(cache=CACHE, error_model="numpy", parallel=True, pipeline_class=InterleavingCompiler)


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
