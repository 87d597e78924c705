"""Gradients of the log-likelihood (issue 7): the families' ``grad_logp`` formulas and the
mixtures' ``value_and_grad``, against finite differences and JAX.

Finite differences: Richardson-extrapolated central differences
``(4 D(h/2) - D(h)) / 3`` with ``D(h) = (f(t + h) - f(t - h)) / 2h``, of numbamix's own
logp (itself tested against scipy and mpmath in test_families.py). With
``h = 1e-3`` times the argument's scale (1, its size, or its distance to a bound of its
domain, whichever is smallest) the truncation error is ``O(h^4)``, about ``1e-12``
relative, and the rounding error about ``eps |f| / h``; the tolerance allows 1e-7
relative plus 100 times that rounding error, far below the size of any wrong formula.
"""

import dataclasses
import math

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

import numbamix as nm
from numbamix import kernels
from numbamix.distributions.gradients import compiled as compiled_gradient
from numbamix.families import FAMILIES
from numbamix.families._registry import COUNT, REAL

from conftest import ALL_FAMILIES

GRADIENT_FAMILIES = sorted(name for name, family in FAMILIES.items() if family.grad_logp is not None)
EPS = 2.220446049250313e-16


def richardson(f, t, h):
    """The derivative of ``f`` at ``t``, Richardson-extrapolated central differences, and
    the rounding-error bound of that estimate."""

    def central(step):
        return (f(t + step) - f(t - step)) / (2.0 * step)

    return (4.0 * central(0.5 * h) - central(h)) / 3.0, 100.0 * EPS * (abs(f(t)) + 1.0) / h


def close(got, expected, rounding):
    return abs(got - expected) <= 1e-7 * abs(expected) + rounding


def step(value, lower=-math.inf, upper=math.inf, spread=math.inf):
    """``1e-3`` times the scale of ``value`` within ``[lower, upper]``, at most ``spread``
    (the distribution's standard deviation: a location moves the density on that scale)."""
    return 1e-3 * min(max(abs(value), 1.0), value - lower, upper - value, spread)


def param_step(param, value, spread):
    """The step for a parameter: within [0, 1], [0, inf) or the real line, as its typical range says."""
    lo, hi = param.typical
    return step(value, 0.0 if lo >= 0 else -math.inf, 1.0 if lo >= 0 and hi <= 1 else math.inf, spread)


def typical_point(family, fraction):
    """Parameters at ``fraction(param)`` of each one's typical range (counts rounded)."""
    params = {}
    for p in family.params:
        lo, hi = p.typical
        value = lo + (hi - lo) * fraction(p)
        params[p.name] = float(round(value)) if p.domain is COUNT else value
    return params


def draw_case(family, data):
    """Parameters inside the typical ranges (1% margins) and a value inside the support (a
    quantile between 2% and 98% of the reference distribution)."""
    params = typical_point(family, lambda p: data.draw(st.floats(0.01, 0.99), label=p.name))
    arrays = {n: np.asarray(v) for n, v in params.items()}
    if family.constraint is not None and not family.constraint(arrays)[0]:
        params = {p.name: float(p.default if p.default is not None else np.mean(p.typical))
                  for p in family.params}
    quantile = data.draw(st.floats(0.02, 0.98), label="quantile")
    return params, float(family.reference(**params).ppf(quantile))


def logp_at(family, params, x):
    return family.logp(family.make_kernel(*params), x)


@pytest.mark.parametrize("name", GRADIENT_FAMILIES)
@settings(max_examples=15, deadline=None, derandomize=True)
@given(data=st.data())
def test_family_gradient_against_finite_differences(name, data):
    family = FAMILIES[name]
    check_family_gradient(family, *draw_case(family, data))


#: The zero-inflated and hurdle families (first parameter psi): checked at fixed points by
#: default, the hypothesis test above being heavy for them (NUMBAMIX_TEST_FAMILIES=all)
ZERO_MASS_FAMILIES = sorted(name for name, family in FAMILIES.items() if family.params[0].name == "psi")


@pytest.mark.parametrize("name", ZERO_MASS_FAMILIES)
def test_zero_mass_family_gradient(name):
    """At the typical ranges' 30% and 70% points, at 0 (inflated, or the hurdle's point
    mass), 1 and the 90% quantile. Grouped with the family's other tests (conftest): only
    ``grad_logp`` compiles here (about 1 s a family)."""
    family = FAMILIES[name]
    assert len(ZERO_MASS_FAMILIES) == 7
    for fraction in (0.3, 0.7):
        params = typical_point(family, lambda p: fraction)
        for x in (0.0, 1.0, float(family.reference(**params).ppf(0.9))):
            check_family_gradient(family, params, x)


def check_family_gradient(family, params, x):
    """``grad_logp`` of ``family`` at ``params`` (a dict) and ``x`` against Richardson
    differences of its logp (``nan`` for count parameters and discrete values; 0 at an atom)."""
    name = family.name
    theta = [params[n] for n in family.names]
    got = family.grad_logp(family.make_kernel(*theta), x)
    spread = float(family.reference(**params).std())
    spread = spread if 0.0 < spread < math.inf else math.inf
    assert len(got) == len(theta) + 2
    assert got[0] == logp_at(family, theta, x)
    for i, p in enumerate(family.params):
        if p.domain is COUNT:
            assert math.isnan(got[1 + i]), f"{name}: count parameter {p.name} has no derivative"
            continue

        def along(t, i=i):
            moved = list(theta)
            moved[i] = t
            return logp_at(family, moved, x)

        h = param_step(p, theta[i], spread)
        if family.discrete and p.domain is REAL and along(theta[i] - h) != along(theta[i] + h):
            continue  # a jump of a piecewise-constant mass (DiscreteUniform's floored bounds)
        expected, rounding = richardson(along, theta[i], h)
        assert close(got[1 + i], expected, rounding), f"{name} d/d{p.name} at {params}, x={x}: {got[1 + i]}"
    if family.discrete:
        assert math.isnan(got[-1])
    elif x in family.atoms:
        assert got[-1] == 0.0  # a point mass (the continuous hurdles' at 0): its log does not move with x
    else:
        lower, upper = kernels.support(family.make_kernel(*theta))
        expected, rounding = richardson(lambda t: logp_at(family, theta, t), x, step(x, lower, upper, spread))
        assert close(got[-1], expected, rounding), f"{name} d/dx at {params}, x={x}: {got[-1]} vs {expected}"


@pytest.mark.parametrize("name", GRADIENT_FAMILIES)
def test_family_gradient_zero_outside_support(name):
    family = FAMILIES[name]
    theta = [float(p.default if p.default is not None else np.mean(p.typical)) for p in family.params]
    theta = [float(round(t)) if p.domain is COUNT else t for p, t in zip(family.params, theta)]
    k = family.make_kernel(*theta)
    lower, upper = kernels.support(k)
    outside = [v for v in (lower - 1.0, upper + 1.0, 0.5 if family.discrete else math.nan) if np.isfinite(v)]
    for x in outside:
        got = family.grad_logp(k, x)
        assert got[0] == -math.inf and all(g == 0.0 for g in got[1:]), (x, got)
    nan = family.grad_logp(k, math.nan)
    assert math.isnan(nan[0])


#: log-densities in mpmath (closed forms), canonical parameters then x
MPMATH_LOGP = {
    "Normal": lambda mp, mu, sigma, x: -mp.log(sigma) - mp.log(2 * mp.pi) / 2 - ((x - mu) / sigma) ** 2 / 2,
    "StudentT": lambda mp, nu, mu, sigma, x: (
        mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2 - mp.log(sigma)
        - (nu + 1) / 2 * mp.log(1 + ((x - mu) / sigma) ** 2 / nu)
    ),
    "Gamma": lambda mp, a, b, x: a * mp.log(b) - mp.loggamma(a) + (a - 1) * mp.log(x) - b * x,
    "Beta": lambda mp, a, b, x: (a - 1) * mp.log(x) + (b - 1) * mp.log(1 - x) - mp.log(mp.beta(a, b)),
    "NegativeBinomial": lambda mp, mu, a, x: (
        mp.loggamma(x + a) - mp.loggamma(a) - mp.loggamma(x + 1)
        + a * mp.log(a / (mu + a)) + x * mp.log(mu / (mu + a))
    ),
    "InverseGamma": lambda mp, a, b, x: a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(x) - b / x,
    "Weibull": lambda mp, a, b, x: mp.log(a / b) + (a - 1) * mp.log(x / b) - (x / b) ** a,
}


@pytest.mark.parametrize("name", sorted(MPMATH_LOGP))
def test_family_gradient_against_mpmath(name):
    """Exact derivatives (mpmath.diff at 40 digits of the closed form) at quantiles 0.1, 0.5,
    0.9 of two parameter sets: the formulas within 1e-12 (relative above 1)."""
    import mpmath

    family = FAMILIES[name]
    mpmath.mp.dps = 40
    for fraction in (0.3, 0.7):
        theta = [lo + fraction * (hi - lo) for lo, hi in (p.typical for p in family.params)]
        reference = family.reference(**dict(zip(family.names, theta)))
        for q in (0.1, 0.5, 0.9):
            x = float(reference.ppf(q))
            got = family.grad_logp(family.make_kernel(*theta), x)
            point = [mpmath.mpf(v) for v in theta] + [mpmath.mpf(x)]
            f = lambda *args: MPMATH_LOGP[name](mpmath, *args)  # noqa: E731
            for i in range(len(point) - (1 if family.discrete else 0)):
                order = tuple(int(j == i) for j in range(len(point)))
                exact = float(mpmath.diff(f, point, order))
                assert abs(got[1 + i] - exact) <= 1e-12 * max(1.0, abs(exact)), (theta, x, i, exact)


def test_generic_dispatch_matches_family_formula():
    k = kernels.StudentT(3.5, 0.2, 1.7)
    assert kernels.grad_logp(k, 0.9) == FAMILIES["StudentT"].grad_logp(k, 0.9)


def test_student_t_nu_derivative_for_huge_nu():
    """d/dnu is O(1/nu^2): no cancellation of its O(1/nu) terms (mpmath reference)."""
    import mpmath

    mpmath.mp.dps = 40
    nu, x = 1e6, 1.3
    exact = mpmath.diff(lambda n: MPMATH_LOGP["StudentT"](mpmath, n, 0, 1, x), nu)
    got = kernels.grad_logp(kernels.StudentT(nu, 0.0, 1.0), x)[1]
    assert got == pytest.approx(float(exact), rel=1e-9)


# ---------------------------------------------------------------------------
# mixtures
# ---------------------------------------------------------------------------

RNG = np.random.default_rng(11)
#: (components, data): a continuous mixture of four families and a discrete one
STRUCTURES = {
    "continuous": (
        [nm.Normal.dist(-1.0, 0.8), nm.StudentT.dist(nu=3.0, mu=1.0, sigma=1.5), nm.Gamma.dist(2.0, 1.5),
         nm.LogNormal.dist(0.2, 0.6)],
        np.abs(RNG.normal(1.0, 1.5, 300)) + 0.01,
    ),
    "discrete": (
        [nm.Poisson.dist(2.0), nm.Geometric.dist(0.3), nm.Binomial.dist(12, 0.6)],
        RNG.poisson(3.0, 300) + 1.0,
    ),
}
WEIGHTS = {"continuous": np.array([0.2, 0.3, 0.4, 0.1]), "discrete": np.array([0.5, 0.2, 0.3])}


@pytest.fixture(scope="module", params=sorted(STRUCTURES))
def case(request):
    comps, data = STRUCTURES[request.param]
    mix = nm.Mixture(w=WEIGHTS[request.param], comp_dists=comps)
    return mix, data, mix.value_and_grad(data)


def test_mixture_value_is_logp_function(case):
    """numbamix's summed logp of the structure (``logp_function``: the kernel API, equal to
    ``numbamix.logp_sum`` in test_direct.py; used here and below, as the front end's
    loop would compile once more per structure, a minute on the CI machine)."""
    mix, data, (value, grads) = case
    assert value == pytest.approx(mix.logp_function()(data, mix.w, mix.component_params()), rel=1e-13)


def check_parameter_gradient(mix, summed, grads):
    """``grads["params"]`` against finite differences of ``summed(w, params)``."""
    params = mix.component_params()
    flat = [p for family, _ in mix._components()[1] for p in family.params]
    for i, p in enumerate(flat):
        if p.domain is COUNT:
            assert math.isnan(grads["params"][i])
            continue

        def along(t, i=i):
            moved = params.copy()
            moved[i] = t
            return summed(mix.w, moved)

        expected, rounding = richardson(along, params[i], param_step(p, params[i], math.inf))
        assert close(grads["params"][i], expected, rounding), (i, grads["params"][i], expected)


def check_weight_gradients(mix, summed, grads):
    """``grads["w"]`` and ``grads["logit_w"]`` against finite differences of ``summed(w, params)``."""
    params = mix.component_params()
    logits = np.log(mix.w)
    for k in range(mix.w.size):
        unit = np.eye(mix.w.size)[k]
        # d/dw_k of the log-likelihood as a function of unnormalised weights
        unnormalised = lambda t: summed(mix.w + (t - mix.w[k]) * unit, params)  # noqa: E731
        expected, rounding = richardson(unnormalised, mix.w[k], 1e-4)
        assert close(grads["w"][k], expected, rounding)

        def through_softmax(t):
            a = logits + (t - logits[k]) * unit
            w = np.exp(a - a.max())
            return summed(w / w.sum(), params)

        expected, rounding = richardson(through_softmax, logits[k], 1e-3)
        assert close(grads["logit_w"][k], expected, rounding)


def check_value_gradient(mix, summed_at, data, grads, every=1):
    """``grads["value"]`` (every ``every``-th) against finite differences of ``summed_at(values)``:
    ``nan`` for discrete mixtures, 0 at a point mass (the continuous hurdles' 0)."""
    if mix.discrete:
        assert np.isnan(grads["value"]).all()
        return
    for i in range(0, data.size, every):
        if data[i] == 0.0:
            assert grads["value"][i] == 0.0
            continue
        expected, rounding = richardson(lambda t: summed_at(np.array([t])), data[i], step(data[i], 0.0))
        assert close(grads["value"][i], expected, rounding)


def test_mixture_parameter_gradient_against_finite_differences(case):
    mix, data, (_, grads) = case
    f = mix.logp_function()
    check_parameter_gradient(mix, lambda w, params: f(data, w, params), grads)


def test_mixture_weight_gradients_against_finite_differences(case):
    mix, data, (_, grads) = case
    f = mix.logp_function()
    check_weight_gradients(mix, lambda w, params: f(data, w, params), grads)


def test_mixture_value_gradient(case):
    mix, data, (_, grads) = case
    f, params = mix.logp_function(), mix.component_params()
    check_value_gradient(mix, lambda values: f(values, mix.w, params), data, grads, every=37)


def test_parallel_serial_and_skipped_value_gradient_agree(case):
    mix, data, (value, grads) = case
    if mix.discrete:
        pytest.skip("compiled for the continuous structure only (CI time)")
    big = np.tile(data, 40)  # several parallel blocks
    serial = mix.value_and_grad(big)
    parallel = mix.value_and_grad(big, parallel=True)
    assert parallel[0] == pytest.approx(serial[0], rel=1e-13)
    for name in ("w", "params"):
        assert_allclose(parallel[1][name], serial[1][name], rtol=1e-12)
    assert_allclose(parallel[1]["value"], serial[1]["value"], rtol=0)
    f = mix.value_and_grad_function()
    grad_w, grad_params = np.empty(mix.w.size), np.empty(mix.component_params().size)
    assert f(data, mix.w, mix.component_params(), grad_w, grad_params, np.empty(0)) == value
    assert_allclose(grad_w, grads["w"], rtol=0)
    assert_allclose(grad_params, grads["params"], rtol=0)


def continuous_mixture(w):
    """The "continuous" structure (compiled once for the module) with other weights."""
    return nm.Mixture(w=w, comp_dists=STRUCTURES["continuous"][0])


def test_zero_weight_component_keeps_finite_weight_gradient():
    data = STRUCTURES["continuous"][1]
    mix = continuous_mixture([1.0, 0.0, 0.0, 0.0])
    value, grads = mix.value_and_grad(data)
    terms = np.array([[family.logp(family.make_kernel(*(float(p[n]) for n in family.names)), x) for x in data]
                      for family, p in mix._components()[1]])
    assert_allclose(grads["w"], np.exp(terms - terms[0]).sum(axis=1), rtol=1e-12)
    assert_allclose(grads["params"][2:], 0.0)
    assert_allclose(grads["logit_w"], 0.0, atol=1e-9)


def test_value_outside_every_support_adds_nothing():
    mix = continuous_mixture([0.0, 0.0, 0.6, 0.4])  # Gamma and LogNormal: x > 0
    value, grads = mix.value_and_grad(np.array([-1.0, 1.0]))
    assert value == -math.inf
    _, inside = mix.value_and_grad(np.array([1.0]))
    assert_allclose(grads["params"], inside["params"], rtol=0)
    assert_allclose(grads["w"], inside["w"], rtol=0)
    assert grads["value"][0] == 0.0


def test_family_distribution_value_and_grad():
    data = RNG.gamma(2.0, size=20)
    value, grads = nm.Gamma.dist(2.0, 1.5).value_and_grad(data)
    k = kernels.Gamma(2.0, 1.5)
    assert value == pytest.approx(sum(FAMILIES["Gamma"].logp(k, x) for x in data), rel=1e-13)
    expected = np.array([FAMILIES["Gamma"].grad_logp(k, x) for x in data])
    assert_allclose(grads["params"], expected[:, 1:3].sum(axis=0), rtol=1e-12)
    assert_allclose(grads["value"], expected[:, 3], rtol=1e-14)


def test_family_without_gradient_is_named():
    without = dataclasses.replace(FAMILIES["Normal"], name="NoGradient", grad_logp=None)
    with pytest.raises(NotImplementedError, match=r"no gradient formula \(grad_logp\) for NoGradient"):
        compiled_gradient([FAMILIES["Normal"], without])
    missing = [name for name, family in sorted(FAMILIES.items()) if family.grad_logp is None]
    if missing:  # a registered one, through the front end
        family = FAMILIES[missing[0]]
        dist = getattr(nm, missing[0]).dist(**{p.name: float(np.mean(p.typical)) for p in family.params})
        with pytest.raises(NotImplementedError, match=missing[0]):
            dist.value_and_grad(np.zeros(3))


def test_batched_mixture_gradient_is_per_batch_element():
    """Batch shape (2,): the total and each batch element's gradients are those of the scalar
    mixture of that element (checked above against finite differences); weights shared across
    the batch get the sum."""
    comps, data = STRUCTURES["continuous"]
    normal = nm.Normal.dist(mu=[-1.0, 0.5], sigma=0.8)
    w = np.array([[0.2, 0.3, 0.4, 0.1], [0.1, 0.1, 0.5, 0.3]])
    batched = nm.Mixture(w=w, comp_dists=[normal, *comps[1:]])
    values = data[:120].reshape(60, 2)
    total, grads = batched.value_and_grad(values)
    assert grads["w"].shape == (2, 4) and grads["params"].shape == (2, 9) and grads["value"].shape == (60, 2)
    assert_allclose(batched.component_params()[:, :2], [[-1.0, 0.8], [0.5, 0.8]])
    expected_total = 0.0
    for b, mu in enumerate([-1.0, 0.5]):
        scalar = nm.Mixture(w=w[b], comp_dists=[nm.Normal.dist(mu, 0.8), *comps[1:]])
        value_b, grads_b = scalar.value_and_grad(values[:, b])
        expected_total += value_b
        for name in ("w", "logit_w", "params"):
            assert_allclose(grads[name][b], grads_b[name], rtol=1e-14)
        assert_allclose(grads["value"][:, b], grads_b["value"], rtol=1e-14)
    assert total == pytest.approx(expected_total, rel=1e-14)
    shared = nm.Mixture(w=w[0], comp_dists=[normal, *comps[1:]])
    _, shared_grads = shared.value_and_grad(values)
    assert shared_grads["w"].shape == (4,)
    per_element = [nm.Mixture(w=w[0], comp_dists=[nm.Normal.dist(mu, 0.8), *comps[1:]]).value_and_grad(values[:, b])[1]
                   for b, mu in enumerate([-1.0, 0.5])]
    assert_allclose(shared_grads["w"], per_element[0]["w"] + per_element[1]["w"], rtol=1e-14)
    assert_allclose(shared_grads["logit_w"], per_element[0]["logit_w"] + per_element[1]["logit_w"], rtol=1e-13)
    # a value broadcast along the batch: its gradient is summed over the batch elements
    _, one_column = batched.value_and_grad(values[:, :1])
    assert one_column["value"].shape == (60, 1)
    with pytest.raises(ValueError, match=r"value of shape \(3,\) does not broadcast against the batch shape \(2,\)"):
        batched.value_and_grad(np.zeros(3))


def test_batched_family_distribution_gradient():
    dist = nm.Normal.dist(mu=[0.0, 1.0], sigma=[1.0, 2.0])
    values = RNG.normal(size=(40, 2))
    total, grads = dist.value_and_grad(values)
    assert grads["params"].shape == (2, 2) and grads["value"].shape == (40, 2)
    for b in range(2):
        value_b, grads_b = nm.Normal.dist(mu=[0.0, 1.0][b], sigma=[1.0, 2.0][b]).value_and_grad(values[:, b])
        assert_allclose(grads["params"][b], grads_b["params"], rtol=1e-14)
        assert_allclose(grads["value"][:, b], grads_b["value"], rtol=1e-14)


@numba.njit
def _user_gradient_step(theta, data, grad_w, grad_params):
    """A sampler's gradient inside user @njit code: kernels rebuilt from theta per call."""
    w = np.array([theta[0], 1.0 - theta[0]])
    comps = (kernels.Normal(theta[1], 1.0), kernels.StudentT(4.0, theta[2], 1.0))
    return kernels.mixture_value_and_grad(data, w, comps, grad_w, grad_params, np.empty(0))


def test_user_njit_code():
    data = RNG.normal(size=200)
    grad_w, grad_params = np.empty(2), np.empty(5)
    value = _user_gradient_step(np.array([0.3, -0.2, 0.5]), data, grad_w, grad_params)
    mix = nm.Mixture(w=[0.3, 0.7], comp_dists=[nm.Normal.dist(-0.2, 1.0), nm.StudentT.dist(4.0, 0.5, 1.0)])
    expected_value, expected = mix.value_and_grad(data)
    assert value == pytest.approx(expected_value, rel=1e-14)
    assert_allclose(grad_params, expected["params"], rtol=1e-13)


@numba.njit
def _repeated(data, w, params, grad_w, grad_params, grad_x, times):
    total = 0.0
    for _ in range(times):
        comps = (kernels.Normal(params[0], params[1]), kernels.StudentT(params[2], params[3], params[4]))
        total += kernels.mixture_value_and_grad(data, w, comps, grad_w, grad_params, grad_x)
    return total


def test_serial_version_allocates_nothing():
    """NRT allocations of 1 and of 11 calls inside @njit code are the same (those of the
    Python call's arguments)."""
    from numba.core.runtime import _nrt_python, rtsys

    was_enabled = _nrt_python.memsys_stats_enabled()
    _nrt_python.memsys_enable_stats()
    try:
        data, w, params = RNG.normal(size=1000), np.array([0.3, 0.7]), np.array([0.0, 1.0, 4.0, 0.5, 2.0])
        args = (data, w, params, np.empty(2), np.empty(5), np.empty(data.size))
        _repeated(*args, 1)
        counts = []
        for times in (1, 11):
            before = rtsys.get_allocation_stats().alloc
            _repeated(*args, times)
            counts.append(rtsys.get_allocation_stats().alloc - before)
        assert counts[0] == counts[1]
    finally:
        if not was_enabled:
            _nrt_python.memsys_disable_stats()


# ---------------------------------------------------------------------------
# the zero-inflated and hurdle families, in one discrete and one continuous mixture
# (53 s of compilation on the CI machine: NUMBAMIX_TEST_FAMILIES=all)
# ---------------------------------------------------------------------------

#: (components, data), zeros included: every zero-mass family in two structures
ZERO_MASS = {
    "discrete": (
        [nm.ZeroInflatedPoisson.dist(psi=0.7, mu=2.5), nm.ZeroInflatedBinomial.dist(psi=0.6, n=8, p=0.4),
         nm.ZeroInflatedNegativeBinomial.dist(psi=0.8, mu=3.0, alpha=1.5),
         nm.HurdlePoisson.dist(psi=0.6, mu=1.8), nm.HurdleNegativeBinomial.dist(psi=0.7, mu=2.0, alpha=0.8)],
        np.where(RNG.uniform(size=120) < 0.3, 0.0, RNG.poisson(2.5, 120)),
    ),
    "continuous": (
        [nm.HurdleGamma.dist(psi=0.6, alpha=2.0, beta=1.5),
         nm.HurdleLogNormal.dist(psi=0.7, mu=0.2, sigma=0.6)],
        np.where(RNG.uniform(size=60) < 0.3, 0.0, RNG.gamma(2.0, 0.7, 60)),
    ),
}


@pytest.mark.skipif(not ALL_FAMILIES, reason="compiles two more structures: NUMBAMIX_TEST_FAMILIES=all")
@pytest.mark.parametrize("kind", sorted(ZERO_MASS))
def test_zero_mass_mixture_gradients(kind):
    """The value against the families' scipy references, the gradients against finite
    differences of the value itself (one compiled function per structure: CI time)."""
    from scipy.special import logsumexp

    comps, data = ZERO_MASS[kind]
    w = np.linspace(1.0, 2.0, len(comps)) / np.linspace(1.0, 2.0, len(comps)).sum()
    mix = nm.Mixture(w=w, comp_dists=comps)
    value, grads = mix.value_and_grad(data)
    references = [family.reference(**{n: float(v) for n, v in params.items()})
                  for family, params in mix._components()[1]]
    log_terms = np.array([r.logpmf(data) if mix.discrete else r.logpdf(data) for r in references])
    assert value == pytest.approx(logsumexp(np.log(w)[:, None] + log_terms, axis=0).sum(), rel=1e-12)
    f = mix.value_and_grad_function()

    def summed(w, params, values=data):
        return f(values, w, params, np.empty(w.size), np.empty(params.size), np.empty(0))

    check_parameter_gradient(mix, summed, grads)
    check_weight_gradients(mix, summed, grads)
    check_value_gradient(mix, lambda values: summed(mix.w, mix.component_params(), values), data, grads)


# ---------------------------------------------------------------------------
# Categorical (numpy: the mixture weights' gradient of its point masses)
# ---------------------------------------------------------------------------


def test_categorical_value_and_grad_against_closed_form():
    p = np.array([0.1, 0.0, 0.25, 0.4, 0.25])
    data = np.array([0.0, 2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 0.0])
    value, grads = nm.Categorical.dist(p=p).value_and_grad(data)
    counts = np.array([2.0, 0.0, 2.0, 1.0, 3.0])
    assert value == pytest.approx(float(np.log(p[data.astype(int)]).sum()), rel=1e-15)
    assert_allclose(grads["p"], np.divide(counts, p, out=np.zeros(5), where=counts > 0), rtol=1e-15)
    assert np.isnan(grads["value"]).all() and grads["value"].shape == data.shape
    logits = np.log(np.where(p > 0, p, 1e-300))
    for j in range(p.size):
        def through_softmax(t, j=j):
            a = logits.copy()
            a[j] = t
            q = np.exp(a - a.max())
            return float(np.log((q / q.sum())[data.astype(int)]).sum())

        expected, rounding = richardson(through_softmax, logits[j], 1e-3)
        assert close(grads["logit_p"][j], expected, rounding), (j, grads["logit_p"][j], expected)
    # values of mass 0 (category 1 has p = 0, 7 and 0.5 are no categories) add nothing
    outside, more = nm.Categorical.dist(p=p).value_and_grad(np.concatenate([data, [1.0, 7.0, 0.5]]))
    assert outside == -math.inf
    assert_allclose(more["p"], grads["p"], rtol=0)
    assert_allclose(more["logit_p"], grads["logit_p"], rtol=0)
    assert math.isnan(nm.Categorical.dist(p=p).value_and_grad(np.array([0.0, np.nan]))[0])


def test_batched_categorical_value_and_grad():
    """Batch shape (2,): per column as the scalar Categorical of that row; a ``p`` shared by the
    batch (``shape=``) gets the sum."""
    p = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
    values = np.array([[0.0, 1.0], [2.0, 0.0], [2.0, 0.0], [1.0, 1.0]])
    total, grads = nm.Categorical.dist(p=p).value_and_grad(values)
    assert grads["p"].shape == (2, 3) and grads["value"].shape == (4, 2)
    expected = [nm.Categorical.dist(p=p[b]).value_and_grad(values[:, b]) for b in range(2)]
    assert total == pytest.approx(expected[0][0] + expected[1][0], rel=1e-15)
    for b in range(2):
        assert_allclose(grads["p"][b], expected[b][1]["p"], rtol=1e-15)
        assert_allclose(grads["logit_p"][b], expected[b][1]["logit_p"], rtol=1e-15)
    _, shared = nm.Categorical.dist(p=p[0], shape=(2,)).value_and_grad(values)
    assert_allclose(shared["p"], [3 / 0.2, 3 / 0.5, 2 / 0.3], rtol=1e-15)  # counts 3, 3, 2
    with pytest.raises(ValueError, match=r"value of shape \(3,\) does not broadcast against the batch shape \(2,\)"):
        nm.Categorical.dist(p=p).value_and_grad(np.zeros(3))


def test_batched_mixture_with_categorical_component():
    """Batch shape (2,) with a Categorical component: per batch element as the scalar mixture."""
    w = np.array([[0.35, 0.65], [0.8, 0.2]])
    mix = nm.Mixture(w=w, comp_dists=[nm.Categorical.dist(p=CATEGORIES[0]), nm.Poisson.dist([2.5, 1.0])])
    values = RNG.poisson(2.0, (30, 2)).astype(np.float64)
    total, grads = mix.value_and_grad(values)
    assert grads["comp_dists[0].p"].shape == (3,) and grads["params"].shape == (2, 7)
    expected = [nm.Mixture(w=w[b], comp_dists=[nm.Categorical.dist(p=CATEGORIES[0]), nm.Poisson.dist([2.5, 1.0][b])])
                .value_and_grad(values[:, b]) for b in range(2)]
    assert total == pytest.approx(expected[0][0] + expected[1][0], rel=1e-14)
    assert_allclose(grads["w"], [e[1]["w"] for e in expected], rtol=1e-14)
    assert_allclose(grads["params"], [e[1]["params"] for e in expected], rtol=1e-14)
    assert_allclose(grads["comp_dists[0].p"], expected[0][1]["comp_dists[0].p"] + expected[1][1]["comp_dists[0].p"],
                    rtol=1e-13)


# ---------------------------------------------------------------------------
# Nested mixtures and Categorical components: the chain rule through their weights,
# against finite differences of a scipy log-likelihood in the raw (unnormalised) weights
# ---------------------------------------------------------------------------


def _moved(point, name, index, t):
    moved = {key: value.copy() for key, value in point.items()}
    moved[name][index] = t
    return moved


def _softmax_moved(point, name, index, t):
    """``point`` with the weights ``name`` (last axis) moved along logit ``index``."""
    logits = np.log(point[name])
    logits[index] = t
    q = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return {**point, name: q / q.sum(axis=-1, keepdims=True)}


def check_nested_gradients(grads, point, reference, params=None):
    """Every weight gradient in ``point`` (and its ``logit_`` twin) and the ``params``
    entries listed against Richardson differences of ``reference(point)``."""
    params = range(point["params"].size) if params is None else params
    for name, array in point.items():
        indices = [(i,) for i in params] if name == "params" else list(np.ndindex(array.shape))
        for index in indices:
            h = 1e-4 if name != "params" else step(array[index])
            expected, rounding = richardson(lambda t: reference(_moved(point, name, index, t)), array[index], h)
            assert close(grads[name][index], expected, rounding), (name, index, grads[name][index], expected)
            if name == "params":
                continue
            logit = name[: -len("w")] + "logit_w" if name.endswith("w") else name[: -len("p")] + "logit_p"
            expected, rounding = richardson(lambda t: reference(_softmax_moved(point, name, index, t)),
                                            math.log(array[index]), 1e-3)
            assert close(grads[logit][index], expected, rounding), (logit, index, grads[logit][index], expected)


def test_nested_mixture_gradient():
    """Two nested mixtures over the "continuous" structure's families (its compiled kernel)."""
    from scipy import stats

    (normal, student_t, gamma, lognormal), data = STRUCTURES["continuous"]
    mix = nm.Mixture(w=[0.3, 0.7], comp_dists=[nm.Mixture(w=[0.4, 0.6], comp_dists=[normal, student_t]),
                                               nm.Mixture(w=[0.55, 0.45], comp_dists=[gamma, lognormal])])

    def reference(point, x=data):
        (mu, sigma, nu, t_mu, t_sigma, alpha, beta, ln_mu, ln_sigma), w = point["params"], point["w"]
        v, u = point["comp_dists[0].w"], point["comp_dists[1].w"]
        density = w[0] * (v[0] * stats.norm.pdf(x, mu, sigma) + v[1] * stats.t.pdf(x, nu, t_mu, t_sigma)) + w[1] * (
            u[0] * stats.gamma.pdf(x, alpha, scale=1.0 / beta) + u[1] * stats.lognorm.pdf(x, ln_sigma, scale=math.exp(ln_mu)))
        return float(np.log(density).sum())

    value, grads = mix.value_and_grad(data)
    point = {"w": mix.w, "comp_dists[0].w": mix.comp_dists[0].w, "comp_dists[1].w": mix.comp_dists[1].w,
             "params": mix.component_params()}
    assert_allclose(point["params"], [-1.0, 0.8, 3.0, 1.0, 1.5, 2.0, 1.5, 0.2, 0.6])
    assert value == pytest.approx(reference(point), rel=1e-12)
    assert set(grads) == {"w", "logit_w", "comp_dists[0].w", "comp_dists[0].logit_w", "comp_dists[1].w",
                          "comp_dists[1].logit_w", "params", "value"}
    check_nested_gradients(grads, point, reference)
    for i in range(0, data.size, 53):
        expected, rounding = richardson(
            lambda t: reference(point, np.array([t])), data[i], step(data[i], 0.0))
        assert close(grads["value"][i], expected, rounding)


CATEGORIES = np.array([[0.2, 0.5, 0.3], [0.1, 0.15, 0.75]])


def test_categorical_component_gradient():
    """A Categorical beside a Poisson: the gradient in its ``p``; its point masses'
    parameters (category j as DiscreteUniform(j, j)) have gradient 0."""
    from scipy import stats

    data = np.concatenate([RNG.poisson(2.0, 150), [0.0, 1.0, 2.0, 7.0]]).astype(np.float64)
    mix = nm.Mixture(w=[0.35, 0.65], comp_dists=[nm.Categorical.dist(p=CATEGORIES[0]), nm.Poisson.dist(2.5)])

    def reference(point):
        in_range = data < 3
        mass = np.where(in_range, point["comp_dists[0].p"][np.where(in_range, data, 0).astype(int)], 0.0)
        w = point["w"]
        return float(np.log(w[0] * mass + w[1] * stats.poisson.pmf(data, point["params"][-1])).sum())

    value, grads = mix.value_and_grad(data)
    point = {"w": mix.w, "comp_dists[0].p": mix.comp_dists[0].p, "params": mix.component_params()}
    assert_allclose(point["params"], [0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 2.5])
    assert value == pytest.approx(reference(point), rel=1e-13)
    assert_allclose(grads["params"][:6], 0.0)
    check_nested_gradients(grads, point, reference, params=[6])
    assert np.isnan(grads["value"]).all()


def test_batched_categorical_component_gradient():
    """One batched Categorical (its last batch axis mixes) and the same as a list of two."""
    data = np.array([0.0, 1.0, 2.0, 2.0, 2.0, 1.0, 0.0, 2.0])
    batched = nm.Mixture(w=[0.6, 0.4], comp_dists=nm.Categorical.dist(p=CATEGORIES))

    def reference(point):
        p, w, j = point["comp_dists.p"], point["w"], data.astype(int)
        return float(np.log(w[0] * p[0, j] + w[1] * p[1, j]).sum())

    value, grads = batched.value_and_grad(data)
    point = {"w": batched.w, "comp_dists.p": batched.comp_dists.p, "params": np.empty(0)}
    assert value == pytest.approx(reference(point), rel=1e-13)
    assert grads["comp_dists.p"].shape == (2, 3)
    check_nested_gradients(grads, point, reference)
    as_list = nm.Mixture(w=[0.6, 0.4], comp_dists=[nm.Categorical.dist(p=row) for row in CATEGORIES])
    _, listed = as_list.value_and_grad(data)
    for k in range(2):
        assert_allclose(listed[f"comp_dists[{k}].p"], grads["comp_dists.p"][k], rtol=1e-14)
        assert_allclose(listed[f"comp_dists[{k}].logit_p"], grads["comp_dists.logit_p"][k], rtol=1e-14)
    # a value outside every category (5) makes the sum -inf and adds nothing
    outside, more = batched.value_and_grad(np.append(data, 5.0))
    assert outside == -math.inf
    assert_allclose(more["comp_dists.p"], grads["comp_dists.p"], rtol=0)


# ---------------------------------------------------------------------------
# JAX (numpyro's MixtureGeneral) where installed
# ---------------------------------------------------------------------------

JAX_CASES = {
    "Normal": (lambda d, a, b: d.Normal(a, b), [(-1.0, 0.7), (1.5, 1.3)], "normal"),
    "StudentT": (lambda d, nu, a, b: d.StudentT(nu, a, b), [(3.0, -1.0, 0.7), (8.0, 1.5, 1.3)], "normal"),
    "Poisson": (lambda d, mu: d.Poisson(mu), [(1.5,), (6.0,)], "counts"),
    "Gamma": (lambda d, a, b: d.Gamma(a, b), [(2.0, 1.5), (5.0, 0.8)], "positive"),
    "LogNormal": (lambda d, a, b: d.LogNormal(a, b), [(0.0, 0.5), (1.5, 0.3)], "positive"),
    # numpyro's gate is the probability of the zero part: 1 - psi
    "ZeroInflatedPoisson": (
        lambda d, psi, mu: d.ZeroInflatedPoisson(1 - psi, mu), [(0.7, 1.5), (0.9, 6.0)], "counts",
    ),
    "ZeroInflatedNegativeBinomial": (
        lambda d, psi, mu, a: d.ZeroInflatedNegativeBinomial2(mu, a, gate=1 - psi),
        [(0.7, 1.5, 2.0), (0.9, 6.0, 0.7)], "counts",
    ),
    "HurdlePoisson": (lambda d, psi, mu: d.HurdlePoisson(1 - psi, mu), [(0.7, 1.5), (0.9, 6.0)], "counts"),
    "HurdleNegativeBinomial": (
        lambda d, psi, mu, a: d.HurdleNegativeBinomial2(1 - psi, mu, a), [(0.7, 1.5, 2.0), (0.9, 6.0, 0.7)],
        "counts",
    ),
    "HurdleGamma": (
        lambda d, psi, a, b: d.HurdleGamma(1 - psi, a, b), [(0.7, 2.0, 1.5), (0.9, 5.0, 0.8)], "positive",
    ),
    "HurdleLogNormal": (
        lambda d, psi, a, b: d.HurdleLogNormal(1 - psi, a, b), [(0.7, 0.0, 0.5), (0.9, 1.5, 0.3)], "positive",
    ),
}
#: numpyro 0.22's NegativeBinomial2 log_prob is 2.6e-7 (relative) from scipy's nbinom at
#: these parameters (numbamix's is within 1e-12 of scipy's, test_families.py)
JAX_LOOSE = {"ZeroInflatedNegativeBinomial": 1e-6, "HurdleNegativeBinomial": 1e-6}


@pytest.mark.parametrize("name", sorted(JAX_CASES))
def test_against_jax_grad_of_numpyro(name):
    jax = pytest.importorskip("jax")
    pytest.importorskip("numpyro")
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    from numpyro import distributions as dist

    make, params, kind = JAX_CASES[name]
    data = {"normal": RNG.normal(0.5, 1.5, 200), "counts": RNG.poisson(3.0, 200).astype(float),
            "positive": RNG.gamma(3.0, size=200)}[kind]
    w = np.array([0.35, 0.65])

    def log_lik(w, flat, x):
        n = len(params[0])
        comps = [make(dist, *(flat[c * n + j] for j in range(n))) for c in range(len(params))]
        return dist.MixtureGeneral(dist.Categorical(probs=w), comps).log_prob(x).sum()

    flat = jnp.array([p for comp in params for p in comp])
    value, (g_w, g_params) = jax.value_and_grad(log_lik, argnums=(0, 1))(jnp.array(w), flat, jnp.array(data))
    g_x = jax.grad(log_lik, argnums=2)(jnp.array(w), flat, jnp.array(data))
    family = getattr(nm, name)
    mix = nm.Mixture(w=w, comp_dists=[family.dist(*comp) for comp in params])
    got, grads = mix.value_and_grad(data)
    loose = JAX_LOOSE.get(name)
    assert got == pytest.approx(float(value), rel=loose or 1e-12)
    assert_allclose(grads["params"], np.asarray(g_params), rtol=loose or 1e-9, atol=1e-9)
    # numpyro normalises the weights inside Categorical: its w-gradient is the projection
    # of ours onto the simplex's tangent space
    projected = grads["w"] - grads["w"].mean()
    assert_allclose(projected, np.asarray(g_w) - np.asarray(g_w).mean(), rtol=loose or 1e-9, atol=1e-9)
    if not mix.discrete:
        assert_allclose(grads["value"], np.asarray(g_x), rtol=1e-9, atol=1e-12)
