"""Time against N: numbamix's mixture logp next to numpyro, PyMC, scipy and the hand-fused
numba loop, for N = 10^2 ... 10^6 values, written to ``benchmarks/scaling.csv``.

The documentation's performance page plots the CSV at build time. At each N every
implementation is built, checked against numbamix and timed by ``bench_logp.measure_model``
(the best of ``--repeats``, compilation excluded). Run it in an environment with numpyro
and PyMC (see ``README.md``)::

    NUMBA_CACHE_DIR=/tmp/numbamix-bench-cache ~/bench-venv/bin/python benchmarks/bench_scaling.py
"""

import argparse
import csv
import sys
from pathlib import Path

from bench_logp import MODELS, measure_model

SIZES = (100, 1_000, 10_000, 100_000, 1_000_000)
COLUMNS = ("model", "title", "n", "implementation", "logp_ms", "logp_sum_ms", "max_rel_err")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated model keys (a,b,c,d)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per figure (default 3)")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("scaling.csv"))
    args = parser.parse_args(argv)

    def log(line):
        print(line, file=sys.stderr, flush=True)

    rows = []
    for key in args.models.split(","):
        model = MODELS[key]
        for n in SIZES:
            results, _ = measure_model(model, n, args.repeats, log)
            rows += [(key, model.title, n, r.name, f"{r.ms:.6g}", f"{r.sum_ms:.6g}", f"{r.err:.2g}")
                     for r in results if r.ms == r.ms]
    with open(args.out, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    log(f"{len(rows)} rows written to {args.out}")


if __name__ == "__main__":
    main()
