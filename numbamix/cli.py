"""Command line: ``python -m numbamix demo`` (also installed as ``numbamix demo``)."""

import argparse
import sys
import time

import numpy as np
from scipy import optimize, special

from . import api, datasets
from .distributions import Mixture, Normal
from .samplers import fit_normal_mixture


def _mixture(theta):
    """Two-component Normal mixture from unconstrained ``(logit w1, mu1, mu2, log sd1, log sd2)``."""
    w1 = special.expit(theta[0])
    return Mixture([1.0 - w1, w1], Normal.dist(mu=theta[1:3], sigma=np.exp(theta[3:5]), shape=(2,)))


def _maximum_likelihood(waiting):
    """``(weights, means, sds, log-likelihood)`` maximising numbamix's log-likelihood with
    scipy.optimize (L-BFGS-B), components ordered by their means."""
    start = np.array([0.0, np.percentile(waiting, 25), np.percentile(waiting, 75), np.log(5.0), np.log(5.0)])
    fit = optimize.minimize(lambda th: -api.logp_sum(_mixture(th), waiting), start, method="L-BFGS-B")
    order = np.argsort(fit.x[1:3])
    return _mixture(fit.x).w[order], fit.x[1:3][order], np.exp(fit.x[3:5])[order], -fit.fun


def _plot(path, waiting, fit, say):
    """Histogram of ``waiting`` with the posterior-mean mixture density, to ``path``."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        say("matplotlib is not installed: no plot (pip install 'numbamix[plot]' or pip install matplotlib)")
        return
    grid = np.linspace(waiting.min() - 5, waiting.max() + 5, 300)
    figure, axes = pyplot.subplots(figsize=(7, 4))
    axes.hist(waiting, bins=30, density=True, color="0.8", label="data")
    axes.plot(grid, fit.density(grid), color="C0", label="posterior mean density")
    axes.set(xlabel="waiting time (min)", ylabel="density", title="Old Faithful: 2-component Normal mixture")
    axes.legend()
    figure.savefig(path, dpi=100, bbox_inches="tight")
    pyplot.close(figure)
    say(f"plot written to {path}")


def demo(out=sys.stdout, draws=1000, warmup=500, chains=4, plot="numbamix-demo.png"):
    """Fit a 2-component Normal mixture to Old Faithful waiting times by HMC (numbamix's
    compiled sampler) and by maximum likelihood; returns the HMC fit."""
    def say(*args):
        print(*args, file=out, flush=True)

    waiting = datasets.load_faithful()["waiting"]
    say(f"Old Faithful: {waiting.size} waiting times (min), from {waiting.min():g} to {waiting.max():g}")
    say("Compiling numba kernels (first run only; cached on disk afterwards) ...")
    t0 = time.perf_counter()
    fit_normal_mixture(waiting, 2, chains=1, draws=1, warmup=0)
    say(f"  ready in {time.perf_counter() - t0:.1f} s")

    say(f"HMC: {chains} chains in parallel, {warmup} warm-up iterations + {draws} draws each, "
        "10 leapfrog steps")

    def progress(done, total):
        say(f"  {done:>5} / {total} iterations per chain" + ("  (warm-up done)" if done == warmup else ""))

    fit = fit_normal_mixture(waiting, 2, chains=chains, draws=draws, warmup=warmup, seed=0, progress=progress)
    weights, means, sds, loglik = _maximum_likelihood(waiting)
    mle = {"weights": weights, "means": means, "sds": sds}
    say("")
    say("posterior means [90% intervals], and the maximum-likelihood estimate (scipy.optimize):")
    say("component   parameter   posterior mean  [ 5%      95%   ]   MLE")
    for name, (mean, lower, upper) in fit.summary(0.9).items():
        for k in range(2):
            interval = f"[{lower[k]:8.4f} {upper[k]:8.4f}]"
            say(f"{k + 1:>9}   {name[:-1]:<9}   {mean[k]:10.4f}  {interval}  {mle[name][k]:8.4f}")
    say(f"maximum log-likelihood: {loglik:.4f}")
    say(f"acceptance rate: {fit.acceptance:.3f}   (step size {fit.samples.step_size.mean():.4f})")
    say(f"log-likelihood + gradient evaluations: {fit.samples.evaluations} in {fit.samples.seconds:.2f} s, "
        f"{fit.evaluations_per_second:,.0f} per second (N = {waiting.size}, {chains} chains)")
    if plot:
        _plot(plot, waiting, fit, say)
    return fit


def main(argv=None):
    parser = argparse.ArgumentParser(prog="numbamix", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo_parser = sub.add_parser("demo", help="fit a 2-component Normal mixture to Old Faithful by HMC")
    demo_parser.add_argument("--draws", type=int, default=1000, help="draws per chain (default 1000)")
    demo_parser.add_argument("--warmup", type=int, default=500, help="warm-up iterations (default 500)")
    demo_parser.add_argument("--plot", default="numbamix-demo.png", help="plot file ('' for none)")
    sub.add_parser("families", help="print the family catalogue (docs/families.md) from the registry")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo(draws=args.draws, warmup=args.warmup, plot=args.plot)
    elif args.command == "families":
        from .families.catalogue import markdown

        sys.stdout.write(markdown())
    return 0
