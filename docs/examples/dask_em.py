"""Fit a two-component Gaussian mixture by EM to points drawn lazily on a Dask cluster.

    python docs/examples/dask_em.py                   # 10^7 points, 2 local process workers
    python docs/examples/dask_em.py --points 1e9      # the 10^9-point run (docs/dask.md)

The points are never in one place: ``numbamix.draw(..., chunks="auto")`` draws each block
where it is used. Each EM iteration is one pass over the blocks:
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


def fit(x, client, iterations=100, tol=1e-7):
    """EM until the mean log-likelihood gains less than ``tol``, from equal weights, the means at
    the quartiles and the sds at the sd of the first 10^4 points."""
    sample = x[:10_000].compute()
    w, mu, sigma = np.array([0.5, 0.5]), np.quantile(sample, [0.25, 0.75]), np.full(2, sample.std())
    previous = -np.inf
    for it in range(iterations):
        total, grads = nmd.value_and_grad(nm.NormalMixture(w=w, mu=mu, sigma=sigma), x)
        futures = client.compute([total, grads["w"], grads["params"]])
        progress(futures, notebook=False)
        total, grads["w"], grads["params"] = client.gather(futures)
        mean = total / x.size
        print(f"\niteration {it}: mean log-likelihood {mean:.9f}, w {np.round(w, 4)}, mu {np.round(mu, 4)}, "
              f"sigma {np.round(sigma, 4)}")
        if mean - previous < tol:
            break
        previous = mean
        w, mu, sigma = em_step(w, mu, sigma, grads)
    return w, mu, sigma


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=float, default=1e7)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    TRUTH.random(1, rng=0), TRUTH.value_and_grad(np.zeros(1))  # compiled here once, loaded by the workers
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        x = nm.draw(TRUTH, draws=int(args.points), random_seed=0, chunks="auto")
        print(f"{x.size:.3g} points in {x.numblocks[0]} blocks, {args.workers} workers")
        start = time.perf_counter()
        w, mu, sigma = fit(x, client)
        print(f"\nfitted in {time.perf_counter() - start:.1f} s: w {w}, mu {mu}, sigma {sigma}")
        print(f"truth: w {TRUTH.w}, mu {TRUTH.comp_dists.params['mu']}, sigma {TRUTH.comp_dists.params['sigma']}")


if __name__ == "__main__":
    main()
