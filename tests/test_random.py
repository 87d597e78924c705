"""Tests for numbamix._random: generator, streams, and sampler distributions.

Every statistical test uses a fixed seed, so it is deterministic; the
significance threshold is ALPHA = 1e-4.
"""

import numba
import numpy as np
import pytest
from numpy.random import SeedSequence
from scipy import stats

from numbamix import _random
from numbamix._random import (
    STATE_WORDS,
    binomial,
    entropy_from,
    next_uint64,
    poisson,
    seed_states,
    standard_exponential,
    standard_gamma,
    standard_normal,
    uniform,
)

ALPHA = 1e-4
N_DRAWS = 100_000
MASK64 = (1 << 64) - 1


# --- njit drawing loops (one per sampler signature) -------------------------


@numba.njit
def _draw(sampler, params, state, n):
    """``n`` draws of ``sampler(*params, state)`` (not cached: it takes a function)."""
    out = np.empty(n)
    for i in range(n):
        out[i] = sampler(*params, state)
    return out


def _state(seed):
    return seed_states(seed, 1)[0]


# --- statistical helpers ----------------------------------------------------


def _check_moments(x, dist):
    """Sample mean and variance within 5 standard errors of the exact ones."""
    n = x.size
    mean, var, kurt = (float(m) for m in dist.stats(moments="mvk"))
    assert abs(x.mean() - mean) <= 5.0 * np.sqrt(var / n)
    # Var of the unbiased sample variance: (mu4 - s^4) / n + 2 s^4 / (n (n-1)).
    mu4 = (kurt + 3.0) * var**2
    se_var = np.sqrt((mu4 - var**2) / n + 2.0 * var**2 / (n * (n - 1)))
    assert abs(x.var(ddof=1) - var) <= 5.0 * se_var


def _chisquare_discrete(x, dist, min_expected=5.0):
    """Chi-square goodness of fit of integer samples to a discrete scipy law.

    Bins are single integers merged left to right until each expects at
    least ``min_expected`` draws; the end bins take the tails.
    """
    n = x.size
    lo, hi = int(dist.ppf(1e-12)), int(dist.isf(1e-12))
    ks = np.arange(lo, hi + 1)
    probs = dist.pmf(ks)
    probs[0] = dist.cdf(lo)
    probs[-1] = dist.sf(hi - 1)
    starts, expected, acc, start = [], [], 0.0, lo
    for k, pk in zip(ks, probs):
        acc += pk
        if acc * n >= min_expected:
            starts.append(start)
            expected.append(acc * n)
            acc, start = 0.0, k + 1
    if acc > 0.0:  # leftover tail joins the last bin
        expected[-1] += acc * n
    starts = np.array(starts)
    idx = np.clip(np.searchsorted(starts, x, side="right") - 1, 0, None)
    observed = np.bincount(idx, minlength=starts.size)
    expected = np.array(expected)
    expected *= n / expected.sum()
    return stats.chisquare(observed, expected).pvalue


# --- generator and streams --------------------------------------------------


def _xoshiro256ss_reference(s, count):
    """Pure-Python xoshiro256** on Python ints (the reference C code)."""

    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK64

    s = [int(w) for w in s]
    out = []
    for _ in range(count):
        out.append(rotl((s[1] * 5) & MASK64, 7) * 9 & MASK64)
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
    return out, s


def test_next_uint64_matches_reference():
    state = _state(2024)
    expected, final = _xoshiro256ss_reference(state, 50)
    got = [int(next_uint64(state)) for _ in range(50)]
    assert got == expected
    assert [int(w) for w in state] == final
    assert state.dtype == np.uint64


def test_same_seed_same_sequence():
    a, b = _state(7), _state(7)
    np.testing.assert_array_equal(_draw(standard_normal, (), a, 1000), _draw(standard_normal, (), b, 1000))
    np.testing.assert_array_equal(a, b)


def test_streams_differ():
    states = seed_states(7, 3)
    draws = [_draw(uniform, (), states[i], 100) for i in range(3)]
    assert not np.array_equal(draws[0], draws[1])
    assert not np.array_equal(draws[1], draws[2])
    assert not np.array_equal(_state(7), _state(8))


def test_stream_independent_of_stream_count():
    np.testing.assert_array_equal(seed_states(123, 10)[3], seed_states(123, 4)[3])
    np.testing.assert_array_equal(seed_states(123, 1)[0], seed_states(123, 5)[0])


def test_seed_states_layout_and_spawn_equivalence():
    states = seed_states(99, 6)
    assert states.shape == (6, STATE_WORDS)
    assert states.dtype == np.uint64
    assert states.flags.c_contiguous
    for i, child in enumerate(SeedSequence(99).spawn(6)):
        np.testing.assert_array_equal(
            states[i], child.generate_state(STATE_WORDS, np.uint64)
        )
    assert seed_states(99, 0).shape == (0, STATE_WORDS)


def test_seed_states_seedsequence_not_mutated():
    ss = SeedSequence(5)
    first = seed_states(ss, 3)
    assert ss.n_children_spawned == 0
    np.testing.assert_array_equal(seed_states(ss, 3), first)
    np.testing.assert_array_equal(first, seed_states(5, 3))


def test_seed_states_guards_all_zero_state():
    states = _random._nonzero_rows(np.array([[0, 0, 0, 0], [0, 5, 0, 0]], dtype=np.uint64))
    assert states[0, 0] != 0 and states[0, 1:].sum() == 0
    np.testing.assert_array_equal(states[1], [0, 5, 0, 0])
    # One non-zero word: the first draws are correlated, then it mixes.
    assert np.unique(_draw(uniform, (), states[0], 100)).size > 90


@pytest.mark.parametrize(
    "seed",
    [0, 7, 2**32 - 1, 2**32, 2**100 + 5, [1, 2, 3], [2**40, 0, 5], np.array([3, 4], dtype=np.uint32),
     np.array([2**33, 1], dtype=np.int64), [], ["12", "0x1f", "0xFFFFFFFFFF"], SeedSequence(5, spawn_key=(3,)), SeedSequence(5, spawn_key=(3, 2**35)),
     SeedSequence([1] * 9, pool_size=8), SeedSequence(2**200, pool_size=5, spawn_key=(1, 2))],
    ids=repr,
)
def test_seed_states_are_numpys_seed_sequence(seed):
    """The compiled SeedSequence gives numpy's children's states for every kind of entropy,
    spawn key and pool size."""
    root = seed if isinstance(seed, SeedSequence) else SeedSequence(seed)
    expected = [
        SeedSequence(root.entropy, spawn_key=root.spawn_key + (i,), pool_size=root.pool_size).generate_state(
            STATE_WORDS, np.uint64
        )
        for i in range(40)
    ]
    np.testing.assert_array_equal(seed_states(seed, 40), expected)


def test_seed_states_rejects_stream_counts_beyond_one_word():
    with pytest.raises(ValueError, match=r"n_streams must be in \[0, 2\*\*32\), got 4294967296"):
        seed_states(1, 2**32)


# --- uniform ----------------------------------------------------------------


def test_uniform_open_interval_and_ks():
    x = _draw(uniform, (), _state(1), N_DRAWS)
    assert x.min() > 0.0 and x.max() < 1.0
    assert np.isfinite(np.log(x)).all()
    assert stats.kstest(x, "uniform").pvalue > ALPHA


# --- continuous samplers ----------------------------------------------------


def test_standard_normal():
    x = _draw(standard_normal, (), _state(11), N_DRAWS)
    assert stats.kstest(x, "norm").pvalue > ALPHA
    _check_moments(x, stats.norm())


def test_standard_exponential():
    x = _draw(standard_exponential, (), _state(12), N_DRAWS)
    assert x.min() > 0.0 and np.isfinite(x).all()
    assert stats.kstest(x, "expon").pvalue > ALPHA
    _check_moments(x, stats.expon())


@pytest.mark.parametrize("alpha", [0.3, 1.0, 2.5, 50.0])
def test_standard_gamma(alpha):
    x = _draw(standard_gamma, (alpha,), _state(13), N_DRAWS)
    assert x.min() >= 0.0 and np.isfinite(x).all()
    dist = stats.gamma(alpha)
    assert stats.kstest(x, dist.cdf).pvalue > ALPHA
    _check_moments(x, dist)


def test_standard_gamma_edges():
    state = _state(14)
    assert standard_gamma(0.0, state) == 0.0
    assert np.isnan(standard_gamma(-1.0, state))
    assert np.isnan(standard_gamma(np.nan, state))


# --- discrete samplers ------------------------------------------------------


@pytest.mark.parametrize("mu", [0.5, 3.0, 9.99, 10.0, 25.0, 1e4])
def test_poisson(mu):
    x = _draw(poisson, (mu,), _state(21), N_DRAWS)
    assert (x == np.floor(x)).all() and x.min() >= 0.0
    dist = stats.poisson(mu)
    assert _chisquare_discrete(x, dist) > ALPHA
    _check_moments(x, dist)


def test_poisson_edges():
    state = _state(22)
    assert (_draw(poisson, (0.0,), state, 1000) == 0.0).all()
    for mu in (-1.0, np.nan, np.inf):
        assert np.isnan(poisson(mu, state))


@pytest.mark.parametrize(
    "n, p", [(10, 0.3), (50, 0.5), (1000, 0.02), (1000, 0.7), (1, 0.5)]
)
def test_binomial(n, p):
    x = _draw(binomial, (float(n), p), _state(31), N_DRAWS)
    assert (x == np.floor(x)).all() and x.min() >= 0.0 and x.max() <= n
    dist = stats.binom(n, p)
    assert _chisquare_discrete(x, dist) > ALPHA
    _check_moments(x, dist)


def test_binomial_edges():
    state = _state(32)
    assert (_draw(binomial, (0.0, 0.3), state, 1000) == 0.0).all()
    assert (_draw(binomial, (25.0, 0.0), state, 1000) == 0.0).all()
    assert (_draw(binomial, (25.0, 1.0), state, 1000) == 25.0).all()
    assert (_draw(binomial, (1000.0, 1.0), state, 1000) == 1000.0).all()
    invalid = [
        (-1.0, 0.5),
        (2.5, 0.5),
        (np.inf, 0.5),
        (np.nan, 0.5),
        (5.0, -0.1),
        (5.0, 1.1),
        (5.0, np.nan),
    ]
    for n, p in invalid:
        assert np.isnan(binomial(n, p, state))


# --- entropy_from -----------------------------------------------------------


def test_entropy_from_none_is_fresh():
    a, b = entropy_from(None), entropy_from(None)
    assert isinstance(a, int) and a != b
    seed_states(a, 1)  # accepted by SeedSequence


def test_entropy_from_int():
    assert entropy_from(42) == 42
    assert entropy_from(np.int64(42)) == 42
    assert type(entropy_from(np.uint32(42))) is int
    with pytest.raises(ValueError, match="non-negative"):
        entropy_from(-1)


def test_entropy_from_generator_reproducible():
    a = entropy_from(np.random.default_rng(3))
    b = entropy_from(np.random.default_rng(3))
    assert a == b and 0 <= a < 2**128
    rng = np.random.default_rng(3)
    assert entropy_from(rng) != entropy_from(rng)  # the generator advances
    np.testing.assert_array_equal(seed_states(a, 2), seed_states(b, 2))


def test_entropy_from_seedsequence():
    ss = SeedSequence(8)
    assert entropy_from(ss) is ss


@pytest.mark.parametrize(
    "bad, name",
    [
        (1.5, "float"),
        ("7", "str"),
        (True, "bool"),
        (np.random.RandomState(0), "RandomState"),
    ],
)
def test_entropy_from_rejects_other_types(bad, name):
    with pytest.raises(TypeError, match=rf"rng must be None, an int.*got {name}$"):
        entropy_from(bad)
