"""Speed of numbamix's mixture ``logp`` against scipy, numpyro, PyMC and a hand-fused numba kernel.

Run ``python benchmarks/bench_logp.py`` (options: ``--n``, ``--quick``,
``--markdown PATH``, ``--models a,b``, ``--repeats``); see ``benchmarks/README.md``.

Four models (table ``MODELS``) drive everything; each implementation family
has one builder (``build_<family>``) that turns any model into a pair of
callables (elementwise logp, summed logp). numpyro and PyMC are used only when
importable. Every implementation is checked against numbamix (relative error
``RTOL``) before it is timed; compilation is excluded from the timings by one
warm-up call, and the best of several repeats is reported. Each model's numbamix row also
says whether numbamix's compiled loop over each component is vectorised.
"""

import argparse
import datetime
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numba
import numpy as np
from numba import prange

import numbamix
from numbamix.testing.vectorisation import packed_ops_in_fresh_process

#: Agreement with numbamix required before timing (relative, elementwise).
RTOL = 1e-9
#: Targets printed next to the figures.
TARGET_NUMPYRO_SPEEDUP = 2.0  # numpyro (jax.jit) time / numbamix time at N = 10**6, at least
TARGET_LIBM_FUSED_SPEEDUP = 4.0  # hand-fused (libm) time / numbamix time at N = 10**6, at least
TARGET_SCIPY_SPEEDUP = 10.0  # scipy time / numbamix time, at least
TARGET_SMALL_US = 20.0  # numbamix per call at N = 100, below (microseconds)
TARGET_COLD_S = 1.5  # import + build model (b) + first logp in a fresh process, below (seconds)
SMALL_N = 100

# --------------------------------------------------------------------------------------------
# Hand-fused kernels: one prange loop per model, formulas inline, constants hoisted, no
# validation, elementary functions from libm (``math.*``, one value at a time). This is what a
# careful numba user writes for one fixed model. ``out`` is filled when ``store`` is true; the
# sum is always returned (so one kernel serves both the elementwise and the summed column).
# --------------------------------------------------------------------------------------------

HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


@numba.njit(parallel=True, cache=True)
def fused_poisson_poisson(x, out, store, w, theta):
    """Model (a): w0 Poisson(theta[0]) + w1 Poisson(theta[1]); lgamma(x+1) shared by both terms."""
    a0 = math.log(w[0]) - theta[0]
    a1 = math.log(w[1]) - theta[1]
    l0 = math.log(theta[0])
    l1 = math.log(theta[1])
    total = 0.0
    for i in prange(x.size):
        xi = x[i]
        t0 = a0 + xi * l0
        t1 = a1 + xi * l1
        hi = max(t0, t1)
        value = hi + math.log1p(math.exp(min(t0, t1) - hi)) - math.lgamma(xi + 1.0)
        if store:
            out[i] = value
        total += value
    return total


@numba.njit(parallel=True, cache=True)
def fused_normal_studentt(x, out, store, w, theta):
    """Model (b): w0 Normal(theta[0], theta[1]) + w1 StudentT(nu=theta[2], theta[3], theta[4])."""
    mu0, inv_s0 = theta[0], 1.0 / theta[1]
    c0 = math.log(w[0]) - math.log(theta[1]) - HALF_LOG_2PI
    nu, mu1, inv_s1 = theta[2], theta[3], 1.0 / theta[4]
    inv_nu = 1.0 / nu
    half_nu1 = 0.5 * (nu + 1.0)
    c1 = (
        math.log(w[1])
        + math.lgamma(half_nu1)
        - math.lgamma(0.5 * nu)
        - 0.5 * math.log(nu * math.pi)
        - math.log(theta[4])
    )
    total = 0.0
    for i in prange(x.size):
        xi = x[i]
        z0 = (xi - mu0) * inv_s0
        z1 = (xi - mu1) * inv_s1
        t0 = c0 - 0.5 * z0 * z0
        t1 = c1 - half_nu1 * math.log1p(z1 * z1 * inv_nu)
        hi = max(t0, t1)
        value = hi + math.log1p(math.exp(min(t0, t1) - hi))
        if store:
            out[i] = value
        total += value
    return total


@numba.njit(parallel=True, cache=True)
def fused_batched_normal3(x, out, store, w, theta):
    """Model (c): weights ``w`` (B, 3), Normal(theta[2k], theta[2k+1]) with one shared sigma.

    ``x`` is the flattened (N // B, B) value; element ``i`` belongs to batch column ``i % B``.
    """
    n_batch = w.shape[0]
    log_w = np.log(w)
    m0, m1, m2 = theta[0], theta[2], theta[4]
    inv_s = 1.0 / theta[1]
    c = -math.log(theta[1]) - HALF_LOG_2PI
    total = 0.0
    for i in prange(x.size):
        j = i % n_batch
        xi = x[i]
        z0 = (xi - m0) * inv_s
        z1 = (xi - m1) * inv_s
        z2 = (xi - m2) * inv_s
        t0 = log_w[j, 0] - 0.5 * z0 * z0
        t1 = log_w[j, 1] - 0.5 * z1 * z1
        t2 = log_w[j, 2] - 0.5 * z2 * z2
        hi = max(t0, max(t1, t2))
        value = c + hi + math.log(math.exp(t0 - hi) + math.exp(t1 - hi) + math.exp(t2 - hi))
        if store:
            out[i] = value
        total += value
    return total


@numba.njit(parallel=True, cache=True)
def fused_gamma_lognormal(x, out, store, w, theta):
    """Model (d): w0 Gamma(alpha=theta[0], beta=theta[1]) + w1 LogNormal(theta[2], theta[3]);
    log x computed once, its -log x term taken out of both."""
    alpha, beta = theta[0], theta[1]
    c0 = math.log(w[0]) + alpha * math.log(beta) - math.lgamma(alpha)
    mu, inv_s = theta[2], 1.0 / theta[3]
    c1 = math.log(w[1]) - math.log(theta[3]) - HALF_LOG_2PI
    total = 0.0
    for i in prange(x.size):
        xi = x[i]
        log_x = math.log(xi)
        z = (log_x - mu) * inv_s
        t0 = c0 + alpha * log_x - beta * xi
        t1 = c1 - 0.5 * z * z
        hi = max(t0, t1)
        value = hi + math.log1p(math.exp(min(t0, t1) - hi)) - log_x
        if store:
            out[i] = value
        total += value
    return total


# --------------------------------------------------------------------------------------------
# Model table
# --------------------------------------------------------------------------------------------

#: Per family: parameter names (numbamix/PyMC keywords, in the positional order numpyro's
#: constructor also uses), the log-density ``(scipy.stats, x, *params)`` with scipy, numpyro class.
FAMILIES = {
    "Normal": (("mu", "sigma"), lambda st, x, mu, sigma: st.norm.logpdf(x, mu, sigma), "Normal"),
    "StudentT": (
        ("nu", "mu", "sigma"),
        lambda st, x, nu, mu, sigma: st.t.logpdf(x, nu, mu, sigma),
        "StudentT",
    ),
    "Poisson": (("mu",), lambda st, x, mu: st.poisson.logpmf(x, mu), "Poisson"),
    "Gamma": (
        ("alpha", "beta"),
        lambda st, x, alpha, beta: st.gamma.logpdf(x, alpha, scale=1.0 / beta),
        "Gamma",
    ),
    "LogNormal": (
        ("mu", "sigma"),
        lambda st, x, mu, sigma: st.lognorm.logpdf(x, sigma, scale=np.exp(mu)),
        "LogNormal",
    ),
}


@dataclass(frozen=True)
class Model:
    key: str
    title: str
    w: np.ndarray  # weights, mixture axis last; leading axes are batch axes
    components: tuple  # ((family, (param, ...)), ...) scalar parameters in FAMILIES order
    values: Callable  # (rng, n) -> float64 values, n elements in total
    fused: Callable  # hand-fused kernel (x, out, store, w, theta) -> sum
    batched: bool = False  # one batched component distribution (as PyMC's docs), not a list

    @property
    def theta(self):
        """All component parameters, flattened in table order (the hand-fused kernels' input)."""
        return np.array([p for _, params in self.components for p in params], dtype=np.float64)


def _poisson_counts(rng, n):
    rate = np.where(rng.random(n) < 0.3, 1.5, 6.0)
    return rng.poisson(rate).astype(np.float64)


def _gamma_lognormal_draws(rng, n):
    return np.where(rng.random(n) < 0.3, rng.gamma(2.0, 1.0, n), rng.lognormal(0.5, 0.6, n))


# Fixed Dirichlet-like rows for the batched model (drawn once from Dirichlet(1, 1, 1), seed 2).
W_BATCHED = np.random.default_rng(2).dirichlet(np.ones(3), size=5)

MODELS = {
    m.key: m
    for m in (
        Model(
            "a",
            "two Poissons, w=[0.3, 0.7], mu=1.5, 6.0",
            np.array([0.3, 0.7]),
            (("Poisson", (1.5,)), ("Poisson", (6.0,))),
            _poisson_counts,
            fused_poisson_poisson,
        ),
        Model(
            "b",
            "Normal(0, 1) + StudentT(nu=4, 0, 1), w=[0.4, 0.6], x ~ N(0, 2)",
            np.array([0.4, 0.6]),
            (("Normal", (0.0, 1.0)), ("StudentT", (4.0, 0.0, 1.0))),
            lambda rng, n: rng.normal(0.0, 2.0, n),
            fused_normal_studentt,
        ),
        Model(
            "c",
            "batched (5 x 3) Normal mixture, mu=[0, 1, 2], sigma=1, x of shape (N/5, 5)",
            W_BATCHED,
            tuple(("Normal", (mu, 1.0)) for mu in (0.0, 1.0, 2.0)),
            lambda rng, n: rng.normal(1.0, 1.5, (n // 5, 5)),
            fused_batched_normal3,
            batched=True,
        ),
        Model(
            "d",
            "Gamma(alpha=2, beta=1) + LogNormal(mu=0.5, sigma=0.6), w=[0.3, 0.7], x drawn from it",
            np.array([0.3, 0.7]),
            (("Gamma", (2.0, 1.0)), ("LogNormal", (0.5, 0.6))),
            _gamma_lognormal_draws,
            fused_gamma_lognormal,
        ),
    )
}


def stacked_params(model, members=None):
    """Each parameter of the (same-family) components ``members`` (default: all), stacked on a
    last axis."""
    members = range(len(model.components)) if members is None else members
    family = model.components[members[0]][0]
    n_params = len(FAMILIES[family][0])
    return [np.array([model.components[c][1][p] for c in members]) for p in range(n_params)]


# --------------------------------------------------------------------------------------------
# Implementation families
# --------------------------------------------------------------------------------------------


@dataclass
class Impl:
    name: str
    logp: Callable  # prepared value -> elementwise logp (any array type)
    logp_sum: Callable  # prepared value -> float
    prepare: Callable = field(default=lambda x: x)  # numpy value -> argument (not timed)


class Unavailable(Exception):
    """An implementation family cannot run here (not importable)."""


def build_mixture(lib, model):
    """``lib.Mixture.dist`` of ``model`` for numbamix or PyMC (same API), float64 parameters.

    Parameters are float64 arrays: PyMC types a Python float such as 1.5 as a float32
    constant and then computes e.g. ``log(mu)`` in single precision.
    """
    def f64(v):
        return np.asarray(v, dtype=np.float64)
    if model.batched:
        family = model.components[0][0]
        names = FAMILIES[family][0]
        params = stacked_params(model)
        comps = getattr(lib, family).dist(**dict(zip(names, map(f64, params))), shape=model.w.shape)
    else:
        comps = [
            getattr(lib, fam).dist(**{n: f64(v) for n, v in zip(FAMILIES[fam][0], params)})
            for fam, params in model.components
        ]
    return lib.Mixture.dist(w=f64(model.w), comp_dists=comps)


def build_numbamix(model):
    mix = build_mixture(numbamix, model)
    return Impl("numbamix", mix.logp, lambda x: numbamix.logp_sum(mix, x))


def build_scipy(model):
    """``logsumexp(log w + stats.<family>.logpdf(x[..., None], params), axis=-1)``, one call
    per family with that family's components stacked on the last axis."""
    from scipy import special, stats

    groups = {}
    for c, (family, _) in enumerate(model.components):
        groups.setdefault(family, []).append(c)
    order = [c for members in groups.values() for c in members]
    log_w = np.log(model.w[..., order])
    calls = [(FAMILIES[family][1], stacked_params(model, members)) for family, members in groups.items()]

    def logp(x):
        xe = x[..., None]
        terms = [fn(stats, xe, *params) for fn, params in calls]
        terms = terms[0] if len(terms) == 1 else np.concatenate(terms, axis=-1)
        return special.logsumexp(log_w + terms, axis=-1)

    return Impl("scipy", logp, lambda x: float(logp(x).sum()))


def build_numpyro(model):
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    try:
        import jax
        import jax.numpy as jnp
        import numpyro.distributions as dist
    except ImportError as err:
        raise Unavailable(f"not installed ({err.name})") from None
    jax.config.update("jax_enable_x64", True)
    mixing = dist.Categorical(probs=jnp.asarray(model.w))
    families = {fam for fam, _ in model.components}
    if len(families) == 1:  # MixtureSameFamily: parameters stacked on the mixture axis
        cls = getattr(dist, FAMILIES[families.pop()][2])
        params = [jnp.broadcast_to(p, model.w.shape) for p in stacked_params(model)]
        mixture = dist.MixtureSameFamily(mixing, cls(*params))
    else:
        comps = [
            getattr(dist, FAMILIES[fam][2])(*map(jnp.asarray, params)) for fam, params in model.components
        ]
        mixture = dist.MixtureGeneral(mixing, comps)
    logp = jax.jit(mixture.log_prob)
    total = jax.jit(lambda x: mixture.log_prob(x).sum())
    return Impl(
        "numpyro (jax.jit, cpu)",
        lambda x: logp(x).block_until_ready(),
        lambda x: float(total(x)),
        prepare=jax.device_put,
    )


def build_pymc(model):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pymc as pm
            import pytensor.tensor as pt
    except ImportError as err:
        raise Unavailable(f"not installed ({err.name})") from None
    ndim = model.values(np.random.default_rng(0), 5).ndim
    value = pt.tensor("x", shape=(None,) * ndim, dtype="float64")
    logp = pm.logp(build_mixture(pm, model), value)
    compile_ = getattr(pm, "compile", None) or pm.compile_pymc
    f_logp = compile_([value], logp)
    f_sum = compile_([value], logp.sum())
    return Impl("pymc (compiled logp)", f_logp, lambda x: float(f_sum(x)))


def build_fused(model):
    w, theta = model.w, model.theta
    empty = np.empty(0)

    def logp(x):
        out = np.empty(x.shape)
        model.fused(x.reshape(-1), out.reshape(-1), True, w, theta)
        return out

    return Impl("hand-fused numba", logp, lambda x: model.fused(x.reshape(-1), empty, False, w, theta))


BUILDERS = {
    "numbamix": build_numbamix,
    "scipy": build_scipy,
    "numpyro": build_numpyro,
    "pymc": build_pymc,
    "hand-fused": build_fused,
}

# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


def best_of(calls, repeats, number=1, passes=2):
    """Seconds per call of each ``(fn, arg)`` in ``calls``: the best of ``repeats`` rounds
    of ``number`` calls.

    Each implementation is timed in its own block (a warm-up call, then its
    rounds), not interleaved with the others: a library that leaves worker
    threads spinning after its call (XLA does, on this 2-core machine) would
    otherwise slow whichever call follows it -- numbamix's logp measured 2x
    slower right after numpyro's. The blocks run ``passes`` times in turn, so
    that all see the same background load.
    """
    best = [math.inf] * len(calls)
    for _ in range(passes):
        for k, (fn, arg) in enumerate(calls):
            fn(arg)
            for _ in range(repeats):
                start = time.perf_counter()
                for _ in range(number):
                    fn(arg)
                best[k] = min(best[k], (time.perf_counter() - start) / number)
    return best


def max_rel_err(a, ref):
    """Largest ``|a - ref| / |ref|`` (equal values, infinities and nans included, count as 0)."""
    a = np.asarray(a, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if a.shape != ref.shape:
        return math.inf
    same = (a == ref) | (np.isnan(a) & np.isnan(ref))
    with np.errstate(invalid="ignore", divide="ignore"):
        err = np.abs(a - ref) / np.maximum(np.abs(ref), np.finfo(np.float64).tiny)
    return float(np.where(same, 0.0, err).max(initial=0.0))


@dataclass
class Result:
    name: str
    ms: float = math.nan
    sum_ms: float = math.nan
    err: float = math.nan
    note: str = ""


def measure_model(model, n, repeats, log):
    """Build and check every implementation family on ``model`` with ``n`` values, then time them."""
    x = model.values(np.random.default_rng(1), n)
    results, impls = [], {}
    reference = reference_sum = None
    for family, builder in BUILDERS.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                impl = builder(model)
        except Unavailable as why:
            results.append(Result(family, note=str(why)))
            continue
        arg = impl.prepare(x)
        value = np.asarray(impl.logp(arg))  # also the first (compiling) call
        total = float(impl.logp_sum(arg))
        if reference is None:
            reference, reference_sum = value, total
        err = max(max_rel_err(value, reference), max_rel_err(total, reference_sum))
        res = Result(impl.name, err=err)
        if err > RTOL:
            res.note = f"DISAGREES with numbamix (max rel err {err:.1e} > {RTOL:.0e}); timed anyway"
        results.append(res)
        impls[family] = (impl, arg)
    timed = [r for r in results if r.err == r.err]
    calls = [(f, arg) for impl, arg in impls.values() for f in (impl.logp, impl.logp_sum)]
    times = best_of(calls, repeats)
    for k, res in enumerate(timed):
        res.ms, res.sum_ms = 1e3 * times[2 * k], 1e3 * times[2 * k + 1]
        log(f"  ({model.key}) {res.name:<24} {res.ms:9.2f} ms   sum {res.sum_ms:9.2f} ms   err {res.err:.1e}")
    return results, impls


def measure_small(model, repeats, number):
    """Microseconds per call at N = SMALL_N for numbamix (logp, logp_sum) and the fused kernel."""
    x = model.values(np.random.default_rng(3), SMALL_N)
    nbm, fused = build_numbamix(model), build_fused(model)
    return [1e6 * t for t in best_of([(f, x) for f in (nbm.logp, nbm.logp_sum, fused.logp)], repeats, number)]


def scipy_responsibilities(model):
    """Responsibilities with scipy: each component's ``log w_k + logpdf_k`` stacked (N x K),
    then ``exp(terms - logsumexp(terms))``: what EM code without numbamix writes."""
    from scipy import special, stats

    def responsibilities(x):
        xe = x[..., None]
        terms = np.concatenate(
            [FAMILIES[family][1](stats, xe, *(np.asarray(p)[None] for p in params)) for family, params in model.components],
            axis=-1,
        ) + np.log(model.w)
        return np.exp(terms - special.logsumexp(terms, axis=-1, keepdims=True))

    return responsibilities


def measure_responsibilities(model, n, repeats):
    """(numbamix ms, scipy ms, max abs difference) of the N x K responsibilities of ``model``."""
    x = model.values(np.random.default_rng(4), n)
    mix = build_mixture(numbamix, model)
    ours, theirs = mix.responsibilities, scipy_responsibilities(model)
    err = float(np.max(np.abs(ours(x) - theirs(x))))
    times = best_of([(ours, x), (theirs, x)], repeats)
    return 1e3 * times[0], 1e3 * times[1], err


#: Packed double-precision arithmetic on 256/512-bit registers: the mark of a vectorised loop.
def vectorisation(keys):
    """``{model key: "Family: vectorised (N packed ops); ..."}``: the packed AVX instructions in
    numbamix's loop over each component family's values (``numbamix.testing.vectorisation``),
    counted in a fresh process with an empty numba cache."""
    here = os.path.dirname(os.path.abspath(__file__))
    all_counts = packed_ops_in_fresh_process(
        {key: f"bench_logp.build_mixture(numbamix, bench_logp.MODELS[{key!r}])" for key in keys},
        setup=f"import sys; sys.path.insert(0, {here!r}); import numbamix, bench_logp",
    )
    return {
        key: "; ".join(
            f"{family}: " + (f"vectorised ({count} packed ops)" if count else "scalar") for family, count in counts.items()
        )
        for key, counts in all_counts.items()
    }


def with_threads(fn, threads):
    """``fn`` run with ``numba.set_num_threads(threads)``."""

    def call(arg):
        numba.set_num_threads(threads)
        return fn(arg)

    return call


def measure_threads(impls, repeats):
    """Elementwise ms of numbamix and the hand-fused kernel, ``{threads: (numbamix, fused)}``."""
    counts = range(1, numba.config.NUMBA_NUM_THREADS + 1)
    calls = [
        (with_threads(impls[f][0].logp, t), impls[f][1]) for t in counts for f in ("numbamix", "hand-fused")
    ]
    try:
        times = best_of(calls, repeats)
    finally:
        numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    return {t: (1e3 * times[2 * k], 1e3 * times[2 * k + 1]) for k, t in enumerate(counts)}


#: What the cold-start subprocess runs: model (b), N = 1000. Prints import, build, first-call s.
COLD_START_CODE = """
import time
t0 = time.perf_counter()
import numpy as np
import numbamix
from numbamix import Mixture, Normal, StudentT
t1 = time.perf_counter()
mix = Mixture(w=[0.4, 0.6], comp_dists=[Normal.dist(0, 1), StudentT.dist(nu=4, mu=0, sigma=1)])
t2 = time.perf_counter()
mix.logp(np.random.default_rng(0).normal(0.0, 2.0, 1000))
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def cold_start(cache_dir=None):
    """(import, build, first logp) seconds and the process's wall seconds, in a fresh interpreter."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", COLD_START_CODE], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    return [float(v) for v in proc.stdout.split()] + [wall]


def measure_cold(runs, first_ever):
    cold_start()  # warms numba's on-disk cache
    warm = min((cold_start() for _ in range(runs)), key=lambda r: sum(r[:3]))
    rows = [(f"cache warm (best of {runs})", warm)]
    if first_ever:
        with tempfile.TemporaryDirectory(prefix="numbamix-cold-") as fresh:
            rows.append(("cache cold (fresh NUMBA_CACHE_DIR)", cold_start(fresh)))
    return rows


# --------------------------------------------------------------------------------------------
# Environment and reporting
# --------------------------------------------------------------------------------------------


def cpu_ticks():
    """(busy, total) jiffies of the whole machine from /proc/stat, or None off Linux."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def machine_info():
    model = platform.processor() or platform.machine()
    try:
        out = subprocess.run(["lscpu"], check=False, capture_output=True, text=True).stdout
        model = next(
            line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")
        )
    except (OSError, StopIteration):
        pass
    return [
        ("CPU", model),
        ("cores (os.cpu_count)", os.cpu_count()),
        ("numba threads (NUMBA_NUM_THREADS)", numba.config.NUMBA_NUM_THREADS),
        ("numba threading layer", numba.threading_layer()),
        ("Python", platform.python_version()),
        ("platform", platform.platform()),
    ]


def numbamix_revision():
    """The git commit of the numbamix sources, marked when the package has uncommitted changes."""
    where = os.path.dirname(numbamix.__file__)
    git = ["git", "-C", where]
    try:
        rev = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], check=True, capture_output=True, text=True
        )
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "."], check=True, capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return rev.stdout.strip() + (" + uncommitted changes" if dirty.stdout.strip() else "")


def versions():
    rows = []
    for name in ("numbamix", "numba", "numpy", "scipy", "jax", "numpyro", "pymc", "pytensor"):
        try:
            module = __import__(name)
            rows.append((name, getattr(module, "__version__", "?")))
        except ImportError:
            rows.append((name, "not installed"))
    rows.insert(1, ("numbamix git commit", numbamix_revision()))
    return rows


def fmt(v, digits=2):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, float):
        return f"{v:.{digits}f}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def is_number(text):
    try:
        float(text)
    except ValueError:
        return text == "-"
    return True


def render(headers, rows, markdown):
    """A table as aligned text (numbers right-aligned) or as markdown."""
    cells = [[fmt(c) for c in r] for r in rows]
    numeric = [i > 0 and all(is_number(r[i]) for r in cells) for i in range(len(headers))]
    if markdown:
        rule = "|" + "|".join("---:" if num else "---" for num in numeric) + "|"
        body = ["| " + " | ".join(r) + " |" for r in cells]
        return "\n".join(["| " + " | ".join(headers) + " |", rule, *body])
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]

    def line(r):
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(r, widths, numeric)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in cells])


@dataclass
class Report:
    sections: list = field(default_factory=list)  # (title, headers, rows, notes)

    def add(self, title, headers, rows, notes=()):
        self.sections.append((title, headers, rows, list(notes)))
        print(f"\n== {title} ==\n" + render(headers, rows, markdown=False))
        for note in notes:
            print("   " + note)

    def markdown(self):
        parts = []
        for title, headers, rows, notes in self.sections:
            parts.append(f"### {title}\n\n" + render(headers, rows, markdown=True))
            if notes:
                parts.append("\n".join(f"- {n}" for n in notes))
        return "\n\n".join(parts) + "\n"


def verdict(met, text):
    return ("MET: " if met else "NOT MET: ") + text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=None, help="values per model (default 10**6; 10**5 with --quick)"
    )
    parser.add_argument("--quick", action="store_true", help="fewer repeats, N=10**5, no cache-cold start")
    parser.add_argument(
        "--repeats", type=int, default=None, help="timed repeats per figure (default 7; 3 quick)"
    )
    parser.add_argument("--models", default=",".join(MODELS), help="comma-separated model keys (a,b,c,d)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the tables as markdown to PATH")
    args = parser.parse_args(argv)
    n = args.n or (10**5 if args.quick else 10**6)
    n -= n % 5  # model (c) has 5 batch columns
    repeats = args.repeats or (3 if args.quick else 7)
    small_repeats, small_number = (5, 200) if args.quick else (20, 1000)
    models = [MODELS[k] for k in args.models.split(",")]

    started = datetime.datetime.now().astimezone()
    ticks0, cpu0, load0 = cpu_ticks(), os.times(), os.getloadavg()
    def log(s):
        return print(s, file=sys.stderr, flush=True)
    log(f"N = {n}, repeats = {repeats}, python = {sys.executable}")

    log("vectorisation report: compiling numbamix's loops in a fresh process")
    vectorised = vectorisation([model.key for model in models])
    report = Report()
    verdicts = []
    per_model = {}
    threads = numba.get_num_threads()
    for model in models:
        results, impls = measure_model(model, n, repeats, log)
        per_model[model.key] = (results, impls)
        base = results[0].ms
        results[0].note = vectorised[model.key]
        rows = [
            (
                r.name,
                r.ms,
                r.ms / base if r.ms == r.ms else None,
                r.sum_ms,
                f"{r.err:.1e}" if r.err == r.err else "-",
                r.note,
            )
            for r in results
        ]
        notes = []
        for name, target in (
            ("hand-fused numba", TARGET_LIBM_FUSED_SPEEDUP),
            ("numpyro (jax.jit, cpu)", TARGET_NUMPYRO_SPEEDUP),
            ("scipy", TARGET_SCIPY_SPEEDUP),
        ):
            other = next((r for r in results if r.name == name and r.ms == r.ms), None)
            if other is None:
                continue
            speedup = other.ms / base
            notes.append(f"{name} / numbamix = {speedup:.2f} (target >= {target:g})")
            verdicts.append(
                verdict(
                    speedup >= target,
                    f"({model.key}) numbamix >= {target:g}x faster than {name} at N={n}, {threads} threads: "
                    f"{speedup:.2f}x",
                )
            )
        report.add(
            f"Model ({model.key}): {model.title}; N = {n}",
            ["implementation", "logp ms", "x numbamix", "sum ms", "max rel err", "note"],
            rows,
            notes,
        )

    small_rows = []
    for model in models:
        logp_us, sum_us, fused_us = measure_small(model, small_repeats, small_number)
        small_rows.append((f"({model.key})", logp_us, sum_us, fused_us))
        verdicts.append(
            verdict(
                logp_us < TARGET_SMALL_US,
                f"({model.key}) numbamix logp < {TARGET_SMALL_US:.0f} us per call at N={SMALL_N}: "
                f"{logp_us:.1f} us",
            )
        )
    report.add(
        f"Per call at N = {SMALL_N} (us, best of {small_repeats} x {small_number} calls)",
        ["model", "numbamix logp", "numbamix logp_sum", "hand-fused logp"],
        small_rows,
        [f"target: numbamix logp < {TARGET_SMALL_US:.0f} us"],
    )

    resp_rows = []
    for model in models:
        ours, theirs, err = measure_responsibilities(model, n, repeats)
        resp_rows.append((f"({model.key})", ours, theirs, theirs / ours, f"{err:.1e}"))
    report.add(
        f"Responsibilities (N x K posterior component probabilities, EM's E-step), N = {n}",
        ["model", "numbamix ms", "scipy ms", "scipy / numbamix", "max abs diff"],
        resp_rows,
        ["numbamix: mix.responsibilities(x), written chunk by chunk into the output; "
         "scipy: stacked logpdf + logsumexp + exp"],
    )

    thread_rows = []
    for model in models:
        times = measure_threads(per_model[model.key][1], repeats)
        one = times[1]
        for threads, (nbm, fused) in times.items():
            thread_rows.append(
                (f"({model.key})", threads, nbm, fused, nbm / fused, one[0] / nbm, one[1] / fused)
            )
    report.add(
        f"numba thread scaling, elementwise logp, N = {n}",
        [
            "model",
            "threads",
            "numbamix ms",
            "hand-fused ms",
            "numbamix / hand-fused",
            "numbamix speed-up",
            "hand-fused speed-up",
        ],
        thread_rows,
        ["speed-up: time at 1 thread / time at this many threads"],
    )

    cold = measure_cold(runs=1 if args.quick else 3, first_ever=not args.quick)
    cold_rows = [(label, *r, sum(r[:3])) for label, r in cold]
    warm_total = cold_rows[0][-1]
    verdicts.append(
        verdict(
            warm_total < TARGET_COLD_S, f"cold start (cache warm) < {TARGET_COLD_S} s: {warm_total:.2f} s"
        )
    )
    report.add(
        "Cold start in a fresh process: import numbamix + build model (b) + first logp (N = 1000), s",
        ["numba cache", "import", "build", "first logp", "process wall", "total (in process)"],
        cold_rows,
        [f"target: total < {TARGET_COLD_S} s with a warm cache; 'process wall' adds interpreter start-up"],
    )

    ticks1, cpu1, load1 = cpu_ticks(), os.times(), os.getloadavg()
    env_notes = [f"1-min load average {load0[0]:.2f} at start, {load1[0]:.2f} at end"]
    if ticks0 and ticks1:
        hz, cores = os.sysconf("SC_CLK_TCK"), os.cpu_count() or 1
        available = (ticks1[1] - ticks0[1]) / hz  # CPU-seconds, all cores
        others = (ticks1[0] - ticks0[0]) / hz - (sum(cpu1[:4]) - sum(cpu0[:4]))
        env_notes.append(
            f"other processes used ~{max(others, 0.0):.0f} of the {available:.0f} CPU-seconds "
            f"available ({cores} cores x {available / cores:.0f} s run)"
        )
    report.add("Targets", ["verdict"], [(v,) for v in verdicts], env_notes)

    if args.markdown:
        cache = os.environ.get("NUMBA_CACHE_DIR")
        command = " ".join(
            [f"NUMBA_CACHE_DIR={cache}"] * bool(cache)
            + [sys.executable, "benchmarks/bench_logp.py"]
            + (argv if argv is not None else sys.argv[1:])
        )
        header = [
            "# numbamix logp benchmark\n",
            f"Run {started:%Y-%m-%d %H:%M %Z}: `{command}`; N = {n}, best of {repeats} repeats.\n",
            render(["machine", ""], machine_info(), markdown=True) + "\n",
            render(["library", "version"], versions(), markdown=True) + "\n",
        ]
        with open(args.markdown, "w") as f:
            f.write("\n".join(header) + "\n" + report.markdown())
        log(f"markdown written to {args.markdown}")


if __name__ == "__main__":
    main()
