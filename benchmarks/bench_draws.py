"""Draws per second of ``dist.random(n, rng)`` against numpy's ``Generator`` (one thread).

Run ``python benchmarks/bench_draws.py`` (options: ``--n``, ``--repeats``). numbamix draws
in parallel over fixed chunks of 2048 values (one xoshiro256** stream each, seeded by the
compiled SeedSequence of ``numbamix._random.seed_states``); numpy's row is what a user
writes with ``np.random.default_rng`` (for a mixture: the component of every value, then
each component's draws where chosen). Each figure is the best of ``--repeats`` calls after
a warm-up call that compiles; the output array is allocated by each call, in both.
"""

import argparse
import numba
import numpy as np

import numbamix as nm
from bench_cuda import seconds


def _numpy_mixture(rng, n, w, draw_component):
    """A mixture's draws as a numpy user writes them: one component index per value, then each
    component's values (drawn for all n, kept where chosen)."""
    which = rng.choice(len(w), size=n, p=w)
    out = np.empty(n)
    for k in range(len(w)):
        chosen = which == k
        out[chosen] = draw_component(rng, k, n)[chosen]
    return out


CASES = {
    "Normal(0, 1)": (nm.Normal.dist(0, 1), lambda rng, n: rng.standard_normal(n)),
    "Uniform(0, 1)": (nm.Uniform.dist(0, 1), lambda rng, n: rng.random(n)),
    "Gamma(2, 1)": (nm.Gamma.dist(2.0, 1.0), lambda rng, n: rng.gamma(2.0, 1.0, n)),
    "Poisson(4)": (nm.Poisson.dist(4.0), lambda rng, n: rng.poisson(4.0, n).astype(np.float64)),
    "NormalMixture(w=[.3, .7], mu=[-2, 1.5], sigma=[.7, 1.2])": (
        nm.NormalMixture(w=[0.3, 0.7], mu=[-2.0, 1.5], sigma=[0.7, 1.2]),
        lambda rng, n: _numpy_mixture(rng, n, [0.3, 0.7], lambda r, k, m: r.normal([-2.0, 1.5][k], [0.7, 1.2][k], m)),
    ),
    "0.4 Normal(0, 1) + 0.6 StudentT(4, 0, 1)": (
        nm.Mixture([0.4, 0.6], [nm.Normal.dist(0, 1), nm.StudentT.dist(nu=4, mu=0, sigma=1)]),
        lambda rng, n: _numpy_mixture(rng, n, [0.4, 0.6], lambda r, k, m: r.standard_normal(m) if k == 0 else r.standard_t(4, m)),
    ),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n = args.n
    print(f"N = {n}, numbamix on {numba.get_num_threads()} threads, numpy Generator (PCG64) on one")
    print(f"| distribution | numbamix draws/s | numpy draws/s | numbamix / numpy |\n|---|---:|---:|---:|")
    for name, (dist, numpy_draw) in CASES.items():
        ours = seconds(lambda: dist.random(n, rng=1), args.repeats, lambda: None)
        rng = np.random.default_rng(1)
        theirs = seconds(lambda: numpy_draw(rng, n), args.repeats, lambda: None)
        print(f"| {name} | {n / ours:.3g} | {n / theirs:.3g} | {theirs / ours:.2f} |", flush=True)


if __name__ == "__main__":
    main()
