"""Random-walk Metropolis and HMC in compiled code, chains in parallel (issue 7).

A *target* is what the samplers evaluate: ``log_density_and_grad(target, theta, grad)``
returns the log density at ``theta`` (up to a constant) and writes its gradient into
``grad``. Two kinds of target are understood:

- ``(f, args)``: a user's ``@njit`` function ``f(theta, grad, args) -> float`` and the
  data it needs (any numba value: an array, a tuple of arrays and scalars);
- a model defined here, e.g. :class:`~numbamix.samplers.normal_mixture.NormalMixturePosterior`
  (cached on disk: numba does not cache functions taking another function as argument,
  so a user's target compiles the samplers once per process).

Each chain runs serially (the target should call the serial kernels, e.g.
:func:`numbamix.kernels.mixture_value_and_grad`); chains run in ``prange``, each with its
own xoshiro256** stream (:func:`numbamix._random.seed_states`), so the draws depend on the
seed only, not on the number of threads.

HMC (Neal 2011): leapfrog with an identity mass matrix, ``n_steps`` steps of size
``step``; during warm-up the step size is adapted by Nesterov dual averaging
(Hoffman & Gelman 2014, Stan's constants) towards an acceptance rate of ``accept``,
and frozen at its averaged value for the draws. Random-walk Metropolis: Gaussian
proposals ``theta + step * N(0, I)``, ``log step`` adapted during warm-up by
Robbins-Monro towards an acceptance rate of 0.234 (Roberts, Gelman & Gilks 1997).
"""

import time
from dataclasses import dataclass

import numpy as np
from numba import prange, types
from numba.extending import overload

from .. import _math as m
from .._jit import Choice, ChoiceType, kernel, parallel_kernel
from .._random import seed_states, standard_normal, uniform
from ..kernels.direct import _Box

#: Dual averaging constants (Hoffman & Gelman 2014, as Stan): shrinkage, iteration offset, decay
_GAMMA, _T0, _KAPPA = 0.05, 10.0, 0.75

#: Random-walk Metropolis' target acceptance rate (optimal for Gaussian targets in high dimension)
_RWM_ACCEPT = 0.234


def log_density_and_grad(target, theta, grad):
    """The log density of ``target`` at ``theta``, its gradient written into ``grad``."""
    raise NotImplementedError("compiled code only")


@overload(log_density_and_grad)
def _log_density_and_grad(target, theta, grad):
    if _is_user_target(target):
        return lambda target, theta, grad: target[0](theta, grad, target[1])
    return None


def _boxed(target):
    """``(f, box)``: ``target`` in a form a ``prange`` body may capture, read back by
    :func:`_unboxed`. Parfors accept a function but neither a tuple holding named tuples
    (numba issue 4846) nor a tuple of arrays, which go into a structref; a function in a
    structref would become numba's (slower to compile) first-class function type."""
    raise NotImplementedError("compiled code only")


def _unboxed(f, box):
    raise NotImplementedError("compiled code only")


def _is_user_target(target):
    """Whether ``target`` is a user's ``(f, args)`` (compile-time)."""
    is_pair = isinstance(target, types.BaseTuple) and len(target) == 2
    return is_pair and isinstance(target[0], types.Dispatcher)


@overload(_boxed)
def _boxed_impl(target):
    if _is_user_target(target):
        return lambda target: (target[0], _Box(target[1]))
    return lambda target: (0, _Box(target))


@overload(_unboxed)
def _unboxed_impl(f, box):
    if isinstance(f, types.Dispatcher):
        return lambda f, box: (f, box.comps)
    return lambda f, box: box.comps


@kernel
def _accept_probability(log_ratio):
    """``min(1, exp(log_ratio))``, 0 where the proposal's density is ``nan``."""
    return m.exp(min(log_ratio, 0.0)) if log_ratio == log_ratio else 0.0


@kernel
def _leapfrog(target, theta, grad, momentum, step, n_steps):
    """``n_steps`` leapfrog steps from ``(theta, momentum)`` in place (``grad`` at ``theta``
    on entry, at the end point on exit); returns the end point's log density (``-inf``
    as soon as it is not finite: the trajectory has diverged) and the evaluations made."""
    value = -m.INF
    for s in range(n_steps):
        momentum += 0.5 * step * grad
        theta += step * momentum
        value = log_density_and_grad(target, theta, grad)
        if not np.isfinite(value):
            return -m.INF, s + 1
        momentum += 0.5 * step * grad
    return value, n_steps


@kernel
def _hmc_chain(target, theta, step, n_steps, accept, warmup, state, out):
    """One HMC chain from ``theta``: ``warmup`` adapting iterations, then ``out.shape[0]``
    draws into ``out``. Returns (mean acceptance probability, final step, evaluations)."""
    dim = theta.size
    grad, proposal, proposal_grad, momentum = np.empty(dim), np.empty(dim), np.empty(dim), np.empty(dim)
    value = log_density_and_grad(target, theta, grad)
    evaluations = 1
    log_step_mean, mu, h_mean = m.log(step), m.log(10.0 * step), 0.0
    total_accept = 0.0
    for it in range(warmup + out.shape[0]):
        for j in range(dim):
            momentum[j] = standard_normal(state)
        start = value - 0.5 * np.dot(momentum, momentum)
        proposal[:] = theta
        proposal_grad[:] = grad
        proposed, made = _leapfrog(target, proposal, proposal_grad, momentum, step, n_steps)
        evaluations += made
        probability = _accept_probability(proposed - 0.5 * np.dot(momentum, momentum) - start)
        if uniform(state) < probability:
            theta[:] = proposal
            grad[:] = proposal_grad
            value = proposed
        if it < warmup:
            t = it + 1.0
            h_mean += (accept - probability - h_mean) / (t + _T0)
            log_step = mu - np.sqrt(t) / _GAMMA * h_mean
            log_step_mean += t**-_KAPPA * (log_step - log_step_mean)
            step = m.exp(log_step if it + 1 < warmup else log_step_mean)
        else:
            out[it - warmup] = theta
            total_accept += probability
    return total_accept / max(out.shape[0], 1), step, evaluations


@kernel
def _rwm_chain(target, theta, step, warmup, state, out):
    """One random-walk Metropolis chain (arguments and result as :func:`_hmc_chain`)."""
    dim = theta.size
    grad, proposal = np.empty(dim), np.empty(dim)
    value = log_density_and_grad(target, theta, grad)
    total_accept = 0.0
    for it in range(warmup + out.shape[0]):
        for j in range(dim):
            proposal[j] = theta[j] + step * standard_normal(state)
        proposed = log_density_and_grad(target, proposal, grad)
        probability = _accept_probability(proposed - value)
        if uniform(state) < probability:
            theta[:] = proposal
            value = proposed
        if it < warmup:
            step *= m.exp((probability - _RWM_ACCEPT) / (it + 1.0) ** 0.6)
        else:
            out[it - warmup] = theta
            total_accept += probability
    return total_accept / max(out.shape[0], 1), step, warmup + out.shape[0] + 1


#: The samplers, as compile-time choices (a user's target compiles only the one it runs)
HMC, RWM = Choice("hmc"), Choice("rwm")


def _chain(sampler, target, theta, step, n_steps, accept, warmup, state, out):
    raise NotImplementedError("compiled code only")


@overload(_chain)
def _chain_impl(sampler, target, theta, step, n_steps, accept, warmup, state, out):
    if not isinstance(sampler, ChoiceType):
        return None
    if sampler.choice == "hmc":
        return lambda sampler, target, theta, step, n_steps, accept, warmup, state, out: _hmc_chain(
            target, theta, step, n_steps, accept, warmup, state, out)
    return lambda sampler, target, theta, step, n_steps, accept, warmup, state, out: _rwm_chain(
        target, theta, step, warmup, state, out)


@parallel_kernel
def sample_chains(target, theta, states, draws, warmup, sampler, steps, n_steps, accept):
    """Chains from the rows of ``theta`` (chains, dim) in ``prange``, chain ``c`` with
    generator ``states[c]`` and step ``steps[c]``; ``sampler`` is :data:`HMC` or :data:`RWM`.
    ``theta``, ``states`` and ``steps`` are left at the chains' last values, so a further
    call with ``warmup=0`` continues the chains.

    Returns ``(draws (chains, draws, dim), acceptance (chains,), evaluations (chains,))``.
    """
    n_chains, dim = theta.shape
    out = np.empty((n_chains, draws, dim))
    acceptance, evaluations = np.empty(n_chains), np.empty(n_chains, np.int64)
    f, box = _boxed(target)
    for c in prange(n_chains):
        chain_target = _unboxed(f, box)
        result = _chain(sampler, chain_target, theta[c], steps[c], n_steps, accept, warmup, states[c], out[c])
        acceptance[c], steps[c], evaluations[c] = result
    return out, acceptance, evaluations


@dataclass(frozen=True)
class Samples:
    """Draws of ``chains`` chains: ``draws`` (chains, draws, dim), the mean acceptance
    probability and the final step size per chain, the log-density (+ gradient)
    evaluations of all chains and the wall time in seconds."""

    draws: np.ndarray
    acceptance: np.ndarray
    step_size: np.ndarray
    evaluations: int
    seconds: float

    @property
    def evaluations_per_second(self):
        return self.evaluations / self.seconds


#: Calls of the compiled sampler when progress is reported: warm-up, then draws in parts
_PARTS = 10


def sample(target, theta0, draws=1000, warmup=500, seed=0, sampler="hmc", step_size=0.1, n_steps=10,
           target_accept=0.8, progress=None):
    """Run one chain per row of ``theta0`` (chains, dim) on ``target`` (see the module
    docstring: ``(f, args)`` with ``f(theta, grad, args) -> log density`` an ``@njit``
    function filling ``grad``), in parallel; reproducible with ``seed`` whatever the
    number of threads.

    ``sampler``: ``"hmc"`` (``n_steps`` leapfrog steps, the step adapted from ``step_size``
    towards ``target_accept``) or ``"rwm"`` (random-walk Metropolis, proposal scale adapted
    from ``step_size``). ``progress(done, total)``, if given, is called after the warm-up
    and after each tenth of the draws (iterations per chain; the draws are the same).
    Returns :class:`Samples`; its time includes compiling on a process's first call.
    """
    if sampler not in ("hmc", "rwm"):
        raise ValueError(f"sample: 'sampler' must be 'hmc' or 'rwm', got {sampler!r}")
    theta = np.array(theta0, dtype=np.float64, ndmin=2, order="C")
    if theta.ndim != 2:
        raise ValueError(f"sample: 'theta0' must have shape (chains, dim), got {theta.shape}")
    for name, value, least in (("draws", draws, 1), ("warmup", warmup, 0), ("n_steps", n_steps, 1)):
        if int(value) != value or value < least:
            raise ValueError(f"sample: {name!r} must be an integer >= {least}, got {value!r}")
    if not step_size > 0 or not 0 < target_accept < 1:
        raise ValueError(f"sample: need 'step_size' > 0 and 0 < 'target_accept' < 1, got {step_size}, "
                         f"{target_accept}")
    chosen = HMC if sampler == "hmc" else RWM
    states = seed_states(seed, theta.shape[0])
    steps = np.full(theta.shape[0], float(step_size))

    def run(n_draws, n_warmup):
        return sample_chains(target, theta, states, int(n_draws), int(n_warmup), chosen, steps, int(n_steps),
                             float(target_accept))

    start = time.perf_counter()
    if progress is None:
        out, acceptance, evaluations = run(draws, warmup)
    else:
        _, _, evaluations = run(0, warmup)
        progress(warmup, warmup + draws)
        parts, acceptance = [], 0.0
        for size in np.diff(np.linspace(0, draws, _PARTS + 1).astype(int)):
            part, part_acceptance, part_evaluations = run(size, 0)
            parts.append(part)
            acceptance += part_acceptance * size / draws
            evaluations += part_evaluations
            progress(warmup + sum(p.shape[1] for p in parts), warmup + draws)
        out = np.concatenate(parts, axis=1)
    return Samples(out, acceptance, steps, int(evaluations.sum()), time.perf_counter() - start)
