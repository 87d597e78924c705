"""The posterior of a K-component Normal mixture on an unconstrained scale (issue 7).

The data are standardised first (:math:`z = (x - \\bar x) / s_x`), so that the priors and
the samplers' step sizes do not depend on the data's units; the draws are transformed
back. On the standardised scale, with ``theta`` of length :math:`3K - 1`:

- weights :math:`w = \\operatorname{softmax}(a_1, \\dots, a_{K-1}, 0)` from the first
  :math:`K - 1` entries (the last logit is fixed at 0);
- ordered means :math:`\\mu_1 = \\theta_{K}`, :math:`\\mu_k = \\mu_{k-1} +
  \\operatorname{softplus}(d_k)` (no label switching);
- standard deviations :math:`\\sigma_k = e^{s_k}` from the last :math:`K` entries.

Priors (weakly informative on the standardised scale; constants dropped):
:math:`w \\sim \\operatorname{Dirichlet}(1, \\dots, 1)`, the means independent
:math:`\\operatorname{Normal}(0, 2)` restricted to increasing order, and
:math:`\\log \\sigma_k \\sim \\operatorname{Normal}(-1, 1)` (:math:`\\sigma_k` between about
0.05 and 2.7 data standard deviations a priori). The log density in ``theta`` adds the
log Jacobians: :math:`\\sum_k \\log w_k` for the softmax (with the flat Dirichlet prior, the
whole weight term) and :math:`\\sum_k \\log \\operatorname{sigmoid}(d_k)` for the increments.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import types
from numba.extending import overload

from .. import _math as m
from .._jit import kernel
from ..kernels import Normal, make_kernels, mixture_value_and_grad
from ..kernels.direct import _stack_buffer
from . import mcmc

#: Prior scale of the means and location and scale of the log standard deviations
#: (standardised data)
MEAN_SCALE, LOG_SD_LOC, LOG_SD_SCALE = 2.0, -1.0, 1.0

#: Scratch doubles on the stack per evaluation (6 per component: weights, parameters and
#: their gradients), so at most 42 components.
_SCRATCH = 256


class NormalMixturePosterior(NamedTuple):
    """A sampler target: standardised ``data`` and one Normal kernel per component
    (``templates``: their number is the compile-time K)."""

    data: np.ndarray
    templates: tuple


@kernel
def _softplus(d):
    return max(d, 0.0) + m.log1p(m.exp(-abs(d)))


@kernel
def _sigmoid(d):
    return 1.0 / (1.0 + m.exp(-d))


@kernel
def normal_mixture_log_posterior(data, templates, theta, grad):
    """The log posterior (module docstring) at ``theta``, its gradient into ``grad``."""
    n_k = len(templates)
    scratch = _stack_buffer(_SCRATCH)
    w, params = scratch[:n_k], scratch[n_k : 3 * n_k]
    grad_w, grad_params = scratch[3 * n_k : 4 * n_k], scratch[4 * n_k : 6 * n_k]
    top = 0.0
    for k in range(n_k - 1):
        top = max(top, theta[k])
    total = 0.0
    for k in range(n_k):
        w[k] = m.exp((theta[k] if k < n_k - 1 else 0.0) - top)
        total += w[k]
    w /= total
    mu = theta[n_k - 1]
    for k in range(n_k):
        if k > 0:
            mu += _softplus(theta[n_k - 1 + k])
        params[2 * k] = mu
        params[2 * k + 1] = m.exp(theta[2 * n_k - 1 + k])
    value = mixture_value_and_grad(data, w, make_kernels(templates, params), grad_w, grad_params, scratch[:0])
    # weights: d/da_j of the likelihood w_j (dl/dw_j - w.dl/dw) and of the prior + Jacobian
    # sum_k log w_k: 1 - K w_j
    mean_grad_w = np.dot(w, grad_w)
    for k in range(n_k):
        value += m.log(w[k])
        if k < n_k - 1:
            grad[k] = w[k] * (grad_w[k] - mean_grad_w) + 1.0 - n_k * w[k]
    # means: d/dmu_k of likelihood and prior, accumulated from the last component down
    tail = 0.0
    for k in range(n_k - 1, -1, -1):
        mu = params[2 * k]
        value -= 0.5 * (mu / MEAN_SCALE) ** 2
        tail += grad_params[2 * k] - mu / MEAN_SCALE**2
        i = n_k - 1 + k
        if k > 0:
            value -= _softplus(-theta[i])  # log sigmoid(d_k), the Jacobian
            grad[i] = _sigmoid(theta[i]) * tail + _sigmoid(-theta[i])
        else:
            grad[i] = tail
    # log standard deviations
    for k in range(n_k):
        i = 2 * n_k - 1 + k
        z = (theta[i] - LOG_SD_LOC) / LOG_SD_SCALE
        value -= 0.5 * z * z
        grad[i] = params[2 * k + 1] * grad_params[2 * k + 1] - z / LOG_SD_SCALE
    return value


@overload(mcmc.log_density_and_grad)
def _posterior_target(target, theta, grad):
    if isinstance(target, types.NamedTuple) and target.instance_class is NormalMixturePosterior:
        def impl(target, theta, grad):
            return normal_mixture_log_posterior(target.data, target.templates, theta, grad)

        return impl
    return None


def to_theta(weights, means, sds):
    """The unconstrained ``theta`` of standardised ``weights``, increasing ``means`` and ``sds``."""
    weights, means = np.asarray(weights, float), np.asarray(means, float)
    logits = np.log(weights[:-1]) - np.log(weights[-1])
    increments = np.log(np.expm1(np.diff(means)))  # the inverse of softplus
    return np.concatenate([logits, means[:1], increments, np.log(sds)])


def from_theta(theta):
    """``(weights, means, sds)`` of ``theta`` (..., 3K - 1), standardised, along the last axis."""
    n_k = (theta.shape[-1] + 1) // 3
    logits = np.concatenate([theta[..., : n_k - 1], np.zeros(theta.shape[:-1] + (1,))], axis=-1)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    steps = np.logaddexp(0.0, theta[..., n_k : 2 * n_k - 1])
    means = np.cumsum(np.concatenate([theta[..., n_k - 1 : n_k], steps], axis=-1), axis=-1)
    return weights, means, np.exp(theta[..., 2 * n_k - 1 :])


@dataclass(frozen=True)
class NormalMixtureFit:
    """Posterior draws of a Normal mixture, in the data's units: ``weights``, ``means`` and
    ``sds`` of shape (chains, draws, K), means increasing; ``samples`` is the sampler's
    :class:`~numbamix.samplers.mcmc.Samples` (unconstrained, standardised draws)."""

    weights: np.ndarray
    means: np.ndarray
    sds: np.ndarray
    samples: mcmc.Samples

    @property
    def acceptance(self):
        """Mean acceptance probability over chains and draws."""
        return float(self.samples.acceptance.mean())

    @property
    def evaluations_per_second(self):
        """Log-likelihood (+ gradient) evaluations per second, all chains together."""
        return self.samples.evaluations_per_second

    def summary(self, prob=0.9):
        """``{name: (mean, lower, upper)}`` for ``weights``, ``means``, ``sds``: posterior means
        and central ``prob`` intervals, one entry per component."""
        tails = [(1 - prob) / 2, (1 + prob) / 2]
        result = {}
        for name in ("weights", "means", "sds"):
            draws = getattr(self, name).reshape(-1, self.weights.shape[-1])
            lower, upper = np.quantile(draws, tails, axis=0)
            result[name] = (draws.mean(axis=0), lower, upper)
        return result

    def density(self, x):
        """The posterior mean of the mixture density at the values ``x`` (1-d)."""
        w, mu, sd = (a.reshape(-1, a.shape[-1])[:, :, None] for a in (self.weights, self.means, self.sds))
        z = (np.asarray(x, float) - mu) / sd
        return (w * np.exp(-0.5 * z * z) / (sd * np.sqrt(2 * np.pi))).sum(axis=1).mean(axis=0)


def fit_normal_mixture(data, k, sampler="hmc", chains=4, draws=1000, warmup=500, seed=0, n_steps=10,
                       step_size=None, progress=None):
    """Sample the posterior of a ``k``-component Normal mixture of ``data`` (1-d) with HMC
    (``n_steps`` leapfrog steps) or random-walk Metropolis (``sampler="rwm"``), ``chains``
    chains in parallel, reproducible with ``seed``; ``step_size`` and ``progress`` as in
    :func:`~numbamix.samplers.mcmc.sample`. Returns :class:`NormalMixtureFit`.

    The first step size is by default ``0.5 / sqrt(N)``, the order of the posterior's
    standard deviations on the standardised scale (the adaptation starts near its end:
    Old Faithful adapts to 0.03).

    Chains start with equal weights, means evenly spaced from the data's minimum to its
    maximum (small, distant clusters then start near a component) and sds of a
    ``1 / (2K)`` of the range, jittered by ``Normal(0, 0.1)`` in ``theta`` (seeded).
    """
    data = np.asarray(data, dtype=np.float64)
    if data.ndim != 1 or data.size < 2 or not np.isfinite(data).all():
        raise ValueError(f"fit_normal_mixture: 'data' must be 1-d, finite, with >= 2 values, "
                         f"got shape {data.shape}")
    if int(k) != k or not 1 <= k <= _SCRATCH // 6:
        raise ValueError(f"fit_normal_mixture: 'k' must be an integer in [1, {_SCRATCH // 6}], got {k!r}")
    if int(chains) != chains or chains < 1:
        raise ValueError(f"fit_normal_mixture: 'chains' must be a positive integer, got {chains!r}")
    k = int(k)
    loc, scale = data.mean(), data.std()
    z = (data - loc) / scale
    spread = z.max() - z.min()
    start = to_theta(np.full(k, 1.0 / k), np.linspace(z.min(), z.max(), k), np.full(k, spread / (2 * k)))
    jitter = np.random.default_rng(seed).normal(0.0, 0.1, size=(int(chains), start.size))
    target = NormalMixturePosterior(z, (Normal(0.0, 1.0),) * k)
    step_size = 0.5 / np.sqrt(data.size) if step_size is None else step_size
    samples = mcmc.sample(target, start + jitter, draws, warmup, seed, sampler, step_size, n_steps,
                          progress=progress)
    weights, means, sds = from_theta(samples.draws)
    return NormalMixtureFit(weights, loc + scale * means, scale * sds, samples)
