"""Conformance suite for every registered component family.

Everything here is driven by :data:`numbamix.families.FAMILIES`: a family added
to the registry is picked up by every test below through its entry alone
(parameters, domains, typical ranges, alternative parametrisations, the scipy
``reference``). A few tables give *independent* knowledge about the known
families (PyMC's support-point rules, PyMC's parameter conversions, mpmath
closed forms for far tails, the domain each PyMC parameter must have); a
family missing from a table gets the generic checks only.

What is checked, per family:

0. The whole toolkit (:func:`numbamix.testing.checks.check_distribution`)
   on :func:`numbamix.testing.strategies.params` of every family, against its
   scipy ``reference``: the "one registry entry is enough" test.
1. ``logp`` / ``logcdf`` against the scipy reference
   (:func:`~numbamix.testing.checks.check_matches_reference`) on quantile grids
   from 1e-12 to 1 - 1e-12 plus far points (about +-40 "sigmas"), rtol 1e-10
   with atol 1e-12 for log values near 0; the upper tail also through the
   survival function (``log(1 - cdf)`` vs ``logsf``), so log values near 0 must
   keep full relative accuracy. Where scipy underflows or loses accuracy,
   mpmath (50 digits, closed forms) is the reference. Out of support
   (:func:`~numbamix.testing.checks.check_support_edges`), non-integer counts,
   +-inf and nan.
2. Normalisation, monotone cdf, cdf = integral (sum) of the density (mass):
   ``check_normalisation``, ``check_cdf_monotone``, ``check_cdf_matches_pdf``.
3. Draws: ``check_sampler`` (KS / chi-square, inside the support) and
   ``check_moments``; reproducible per seed, int64 for discrete families.
4. ``mean()`` vs the reference mean and ``support_point()`` vs PyMC's rule.
5. Alternative parametrisations, ``shape`` / ``size`` broadcasting, shape
   errors naming both shapes.
6. Validation errors (parameter domains, constraints, conflicting or unknown
   parameters, wrong dtypes) and their messages.
7. The kernel layer (``numbamix.kernels``) agrees with the front end, called
   from Python and from inside a user ``@numba.njit`` function.

Parameter sets: five fixed ones per family built from the ``typical`` ranges
(all low, all mid, all high, and the two alternating corners), a few hand-picked
edge cases, and hypothesis-generated ones from
:func:`numbamix.testing.strategies.params` (extremes included); the number of
examples comes from the hypothesis profile (``tests/conftest.py``).
"""

import math
import re

import mpmath
import numba
import numpy as np
import pytest
from conftest import family_examples, run_examples
from hypothesis import strategies as st
from scipy import special, stats

import numbamix
import numbamix.kernels as nk
from numbamix.families import FAMILIES
from numbamix.families._registry import COUNT
from numbamix.testing import checks, strategies

mpmath.mp.dps = 50

NAMES = sorted(FAMILIES)
RTOL = 1e-10
ATOL = 1e-12
INF = math.inf
NAN = math.nan

#: Continuous quantile grid: far lower tail, body, far upper tail.
QUANTILES = np.concatenate(
    [np.logspace(-12, -2, 11), np.linspace(0.05, 0.95, 19), 1.0 - np.logspace(-2, -12, 11)]
)


# ---------------------------------------------------------------------------
# independent knowledge about the known families
# ---------------------------------------------------------------------------

#: PyMC's support point (``pm.distributions.distribution.support_point``) per family.
SUPPORT_POINT_RULES = {
    "SkewNormal": lambda mu, sigma, alpha: mu + sigma * math.sqrt(2 / math.pi) * alpha / math.sqrt(1 + alpha**2),
    "HyperGeometric": lambda N, k, n: math.floor((n + 1) * (k + 1) / (N + 2)),
    "LogitNormal": lambda mu, sigma: special.expit(mu),
    "Weibull": lambda alpha, beta: beta * math.gamma(1.0 + 1.0 / alpha),
    "Gumbel": lambda mu, beta: mu + beta * np.euler_gamma,
    "Pareto": lambda alpha, m: m * 2.0 ** (1.0 / alpha),
    "Triangular": lambda lower, upper, c: (lower + upper + c) / 3.0,
    "Kumaraswamy": lambda a, b: float(b * mpmath.beta(1 + 1 / mpmath.mpf(a), b)),  # scipy's beta: 1e-14
    "InverseGamma": lambda alpha, beta: beta / (alpha - 1.0) if alpha > 1.0 else beta / (alpha + 1.0),
    "ChiSquared": lambda nu: nu,
    "Beta": lambda alpha, beta: alpha / (alpha + beta),
    "Normal": lambda mu, sigma: mu,
    "StudentT": lambda nu, mu, sigma: mu,
    "Poisson": lambda mu: math.floor(mu),
    "NegativeBinomial": lambda mu, alpha: math.floor(mu),
    "Binomial": lambda n, p: math.floor(n * p),
    "Exponential": lambda lam: 1.0 / lam,
    "Gamma": lambda alpha, beta: alpha / beta,
    "Uniform": lambda lower, upper: 0.5 * (lower + upper),
    "Moyal": lambda mu, sigma: mu + sigma * (np.euler_gamma + math.log(2.0)),
    # PyMC returns mu, outside the support (alpha, inf) when alpha >= mu: numbamix gives the mean
    "Wald": lambda mu, lam, alpha: mu + alpha,
    # PyMC returns mu; numbamix wraps it into the support [-pi, pi] (the same for |mu| <= pi)
    "VonMises": lambda mu, kappa: mu - 2 * math.pi * math.floor(mu / (2 * math.pi) + 0.5),
    # PyMC evaluates its mean formula at b = nu / sigma in place of nu: the mean of Rice(nu / sigma, sigma)
    "Rice": lambda nu, sigma: (lambda q: sigma * math.sqrt(math.pi / 2) * ((1 + 2 * q) * special.i0e(q) + 2 * q * special.i1e(q)))(
        nu**2 / (4 * sigma**4)
    ),
    "ExGaussian": lambda mu, sigma, nu: mu + nu,
    "Bernoulli": lambda p: 0.0 if p < 0.5 else 1.0,
    "Geometric": lambda p: float(np.round(1.0 / p)),
    "DiscreteUniform": lambda lower, upper: max((math.floor(lower) + math.floor(upper)) // 2, math.floor(lower)),
    "Cauchy": lambda alpha, beta: alpha,
    "HalfCauchy": lambda beta: beta,
    "Laplace": lambda mu, b: mu,
    "Logistic": lambda mu, s: mu,
    "HalfNormal": lambda sigma: sigma,
    "DiscreteWeibull": lambda q, beta: max(math.floor((math.log(0.5) / math.log(q)) ** (1 / beta) - 1), 0),
    "HalfStudentT": lambda nu, sigma: sigma,
    "BetaBinomial": lambda alpha, beta, n: float(np.round(n * alpha / (alpha + beta))),
    "AsymmetricLaplace": lambda kappa, mu, b: mu - (kappa - 1 / kappa) / b,
    "TruncatedNormal": lambda mu, sigma, lower, upper: (
        (mu if upper == INF else upper - 1.0) if lower == -INF else (lower + 1.0 if upper == INF else (lower + upper) / 2)
    ),
    # PyMC's mixture rule, weights [1 - psi, psi] of DiracDelta(0) and the positive part, rounded for
    # counts; a count truncated to >= 1 (Truncated(lower=1)) keeps floor(mean) if >= 1, else lower + 1
    "ZeroInflatedPoisson": lambda psi, mu: float(np.round(psi * math.floor(mu))),
    "ZeroInflatedBinomial": lambda psi, n, p: float(np.round(psi * math.floor(n * p))),
    "ZeroInflatedNegativeBinomial": lambda psi, mu, alpha: float(np.round(psi * math.floor(mu))),
    "HurdlePoisson": lambda psi, mu: float(np.round(psi * (math.floor(mu) if mu >= 1 else 2))),
    "HurdleNegativeBinomial": lambda psi, mu, alpha: float(np.round(psi * (math.floor(mu) if mu >= 1 else 2))),
    "HurdleGamma": lambda psi, alpha, beta: psi * alpha / beta,
    "HurdleLogNormal": lambda psi, mu, sigma: psi * math.exp(mu + sigma**2 / 2),
}

#: PyMC's conversions of the alternative parametrisations to the canonical one.
ALTERNATIVE_RULES = {
    ("SkewNormal", ("mu", "tau", "alpha")): lambda mu, tau, alpha: {"mu": mu, "sigma": tau**-0.5, "alpha": alpha},
    ("LogitNormal", ("mu", "tau")): lambda mu, tau: {"mu": mu, "sigma": tau**-0.5},
    ("InverseGamma", ("mu", "sigma")): lambda mu, sigma: {
        "alpha": (2 * sigma**2 + mu**2) / sigma**2,
        "beta": mu * (mu**2 + sigma**2) / sigma**2,
    },
    ("Beta", ("mu", "sigma")): lambda mu, sigma: {
        "alpha": mu * (mu * (1 - mu) / sigma**2 - 1),
        "beta": (1 - mu) * (mu * (1 - mu) / sigma**2 - 1),
    },
    ("Beta", ("mu", "nu")): lambda mu, nu: {"alpha": mu * nu, "beta": (1 - mu) * nu},
    ("Normal", ("mu", "tau")): lambda mu, tau: {"mu": mu, "sigma": tau**-0.5},
    ("StudentT", ("nu", "mu", "lam")): lambda nu, mu, lam: {"nu": nu, "mu": mu, "sigma": lam**-0.5},
    ("Gamma", ("mu", "sigma")): lambda mu, sigma: {"alpha": mu**2 / sigma**2, "beta": mu / sigma**2},
    ("NegativeBinomial", ("n", "p")): lambda n, p: {"mu": n * (1.0 - p) / p, "alpha": n},
    ("Exponential", ("scale",)): lambda scale: {"lam": 1.0 / scale},
    ("Binomial", ("n", "logit_p")): lambda n, logit_p: {"n": n, "p": special.expit(logit_p)},
    ("Wald", ("mu", "phi", "alpha")): lambda mu, phi, alpha: {"mu": mu, "lam": mu * phi, "alpha": alpha},
    ("Wald", ("lam", "phi", "alpha")): lambda lam, phi, alpha: {"mu": lam / phi, "lam": lam, "alpha": alpha},
    ("Rice", ("b", "sigma")): lambda b, sigma: {"nu": b * sigma, "sigma": sigma},
    ("Bernoulli", ("logit_p",)): lambda logit_p: {"p": special.expit(logit_p)},
    ("HalfNormal", ("tau",)): lambda tau: {"sigma": tau**-0.5},
    ("HalfStudentT", ("nu", "lam")): lambda nu, lam: {"nu": nu, "sigma": lam**-0.5},
    ("AsymmetricLaplace", ("q", "mu", "b")): lambda q, mu, b: {"kappa": (q / (1 - q)) ** 0.5, "mu": mu, "b": b},
    ("TruncatedNormal", ("mu", "tau", "lower", "upper")): lambda mu, tau, lower, upper: {
        "mu": mu, "sigma": tau**-0.5, "lower": lower, "upper": upper
    },
    ("ZeroInflatedNegativeBinomial", ("psi", "n", "p")): lambda psi, n, p: {"psi": psi, "mu": n * (1.0 - p) / p, "alpha": n},
    ("HurdleNegativeBinomial", ("psi", "n", "p")): lambda psi, n, p: {"psi": psi, "mu": n * (1.0 - p) / p, "alpha": n},
    ("HurdleGamma", ("psi", "mu", "sigma")): lambda psi, mu, sigma: {"psi": psi, "alpha": mu**2 / sigma**2, "beta": mu / sigma**2},
    ("HurdleLogNormal", ("psi", "mu", "tau")): lambda psi, mu, tau: {"psi": psi, "mu": mu, "sigma": tau**-0.5},
}

#: Values PyMC's parameter domains reject (family, parameter) -> values.
MUST_REJECT = {
    ("SkewNormal", "mu"): [NAN, INF, -INF],
    ("SkewNormal", "sigma"): [0.0, -1.0, NAN, INF],
    ("SkewNormal", "tau"): [0.0, -1.0, NAN, INF],
    ("SkewNormal", "alpha"): [NAN, INF, -INF],
    ("HyperGeometric", "N"): [2.5, -1.0, NAN, INF],
    ("HyperGeometric", "k"): [2.5, -1.0, NAN, INF],
    ("HyperGeometric", "n"): [2.5, -1.0, NAN, INF],
    ("LogitNormal", "mu"): [NAN, INF, -INF],
    ("LogitNormal", "sigma"): [0.0, -1.0, NAN, INF],
    ("LogitNormal", "tau"): [0.0, -1.0, NAN, INF],
    ("Weibull", "alpha"): [0.0, -1.0, NAN, INF],
    ("Weibull", "beta"): [0.0, -1.0, NAN, INF],
    ("Gumbel", "mu"): [NAN, INF, -INF],
    ("Gumbel", "beta"): [0.0, -1.0, NAN, INF],
    ("Pareto", "alpha"): [0.0, -1.0, NAN, INF],
    ("Pareto", "m"): [0.0, -1.0, NAN, INF],
    ("Triangular", "lower"): [NAN, -INF],
    ("Triangular", "c"): [NAN, INF],
    ("Triangular", "upper"): [NAN, INF],
    ("Kumaraswamy", "a"): [0.0, -1.0, NAN, INF],
    ("Kumaraswamy", "b"): [0.0, -1.0, NAN, INF],
    ("InverseGamma", "alpha"): [0.0, -1.0, NAN, INF],
    ("InverseGamma", "beta"): [0.0, -1.0, NAN, INF],
    ("InverseGamma", "mu"): [0.0, -1.0, NAN],
    ("InverseGamma", "sigma"): [0.0, -1.0, NAN],
    ("ChiSquared", "nu"): [0.0, -1.0, NAN, INF],
    ("Beta", "alpha"): [0.0, -1.0, NAN, INF],
    ("Beta", "beta"): [0.0, -1.0, NAN, INF],
    ("Beta", "mu"): [0.0, 1.0, -0.1, 1.1, NAN],
    ("Beta", "sigma"): [0.0, -1.0, NAN],
    ("Beta", "nu"): [0.0, -1.0, NAN],
    ("Normal", "mu"): [NAN, INF, -INF],
    ("Normal", "sigma"): [0.0, -1.0, NAN, INF],
    ("Normal", "tau"): [0.0, -2.0, NAN, INF],
    ("StudentT", "nu"): [0.0, -1.0, NAN, INF],
    ("StudentT", "mu"): [NAN, INF],
    ("StudentT", "sigma"): [0.0, -1.0, NAN, INF],
    ("StudentT", "lam"): [0.0, -1.0, NAN],
    ("Poisson", "mu"): [-1.0, -1e-300, NAN, INF],
    ("Exponential", "lam"): [0.0, -1.0, NAN, INF],
    ("Exponential", "scale"): [0.0, -1.0, NAN, INF],
    ("Gamma", "alpha"): [0.0, -1.0, NAN, INF],
    ("Gamma", "beta"): [0.0, -1.0, NAN, INF],
    ("Gamma", "mu"): [0.0, -1.0, NAN],
    ("Gamma", "sigma"): [0.0, -1.0, NAN],
    ("Uniform", "lower"): [NAN, -INF],
    ("Uniform", "upper"): [NAN, INF],
    ("Binomial", "n"): [2.5, -1.0, NAN, INF],
    ("Binomial", "p"): [-0.1, 1.1, NAN],
    ("Binomial", "logit_p"): [NAN, INF],
    ("NegativeBinomial", "mu"): [0.0, -1.0, NAN, INF],
    ("NegativeBinomial", "alpha"): [0.0, -1.0, NAN, INF],
    ("NegativeBinomial", "n"): [0.0, -1.0, NAN, INF],
    ("NegativeBinomial", "p"): [0.0, -0.1, 1.1, NAN],
    ("Moyal", "mu"): [NAN, INF, -INF],
    ("Moyal", "sigma"): [0.0, -1.0, NAN, INF],
    ("Wald", "mu"): [0.0, -1.0, NAN, INF],
    ("Wald", "lam"): [0.0, -1.0, NAN, INF],
    ("Wald", "phi"): [0.0, -1.0, NAN, INF],
    ("Wald", "alpha"): [-1.0, -1e-300, NAN, INF],
    ("VonMises", "mu"): [NAN, INF, -INF],
    ("VonMises", "kappa"): [0.0, -1.0, NAN, INF],
    ("Rice", "nu"): [-1.0, -1e-300, NAN, INF],
    ("Rice", "b"): [-1.0, NAN, INF],
    ("Rice", "sigma"): [0.0, -1.0, NAN, INF],
    ("ExGaussian", "mu"): [NAN, INF, -INF],
    ("ExGaussian", "sigma"): [0.0, -1.0, NAN, INF],
    ("ExGaussian", "nu"): [0.0, -1.0, NAN, INF],
    ("Bernoulli", "p"): [-0.1, 1.1, NAN],
    ("Bernoulli", "logit_p"): [NAN, INF],
    ("Geometric", "p"): [0.0, -0.1, 1.1, NAN],
    ("DiscreteUniform", "lower"): [NAN, -INF],
    ("DiscreteUniform", "upper"): [NAN, INF],
    ("Cauchy", "alpha"): [NAN, INF, -INF],
    ("Cauchy", "beta"): [0.0, -1.0, NAN, INF],
    ("HalfCauchy", "beta"): [0.0, -1.0, NAN, INF],
    ("Laplace", "mu"): [NAN, INF],
    ("Laplace", "b"): [0.0, -1.0, NAN, INF],
    ("Logistic", "mu"): [NAN, INF],
    ("Logistic", "s"): [0.0, -1.0, NAN, INF],
    ("HalfNormal", "sigma"): [0.0, -1.0, NAN, INF],
    ("HalfNormal", "tau"): [0.0, -1.0, NAN, INF],
    ("DiscreteWeibull", "q"): [0.0, 1.0, -0.1, NAN],
    ("DiscreteWeibull", "beta"): [0.0, -1.0, NAN, INF],
    ("HalfStudentT", "nu"): [0.0, -1.0, NAN, INF],
    ("HalfStudentT", "sigma"): [0.0, -1.0, NAN, INF],
    ("HalfStudentT", "lam"): [0.0, -1.0, NAN, INF],
    ("BetaBinomial", "alpha"): [0.0, -1.0, NAN, INF],
    ("BetaBinomial", "beta"): [0.0, -1.0, NAN, INF],
    ("BetaBinomial", "n"): [2.5, -1.0, NAN, INF],
    ("AsymmetricLaplace", "kappa"): [0.0, -1.0, NAN, INF],
    ("AsymmetricLaplace", "mu"): [NAN, INF],
    ("AsymmetricLaplace", "b"): [0.0, -1.0, NAN, INF],
    ("AsymmetricLaplace", "q"): [0.0, 1.0, -0.1, 1.1, NAN],
    ("TruncatedNormal", "mu"): [NAN, INF, -INF],
    ("TruncatedNormal", "sigma"): [0.0, -1.0, NAN, INF],
    ("TruncatedNormal", "tau"): [0.0, -1.0, NAN, INF],
    ("TruncatedNormal", "lower"): [NAN],
    ("TruncatedNormal", "upper"): [NAN],
    **{(name, "psi"): [-0.1, 1.1, NAN, INF] for name in (
        "ZeroInflatedPoisson", "ZeroInflatedBinomial", "ZeroInflatedNegativeBinomial",
        "HurdlePoisson", "HurdleNegativeBinomial", "HurdleGamma", "HurdleLogNormal",
    )},
    ("ZeroInflatedPoisson", "mu"): [-1.0, NAN, INF],
    ("HurdlePoisson", "mu"): [0.0, -1.0, NAN, INF],  # a truncated Poisson needs mass above 0
    ("ZeroInflatedBinomial", "n"): [2.5, -1.0, NAN, INF],
    ("ZeroInflatedBinomial", "p"): [-0.1, 1.1, NAN],
    ("ZeroInflatedNegativeBinomial", "p"): [0.0, 1.1, NAN],
    ("HurdleNegativeBinomial", "mu"): [0.0, -1.0, NAN, INF],
    ("HurdleNegativeBinomial", "p"): [0.0, 1.0, NAN],  # p = 1: mu = 0, nothing above 0
    ("HurdleGamma", "alpha"): [0.0, -1.0, NAN, INF],
    ("HurdleGamma", "sigma"): [0.0, -1.0, NAN],
    ("HurdleLogNormal", "mu"): [NAN, INF, -INF],
    ("HurdleLogNormal", "tau"): [0.0, -1.0, NAN],
}

#: Edge values PyMC accepts (they must build and give finite logp somewhere).
MUST_ACCEPT = {
    "Triangular": [{"lower": -1.0, "upper": 2.0, "c": -1.0}, {"lower": -1.0, "upper": 2.0, "c": 2.0}, {}],
    "InverseGamma": [{"alpha": 3.0}],
    "Poisson": [{"mu": 0.0}],
    "Binomial": [{"n": 0, "p": 0.3}, {"n": 10, "p": 0.0}, {"n": 10, "p": 1.0}],
    "NegativeBinomial": [{"n": 3.0, "p": 1.0}],
    "StudentT": [{"nu": 1.0, "mu": 0.0, "sigma": 1.0}],
    "Wald": [{"mu": 2.0}, {"lam": 2.0, "phi": 4.0}, {"mu": 1.0, "phi": 3.0, "alpha": 0.0}],
    "Rice": [{"nu": 0.0, "sigma": 2.0}, {"b": 3.0}],
    "Bernoulli": [{"p": 0.0}, {"p": 1.0}],
    "Geometric": [{"p": 1.0}],
    "DiscreteUniform": [{"lower": 3, "upper": 3}, {"lower": 0.5, "upper": 1.2}],
    "HalfStudentT": [{"nu": 1.0, "sigma": 2.0}],
    "BetaBinomial": [{"alpha": 1.0, "beta": 1.0, "n": 0}],
    # PyMC's lower=None / upper=None: unbounded
    "TruncatedNormal": [{}, {"lower": 0.0}, {"mu": 1.0, "sigma": 2.0, "upper": -3.0}, {"tau": 4.0, "lower": None, "upper": 1.0}],
    "ZeroInflatedPoisson": [{"psi": 0.0, "mu": 2.0}, {"psi": 1.0, "mu": 0.0}],
    "ZeroInflatedNegativeBinomial": [{"psi": 0.5, "n": 3.0, "p": 1.0}],
    "HurdlePoisson": [{"psi": 0.0, "mu": 1e-8}, {"psi": 1.0, "mu": 3.0}],
    "HurdleLogNormal": [{"psi": 0.5}, {"psi": 1.0, "tau": 4.0}],
}

#: Hand-picked canonical parameter sets on top of the generated ones.
EXTRA_PARAMS = {
    # psi at 0 and 1; P(X >= 1) tiny (1e-8) or small with a long tail (alpha = 0.01)
    "ZeroInflatedPoisson": [{"psi": 0.0, "mu": 3.0}, {"psi": 1.0, "mu": 3.0}],
    "ZeroInflatedBinomial": [{"psi": 0.5, "n": 0.0, "p": 0.3}, {"psi": 0.9, "n": 30.0, "p": 1.0}],
    "ZeroInflatedNegativeBinomial": [{"psi": 0.3, "mu": 42.0, "alpha": 0.2}],
    "HurdlePoisson": [{"psi": 0.3, "mu": 1e-8}, {"psi": 1.0, "mu": 0.5}],
    "HurdleNegativeBinomial": [{"psi": 0.8, "mu": 1.0, "alpha": 0.01}],
    "HurdleGamma": [{"psi": 1.0, "alpha": 0.5, "beta": 2.0}, {"psi": 0.0, "alpha": 2.0, "beta": 1.0}],
    "HurdleLogNormal": [{"psi": 0.999, "mu": 2.0, "sigma": 0.3}],
    "SkewNormal": [{"mu": 0.0, "sigma": 1.0, "alpha": 0.0}, {"mu": 1.0, "sigma": 2.0, "alpha": -50.0}, {"mu": -3.0, "sigma": 0.5, "alpha": 1e3}],
    "HyperGeometric": [{"N": 1e4, "k": 5e3, "n": 1e3}, {"N": 20.0, "k": 20.0, "n": 5.0}, {"N": 10.0, "k": 0.0, "n": 3.0}, {"N": 60.0, "k": 50.0, "n": 40.0}],
    "LogitNormal": [{"mu": -30.0, "sigma": 0.01}, {"mu": 2.0, "sigma": 2.5}],
    "Weibull": [{"alpha": 1.0, "beta": 2.0}, {"alpha": 0.7, "beta": 0.01}],
    "Pareto": [{"alpha": 1.0, "m": 1e-3}, {"alpha": 2.0, "m": 1e4}],
    "Triangular": [{"lower": -2.0, "upper": 3.0, "c": -2.0}, {"lower": -2.0, "upper": 3.0, "c": 3.0}],
    "Kumaraswamy": [{"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 0.5}, {"a": 3.0, "b": 0.7}],
    "InverseGamma": [{"alpha": 1.0, "beta": 3.0}, {"alpha": 60.0, "beta": 2.0}],
    "ChiSquared": [{"nu": 2.0}, {"nu": 1.0}, {"nu": 300.0}],
    "Beta": [{"alpha": 1.0, "beta": 1.0}, {"alpha": 0.2, "beta": 0.3}, {"alpha": 2e3, "beta": 50.0}],
    "StudentT": [{"nu": 1.0, "mu": -2.0, "sigma": 3.0}, {"nu": 2.5, "mu": 1.0, "sigma": 0.5}],
    "Gamma": [{"alpha": 1.0, "beta": 3.0}, {"alpha": 0.5, "beta": 14.0}],
    "Poisson": [{"mu": 0.0}, {"mu": 3.5}],
    "Binomial": [{"n": 1.0, "p": 0.5}, {"n": 37.0, "p": 0.83}],
    "NegativeBinomial": [{"mu": 3.0, "alpha": 0.5}, {"mu": 42.0, "alpha": 0.2}],
    "Moyal": [{"mu": 3.0, "sigma": 1e-3}],
    "Wald": [{"mu": 1.0, "lam": 1.0, "alpha": 0.0}, {"mu": 2.0, "lam": 0.05, "alpha": 1.0}],
    "VonMises": [{"mu": 2.0, "kappa": 1000.0}, {"mu": -2.0, "kappa": 0.01}],
    "Rice": [{"nu": 0.0, "sigma": 1.0}, {"nu": 10.0, "sigma": 0.1}],
    "ExGaussian": [{"mu": 1.0, "sigma": 1.0, "nu": 0.02}, {"mu": 0.0, "sigma": 0.5, "nu": 50.0}],
    "Bernoulli": [{"p": 0.5}, {"p": 1e-9}],
    "Geometric": [{"p": 0.5}, {"p": 1.0}, {"p": 1e-5}],
    "DiscreteUniform": [{"lower": -3.0, "upper": 4.0}, {"lower": 2.7, "upper": 9.9}],
    "Cauchy": [{"alpha": -3.0, "beta": 0.01}],
    "Laplace": [{"mu": 2.0, "b": 0.03}],
    "Logistic": [{"mu": -4.0, "s": 0.05}],
    "DiscreteWeibull": [{"q": 0.5, "beta": 0.7}, {"q": 0.99, "beta": 2.5}],
    "HalfStudentT": [{"nu": 1.0, "sigma": 3.0}, {"nu": 2.5, "sigma": 0.5}],
    "BetaBinomial": [{"alpha": 0.5, "beta": 0.5, "n": 30.0}, {"alpha": 1e-3, "beta": 5.0, "n": 40.0}],
    "AsymmetricLaplace": [{"kappa": 1.0, "mu": 0.0, "b": 1.0}, {"kappa": 0.05, "mu": 2.0, "b": 30.0}],
    "TruncatedNormal": [
        {"mu": 0.0, "sigma": 1.0, "lower": -INF, "upper": INF},
        {"mu": 1.0, "sigma": 2.0, "lower": 1.0 + 2.0 * 30.0, "upper": INF},
        {"mu": 0.0, "sigma": 1.0, "lower": -40.0, "upper": -39.0},
        {"mu": 3.0, "sigma": 0.5, "lower": 3.0 - 0.5e-8, "upper": 3.0 + 0.5e-8},
        {"mu": -2.0, "sigma": 3.0, "lower": -INF, "upper": -1.0},
    ],
}


def _mp_normal(c, x):
    z = (mpmath.mpf(x) - c["mu"]) / c["sigma"]
    logp = -z * z / 2 - mpmath.log(c["sigma"]) - mpmath.log(2 * mpmath.pi) / 2
    return logp, mpmath.ncdf(z), mpmath.ncdf(-z)


def _mp_student_t(c, x):
    nu = mpmath.mpf(c["nu"])
    z = (mpmath.mpf(x) - c["mu"]) / c["sigma"]
    logp = (
        mpmath.loggamma((nu + 1) / 2)
        - mpmath.loggamma(nu / 2)
        - mpmath.log(nu * mpmath.pi) / 2
        - mpmath.log(c["sigma"])
        - (nu + 1) / 2 * mpmath.log1p(z * z / nu)
    )
    tail = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + z * z), regularized=True) / 2
    return (logp, tail, 1 - tail) if z < 0 else (logp, 1 - tail, tail)


def _mp_gamma(c, x):
    a, b, x = mpmath.mpf(c["alpha"]), mpmath.mpf(c["beta"]), mpmath.mpf(x)
    logp = a * mpmath.log(b) - mpmath.loggamma(a) + (a - 1) * mpmath.log(x) - b * x
    return (
        logp,
        mpmath.gammainc(a, 0, b * x, regularized=True),
        mpmath.gammainc(a, b * x, mpmath.inf, regularized=True),
    )


def _mp_exponential(c, x):
    lam, x = mpmath.mpf(c["lam"]), mpmath.mpf(x)
    return mpmath.log(lam) - lam * x, -mpmath.expm1(-lam * x), mpmath.exp(-lam * x)


def _mp_poisson(c, x):
    mu, j = mpmath.mpf(c["mu"]), mpmath.floor(x)
    logp = j * mpmath.log(mu) - mu - mpmath.loggamma(j + 1)
    return (
        logp,
        mpmath.gammainc(j + 1, mu, mpmath.inf, regularized=True),
        mpmath.gammainc(j + 1, 0, mu, regularized=True),
    )


def _mp_binomial(c, x):
    n, p, j = mpmath.mpf(c["n"]), mpmath.mpf(c["p"]), mpmath.floor(x)
    logp = (
        mpmath.loggamma(n + 1)
        - mpmath.loggamma(j + 1)
        - mpmath.loggamma(n - j + 1)
        + j * mpmath.log(p)
        + (n - j) * mpmath.log1p(-p)
    )
    return (
        logp,
        mpmath.betainc(n - j, j + 1, 0, 1 - p, regularized=True),
        mpmath.betainc(j + 1, n - j, 0, p, regularized=True),
    )


def _mp_negative_binomial(c, x):
    mu, a, j = mpmath.mpf(c["mu"]), mpmath.mpf(c["alpha"]), mpmath.floor(x)
    p = a / (a + mu)
    logp = (
        mpmath.loggamma(j + a)
        - mpmath.loggamma(a)
        - mpmath.loggamma(j + 1)
        + a * mpmath.log(p)
        + j * mpmath.log(mu / (a + mu))
    )
    return (
        logp,
        mpmath.betainc(a, j + 1, 0, p, regularized=True),
        mpmath.betainc(j + 1, a, 0, 1 - p, regularized=True),
    )


def _mp_moyal(c, x):
    z = (mpmath.mpf(x) - c["mu"]) / c["sigma"]
    u = mpmath.exp(-z / 2) / mpmath.sqrt(2)
    logp = -(z + mpmath.exp(-z)) / 2 - mpmath.log(c["sigma"]) - mpmath.log(2 * mpmath.pi) / 2
    return logp, mpmath.erfc(u), mpmath.erf(u)


def _mp_wald(c, x):
    mu, lam, y = mpmath.mpf(c["mu"]), mpmath.mpf(c["lam"]), mpmath.mpf(x) - c["alpha"]
    logp = mpmath.log(lam / (2 * mpmath.pi)) / 2 - 1.5 * mpmath.log(y) - lam * (y - mu) ** 2 / (2 * mu * mu * y)
    s = mpmath.sqrt(lam / y)
    with mpmath.workdps(100):  # the survival function cancels by about y / mu
        upper = mpmath.exp(2 * lam / mu) * mpmath.ncdf(-s * (y / mu + 1))
        return logp, mpmath.ncdf(s * (y / mu - 1)) + upper, mpmath.ncdf(-s * (y / mu - 1)) - upper


def _mp_von_mises(c, x):
    mu, kappa = mpmath.mpf(c["mu"]), mpmath.mpf(c["kappa"])
    norm = 2 * mpmath.pi * mpmath.besseli(0, kappa)

    def arc(lo, hi):  # split at the mode and at pi - mu (the antimode), where it lies inside
        cuts = [t for t in (mu - 2 * mpmath.pi, mu, mu - mpmath.pi, mu + mpmath.pi) if lo < t < hi]
        return mpmath.quad(lambda t: mpmath.exp(kappa * mpmath.cos(t - mu)), [lo, *cuts, hi]) / norm

    logp = kappa * mpmath.cos(mpmath.mpf(x) - mu) - mpmath.log(norm)
    edge = mpmath.mpf(math.pi)  # the support is [-pi, pi] with pi rounded to a double
    return logp, arc(-edge, mpmath.mpf(x)), arc(mpmath.mpf(x), edge)


def _mp_rice(c, x):
    # cdf and survival function as Poisson(b^2/2) mixtures of Gamma(k + 1) at (x/sigma)^2/2
    b, t = mpmath.mpf(c["nu"]) / c["sigma"], mpmath.mpf(x) / c["sigma"]
    logp = mpmath.log(t / c["sigma"]) - (t - b) ** 2 / 2 + mpmath.log(mpmath.besseli(0, t * b)) - t * b
    lam, y = b * b / 2, t * t / 2
    cdf = sf = mpmath.mpf(0)
    for k in range(int(lam + mpmath.sqrt(lam * y) + 60 + 12 * mpmath.sqrt(lam + y + 1))):
        w = mpmath.exp(-lam) * lam**k / mpmath.factorial(k)
        cdf += w * mpmath.gammainc(k + 1, 0, y, regularized=True)
        sf += w * mpmath.gammainc(k + 1, y, mpmath.inf, regularized=True)
    return logp, cdf, sf


def _mp_ex_gaussian(c, x):
    nu = mpmath.mpf(c["nu"])
    z, s = (mpmath.mpf(x) - c["mu"]) / c["sigma"], c["sigma"] / nu
    with mpmath.workdps(100):  # the cdf Phi(z) - T cancels by about (1 + |z|) / s
        t = mpmath.exp(s * s / 2 - s * z) * mpmath.ncdf(z - s)
        return mpmath.log(t / nu), mpmath.ncdf(z) - t, mpmath.ncdf(-z) + t


def _mp_geometric(c, x):
    p, j = mpmath.mpf(c["p"]), mpmath.floor(x)
    sf = mpmath.exp(j * mpmath.log1p(-p))
    return mpmath.log(p) + (j - 1) * mpmath.log1p(-p), -mpmath.expm1(j * mpmath.log1p(-p)), sf



def _mp_cauchy(c, x):
    z = (mpmath.mpf(x) - c["alpha"]) / c["beta"]
    logp = -mpmath.log(mpmath.pi * c["beta"]) - mpmath.log1p(z * z)
    return logp, mpmath.atan2(1, -z) / mpmath.pi, mpmath.atan2(1, z) / mpmath.pi


def _mp_laplace(c, x):
    y = (mpmath.mpf(x) - c["mu"]) / c["b"]
    low = mpmath.exp(-abs(y)) / 2
    logp = -mpmath.log(2 * mpmath.mpf(c["b"])) - abs(y)
    return (logp, low, 1 - low) if y <= 0 else (logp, 1 - low, low)


def _mp_logistic(c, x):
    z = (mpmath.mpf(x) - c["mu"]) / c["s"]
    logp = -z - mpmath.log(c["s"]) - 2 * mpmath.log1p(mpmath.exp(-z))
    return logp, 1 / (1 + mpmath.exp(-z)), 1 / (1 + mpmath.exp(z))


def _mp_half_normal(c, x):
    z = mpmath.mpf(x) / c["sigma"]
    logp = mpmath.log(2) - z * z / 2 - mpmath.log(c["sigma"]) - mpmath.log(2 * mpmath.pi) / 2
    return logp, mpmath.erf(z / mpmath.sqrt(2)), mpmath.erfc(z / mpmath.sqrt(2))


def _mp_discrete_weibull(c, x):
    log_q, b, j = mpmath.log(c["q"]), mpmath.mpf(c["beta"]), mpmath.floor(x)
    log_sf, log_head = (j + 1) ** b * log_q, j**b * log_q
    return log_head + mpmath.log(-mpmath.expm1(log_sf - log_head)), -mpmath.expm1(log_sf), mpmath.exp(log_sf)


def _mp_uniform(c, x):
    lower, upper, x = mpmath.mpf(c["lower"]), mpmath.mpf(c["upper"]), mpmath.mpf(x)
    width = upper - lower
    return -mpmath.log(width), (x - lower) / width, (upper - x) / width


#: Families whose scipy ``logsf`` is ``log(1 - cdf)`` (wrong near the upper end): logccdf is
#: compared with these closed forms instead.
MPMATH_SURVIVAL = {"Uniform": _mp_uniform}


def _mp_weibull(c, x):
    a, b, x = mpmath.mpf(c["alpha"]), mpmath.mpf(c["beta"]), mpmath.mpf(x)
    u = (x / b) ** a
    return mpmath.log(a / b) + (a - 1) * mpmath.log(x / b) - u, -mpmath.expm1(-u), mpmath.exp(-u)


def _mp_gumbel(c, x):
    z = (mpmath.mpf(x) - c["mu"]) / c["beta"]
    return -mpmath.log(c["beta"]) - z - mpmath.exp(-z), mpmath.exp(-mpmath.exp(-z)), -mpmath.expm1(-mpmath.exp(-z))


def _mp_pareto(c, x):
    a, log_r = mpmath.mpf(c["alpha"]), mpmath.log(mpmath.mpf(x) / c["m"])
    return mpmath.log(a / c["m"]) - (a + 1) * log_r, -mpmath.expm1(-a * log_r), mpmath.exp(-a * log_r)


def _mp_triangular(c, x):
    lo, up, mode, x = (mpmath.mpf(v) for v in (c["lower"], c["upper"], c["c"], x))
    w = up - lo
    if x <= mode:
        cdf = (x - lo) ** 2 / (w * (mode - lo))
        return mpmath.log(2 * (x - lo) / (w * (mode - lo))), cdf, ((up - mode) * (mode - lo) + (mode - x) * (x + mode - 2 * lo)) / (w * (mode - lo))
    sf = (up - x) ** 2 / (w * (up - mode))
    return mpmath.log(2 * (up - x) / (w * (up - mode))), ((mode - lo) * (up - mode) + (x - mode) * (2 * up - x - mode)) / (w * (up - mode)), sf


def _mp_kumaraswamy(c, x):
    a, b, x = mpmath.mpf(c["a"]), mpmath.mpf(c["b"]), mpmath.mpf(x)
    rest = mpmath.log1p(-(x**a))  # log(1 - x^a)
    return mpmath.log(a * b) + (a - 1) * mpmath.log(x) + (b - 1) * rest, -mpmath.expm1(b * rest), mpmath.exp(b * rest)


def _mp_inverse_gamma(c, x):
    a, b, x = mpmath.mpf(c["alpha"]), mpmath.mpf(c["beta"]), mpmath.mpf(x)
    logp = a * mpmath.log(b) - mpmath.loggamma(a) - (a + 1) * mpmath.log(x) - b / x
    return logp, mpmath.gammainc(a, b / x, mpmath.inf, regularized=True), mpmath.gammainc(a, 0, b / x, regularized=True)


def _mp_chi_squared(c, x):
    return _mp_gamma({"alpha": mpmath.mpf(c["nu"]) / 2, "beta": mpmath.mpf(1) / 2}, x)


def _mp_beta(c, x):
    a, b, x = mpmath.mpf(c["alpha"]), mpmath.mpf(c["beta"]), mpmath.mpf(x)
    logp = (a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - mpmath.log(mpmath.beta(a, b))
    return logp, mpmath.betainc(a, b, 0, x, regularized=True), mpmath.betainc(b, a, 0, 1 - x, regularized=True)


def _mp_half_student_t(c, x):
    nu, z = mpmath.mpf(c["nu"]), mpmath.mpf(x) / c["sigma"]
    logp = (
        mpmath.log(2)
        + mpmath.loggamma((nu + 1) / 2)
        - mpmath.loggamma(nu / 2)
        - mpmath.log(nu * mpmath.pi) / 2
        - mpmath.log(c["sigma"])
        - (nu + 1) / 2 * mpmath.log1p(z * z / nu)
    )
    cdf = mpmath.betainc(mpmath.mpf(1) / 2, nu / 2, 0, z * z / (nu + z * z), regularized=True)
    sf = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, nu / (nu + z * z), regularized=True)
    return logp, cdf, sf


def _mp_asymmetric_laplace(c, x):
    kappa, b, y = mpmath.mpf(c["kappa"]), mpmath.mpf(c["b"]), mpmath.mpf(c["b"]) * (mpmath.mpf(x) - c["mu"])
    norm = mpmath.log(b / (kappa + 1 / kappa))
    if y < 0:
        low = kappa**2 / (1 + kappa**2) * mpmath.exp(y / kappa)
        return norm + y / kappa, low, 1 - low
    high = mpmath.exp(-kappa * y) / (1 + kappa**2)
    return norm - kappa * y, 1 - high, high


def _mp_binomial_mass(c, x):
    n, p, x = mpmath.mpf(c["n"]), mpmath.mpf(c["p"]), mpmath.mpf(x)
    return mpmath.log(mpmath.binomial(n, x)) + x * mpmath.log(p) + (n - x) * mpmath.log1p(-p)


def _mp_negative_binomial_mass(c, x):
    mu, alpha, x = mpmath.mpf(c["mu"]), mpmath.mpf(c["alpha"]), mpmath.mpf(x)
    log_choose = mpmath.loggamma(x + alpha) - mpmath.loggamma(alpha) - mpmath.loggamma(x + 1)
    return log_choose + alpha * mpmath.log(alpha / (mu + alpha)) + x * mpmath.log(mu / (mu + alpha))


def _mp_hyper_geometric_mass(c, x):
    N, k, n = (mpmath.mpf(c[v]) for v in ("N", "k", "n"))
    x = mpmath.mpf(x)
    return mpmath.log(mpmath.binomial(k, x) * mpmath.binomial(N - k, n - x) / mpmath.binomial(N, n))


def _mp_hyper_geometric(c, x):
    N, k, n = (int(c[v]) for v in ("N", "k", "n"))
    lower, upper = max(0, n - N + k), min(k, n)

    def mass(j):
        return mpmath.binomial(k, j) * mpmath.binomial(N - k, n - j) / mpmath.binomial(N, n)

    j = int(math.floor(x))
    cdf = mpmath.fsum(mass(i) for i in range(lower, j + 1))
    sf = mpmath.fsum(mass(i) for i in range(j + 1, upper + 1))
    return mpmath.log(mass(j)), cdf, sf


def _mp_logit_normal(c, x):
    x = mpmath.mpf(x)
    log_x, log_rest = mpmath.log(x), mpmath.log1p(-x)
    z = (log_x - log_rest - c["mu"]) / c["sigma"]
    logp = -z * z / 2 - mpmath.log(2 * mpmath.pi * mpmath.mpf(c["sigma"]) ** 2) / 2 - log_x - log_rest
    return logp, mpmath.ncdf(z), mpmath.ncdf(-z)


def _mp_truncated_normal(c, x):
    mu, sigma = mpmath.mpf(c["mu"]), mpmath.mpf(c["sigma"])
    z, a, b = ((mpmath.mpf(v) - mu) / sigma for v in (x, c["lower"], c["upper"]))

    def mass(lo, hi):  # Phi(hi) - Phi(lo) from the tail each side lies in
        if lo >= 0:
            return (mpmath.erfc(lo / mpmath.sqrt(2)) - mpmath.erfc(hi / mpmath.sqrt(2))) / 2
        if hi <= 0:
            return (mpmath.erfc(-hi / mpmath.sqrt(2)) - mpmath.erfc(-lo / mpmath.sqrt(2))) / 2
        return mpmath.ncdf(hi) - mpmath.ncdf(lo)

    total = mass(a, b)
    return -z * z / 2 - mpmath.log(2 * mpmath.pi * sigma**2) / 2 - mpmath.log(total), mass(a, z) / total, mass(z, b) / total


def _mp_skew_normal(c, x):
    # quadrature of the density over the side away from the mode, relative to its value at z (quad's
    # tolerance is absolute), cut at the decay lengths of the thin and the normal tail
    a, z = mpmath.mpf(c["alpha"]), (mpmath.mpf(x) - c["mu"]) / c["sigma"]
    at_z = 2 * mpmath.npdf(z) * mpmath.ncdf(a * z)
    side = -1 if z < 0 else 1  # the smaller side in the far tails
    steps = {1 / ((1 + a * a) * abs(z) + 1), 1 / (abs(z) + 1), 1 / mpmath.sqrt(1 + a * a)}
    cuts = sorted({mpmath.mpf(0)} | {d * 2**k for d in steps for k in range(-3, 10)} | {abs(z) + 40})
    small = mpmath.quad(lambda w: 2 * mpmath.npdf(z + side * w) * mpmath.ncdf(a * (z + side * w)) / at_z, cuts) * at_z
    logp = mpmath.log(at_z / c["sigma"])
    return (logp, small, 1 - small) if side < 0 else (logp, 1 - small, small)


#: Far-tail points (often beyond what scipy gets right): (family, params, points, closed form).
MPMATH_TAILS = [
    # the thin tail (~ phi(z) Phi(alpha z)) and the normal-like one, at |z| = 10 and 30, alpha = +-2, 5
    ("SkewNormal", {"mu": 0.0, "sigma": 1.0, "alpha": 2.0}, [-30.0, -10.0, -1.0, 10.0, 30.0], _mp_skew_normal),
    ("SkewNormal", {"mu": 1.0, "sigma": 2.0, "alpha": 5.0}, [1 - 2 * 30.0, 1 - 2 * 10.0, 1 + 2 * 10.0, 1 + 2 * 30.0], _mp_skew_normal),
    ("SkewNormal", {"mu": 0.0, "sigma": 1.0, "alpha": -2.0}, [-30.0, -10.0, 1.0, 10.0, 30.0], _mp_skew_normal),
    ("HyperGeometric", {"N": 500.0, "k": 200.0, "n": 100.0}, [0.0, 5.0, 20.0, 70.0, 99.0], _mp_hyper_geometric),
    ("LogitNormal", {"mu": 0.5, "sigma": 0.7}, [1e-300, 1e-20, 0.5, 1 - 1e-12, 1 - 1e-16], _mp_logit_normal),
    ("Weibull", {"alpha": 2.5, "beta": 3.0}, [1e-300, 1e-100, 1e-3, 30.0, 200.0, 1e3], _mp_weibull),
    ("Weibull", {"alpha": 0.3, "beta": 0.5}, [1e-300, 1e-30, 1e5, 1e8], _mp_weibull),
    ("Gumbel", {"mu": 1.0, "beta": 2.0}, [-6.0, -12.0, 40.0, 200.0, 1500.0, 1e6], _mp_gumbel),
    ("Pareto", {"alpha": 3.0, "m": 2.0}, [2.0 + 1e-14, 2.000001, 1e3, 1e100, 1e300], _mp_pareto),
    ("Triangular", {"lower": 0.0, "upper": 1.0, "c": 1e-9}, [1e-300, 5e-10, 2e-9, 0.5, 1 - 1e-12], _mp_triangular),
    ("Kumaraswamy", {"a": 2.0, "b": 5.0}, [1e-300, 1e-20, 0.99, 1 - 1e-12], _mp_kumaraswamy),
    ("Kumaraswamy", {"a": 0.2, "b": 0.3}, [1e-300, 1e-100, 0.9999, 1 - 1e-15], _mp_kumaraswamy),
    ("InverseGamma", {"alpha": 3.0, "beta": 2.0}, [1e-3, 0.02, 1e3, 1e8, 1e300], _mp_inverse_gamma),
    ("InverseGamma", {"alpha": 200.0, "beta": 100.0}, [0.1, 0.4, 0.7, 2.0], _mp_inverse_gamma),
    ("ChiSquared", {"nu": 3.0}, [1e-300, 1e-10, 80.0, 1000.0], _mp_chi_squared),
    ("Beta", {"alpha": 2.0, "beta": 3.0}, [1e-300, 1e-20, 0.999999, 1 - 1e-15], _mp_beta),
    ("Beta", {"alpha": 0.01, "beta": 0.02}, [1e-300, 1e-10, 0.5, 1 - 1e-12], _mp_beta),
    ("Beta", {"alpha": 3e3, "beta": 1e3}, [0.6, 0.7, 0.75, 0.8, 0.85], _mp_beta),
    (
        "Normal",
        {"mu": 1.0, "sigma": 2.0},
        [1 - 2 * 40.0, 1 - 2 * 100.0, 1 + 2 * 9.0, 1 + 2 * 30.0, -2e5],
        _mp_normal,
    ),
    ("StudentT", {"nu": 50.0, "mu": 0.0, "sigma": 1.0}, [-1e4, -1e9, -1e12, 40.0, 1e3, 1e9], _mp_student_t),
    ("StudentT", {"nu": 0.5, "mu": 1.0, "sigma": 2.0}, [-1e30, -1e100, 1e30, 1e100], _mp_student_t),
    ("Gamma", {"alpha": 50.0, "beta": 20.0}, [1e-6, 1e-3, 20.0, 40.0], _mp_gamma),
    ("Gamma", {"alpha": 0.2, "beta": 1.0}, [1e-300, 1e-100, 200.0, 700.0], _mp_gamma),
    ("Exponential", {"lam": 20.0}, [1e-300, 1e-20, 30.0, 35.0], _mp_exponential),
    ("Poisson", {"mu": 50.0}, [0.0, 2.0, 200.0, 300.0], _mp_poisson),
    ("Poisson", {"mu": 0.1}, [10.0, 30.0, 100.0], _mp_poisson),
    ("Binomial", {"n": 100.0, "p": 0.98}, [0.0, 3.0, 50.0, 99.0], _mp_binomial),
    ("Binomial", {"n": 90.0, "p": 0.001}, [30.0, 60.0, 89.0], _mp_binomial),
    ("NegativeBinomial", {"mu": 50.0, "alpha": 50.0}, [0.0, 3.0, 400.0, 600.0], _mp_negative_binomial),
    ("NegativeBinomial", {"mu": 0.5, "alpha": 0.1}, [50.0, 500.0], _mp_negative_binomial),
    ("Moyal", {"mu": 1.0, "sigma": 2.0}, [1 - 2 * 30.0, 1 - 2 * 8.0, 1 + 2 * 40.0, 1 + 2 * 600.0], _mp_moyal),
    ("Wald", {"mu": 1.0, "lam": 2.0, "alpha": 0.5}, [0.501, 0.52, 30.5, 300.5, 3000.5], _mp_wald),
    ("Wald", {"mu": 0.1, "lam": 100.0, "alpha": 0.0}, [0.03, 0.2, 0.5], _mp_wald),
    ("VonMises", {"mu": 0.0, "kappa": 50.0}, [-3.1, -2.0, 2.5, 3.14], _mp_von_mises),
    ("VonMises", {"mu": 2.0, "kappa": 5.0}, [-3.14159, -3.0, 1.0, 3.1], _mp_von_mises),
    ("Rice", {"nu": 2.0, "sigma": 1.0}, [1e-8, 0.05, 12.0, 30.0], _mp_rice),
    ("Rice", {"nu": 30.0, "sigma": 0.5}, [20.0, 28.0, 33.0, 40.0], _mp_rice),
    ("ExGaussian", {"mu": 1.0, "sigma": 2.0, "nu": 0.5}, [1 - 2 * 40.0, 1 - 2 * 8.0, 1 + 2 * 30.0, 300.0], _mp_ex_gaussian),
    ("ExGaussian", {"mu": 0.0, "sigma": 1.0, "nu": 100.0}, [-38.0, -3.0, 3000.0, 40000.0], _mp_ex_gaussian),
    # nu << sigma: scipy loses (sigma/nu)^2 eps; the density is exact here (no switch to a Normal)
    ("ExGaussian", {"mu": 1.0, "sigma": 1.0, "nu": 1e-3}, [-5.0, 0.0, 1.0, 4.0], _mp_ex_gaussian),
    ("Geometric", {"p": 1e-9}, [1.0, 5.0, 1e6, 3e10, 1e12], _mp_geometric),
    ("Geometric", {"p": 0.999}, [1.0, 2.0, 7.0, 90.0], _mp_geometric),
    ("Cauchy", {"alpha": 1.0, "beta": 2.0}, [-1e300, -1e20, -3e11, 3e11, 1e20, 1e300], _mp_cauchy),
    ("Laplace", {"mu": 1.0, "b": 2.0}, [-1400.0, -1e-9, 3e-9, 60.0, 1400.0], _mp_laplace),
    ("Logistic", {"mu": 1.0, "s": 2.0}, [-1400.0, -80.0, 1.000001, 80.0, 1400.0], _mp_logistic),
    ("HalfNormal", {"sigma": 2.0}, [1e-300, 1e-9, 3.0, 40.0, 70.0], _mp_half_normal),
    ("DiscreteWeibull", {"q": 0.9, "beta": 0.5}, [0.0, 1.0, 1e3, 1e5, 1e8], _mp_discrete_weibull),
    ("DiscreteWeibull", {"q": 0.3, "beta": 2.5}, [0.0, 1.0, 6.0, 20.0], _mp_discrete_weibull),
    ("HalfStudentT", {"nu": 0.5, "sigma": 2.0}, [1e-200, 1e-9, 3.0, 1e30, 1e100], _mp_half_student_t),
    ("HalfStudentT", {"nu": 50.0, "sigma": 1.0}, [1e-12, 0.5, 40.0, 1e3, 1e9], _mp_half_student_t),
    ("AsymmetricLaplace", {"kappa": 2.0, "mu": 1.0, "b": 0.5}, [-3000.0, -1e-9, 1.0 + 1e-9, 50.0, 700.0], _mp_asymmetric_laplace),
    # points 1e-12 sigma inside a bound, truncation 30 sigma out, [-40, -39] sigma, +-1e-8 sigma: scipy
    # loses 1e-3 .. 1e-7 of relative accuracy in each
    ("TruncatedNormal", {"mu": 0.0, "sigma": 1.0, "lower": 30.0, "upper": INF}, [30.0 + 1e-12, 30.01, 31.0, 35.0, 60.0], _mp_truncated_normal),
    ("TruncatedNormal", {"mu": 0.0, "sigma": 1.0, "lower": -40.0, "upper": -39.0}, [-40.0 + 1e-10, -39.5, -39.0 - 1e-10], _mp_truncated_normal),
    ("TruncatedNormal", {"mu": 0.0, "sigma": 1.0, "lower": -1e-8, "upper": 1e-8}, [-9e-9, 0.0, 9e-9, 1e-8 - 1e-20], _mp_truncated_normal),
    ("TruncatedNormal", {"mu": 1.3, "sigma": 2.7, "lower": 0.4, "upper": 5.1}, [0.4 + 2.7e-12, 3.0, 5.1 - 1e-11], _mp_truncated_normal),
    ("TruncatedNormal", {"mu": 2.0, "sigma": 0.5, "lower": -INF, "upper": 2.0 - 0.5 * 35.0}, [-40.0, -16.0, -15.5 - 1e-9], _mp_truncated_normal),
    ("TruncatedNormal", {"mu": 2000.0, "sigma": 0.5, "lower": -6.0, "upper": 6.0}, [-5.99, 0.0, 5.9999], _mp_truncated_normal),
]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def front(name):
    """The front-end class of a registered family (``numbamix.Normal``, ...)."""
    return getattr(numbamix, name)


def is_count(param):
    return param.domain is COUNT


def valid_param(param, fraction):
    """A value at ``fraction`` of ``param``'s typical range (an integer for counts)."""
    lo, hi = param.typical
    value = lo + fraction * (hi - lo)
    return float(math.floor(value)) if is_count(param) else float(value)


def satisfies(family, params, parametrization=None):
    """Whether ``params`` lie in their domains and meet the family's constraint."""
    spec = parametrization.params if parametrization is not None else family.params
    for p in spec:
        if not np.all(p.domain.contains(np.asarray(params[p.name], dtype=float))):
            return False
    if family.constraint is not None and parametrization is None:
        ok, _ = family.constraint({k: np.asarray(v, dtype=float) for k, v in params.items()})
        return bool(np.all(ok))
    return True


def fixed_params(family, spec=None):
    """Deterministic parameter sets from the typical ranges of ``spec`` (default canonical)."""
    spec = family.params if spec is None else spec
    patterns = [
        [0.5] * len(spec),
        [0.0] * len(spec),
        [1.0] * len(spec),
        [0.0 if i % 2 == 0 else 1.0 for i in range(len(spec))],
        [1.0 if i % 2 == 0 else 0.0 for i in range(len(spec))],
    ]
    sets = []
    for pattern in patterns:
        params = {p.name: valid_param(p, f) for p, f in zip(spec, pattern)}
        if params not in sets:
            sets.append(params)
    return sets


def all_fixed_params():
    cases = []
    for name in NAMES:
        family = FAMILIES[name]
        sets = fixed_params(family) + EXTRA_PARAMS.get(name, [])
        for params in sets:
            if satisfies(family, params):
                cases.append(
                    pytest.param(name, params, id=f"{name}-" + "-".join(f"{v:g}" for v in params.values()))
                )
    return cases


FIXED = all_fixed_params()


def alternative_strategy(alt):
    """Hypothesis strategy for a dict of an alternative parametrisation's parameters
    inside their typical ranges (``strategies.params`` covers the canonical one only)."""
    parts = {}
    for p in alt.params:
        lo, hi = p.typical
        if is_count(p):
            parts[p.name] = st.integers(math.ceil(lo), math.floor(hi)).map(float)
        else:
            parts[p.name] = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return st.fixed_dictionaries(parts)


def build(name, params):
    return front(name).dist(**params)


def assert_close(actual, expected, rtol=RTOL, atol=ATOL, what="", x=None):
    """Elementwise ``|a - e| <= atol + rtol |e|``; infinities and nan must match exactly."""
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, (what, actual.shape, expected.shape)
    nan_a, nan_e = np.isnan(actual), np.isnan(expected)
    inf_a, inf_e = np.isinf(actual), np.isinf(expected)
    bad = (nan_a != nan_e) | (inf_a != inf_e) | (inf_a & inf_e & (actual != expected))
    finite = ~(nan_a | nan_e | inf_a | inf_e)
    with np.errstate(invalid="ignore"):
        bad |= finite & ~(np.abs(actual - expected) <= atol + rtol * np.abs(expected))
    if bad.any():
        idx = np.flatnonzero(bad.ravel())[:8]
        xs = np.broadcast_to(np.asarray(x), actual.shape).ravel()[idx] if x is not None else idx
        rows = "\n".join(
            f"  x={xv!r}: got {a!r}, expected {e!r}"
            for xv, a, e in zip(xs, actual.ravel()[idx], expected.ravel()[idx])
        )
        raise AssertionError(f"{what}: {int(bad.sum())} of {bad.size} values differ\n{rows}")


def continuous_points(ref):
    """Quantile grid and far points (median +- 40 IQR-sigmas) inside the support.

    Points within a few ulps of a finite support edge are left out: there the
    reference's own rounding (e.g. ``loc + scale`` for the uniform) decides
    which side of the edge a point is on; the edges are tested on their own.
    """
    lo, hi = ref.support()
    x = ref.ppf(QUANTILES)
    median = ref.median()
    scale = (ref.ppf(0.75) - ref.ppf(0.25)) / 1.349
    far = median + scale * np.array([-40.0, -20.0, 20.0, 40.0])
    x = np.unique(np.concatenate([x, far]))
    keep = (x > lo) & (x < hi)
    for edge in (lo, hi):
        if np.isfinite(edge):
            keep &= np.abs(x - edge) > 16 * np.spacing(abs(edge))
    return x[keep]


def discrete_top(ref):
    """An upper end for sums over a discrete support: several means and past the 1e-15 tail."""
    top = max(ref.isf(1e-15), 4.0 * ref.mean() + 10.0)
    _, hi = ref.support()
    return int(min(top, hi))


def discrete_points(ref):
    top = discrete_top(ref)
    ints = np.arange(0.0, top + 1.0)
    halves = ints[: min(60, ints.size)] + 0.5
    return np.concatenate([ints, halves])


def reference_logp(family, ref, x):
    return ref.logpmf(x) if family.discrete else ref.logpdf(x)


# ---------------------------------------------------------------------------
# 0. the registry itself
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_registry_entry_is_complete(name):
    family = FAMILIES[name]
    assert family.name == name
    assert front(name).family is family
    assert getattr(nk, name) is family.make_kernel
    assert len(set(family.names)) == len(family.names)
    for parametrization in family.parametrizations:
        for p in parametrization.params:
            lo, hi = p.typical
            assert lo < hi
            assert np.all(p.domain.contains(np.array([lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo)])))
            if p.default is not None:
                assert p.domain.contains(np.asarray(float(p.default)))
    for params in fixed_params(family):
        ref = family.reference(**params)
        assert hasattr(ref, "cdf")


def test_registry_refuses_unknown_shared_values():
    from numbamix.families import normal
    from numbamix.families._registry import register

    spec = dict(params=FAMILIES["Normal"].params, discrete=False, reference=FAMILIES["Normal"].reference)
    with pytest.raises(ValueError, match=r"shared_values of Normal must be among \('log', 'log_factorial'\)"):
        register(dict(vars(normal)), "Normal", shared_values=("sqrt",), **spec)
    with pytest.raises(ValueError, match="family 'Normal' is already registered"):
        register(dict(vars(normal)), "Normal", **spec)


@pytest.mark.parametrize("name", NAMES)
def test_toolkit_on_registry_entry(name):
    """Every check of ``numbamix.testing`` from the registry entry alone."""
    family = FAMILIES[name]
    checks.check_distribution(
        lambda **p: getattr(numbamix, name).dist(**p),
        params=strategies.params(family),
        reference=family.reference,
        max_examples=family_examples(name),
    )


# ---------------------------------------------------------------------------
# 1. logp / logcdf against the references
# ---------------------------------------------------------------------------


def check_against_reference(name, params):
    family = FAMILIES[name]
    dist = build(name, params)
    ref = family.reference(**params)
    x = discrete_points(ref) if family.discrete else continuous_points(ref)
    with np.errstate(all="ignore"):
        # logp, logcdf and logccdf (vs scipy's logsf, or a closed form where that is inaccurate)
        if name in MPMATH_SURVIVAL:
            closed_form = MPMATH_SURVIVAL[name]

            def log_survival(points):
                return np.array([float(mpmath.log(closed_form(params, xi)[2])) for xi in points])

            ref_logp = ref.logpmf if family.discrete else ref.logpdf
            ref = checks.from_callables(ref_logp, ref.logcdf, discrete=family.discrete, logccdf=log_survival)
        checks.check_matches_reference(dist, ref, x, rtol=RTOL, atol=ATOL)
        ref = family.reference(**params)
        checks.check_complement(dist, x)
        logcdf = dist.logcdf(x)
        # upper tail: log(1 - cdf) must match logsf, so logcdf ~ -sf keeps relative accuracy
        log_sf = np.log(-np.expm1(logcdf))
        ref_log_sf = ref.logsf(x)
    upper = (logcdf > -math.log(2.0)) & (logcdf < -1e-290) & np.isfinite(ref_log_sf)
    upper &= ref_log_sf > -690.0  # scipy's sf is subnormal / underflows past here
    assert_close(log_sf[upper], ref_log_sf[upper], rtol=1e-9, what=f"{name}({params}) log survival", x=x[upper])


@pytest.mark.parametrize("name, params", FIXED)
def test_logp_logcdf_match_reference(name, params):
    check_against_reference(name, params)


@pytest.mark.parametrize("name", NAMES)
def test_logp_logcdf_match_reference_hypothesis(name):
    # typical parameters only: at the extremes scipy itself is not accurate to 1e-10
    # (e.g. a Binomial logcdf with p = 1 - 5e-5); test_toolkit_on_registry_entry covers them
    def check(data):
        check_against_reference(name, data.draw(strategies.params(FAMILIES[name], extreme=False), label="params"))

    run_examples(name, check)


@pytest.mark.parametrize(
    "name, params, points, closed_form",
    [pytest.param(*case, id=f"{case[0]}-{i}") for i, case in enumerate(MPMATH_TAILS) if case[0] in FAMILIES],
)
def test_far_tails_against_mpmath(name, params, points, closed_form):
    dist = build(name, params)
    x = np.array(points)
    logp, logcdf, logccdf = dist.logp(x), dist.logcdf(x), dist.logccdf(x)
    for i, xi in enumerate(points):
        mp_logp, cdf, sf = closed_form(params, xi)
        # log cdf and log sf from whichever side is accurate: log(cdf), or log1p(-sf) in the upper tail
        mp_logcdf = mpmath.log(cdf) if cdf < sf else mpmath.log1p(-sf)
        mp_logccdf = mpmath.log(sf) if sf < cdf else mpmath.log1p(-cdf)
        assert_close(logp[i], float(mp_logp), what=f"{name}({params}) logp", x=xi)
        assert_close(logcdf[i], float(mp_logcdf), atol=0.0, what=f"{name}({params}) logcdf", x=xi)
        assert_close(logccdf[i], float(mp_logccdf), atol=0.0, what=f"{name}({params}) logccdf", x=xi)


@pytest.mark.parametrize("name, params", FIXED)
def test_out_of_support_nan_and_infinities(name, params):
    family = FAMILIES[name]
    dist = build(name, params)
    checks.check_support_edges(dist)
    assert dist.logp(np.array([-INF, INF])).tolist() == [-INF, -INF]
    assert dist.logcdf(np.array([-INF, INF])).tolist() == [-INF, 0.0]
    assert dist.logccdf(np.array([-INF, INF])).tolist() == [0.0, -INF]
    lo, _ = family.reference(**params).support()
    if not family.discrete and np.isfinite(lo):
        # the lower edge is exact in the reference (``loc`` or 0): compare there too
        with np.errstate(all="ignore"):
            checks.check_matches_reference(dist, family.reference(**params), [lo], rtol=RTOL, atol=ATOL)
    if family.discrete:
        # the cdf of a count is a step function: logcdf(x) = logcdf(floor(x))
        inside = np.array([0.5, 1.25, 2.999, 1e-9])
        assert_close(dist.logcdf(inside), dist.logcdf(np.floor(inside)), rtol=0, atol=0)


# ---------------------------------------------------------------------------
# 2. properties: normalisation, monotone cdf, cdf = integral of the density
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, params", FIXED)
def test_normalised_monotone_and_consistent(name, params):
    family = FAMILIES[name]
    dist = build(name, params)
    ref = family.reference(**params)
    checks.check_normalisation(dist, rtol=1e-8)
    if family.discrete:
        points = discrete_points(ref)
        grid = points
    else:
        points = ref.ppf([1e-6, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999])
        grid = np.concatenate([ref.ppf(np.linspace(1e-9, 1 - 1e-9, 2001)), continuous_points(ref)])
    checks.check_cdf_matches_pdf(dist, points, rtol=1e-8, atol=1e-9)
    checks.check_cdf_monotone(dist, grid)


# ---------------------------------------------------------------------------
# 3. draws
# ---------------------------------------------------------------------------

N_DRAWS = 20000


@pytest.mark.parametrize("name, params", FIXED)
def test_draws_match_reference(name, params):
    family = FAMILIES[name]
    dist = build(name, params)
    seed = 20240611
    draws = dist.random(size=N_DRAWS, rng=seed)
    assert draws.shape == (N_DRAWS,)
    assert draws.dtype == (np.int64 if family.discrete else np.float64)
    assert dist.dtype == ("int64" if family.discrete else "float64")
    assert np.array_equal(draws, dist.random(size=N_DRAWS, rng=seed))
    checks.check_sampler(dist, n=N_DRAWS, seed=seed, alpha=1e-4)
    checks.check_moments(dist, seed=seed)


@pytest.mark.parametrize("name", NAMES)
def test_draws_reproducible_and_seedable(name):
    family = FAMILIES[name]
    dist = build(name, fixed_params(family)[0])
    a = dist.random(size=(50, 3), rng=np.random.default_rng(123))
    b = dist.random(size=(50, 3), rng=np.random.default_rng(123))
    assert a.shape == (50, 3)
    assert np.array_equal(a, b)
    assert not np.array_equal(dist.random(size=200, rng=1), dist.random(size=200, rng=2))
    assert np.shape(dist.random(rng=5)) == ()
    assert dist.random(size=7).shape == (7,)  # fresh entropy


# ---------------------------------------------------------------------------
# 4. mean and support point
# ---------------------------------------------------------------------------


def check_mean_and_support_point(name, params):
    family = FAMILIES[name]
    dist = build(name, params)
    ref = family.reference(**params)
    mean = np.asarray(dist.mean())
    assert mean.shape == ()
    expected = ref.mean()
    if np.isnan(expected) or np.isinf(expected):
        assert np.isnan(mean), (params, mean, expected)
    else:
        assert_close(mean, expected, rtol=1e-12, atol=1e-14, what=f"{name}({params}) mean")

    point = np.asarray(dist.support_point())
    assert point.shape == ()
    assert point.dtype == (np.int64 if family.discrete else np.float64)
    lo, hi = ref.support()
    assert lo <= point <= hi
    rule = SUPPORT_POINT_RULES.get(name)
    if rule is not None:
        assert_close(point, rule(**params), rtol=1e-14, atol=0.0, what=f"{name}({params}) support point")


@pytest.mark.parametrize("name, params", FIXED)
def test_mean_and_support_point(name, params):
    check_mean_and_support_point(name, params)


@pytest.mark.parametrize("name", NAMES)
def test_mean_and_support_point_hypothesis(name):
    run_examples(
        name, lambda data: check_mean_and_support_point(name, data.draw(strategies.params(FAMILIES[name]), label="params"))
    )


def test_gamma_logp_accurate_for_large_shape():
    if "Gamma" not in FAMILIES:
        pytest.skip("no Gamma family")
    dist = numbamix.Gamma.dist(mu=20.0, sigma=0.1)
    alpha, beta = float(dist.params["alpha"]), float(dist.params["beta"])
    x = (
        FAMILIES["Gamma"]
        .reference(alpha=alpha, beta=beta)
        .ppf([1e-9, 0.04, 0.05, 0.06, 0.5, 0.95, 0.96, 0.999])
    )
    expected = [float(_mp_gamma({"alpha": alpha, "beta": beta}, xi)[0]) for xi in x]
    assert_close(dist.logp(x), expected, what="Gamma(mu=20, sigma=0.1) logp vs mpmath", x=x)


@pytest.mark.parametrize("mu, x", [(1e9, 999810339.0), (1e8, 1e8), (1e6, 1003000.0), (0.1, 1e5), (5e4, 4e4)])
def test_poisson_logp_exact_for_huge_counts(mu, x):
    # x log mu - mu - log x! summed directly loses ~mu * eps (1.4e-7 relative at mu = 1e9)
    exact = mpmath.mpf(x) * mpmath.log(mu) - mu - mpmath.loggamma(mpmath.mpf(x) + 1)
    assert_close(numbamix.Poisson.dist(mu).logp(x), float(exact), what="Poisson logp vs mpmath", x=x)


@pytest.mark.parametrize(
    "name, params, x",
    [
        ("Binomial", {"n": 1e6, "p": 0.3}, [3e5, 299000.0, 302500.0, 1.0, 999999.0]),
        ("Binomial", {"n": 1e9, "p": 1e-3}, [1e6, 1001000.0, 0.0]),
        ("HyperGeometric", {"N": 1e6, "k": 4e5, "n": 2e5}, [8e4, 79500.0, 81000.0]),
        ("NegativeBinomial", {"mu": 1e6, "alpha": 50.0}, [1e6, 999000.0, 1003000.0, 2e5, 3e6]),
        ("NegativeBinomial", {"mu": 1e9, "alpha": 1e3}, [1e9, 1.01e9, 0.0, 5.0]),
        ("NegativeBinomial", {"mu": 3.0, "alpha": 1e8 + 0.3}, [0.0, 1.0, 3.0, 10.0]),
    ],
)
def test_logp_exact_for_huge_counts(name, params, x):
    # log-factorial sums lose ~ n log(n) eps absolutely (2e-10 relative near the mode at n = 1e6)
    if name not in FAMILIES:
        pytest.skip(f"no {name} family")
    closed_form = {
        "Binomial": _mp_binomial_mass, "HyperGeometric": _mp_hyper_geometric_mass,
        "NegativeBinomial": _mp_negative_binomial_mass,
    }[name]
    expected = [float(closed_form(params, xi)) for xi in x]
    assert_close(build(name, params).logp(np.array(x)), expected, rtol=1e-13, atol=0.0, what=f"{name} logp", x=x)


def test_student_t_mean_undefined_for_nu_at_most_one():
    if "StudentT" not in FAMILIES:
        pytest.skip("no StudentT family")
    for nu in (0.5, 1.0):
        assert np.isnan(numbamix.StudentT.dist(nu=nu, mu=3.0, sigma=1.0).mean())
    assert numbamix.StudentT.dist(nu=1.0 + 1e-9, mu=3.0, sigma=1.0).mean() == 3.0


# ---------------------------------------------------------------------------
# 5. parametrisations and shapes
# ---------------------------------------------------------------------------

ALTERNATIVES = [
    pytest.param(name, i, id=f"{name}-{'-'.join(alt.names)}")
    for name in NAMES
    for i, alt in enumerate(FAMILIES[name].alternatives)
]


def check_alternative(name, index, alt_params):
    family = FAMILIES[name]
    alt = family.alternatives[index]
    rule = ALTERNATIVE_RULES.get((name, alt.names))
    if rule is not None:
        canonical = {k: float(v) for k, v in rule(**alt_params).items()}
    else:  # unknown to this file: at least the front end must follow the registry's conversion
        values = {k: np.asarray(v, dtype=float) for k, v in alt_params.items()}
        canonical = {k: float(v) for k, v in alt.to_canonical(values).items()}
    dist_alt = front(name).dist(**alt_params)
    # (a) the conversion: the canonical parameters PyMC would use
    for k in family.names:
        assert_close(dist_alt.params[k], canonical[k], rtol=1e-13, atol=0.0, what=f"{name} param {k}")
    # (b) the same distribution as the canonical construction from those parameters
    # (compared with the converted values themselves: logp is not always well
    # conditioned in its parameters, e.g. Gamma with alpha ~ 4e4, so one ulp of
    # conversion rounding may move it by more than 1e-10)
    converted = {k: float(v) for k, v in dist_alt.params.items()}
    ref = family.reference(**converted)
    x = discrete_points(ref)[:200] if family.discrete else continuous_points(ref)
    with np.errstate(all="ignore"):
        if satisfies(family, converted):
            dist_can = front(name).dist(**converted)
            assert_close(
                dist_alt.logp(x), dist_can.logp(x), rtol=0, atol=0, what=f"{name}{alt_params} logp", x=x
            )
            assert_close(
                dist_alt.logcdf(x), dist_can.logcdf(x), rtol=0, atol=0, what=f"{name}{alt_params}", x=x
            )
        else:  # an edge the alternative allows but the canonical domain does not (NB p = 1: mu = 0)
            assert_close(
                dist_alt.logp(x), reference_logp(family, ref, x), what=f"{name}{alt_params} logp", x=x
            )
            assert_close(dist_alt.logcdf(x), ref.logcdf(x), what=f"{name}{alt_params} logcdf", x=x)


@pytest.mark.parametrize("name, index", ALTERNATIVES)
def test_alternative_parametrisation_fixed(name, index):
    family = FAMILIES[name]
    alt = family.alternatives[index]
    for alt_params in fixed_params(family, alt.params):
        if satisfies(family, alt_params, alt):
            check_alternative(name, index, alt_params)


@pytest.mark.parametrize("name, index", ALTERNATIVES)
def test_alternative_parametrisation_hypothesis(name, index):
    alt = FAMILIES[name].alternatives[index]
    run_examples(name, lambda data: check_alternative(name, index, data.draw(alternative_strategy(alt), label="params")))


def test_alternative_parametrisation_examples():
    x = np.linspace(-3.0, 3.0, 13)
    if "Normal" in FAMILIES:
        assert np.array_equal(numbamix.Normal.dist(tau=4.0).logp(x), numbamix.Normal.dist(sigma=0.5).logp(x))
    if "Exponential" in FAMILIES:
        assert_close(numbamix.Exponential.dist(scale=4.0).logp(x), numbamix.Exponential.dist(0.25).logp(x))
    if "Gamma" in FAMILIES:
        # mu = alpha / beta, sigma = sqrt(alpha) / beta
        assert_close(
            numbamix.Gamma.dist(mu=2.0, sigma=1.0).logcdf(x), numbamix.Gamma.dist(4.0, 2.0).logcdf(x)
        )
    if "NegativeBinomial" in FAMILIES:
        k = np.arange(20.0)
        assert_close(
            numbamix.NegativeBinomial.dist(n=3.0, p=0.25).logp(k),
            numbamix.NegativeBinomial.dist(9.0, 3.0).logp(k),
        )
    if "Binomial" in FAMILIES:
        k = np.arange(11.0)
        assert_close(
            numbamix.Binomial.dist(n=10, logit_p=0.0).logp(k), numbamix.Binomial.dist(10, 0.5).logp(k)
        )


@pytest.mark.parametrize("name", NAMES)
def test_defaults_and_positional_order(name):
    family = FAMILIES[name]
    params = fixed_params(family)[0]
    by_position = front(name).dist(*params.values())
    for k in family.names:
        assert by_position.params[k] == params[k]
    for p in family.params:
        if p.default is not None:
            rest = {k: v for k, v in params.items() if k != p.name}
            if satisfies(family, dict(rest, **{p.name: p.default})):
                assert front(name).dist(**rest).params[p.name] == p.default


def batch_params(family):
    """The first parameter as three valid values, the others scalars."""
    params = fixed_params(family)[0]
    first = family.params[0]
    params[first.name] = [valid_param(first, f) for f in (0.2, 0.5, 0.8)]
    return params


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("keyword", ["shape", "size"])
def test_shape_and_size_broadcast(name, keyword):
    family = FAMILIES[name]
    params = batch_params(family)
    dist = front(name).dist(**params, **{keyword: (4, 3)})
    assert dist.batch_shape == (4, 3)
    for k in family.names:
        assert dist.params[k].shape == (4, 3)
    assert front(name).dist(**params).batch_shape == (3,)

    ref = family.reference(
        **{k: np.broadcast_to(np.asarray(v, dtype=float), (4, 3)) for k, v in params.items()}
    )
    center = np.asarray(ref.median(), dtype=float)
    value = np.stack([center, center + 1.0])  # (2, 4, 3)
    if family.discrete:
        value = np.floor(value)
    with np.errstate(all="ignore"):
        assert_close(dist.logp(value), reference_logp(family, ref, value), what="logp (2, 4, 3)")
        assert_close(dist.logcdf(value), ref.logcdf(value), what="logcdf (2, 4, 3)")
    # a value broadcasting from the left and from a length-1 axis
    v = value[0, :1, :]  # (1, 3)
    assert dist.logp(v).shape == (4, 3)
    assert_close(dist.logp(v)[2], dist.logp(value[0, 0])[0])
    assert dist.logp(np.zeros((5, 1, 1, 1))).shape == (5, 1, 4, 3)
    assert dist.logp(np.zeros((5, 1, 1))).shape == (5, 4, 3)
    assert dist.logcdf(np.zeros((4, 1))).shape == (4, 3)
    assert dist.random(size=(2,), rng=3).shape == (2, 4, 3)
    assert dist.mean().shape == (4, 3)
    assert dist.support_point().shape == (4, 3)


@pytest.mark.parametrize("name", NAMES)
def test_shape_mismatches_name_both_shapes(name):
    family = FAMILIES[name]
    params = batch_params(family)
    with pytest.raises(ValueError, match=re.escape("(3,)") + ".*" + re.escape("(4, 2)")):
        front(name).dist(**params, shape=(4, 2))
    with pytest.raises(ValueError, match=re.escape("(3,)") + ".*" + re.escape("(2,)")):
        front(name).dist(**params, size=2)
    with pytest.raises(ValueError, match="shape or size"):
        front(name).dist(**params, shape=(4, 3), size=(4, 3))
    dist = front(name).dist(**params, shape=(4, 3))
    for method in (dist.logp, dist.logcdf):
        with pytest.raises(ValueError, match=re.escape("(2, 2)") + ".*" + re.escape("(4, 3)")):
            method(np.zeros((2, 2)))
    # two parameters that do not broadcast against each other
    if len(family.params) >= 2:
        bad = dict(params)
        second = family.params[1]
        bad[second.name] = [valid_param(second, f) for f in (0.3, 0.6)]
        with pytest.raises(ValueError, match=re.escape("(3,)") + ".*" + re.escape("(2,)")):
            front(name).dist(**bad)


@pytest.mark.parametrize("name", NAMES)
def test_value_shapes_on_scalar_batch(name):
    params = fixed_params(FAMILIES[name])[0]
    dist = build(name, params)
    x = float(FAMILIES[name].reference(**params).median())
    for method in (dist.logp, dist.logcdf):
        assert np.shape(method(x)) == ()  # a scalar value gives a 0-d result, as pm.logp(...).eval()
        assert np.shape(method(np.full((1,), x))) == (1,)
        assert np.shape(method(np.full((2, 1), x))) == (2, 1)
        assert_close(method(x), method(np.full((1,), x))[0], rtol=0, atol=0)


# ---------------------------------------------------------------------------
# 6. validation
# ---------------------------------------------------------------------------


def domain_message(family, param, value, index):
    return re.escape(
        f"{family.name}: '{param.name}' must be {param.domain.description}, "
        f"got {float(value)!r} at index {index}"
    )


#: Candidate bad values: each is tried where the parameter's domain rejects it.
CANDIDATES = [NAN, INF, -INF, -1.0, 0.0, -1e-300, 0.5, 2.5, 1.1, -0.1, 1e300]


@pytest.mark.parametrize("name", NAMES)
def test_domains_rejected_with_message(name):
    family = FAMILIES[name]
    for parametrization in family.parametrizations:
        good = fixed_params(family, parametrization.params)[0]
        for param in parametrization.params:
            bad_values = [v for v in CANDIDATES if not param.domain.contains(np.asarray(v))]
            bad_values += MUST_REJECT.get((name, param.name), [])
            assert bad_values, (name, param.name)
            for value in bad_values:
                assert not param.domain.contains(np.asarray(value)), (name, param.name, value)
                # scalar
                with pytest.raises(ValueError, match=domain_message(family, param, value, "()")):
                    front(name).dist(**dict(good, **{param.name: value}))
                # inside an array: the index is reported
                array = [good[param.name], good[param.name], value]
                with pytest.raises(ValueError, match=domain_message(family, param, value, "(2,)")):
                    front(name).dist(**dict(good, **{param.name: array}))


def test_domain_wording_matches_pymc():
    expected = {
        ("Normal", "sigma"): "> 0 and finite",
        ("Normal", "mu"): "finite",
        ("Binomial", "p"): "in [0, 1]",
        ("Binomial", "n"): "a non-negative integer",
        ("Poisson", "mu"): ">= 0 and finite",
        ("Gamma", "alpha"): "> 0 and finite",
    }
    for (name, pname), wording in expected.items():
        if name in FAMILIES:
            param = {p.name: p for alt in FAMILIES[name].parametrizations for p in alt.params}[pname]
            assert param.domain.description == wording
    if "Normal" in FAMILIES:
        with pytest.raises(
            ValueError, match=re.escape("Normal: 'sigma' must be > 0 and finite, got -1.0 at index (2,)")
        ):
            numbamix.Normal.dist(mu=0, sigma=[1.0, 2.0, -1.0])


def test_uniform_closed_support_edges():
    if "Uniform" not in FAMILIES:
        pytest.skip("no Uniform family")
    lower, upper = -3.0, 1.4868567392474588
    dist = numbamix.Uniform.dist(lower, upper)
    x = np.array([np.nextafter(lower, -INF), lower, upper, np.nextafter(upper, INF)])
    width = upper - lower
    assert_close(dist.logp(x), [-INF, -math.log(width), -math.log(width), -INF], rtol=1e-15)
    assert_close(dist.logcdf(x), [-INF, -INF, 0.0, 0.0], rtol=0.0, atol=0.0)


@pytest.mark.parametrize("name", sorted(MUST_ACCEPT))
def test_edge_parameters_accepted(name):
    if name not in FAMILIES:
        pytest.skip(f"no {name} family")
    family = FAMILIES[name]
    for params in MUST_ACCEPT[name]:
        dist = front(name).dist(**params)
        canonical = {k: float(v) for k, v in dist.params.items()}
        ref = family.reference(**canonical)
        x = np.arange(0.0, 15.0) if family.discrete else continuous_points(ref)
        with np.errstate(all="ignore"):
            assert_close(dist.logp(x), reference_logp(family, ref, x), what=f"{name}{params}", x=x)
            assert_close(dist.logcdf(x), ref.logcdf(x), what=f"{name}{params} logcdf", x=x)
        assert np.isfinite(dist.logp(x)).any()
        draws = dist.random(size=100, rng=0)
        assert np.all(np.isfinite(reference_logp(family, ref, draws)))


def test_uniform_lower_below_upper():
    if "Uniform" not in FAMILIES:
        pytest.skip("no Uniform family")
    for lower, upper in [(1.0, 1.0), (2.0, 1.0)]:
        message = f"Uniform: 'lower' must be < 'upper', got lower={lower!r}, upper={upper!r} at index ()"
        with pytest.raises(ValueError, match=re.escape(message)):
            numbamix.Uniform.dist(lower, upper)
    with pytest.raises(ValueError, match=re.escape("got lower=3.0, upper=2.0 at index (1,)")):
        numbamix.Uniform.dist([0.0, 3.0], 2.0)
    with pytest.raises(ValueError, match=re.escape("got lower=0.0, upper=-1.0 at index (1, 0)")):
        numbamix.Uniform.dist(0.0, [[1.0, 2.0], [-1.0, 5.0]])


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("Triangular", {"lower": 0.0, "upper": 1.0, "c": 2.0},
         "Triangular: 'lower' < 'upper' and lower <= c <= upper required, got lower=0.0, upper=1.0, c=2.0 at index ()"),
        ("Triangular", {"lower": 1.0, "upper": 1.0, "c": 1.0}, "got lower=1.0, upper=1.0, c=1.0 at index ()"),
        ("HyperGeometric", {"N": 5, "k": 6, "n": 1},
         "HyperGeometric: 'k' <= 'N' and 'n' <= 'N' required, got N=5.0, k=6.0, n=1.0 at index ()"),
        ("HyperGeometric", {"N": [5, 9], "k": 2, "n": 7}, "got N=5.0, k=2.0, n=7.0 at index (0,)"),
        ("TruncatedNormal", {"lower": 1.0, "upper": 1.0},
         "TruncatedNormal: 'lower' must be < 'upper', got mu=0.0, sigma=1.0, lower=1.0, upper=1.0 at index ()"),
    ],
)
def test_cross_parameter_constraints_are_named(name, params, message):
    if name not in FAMILIES:
        pytest.skip(f"no {name} family")
    with pytest.raises(ValueError, match=re.escape(message)):
        getattr(numbamix, name).dist(**params)


@pytest.mark.parametrize("name", NAMES)
def test_conflicting_missing_and_unknown_parameters(name):
    family = FAMILIES[name]
    canonical = fixed_params(family)[0]
    for alt in family.alternatives:
        alt_params = fixed_params(family, alt.params)[0]
        extra = [k for k in alt.names if k not in family.names]
        for k in extra:  # a canonical set plus an alternative-only parameter
            with pytest.raises(
                ValueError, match=rf"{family.name}: parameters \(.*\) match no parametrisation"
            ):
                front(name).dist(**dict(canonical, **{k: alt_params[k]}))
        missing_canonical = [k for k in family.names if k not in alt.names]
        for k in missing_canonical:  # an alternative set plus a canonical-only parameter
            with pytest.raises(ValueError, match="match no parametrisation"):
                front(name).dist(**dict(alt_params, **{k: canonical[k]}))
    required = [p.name for p in family.params if p.default is None]
    for k in required:
        rest = {n: v for n, v in canonical.items() if n != k}
        with pytest.raises(ValueError, match="match no parametrisation"):
            front(name).dist(**rest)
    with pytest.raises(TypeError, match=re.escape("unexpected parameter(s) ['bogus']")):
        front(name).dist(**canonical, bogus=1.0)
    with pytest.raises(TypeError, match="positional"):
        front(name).dist(*canonical.values(), 1.0)
    first = family.names[0]
    with pytest.raises(TypeError, match=f"'{first}' twice"):
        front(name).dist(canonical[first], **{first: canonical[first]})


def test_conflicting_parametrisation_examples():
    if "Normal" in FAMILIES:
        with pytest.raises(
            ValueError, match=re.escape("Normal: parameters (mu, sigma, tau) match no parametrisation")
        ):
            numbamix.Normal.dist(mu=0.0, sigma=1.0, tau=2.0)
    if "NegativeBinomial" in FAMILIES:
        with pytest.raises(ValueError, match="match no parametrisation"):
            numbamix.NegativeBinomial.dist(mu=2.0, n=3.0)
    if "Gamma" in FAMILIES:
        with pytest.raises(ValueError, match="match no parametrisation"):
            numbamix.Gamma.dist(alpha=2.0, sigma=1.0)


@pytest.mark.parametrize("name", NAMES)
def test_wrong_dtypes_raise_type_error(name):
    family = FAMILIES[name]
    params = fixed_params(family)[0]
    first = family.names[0]
    for bad in (1.0 + 2.0j, "1.0", np.array([1.0, None], dtype=object)):
        with pytest.raises(TypeError, match=f"{family.name}: '{first}' must be real numbers"):
            front(name).dist(**dict(params, **{first: bad}))
    dist = build(name, params)
    for bad in (1.0 + 0.0j, np.array([1.0, 2.0], dtype=complex), "1.0", ["a", "b"]):
        for method in (dist.logp, dist.logcdf):
            with pytest.raises(TypeError, match="value must be real numbers"):
                method(bad)
    # bool and integer values are real numbers
    assert dist.logp(np.array([True])).shape == (1,)
    assert_close(dist.logp(np.array([1, 2])), dist.logp(np.array([1.0, 2.0])), rtol=0, atol=0)
    # integer-valued parameters are accepted
    ints = {k: (int(v) if float(v).is_integer() else v) for k, v in params.items()}
    assert_close(front(name).dist(**ints).logp(np.array([1.0])), dist.logp(np.array([1.0])), rtol=0, atol=0)


# ---------------------------------------------------------------------------
# 7. the kernel layer
# ---------------------------------------------------------------------------


@numba.njit
def _user_code(make, params, xs):
    """A user's compiled function: build a kernel, evaluate the generic functions."""
    k = make(*params)
    out = np.empty((2, xs.size))
    for i in range(xs.size):
        out[0, i] = nk.logp(k, xs[i])
        out[1, i] = nk.logcdf(k, xs[i])
    return out, nk.mean(k), nk.support_point(k)


@numba.njit
def _user_code_with_kernel(k, xs):
    total = 0.0
    for i in range(xs.size):
        total += nk.logp(k, xs[i])
    return total


@pytest.mark.parametrize("name", NAMES)
def test_kernel_layer_matches_front_end(name):
    family = FAMILIES[name]
    params = fixed_params(family)[0]
    dist = build(name, params)
    ref = family.reference(**params)
    x = discrete_points(ref)[:40] if family.discrete else continuous_points(ref)
    x = np.concatenate([x, [NAN, -INF, INF]])
    canonical = tuple(float(params[k]) for k in family.names)

    kernel = getattr(nk, name)(*canonical)
    assert isinstance(kernel, family.kernel_class)
    front_logp, front_logcdf = dist.logp(x), dist.logcdf(x)
    py_logp = np.array([nk.logp(kernel, v) for v in x])
    py_logcdf = np.array([nk.logcdf(kernel, v) for v in x])
    assert_close(py_logp, front_logp, rtol=1e-15, atol=0.0, what="kernels.logp", x=x)
    assert_close(py_logcdf, front_logcdf, rtol=1e-15, atol=0.0, what="kernels.logcdf", x=x)
    mean = float(np.asarray(dist.mean()))
    assert (math.isnan(mean) and math.isnan(nk.mean(kernel))) or nk.mean(kernel) == mean
    point = nk.support_point(kernel)
    assert (round(point) if family.discrete else point) == dist.support_point()

    out, jit_mean, jit_point = _user_code(getattr(nk, name), canonical, x)
    assert_close(out[0], front_logp, rtol=1e-15, atol=0.0, what="njit logp", x=x)
    assert_close(out[1], front_logcdf, rtol=1e-15, atol=0.0, what="njit logcdf", x=x)
    assert (math.isnan(mean) and math.isnan(jit_mean)) or jit_mean == mean
    assert jit_point == nk.support_point(kernel)
    finite = x[np.isfinite(front_logp)]
    assert_close(_user_code_with_kernel(kernel, finite), math.fsum(dist.logp(finite)), rtol=1e-12)


def test_kernel_layer_example():
    if "Normal" not in FAMILIES:
        pytest.skip("no Normal family")
    got = nk.logp(nk.Normal(0.0, 2.0), 1.3)
    assert got == numbamix.Normal.dist(0, 2).logp(np.array([1.3]))[0]
    assert_close(got, stats.norm(0, 2).logpdf(1.3))
