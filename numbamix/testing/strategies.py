"""Hypothesis strategies for numbamix, driven by the family registry.

Everything here reads :data:`numbamix.families.FAMILIES`: parameter domains,
``typical`` ranges, constraints and the ``discrete`` flag, so a family added
to the registry is covered without touching this module.

>>> from hypothesis import given
>>> from numbamix.testing import strategies as nst
>>> @given(nst.mixtures())
... def test_logp_of_a_draw_is_finite(mix):
...     assert np.isfinite(mix.logp(mix.random(rng=0))).all()

Strategies:

- :func:`params`: a dict of canonical parameter values, all legal, mostly from
  the ``typical`` ranges and sometimes extreme (tiny and huge scales, p = 0 or
  1, n = 0, huge counts, mu = 0, narrow uniform intervals, ...).
- :func:`values`: points inside a scalar distribution's support, its exact
  finite edges, points just inside them and far tails.
- :func:`batch_shapes`, :func:`broadcastable_shapes`: shapes.
- :func:`distributions`: a ``.dist()`` object of a (random) registered family.
- :func:`weights`: mixture weights, rows summing to 1, sometimes exact zeros.
- :func:`mixtures`: whole :class:`numbamix.Mixture` objects, from a small fixed
  set of family combinations (each combination compiles its own kernel).
- :func:`multivariate_params`, :func:`multivariate_distributions`,
  :func:`multivariate_mixtures`: the same for the multivariate families
  (MvNormal, MvStudentT, Dirichlet, Multinomial, DirichletMultinomial): random
  event sizes, positive definite scale matrices, probabilities with exact zeros,
  mixtures as a list or one batched distribution.
"""

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ..families import FAMILIES
from ..families._registry import COUNT, NONNEGATIVE, POSITIVE, PROBABILITY, REAL, Family

__all__ = ["DEFAULT_COMBINATIONS", "batch_shapes", "broadcastable_shapes", "distributions", "params"]
__all__ += ["mixtures", "values", "weights"]
__all__ += ["multivariate_distributions", "multivariate_mixtures", "multivariate_params"]

#: Relative reach of the extremes beyond a ``typical`` range: tiny scales down
#: to ``lo * 1e-3``, huge ones up to ``hi * 1e3``, locations up to ``1e3`` times
#: the typical magnitude.
EXTREME_FACTOR = 1e3

#: Per-parameter reach of the extremes where the generic rule does not fit:
#: ``(lowest, highest)`` extreme values, ``None`` = the generic rule. Used to
#: reach further (StudentT's nu up to 1e6) and to stop where the library is
#: not (yet) accurate enough or draws degenerate (see the notes at the bottom).
EXTREME_LIMITS = {
    ("StudentT", "nu"): (0.5, 1e6),
    # draws of Gamma(alpha < 0.02) underflow to exactly 0 (logp +inf there) too often
    ("Gamma", "alpha"): (0.02, None),
    # logp is exact at any mu (Loader's form above 1e4), but the discrete checks sum the pmf
    # term by term from 0: capped at 1e5 to keep them fast
    ("Poisson", "mu"): (None, 1e5),
    # logp loses ~n * eps absolute accuracy (log C(n, x) + x log p + (n - x) log q): capped at 1e5
    ("Binomial", "n"): (None, 1e5),
    # the same for huge means with small alpha (counts ~ 1e8 and more): capped at 500
    ("NegativeBinomial", "mu"): (None, 500.0),
    # exp(mu + sigma z) stays finite and normal; past sigma ~ 1.2 the fourth moment lives beyond
    # what 5e4 draws see, so check_moments' standard errors are too small
    ("LogNormal", "mu"): (-300.0, 300.0),
    ("LogNormal", "sigma"): (None, 1.0),
    # Beta: below alpha = 0.1 the density overflows at the smallest doubles (x^(alpha - 1) > 1e308
    # near 5e-324); below beta = 1/2 a visible part of
    # the mass lies within one ulp of 1 (e.g. 8% at beta = 0.07), where draws round to 1 and the
    # integrals of check_cdf_matches_pdf cannot resolve the density (logcdf itself is exact there)
    ("Beta", "alpha"): (0.1, None),
    ("Beta", "beta"): (0.5, None),
    # ChiSquared below nu = 0.2 (Gamma shape 0.1): the density overflows at the smallest doubles
    # (x^(nu/2 - 1) > 1e308 near 5e-324) and draws underflow to 0
    ("ChiSquared", "nu"): (0.2, None),
    # Weibull below alpha = 1/2: the fourth moment (Gamma(1 + 4/alpha)) lives beyond what 5e4 draws
    # see (check_moments' standard errors too small), and the mean overflows below alpha ~ 1/170
    ("Weibull", "alpha"): (0.5, None),
    # LogitNormal: expit rounds to exactly 1 above logit x ~ 36.7, so mass beyond it (mu + 6 sigma
    # past it) becomes an atom at 1 for the draws and the integrals; mu <= 20 and sigma <= 2.5 keep it
    # below 1e-9
    ("LogitNormal", "mu"): (-20.0, 20.0),
    ("LogitNormal", "sigma"): (None, 2.5),
    ("LogitNormal", "tau"): (0.16, None),
    # Pareto below alpha = 1/2: draws m exp(E / alpha) and the support point m 2^(1/alpha) overflow
    ("Pareto", "alpha"): (0.5, None),
    # Kumaraswamy below a = 0.1 draws (U^(1/a)) underflow and the pdf's mass sits decades below
    # 1e-300; below b = 1 the density is infinite at 1 with ~ (a (1 - x))^b of mass beyond x, which
    # check_normalisation's cdf-guided refinement cannot resolve near 1 (it runs to its budget:
    # a minute per example; b < 1 is checked at fixed points in tests/test_families.py)
    ("Kumaraswamy", "a"): (0.1, None),
    ("Kumaraswamy", "b"): (1.0, None),
    # the cdf sums up to n + 1 terms per value (not log-concave when alpha or beta < 1), and logp
    # loses ~ n log(n) eps absolute: capped at 1e4
    ("BetaBinomial", "n"): (None, 1e4),
    # Wald's excess kurtosis is 15 mu / lam: past mu / lam ~ 100, 5e4 draws underestimate the
    # variance (8103 sampled as 1364 at mu / lam = 8100); mu <= 10 and lam >= 0.1 keep it <= 100
    ("Wald", "mu"): (None, 10.0),
    ("Wald", "lam"): (0.1, None),
    # the Marcum Q sum costs ~ 20 sqrt(b^2/2 + x^2/2) incomplete gammas (no asymptotic form):
    # nu <= 10 and sigma >= 0.1 keep b = nu / sigma <= 100
    ("Rice", "nu"): (None, 10.0),
    ("Rice", "sigma"): (0.1, None),
    # draws (E / lambda)^(1 / beta): below beta = 1/2 the tail is too heavy for the moment checks
    # (and past beta ~ 0.05 beyond int64)
    ("DiscreteWeibull", "beta"): (0.5, None),
    # as StudentT: below nu = 0.5 the draws are too heavy-tailed for the sampler and moment checks
    ("HalfStudentT", "nu"): (0.5, 1e6),
    # truncated far in a tail, the density's scale is sigma^2 / |mu - bound|: it must stay well
    # above the spacing of doubles at the bounds, which the integrals of check_normalisation see
    # (mass 1 - 1e-8 at mu = -70, sigma = 9e-4 on [-1, 1], a scale 1e-8 of |x|; logp is exact there)
    ("TruncatedNormal", "mu"): (-100.0, 100.0),
    ("TruncatedNormal", "sigma"): (0.05, None),
    # the zero-inflated and hurdle families: their base family's limits (same reasons)
    ("ZeroInflatedPoisson", "mu"): (None, 1e5),
    ("HurdlePoisson", "mu"): (None, 1e5),
    ("ZeroInflatedBinomial", "n"): (None, 1e5),
    ("ZeroInflatedNegativeBinomial", "mu"): (None, 500.0),
    ("HurdleNegativeBinomial", "mu"): (None, 500.0),
    # below alpha ~ 0.04 the density near the smallest subnormals exceeds the largest double
    # (math.exp overflows in check_normalisation's integrand; the same holds for Gamma)
    ("HurdleGamma", "alpha"): (0.05, None),
    ("HurdleLogNormal", "mu"): (-300.0, 300.0),
    ("HurdleLogNormal", "sigma"): (None, 1.0),
}

#: Default family combinations of :func:`mixtures`: each distinct tuple (in
#: this canonical order) compiles one mixture kernel, so the default draws from
#: only these. Families named here but not registered are dropped.
DEFAULT_COMBINATIONS = (
    ("Normal",),
    ("Gamma",),
    ("Normal", "StudentT"),
    ("Exponential", "Gamma", "Uniform"),
    ("Poisson",),
    ("Binomial", "NegativeBinomial", "Poisson"),
)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def _family(family):
    if isinstance(family, Family):
        return family
    if isinstance(family, str):
        try:
            return FAMILIES[family]
        except KeyError:
            raise ValueError(f"unknown family {family!r}; registered: {sorted(FAMILIES)}") from None
    inner = getattr(family, "family", None)  # a front-end class such as numbamix.Normal
    if isinstance(inner, Family):
        return inner
    raise TypeError(f"expected a Family, its name or a front-end class, got {family!r}")


def _front(family):
    import numbamix

    return getattr(numbamix, family.name)


def _univariate(family):
    return getattr(family, "ndim_supp", 0) == 0


def _uniform(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def _log_uniform(lo, hi):
    """Floats spread evenly over the decades of ``[lo, hi]`` (0 < lo < hi), endpoints included."""
    a, b = math.log(lo), math.log(hi)
    inner = _uniform(a, b).map(lambda t: min(max(math.exp(t), lo), hi))
    return st.one_of(inner, st.sampled_from([lo, hi]))


def _span(lo, hi):
    """Uniform, or log-uniform where a positive range spans more than a decade."""
    if lo > 0 and hi / lo > 10.0:
        return _log_uniform(lo, hi)
    return _uniform(lo, hi)


def _typical(param):
    lo, hi = (float(v) for v in param.typical)
    if param.domain is COUNT:
        return st.integers(math.ceil(lo), math.floor(hi)).map(float)
    return _span(lo, hi)


def _limits(family, param, lo, hi):
    low, high = EXTREME_LIMITS.get((family.name, param.name), (None, None))
    return (lo if low is None else low), (hi if high is None else high)


def _extreme(family, param):
    """Extreme but legal values of one parameter, or ``None`` where there are none."""
    lo, hi = (float(v) for v in param.typical)
    f = EXTREME_FACTOR
    domain = param.domain
    parts = []
    if domain is PROBABILITY:
        parts = [
            st.sampled_from([0.0, 1.0]),
            _log_uniform(1e-12, 1e-3),
            _log_uniform(1e-12, 1e-3).map(lambda t: 1.0 - t),
        ]
    elif domain is COUNT:
        top = _limits(family, param, 0.0, max(hi, 1.0) * f)[1]
        parts = [st.sampled_from([0.0, 1.0])]
        if top > hi:
            parts.append(_log_uniform(max(hi, 1.0), top).map(lambda t: float(math.floor(t))))
    elif domain is POSITIVE or domain is NONNEGATIVE:
        base = lo if lo > 0 else min(1.0, hi)
        tiny, huge = _limits(family, param, base / f, hi * f)
        if tiny < base:
            parts.append(_log_uniform(tiny, base))
        if huge > hi:
            parts.append(_log_uniform(hi, huge))
        if domain is NONNEGATIVE:
            parts.append(st.just(0.0))
    elif domain is REAL:
        magnitude = max(abs(lo), abs(hi), 1.0) * f
        low, high = _limits(family, param, -magnitude, magnitude)
        parts = [_uniform(low, high), st.sampled_from([low, high])]
    if not parts:
        return None
    return st.one_of(parts).filter(lambda v: bool(domain.contains(np.asarray(v))))


def _legal(family, values):
    for param in family.params:
        if not bool(np.all(param.domain.contains(np.asarray(values[param.name])))):
            return False
    if family.constraint is not None:
        ok, _ = family.constraint({k: np.asarray(v, dtype=np.float64) for k, v in values.items()})
        return bool(np.all(ok))
    return True


def _narrow_uniform(family):
    """Uniform intervals of relative width 1e-12 .. 1e-3 anywhere on a wide range."""
    lower_param = family.params[0]
    lower = st.one_of(_typical(lower_param), _extreme(family, lower_param))
    exponent = _uniform(-12.0, -3.0)
    return st.tuples(lower, exponent).map(
        lambda t: {"lower": t[0], "upper": t[0] + max(abs(t[0]), 1.0) * 10.0 ** t[1]}
    )


def _truncation_bounds(family):
    """TruncatedNormal bounds: none, one-sided, far in a tail (up to 60 sigma), or narrow
    (widths 1e-12 .. 10 sigma) anywhere from -60 to 60 sigma, on mixed scales."""
    mu, sigma = (st.one_of(_typical(p), _extreme(family, p)) for p in family.params[:2])
    offset = _uniform(-60.0, 60.0)
    width = _uniform(-12.0, 1.0).map(lambda t: 10.0**t)

    def bounds(t):
        mu, sigma, kind, k, w = t
        lower, upper = mu + k * sigma, mu + (k + w) * sigma
        # one-sided, also where the interval would span fewer than ~1e4 doubles (draws lumped)
        if kind == 1 or not upper - lower > 1e-12 * max(abs(lower), abs(upper)):
            lower, upper = (lower, math.inf) if k > 0 else (-math.inf, lower)
        return {"mu": mu, "sigma": sigma, "lower": -math.inf if kind == 0 else lower, "upper": math.inf if kind == 0 else upper}

    return st.tuples(mu, sigma, st.integers(0, 2), offset, width).map(bounds)


#: Family-specific extreme parameter *sets* (constraints between parameters).
SPECIAL_EXTREMES = {"Uniform": _narrow_uniform, "TruncatedNormal": _truncation_bounds}


# ---------------------------------------------------------------------------
# public strategies
# ---------------------------------------------------------------------------


def params(family, *, extreme=True):
    """Canonical parameters of ``family`` (a :class:`Family`, its name or front-end class).

    A dict ``{name: float}`` accepted by ``.dist(**d)``: every value inside its
    domain and the family's ``constraint`` satisfied. Values come mostly from
    the ``typical`` ranges (log-uniform where a positive range spans decades,
    integers for counts); with ``extreme=True`` a parameter is sometimes
    replaced by an extreme but legal value: scales 1e-3 below / 1e3 above the
    typical range, locations +-1e3 times it, probabilities exactly 0 or 1 or
    within 1e-12 of them, counts 0, 1 and huge, rates exactly 0 where the domain
    allows it, and family-specific sets (:data:`SPECIAL_EXTREMES`, e.g. narrow
    Uniform intervals). :data:`EXTREME_LIMITS` caps the extremes where the
    library is known to be inaccurate or draws degenerate.
    """
    family = _family(family)
    fields = {}
    for param in family.params:
        typical = _typical(param)
        extreme_values = _extreme(family, param) if extreme else None
        if extreme_values is None:
            fields[param.name] = typical
        else:  # about one parameter in four is extreme; shrinks towards typical values
            fields[param.name] = st.integers(0, 3).flatmap(
                lambda i, t=typical, e=extreme_values: e if i == 3 else t
            )
    strategy = st.fixed_dictionaries(fields)
    special = SPECIAL_EXTREMES.get(family.name)
    if extreme and special is not None:
        strategy = st.one_of(strategy, special(family))
    return strategy.map(lambda d: {k: float(v) for k, v in d.items()}).filter(lambda d: _legal(family, d))


def batch_shapes(*, max_dims=3, max_side=4):
    """Batch shapes: tuples of 0 to ``max_dims`` sides in ``1 .. max_side``."""
    return hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side)


def broadcastable_shapes(shape, *, max_dims=3):
    """Shapes of at most ``max_dims`` dimensions that broadcast with ``shape`` (numpy's rules)."""
    shape = tuple(int(s) for s in shape)
    max_side = max([4, *shape])
    return hnp.broadcastable_shapes(shape, min_dims=0, max_dims=max_dims, min_side=1, max_side=max_side)


def distributions(family=None, *, shape=None):
    """A numbamix ``.dist()`` object of ``family`` (a random univariate registered one if ``None``).

    ``family`` is a :class:`Family`, its name, a front-end class, a strategy of
    those, or ``None``.
    Parameters come from :func:`params`. ``shape`` is ``None`` (a scalar
    distribution), a tuple (the batch shape; parameters either shared or drawn
    independently per element) or a strategy of tuples, e.g. :func:`batch_shapes`.
    """
    if family is None:
        names = sorted(name for name, f in FAMILIES.items() if _univariate(f))
        return st.sampled_from(names).flatmap(lambda name: distributions(name, shape=shape))
    if isinstance(family, st.SearchStrategy):
        return family.flatmap(lambda f: distributions(f, shape=shape))
    family = _family(family)
    if isinstance(shape, st.SearchStrategy):
        return shape.flatmap(lambda s: distributions(family, shape=s))
    front = _front(family)
    if shape is None:
        return params(family).map(lambda d: front.dist(**d))
    shape = tuple(int(s) for s in shape)
    shared = params(family).map(lambda d: front.dist(**d, shape=shape))
    return st.one_of(shared, _per_element(family, shape).map(lambda d: front.dist(**d, shape=shape)))


def _per_element(family, shape):
    """Parameter arrays of ``shape``, each element an independent :func:`params` draw."""
    n = int(np.prod(shape, dtype=np.int64))
    names = family.names
    return st.lists(params(family), min_size=n, max_size=n).map(
        lambda dicts: {
            name: np.array([d[name] for d in dicts], dtype=np.float64).reshape(shape) for name in names
        }
    )


def weights(k, *, batch_shape=(), allow_zero=True):
    """Mixture weights of shape ``batch_shape + (k,)``: each row in [0, 1], summing to 1.

    Rows are normalised non-negative draws (so ``np.isclose(row.sum(), 1)``
    holds); with ``allow_zero`` some entries are exactly 0, never a whole row.
    """
    batch_shape = tuple(int(s) for s in batch_shape)
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    raw = _uniform(1e-300, 1.0)
    if allow_zero:
        raw = st.one_of(raw, st.just(0.0))
    n = int(np.prod(batch_shape, dtype=np.int64)) * k
    return st.lists(raw, min_size=n, max_size=n).map(lambda r: _normalised(r, batch_shape, k))


def _normalised(raw, batch_shape, k):
    w = np.array(raw, dtype=np.float64).reshape(batch_shape + (k,))
    rows = w.reshape(-1, k)
    rows[rows.sum(axis=1) == 0.0, 0] = 1.0
    rows /= rows.sum(axis=1, keepdims=True)
    return rows.reshape(batch_shape + (k,))


def _combinations(families, discrete, max_k):
    if families is None:
        combos = [c for c in DEFAULT_COMBINATIONS if all(name in FAMILIES for name in c)]
    else:
        families = list(families)
        if families and all(isinstance(f, (tuple, list)) for f in families):
            combos = [tuple(_family(f).name for f in combo) for combo in families]
        else:
            pool = sorted({_family(f).name for f in families})
            combos = [(name,) for name in pool]
            for kind in (False, True):
                group = tuple(name for name in pool if FAMILIES[name].discrete is kind)
                if len(group) > 1:
                    combos.append(group)
    result = []
    for combo in combos:
        members = [_family(name) for name in combo]
        if len({f.discrete for f in members}) != 1 or not all(_univariate(f) for f in members):
            continue
        if discrete is not None and members[0].discrete is not bool(discrete):
            continue
        if len(combo) > max_k:
            continue
        combo = tuple(sorted(set(combo)))
        if combo not in result:
            result.append(combo)
    return result


def mixtures(*, families=None, max_k=4, discrete=None, forms=("list", "batched"), batch=False):
    """Whole :class:`numbamix.Mixture` objects.

    K is drawn in ``1 .. max_k`` (K = 1 only in the batched form: a one-element
    list warns); components are all discrete or all continuous (``discrete``
    picks one kind); weights come from :func:`weights`, exact zeros included;
    parameters from :func:`params`, extremes included.

    Forms: ``"list"`` (a list of ``.dist()`` objects, the families of one
    combination, each at least once) and ``"batched"`` (one family with
    per-component parameter arrays of shape ``(..., K)``; only single-family
    combinations). With ``batch=True`` the weights and/or the components get
    batch dimensions (at most 2 dims of side <= 3).

    Every distinct tuple of families compiles a new kernel (seconds), so the
    families come from a small fixed set of combinations:
    :data:`DEFAULT_COMBINATIONS` by default; ``families`` overrides it with
    either explicit combinations (a sequence of tuples of names) or a pool of
    families (names, :class:`Family` objects or front-end classes), which gives
    each family alone plus all the pool's families of one kind together.

    Only univariate families are used: multivariate families (``ndim_supp`` =
    1, read as ``getattr(family, "ndim_supp", 0)``) are filtered out until the
    mixtures support them.
    """
    forms = tuple(forms)
    unknown = set(forms) - {"list", "batched"}
    if unknown or not forms:
        raise ValueError(f"forms must be a non-empty subset of ('list', 'batched'), got {forms}")
    combos = _combinations(families, discrete, max_k)
    choices = []
    if "list" in forms:
        choices += [("list", c) for c in combos if max(len(c), 2) <= max_k]
    if "batched" in forms:
        choices += [("batched", c) for c in combos if len(c) == 1]
    if not choices:
        raise ValueError(
            f"no family combination fits families={families!r}, discrete={discrete!r}, forms={forms}, max_k={max_k}"
        )
    return st.sampled_from(choices).flatmap(lambda choice: _mixture(*choice, max_k=max_k, batch=batch))


@st.composite
def _mixture(draw, form, combo, *, max_k, batch):
    from .. import Mixture

    members = [_family(name) for name in combo]
    if form == "list":
        k = draw(st.integers(max(len(members), 2), max_k))
        # every family of the combination at least once, in the canonical order
        picks = list(range(len(members))) + draw(
            st.lists(st.integers(0, len(members) - 1), min_size=k - len(members), max_size=k - len(members))
        )
        order = sorted(picks)
    else:
        k = draw(st.integers(1, max_k))
    shape = draw(batch_shapes(max_dims=2, max_side=3)) if batch else ()
    w_shape = draw(st.sampled_from([(), shape])) if shape else ()
    comp_shape = draw(st.sampled_from([(), shape])) if shape else ()
    if shape and not w_shape and not comp_shape:
        w_shape = shape
    w = draw(weights(k, batch_shape=w_shape))
    if form == "list":
        comps = [draw(distributions(members[i], shape=comp_shape or None)) for i in order]
    else:
        family = members[0]
        comps = draw(distributions(family, shape=comp_shape + (k,)))
    return Mixture(w, comps)


def _support(dist):
    """``(lower, upper)`` floats of a scalar distribution."""
    lower, upper = dist.support()
    return float(lower), float(upper)


def _references(dist):
    """``(family, scipy reference)`` of each component with positive weight (its quantiles
    place interior points)."""
    w, components, _ = dist._components()
    out = []
    for weight, (family, p) in zip(np.asarray(w).reshape(-1), components):
        if weight > 0:
            out.append((family, family.reference(**{n: float(v) for n, v in p.items()})))
    return out


def _finite(x):
    return x is not None and math.isfinite(x)


def values(dist, *, edges=True):
    """Floats inside the support of a scalar numbamix distribution (a family's or a mixture).

    Discrete: integers from the lower edge up to the upper edge or a high
    quantile (1 - 1e-9) of the components, and integers around the bulk.
    Continuous: points spread over the quantiles (1e-12 .. 1 - 1e-12) of each
    component with positive weight, and far tails (median +- 1e3 interquartile
    ranges, clipped to the support). With ``edges=True`` also the exact finite
    edges and points just inside them (the next float, and 1e-12 .. 1e-3
    relative widths inside): logp there may be ``-inf`` (e.g. Binomial's n
    when p = 0) or, at an edge where the density diverges, ``+inf`` (Gamma
    with alpha < 1 at 0). Elsewhere logp is finite except at degenerate
    parameters (a count outside the mass of p = 0 or 1, mu = 0).
    """
    if tuple(getattr(dist, "batch_shape", ())) != ():
        raise ValueError(f"values() needs a scalar distribution, got batch shape {dist.batch_shape}")
    lower, upper = _support(dist)
    refs = _references(dist)
    inside = lambda x: lower <= x <= upper  # noqa: E731
    if dist.discrete:
        tops = [r.ppf(1 - 1e-9) for _, r in refs]
        top = max([t for t in tops if _finite(t)] + [lower])
        top = min(upper, top)
        parts = [st.integers(int(lower), int(max(top, lower))).map(float)]
        for _, ref in refs:
            parts.append(_uniform(1e-9, 1 - 1e-9).map(lambda u, r=ref: float(r.ppf(u))))
        if edges:
            parts.append(st.sampled_from([e for e in (lower, upper) if _finite(e)]))
        return st.one_of(parts).filter(lambda x: _finite(x) and inside(x))
    parts = []
    for _, ref in refs:
        parts.append(_uniform(1e-12, 1 - 1e-12).map(lambda u, r=ref: float(r.ppf(u))))
        median = float(ref.median())
        iqr = float(ref.ppf(0.75) - ref.ppf(0.25))
        if _finite(median) and _finite(iqr):
            far = [median - EXTREME_FACTOR * iqr, median + EXTREME_FACTOR * iqr]
            parts.append(st.sampled_from([min(max(x, lower), upper) for x in far]))
    if edges:
        finite_edges = [e for e in (lower, upper) if _finite(e)]
        if finite_edges:
            span = upper - lower

            def step_inside(edge, relative):
                scale = span if _finite(span) else max(abs(edge), 1.0)
                return edge + (1.0 if edge == lower else -1.0) * scale * relative

            edge = st.sampled_from(finite_edges)
            parts.append(edge)
            parts.append(edge.map(lambda e: float(np.nextafter(e, math.inf if e == lower else -math.inf))))
            parts.append(
                st.tuples(edge, _uniform(-12.0, -3.0)).map(lambda t: step_inside(t[0], 10.0 ** t[1]))
            )
    return st.one_of(parts).filter(lambda x: _finite(x) and inside(x))


# Notes on EXTREME_LIMITS (checked against mpmath at 50 digits):
# - Poisson logp at mu = 1e9 near the mode: relative error 1.4e-7 (absolute ~ mu * eps);
#   mu = 1e6: 1.4e-10. Binomial n = 1e9, p = 1e-9, x = 1: -0.99999923 instead of -0.9999999995
#   (n = 1e6: 2e-10). NegativeBinomial mu = 1e6, alpha = 1e-4 at x = 9.2e10: 2e-6 relative.
#   All three evaluate the log-mass as a sum of large terms instead of Loader's bd0/stirlerr form.


# --------------------------------------------------------------------------- multivariate families

#: Continuous and discrete multivariate families, by name (``numbamix.multivariate.FAMILIES``).
MULTIVARIATE_CONTINUOUS = ("MvNormal", "MvStudentT", "Dirichlet")
MULTIVARIATE_DISCRETE = ("Multinomial", "DirichletMultinomial")


def _vector(lo, hi, d):
    return st.lists(_uniform(lo, hi), min_size=d, max_size=d).map(lambda v: np.array(v, dtype=np.float64))


def _positive_vector(d, lo=0.05, hi=50.0, extreme=(1e-2, 1e3)):
    """Positive entries, log-uniform over ``(lo, hi)``, sometimes an extreme."""
    entry = st.one_of(_log_uniform(lo, hi), _log_uniform(lo, hi), st.sampled_from(extreme))
    return st.lists(entry, min_size=d, max_size=d).map(lambda v: np.array(v, dtype=np.float64))


@st.composite
def _scale_matrix(draw, d):
    """A symmetric positive definite ``d x d`` matrix ``L L^T``: ``L`` lower triangular with
    log-uniform diagonal (0.1 .. 10, sometimes 1e-3 or 1e3) and correlations up to strong."""
    diag = draw(st.lists(st.one_of(_log_uniform(0.1, 10.0), st.sampled_from([1e-3, 1e3])), min_size=d, max_size=d))
    below = draw(st.lists(_uniform(-0.9, 0.9), min_size=d * (d - 1) // 2, max_size=d * (d - 1) // 2))
    factor = np.diag(np.array(diag, dtype=np.float64))
    factor[np.tril_indices(d, -1)] = np.array(below) * np.sqrt(np.outer(diag, diag))[np.tril_indices(d, -1)]
    return factor @ factor.T


@st.composite
def multivariate_params(draw, family, d):
    """Keyword arguments of ``<family>.dist`` (a multivariate family's name) for event size ``d``:
    legal values, mostly moderate, sometimes extreme (tiny or huge scales and concentrations,
    probabilities with exact zeros, n = 0)."""
    if family == "MvNormal":
        return {"mu": draw(_vector(-10.0, 10.0, d)), "cov": draw(_scale_matrix(d))}
    if family == "MvStudentT":
        nu = draw(st.one_of(_log_uniform(0.5, 100.0), st.sampled_from([0.3, 1e4])))
        return {"nu": nu, "mu": draw(_vector(-10.0, 10.0, d)), "scale": draw(_scale_matrix(d))}
    if family == "Dirichlet":
        return {"a": draw(_positive_vector(d))}
    n = draw(st.one_of(st.integers(0, 50), st.integers(0, 10_000), st.just(0)))
    if family == "Multinomial":
        return {"n": n, "p": draw(weights(d))}
    if family == "DirichletMultinomial":
        return {"n": n, "a": draw(_positive_vector(d))}
    raise ValueError(f"unknown multivariate family {family!r}")


def multivariate_distributions(family=None, *, d=None, size=None):
    """A ``.dist()`` object of a multivariate family (random if ``None``) with event size ``d``
    (random in 1..4 if ``None``) and batch shape ``size`` (PyMC's ``size``: ``None`` for none)."""
    from .. import distributions as front

    names = MULTIVARIATE_CONTINUOUS + MULTIVARIATE_DISCRETE
    family_st = st.sampled_from(names) if family is None else st.just(family)
    d_st = st.integers(1, 4) if d is None else st.just(d)
    return st.tuples(family_st, d_st).flatmap(
        lambda fd: multivariate_params(*fd).map(lambda kw, fd=fd: getattr(front, fd[0]).dist(**kw, size=size))
    )


@st.composite
def multivariate_mixtures(draw, *, max_k=3, discrete=None, forms=("list", "batched")):
    """Whole multivariate :class:`numbamix.Mixture` objects (mixture axis -2, as PyMC).

    K in ``2 .. max_k`` (list form: families drawn from one kind, continuous or
    discrete, mixed freely, one event size ``d`` in 1..4) or ``1 .. max_k`` (batched
    form: one family, parameters stacked on a batch axis of length K). Weights from
    :func:`weights`, exact zeros included.
    """
    from .. import Mixture
    from .. import distributions as front

    kind = draw(st.booleans()) if discrete is None else bool(discrete)
    pool = MULTIVARIATE_DISCRETE if kind else MULTIVARIATE_CONTINUOUS
    form = draw(st.sampled_from(tuple(forms)))
    d = draw(st.integers(1, 4))
    if form == "list":
        k = draw(st.integers(2, max_k))
        comps = [draw(multivariate_distributions(draw(st.sampled_from(pool)), d=d)) for _ in range(k)]
    else:
        k = draw(st.integers(1, max_k))
        family = draw(st.sampled_from(pool))
        rows = [draw(multivariate_params(family, d)) for _ in range(k)]
        stacked = {name: np.stack([np.asarray(r[name], dtype=np.float64) for r in rows]) for name in rows[0]}
        comps = getattr(front, family).dist(**stacked)
    return Mixture(draw(weights(k)), comps)
