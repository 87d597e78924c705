"""logp speed of every registered family against scipy.stats, one family at a time.

Run ``python benchmarks/bench_families.py`` (options: ``--n`` values per call,
default 10**6; ``--repeats``; ``--families Normal,Gamma``; ``--markdown PATH``).
For each family: parameters at the middle of each parameter's typical range
(the registry's), values drawn by numbamix's sampler, numbamix ``logp``
(numba threads as set, 2 on this machine) against the reference's
``logpdf``/``logpmf`` (scipy's own distribution where the reference is an mpmath
closed form; for Kumaraswamy and LogitNormal, which scipy lacks, the mpmath
reference timed on 10**3 values and scaled), best of ``--repeats`` calls after
one warm-up (which also compiles); the accuracy column compares the first 2000
values with the registry's reference. Issue 5's targets: no family slower than scipy, the common
ones (Normal, StudentT, Poisson, Gamma, Beta, NegativeBinomial) at least 10x
faster. Also the cold start of a 3-family mixture in a fresh process.
"""

import argparse
import math
import subprocess
import sys
import time

import numba
import numpy as np

import numbamix
from numbamix.families import FAMILIES
from numbamix.families._registry import COUNT

COMMON = ("Normal", "StudentT", "Poisson", "Gamma", "Beta", "NegativeBinomial")
TARGET_COMMON = 10.0
TARGET_ALL = 1.0


def middle_params(family):
    params = {}
    for p in family.params:
        lo, hi = p.typical
        value = 0.5 * (lo + hi)
        params[p.name] = int(math.floor(value)) if p.domain is COUNT else value
    return params


def best(fn, arg, repeats):
    fn(arg)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return min(times)


def _scipy_versions():
    """scipy's own distribution where the registry's reference is an mpmath closed form
    (accurate, but far too slow to time), ``None`` where scipy has no such family: then the
    reference is timed on 10**3 values and scaled."""
    from scipy import stats

    return {
        "Pareto": lambda alpha, m: stats.pareto(alpha, scale=m),
        "Triangular": lambda lower, upper, c: stats.triang((c - lower) / (upper - lower), lower, upper - lower),
        "TruncatedNormal": lambda mu, sigma, lower, upper: stats.truncnorm(
            (lower - mu) / sigma, (upper - mu) / sigma, loc=mu, scale=sigma
        ),
        "HyperGeometric": lambda N, k, n: stats.hypergeom(N, k, n),
        "Kumaraswamy": None,
        "LogitNormal": None,
    }


def measure(name, n, repeats):
    family = FAMILIES[name]
    params = middle_params(family)
    ref = family.reference(**params)
    scipy_version = _scipy_versions().get(name, family.reference)
    timed = ref if scipy_version is None else scipy_version(**params)
    dist = getattr(numbamix, name).dist(**params)
    # values from numbamix's own sampler (some references draw by numerical inversion: minutes)
    x = np.asarray(dist.random(size=n, rng=1), dtype=np.float64)
    ref_logp = ref.logpmf if family.discrete else ref.logpdf
    start = time.perf_counter()
    mine = dist.logp(x)
    first = time.perf_counter() - start
    with np.errstate(all="ignore"):
        theirs = ref_logp(x[:2000])
        err = np.nanmax(np.abs(mine[:2000] - theirs) / np.maximum(np.abs(theirs), 1e-300), initial=0.0)
    t_mine = best(dist.logp, x, repeats)
    timed_logp = timed.logpmf if family.discrete else timed.logpdf
    if scipy_version is None:  # no scipy version: the mpmath reference, per value
        t_scipy = best(timed_logp, x[:1000], 1) * (n / 1000)
    else:
        t_scipy = best(timed_logp, x, max(3, repeats // 3))
    return params, first, t_mine, t_scipy, err


def cold_start():
    code = (
        "import time; t = time.perf_counter(); import numpy as np, numbamix as nm; "
        "mix = nm.Mixture([0.2, 0.3, 0.5], [nm.Normal.dist(0, 1), nm.StudentT.dist(nu=4, mu=1, sigma=2), "
        "nm.Gamma.dist(alpha=2, beta=1)]); mix.logp(np.linspace(-3, 3, 100)); print(time.perf_counter() - t)"
    )
    run = lambda: float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                       check=True).stdout.strip())
    first = run()
    return first, min(run() for _ in range(3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--families", default="")
    parser.add_argument("--markdown", default="")
    args = parser.parse_args(argv)
    names = args.families.split(",") if args.families else sorted(FAMILIES)
    rows = []
    print(f"N = {args.n}, numba threads = {numba.get_num_threads()}")
    for name in names:
        params, first, t_mine, t_scipy, err = measure(name, args.n, args.repeats)
        ratio = t_scipy / t_mine
        target = TARGET_COMMON if name in COMMON else TARGET_ALL
        verdict = "met" if ratio >= target else "NOT MET"
        row = (name, ", ".join(f"{k}={v:g}" for k, v in params.items()), f"{1e3 * t_mine:.2f}",
               f"{1e3 * t_scipy:.2f}", f"{ratio:.1f}", f">= {target:g}: {verdict}", f"{err:.1e}", f"{first:.1f}")
        rows.append(row)
        print("  ".join(row), flush=True)
    first, warm = cold_start()
    cold = f"Cold start, fresh process, Normal + StudentT + Gamma mixture: {first:.2f} s (first run), {warm:.2f} s (cache warm)"
    print(cold)
    if args.markdown:
        head = ("family", "parameters", "numbamix ms", "scipy ms", "scipy / numbamix", "target", "max rel err",
                "first call s (compiles)")
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        with open(args.markdown, "w") as f:
            f.write("\n".join(lines) + "\n\n" + cold + "\n")


if __name__ == "__main__":
    main()
