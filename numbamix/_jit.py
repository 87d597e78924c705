"""The numba options every numbamix kernel is compiled with, set in one place.

``cache=True``: compiled machine code is written next to the sources, so a
fresh process loads kernels instead of recompiling them.
``error_model="numpy"``: division by zero gives ``inf``/``nan`` as in numpy
instead of raising; kernels never raise.
"""

import numba

#: Scalar formulas: one value in, one value out; inlined by LLVM into the loops.
formula = numba.njit(cache=True, error_model="numpy")

#: Serial array kernels.
kernel = numba.njit(cache=True, error_model="numpy")

#: Parallel array kernels (``prange`` over fixed-size chunks).
parallel_kernel = numba.njit(cache=True, error_model="numpy", parallel=True)
