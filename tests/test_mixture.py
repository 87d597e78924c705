"""Tests of ``numbamix.Mixture`` against scipy references (PyMC's ``pm.Mixture`` semantics).

The reference for every logp/logcdf is scipy.stats per component combined by
``scipy.special.logsumexp(log w + logp_k, axis=-1)`` (:func:`reference`).

numba compiles the mixture loops once per *family combination* (the tuple of
families in order of first appearance), so this module only uses five:
all-Normal, Normal+StudentT, all-Poisson, Poisson+NegativeBinomial+Binomial
and all-Uniform. Mixtures are module-level objects reused across tests.
The property tests over :func:`numbamix.testing.strategies.mixtures` add that
strategy's few default combinations (and, for the invariance checks, their
permutations).
"""

import pickle
import warnings

import numba
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from scipy.special import logsumexp

import numbamix as nm
from numbamix import (
    Binomial,
    Mixture,
    NegativeBinomial,
    Normal,
    Poisson,
    StudentT,
    Uniform,
)
from numbamix.kernels import loop
from numbamix.kernels.components import LOGCDF, LOGP
from numbamix.testing import checks, strategies

RTOL = 1e-10
ATOL = 1e-12
ALPHA = 1e-4  # significance level of every statistical test (fixed seeds: deterministic)
N_DRAWS = 50_000


# --- the reference ------------------------------------------------------------------------------


def _scipy_eval(frozen, x, method):
    if method == "logcdf":
        return frozen.logcdf(x)
    if method == "logccdf":
        return frozen.logsf(x)
    return frozen.logpmf(x) if hasattr(frozen, "logpmf") else frozen.logpdf(x)


def reference(w, comps, x, method="logp"):
    """``logsumexp(log w + logp_k(x), axis=-1)`` with PyMC's broadcasting.

    ``comps`` is a list of frozen scipy distributions (component ``k`` evaluated
    at ``x``) or a function ``f(x[..., None], method)`` giving the stacked
    component values with the mixture axis last (a batched distribution).
    """
    w = np.asarray(w, dtype=float)
    x = np.asarray(x, dtype=float)
    if callable(comps):
        stacked = comps(x[..., None], method)
    else:
        stacked = np.stack(np.broadcast_arrays(*[_scipy_eval(c, x, method) for c in comps]), axis=-1)
    with np.errstate(divide="ignore"):
        log_w = np.log(w)
    terms = log_w + stacked
    # an exactly-zero weight removes its component (PyMC: log(0) + logp_k = -inf unless logp_k is nan)
    terms = np.where(np.isneginf(log_w) & ~np.isnan(stacked), -np.inf, terms)
    with np.errstate(invalid="ignore"):
        return np.asarray(logsumexp(terms, axis=-1))


def batched(frozen):
    """Reference stacked-logp function of one batched scipy distribution."""
    return lambda x, method: _scipy_eval(frozen, x, method)


def mixture_cdf(w, comps):
    """cdf of a scalar mixture of frozen scipy distributions."""
    return lambda x: sum(wk * c.cdf(x) for wk, c in zip(w, comps))


def assert_matches(actual, expected, rtol=RTOL, atol=ATOL):
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    assert actual.dtype == np.float64
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    assert_array_equal(np.isnan(actual), np.isnan(expected))
    assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True)


# --- the PyMC documentation examples (univariate form) ------------------------------------------

# 1. Two Poissons, as a list and as one batched distribution.
L1, L2 = 2.5, 9.0
W_POIS = np.array([0.35, 0.65])
POIS_LIST = Mixture(W_POIS, [Poisson.dist(mu=L1), Poisson.dist(mu=L2)])
POIS_BATCHED = Mixture.dist(W_POIS, Poisson.dist(mu=[L1, L2], shape=(2,)))
POIS_REF = [stats.poisson(L1), stats.poisson(L2)]

# 2. Normal + StudentT sharing mu.
MU = 0.7
W_NT = np.array([0.4, 0.6])
NT = Mixture(W_NT, [Normal.dist(mu=MU, sigma=1), StudentT.dist(nu=4, mu=MU, sigma=1)])
NT_REF = [stats.norm(MU, 1), stats.t(4, MU, 1)]

# 3. (5 x 3) Normal mixture: w of shape (5, 3), then w of shape (3,) shared by the 5 replications.
MU3 = np.array([-1.5, 0.25, 2.0])
W53 = np.random.default_rng(20240501).dirichlet(np.ones(3), size=5)
W3 = np.array([0.2, 0.5, 0.3])
N53_LIST = Mixture(W53, [Normal.dist(mu=MU3[k], sigma=1, shape=(5,)) for k in range(3)])
N53_BATCHED = Mixture(W53, Normal.dist(mu=MU3, sigma=1, shape=(5, 3)))
N3_LIST = Mixture(W3, [Normal.dist(mu=MU3[k], sigma=1, shape=(5,)) for k in range(3)])
N3_BATCHED = Mixture(W3, Normal.dist(mu=MU3, sigma=1, shape=(5, 3)))
N53_REF = batched(stats.norm(np.broadcast_to(MU3, (5, 3)), 1))  # components' batch shape (5,), K = 3

# The discrete three-family mixture and a uniform one (out-of-support values).
W_PNB = np.array([0.2, 0.5, 0.3])
PNB = Mixture(
    W_PNB, [Poisson.dist(mu=4.0), NegativeBinomial.dist(mu=7.5, alpha=2.0), Binomial.dist(n=12, p=0.35)]
)
PNB_REF = [stats.poisson(4.0), stats.nbinom(2.0, 2.0 / 9.5), stats.binom(12, 0.35)]
W_UNI = np.array([0.3, 0.7])
UNI = Mixture(W_UNI, [Uniform.dist(lower=0.0, upper=1.0), Uniform.dist(lower=2.0, upper=5.0)])
UNI_REF = [stats.uniform(0.0, 1.0), stats.uniform(2.0, 3.0)]


def _values_n5(n=40, seed=1):
    return np.random.default_rng(seed).normal(0.0, 3.0, size=(n, 5))


class TestPyMCExamples:
    def test_poisson_list_and_batched_agree(self):
        x = np.arange(-2, 30)
        for method in ("logp", "logcdf", "logccdf"):
            expected = reference(W_POIS, POIS_REF, x, method)
            a = getattr(POIS_LIST, method)(x)
            b = getattr(POIS_BATCHED, method)(x)
            assert_matches(a, expected)
            assert_array_equal(a, b)
        batched_ref = batched(stats.poisson([L1, L2]))
        assert_matches(POIS_BATCHED.logp(x), reference(W_POIS, batched_ref, x))
        for mix in (POIS_LIST, POIS_BATCHED):
            assert mix.batch_shape == ()
            assert mix.ndim_supp == 0
            assert mix.dtype == "int64"
        assert_array_equal(POIS_LIST.random(100, rng=3), POIS_BATCHED.random(100, rng=3))

    def test_poisson_shapes_and_moments(self):
        for mix in (POIS_LIST, POIS_BATCHED):
            one = nm.draw(mix, random_seed=1)
            assert one.shape == () and one.dtype == np.int64
            assert nm.draw(mix, draws=7, random_seed=1).shape == (7,)
            assert mix.random(size=(2, 3), rng=1).shape == (2, 3)
            assert mix.random(size=(2, 3), rng=1).dtype == np.int64
            mean = nm.mean(mix)
            assert mean.shape == ()
            assert_allclose(mean, 0.35 * 2.5 + 0.65 * 9.0, rtol=1e-14)
            point = nm.support_point(mix)
            # PyMC: round(sum_k w_k floor(mu_k)) = round(0.35 * 2 + 0.65 * 9) = round(6.55)
            assert point.dtype == np.int64
            assert int(point) == 7

    def test_normal_studentt(self):
        x = np.linspace(-12, 12, 97)
        for method in ("logp", "logcdf", "logccdf"):
            assert_matches(getattr(NT, method)(x), reference(W_NT, NT_REF, x, method))
            assert_matches(getattr(nm, method)(NT, x), reference(W_NT, NT_REF, x, method))
        assert_allclose(nm.logccdf_sum(NT, x), reference(W_NT, NT_REF, x, "logccdf").sum(), rtol=1e-12)
        # far in the upper tail the survival function keeps its relative accuracy
        far = np.array([40.0, 1e3, 1e8])
        assert_matches(NT.logccdf(far), reference(W_NT, NT_REF, far, "logccdf"))
        assert NT.batch_shape == ()
        assert NT.dtype == "float64"
        assert_allclose(NT.mean(), MU, rtol=1e-15)
        assert_allclose(NT.support_point(), MU, rtol=1e-15)
        assert NT.random(size=11, rng=0).shape == (11,)
        assert NT.random(size=11, rng=0).dtype == np.float64

    @pytest.mark.parametrize("w", [W53, W3], ids=["w(5,3)", "w(3,)"])
    def test_normal_5x3(self, w):
        lst, bat = (N53_LIST, N53_BATCHED) if w is W53 else (N3_LIST, N3_BATCHED)
        x = _values_n5()
        for method in ("logp", "logcdf", "logccdf"):
            expected = reference(w, N53_REF, x, method)
            assert expected.shape == (40, 5)
            a = getattr(lst, method)(x)
            assert_matches(a, expected)
            assert_array_equal(a, getattr(bat, method)(x))
            # a single row (5,) and a broadcast column (N, 1)
            assert_matches(getattr(bat, method)(x[0]), reference(w, N53_REF, x[0], method))
            assert_matches(getattr(bat, method)(x[:, :1]), reference(w, N53_REF, x[:, :1], method))
        # the list form equals a reference built from the three scipy components
        list_ref = [stats.norm(np.full(5, MU3[k]), 1) for k in range(3)]
        assert_matches(lst.logp(x), reference(w, list_ref, x))
        for mix in (lst, bat):
            assert mix.batch_shape == (5,)
            assert mix.random(rng=2).shape == (5,)
            assert mix.random(size=8, rng=2).shape == (8, 5)
            assert nm.draw(mix, draws=(2, 4), random_seed=2).shape == (2, 4, 5)
            expected_mean = np.broadcast_to((w * MU3).sum(axis=-1), (5,))
            assert nm.mean(mix).shape == (5,)
            assert_allclose(nm.mean(mix), expected_mean, rtol=1e-14, atol=1e-15)
            assert_allclose(nm.support_point(mix), expected_mean, rtol=1e-14, atol=1e-15)
        assert_array_equal(lst.random(size=100, rng=9), bat.random(size=100, rng=9))


# --- hypothesis: broadcasting --------------------------------------------------------------------

COMBOS = {
    "normal": ("Normal",),
    "normal+studentt": ("Normal", "StudentT"),
    "poisson": ("Poisson",),
    "poisson+nbinom+binom": ("Poisson", "NegativeBinomial", "Binomial"),
}


def _params(family, rng, shape):
    """Random parameters of ``family`` (arrays of ``shape``) and the matching scipy distribution."""
    u = lambda lo, hi: rng.uniform(lo, hi, size=shape)  # noqa: E731
    if family == "Normal":
        mu, sigma = u(-5, 5), u(0.5, 3)
        return Normal.dist(mu=mu, sigma=sigma), stats.norm(mu, sigma)
    if family == "StudentT":
        nu, mu, sigma = u(1, 10), u(-5, 5), u(0.5, 3)
        return StudentT.dist(nu=nu, mu=mu, sigma=sigma), stats.t(nu, mu, sigma)
    if family == "Poisson":
        mu = u(0.5, 10)
        return Poisson.dist(mu=mu), stats.poisson(mu)
    if family == "NegativeBinomial":
        mu, alpha = u(0.5, 10), u(0.5, 5)
        return NegativeBinomial.dist(mu=mu, alpha=alpha), stats.nbinom(alpha, alpha / (mu + alpha))
    n, p = rng.integers(1, 21, size=shape).astype(float), u(0.05, 0.95)
    return Binomial.dist(n=n, p=p), stats.binom(n, p)


def _values(discrete, rng, shape):
    if discrete:
        x = rng.integers(-1, 25, size=shape).astype(float)
        return np.where(rng.random(size=shape) < 0.1, x + 0.5, x)
    return rng.normal(0.0, 6.0, size=shape)


@st.composite
def mixture_cases(draw):
    combo = draw(st.sampled_from(sorted(COMBOS)))
    families = COMBOS[combo]
    k = draw(st.integers(min_value=len(families), max_value=5))
    form = draw(st.sampled_from(["list", "batched"] if len(families) == 1 else ["list"]))
    # shapes that broadcast *to* one batch shape (a side is 1 or the batch's), hence with each other
    batch = draw(strategies.batch_shapes())
    each = st.just(())
    if batch:
        each = strategies.broadcastable_shapes(batch, max_dims=len(batch)).map(
            lambda s: tuple(a if a == b else 1 for a, b in zip(s, batch[len(batch) - len(s) :]))
        )
    shapes = [draw(each) for _ in range(2 + (k if form == "list" else 1))]
    w = draw(strategies.weights(k, batch_shape=shapes[0]))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    return combo, families, k, form, shapes, w, seed


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mixture_cases())
def test_broadcasting_against_reference(case):
    combo, families, k, form, shapes, w, seed = case
    rng = np.random.default_rng(seed)
    w_shape, value_shape = shapes[0], shapes[1]
    discrete = families[0] != "Normal"
    if form == "list":
        pairs = [_params(families[c % len(families)], rng, shapes[2 + c]) for c in range(k)]
        comps, refs = [p[0] for p in pairs], [p[1] for p in pairs]
        if k == 1:
            # PyMC: a one-element list is the batched distribution itself (last batch dim = K = 1)
            comp, ref = _params(families[0], rng, shapes[2] + (1,))
            with pytest.warns(UserWarning, match="Single component"):
                mix = Mixture(w, [comp])
            refs = batched(ref)
        else:
            mix = Mixture(w, comps)
    else:
        comp, ref = _params(families[0], rng, shapes[2] + (k,))
        mix = Mixture.dist(w, comp)
        refs = batched(ref)
    comp_shape = shapes[2] if form == "batched" or k == 1 else np.broadcast_shapes(*shapes[2:])
    batch_shape = np.broadcast_shapes(w_shape, comp_shape)
    assert mix.batch_shape == batch_shape
    assert mix.dtype == ("int64" if discrete else "float64")

    x = _values(discrete, rng, value_shape)
    for method in ("logp", "logcdf"):
        expected = reference(w, refs, x, method)
        assert expected.shape == np.broadcast_shapes(value_shape, batch_shape)
        actual = getattr(mix, method)(x)
        assert_matches(actual, expected)
    assert_allclose(nm.logp_sum(mix, x), mix.logp(x).sum(), rtol=1e-12)
    draws = mix.random(size=3, rng=seed)
    assert draws.shape == (3,) + batch_shape
    assert draws.dtype == (np.int64 if discrete else np.float64)
    assert np.isfinite(mix.logp(draws)).all()  # every draw lies in the support


# --- hypothesis: the numbamix.testing checks on generated mixtures -------------------------------

#: Examples per test: each new combination of families compiles a mixture kernel (seconds).
GENERATED_MIXTURES = 5


@settings(max_examples=GENERATED_MIXTURES)
@given(data=st.data())
def test_mixture_invariances_on_generated_mixtures(data):
    """Permuting components, weight 1 on one component, splitting one into halves."""
    mix = data.draw(strategies.mixtures(forms=("list",)), label="mixture")
    points = data.draw(st.lists(strategies.values(mix), min_size=1, max_size=20), label="points")
    checks.check_mixture_invariances(mix, points)


@settings(max_examples=GENERATED_MIXTURES)
@given(data=st.data())
def test_density_checks_on_generated_mixtures(data):
    """Scalar mixtures: total mass 1, cdf = integral (sum) of the density, draws follow the cdf."""
    mix = data.draw(strategies.mixtures(), label="mixture")
    points = data.draw(st.lists(strategies.values(mix), min_size=1, max_size=20), label="points")
    checks.check_normalisation(mix)
    checks.check_cdf_matches_pdf(mix, points)
    checks.check_sampler(mix)


# --- tails, zero weights, special values, input types -------------------------------------------

W_TAIL = np.array([0.3, 0.7])
TAIL_MIX = Mixture(W_TAIL, [Normal.dist(0.0, 1.0), Normal.dist(2.0, 3.0)])
TAIL_REF = [stats.norm(0.0, 1.0), stats.norm(2.0, 3.0)]


class TestTails:
    @pytest.mark.parametrize("x", [-1e3, -40.0, 40.0, 1e3])
    def test_far_tails_finite_and_correct(self, x):
        for method in ("logp", "logcdf"):
            actual = getattr(TAIL_MIX, method)(x)
            expected = reference(W_TAIL, TAIL_REF, x, method)
            assert np.isfinite(actual)
            assert_matches(actual, expected)

    def test_logcdf_upper_tail_near_zero(self):
        actual = float(TAIL_MIX.logcdf(40.0))
        # 0.7 * P(N(2, 3) > 40) ~ 3e-37: log cdf is about -3e-37, zero at double precision
        assert actual <= 0.0
        assert abs(actual - float(reference(W_TAIL, TAIL_REF, 40.0, "logcdf"))) < 1e-15
        assert abs(actual) < 1e-15

    def test_vector_of_tails(self):
        x = np.array([-1e3, -300.0, -40.0, -8.0, 0.0, 8.0, 40.0, 300.0, 1e3])
        for method in ("logp", "logcdf"):
            assert_matches(getattr(TAIL_MIX, method)(x), reference(W_TAIL, TAIL_REF, x, method))

    def test_student_t_tails(self):
        x = np.array([-1e8, -1e3, -40.0, 40.0, 1e3, 1e8])
        for method in ("logp", "logcdf"):
            out = getattr(NT, method)(x)
            assert np.isfinite(out).all()
            assert_matches(out, reference(W_NT, NT_REF, x, method))

    def test_student_t_large_nu(self):
        mix = Mixture(W_NT, [Normal.dist(mu=0.0, sigma=3.0), StudentT.dist(nu=1e8, mu=1.0, sigma=1.0)])
        x = np.array([-3.0, 0.0, 1.0, 3.0])
        assert_matches(mix.logp(x), reference(W_NT, [stats.norm(0.0, 3.0), stats.t(1e8, 1.0, 1.0)], x))

    def test_discrete_tails(self):
        x = np.array([0.0, 60.0, 150.0, 400.0])
        for method in ("logp", "logcdf"):
            out = getattr(PNB, method)(x)
            assert np.isfinite(out).all()
            assert_matches(out, reference(W_PNB, PNB_REF, x, method))


class TestZeroWeights:
    def test_normal_zero_weight_is_exactly_other_component(self):
        mix = Mixture([0.0, 1.0], [Normal.dist(0.0, 1.0), Normal.dist(5.0, 2.0)])
        alone = Normal.dist(5.0, 2.0)
        x = np.array([-1e3, -40.0, -3.0, 0.0, 5.0, 11.0, 40.0, 1e3])
        assert_array_equal(mix.logp(x), alone.logp(x))
        assert_array_equal(mix.logcdf(x), alone.logcdf(x))
        assert not np.isnan(mix.logp(x)).any()
        assert_matches(mix.logp(x), stats.norm(5.0, 2.0).logpdf(x))
        assert float(mix.mean()) == 5.0
        draws = mix.random(size=2000, rng=4)
        assert np.isfinite(draws).all()
        assert abs(draws.mean() - 5.0) < 4 * 2.0 / np.sqrt(2000)

    def test_zero_weight_component_with_minus_inf_logp(self):
        # Poisson(mu=0) has logp -inf at every x > 0 (and logp 0 at x = 0)
        mix = Mixture([0.0, 1.0], [Poisson.dist(0.0), Poisson.dist(3.0)])
        x = np.arange(0, 15)
        expected = stats.poisson(3.0).logpmf(x)
        assert_array_equal(mix.logp(x), Poisson.dist(3.0).logp(x))
        assert not np.isnan(mix.logp(x)).any()
        assert_matches(mix.logp(x), expected)
        assert_matches(mix.logcdf(x), stats.poisson(3.0).logcdf(x))
        assert (mix.random(size=500, rng=1) > 0).any()
        # and the other way round: the weighted component is -inf, the zero-weight one finite
        other = Mixture([1.0, 0.0], [Poisson.dist(0.0), Poisson.dist(3.0)])
        assert_array_equal(other.logp(x), np.where(x == 0, 0.0, -np.inf))
        assert_array_equal(other.random(size=500, rng=1), 0)

    def test_zero_weights_three_families(self):
        mix = Mixture([0.0, 1.0, 0.0], PNB.comp_dists)
        x = np.arange(-1, 40)  # the zero-weight Binomial(12, .) is -inf above 12
        assert_matches(mix.logp(x), PNB_REF[1].logpmf(x))
        assert_matches(mix.logcdf(x), PNB_REF[1].logcdf(x))
        assert not np.isnan(mix.logp(x)).any()

    def test_zero_weight_rows_in_batched_weights(self):
        w = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.0, 0.5]])
        mix = Mixture(w, Normal.dist(mu=MU3, sigma=1.0, shape=(4, 3)))
        x = np.linspace(-5, 5, 7)[:, None]
        assert_matches(mix.logp(x), reference(w, batched(stats.norm(MU3, 1)), x))
        draws = mix.random(size=20, rng=0)
        assert draws.shape == (20, 4)
        assert_allclose(nm.mean(mix), (w * MU3).sum(axis=1), rtol=1e-15)


class TestSpecialValues:
    @pytest.mark.parametrize(
        "mix", [NT, POIS_LIST, PNB, UNI, TAIL_MIX], ids=["nt", "pois", "pnb", "uni", "nn"]
    )
    def test_nan_gives_nan(self, mix):
        x = np.array([np.nan, 1.0, np.nan])
        for method in ("logp", "logcdf"):
            out = getattr(mix, method)(x)
            assert np.isnan(out[[0, 2]]).all()
            assert not np.isnan(out[1])
        assert np.isnan(mix.logp(np.nan))
        assert np.isnan(nm.logp_sum(mix, x))

    @pytest.mark.parametrize("mix", [NT, TAIL_MIX], ids=["nt", "nn"])
    def test_infinite_values_continuous(self, mix):
        assert mix.logp(-np.inf) == -np.inf
        assert mix.logp(np.inf) == -np.inf
        assert mix.logcdf(-np.inf) == -np.inf
        assert -1e-15 < mix.logcdf(np.inf) <= 0.0  # exactly 0: see test_logcdf_above_support_exactly_zero

    def test_out_of_support_discrete(self):
        for mix in (POIS_LIST, POIS_BATCHED, PNB):
            assert_array_equal(mix.logp([-1.0, -0.5, 2.5, np.inf, -np.inf]), -np.inf)
            assert_array_equal(mix.logcdf([-1.0, -0.5, -np.inf]), -np.inf)
            assert -1e-15 < mix.logcdf(np.inf) <= 0.0
        # a non-integer value: logcdf is that of its floor
        assert_array_equal(PNB.logcdf(2.5), PNB.logcdf(2.0))
        assert_matches(PNB.logcdf(2.5), reference(W_PNB, PNB_REF, 2.5, "logcdf"))

    def test_out_of_support_uniform(self):
        x = np.array([-np.inf, -3.0, -1e-9, 0.0, 0.5, 1.0, 1.5, 2.0, 3.5, 5.0, 5.5, np.inf])
        for method in ("logp", "logcdf"):
            assert_matches(getattr(UNI, method)(x), reference(W_UNI, UNI_REF, x, method))
        assert_array_equal(UNI.logp([-3.0, 1.5, 5.5]), -np.inf)
        assert_array_equal(UNI.logcdf([-3.0, -1e-9]), -np.inf)
        above = UNI.logcdf([5.0, 5.5, 1e300, np.inf])
        assert ((above > -1e-15) & (above <= 0.0)).all()
        assert_allclose(UNI.logcdf(1.5), np.log(0.3), rtol=1e-15)
        assert_allclose(UNI.mean(), 0.3 * 0.5 + 0.7 * 3.5, rtol=1e-15)


class TestSharedValues:
    """Families computing log(x) or log(x!) once for all components (``Family.shared_values``)
    give the same numbers as each family on its own, also where the vector formula defers
    to the exact one (huge counts, x at 0, tiny beta x, large alpha)."""

    def test_gamma_lognormal_gamma(self):
        w = [0.2, 0.5, 0.3]
        mix = Mixture(w, [nm.Gamma.dist(alpha=0.5, beta=2.0), nm.LogNormal.dist(0.5, 0.6),
                          nm.Gamma.dist(alpha=40.0, beta=1.0)])
        ref = [stats.gamma(0.5, scale=0.5), stats.lognorm(0.6, scale=np.exp(0.5)), stats.gamma(40.0)]
        x = np.concatenate([[-1.0, 0.0, 1e-300, 5e-324, 1e-3, 1.0, 40.0, 1e300, np.nan],
                            np.random.default_rng(5).gamma(2.0, 2.0, 3000)])
        assert_matches(mix.logp(x), reference(w, ref, x))
        assert mix.logp(np.inf) == -np.inf  # scipy: nan (inf - inf)
        assert_allclose(nm.logp_sum(mix, x[x > 0]), reference(w, ref, x[x > 0]).sum(), rtol=1e-12)
        assert mix.logp(0.0) == np.inf  # Gamma(0.5) has a pole at 0

    def test_poisson_counts_in_and_beyond_the_table(self):
        w = [0.4, 0.6]
        mix = Mixture(w, [nm.Poisson.dist(3.0), nm.Poisson.dist(2000.0)])
        ref = [stats.poisson(3.0), stats.poisson(2000.0)]
        x = np.concatenate([[-1.0, 0.0, 2.5, 1023.0, 1024.0, 2000.0, 1e6, np.nan],
                            np.arange(0.0, 3000.0)])
        assert_matches(mix.logp(x), reference(w, ref, x))
        assert mix.logp(np.inf) == -np.inf  # scipy: nan (inf - inf)


def test_logcdf_above_support_exactly_zero():
    assert TAIL_MIX.logcdf(np.inf) == 0.0  # w = [0.3, 0.7]
    assert NT.logcdf(np.inf) == 0.0  # w = [0.4, 0.6]
    assert POIS_LIST.logcdf(np.inf) == 0.0  # w = [0.35, 0.65]
    assert PNB.logcdf(np.inf) == 0.0
    assert_array_equal(UNI.logcdf([5.0, 5.5, 1e300, np.inf]), 0.0)


class TestInputTypes:
    @pytest.mark.parametrize(
        "value",
        [3, 3.0, True, np.int32(2), np.float32(1.5), np.bool_(False), np.uint8(4)],
        ids=["int", "float", "bool", "np.int32", "np.float32", "np.bool_", "np.uint8"],
    )
    @pytest.mark.parametrize("mix,refs,w", [(NT, NT_REF, W_NT), (PNB, PNB_REF, W_PNB)], ids=["nt", "pnb"])
    def test_scalar_in_zero_d_out(self, value, mix, refs, w):
        for method in ("logp", "logcdf"):
            out = getattr(mix, method)(value)
            assert isinstance(out, np.ndarray)
            assert out.shape == ()
            assert out.dtype == np.float64
            assert_matches(out, reference(w, refs, float(value), method))

    @pytest.mark.parametrize(
        "value",
        [
            [0, 1, 2],
            [0.0, 1.5, -2.0],
            [True, False],
            [[1, 2], [3, 4]],
            np.arange(6, dtype=np.int16).reshape(2, 3),
            np.arange(6, dtype=np.float32),
            np.array([True, False, True]),
            np.arange(12.0).reshape(3, 4)[:, ::2],  # non-contiguous
            np.asfortranarray(np.arange(12.0).reshape(3, 4)),
            np.empty((0, 2)),
        ],
        ids=["int-list", "float-list", "bool-list", "nested", "int16", "float32"]
        + ["bool", "strided", "F", "empty"],
    )
    @pytest.mark.parametrize("mix,refs,w", [(NT, NT_REF, W_NT), (PNB, PNB_REF, W_PNB)], ids=["nt", "pnb"])
    def test_array_like(self, value, mix, refs, w):
        x = np.asarray(value, dtype=float)
        for method in ("logp", "logcdf"):
            assert_matches(getattr(mix, method)(value), reference(w, refs, x, method))
        assert_allclose(nm.logp_sum(mix, value), reference(w, refs, x).sum(), rtol=1e-12)

    def test_read_only_value(self):
        x = np.linspace(-3, 3, 11)
        x.setflags(write=False)
        assert_matches(NT.logp(x), reference(W_NT, NT_REF, x))

    def test_input_is_not_modified(self):
        x = _values_n5()
        copy = x.copy()
        N53_BATCHED.logp(x)
        nm.logp_sum(N53_BATCHED, x)
        assert_array_equal(x, copy)


class TestLargeLayouts:
    """More outputs than one chunk, with rows that straddle chunk boundaries and broadcast operands."""

    # batch shape (3, 7): w (7, 2), component 0 over (3, 1), component 1 over (7,)
    W37 = np.random.default_rng(8).dirichlet([1.0, 1.0], size=7)
    MU_A = (1000.0 * np.arange(3))[:, None]
    MU_B = 1000.0 * np.arange(3, 10)
    MIX = Mixture(W37, [Normal.dist(mu=MU_A, sigma=1.0), Normal.dist(mu=MU_B, sigma=2.0)])
    REF = [stats.norm(MU_A, 1.0), stats.norm(MU_B, 2.0)]

    def test_logp_against_reference(self):
        assert self.MIX.batch_shape == (3, 7)
        rng = np.random.default_rng(1)
        for x in (
            rng.normal(0.0, 3000.0, size=(200, 1, 1)),  # 4200 outputs, value broadcast along the batch
            rng.normal(0.0, 3000.0, size=(150, 3, 7)),
            rng.normal(0.0, 3000.0, size=(101, 3, 1)),
        ):
            for method in ("logp", "logcdf"):
                expected = reference(self.W37, self.REF, x, method)
                assert expected.size > loop.CHUNK
                assert_matches(getattr(self.MIX, method)(x), expected)
            assert_allclose(nm.logp_sum(self.MIX, x), reference(self.W37, self.REF, x).sum(), rtol=1e-10)

    def test_draws_come_from_their_positions_components(self):
        draws = self.MIX.random(size=500, rng=12)
        assert draws.shape == (500, 3, 7)
        near_a = np.abs(draws - self.MU_A) < 6.0
        near_b = np.abs(draws - self.MU_B) < 12.0
        assert (near_a ^ near_b).all()
        frac_b = near_b.mean(axis=(0, 1))  # 1500 draws per weight row
        se = np.sqrt(self.W37[:, 1] * self.W37[:, 0] / 1500)
        assert (np.abs(frac_b - self.W37[:, 1]) < 4 * se + 1e-12).all()

    @pytest.mark.parametrize(
        "shape", [(1,), (7,), (2048,), (5000,), (3, 2048), (5, 4097), (2, 3, 2049), (4000, 3), (2, 1)]
    )
    def test_chunks_cover_the_loop_once(self, shape):
        shape = np.array(shape, dtype=np.int64)
        n, inner = int(shape.prod()), int(shape[-1])
        bounds = [loop.chunk_bounds(shape, k) for k in range(loop.chunk_count(shape))]
        covered = np.zeros(n, dtype=np.int64)
        for start, stop in bounds:
            assert 0 < stop - start <= loop.CHUNK
            if inner >= loop.CHUNK:  # long rows: a chunk never crosses a row end
                assert start // inner == (stop - 1) // inner
            covered[start:stop] += 1
        assert (covered == 1).all()
        if inner >= loop.CHUNK:  # numbered block by block: neighbours cover neighbouring rows
            rows = n // inner
            assert [start // inner for start, _ in bounds[:rows]] == list(range(rows))

    def test_empty_and_zero_size(self):
        assert self.MIX.random(size=0, rng=1).shape == (0, 3, 7)
        assert self.MIX.logp(np.empty((0, 3, 1))).shape == (0, 3, 7)
        assert nm.logp_sum(self.MIX, np.empty((0, 1, 1))) == 0.0

    def test_keywords_and_integer_weights(self):
        mix = Mixture(w=[1, 0], comp_dists=[Normal.dist(mu=2.0, sigma=1.0), Normal.dist(mu=0.0, sigma=1.0)])
        assert_array_equal(mix.logp([0.0, 2.0]), Normal.dist(2.0, 1.0).logp([0.0, 2.0]))
        mix = Mixture.dist(w=np.array([True, False]), comp_dists=Normal.dist(mu=[2.0, 0.0], shape=(2,)))
        assert_array_equal(mix.logp([0.0, 2.0]), Normal.dist(2.0, 1.0).logp([0.0, 2.0]))


# --- logp_sum ------------------------------------------------------------------------------------


class TestLogpSum:
    @pytest.mark.parametrize("n", [0, 1, 5, loop.CHUNK - 1, loop.CHUNK, loop.CHUNK + 1, 10**5])
    def test_equals_sum_of_logp(self, n):
        x = np.random.default_rng(n).normal(0.0, 3.0, size=n)
        assert_allclose(nm.logp_sum(NT, x), NT.logp(x).sum(), rtol=1e-12, atol=1e-12)
        assert_allclose(nm.logcdf_sum(NT, x), NT.logcdf(x).sum(), rtol=1e-12, atol=1e-12)

    def test_discrete_large(self):
        x = POIS_LIST.random(size=10**5, rng=5)
        total = nm.logp_sum(POIS_LIST, x)
        assert_allclose(total, POIS_LIST.logp(x).sum(), rtol=1e-12)
        assert_allclose(total, reference(W_POIS, POIS_REF, x).sum(), rtol=1e-10)

    def test_broadcast_values(self):
        x = _values_n5(n=10**5 // 5)
        for mix in (N53_BATCHED, N3_LIST):
            assert_allclose(nm.logp_sum(mix, x), mix.logp(x).sum(), rtol=1e-12)
            col = x[:, :1]  # (N, 1) broadcast against the batch shape (5,)
            assert_allclose(nm.logp_sum(mix, col), mix.logp(col).sum(), rtol=1e-12)
        assert_allclose(nm.logp_sum(N53_BATCHED, 0.5), N53_BATCHED.logp(0.5).sum(), rtol=1e-12)


# --- draws ---------------------------------------------------------------------------------------


class TestDraws:
    def test_ks_normal_studentt(self):
        draws = NT.random(size=N_DRAWS, rng=20240611)
        assert draws.shape == (N_DRAWS,)
        assert stats.kstest(draws, mixture_cdf(W_NT, NT_REF)).pvalue > ALPHA

    def test_ks_uniform_and_tail(self):
        assert stats.kstest(UNI.random(N_DRAWS, rng=7), mixture_cdf(W_UNI, UNI_REF)).pvalue > ALPHA
        assert stats.kstest(TAIL_MIX.random(N_DRAWS, rng=8), mixture_cdf(W_TAIL, TAIL_REF)).pvalue > ALPHA

    def test_ks_5x3_columns(self):
        draws = N53_BATCHED.random(size=N_DRAWS // 5, rng=11)
        for j in range(5):
            comps = [stats.norm(MU3[k], 1) for k in range(3)]
            assert stats.kstest(draws[:, j], mixture_cdf(W53[j], comps)).pvalue > ALPHA

    @pytest.mark.parametrize(
        "mix,w,refs", [(POIS_LIST, W_POIS, POIS_REF), (PNB, W_PNB, PNB_REF)], ids=["poisson", "pnb"]
    )
    def test_chisquare_discrete(self, mix, w, refs):
        draws = mix.random(size=N_DRAWS, rng=424242)
        assert draws.dtype == np.int64 and draws.min() >= 0
        top = 80
        pmf = np.exp(reference(w, refs, np.arange(top)))
        expected = np.append(pmf, max(0.0, 1.0 - pmf.sum())) * N_DRAWS
        observed = np.bincount(np.minimum(draws, top), minlength=top + 1).astype(float)
        # merge bins with fewer than 5 expected counts into their neighbours (from the right)
        keep_e, keep_o, acc_e, acc_o = [], [], 0.0, 0.0
        for e, o in zip(expected[::-1], observed[::-1]):
            acc_e, acc_o = acc_e + e, acc_o + o
            if acc_e >= 5:
                keep_e.append(acc_e)
                keep_o.append(acc_o)
                acc_e = acc_o = 0.0
        keep_e[-1] += acc_e
        keep_o[-1] += acc_o
        keep_e = np.array(keep_e)
        keep_e *= N_DRAWS / keep_e.sum()
        assert stats.chisquare(keep_o, keep_e).pvalue > ALPHA

    def test_component_frequencies(self):
        mix = Mixture([0.3, 0.7], [Normal.dist(-100.0, 1.0), Normal.dist(100.0, 1.0)])
        draws = mix.random(size=N_DRAWS, rng=123)
        frac = (draws > 0).mean()
        assert abs(frac - 0.7) < 4 * np.sqrt(0.7 * 0.3 / N_DRAWS)
        assert (np.abs(np.abs(draws) - 100.0) < 6.0).all()

    def test_component_frequencies_batched_weights(self):
        w = np.random.default_rng(3).dirichlet(np.ones(3), size=4)
        mix = Mixture(w, Normal.dist(mu=[-100.0, 0.0, 100.0], sigma=1.0, shape=(4, 3)))
        n = N_DRAWS // 4
        draws = mix.random(size=n, rng=99)
        for j in range(4):
            col = draws[:, j]
            counts = np.array([(col < -50).sum(), (np.abs(col) < 50).sum(), (col > 50).sum()])
            assert counts.sum() == n
            se = np.sqrt(w[j] * (1 - w[j]) / n)
            assert (np.abs(counts / n - w[j]) < 4 * se + 1e-12).all()

    def test_discrete_component_frequencies(self):
        mix = Mixture([0.25, 0.75], [Binomial.dist(n=0, p=0.5), Poisson.dist(mu=1000.0)])
        draws = mix.random(size=N_DRAWS, rng=5)
        frac = (draws == 0).mean()
        assert abs(frac - 0.25) < 4 * np.sqrt(0.25 * 0.75 / N_DRAWS)

    @pytest.mark.parametrize("mix", [NT, PNB, N53_BATCHED], ids=["nt", "pnb", "5x3"])
    def test_reproducible(self, mix):
        a = mix.random(size=1000, rng=2024)
        assert_array_equal(a, mix.random(size=1000, rng=2024))
        assert_array_equal(a, nm.draw(mix, draws=1000, random_seed=2024))
        assert not np.array_equal(a, mix.random(size=1000, rng=2025))
        g1, g2 = np.random.default_rng(77), np.random.default_rng(77)
        b = mix.random(size=1000, rng=g1)
        assert_array_equal(b, mix.random(size=1000, rng=g2))
        # the generator advances: the next call differs, and again matches a generator in the same state
        c = mix.random(size=1000, rng=g1)
        assert not np.array_equal(b, c)
        assert_array_equal(c, mix.random(size=1000, rng=g2))
        ss = np.random.SeedSequence(31)
        assert_array_equal(mix.random(size=10, rng=ss), mix.random(size=10, rng=np.random.SeedSequence(31)))
        # rng=None: fresh entropy
        assert not np.array_equal(mix.random(size=1000), mix.random(size=1000))

    def test_prefix_of_chunked_draws_is_stable(self):
        # streams are per chunk of the flat output: the first chunk does not depend on the total size
        a = NT.random(size=loop.CHUNK * 3 + 5, rng=1)
        b = NT.random(size=loop.CHUNK, rng=1)
        assert_array_equal(a[: loop.CHUNK], b)

    @staticmethod
    def _with_threads(threads, func):
        before = numba.get_num_threads()
        try:
            numba.set_num_threads(threads)
            return func()
        finally:
            numba.set_num_threads(before)

    @pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="needs two numba threads")
    @pytest.mark.parametrize("mix", [NT, PNB, N53_BATCHED], ids=["nt", "pnb", "5x3"])
    def test_draws_thread_count_independent(self, mix):
        before = numba.get_num_threads()
        d1, d2 = (self._with_threads(t, lambda: mix.random(size=10**5, rng=2718)) for t in (1, 2))
        assert d1.size > loop.CHUNK
        assert_array_equal(d1, d2)
        x = _thread_values(mix)
        l1, l2 = (self._with_threads(t, lambda: mix.logp(x)) for t in (1, 2))
        assert_array_equal(l1, l2)
        # the sums agree to rounding (bit-identity: test_sums_thread_count_independent)
        s1, s2 = (self._with_threads(t, lambda: nm.logp_sum(mix, x)) for t in (1, 2))
        assert_allclose(s1, s2, rtol=1e-13)
        assert_allclose(s1, l1.sum(), rtol=1e-12)
        assert numba.get_num_threads() == before

    @pytest.mark.skipif(numba.config.NUMBA_NUM_THREADS < 2, reason="needs two numba threads")
    @pytest.mark.parametrize("mix", [NT, PNB, N53_BATCHED], ids=["nt", "pnb", "5x3"])
    def test_sums_thread_count_independent(self, mix):
        x = _thread_values(mix)
        s1, s2 = (self._with_threads(t, lambda: nm.logp_sum(mix, x)) for t in (1, 2))
        c1, c2 = (self._with_threads(t, lambda: nm.logcdf_sum(mix, x)) for t in (1, 2))
        assert s1 == s2
        assert c1 == c2


def _thread_values(mix):
    x = np.random.default_rng(0).normal(0.0, 5.0, size=(10**5,) + mix.batch_shape)
    return np.abs(np.round(x)) if mix.discrete else x


# --- errors and warnings -------------------------------------------------------------------------


W_VS_COMPONENTS = r"shapes do not broadcast: w\[\.\.\., 0\] \(4,\), components \(5,\)"
COMPONENT_VS_COMPONENT = r"shapes do not broadcast: component 0 \(4,\), component 1 \(5,\)"


class TestErrors:
    def test_weight_out_of_range(self):
        comps = [Normal.dist(), Normal.dist(), Normal.dist()]
        with pytest.raises(ValueError, match=r"'w' must be in \[0, 1\], got 1\.2 at index \(1,\)"):
            Mixture([0.5, 1.2, -0.7], comps)
        with pytest.raises(ValueError, match=r"'w' must be in \[0, 1\], got -0\.1 at index \(1, 0\)"):
            Mixture([[0.5, 0.5], [-0.1, 1.1]], comps[:2])
        with pytest.raises(ValueError, match=r"'w' must be in \[0, 1\], got nan"):
            Mixture([np.nan, 0.5], comps[:2])

    def test_weights_not_summing_to_one(self):
        with pytest.raises(ValueError, match="must sum to 1 along the last axis"):
            Mixture([0.5, 0.6], [Normal.dist(), Normal.dist()])
        with pytest.raises(ValueError, match=r"must sum to 1 along the last axis.*index \(1,\)"):
            Mixture([[0.5, 0.5], [0.2, 0.2]], [Normal.dist(), Normal.dist()])

    def test_scalar_weights(self):
        with pytest.raises(ValueError, match="'w'"):
            Mixture(1.0, [Normal.dist()])
        with pytest.raises(ValueError, match="'w'"):
            Mixture(np.float64(1.0), Normal.dist(shape=(1,)))

    def test_components_vs_weights(self):
        with pytest.raises(ValueError, match=r"2 components but w has shape \(3,\)"):
            Mixture([0.2, 0.3, 0.5], [Normal.dist(), Normal.dist()])
        with pytest.raises(ValueError, match=r"3 components but w has shape \(4, 2\)"):
            Mixture(np.full((4, 2), 0.5), [Normal.dist(), Normal.dist(), Normal.dist()])

    def test_batched_last_dim(self):
        with pytest.raises(ValueError, match=r"(?s)\(2,\).*\(3,\)"):
            Mixture([0.2, 0.3, 0.5], Normal.dist(mu=[0.0, 1.0], shape=(2,)))
        with pytest.raises(ValueError, match=r"(?s)\(5, 2\).*\(3,\)"):
            Mixture([0.2, 0.3, 0.5], Normal.dist(mu=0.0, shape=(5, 2)))
        with pytest.raises(ValueError, match=r"(?s)\(\).*\(2,\)"):
            Mixture([0.5, 0.5], Normal.dist(mu=0.0))  # scalar batched distribution: no mixture axis

    def test_shapes_do_not_broadcast(self):
        with pytest.raises(ValueError, match=W_VS_COMPONENTS):
            Mixture(np.full((4, 2), 0.5), [Normal.dist(shape=(5,)), Normal.dist()])
        with pytest.raises(ValueError, match=COMPONENT_VS_COMPONENT):
            Mixture([0.5, 0.5], [Normal.dist(shape=(4,)), Normal.dist(shape=(5,))])
        with pytest.raises(ValueError, match=W_VS_COMPONENTS):
            Mixture(np.full((4, 2), 0.5), Normal.dist(shape=(5, 2)))

    @pytest.mark.parametrize("func", ["logp", "logcdf", "logp_sum", "logcdf_sum"])
    def test_value_shape(self, func):
        with pytest.raises(ValueError, match=r"(?s)\(3,\).*\(5,\)"):
            getattr(nm, func)(N53_BATCHED, np.zeros(3))
        with pytest.raises(ValueError, match=r"(?s)\(2, 4\).*\(5,\)"):
            getattr(nm, func)(N53_LIST, np.zeros((2, 4)))

    def test_mixed_discrete_continuous(self):
        with pytest.raises(ValueError, match="all discrete or all continuous"):
            Mixture([0.5, 0.5], [Normal.dist(), Poisson.dist(mu=1.0)])
        with pytest.raises(ValueError, match="all discrete or all continuous"):
            Mixture([0.2, 0.3, 0.5], [Poisson.dist(mu=1.0), Binomial.dist(n=3, p=0.5), Uniform.dist()])

    @pytest.mark.parametrize(
        "bad",
        [stats.norm(), 1.0, "Normal", None],
        ids=["scipy", "float", "str", "None"],
    )
    def test_non_distribution_component(self, bad):
        with pytest.raises(TypeError):
            Mixture([0.5, 0.5], [Normal.dist(), bad])
        with pytest.raises(TypeError):
            Mixture([0.5, 0.5], bad)

    @pytest.mark.parametrize(
        "value",
        [np.array([1.0 + 2.0j]), 1j, np.array(["a", "b"]), "1.0", np.array([1.0, None], dtype=object)],
        ids=["complex-array", "complex", "str-array", "str", "object"],
    )
    @pytest.mark.parametrize("func", ["logp", "logcdf", "logp_sum", "logcdf_sum"])
    def test_value_dtype(self, value, func):
        with pytest.raises(TypeError):
            getattr(nm, func)(NT, value)

    def test_weight_dtype(self):
        with pytest.raises(TypeError):
            Mixture(np.array([0.5 + 0j, 0.5]), [Normal.dist(), Normal.dist()])
        with pytest.raises(TypeError):
            Mixture(["0.5", "0.5"], [Normal.dist(), Normal.dist()])

    def test_single_component_warning(self):
        comp = Normal.dist(mu=[-1.0, 2.0], sigma=[1.0, 0.5], shape=(2,))
        message = "Single component will be treated as a mixture across the last size dimension"
        with pytest.warns(UserWarning, match=message):
            mix = Mixture([0.3, 0.7], [comp])
        x = np.linspace(-4, 4, 9)
        assert_array_equal(mix.logp(x), Mixture([0.3, 0.7], comp).logp(x))
        assert mix.batch_shape == ()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Mixture([0.3, 0.7], comp)  # the distribution itself: no warning
        with pytest.warns(UserWarning, match="Single component"), pytest.raises(ValueError):
            Mixture([0.3, 0.7], [Normal.dist()])  # scalar batch shape: no mixture axis of length 2


# --- pickling, moments ---------------------------------------------------------------------------


class TestPickleAndMoments:
    @pytest.mark.parametrize(
        "mix",
        [POIS_LIST, POIS_BATCHED, NT, N53_LIST, N53_BATCHED, N3_BATCHED, PNB, UNI],
        ids=["pois-list", "pois-batched", "nt", "5x3-list", "5x3-batched", "3-batched", "pnb", "uni"],
    )
    def test_pickle_roundtrip(self, mix):
        x = _values_n5(n=6)
        if mix.discrete:
            x = np.abs(np.round(x))
        mix.logp(x)  # the compiled cache exists before pickling ...
        clone = pickle.loads(pickle.dumps(mix))
        assert "_compiled_cache" not in pickle.loads(pickle.dumps(mix)).__dict__  # ... and is not pickled
        assert clone.batch_shape == mix.batch_shape
        assert_array_equal(clone.logp(x), mix.logp(x))
        assert_array_equal(clone.logcdf(x), mix.logcdf(x))
        assert_array_equal(clone.random(size=4, rng=1), mix.random(size=4, rng=1))
        assert_array_equal(clone.mean(), mix.mean())

    def test_pickle_uncompiled(self):
        mix = Mixture(W_NT, [Normal.dist(mu=MU, sigma=1), StudentT.dist(nu=4, mu=MU, sigma=1)])
        clone = pickle.loads(pickle.dumps(mix))
        assert_array_equal(clone.logp(np.arange(-3.0, 4.0)), NT.logp(np.arange(-3.0, 4.0)))

    def test_moments_hand_computed(self):
        assert_allclose(nm.mean(POIS_LIST), 6.725, rtol=1e-15)
        assert int(nm.support_point(POIS_BATCHED)) == 7
        assert_allclose(nm.mean(NT), 0.7, rtol=1e-15)
        assert_allclose(nm.support_point(NT), 0.7, rtol=1e-15)
        assert_allclose(nm.mean(N3_BATCHED), np.full(5, 0.2 * -1.5 + 0.5 * 0.25 + 0.3 * 2.0), rtol=1e-14)
        assert_allclose(nm.mean(N53_LIST), W53 @ MU3, rtol=1e-14, atol=1e-15)
        # PNB: 0.2 * 4 + 0.5 * 7.5 + 0.3 * 12 * 0.35 = 5.81; support points floor(4), floor(7.5), floor(4.2)
        assert_allclose(nm.mean(PNB), 5.81, rtol=1e-14)
        assert int(nm.support_point(PNB)) == round(0.2 * 4 + 0.5 * 7 + 0.3 * 4)
        assert nm.support_point(PNB).dtype == np.int64

    def test_mean_undefined_component(self):
        # StudentT with nu <= 1 has no mean: nan unless its weight is exactly zero
        cauchy = StudentT.dist(nu=0.9, mu=3.0, sigma=1.0)
        assert np.isnan(Mixture([0.5, 0.5], [Normal.dist(1.0), cauchy]).mean())
        assert float(Mixture([1.0, 0.0], [Normal.dist(1.0), cauchy]).mean()) == 1.0
        assert_allclose(Mixture([0.5, 0.5], [Normal.dist(1.0), cauchy]).support_point(), 2.0, rtol=1e-15)

    def test_shape_and_size_arguments(self):
        mix = Mixture(W_NT, NT.comp_dists, shape=(4, 3))
        assert mix.batch_shape == (4, 3)
        x = np.linspace(-2, 2, 12).reshape(4, 3)
        assert_matches(mix.logp(x), reference(W_NT, NT_REF, x))
        assert mix.random(size=2, rng=0).shape == (2, 4, 3)
        assert Mixture(W53, N53_BATCHED.comp_dists, size=(2, 5)).batch_shape == (2, 5)
        with pytest.raises(ValueError):
            Mixture(W53, N53_BATCHED.comp_dists, shape=(4,))
        with pytest.raises(ValueError, match="shape or size"):
            Mixture(W_NT, NT.comp_dists, shape=(2,), size=(2,))


# --- the kernel layer from user numba code -------------------------------------------------------


@numba.njit(parallel=True)
def _user_logp_and_sum(mk, x, shape, strides, n):
    out = np.zeros(n)  # a parallel allocation
    loop.evaluate_into(mk, LOGP, x, shape, strides, out)
    total = loop.evaluate_sum(mk, LOGP, x, shape, strides, n)
    total_cdf = loop.evaluate_sum(mk, LOGCDF, x, shape, strides, n)
    return out, total, total_cdf


class TestUserKernel:
    def test_user_parallel_function(self):
        x = _values_n5(n=10**4)
        with warnings.catch_warnings():
            warnings.simplefilter("error", numba.NumbaPerformanceWarning)
            for mix in (N53_BATCHED, N3_LIST):
                compiled = mix._compiled()
                out_shape = np.broadcast_shapes(x.shape, mix.batch_shape)
                shape, strides = compiled.layout(x.shape, out_shape)
                n = int(np.prod(out_shape))
                out, total, total_cdf = _user_logp_and_sum(compiled.kernel, x.reshape(-1), shape, strides, n)
                expected = mix.logp(x)
                assert_array_equal(out.reshape(out_shape), expected)
                assert_allclose(total, expected.sum(), rtol=1e-12)
                assert total == nm.logp_sum(mix, x)
                assert_allclose(total_cdf, mix.logcdf(x).sum(), rtol=1e-12)
