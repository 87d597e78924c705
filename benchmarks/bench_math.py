"""Speed of numbamix's elementary functions against libm's, one value at a time in a compiled loop.

Run ``python benchmarks/bench_math.py`` (options: ``--repeats``). Each function
runs in a loop over 4096 values in cache on one thread, compiled as numbamix
compiles its kernels (:class:`numbamix._jit.InterleavingCompiler`), for
numbamix's implementation (``numbamix._math``) and for libm's
(``numbamix._math.libm``, what ``NUMBAMIX_MATH=libm`` selects); the best of the
repeats, in nanoseconds per value, and the ratio. The accuracy of the same
functions: ``benchmarks/accuracy.py``.
"""

import argparse
import platform
import time

import numba
import numpy as np

from numbamix import _math as numbamix_math
from numbamix._jit import InterleavingCompiler
from numbamix._math import libm

SIZE = 4096
#: Values per function: where the functions are used (log_ndtr: both tails and the middle).
DOMAINS = {
    "exp": (-30.0, 30.0),
    "log": (0.01, 100.0),
    "log1p": (-0.5, 10.0),
    "expm1": (-3.0, 3.0),
    "lgamma": (0.1, 100.0),
    "erfc": (-5.0, 25.0),
    "log_ndtr": (-20.0, 5.0),
}


def loop_of(function):
    """A compiled loop writing ``function`` of each value, ``reps`` times over."""

    @numba.njit(error_model="numpy", pipeline_class=InterleavingCompiler)
    def loop(x, out, reps):
        for _ in range(reps):
            for i in range(x.size):
                out[i] = function(x[i])

    return loop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    out = np.empty(SIZE)
    reps = 500
    print(f"{platform.processor() or platform.machine()}, numba {numba.__version__}, one thread, "
          f"{SIZE} values in cache, best of {args.repeats}")
    print("function   numbamix ns  libm ns  libm / numbamix")
    for name, (low, high) in DOMAINS.items():
        x = rng.uniform(low, high, SIZE)
        loops = [loop_of(getattr(module, name)) for module in (numbamix_math, libm)]
        best = [np.inf, np.inf]
        for loop in loops:
            loop(x, out, 1)  # compile
        for _ in range(args.repeats):
            for j, loop in enumerate(loops):  # interleaved: both see the same machine state
                start = time.perf_counter()
                loop(x, out, reps)
                best[j] = min(best[j], time.perf_counter() - start)
        ns = [1e9 * b / (reps * SIZE) for b in best]
        print(f"{name:<9}  {ns[0]:11.2f}  {ns[1]:7.2f}  {ns[1] / ns[0]:15.2f}")


if __name__ == "__main__":
    main()
