"""Error distribution, in ulps, of numbamix's elementary functions on many points.

Run ``python benchmarks/accuracy.py`` (options: ``--points N`` per function,
default 10**6; ``--functions exp,log,...``; ``--processes``). Prints one
markdown table row per function: points, maximum error, 99.99 % and 99 %
quantiles, the fraction of results more than 0.5 ulp off (not correctly
rounded) and the worst argument.

Points, references and error measure are those of the test
``tests/test_math_accuracy.py`` (shared module ``tests/ulp.py``), on more
points: references from numpy longdouble for exp/log/log1p/expm1, from mpmath at
100 bits for lgamma (x > 0), erfc (normal results) and log_ndtr, computed in
parallel processes (about 40 us a point). The functions are the ones
``NUMBAMIX_MATH`` selects, run in a compiled numba loop.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import ulp  # noqa: E402

import numbamix._math as nm  # noqa: E402
from numbamix import config  # noqa: E402


def references(pool, name, x):
    if name in ulp.LONGDOUBLE:
        return ulp.longdouble_reference(name, x)
    parts = pool.starmap(ulp.mpmath_reference, [(name, chunk) for chunk in np.array_split(x, 256)])
    hi, offset = zip(*parts)
    return np.concatenate(hi), np.concatenate(offset)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10**6, help="points per function (default 10**6)")
    parser.add_argument("--functions", default=",".join(ulp.FUNCTIONS),
                        help=f"comma-separated subset of {','.join(ulp.FUNCTIONS)}")
    parser.add_argument("--processes", type=int, default=os.cpu_count(), help="for the mpmath references")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    names = args.functions.split(",")
    unknown = set(names) - set(ulp.FUNCTIONS)
    if unknown:
        parser.error(f"unknown functions {sorted(unknown)}")

    print(f"NUMBAMIX_MATH={config.MATH}; numpy {np.__version__}; {args.points:,} points per function, "
          f"seed {args.seed}\n")
    print(ulp.Summary.HEADER)
    with multiprocessing.Pool(args.processes) as pool:
        for name in names:
            start = time.perf_counter()
            x = ulp.points(name, args.points, args.seed)
            summary = ulp.measure(name, getattr(nm, name), x, *references(pool, name, x))
            print(summary.row(), flush=True)
            print(f"  {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
