"""The hypothesis strategies of ``numbamix.testing.strategies`` produce valid objects only."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import numbamix
from numbamix.families import FAMILIES
from numbamix.testing import strategies as nst

from conftest import ALL_FAMILIES, CORE_FAMILIES

NAMES = sorted(FAMILIES)
FAST = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def front(name):
    return getattr(numbamix, name)


@pytest.mark.parametrize("name", NAMES)
@FAST
@given(data=st.data())
def test_params_are_legal_and_accepted(name, data):
    family = FAMILIES[name]
    p = data.draw(nst.params(name))
    assert set(p) == set(family.names)
    assert all(isinstance(v, float) for v in p.values())
    for param in family.params:
        assert param.domain.contains(np.asarray(p[param.name])), (param.name, p)
    if family.constraint is not None:
        assert np.all(family.constraint({k: np.asarray(v) for k, v in p.items()})[0])
    dist = front(name).dist(**p)
    assert dist.batch_shape == ()
    x = dist.random(size=3, rng=0)
    assert np.all(np.isfinite(x))


@pytest.mark.parametrize("name", NAMES)
@FAST
@given(data=st.data())
def test_typical_params_stay_in_the_typical_ranges(name, data):
    p = data.draw(nst.params(name, extreme=False))
    for param in FAMILIES[name].params:
        lo, hi = param.typical
        assert lo <= p[param.name] <= hi


@pytest.mark.parametrize(
    "name, condition",
    [
        ("Binomial", lambda d: d["p"] == 0.0),
        ("Binomial", lambda d: d["p"] == 1.0),
        ("Binomial", lambda d: d["n"] == 0.0),
        ("Binomial", lambda d: d["n"] >= 1e4),
        ("Normal", lambda d: d["sigma"] < 1e-2),
        ("Normal", lambda d: d["sigma"] > 1e3),
        ("Normal", lambda d: abs(d["mu"]) > 1e3),
        ("Poisson", lambda d: d["mu"] == 0.0),
        ("StudentT", lambda d: d["nu"] > 1e5),
        ("Uniform", lambda d: d["upper"] - d["lower"] < 1e-6 * max(abs(d["lower"]), 1.0)),
    ],
)
def test_extremes_are_generated(name, condition):
    if name not in FAMILIES:
        pytest.skip(f"no {name} family")
    found = find(nst.params(name), condition, settings=settings(max_examples=2000, database=None))
    assert condition(found)
    front(name).dist(**found)


@FAST
@given(data=st.data())
def test_values_lie_in_the_support(data):
    # every family compiles on first use: the core ones by default, all with NUMBAMIX_TEST_FAMILIES=all
    dist = data.draw(nst.distributions(None if ALL_FAMILIES else st.sampled_from(sorted(CORE_FAMILIES))))
    x = data.draw(nst.values(dist))
    family = dist.family
    canonical = {n: float(v) for n, v in dist.params.items()}
    ref = family.reference(**canonical)
    lower, upper = ref.support()
    assert lower <= x <= upper
    if family.discrete:
        assert x == np.floor(x)
    logp = float(dist.logp(x))
    assert not np.isnan(logp)
    with np.errstate(all="ignore"):
        expected = float(ref.logpmf(x) if family.discrete else ref.logpdf(x))
    if np.isfinite(expected):
        assert np.isfinite(logp), (dist, x, logp, expected)
    if logp == -np.inf:
        assert expected == -np.inf, (dist, x, logp, expected)
    logcdf = float(dist.logcdf(x))
    assert not np.isnan(logcdf) and logcdf <= 0.0


@FAST
@given(data=st.data())
def test_values_without_edges_have_finite_logp(data):
    dist = data.draw(nst.distributions(st.sampled_from(["Normal", "StudentT", "Exponential", "Poisson"])))
    x = data.draw(nst.values(dist, edges=False))
    assert np.isfinite(dist.logp(x)), (dist, x)


@FAST
@given(data=st.data())
def test_values_of_a_mixture(data):
    mix = data.draw(nst.mixtures(forms=("batched",)))
    x = data.draw(nst.values(mix))
    lower, upper = nst._support(mix)
    assert lower <= x <= upper
    assert not np.isnan(mix.logp(x))


@FAST
@given(nst.batch_shapes())
def test_batch_shapes(shape):
    assert isinstance(shape, tuple) and len(shape) <= 3
    assert all(1 <= s <= 4 for s in shape)


@FAST
@given(data=st.data())
def test_broadcastable_shapes(data):
    shape = data.draw(nst.batch_shapes())
    other = data.draw(nst.broadcastable_shapes(shape))
    assert len(other) <= 3
    np.broadcast_shapes(shape, other)


@FAST
@given(data=st.data())
def test_distributions_with_shapes(data):
    shape = data.draw(nst.batch_shapes(max_dims=2, max_side=3))
    dist = data.draw(nst.distributions(shape=shape))
    assert dist.batch_shape == shape
    assert np.all(np.isfinite(dist.random(rng=0)))
    dist = data.draw(nst.distributions("Normal", shape=nst.batch_shapes(max_dims=1)))
    assert len(dist.batch_shape) <= 1


@FAST
@given(data=st.data())
def test_weights_rows_sum_to_one(data):
    k = data.draw(st.integers(1, 5))
    shape = data.draw(nst.batch_shapes(max_dims=2))
    allow_zero = data.draw(st.booleans())
    w = data.draw(nst.weights(k, batch_shape=shape, allow_zero=allow_zero))
    assert w.shape == shape + (k,)
    assert np.all((w >= 0) & (w <= 1))
    assert np.all(np.isclose(w.sum(axis=-1), 1.0))
    assert np.all(w.max(axis=-1) > 0)
    if not allow_zero:
        assert np.all(w > 0)


def test_weights_include_exact_zeros():
    found = find(nst.weights(3), lambda w: (w == 0).any() and (w > 0).sum() >= 2)
    assert (found == 0).any()


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(mix=nst.mixtures(batch=True))
def test_mixtures_evaluate_finite_logp_at_their_draws(mix):
    x = mix.random(rng=0)
    assert x.shape == mix.batch_shape
    assert np.all(np.isfinite(mix.logp(x))), (mix, x)
    assert np.all(mix.logcdf(x) <= 0.0)


@FAST
@given(mix=nst.mixtures(discrete=True, forms=("list",)))
def test_mixture_options(mix):
    assert mix.discrete
    assert isinstance(mix.comp_dists, list) and len(mix.comp_dists) >= 2
    names = [c.family.name for c in mix.comp_dists]
    assert names == sorted(names)


def test_mixtures_use_few_family_combinations():
    seen = set()

    @settings(max_examples=60, database=None)
    @given(nst.mixtures(batch=True))
    def collect(mix):
        comps = mix.comp_dists if isinstance(mix.comp_dists, list) else [mix.comp_dists]
        seen.add(tuple(dict.fromkeys(c.family.name for c in comps)))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        collect()
    assert seen <= set(nst.DEFAULT_COMBINATIONS)
    assert len(nst.DEFAULT_COMBINATIONS) <= 6


def test_mixture_family_pool_and_errors():
    pool = nst._combinations(["StudentT", "Normal", "Poisson"], None, 4)
    assert pool == [("Normal",), ("Poisson",), ("StudentT",), ("Normal", "StudentT")]
    assert nst._combinations([("Normal", "StudentT")], True, 4) == []
    with pytest.raises(ValueError, match="no family combination"):
        nst.mixtures(families=[("Normal", "StudentT")], forms=("batched",))
    with pytest.raises(ValueError, match="forms"):
        nst.mixtures(forms=("stacked",))


def test_multivariate_families_are_left_out():
    class Multivariate:
        name = "Normal"
        ndim_supp = 1
        discrete = False

    assert not nst._univariate(Multivariate())
    assert nst._univariate(FAMILIES[NAMES[0]])


# --- multivariate strategies --------------------------------------------------------------------


def _scipy_mv_logp(family, params, x):
    """scipy's log-density of one multivariate component (canonical numbamix parameters)."""
    from scipy import stats

    if family == "MvNormal":
        return stats.multivariate_normal(params["mu"], params["chol"] @ params["chol"].T).logpdf(x)
    if family == "MvStudentT":
        return stats.multivariate_t(params["mu"], params["chol"] @ params["chol"].T, df=params["nu"]).logpdf(x)
    if family == "Dirichlet":
        if x.shape[-1] == 1:  # scipy needs two categories; the one-category simplex is the point 1
            return np.where(x[..., 0] == 1.0, 0.0, -np.inf)
        return np.array([stats.dirichlet(params["a"]).logpdf(v) for v in x])
    if family == "Multinomial":
        return stats.multinomial(int(params["n"]), params["p"]).logpmf(x)
    return stats.dirichlet_multinomial(params["a"], int(params["n"])).logpmf(x)


def _mv_components(mix):
    """``[(family name, params of one component)]`` of a scalar multivariate mixture."""
    comps = mix.comp_dists
    if isinstance(comps, list):
        return [(c.family.name, {n: np.asarray(v) for n, v in c.params.items()}) for c in comps]
    return [(comps.family.name, {n: np.asarray(v)[k] for n, v in comps.params.items()}) for k in range(mix.w.shape[-1])]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mix=nst.multivariate_mixtures())
def test_multivariate_mixtures_match_scipy_at_their_draws(mix):
    from scipy.special import logsumexp

    x = mix.random(size=6, rng=1)
    d = mix.comp_dists[0].event_shape[0] if isinstance(mix.comp_dists, list) else mix.comp_dists.event_shape[0]
    assert x.shape == (6, d) and mix.ndim_supp == 1
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        terms = [np.log(w) + _scipy_mv_logp(f, p, x) for w, (f, p) in zip(mix.w, _mv_components(mix)) if w > 0]
        expected = logsumexp(terms, axis=0)
    got = mix.logp(x)
    finite = np.isfinite(expected)  # a Dirichlet draw with a coordinate rounded to 0 is at the edge
    assert np.all(np.isfinite(got[finite])), (mix, x)
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-8, atol=1e-8)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_multivariate_strategy_options(data):
    name = data.draw(st.sampled_from(nst.MULTIVARIATE_CONTINUOUS + nst.MULTIVARIATE_DISCRETE))
    dist = data.draw(nst.multivariate_distributions(name, d=3, size=(2,)))
    assert (dist.family.name, dist.batch_shape, dist.event_shape) == (name, (2,), (3,))
    mix = data.draw(nst.multivariate_mixtures(discrete=True, forms=("list",)))
    assert mix.discrete and isinstance(mix.comp_dists, list)
    assert {c.family.name for c in mix.comp_dists} <= set(nst.MULTIVARIATE_DISCRETE)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mix=nst.multivariate_mixtures(forms=("list",)))
def test_multivariate_mixture_invariances(mix):
    from numbamix.testing import checks

    checks.check_mixture_invariances(mix, mix.random(size=5, rng=2), rtol=1e-10)


def test_multivariate_invariance_failure_is_reported():
    from numbamix import Dirichlet
    from numbamix.testing import checks

    class FirstOnly:
        """A wrong multivariate mixture: its logp is its first component's, whatever the weights."""

        ndim_supp = 1

        def __init__(self, w, comp_dists):
            self.w, self.comp_dists = np.asarray(w), comp_dists

        def logp(self, x):
            return self.comp_dists[0].logp(x)

    mix = FirstOnly([0.2, 0.8], [Dirichlet.dist(a=[1.0, 5.0, 9.0]), Dirichlet.dist(a=[9.0, 5.0, 1.0])])
    with pytest.raises(checks.CheckFailure, match=r"permuting the components to order \[1, 0\] changes logp"):
        checks.check_mixture_invariances(mix, np.array([[0.1, 0.3, 0.6], [0.5, 0.3, 0.2]]))
