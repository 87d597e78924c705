"""Process-wide settings, read once from the environment when numbamix is imported.

``NUMBAMIX_MATH``
    ``"fast"`` (default): numbamix's own branch-free exp/log/log1p/expm1/lgamma/
    erfc, which let LLVM vectorise the loops (AVX2/AVX-512) and are accurate to
    the ulp bounds in ``docs/accuracy.md``.
    ``"libm"``: the C library's functions, called one value at a time, for
    results that must match another libm-based library bit for bit.  Kernels are
    then compiled in each process instead of loaded from numba's disk cache
    (the cache cannot tell the two modes apart).

``NUMBAMIX_BACKEND``
    Where ``logp``, ``logcdf``, ``logccdf``, ``random`` and ``logp_sum`` run when
    their ``backend`` argument is ``None``: ``"cpu"`` (default) or ``"cuda"``
    (:mod:`numbamix.cuda`, needs numba-cuda and a GPU). :func:`set_backend`
    changes it at run time.
"""

import os

MATH_MODES = ("fast", "libm")

MATH = os.environ.get("NUMBAMIX_MATH", "fast").strip().lower() or "fast"
if MATH not in MATH_MODES:
    raise ValueError(f"NUMBAMIX_MATH must be one of {MATH_MODES}, got {os.environ['NUMBAMIX_MATH']!r}")

#: Whether compiled kernels are cached on disk (only for the default math).
CACHE = MATH == "fast"

BACKENDS = ("cpu", "cuda")

BACKEND = os.environ.get("NUMBAMIX_BACKEND", "cpu").strip().lower() or "cpu"
if BACKEND not in BACKENDS:
    raise ValueError(f"NUMBAMIX_BACKEND must be one of {BACKENDS}, got {os.environ['NUMBAMIX_BACKEND']!r}")


def _checked(backend):
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS} (or None for the default), got {backend!r}")
    return backend


def set_backend(backend):
    """Make ``backend`` (``"cpu"`` or ``"cuda"``) the default of every ``backend=None`` call.

    ``"cuda"`` is checked at once: an error says what is missing (numba-cuda, a GPU).
    """
    global BACKEND
    if _checked(backend) == "cuda":
        from .cuda import require

        require()
    BACKEND = backend


def resolve_backend(backend):
    """``backend``, or the process-wide default for ``None``."""
    return BACKEND if backend is None else _checked(backend)
