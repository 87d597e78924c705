"""Worked samplers on the kernel API: random-walk Metropolis and HMC in ``@njit`` code,
chains in ``prange`` (:mod:`~numbamix.samplers.mcmc`), and the posterior of a Normal
mixture they fit (:mod:`~numbamix.samplers.normal_mixture`). See docs/samplers.md."""

from . import mcmc, normal_mixture
from .mcmc import Samples, log_density_and_grad, sample
from .normal_mixture import NormalMixtureFit, fit_normal_mixture

__all__ = ["NormalMixtureFit", "Samples", "fit_normal_mixture", "log_density_and_grad", "mcmc"]
__all__ += ["normal_mixture", "sample"]
