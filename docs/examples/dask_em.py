"""Fit a two-component Gaussian mixture by EM to points drawn lazily on a Dask cluster.

    python docs/examples/dask_em.py                   # 10^7 points, 2 local process workers
    python docs/examples/dask_em.py --points 1e9      # the 10^9-point run (docs/dask.md)

The points are never in one place: ``numbamix.draw(..., chunks="auto")`` draws each block
where it is used. EM first runs in memory on the first 10^6 points (``--warm-start``), then
on all the points, one pass over the blocks per iteration:
``numbamix.dask.value_and_grad`` gives the summed log-likelihood and its gradient in the
weights, means and sds (per-block sums, then dask's tree reduction), and for Normal
components the EM update follows from the gradient in closed form (:func:`em_step`).
"""

import argparse
import time

import numpy as np
from distributed import Client, LocalCluster, progress

import numbamix as nm
import numbamix.dask as nmd

TRUTH = nm.NormalMixture(w=[0.35, 0.65], mu=[-2.0, 1.5], sigma=[0.7, 1.2])


def em_step(w, mu, sigma, grads):
    """The EM update from the log-likelihood's gradient at ``(w, mu, sigma)``.

    With responsibilities :math:`r_{ik}` and :math:`N_k = \\sum_i r_{ik}`:
    :math:`\\partial\\ell/\\partial w_k = N_k / w_k`,
    :math:`\\partial\\ell/\\partial\\mu_k = \\sum_i r_{ik} (x_i - \\mu_k) / \\sigma_k^2` and
    :math:`\\partial\\ell/\\partial\\sigma_k = \\sum_i r_{ik} ((x_i - \\mu_k)^2 / \\sigma_k^3 - 1/\\sigma_k)`,
    so the responsibility-weighted means and variances of EM are
    :math:`\\mu_k' = \\mu_k + \\sigma_k^2\\, \\partial\\ell/\\partial\\mu_k / N_k` and
    :math:`\\sigma_k'^2 = \\sigma_k^2 + \\sigma_k^3\\, \\partial\\ell/\\partial\\sigma_k / N_k - (\\mu_k' - \\mu_k)^2`.
    """
    g_mu, g_sigma = grads["params"][0::2], grads["params"][1::2]  # params: mu_0, sigma_0, mu_1, ...
    n_k = w * grads["w"]
    new_mu = mu + sigma**2 * g_mu / n_k
    new_sigma = np.sqrt(sigma**2 + sigma**3 * g_sigma / n_k - (new_mu - mu) ** 2)
    return n_k / n_k.sum(), new_mu, new_sigma


def em(w, mu, sigma, evaluate, iterations, tol, report):
    """EM steps from ``(w, mu, sigma)`` until the mean log-likelihood gains less than ``tol``;
    ``evaluate(mix)`` gives ``(total, grads, n)`` for the data."""
    previous = -np.inf
    for it in range(iterations):
        total, grads, n = evaluate(nm.NormalMixture(w=w, mu=mu, sigma=sigma))
        mean = total / n
        report(f"iteration {it}: mean log-likelihood {mean:.9f}, w {np.round(w, 4)}, mu {np.round(mu, 4)}, "
               f"sigma {np.round(sigma, 4)}")
        if mean - previous < tol:
            break
        previous = mean
        w, mu, sigma = em_step(w, mu, sigma, grads)
    return w, mu, sigma


def fit(x, client, warm_start=10**6, iterations=100, tol=1e-7):
    """EM on the first ``warm_start`` points in memory (from equal weights, the means at the
    quartiles and the sds at the sample's sd), then on all of ``x`` on the cluster, one pass
    over the blocks per iteration, until the mean log-likelihood gains less than ``tol``."""
    sample = x[:warm_start].compute()
    w, mu, sigma = np.array([0.5, 0.5]), np.quantile(sample, [0.25, 0.75]), np.full(2, sample.std())
    print(f"warm start on the first {sample.size:.3g} points (in memory):")
    w, mu, sigma = em(w, mu, sigma, lambda mix: (*mix.value_and_grad(sample)[:2], sample.size), iterations, tol,
                      report=lambda line: print("  " + line))

    def on_cluster(mix):
        total, grads = nmd.value_and_grad(mix, x)
        futures = client.compute([total, grads["w"], grads["params"]])
        progress(futures, notebook=False)
        total, grads["w"], grads["params"] = client.gather(futures)
        print()
        return total, grads, x.size

    print(f"all {x.size:.3g} points (on the cluster):")
    return em(w, mu, sigma, on_cluster, iterations, tol, report=print)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=float, default=1e7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warm-start", type=float, default=1e6, help="points of the in-memory warm start")
    parser.add_argument("--tol", type=float, default=1e-7, help="stop when the mean log-likelihood gains less")
    args = parser.parse_args()
    TRUTH.random(1, rng=0), TRUTH.value_and_grad(np.zeros(1))  # compiled here once, loaded by the workers
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        x = nm.draw(TRUTH, draws=int(args.points), random_seed=0, chunks="auto")
        print(f"{x.size:.3g} points in {x.numblocks[0]} blocks, {args.workers} workers")
        start = time.perf_counter()
        w, mu, sigma = fit(x, client, warm_start=int(args.warm_start), tol=args.tol)
        print(f"\nfitted in {time.perf_counter() - start:.1f} s: w {w}, mu {mu}, sigma {sigma}")
        print(f"truth: w {TRUTH.w}, mu {TRUTH.comp_dists.params['mu']}, sigma {TRUTH.comp_dists.params['sigma']}")


if __name__ == "__main__":
    main()
