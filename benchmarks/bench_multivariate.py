"""Speed of numbamix's multivariate-normal mixture ``logp`` against scipy and scikit-learn.

Run ``python benchmarks/bench_multivariate.py`` (options: ``--n``, ``--repeats``,
``--markdown PATH``). The model: K = 3 MvNormal components in d = 5 with random
means and covariances, values drawn from the mixture. Implementations:

- numbamix: ``Mixture(w, MvNormal.dist(mu, cov))``, elementwise ``logp`` and
  the summed ``numbamix.logp_sum`` (no stored terms);
- scipy: ``multivariate_normal(mu_k, cov_k).logpdf`` per component plus
  ``scipy.special.logsumexp``;
- scikit-learn: ``GaussianMixture.score_samples`` with ``weights_``,
  ``means_``, ``covariances_`` and ``precisions_cholesky_`` set by hand.

Every implementation is checked against numbamix (relative error ``RTOL``)
before timing; one warm-up call excludes compilation; the best of several
repeats is reported, with the ratios to numbamix from the same run.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

import numba
import numpy as np
from scipy import stats
from scipy.special import logsumexp

import numbamix

sys.path.insert(0, str(Path(__file__).parent))
from bench_logp import Report, machine_info, versions  # noqa: E402 (the shared report helpers)

#: Agreement with numbamix required before timing (relative, elementwise).
RTOL = 1e-9
K, D = 3, 5


def model(seed=0):
    """Weights, means and covariances of the benchmark's K = 3, d = 5 Gaussian mixture."""
    rng = np.random.default_rng(seed)
    w = np.array([0.2, 0.3, 0.5])
    mu = rng.normal(scale=3.0, size=(K, D))
    a = rng.normal(size=(K, D, D))
    cov = a @ np.swapaxes(a, -1, -2) + 0.5 * np.eye(D)
    return w, mu, cov


def build_numbamix(w, mu, cov):
    mix = numbamix.Mixture(w, numbamix.MvNormal.dist(mu=mu, cov=cov))
    return mix.logp, lambda x: numbamix.logp_sum(mix, x)


def build_scipy(w, mu, cov):
    frozen = [stats.multivariate_normal(mu[k], cov[k]) for k in range(K)]
    log_w = np.log(w)
    return lambda x: logsumexp(np.stack([log_w[k] + frozen[k].logpdf(x) for k in range(K)], axis=-1), axis=-1)


def build_sklearn(w, mu, cov):
    from sklearn.mixture import GaussianMixture

    gm = GaussianMixture(n_components=K, covariance_type="full")
    gm.weights_, gm.means_, gm.covariances_ = w, mu, cov
    # the Cholesky factor of each precision matrix, as sklearn stores it (upper: P = U U^T)
    gm.precisions_cholesky_ = np.linalg.inv(np.linalg.cholesky(cov)).transpose(0, 2, 1)
    return gm.score_samples


def best_of(f, x, repeats):
    f(x)  # warm-up: compilation and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f(x)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10**6, help="number of value vectors (default 10**6)")
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats, best reported (default 7)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the tables as markdown to PATH")
    args = parser.parse_args(argv)

    w, mu, cov = model()
    labels = np.random.default_rng(1).choice(K, size=args.n, p=w)
    x = np.random.default_rng(2).standard_normal((args.n, D))
    x = mu[labels] + np.einsum("nij,nj->ni", np.linalg.cholesky(cov)[labels], x)

    logp, logp_sum = build_numbamix(w, mu, cov)
    reference = logp(x)
    implementations = {"numbamix logp": logp, "numbamix logp_sum": logp_sum, "scipy": build_scipy(w, mu, cov)}
    try:
        implementations["sklearn score_samples"] = build_sklearn(w, mu, cov)
    except ImportError:
        print("scikit-learn not installed: its row is skipped")
    for name, f in implementations.items():
        got = f(x)
        expected = reference.sum() if name.endswith("logp_sum") else reference
        error = np.max(np.abs(got - expected) / np.abs(expected))
        if not error <= RTOL:
            raise SystemExit(f"{name} disagrees with numbamix logp: max relative error {error:.2e}")

    times = {name: best_of(f, x, args.repeats) for name, f in implementations.items()}
    base = times["numbamix logp"]
    rows = [(name, t * 1e3, t / base) for name, t in times.items()]
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = Report()
    report.add("machine", ["machine", ""], machine_info())
    report.add("library", ["library", "version"], [*versions(), ("scikit-learn", _sklearn_version())])
    report.add(
        f"Gaussian mixture K = {K}, d = {D}, N = {args.n} ({stamp}, best of {args.repeats}, "
        f"{numba.get_num_threads()} numba threads)",
        ["implementation", "ms", "time / numbamix logp"],
        rows,
        [f"all agree with numbamix logp to {RTOL:g} (relative) before timing"],
    )
    if args.markdown:
        Path(args.markdown).write_text(report.markdown())


def _sklearn_version():
    try:
        import sklearn
    except ImportError:
        return "not installed"
    return sklearn.__version__


if __name__ == "__main__":
    main()
