"""Why component kernels are NamedTuples: cold start and loop speed, measured.

Compares a Normal kernel held as a ``NamedTuple`` (what numbamix uses), a numba
``jitclass`` and a ``structref``, each used by the same ``@njit(cache=True)``
summed-logp loop. For each: the time a *fresh process* needs to run the loop
once with numba's cache warm (jitclass functions cannot be cached, numba
issues 4830/6522, so they recompile every time; best of 3 processes), whether
the cache was hit, and the loop time at N = 10^6.

Run: ``python benchmarks/bench_kernel_objects.py``
"""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

MODULE = textwrap.dedent(
    '''
    import math
    from typing import NamedTuple
    import numpy as np
    import numba
    from numba import types
    from numba.experimental import jitclass, structref

    class TupleKernel(NamedTuple):
        mu: float
        inv_sigma: float
        log_norm: float

    @jitclass([("mu", numba.float64), ("inv_sigma", numba.float64), ("log_norm", numba.float64)])
    class ClassKernel:
        def __init__(self, mu, inv_sigma, log_norm):
            self.mu, self.inv_sigma, self.log_norm = mu, inv_sigma, log_norm

    @structref.register
    class RefType(types.StructRef):
        pass

    class RefKernel(structref.StructRefProxy):
        def __new__(cls, mu, inv_sigma, log_norm):
            return structref.StructRefProxy.__new__(cls, mu, inv_sigma, log_norm)

    structref.define_proxy(RefKernel, RefType, ["mu", "inv_sigma", "log_norm"])

    @numba.njit(cache=True)
    def loglik(k, x):
        total = 0.0
        for v in x:
            z = (v - k.mu) * k.inv_sigma
            total += k.log_norm - 0.5 * z * z
        return total

    def make(kind):
        args = (0.0, 1.0, -0.5 * math.log(2 * math.pi))
        return {"tuple": TupleKernel, "jitclass": ClassKernel, "structref": RefKernel}[kind](*args)
    '''
)

RUN = textwrap.dedent(
    """
    import sys, time
    t0 = time.perf_counter()
    import numpy as np
    import kernel_objects as ko
    x = np.random.default_rng(0).normal(size=10**6)
    k = ko.make(sys.argv[1])
    ko.loglik(k, x[:10])
    first = time.perf_counter() - t0
    best = min((lambda t: (ko.loglik(k, x), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(20))
    print(f"{first:.3f} {best * 1e3:.3f} {sum(ko.loglik.stats.cache_hits.values())}")
    """
)


def main():
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "kernel_objects.py").write_text(MODULE)
        Path(folder, "run.py").write_text(RUN)
        print(f"{'kernel object':<12} {'fresh process, cache warm (s)':>30} {'loop N=1e6 (ms)':>16} {'cache hit':>10}")
        for kind in ("tuple", "jitclass", "structref"):
            command = [sys.executable, "run.py", kind]
            subprocess.run(command, cwd=folder, check=True, capture_output=True)  # warm the cache
            runs = [subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout.split()
                    for _ in range(3)]
            first, loop, hits = min(runs, key=lambda r: float(r[0]))
            print(f"{kind:<12} {float(first):>30.3f} {float(loop):>16.3f} {'yes' if int(hits) else 'no':>10}")


if __name__ == "__main__":
    main()
