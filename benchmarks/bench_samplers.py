"""Throughput of the worked samplers (issue 7): log-likelihood + gradient evaluations per
second inside HMC and random-walk Metropolis, against the serial kernel's own rate.

Run ``python benchmarks/bench_samplers.py`` (``--n``, ``--chains``). Model: the 2-component
Normal mixture posterior of ``numbamix.samplers.normal_mixture`` on the Old Faithful
waiting times (272 values) and on ``--n`` (default 10**6) values drawn from the Old
Faithful fit. The kernel's rate is one thread calling ``normal_mixture_log_posterior``
back to back (best of 5 timings of 0.3 s); the samplers run ``--chains`` chains in
``prange`` (the warm-up includes the sampler's first call, so a warm-up run precedes).
"""

import argparse
import os
import time

import numba
import numpy as np

from numbamix import datasets, kernels
from numbamix.samplers import fit_normal_mixture, normal_mixture


def kernel_rate(z):
    """Evaluations per second of the log posterior and its gradient, serially."""
    theta = normal_mixture.to_theta([0.36, 0.64], [-1.0, 0.7], [0.4, 0.4])
    templates, grad = (kernels.Normal(0.0, 1.0),) * 2, np.empty(5)
    best = 0.0
    for _ in range(5):
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.3:
            normal_mixture.normal_mixture_log_posterior(z, templates, theta, grad)
            calls += 1
        best = max(best, calls / (time.perf_counter() - start))
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--chains", type=int, default=4)
    args = parser.parse_args()
    faithful = datasets.load_faithful()["waiting"]
    rng = np.random.default_rng(0)
    first, second = rng.normal(54.6, 5.9, args.n), rng.normal(80.1, 5.9, args.n)
    synthetic = np.where(rng.random(args.n) < 0.36, first, second)
    print(f"numba {numba.__version__}, {numba.get_num_threads()} threads, {os.cpu_count()} CPUs, "
          f"{args.chains} chains")
    print("| data | N | kernel, 1 thread (evals/s) | HMC (evals/s) | RWM (evals/s) | HMC acceptance |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, x, draws in (("Old Faithful", faithful, 1000), ("synthetic", synthetic, 20)):
        fit_normal_mixture(x, 2, chains=1, draws=1, warmup=0)  # loads the compiled code
        hmc = fit_normal_mixture(x, 2, chains=args.chains, draws=draws, warmup=draws // 2, seed=0)
        rwm = fit_normal_mixture(x, 2, "rwm", chains=args.chains, draws=10 * draws, warmup=5 * draws, seed=0)
        rate = kernel_rate((x - x.mean()) / x.std())
        print(f"| {name} | {x.size} | {rate:,.0f} | {hmc.evaluations_per_second:,.0f} | "
              f"{rwm.evaluations_per_second:,.0f} | {hmc.acceptance:.2f} |")


if __name__ == "__main__":
    main()
