"""Throughput of the summed mixture log-likelihood on Dask against the in-process kernel (issue 9).

Run ``python benchmarks/bench_dask.py`` (``--n``, default 10**8 points; ``--blocks``, block sizes
in points; ``--repeats``). The model is Normal(-0.2, 1) + StudentT(4, 0.5, 1), w = [0.3, 0.7]
(model (b) of ``bench_logp.py``). Rows:

- in process: ``numbamix.logp_sum`` over a numpy array of one block, repeated to ``--n`` points
  (the kernel alone), and ``draw`` + ``logp_sum`` per block (what the dask rows compute);
- dask: ``logp_sum(mix, x)`` for ``x = draw(mix, n, chunks=block)`` drawn on the scheduler and
  persisted there first (the timed passes are the likelihood's alone, as the in-process kernel
  row), on the threaded scheduler (this process) and on a ``distributed.LocalCluster`` of 1
  and 2 process workers (1 dask thread each; numbamix's own threads inside);
- Dask's overhead per block: the wall time per block of the same graph on 1000-point blocks,
  where the kernels' time is negligible;
- the default block size (``numbamix.dask.BLOCK_POINTS``, the ``chunks="auto"`` of ``draw``):
  the smallest power of two whose blocks, drawn and summed at the in-process draw + kernel
  rate, take 100 times the 2-worker cluster's overhead per block.

Timings are wall clock, best of ``--repeats`` after a warm-up; compilation and the cluster's
start are excluded. Points/s are ``--n`` over the time.
"""

import argparse
import os
import time

import numba
import numpy as np
from distributed import Client, LocalCluster, wait

import numbamix as nm
import numbamix.dask as nmd

MIX = nm.Mixture(w=[0.3, 0.7], comp_dists=[nm.Normal.dist(-0.2, 1.0), nm.StudentT.dist(4.0, 0.5, 1.0)])


def best(run, repeats):
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def in_process(n, block, repeats):
    """Seconds for n points: the kernel alone, and draws + kernel, one block at a time."""
    data = nm.draw(MIX, block, random_seed=0)
    count = max(1, n // block)
    kernel = best(lambda: [nm.logp_sum(MIX, data) for _ in range(count)], repeats)
    both = best(lambda: [nm.logp_sum(MIX, nm.draw(MIX, block, random_seed=i)) for i in range(count)], repeats)
    return kernel * n / (count * block), both * n / (count * block)


def on_dask(n, block, repeats, compute, persist):
    """Seconds for the summed log-likelihood of n points drawn and held by the scheduler."""
    x = persist(nm.draw(MIX, n, random_seed=1, chunks=block))
    return best(lambda: compute(nm.logp_sum(MIX, x)), repeats)


def held(client, x):
    """``x`` computed and kept by the cluster's workers."""
    x = client.persist(x)
    wait(x)
    return x


def overhead_per_block(compute, blocks=200, points=1000):
    total = nm.logp_sum(MIX, nm.draw(MIX, blocks * points, random_seed=2, chunks=points))
    return best(lambda: compute(total), 3) / blocks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=float, default=1e8)
    parser.add_argument("--blocks", default="4194304,16777216")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    n, blocks = int(args.n), [int(b) for b in args.blocks.split(",")]
    print(f"N = {n:.0e} points, {os.cpu_count()} cores, numba threads {numba.get_num_threads()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    rows = {}
    for block in blocks:
        rows[("in process: kernel", block)], rows[("in process: draw + kernel", block)] = in_process(
            n, block, args.repeats)
        rows[("dask threads", block)] = on_dask(n, block, args.repeats, lambda t: t.compute(scheduler="threads"),
                                                lambda x: x.persist(scheduler="threads"))
    overheads = {"dask threads": overhead_per_block(lambda t: t.compute(scheduler="threads"))}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                          dashboard_address=None) as cluster, Client(cluster) as client:
            name = f"dask, {workers} worker{'s' if workers > 1 else ''}"
            for block in blocks:
                rows[(name, block)] = on_dask(n, block, args.repeats, lambda t: client.compute(t, sync=True),
                                              lambda x, client=client: held(client, x))
            overheads[name] = overhead_per_block(lambda t: client.compute(t, sync=True))
    print("\n| | " + " | ".join(f"block 2^{block.bit_length() - 1}" for block in blocks) + " |")
    print("|---|" + "---:|" * len(blocks))
    for name in dict.fromkeys(key for key, _ in rows):
        print(f"| {name} | " + " | ".join(f"{n / rows[(name, block)]:.3g}" for block in blocks) + " |")
    print("\npoints/s; overhead per block (ms): "
          + ", ".join(f"{name} {1e3 * seconds:.2f}" for name, seconds in overheads.items()))
    # a block of draw(..., chunks="auto") draws its points and sums them: at the in-process
    # draw + kernel rate it should take 100 times the 2-worker cluster's overhead per block
    rate = n / rows[("in process: draw + kernel", blocks[-1])]
    chosen = 1 << int(np.ceil(np.log2(100 * overheads["dask, 2 workers"] * rate)))
    print(f"default block: 2^{chosen.bit_length() - 1} points (now {nmd.BLOCK_POINTS})")


if __name__ == "__main__":
    main()
