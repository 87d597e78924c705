"""The optional CUDA backend: the mixture loop on an NVIDIA GPU through numba-cuda.

``mix.logp(x, backend="cuda")`` (and ``logcdf``, ``logccdf``, ``random``,
``numbamix.logp_sum``) runs the kernels of :mod:`numbamix.cuda.kernels`: one
thread per output element in a grid-stride loop, the online log-sum-exp of
:mod:`numbamix.kernels.loop` over the components, each component's formula the
family's own (``numbamix.families``), compiled by numba-cuda from the same
source as the CPU kernels. Inputs are numpy arrays or device arrays (anything
with ``__cuda_array_interface__``); device arrays in give device arrays out.

Nothing here is imported by ``import numbamix``: the first ``backend="cuda"``
call imports numba-cuda (:func:`require`). ``NUMBA_ENABLE_CUDASIM=1`` runs the
same kernels in numba's CUDA simulator (slow per element; for tests).
"""

import importlib.metadata
import importlib.util
import re

INSTALL_HINT = "pip install numbamix[cuda]  (numba-cuda; or 'numba-cuda[cu12]' to bring the CUDA 12 toolkit too)"

#: The last numba-cuda release seen to fail with numpy >= 2.5 (it registers ``np.row_stack``,
#: which numpy 2.5 removed, when it compiles its first kernel: seen on 2026-12-04).
LAST_NUMBA_CUDA_WITHOUT_NUMPY_2_5 = (0, 30, 4)


def version_tuple(text):
    """The leading numeric parts of a version string: ``"2.5.2"`` -> ``(2, 5, 2)``."""
    return tuple(int(part) for part in re.findall(r"\d+", text.split("+")[0])[:3])


def _check_versions(numba_cuda, numpy):
    if version_tuple(numba_cuda) <= LAST_NUMBA_CUDA_WITHOUT_NUMPY_2_5 and version_tuple(numpy) >= (2, 5):
        raise ImportError(
            f"backend='cuda': numba-cuda {numba_cuda} cannot compile kernels with numpy {numpy} "
            "(it uses np.row_stack, removed in numpy 2.5): pip install 'numpy<2.5' or a newer numba-cuda"
        )


def require():
    """``numba.cuda`` from numba-cuda, with a GPU or the simulator; else an error that says what is missing."""
    if importlib.util.find_spec("numba_cuda") is None:
        raise ImportError(f"backend='cuda' needs the numba-cuda package, which is not installed: {INSTALL_HINT}")
    import numpy

    _check_versions(importlib.metadata.version("numba-cuda"), numpy.__version__)
    from numba import cuda

    if not cuda.is_available():
        raise RuntimeError(
            "backend='cuda' found no usable NVIDIA GPU (no CUDA driver or device); run on a machine with one, "
            "or set NUMBA_ENABLE_CUDASIM=1 before numba.cuda is first imported to use numba's CUDA simulator"
        )
    return cuda


def backend():
    """The module running the CUDA backend (:mod:`numbamix.cuda.launch`), after :func:`require`."""
    require()
    from . import launch

    return launch
