"""Process-wide settings, read once from the environment when numbamix is imported.

``NUMBAMIX_MATH``
    ``"fast"`` (default): numbamix's own branch-free exp/log/log1p/expm1/lgamma/
    erfc, which let LLVM vectorise the loops (AVX2/AVX-512) and are accurate to
    the ulp bounds in ``docs/accuracy.md``.
    ``"libm"``: the C library's functions, called one value at a time, for
    results that must match another libm-based library bit for bit.  Kernels are
    then compiled in each process instead of loaded from numba's disk cache
    (the cache cannot tell the two modes apart).
"""

import os

MATH_MODES = ("fast", "libm")

MATH = os.environ.get("NUMBAMIX_MATH", "fast").strip().lower() or "fast"
if MATH not in MATH_MODES:
    raise ValueError(f"NUMBAMIX_MATH must be one of {MATH_MODES}, got {os.environ['NUMBAMIX_MATH']!r}")

#: Whether compiled kernels are cached on disk (only for the default math).
CACHE = MATH == "fast"
