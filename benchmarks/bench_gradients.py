"""Log-likelihood + gradient evaluations per second: numbamix against numpyro, PyMC and a
hand-written numba loop (issue 7).

Run ``python benchmarks/bench_gradients.py`` (``--n``, ``--repeats``, ``--markdown PATH``).
The model is a 2-component Normal mixture (weights, means, sds), evaluated on the Old
Faithful waiting times (272 values) and on ``--n`` (default 10**6) values drawn from it.
Every implementation returns the summed logp and its gradient in all six parameters
(PyMC's in its unconstrained space: stick-breaking weights, log sds -- the same work);
numpyro's and the hand-written loop's are checked against numbamix's before timing.
A last table: a 2-component mixture of ZeroInflatedPoisson on ``--n`` counts drawn from
it, numbamix against numpyro (``MixtureGeneral`` of ``ZeroInflatedPoisson``, ``gate = 1 - psi``);
and a mixture with a Categorical component (``mix.value_and_grad``: the gradient in the
Categorical's ``p`` by the chain rule) against the compiled pass over its flat mixture.
numpyro (``jax.jit`` of ``jax.value_and_grad``) and PyMC (``model.logp_dlogp_function``)
are used where importable. Timings: best of ``--repeats`` calls after a warm-up call, each
implementation in its own block (XLA's spinning threads slow whatever follows them, see
``bench_logp.py``).
"""

import argparse
import math
import os
import time
import warnings

import numba
import numpy as np

import numbamix
from numbamix import Mixture, Normal
from numbamix.datasets import load_faithful

W = np.array([0.36, 0.64])
PARAMS = np.array([54.6, 5.9, 80.1, 5.9])  # mu_0, sigma_0, mu_1, sigma_1
HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


@numba.njit(cache=True, error_model="numpy")
def hand_written(x, w, p, grad_w, grad_p):
    """The loop a careful numba user writes for this one model: formulas inline, libm's exp/log."""
    m0, s0, m1, s1 = p[0], p[1], p[2], p[3]
    c0 = -math.log(s0) - HALF_LOG_2PI
    c1 = -math.log(s1) - HALF_LOG_2PI
    lw0, lw1 = math.log(w[0]), math.log(w[1])
    total = g_w0 = g_w1 = g_m0 = g_s0 = g_m1 = g_s1 = 0.0
    for i in range(x.size):
        z0 = (x[i] - m0) / s0
        z1 = (x[i] - m1) / s1
        l0 = c0 - 0.5 * z0 * z0
        l1 = c1 - 0.5 * z1 * z1
        t0, t1 = lw0 + l0, lw1 + l1
        top = max(t0, t1)
        value = top + math.log(math.exp(t0 - top) + math.exp(t1 - top))
        total += value
        q0, q1 = math.exp(l0 - value), math.exp(l1 - value)
        g_w0 += q0
        g_w1 += q1
        r0, r1 = w[0] * q0, w[1] * q1
        g_m0 += r0 * z0 / s0
        g_s0 += r0 * (z0 * z0 - 1.0) / s0
        g_m1 += r1 * z1 / s1
        g_s1 += r1 * (z1 * z1 - 1.0) / s1
    grad_w[0], grad_w[1] = g_w0, g_w1
    grad_p[0], grad_p[1], grad_p[2], grad_p[3] = g_m0, g_s0, g_m1, g_s1
    return total


def build_numbamix(parallel, mix=None):
    """numbamix's compiled value_and_grad of ``mix`` (default the Normal mixture) at its parameters."""
    if mix is None:
        mix = Mixture(w=W, comp_dists=[Normal.dist(PARAMS[0], PARAMS[1]), Normal.dist(PARAMS[2], PARAMS[3])])
    f = mix.value_and_grad_function(parallel=parallel)
    w, params = mix.w, mix.component_params()
    grad_w, grad_p, skip_x = np.empty(w.size), np.empty(params.size), np.empty(0)

    def call(x):
        return f(x, w, params, grad_w, grad_p, skip_x), np.concatenate([grad_w, grad_p])

    return call


def build_hand_written():
    grad_w, grad_p = np.empty(2), np.empty(4)

    def call(x):
        return hand_written(x, W, PARAMS, grad_w, grad_p), np.concatenate([grad_w, grad_p])

    return call


def normal_log_lik(jnp, dist):
    def log_lik(w, p, x):
        comps = dist.Normal(jnp.stack([p[0], p[2]]), jnp.stack([p[1], p[3]]))
        return dist.MixtureSameFamily(dist.Categorical(probs=w), comps).log_prob(x).sum()

    return log_lik


def build_numpyro(make_log_lik=normal_log_lik, weights=W, params=PARAMS):
    """``(call, device_put)``: ``jax.jit`` of ``jax.value_and_grad`` of ``make_log_lik(jnp, dist)``."""
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    import jax
    import jax.numpy as jnp
    import numpyro.distributions as dist

    jax.config.update("jax_enable_x64", True)
    f = jax.jit(jax.value_and_grad(make_log_lik(jnp, dist), argnums=(0, 1)))
    w, p = jnp.asarray(weights), jnp.asarray(params)

    def call(x):
        value, (g_w, g_p) = f(w, p, x)
        return float(value), np.concatenate([np.asarray(g_w), np.asarray(g_p)])

    return call, jax.device_put


def build_pymc(x):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pymc as pm

        with pm.Model() as model:
            w = pm.Dirichlet("w", a=np.ones(2))
            mu = pm.Flat("mu", shape=2)
            sigma = pm.HalfFlat("sigma", shape=2)
            pm.NormalMixture("x", w=w, mu=mu, sigma=sigma, observed=x)
        f = model.logp_dlogp_function(ravel_inputs=True)
    f.set_extra_values({})
    point = {"w_simplex__": np.array([math.log(W[1] / W[0])]), "mu": PARAMS[[0, 2]],
             "sigma_log__": np.log(PARAMS[[1, 3]])}
    flat = np.concatenate([np.ravel(point[v.name]) for v in f._grad_vars])
    return lambda _: f(flat)


def best_time(call, arg, repeats):
    call(arg)
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        call(arg)
        best = min(best, time.perf_counter() - start)
    return best


def on_simplex(grad, w=W):
    """The gradient with its weight part projected onto the simplex (``g_w - w . g_w``):
    numpyro's Categorical normalises the weights, so only that part is comparable."""
    return np.concatenate([grad[:2] - np.dot(w, grad[:2]), grad[2:]])


def implementations(x):
    """``[(name, call, argument)]`` for data ``x``, numbamix first, each checked against
    numbamix's serial value and gradient."""
    reference = build_numbamix(False)(x)
    impls = [("numbamix value_and_grad (serial)", build_numbamix(False), x),
             ("numbamix value_and_grad (parallel)", build_numbamix(True), x),
             ("hand-written njit loop (serial)", build_hand_written(), x)]
    try:
        call, put = build_numpyro()
        impls.append(("numpyro (jax.jit of value_and_grad)", call, put(x)))
    except ImportError:
        print("numpyro: not installed")
    for name, call, arg in impls:
        value, grad = call(arg)
        assert math.isclose(value, reference[0], rel_tol=1e-9), (name, value, reference[0])
        np.testing.assert_allclose(on_simplex(grad), on_simplex(reference[1]), rtol=1e-7, atol=1e-9 * x.size,
                                   err_msg=name)
    try:
        impls.append(("PyMC logp_dlogp_function (unconstrained)", build_pymc(x), x))
    except ImportError:
        print("PyMC: not installed")
    return impls


def measure(datasets, repeats):
    """``{data set: [(implementation, seconds per call)]}``; numpyro's timings last of all:
    XLA's threads keep spinning after its calls and slow whatever runs next (numbamix's
    parallel version measured 40x slower right after numpyro's)."""
    impls = {name: implementations(x) for name, x in datasets.items()}
    times = {}
    for last in (False, True):
        for name, rows in impls.items():
            n_repeats = repeats * max(1, 10**5 // datasets[name].size)
            for impl, call, arg in rows:
                if impl.startswith("numpyro") == last:
                    times[name, impl] = best_time(call, arg, n_repeats)
    return {name: [(impl, times[name, impl]) for impl, _, _ in rows] for name, rows in impls.items()}


def table(title, n, rows, versus="hand-written njit loop (serial)"):
    """A markdown table of ``rows``, timings also as multiples of implementation ``versus``'s."""
    base = dict(rows)[versus]
    lines = [f"### {title} (N = {n})", "",
             f"| implementation | ms per logp+grad | evaluations/s | x {versus.split(' (')[0]} |",
             "|---|---:|---:|---:|"]
    for name, seconds in rows:
        lines.append(f"| {name} | {seconds * 1e3:.3f} | {1.0 / seconds:,.0f} | {seconds / base:.2f} |")
    return "\n".join(lines)


ZI_W = np.array([0.4, 0.6])
ZI_PARAMS = np.array([0.7, 1.5, 0.9, 6.0])  # psi_0, mu_0, psi_1, mu_1


def zero_inflated_log_lik(jnp, dist):
    def log_lik(w, p, x):
        comps = [dist.ZeroInflatedPoisson(gate=1.0 - p[2 * k], rate=p[2 * k + 1]) for k in range(2)]
        return dist.MixtureGeneral(dist.Categorical(probs=w), comps).log_prob(x).sum()

    return log_lik


def zero_inflated_table(n, repeats, rng):
    """The ZeroInflatedPoisson mixture: numbamix (serial, parallel) and numpyro on ``n`` counts."""
    which = rng.random(n) < ZI_W[0]
    psi, mu = np.where(which, ZI_PARAMS[0], ZI_PARAMS[2]), np.where(which, ZI_PARAMS[1], ZI_PARAMS[3])
    x = np.where(rng.random(n) < psi, rng.poisson(mu), 0).astype(np.float64)
    mix = Mixture(w=ZI_W, comp_dists=[numbamix.ZeroInflatedPoisson.dist(*ZI_PARAMS[2 * k : 2 * k + 2])
                                      for k in range(2)])
    impls = [(f"numbamix value_and_grad ({kind})", build_numbamix(kind == "parallel", mix), x)
             for kind in ("serial", "parallel")]
    try:
        call, put = build_numpyro(zero_inflated_log_lik, ZI_W, ZI_PARAMS)
        value, grad = call(put(x))
        reference = impls[0][1](x)
        assert math.isclose(value, reference[0], rel_tol=1e-9), (value, reference[0])
        np.testing.assert_allclose(on_simplex(grad, ZI_W), on_simplex(reference[1], ZI_W),
                                   rtol=1e-7, atol=1e-9 * n)
        impls.append(("numpyro (jax.jit of value_and_grad)", call, put(x)))
    except ImportError:
        print("numpyro: not installed")
    rows = [(name, best_time(call, arg, repeats)) for name, call, arg in impls]  # numpyro's last
    return table("Zero-inflated Poisson mixture", n, rows, versus=impls[0][0])


def nested_table(n, repeats):
    """A Categorical beside a Poisson: ``mix.value_and_grad`` (the flat mixture's compiled pass,
    then the chain rule to ``p``) against the compiled pass alone on the same flat structure."""
    p, mu = np.array([0.1, 0.4, 0.3, 0.2]), 3.0
    mix = Mixture(w=[0.4, 0.6], comp_dists=[numbamix.Categorical.dist(p=p), numbamix.Poisson.dist(mu)])
    x = mix.random(n, rng=1).astype(np.float64)
    flat_w, leaves, _ = mix._components()
    flat = Mixture(w=flat_w, comp_dists=[getattr(numbamix, f.name).dist(**params) for f, params in leaves])
    value, grads = mix.value_and_grad(x)
    flat_call = build_numbamix(False, flat)
    assert math.isclose(flat_call(x)[0], value, rel_tol=1e-12)
    rows = [("numbamix mix.value_and_grad (nested: w, p, mu)", best_time(mix.value_and_grad, x, repeats)),
            ("numbamix compiled pass on the flat mixture", best_time(flat_call, x, repeats))]
    return table("Categorical + Poisson component mixture (front end with chain rule)", n, rows, versus=rows[1][0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--markdown", help="also write the tables to this file")
    args = parser.parse_args()
    faithful = np.ascontiguousarray(load_faithful()["waiting"], dtype=np.float64)
    rng = np.random.default_rng(0)
    which = rng.random(args.n) < W[0]
    first, second = rng.normal(PARAMS[0], PARAMS[1], args.n), rng.normal(PARAMS[2], PARAMS[3], args.n)
    synthetic = np.where(which, first, second)
    out = [f"numbamix {numbamix.__version__}, numba {numba.__version__}, {os.cpu_count()} CPUs"]
    datasets = {"Old Faithful waiting times": faithful, "Synthetic": synthetic}
    for name, rows in measure(datasets, args.repeats).items():
        out += ["", table(name, datasets[name].size, rows)]
    out += ["", zero_inflated_table(args.n, args.repeats, rng)]
    out += ["", nested_table(args.n, args.repeats)]
    text = "\n".join(out)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
