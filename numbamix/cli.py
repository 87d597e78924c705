"""Command line: ``python -m numbamix demo`` (also installed as ``numbamix demo``)."""

import argparse
import sys
import time

import numpy as np
from scipy import optimize, special, stats

from . import api, datasets
from .distributions import Mixture, Normal


def _mixture(theta):
    """Two-component Normal mixture from unconstrained ``(logit w1, mu1, mu2, log sd1, log sd2)``."""
    w1 = special.expit(theta[0])
    return Mixture([1.0 - w1, w1], Normal.dist(mu=theta[1:3], sigma=np.exp(theta[3:5]), shape=(2,)))


def _scipy_logp(theta, x):
    """The same log-likelihood, vectorised with scipy (the comparison)."""
    w1 = special.expit(theta[0])
    log_w = np.log([1.0 - w1, w1])
    return special.logsumexp(log_w + stats.norm.logpdf(x[:, None], theta[1:3], np.exp(theta[3:5])), axis=1)


def _time_per_call(f, seconds=0.3):
    f()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        f()
        calls += 1
    return (time.perf_counter() - start) / calls


def demo(out=sys.stdout):
    """Fit a 2-component Normal mixture to Old Faithful waiting times by maximum likelihood."""
    def say(*args):
        print(*args, file=out, flush=True)

    waiting = datasets.load_faithful()["waiting"]
    say(f"Old Faithful: {waiting.size} waiting times (min), from {waiting.min():g} to {waiting.max():g}")
    start = np.array([0.0, np.percentile(waiting, 25), np.percentile(waiting, 75), np.log(5.0), np.log(5.0)])
    say("Compiling numba kernels (first run only; cached on disk afterwards) ...")
    t0 = time.perf_counter()
    api.logp_sum(_mixture(start), waiting)
    _mixture(start).logp(waiting)
    say(f"  ready in {time.perf_counter() - t0:.1f} s")

    say("Maximising the log-likelihood with scipy.optimize (L-BFGS-B) on unconstrained parameters ...")
    fit = optimize.minimize(lambda th: -api.logp_sum(_mixture(th), waiting), start, method="L-BFGS-B")
    theta = fit.x
    mix = _mixture(theta)
    order = np.argsort(theta[1:3])
    weights, means, sds = mix.w[order], theta[1:3][order], np.exp(theta[3:5])[order]
    loglik = api.logp_sum(mix, waiting)
    say(f"  converged: {fit.success} after {fit.nfev} evaluations")
    say("")
    say("component   weight     mean       sd")
    for k in range(2):
        say(f"{k + 1:>9}   {weights[k]:.4f}   {means[k]:7.3f}   {sds[k]:6.3f}")
    say(f"log-likelihood: {loglik:.4f}   (scipy check: {_scipy_logp(theta, waiting).sum():.4f})")
    say(f"mixture mean: {float(mix.mean()):.3f}   sample mean: {waiting.mean():.3f}")

    ours = _time_per_call(lambda: mix.logp(waiting))
    theirs = _time_per_call(lambda: _scipy_logp(theta, waiting))
    say("")
    say(f"time per logp evaluation (N = {waiting.size}):")
    say(f"  numbamix  {ours * 1e6:8.1f} us")
    say(f"  scipy     {theirs * 1e6:8.1f} us   ({theirs / ours:.1f}x slower)")
    return fit


def main(argv=None):
    parser = argparse.ArgumentParser(prog="numbamix", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="fit a 2-component Normal mixture to the Old Faithful waiting times")
    sub.add_parser("families", help="print the family catalogue (docs/families.md) from the registry")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    elif args.command == "families":
        from .families.catalogue import markdown

        sys.stdout.write(markdown())
    return 0
