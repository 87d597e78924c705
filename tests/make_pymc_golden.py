"""Write ``tests/data/pymc_golden.json``: reference values computed by PyMC.

What it does
------------
Builds a fixed list of ``pm.Mixture.dist(...)`` mixtures (and a few single
distributions) from numeric parameters and records, for each case, the inputs
and PyMC's outputs:

* ``logp``          -- ``pm.logp(dist, values).eval()``
* ``logcdf``        -- ``pm.logcdf(dist, values).eval()`` (``null`` plus
  ``logcdf_error`` where PyMC refuses)
* ``support_point`` -- ``pymc.distributions.distribution.support_point(dist).eval()``
  (``moment`` in PyMC < 5.x; whichever exists is used)
* ``shape``         -- ``dist.shape.eval()`` (the batch shape of the mixture)
* ``mean``          -- PyMC has no ``mean`` method for ``Mixture`` (nor for any
  ``.dist()``), so the mean is computed here as ``sum_k w_k * E[comp_k]``, with
  ``E[comp_k]`` taken from the parameters of PyMC's *own* random-variable op
  after PyMC's parameter conversion (e.g. Gamma(mu, sigma) -> shape, scale),
  and cross-checked against the sample mean of ``pm.draw`` (see ``mean_check``).

The library under test (``numbamix``) rebuilds the same distributions from the
JSON and compares.  No randomness enters the stored golden numbers; the
Monte-Carlo draws only serve as a sanity check on ``mean`` and use a fixed seed.

How to rerun
------------
PyMC is not a dependency of the library; it lives in a separate virtual
environment (Python 3.11, created with ``python -m venv /work/bench-venv`` and
``pip install pymc numpyro "jax[cpu]" scipy numba``)::

    /work/bench-venv/bin/python tests/make_pymc_golden.py

run from the repository root (it writes relative to this file's folder, so the
working directory does not matter).  It also writes ``tests/data/pymc_golden_zero_mass.json``
(the zero-inflated and hurdle distributions, same layout, group 10); give ``core`` or
``zero_mass`` as the argument to write only one of the two files.  It takes a minute or two (PyTensor
compiles every graph).

JSON layout
-----------
Top level: ``schema_version``, ``generated_by``, ``versions`` (pymc, pytensor,
numpy, scipy, python), ``encoding`` (this paragraph in short), ``notes`` and
``cases`` (a list).

Numbers: finite floats are JSON numbers written with ``repr`` (so they
round-trip exactly); the non-finite floats are stored as the *strings*
``"inf"``, ``"-inf"`` and ``"nan"`` (``allow_nan=False`` is used, the file is
strict JSON).  Any string found inside a numeric field is one of these three;
``float(s)`` decodes it.  JSON integers are integers (int64), JSON floats are
float64 -- also for parameters (e.g. ``"n": 10`` for Binomial is an int64,
``"nu": 4.0`` is a float64).

Each case has:

``id`` (unique string), ``group`` (the item number of the brief, 1..9),
``description``, ``kind`` (``"mixture"`` or ``"single"``), ``dtype`` (PyMC's
dtype of the variable: ``"int64"`` for discrete, ``"float64"`` for
continuous), and:

* for ``kind == "mixture"``: ``weights`` (nested list) and ``components``,
  which is either ``{"layout": "list", "dists": [DIST, ...]}`` (PyMC got a
  Python list of distributions) or ``{"layout": "batched", "dist": DIST}``
  (PyMC got one distribution whose last axis is the mixture axis);
* for ``kind == "single"``: ``dist`` (a DIST).

A DIST is ``{"family": NAME, "params": {KW: VALUE, ...}, "shape": SHAPE or
null, "pymc_rv": {"op": OPNAME, "inputs": [...]}}``: ``family`` is the PyMC
class name (``"Normal"``, ``"NegativeBinomial"``, ...), ``params`` are exactly
the keyword arguments given to ``getattr(pm, family).dist(**params,
shape=shape)`` (scalars or nested lists), and ``pymc_rv`` records what PyMC
turned them into: the name of the PyTensor RandomVariable op and its
positional parameters (after rng/size), e.g. ``gamma: [shape, scale]``,
``negative_binomial: [n, p]``, ``t: [nu, mu, sigma]``, ``normal: [mu, sigma]``,
``exponential: [scale]``.

Outputs: ``values`` (the input values exactly as passed to PyMC, nested list)
and ``values_shape``; ``values_as_cast`` for discrete cases (what PyMC really
evaluates: it casts values to int64 with a C cast, i.e. truncation toward zero,
and NaN/inf become -2**63); ``logp`` and ``logcdf`` (same shape as
``values`` after broadcasting), ``support_point``, ``shape``, ``mean`` (or
``null``), ``mean_check`` (``{"draws", "sample_mean", "max_abs_z"}``),
``scipy_check`` (how far PyMC's logp/logcdf are from scipy.stats:
``logp_max_rel_diff``, ``logcdf_max_rel_diff`` = max |pymc - scipy| /
max(1, |scipy|) over finite values, and ``*_nonfinite_mismatch_at`` listing
values where the two disagree on a non-finite result) and, where
PyMC raises instead of returning numbers, ``logp_error`` / ``logcdf_error`` /
``support_point_error`` strings (the exception's class and first line).

Parameters are always handed to PyMC as float64/int64 numpy arrays: a plain
Python float literal such as ``3.0`` is turned by PyTensor into a *float32*
constant when it is exactly representable, and PyMC's derived parameters
(``scale = 1 / beta``, ``sigma = lam ** -0.5``, ...) are then computed in
float32, which moves logp by ~1e-8 relative.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")

import pymc as pm  # noqa: E402
import pytensor  # noqa: E402
import pytensor.tensor as pt  # noqa: E402
import scipy  # noqa: E402

try:
    from pymc.distributions.distribution import support_point as _support_point
except ImportError:  # PyMC < 5.16 called it ``moment``
    from pymc.distributions.distribution import moment as _support_point

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "data", "pymc_golden.json")

MC_DRAWS = 200_000
MC_SEED = 20240531


# --------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------
def _enc_scalar(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return x


def enc(obj):
    """Numpy arrays / scalars -> JSON-ready nested lists with non-finite as strings."""
    if isinstance(obj, np.ndarray):
        return enc(obj.tolist())
    if isinstance(obj, dict):
        return {k: enc(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [enc(v) for v in obj]
    return _enc_scalar(obj)


def _is_flat(v):
    return isinstance(v, list) and all(not isinstance(e, (list, dict)) for e in v)


def dumps(obj, indent=0):
    """Readable JSON: lists of scalars (and lists of such lists) on one line."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [
            f'{pad}  {json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in obj.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if _is_flat(obj) or all(_is_flat(e) for e in obj) and obj:
            return json.dumps(obj, allow_nan=False)
        if all(isinstance(e, list) for e in obj):
            # 3-d or deeper numeric arrays: one sub-array per line
            items = [f"{pad}  {dumps(e, indent + 1)}" for e in obj]
            return "[\n" + ",\n".join(items) + "\n" + pad + "]"
        items = [f"{pad}  {dumps(e, indent + 1)}" for e in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


def _err(e):
    msg = str(e).strip().splitlines()
    return f"{type(e).__name__}: {msg[0] if msg else ''}"


# --------------------------------------------------------------------------
# building PyMC objects from the JSON description
# --------------------------------------------------------------------------
def _as_param(v):
    """JSON int -> int64 array, JSON float -> float64 array (never Python literals)."""
    a = np.asarray(v)
    if a.dtype.kind in "iub":
        return a.astype(np.int64)
    return a.astype(np.float64)


def build_dist(spec):
    cls = getattr(pm, spec["family"])
    kwargs = {k: _as_param(v) for k, v in spec["params"].items()}
    if spec.get("shape") is not None:
        kwargs["shape"] = tuple(spec["shape"])
    return cls.dist(**kwargs)


def build_case(case):
    if case["kind"] == "single":
        return build_dist(case["dist"])
    comps = case["components"]
    if comps["layout"] == "list":
        comp_dists = [build_dist(d) for d in comps["dists"]]
    else:
        comp_dists = build_dist(comps["dist"])
    return pm.Mixture.dist(w=_as_param(case["weights"]), comp_dists=comp_dists)


def rv_info(dist):
    node = dist.owner
    op = node.op
    # inputs are (rng, size, *params) for PyTensor RandomVariables
    params = node.inputs[2:]
    return {"op": op.name, "inputs": [enc(np.asarray(p.eval())) for p in params]}


def rv_mean(dist):
    """Mean of one (possibly batched) component from PyMC's RV-op parameters."""
    op = dist.owner.op.name
    p = [np.asarray(x.eval(), dtype=np.float64) for x in dist.owner.inputs[2:]]
    if op == "normal":
        m = p[0]
    elif op == "t":
        nu, mu, _ = p
        m = np.where(nu > 1, mu, np.nan)
    elif op == "poisson":
        m = p[0]
    elif op == "gamma":
        m = p[0] * p[1]
    elif op == "exponential":
        m = p[0]
    elif op == "lognormal":
        m = np.exp(p[0] + 0.5 * p[1] ** 2)
    elif op == "uniform":
        m = 0.5 * (p[0] + p[1])
    elif op == "binomial":
        m = p[0] * p[1]
    elif op == "negative_binomial":
        n, pr = p
        m = n * (1 - pr) / pr
    else:
        raise NotImplementedError(op)
    return np.broadcast_to(m, tuple(dist.shape.eval()))


def mixture_mean(case, dist):
    if case["kind"] == "single":
        return rv_mean(dist)
    w = np.asarray(case["weights"], dtype=np.float64)
    comps = case["components"]
    if comps["layout"] == "list":
        means = np.stack([rv_mean(build_dist(d)) for d in comps["dists"]], axis=-1)
    else:
        means = rv_mean(build_dist(comps["dist"]))
    return np.sum(w * means, axis=-1)


# --------------------------------------------------------------------------
# the cases
# --------------------------------------------------------------------------
def N(mu, sigma, shape=None):
    return {"family": "Normal", "params": {"mu": mu, "sigma": sigma}, "shape": shape}


def mix(id_, group, description, weights, comps, values, batched=False):
    components = (
        {"layout": "batched", "dist": comps}
        if batched
        else {"layout": "list", "dists": comps}
    )
    return {
        "id": id_,
        "group": group,
        "description": description,
        "kind": "mixture",
        "weights": weights,
        "components": components,
        "values": values,
    }


def single(id_, description, family, params, values, shape=None):
    return {
        "id": id_,
        "group": 6,
        "description": description,
        "kind": "single",
        "dist": {"family": family, "params": params, "shape": shape},
        "values": values,
    }


POIS_VALUES = [0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 40.0, -1.0, 2.5]
NT_VALUES = [-40.0, -10.0, -3.0, -1.0, 0.0, 0.5, 1.0, 3.0, 10.0, 40.0]

W53 = [
    [0.2, 0.3, 0.5],
    [0.6, 0.3, 0.1],
    [0.25, 0.25, 0.5],
    [0.1, 0.8, 0.1],
    [0.05, 0.15, 0.8],
]
MU3 = [0.0, 1.0, 2.0]
X45 = [
    [-1.0, 0.0, 0.5, 1.5, 2.0],
    [3.0, -2.5, 1.0, 0.25, 4.0],
    [0.0, 0.0, 0.0, 0.0, 0.0],
    [-6.0, 7.5, 2.2, -0.3, 1.1],
]
MU53 = [MU3] * 5


def cases():
    out = []
    # 1, 2 --------------------------------------------------------------
    out.append(mix(
        "poisson2_list", 1,
        "w=[0.3,0.7], [Poisson(mu=1.5), Poisson(mu=6.0)] given as a list",
        [0.3, 0.7],
        [{"family": "Poisson", "params": {"mu": 1.5}, "shape": None},
         {"family": "Poisson", "params": {"mu": 6.0}, "shape": None}],
        POIS_VALUES))
    out.append(mix(
        "poisson2_batched", 2,
        "same as poisson2_list, components as one Poisson(mu=[1.5,6.0], shape=(2,))",
        [0.3, 0.7],
        {"family": "Poisson", "params": {"mu": [1.5, 6.0]}, "shape": [2]},
        POIS_VALUES, batched=True))
    # 3 -----------------------------------------------------------------
    out.append(mix(
        "normal_studentt", 3,
        "w=[0.4,0.6], [Normal(mu=0.5,sigma=1), StudentT(nu=4,mu=0.5,sigma=1)]",
        [0.4, 0.6],
        [N(0.5, 1.0),
         {"family": "StudentT", "params": {"nu": 4.0, "mu": 0.5, "sigma": 1.0},
          "shape": None}],
        NT_VALUES))
    # 4 -----------------------------------------------------------------
    out.append(mix(
        "normal_5x3_w53_list", 4,
        "weights (5,3); components: list of 3 Normal(mu=mu[k], sigma=1, shape=(5,)),"
        " mu=[0,1,2]; values (4,5); mixture shape (5,)",
        W53, [N(m, 1.0, [5]) for m in MU3], X45))
    out.append(mix(
        "normal_5x3_w53_batched", 4,
        "weights (5,3); components: one Normal(mu=[[0,1,2]]*5, sigma=1, shape=(5,3));"
        " values (4,5); mixture shape (5,)",
        W53, N(MU53, 1.0, [5, 3]), X45, batched=True))
    # 5 -----------------------------------------------------------------
    out.append(mix(
        "normal_5x3_w3_list", 5,
        "weights (3,) shared by 5 replications; list of 3 Normal(mu=mu[k], sigma=1,"
        " shape=(5,)); values (4,5)",
        W53[0], [N(m, 1.0, [5]) for m in MU3], X45))
    out.append(mix(
        "normal_5x3_w3_batched", 5,
        "weights (3,) shared by 5 replications; one Normal(mu=[[0,1,2]]*5, sigma=1,"
        " shape=(5,3)); values (4,5)",
        W53[0], N(MU53, 1.0, [5, 3]), X45, batched=True))
    # 6 -----------------------------------------------------------------
    real = [-3.0, -0.5, 0.0, 0.5, 1.7, 6.0]
    pos = [-1.0, 0.0, 0.3, 1.0, 2.5, 10.0]
    cnt = [-1.0, 0.0, 1.0, 3.0, 10.0, 50.0, 2.5]
    out += [
        single("normal_mu_sigma", "Normal(mu=0.5, sigma=2)", "Normal",
               {"mu": 0.5, "sigma": 2.0}, real),
        single("normal_mu_tau", "Normal(mu=0.5, tau=4) (sigma = 0.5)", "Normal",
               {"mu": 0.5, "tau": 4.0}, real),
        single("gamma_alpha_beta", "Gamma(alpha=2, beta=3)", "Gamma",
               {"alpha": 2.0, "beta": 3.0}, pos),
        single("gamma_alpha_beta_lt1", "Gamma(alpha=0.5, beta=1.5) (density infinite at 0)",
               "Gamma", {"alpha": 0.5, "beta": 1.5}, pos),
        single("gamma_mu_sigma", "Gamma(mu=2, sigma=1.5)", "Gamma",
               {"mu": 2.0, "sigma": 1.5}, pos),
        single("lognormal_mu_sigma", "LogNormal(mu=0.5, sigma=0.6)", "LogNormal",
               {"mu": 0.5, "sigma": 0.6}, pos),
        single("lognormal_mu_tau", "LogNormal(mu=-1, tau=4) (sigma = 0.5)", "LogNormal",
               {"mu": -1.0, "tau": 4.0}, pos),
        single("negbin_mu_alpha", "NegativeBinomial(mu=3, alpha=2)", "NegativeBinomial",
               {"mu": 3.0, "alpha": 2.0}, cnt),
        single("negbin_n_p", "NegativeBinomial(n=3, p=0.4)", "NegativeBinomial",
               {"n": 3.0, "p": 0.4}, cnt),
        single("studentt_nu_mu_sigma", "StudentT(nu=3, mu=1, sigma=0.7)", "StudentT",
               {"nu": 3.0, "mu": 1.0, "sigma": 0.7}, real),
        single("studentt_nu_mu_lam", "StudentT(nu=3, mu=1, lam=2) (sigma = lam**-0.5)",
               "StudentT", {"nu": 3.0, "mu": 1.0, "lam": 2.0}, real),
        single("exponential_lam", "Exponential(lam=2)", "Exponential",
               {"lam": 2.0}, pos),
        single("uniform_lower_upper", "Uniform(lower=-1, upper=2)", "Uniform",
               {"lower": -1.0, "upper": 2.0}, [-2.0, -1.0, 0.0, 1.5, 2.0, 3.0]),
        single("binomial_n_p", "Binomial(n=10, p=0.3)", "Binomial",
               {"n": 10, "p": 0.3}, [-1.0, 0.0, 3.0, 10.0, 11.0, 2.5]),
        single("poisson_mu", "Poisson(mu=1.5)", "Poisson",
               {"mu": 1.5}, [-1.0, 0.0, 1.0, 4.0, 30.0, 2.5, -0.5]),
    ]
    # 7 -----------------------------------------------------------------
    cvals = [-1.0, 0.0, 1.0, 3.0, 7.0, 10.0, 11.0, 25.0, 2.5]
    binom = {"family": "Binomial", "params": {"n": 10, "p": 0.3}, "shape": None}
    nb = {"family": "NegativeBinomial", "params": {"mu": 4.0, "alpha": 2.0}, "shape": None}
    pois = {"family": "Poisson", "params": {"mu": 2.5}, "shape": None}
    out += [
        mix("binomial_negbin", 7,
            "w=[0.5,0.5], [Binomial(n=10,p=0.3), NegativeBinomial(mu=4,alpha=2)]",
            [0.5, 0.5], [binom, nb], cvals),
        mix("poisson_negbin", 7,
            "w=[0.5,0.5], [Poisson(mu=2.5), NegativeBinomial(mu=4,alpha=2)]",
            [0.5, 0.5], [pois, nb], cvals),
        mix("poisson_binomial", 7,
            "w=[0.5,0.5], [Poisson(mu=2.5), Binomial(n=10,p=0.3)]",
            [0.5, 0.5], [pois, binom], cvals),
        mix("gamma_exponential", 7,
            "w=[0.5,0.5], [Gamma(alpha=2,beta=1), Exponential(lam=0.5)]",
            [0.5, 0.5],
            [{"family": "Gamma", "params": {"alpha": 2.0, "beta": 1.0}, "shape": None},
             {"family": "Exponential", "params": {"lam": 0.5}, "shape": None}],
            [-1.0, 0.0, 0.001, 0.5, 1.0, 3.0, 10.0, 50.0]),
        mix("gamma_lognormal", 7,
            "w=[0.3,0.7], [Gamma(alpha=2,beta=1), LogNormal(mu=0.5,sigma=0.6)]",
            [0.3, 0.7],
            [{"family": "Gamma", "params": {"alpha": 2.0, "beta": 1.0}, "shape": None},
             {"family": "LogNormal", "params": {"mu": 0.5, "sigma": 0.6}, "shape": None}],
            [-1.0, 0.0, 0.001, 0.5, 1.0, 3.0, 10.0, 50.0]),
    ]
    # 8 -----------------------------------------------------------------
    tail = [-40.0, -38.0, -5.0, 0.0, 5.0, 38.0, 40.0]
    out += [
        mix("normal_zero_weight", 8,
            "w=[0.0,1.0] (exact zero weight), [Normal(0,1), Normal(3,2)]",
            [0.0, 1.0], [N(0.0, 1.0), N(3.0, 2.0)], tail),
        mix("normal_far_tail", 8,
            "w=[0.5,0.5], [Normal(-5,1), Normal(5,1)] evaluated far in the tails",
            [0.5, 0.5], [N(-5.0, 1.0), N(5.0, 1.0)], tail),
        mix("normal_far_tail_narrow", 8,
            "w=[0.9,0.1], [Normal(0,0.5), Normal(0,3)]: the narrow component dominates"
            " near 0, the wide one in the tails",
            [0.9, 0.1], [N(0.0, 0.5), N(0.0, 3.0)], tail),
        mix("poisson_zero_weight", 8,
            "w=[1.0,0.0] (exact zero weight), [Poisson(1.5), Poisson(6.0)]",
            [1.0, 0.0],
            [{"family": "Poisson", "params": {"mu": 1.5}, "shape": None},
             {"family": "Poisson", "params": {"mu": 6.0}, "shape": None}],
            POIS_VALUES),
    ]
    # 9: extra -- non-finite values and invalid weights --------------------
    out += [
        mix("normal_studentt_nonfinite", 9,
            "non-finite values for the Normal+StudentT mixture of case 3",
            [0.4, 0.6],
            [N(0.5, 1.0),
             {"family": "StudentT", "params": {"nu": 4.0, "mu": 0.5, "sigma": 1.0},
              "shape": None}],
            [float("nan"), float("inf"), float("-inf")]),
        mix("poisson2_nonfinite", 9,
            "non-finite / non-integer values for the Poisson mixture of case 1"
            " (PyMC casts them to int64 first, see values_as_cast)",
            [0.3, 0.7],
            [{"family": "Poisson", "params": {"mu": 1.5}, "shape": None},
             {"family": "Poisson", "params": {"mu": 6.0}, "shape": None}],
            [float("nan"), float("inf"), -0.5, -0.99, 0.99, 1e30]),
        mix("normal_bad_weights_sum", 9,
            "weights that do not sum to 1 (w=[0.3,0.3]): PyMC raises",
            [0.3, 0.3], [N(0.0, 1.0), N(1.0, 1.0)], [0.0, 1.0]),
        mix("normal_negative_weight", 9,
            "a negative weight (w=[-0.5,1.5]): PyMC raises",
            [-0.5, 1.5], [N(0.0, 1.0), N(1.0, 1.0)], [0.0, 1.0]),
    ]
    return out


# --------------------------------------------------------------------------
# independent cross-check with scipy.stats (not golden values, only a measure
# of how far PyMC itself is from the exact answer)
# --------------------------------------------------------------------------
def scipy_dist(spec):
    import scipy.stats as st

    fam, p = spec["family"], {k: np.asarray(v) for k, v in spec["params"].items()}
    if fam == "Normal":
        return st.norm(p["mu"], p["sigma"] if "sigma" in p else p["tau"] ** -0.5)
    if fam == "StudentT":
        return st.t(p["nu"], p["mu"], p["sigma"] if "sigma" in p else p["lam"] ** -0.5)
    if fam == "Poisson":
        return st.poisson(p["mu"])
    if fam == "Gamma":
        if "alpha" in p:
            return st.gamma(p["alpha"], scale=1 / p["beta"])
        return st.gamma(p["mu"] ** 2 / p["sigma"] ** 2, scale=p["sigma"] ** 2 / p["mu"])
    if fam == "LogNormal":
        return st.lognorm(p["sigma"] if "sigma" in p else p["tau"] ** -0.5, scale=np.exp(p["mu"]))
    if fam == "Exponential":
        return st.expon(scale=1 / p["lam"])
    if fam == "Uniform":
        return st.uniform(p["lower"], p["upper"] - p["lower"])
    if fam == "Binomial":
        return st.binom(p["n"], p["p"])
    if fam == "NegativeBinomial":
        if "mu" in p:
            return st.nbinom(p["alpha"], p["alpha"] / (p["mu"] + p["alpha"]))
        return st.nbinom(p["n"], p["p"])
    raise NotImplementedError(fam)


def scipy_check(case, logp, logcdf):
    """Largest |pymc - scipy| / max(1, |scipy|) over the finite values."""
    from scipy.special import logsumexp

    x = np.asarray(case["values"], dtype=np.float64)
    disc = case["dtype"].startswith("int")
    keep = np.isfinite(x)
    if disc:
        x = np.trunc(np.where(keep, x, 0.0))
    if case["kind"] == "single":
        specs, w, batched = [case["dist"]], np.array([1.0]), False
    else:
        comps = case["components"]
        batched = comps["layout"] == "batched"
        specs = [comps["dist"]] if batched else comps["dists"]
        w = np.asarray(case["weights"], dtype=np.float64)
    out = {}
    for name, got in (("logp", logp), ("logcdf", logcdf)):
        if got is None:
            continue

        def one(d, xx):
            if name == "logcdf":
                return d.logcdf(xx)
            return d.logpmf(xx) if disc else d.logpdf(xx)

        if batched:
            parts = one(scipy_dist(specs[0]), x[..., None])
        else:
            parts = np.stack([one(scipy_dist(s), x) for s in specs], axis=-1)
        with np.errstate(divide="ignore"):
            ref = logsumexp(np.log(w) + parts, axis=-1)
        got = np.asarray(got, dtype=np.float64)
        ok = keep & np.isfinite(ref) & np.isfinite(got)
        rel = np.abs(got - ref)[ok] / np.maximum(1.0, np.abs(ref[ok]))
        out[f"{name}_max_rel_diff"] = float(rel.max()) if rel.size else 0.0
        bad = keep & ~ok & ~((got == ref) | (np.isnan(got) & np.isnan(ref)))
        if np.any(bad):
            out[f"{name}_nonfinite_mismatch_at"] = enc(x[bad])
    return out


# --------------------------------------------------------------------------
# evaluation
# --------------------------------------------------------------------------
def _try(fn):
    try:
        return fn(), None
    except Exception as e:  # noqa: BLE001 - recorded in the JSON
        return None, _err(e)


def evaluate(case):
    dist = build_case(case)
    values = np.asarray(case["values"], dtype=np.float64)
    rec = dict(case)
    rec["dtype"] = str(dist.dtype)
    rec["values_shape"] = list(values.shape)

    # annotate the component specs with PyMC's internal parametrisation
    if case["kind"] == "single":
        rec["dist"] = dict(case["dist"], pymc_rv=rv_info(dist))
    elif case["components"]["layout"] == "list":
        rec["components"] = {
            "layout": "list",
            "dists": [dict(d, pymc_rv=rv_info(build_dist(d)))
                      for d in case["components"]["dists"]],
        }
    else:
        d = case["components"]["dist"]
        rec["components"] = {"layout": "batched",
                             "dist": dict(d, pymc_rv=rv_info(build_dist(d)))}

    if dist.dtype.startswith("int"):
        with np.errstate(invalid="ignore"):
            rec["values_as_cast"] = enc(
                pt.as_tensor_variable(values, dtype=dist.dtype).eval()
            )

    logp, e = _try(lambda: pm.logp(dist, values).eval())
    rec["logp"] = None if logp is None else enc(logp)
    if e:
        rec["logp_error"] = e
    logcdf, e = _try(lambda: pm.logcdf(dist, values).eval())
    rec["logcdf"] = None if logcdf is None else enc(logcdf)
    if e:
        rec["logcdf_error"] = e
    sp, e = _try(lambda: _support_point(dist).eval())
    rec["support_point"] = None if sp is None else enc(sp)
    if e:
        rec["support_point_error"] = e
    rec["shape"] = enc(dist.shape.eval())
    rec["scipy_check"] = scipy_check(case | {"dtype": rec["dtype"]}, logp, logcdf)

    w = np.asarray(case.get("weights", [1.0]))
    valid_w = case["kind"] == "single" or (
        np.all(w >= 0) and np.allclose(w.sum(-1), 1.0)
    )
    if valid_w:
        mean = mixture_mean(case, dist)
        rec["mean"] = enc(mean)
        draws = np.asarray(pm.draw(dist, draws=MC_DRAWS, random_seed=MC_SEED),
                           dtype=np.float64)
        smean = draws.mean(axis=0)
        se = draws.std(axis=0, ddof=1) / math.sqrt(MC_DRAWS)
        z = np.abs(smean - mean) / np.where(se > 0, se, 1.0)
        max_z = float(np.max(z))
        if max_z > 5.0:
            raise AssertionError(f"{case['id']}: mean {mean} vs MC {smean} (z={max_z})")
        rec["mean_check"] = {"draws": MC_DRAWS, "sample_mean": enc(smean),
                             "max_abs_z": max_z}
    else:
        rec["mean"] = None
    return rec


def self_checks(recs):
    """Assertions about PyMC's own consistency; recorded as notes."""
    by = {r["id"]: r for r in recs}
    notes = []

    def dec(v):
        return [dec(e) for e in v] if isinstance(v, list) else float(v)

    def arr(r, k):
        return np.array(dec(r[k]), dtype=np.float64)

    for a, b in [("poisson2_list", "poisson2_batched"),
                 ("normal_5x3_w53_list", "normal_5x3_w53_batched"),
                 ("normal_5x3_w3_list", "normal_5x3_w3_batched")]:
        for k in ("logp", "logcdf", "support_point"):
            x, y = arr(by[a], k), arr(by[b], k)
            if not np.allclose(x, y, rtol=1e-12, atol=0, equal_nan=True):
                raise AssertionError(f"{a} vs {b}: {k} differ: {x} {y}")
            d = float(np.nanmax(np.abs(np.where(np.isfinite(x), x - y, 0.0))))
            notes.append(f"{a} and {b} agree on {k} (max abs diff {d!r}).")
    return notes


# --------------------------------------------------------------------------
# zero-inflated and hurdle distributions (issue 6): tests/data/pymc_golden_zero_mass.json
# --------------------------------------------------------------------------
OUT_ZERO_MASS = os.path.join(HERE, "data", "pymc_golden_zero_mass.json")
ZERO_MASS_DRAWS = 20_000  # PyMC's truncated draws are slow (rejection)

COUNTS = [-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0, 2.5]
# 1e-300 and 1e-17 lie between 0 and float64 eps, where PyMC < 5.24 truncated the continuous hurdles
POSITIVE_VALUES = [-1.0, 0.0, 1e-300, 1e-17, 1e-3, 0.5, 1.0, 3.0, 20.0, 1e3]


def zero_mass_cases():
    """Single zero-inflated and hurdle distributions, all seven families and their
    alternative parametrisations, incl. a tiny P(X >= 1) and a Gamma with alpha < 1."""
    def one(id_, family, params, values):
        text = ", ".join(f"{k}={v}" for k, v in params.items())
        return dict(single(id_, f"{family}({text})", family, params, values), group=10)

    return [
        one("zip", "ZeroInflatedPoisson", {"psi": 0.7, "mu": 2.5}, COUNTS),
        one("zip_psi_small", "ZeroInflatedPoisson", {"psi": 0.05, "mu": 12.0}, COUNTS),
        one("zib", "ZeroInflatedBinomial", {"psi": 0.6, "n": 10, "p": 0.3}, [-1.0, 0.0, 1.0, 3.0, 10.0, 11.0, 2.5]),
        one("zinb_mu_alpha", "ZeroInflatedNegativeBinomial", {"psi": 0.6, "mu": 3.0, "alpha": 2.0}, COUNTS),
        one("zinb_n_p", "ZeroInflatedNegativeBinomial", {"psi": 0.4, "n": 3.0, "p": 0.4}, COUNTS),
        one("hurdle_poisson", "HurdlePoisson", {"psi": 0.7, "mu": 2.5}, COUNTS),
        one("hurdle_poisson_small_mu", "HurdlePoisson", {"psi": 0.6, "mu": 0.2}, COUNTS),
        one("hurdle_negbin_mu_alpha", "HurdleNegativeBinomial", {"psi": 0.7, "mu": 3.0, "alpha": 0.5}, COUNTS),
        one("hurdle_negbin_n_p", "HurdleNegativeBinomial", {"psi": 0.3, "n": 2.0, "p": 0.3}, COUNTS),
        one("hurdle_gamma_alpha_beta", "HurdleGamma", {"psi": 0.6, "alpha": 2.0, "beta": 3.0}, POSITIVE_VALUES),
        one("hurdle_gamma_lt1", "HurdleGamma", {"psi": 0.6, "alpha": 0.3, "beta": 1.5}, POSITIVE_VALUES),
        one("hurdle_gamma_mu_sigma", "HurdleGamma", {"psi": 0.4, "mu": 2.0, "sigma": 1.5}, POSITIVE_VALUES),
        one("hurdle_lognormal_mu_sigma", "HurdleLogNormal", {"psi": 0.6, "mu": 0.5, "sigma": 0.6}, POSITIVE_VALUES),
        one("hurdle_lognormal_mu_tau", "HurdleLogNormal", {"psi": 0.8, "mu": -1.0, "tau": 4.0}, POSITIVE_VALUES),
        # the other ready-made mixture, NormalMixture(w, mu, sigma | tau)
        one("normal_mixture_sigma", "NormalMixture", {"w": [0.2, 0.5, 0.3], "mu": [-1.5, 0.25, 2.0],
                                                     "sigma": [1.0, 0.5, 2.0]}, [-40.0, -2.0, 0.0, 0.3, 2.5, 9.0]),
        one("normal_mixture_tau", "NormalMixture", {"w": [0.6, 0.4], "mu": [0.0, 5.0], "tau": [4.0, 0.25]},
            [-30.0, -1.0, 0.0, 2.5, 5.0, 60.0]),
    ]


def zero_mass_mean(case):
    """psi E[X], X the positive part: the base's mean from PyMC's RV op (``rv_mean``),
    divided for a hurdle count by P(X >= 1) = 1 - exp(pm.logp(base, 0))."""
    family, params = case["dist"]["family"], dict(case["dist"]["params"])
    if family == "NormalMixture":
        return np.dot(params["w"], params["mu"])
    psi = params.pop("psi")
    base_family = family.removeprefix("ZeroInflated").removeprefix("Hurdle")
    base = build_dist({"family": base_family, "params": params})
    mean = rv_mean(base)
    if family in ("HurdlePoisson", "HurdleNegativeBinomial"):
        mean = mean / -np.expm1(pm.logp(base, np.array(0, dtype="int64")).eval())
    return psi * mean


def evaluate_zero_mass(case):
    """PyMC's logp, logcdf, support point and shape; the mean of ``zero_mass_mean``, checked
    against ``pm.draw`` samples (``mean_check``), and the fraction of draws at 0."""
    dist = build_case(case)
    values = np.asarray(case["values"], dtype=np.float64)
    rec = dict(case, dtype=str(dist.dtype), values_shape=list(values.shape))
    if dist.dtype.startswith("int"):
        with np.errstate(invalid="ignore"):
            rec["values_as_cast"] = enc(pt.as_tensor_variable(values, dtype=dist.dtype).eval())
    for method in ("logp", "logcdf"):
        result, e = _try(lambda: getattr(pm, method)(dist, values).eval())
        rec[method] = None if result is None else enc(result)
        if e:
            rec[f"{method}_error"] = e
    rec["support_point"] = enc(_support_point(dist).eval())
    rec["shape"] = enc(dist.shape.eval())
    mean = float(zero_mass_mean(case))
    draws = np.asarray(pm.draw(dist, draws=ZERO_MASS_DRAWS, random_seed=MC_SEED), dtype=np.float64)
    z = abs(draws.mean() - mean) / (draws.std(ddof=1) / math.sqrt(ZERO_MASS_DRAWS))
    if z > 5.0:
        raise AssertionError(f"{case['id']}: mean {mean} vs MC {draws.mean()} (z={z})")
    rec["mean"] = enc(mean)
    rec["mean_check"] = {"draws": ZERO_MASS_DRAWS, "sample_mean": enc(draws.mean()), "max_abs_z": float(z)}
    rec["zero_fraction"] = enc((draws == 0).mean())
    return rec


def write(path, recs, notes):
    doc = {
        "schema_version": 1,
        "generated_by": "tests/make_pymc_golden.py "
                        "(/work/bench-venv/bin/python tests/make_pymc_golden.py)",
        "versions": {
            "pymc": pm.__version__,
            "pytensor": pytensor.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
        },
        "encoding": "floats are written with repr (exact round-trip); non-finite "
                    "floats are the strings \"inf\", \"-inf\", \"nan\" (decode with "
                    "float()); JSON ints are int64 and JSON floats float64, also for "
                    "parameters. See the module docstring of tests/make_pymc_golden.py.",
        "notes": notes,
        "cases": recs,
    }
    text = dumps(enc(doc)) + "\n"
    json.loads(text)  # strict JSON check
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {path} ({len(text)} bytes, {len(recs)} cases)")


def main_zero_mass():
    recs = []
    for c in zero_mass_cases():
        print("evaluating", c["id"], flush=True)
        recs.append(evaluate_zero_mass(c))
    notes = [
        "Zero-inflated: Mixture(w=[1 - psi, psi], [DiracDelta(0), base]). Hurdle: the same "
        "with the base truncated to >= 1 for counts (Truncated(lower=1)) and, since PyMC 5.24 "
        "(pymc#7810), the untruncated base for Gamma and LogNormal: logp(0) = log(1 - psi), "
        "logp(x > 0) = log(psi) + logp_base(x), finite also between 0 and float64 eps.",
        "'mean' is psi times the positive part's mean (the base's from PyMC's RV op, divided "
        "by 1 - exp(pm.logp(base, 0)) for a hurdle count), checked against pm.draw samples "
        "('mean_check'); 'zero_fraction' is the fraction of those draws equal to 0.",
        "Discrete values are cast to int64 by PyMC first (see values_as_cast).",
    ]
    write(OUT_ZERO_MASS, recs, notes)


def main():
    recs = []
    for c in cases():
        print("evaluating", c["id"], flush=True)
        recs.append(evaluate(c))
    notes = self_checks(recs) + [
        "PyMC has no mean() for Mixture (or any .dist()); 'mean' is computed by this "
        "script as sum_k w_k * E[comp_k] from the parameters of PyMC's RV ops and is "
        "checked against the mean of pm.draw samples ('mean_check').",
        "Discrete distributions: PyMC casts the value to int64 before evaluating "
        "(truncation toward zero: 2.5 -> 2, -0.5 -> 0, -0.99 -> 0; NaN, +-inf and "
        "values beyond int64 -> -2**63, hence logp = logcdf = -inf for them, even "
        "logcdf(+inf)). See values_as_cast.",
        "Mixture support point: sum_k w_k * support_point(comp_k), rounded to the "
        "nearest integer (pt.round, half to even) for discrete mixtures.",
        "Invalid weights (outside [0,1] or not summing to 1 with isclose) make "
        "logp/logcdf raise ParameterValueError instead of returning -inf; "
        "support_point does not check the weights.",
        "'scipy_check' compares PyMC with scipy.stats (max relative difference, "
        "|d|/max(1,|ref|), over finite values; '*_nonfinite_mismatch_at' lists "
        "values where one of the two is non-finite and they disagree).",
        "PyMC's Normal logcdf is only accurate to ~1e-7 relative: dist_math.normal_lcdf "
        "divides by pt.sqrt(2.0), and PyTensor makes the Python literal 2.0 a float32 "
        "constant, so sqrt(2) = 1.4142135381698608. Compare Normal and LogNormal (and "
        "their mixtures') logcdf with rtol ~1e-6, or against an exact reference.",
        "Python float literals given as parameters are turned into float32 constants "
        "when exactly representable (1.5, 2.0, 6.0, ...), and PyMC then computes "
        "log(mu), 1/beta, lam**-0.5 ... in float32 (~1e-8 relative error). This file "
        "was made with float64 numpy arrays for every parameter; a consumer that "
        "rebuilds the cases with Python literals in PyMC gets slightly different numbers.",
        "Gamma logp at x=0 is -inf in PyMC even for alpha < 1 (scipy: +inf); "
        "Exponential logp at 0 is log(lam); Uniform logp is log(1/(upper-lower)) on the "
        "closed interval [lower, upper], logcdf(lower) = -inf.",
        "StudentT logcdf at +-inf is nan in PyMC, so a mixture containing a StudentT has "
        "logcdf nan at +-inf (Normal alone: logcdf(+inf) = -0.0, logcdf(-inf) = -inf). "
        "Continuous logp(nan) is nan, logp(+-inf) is -inf.",
    ]
    doc = {
        "schema_version": 1,
        "generated_by": "tests/make_pymc_golden.py "
                        "(/work/bench-venv/bin/python tests/make_pymc_golden.py)",
        "versions": {
            "pymc": pm.__version__,
            "pytensor": pytensor.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
        },
        "encoding": "floats are written with repr (exact round-trip); non-finite "
                    "floats are the strings \"inf\", \"-inf\", \"nan\" (decode with "
                    "float()); JSON ints are int64 and JSON floats float64, also for "
                    "parameters. See the module docstring of tests/make_pymc_golden.py.",
        "notes": notes,
        "cases": recs,
    }
    doc = enc(doc)
    text = dumps(doc) + "\n"
    json.loads(text)  # strict JSON check
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {OUT} ({len(text)} bytes, {len(recs)} cases)")
    return 0


if __name__ == "__main__":
    # no argument: both files; "core" or "zero_mass": one of them
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("all", "zero_mass"):
        main_zero_mass()
    sys.exit(main() if which in ("all", "core") else 0)
