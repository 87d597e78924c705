"""Reproducible random numbers for numba nopython code.

Generator
---------
Every stream is a xoshiro256** generator (Blackman & Vigna): 256 bits of
state held in a ``uint64`` array of length :data:`STATE_WORDS`, advanced in
place by :func:`next_uint64`.  It was chosen because it is tiny (four words,
a few shifts, xors and multiplies per draw), has period 2**256 - 1, passes
BigCrush/PractRand, and needs nothing but 64-bit integer arithmetic, so the
same scalar code compiles for CPU now and for CUDA later.  The samplers take
the state array as their last argument and never allocate, raise or touch
Python objects; invalid parameters give ``nan``.

Streams
-------
Parallel work gets one stream per task, not per thread.  Stream ``i`` of a
seed is the state ``SeedSequence(seed).spawn(n)[i].generate_state(4,
uint64)``: it depends only on the seed and ``i``, so results do not change
with the number of streams requested or the number of threads used.  The
user's ``rng`` argument is turned into a seed by :func:`entropy_from`.

References
----------
D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
ACM Trans. Math. Softw. 47(4), 2021.
G. Marsaglia and W. W. Tsang, "A simple method for generating gamma
variables", ACM Trans. Math. Softw. 26(3), 2000.
W. Hörmann, "The transformed rejection method for generating Poisson random
variables", Insurance: Mathematics and Economics 12(1), 1993 (PTRS).
W. Hörmann, "The generation of binomial random variates", J. Statist.
Comput. Simul. 46(1-2), 1993 (BTRS).
"""

import math

import numpy as np
from numpy.random import SeedSequence

from . import _math
from ._jit import formula, kernel

#: Number of ``uint64`` words in one generator state.
STATE_WORDS = 4

# uint64 constants: mixing uint64 with int64 literals makes numba use float64.
_U0 = np.uint64(0)
_U1 = np.uint64(1)
_U5 = np.uint64(5)
_U7 = np.uint64(7)
_U8 = np.uint64(8)
_U9 = np.uint64(9)
_U11 = np.uint64(11)
_U12 = np.uint64(12)
_U16 = np.uint64(16)
_U17 = np.uint64(17)
_U32 = np.uint64(32)
_U45 = np.uint64(45)
_U64 = np.uint64(64)
_U255 = np.uint64(255)

_TWO_POW_M53 = 2.0**-53

# Replaces an all-zero state (the one fixed point of xoshiro256**).
_NONZERO_WORD = np.uint64(0x9E3779B97F4A7C15)


@formula
def _rotl(x, k):
    return (x << k) | (x >> (_U64 - k))


@formula
def next_uint64(state):
    """Advance a xoshiro256** state in place and return the next output.

    Parameters
    ----------
    state : ndarray of uint64, shape (STATE_WORDS,)
        Generator state, not all zero; mutated in place.

    Returns
    -------
    uint64
        Uniform on [0, 2**64).
    """
    s0 = state[0]
    s1 = state[1]
    s2 = state[2]
    s3 = state[3]
    result = _rotl(s1 * _U5, _U7) * _U9
    t = s1 << _U17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    state[0] = s0
    state[1] = s1
    state[2] = s2
    state[3] = _rotl(s3, _U45)
    return result


@formula
def uniform(state):
    """Uniform double on the open interval (0, 1).

    The top 53 bits of :func:`next_uint64` scaled by 2**-53, with 0 rejected
    (probability 2**-53), so ``log(uniform(state))`` is always finite.

    Returns
    -------
    float
        Support {k * 2**-53 : k = 1, ..., 2**53 - 1}.
    """
    while True:
        k = next_uint64(state) >> _U11
        if k != _U0:
            return k * _TWO_POW_M53


def _ziggurat_edges(r, v, layers):
    """Right edges ``x[0] > x[1] = r > ... > x[layers] = 0`` of Marsaglia and Tsang's ziggurat
    under ``exp(-x^2/2)``: every layer has area ``v``; layer 0 is the rectangle up to ``r`` plus
    the tail beyond (``x[0] = v / f(r)`` its virtual width), layer ``i >= 1`` the box of width
    ``x[i]`` between heights ``f(x[i])`` and ``f(x[i + 1])``."""
    x = np.empty(layers + 1)
    x[0], x[1] = v / math.exp(-0.5 * r * r), r
    for i in range(1, layers - 1):
        x[i + 1] = math.sqrt(-2.0 * math.log(v / x[i] + math.exp(-0.5 * x[i] * x[i])))
    x[layers] = 0.0
    return x


#: 256 layers (Marsaglia & Tsang 2000): the base strip's edge and each layer's area.
_ZIGGURAT_R = 3.6541528853610088
_ZIGGURAT_EDGES = _ziggurat_edges(_ZIGGURAT_R, 0.00492867323399, 256)
#: a 52-bit integer j draws x = j * _ZIGGURAT_WIDTH[i] in layer i, under the curve when j < _ZIGGURAT_INNER[i]
_ZIGGURAT_WIDTH = _ZIGGURAT_EDGES[:-1] * 2.0**-52
_ZIGGURAT_INNER = np.floor(_ZIGGURAT_EDGES[1:] / _ZIGGURAT_EDGES[:-1] * 2.0**52).astype(np.uint64)
_ZIGGURAT_HEIGHT = np.exp(-0.5 * _ZIGGURAT_EDGES**2)


@formula
def standard_normal(state):
    """Standard normal draw (Marsaglia and Tsang's ziggurat, 256 layers).

    One 64-bit word picks the layer (8 bits), the sign (1 bit) and the
    abscissa (52 bits); about 99 % of draws are accepted at once, the rest by
    the wedge test under the density or, beyond 3.654, from the exact tail
    (Marsaglia's exponential method).

    Returns
    -------
    float
        Support the whole line, to the 53-bit resolution of :func:`uniform` in the tail.
    """
    while True:
        bits = next_uint64(state)
        layer = bits & _U255
        negative = (bits >> _U8) & _U1
        j = bits >> _U12
        x = j * _ZIGGURAT_WIDTH[layer]
        if j < _ZIGGURAT_INNER[layer]:
            return -x if negative else x
        if layer == _U0:
            while True:  # the tail beyond r: r + a with density proportional to exp(-r a - a^2 / 2)
                a = -_math.log(uniform(state)) / _ZIGGURAT_R
                if -2.0 * _math.log(uniform(state)) > a * a:
                    x = _ZIGGURAT_R + a
                    return -x if negative else x
        low = _ZIGGURAT_HEIGHT[layer]
        if low + uniform(state) * (_ZIGGURAT_HEIGHT[layer + _U1] - low) < _math.exp(-0.5 * x * x):
            return -x if negative else x


@formula
def standard_exponential(state):
    """Exponential draw with rate 1 (inversion, ``-log(U)``).

    Returns
    -------
    float
        Support (0, 36.8].
    """
    return -_math.log(uniform(state))


@formula
def standard_gamma(alpha, state):
    """Gamma draw with shape ``alpha`` and scale 1 (Marsaglia-Tsang).

    For ``alpha < 1`` a Gamma(alpha + 1) draw ``g`` is boosted to
    ``g * U**(1/alpha)``, computed as ``exp(log(g) + log(U) / alpha)``.

    Parameters
    ----------
    alpha : float
        Shape, ``alpha >= 0``; ``alpha == 0`` gives 0, ``alpha < 0`` or nan
        gives nan.

    Returns
    -------
    float
        Support [0, inf) (0 only by underflow for tiny ``alpha``).
    """
    if not alpha >= 0.0:
        return _math.NAN
    a = alpha if alpha >= 1.0 else alpha + 1.0
    d = a - 1.0 / 3.0
    c = 1.0 / _math.sqrt(9.0 * d)
    while True:
        x = standard_normal(state)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = uniform(state)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2 or _math.log(u) < 0.5 * x2 + d * (
            1.0 - v + _math.log(v)
        ):
            if alpha >= 1.0:
                return d * v
            return _math.exp(_math.log(d * v) + _math.log(uniform(state)) / alpha)


@formula
def _poisson_multiplication(mu, state):
    limit = _math.exp(-mu)
    k = 0.0
    prod = uniform(state)
    while prod > limit:
        k += 1.0
        prod *= uniform(state)
    return k


@formula
def _poisson_ptrs(mu, state):
    slam = _math.sqrt(mu)
    loglam = _math.log(mu)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    log_invalpha = _math.log(1.1239 + 1.1328 / (b - 3.4))
    vr = 0.9277 - 3.6224 / (b - 2.0)
    while True:
        u = uniform(state) - 0.5
        v = uniform(state)
        us = 0.5 - math.fabs(u)
        k = math.floor((2.0 * a / us + b) * u + mu + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0.0 or (us < 0.013 and v > us):
            continue
        if _math.log(v) + log_invalpha - _math.log(a / (us * us) + b) <= (
            -mu + k * loglam - _math.lgamma(k + 1.0)
        ):
            return k


@formula
def poisson(mu, state):
    """Poisson draw with mean ``mu``.

    Multiplication (inversion) method for ``mu < 10``, Hörmann's PTRS
    transformed rejection for ``mu >= 10``.

    Parameters
    ----------
    mu : float
        Mean, ``0 <= mu < inf``; ``mu == 0`` gives 0, anything else gives nan.

    Returns
    -------
    float
        An integer in {0, 1, 2, ...}.
    """
    if not (mu >= 0.0 and mu < _math.INF):
        return _math.NAN
    if mu < 10.0:
        return _poisson_multiplication(mu, state)
    return _poisson_ptrs(mu, state)


@formula
def _binomial_inversion(n, p, state):
    q = 1.0 - p
    qn = _math.exp(n * _math.log1p(-p))
    mean = n * p
    bound = min(n, mean + 10.0 * _math.sqrt(mean * q + 1.0))
    k = 0.0
    px = qn
    u = uniform(state)
    while u > px:
        k += 1.0
        if k > bound:
            k = 0.0
            px = qn
            u = uniform(state)
        else:
            u -= px
            px = ((n - k + 1.0) * p * px) / (k * q)
    return k


@formula
def _binomial_btrs(n, p, state):
    q = 1.0 - p
    spq = _math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    vr = 0.92 - 4.2 / b
    log_alpha = _math.log((2.83 + 5.1 / b) * spq)
    log_r = _math.log(p / q)
    m = math.floor((n + 1.0) * p)
    h = _math.lgamma(m + 1.0) + _math.lgamma(n - m + 1.0)
    while True:
        u = uniform(state) - 0.5
        v = uniform(state)
        us = 0.5 - math.fabs(u)
        k = math.floor((2.0 * a / us + b) * u + c)
        if k < 0.0 or k > n:
            continue
        if us >= 0.07 and v <= vr:
            return k
        if _math.log(v) + log_alpha - _math.log(a / (us * us) + b) <= (
            h - _math.lgamma(k + 1.0) - _math.lgamma(n - k + 1.0) + (k - m) * log_r
        ):
            return k


@formula
def binomial(n, p, state):
    """Binomial draw: successes in ``n`` trials of probability ``p``.

    Uses ``n - binomial(n, 1 - p)`` for ``p > 0.5``; then inversion when
    ``n * p < 10``, Hörmann's BTRS transformed rejection otherwise.

    Parameters
    ----------
    n : float
        Number of trials, a finite non-negative integer held in a float.
    p : float
        Success probability, ``0 <= p <= 1``; ``p == 0`` gives 0 and
        ``p == 1`` gives ``n``.  Invalid ``n`` or ``p`` give nan.

    Returns
    -------
    float
        An integer in {0, 1, ..., n}.
    """
    if not (
        n >= 0.0 and n < _math.INF and n == math.floor(n) and p >= 0.0 and p <= 1.0
    ):
        return _math.NAN
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    if n * p < 10.0:
        k = _binomial_inversion(n, p, state)
    else:
        k = _binomial_btrs(n, p, state)
    return n - k if flip else k


def seed_states(seed, n_streams):
    """Generator states for ``n_streams`` independent streams of one seed.

    Row ``i`` is ``SeedSequence(seed).spawn(n_streams)[i]
    .generate_state(STATE_WORDS, np.uint64)``; it depends only on ``seed``
    and ``i``.  A ``SeedSequence`` seed is used through its entropy, spawn key
    and pool size, as if freshly made (its own spawn counter is neither read
    nor advanced).  An all-zero row (probability 2**-256) is made non-zero.
    numpy's SeedSequence algorithm runs compiled here (:func:`_spawned_states`):
    numpy's own objects cost about 30 us per stream, which was a quarter of the
    time of a million draws (one stream per 2048 values).

    Parameters
    ----------
    seed : None, int, sequence of int or numpy.random.SeedSequence
        Anything ``SeedSequence`` accepts as entropy, e.g. the result of
        :func:`entropy_from`.
    n_streams : int
        Number of streams, ``>= 0``, below 2**32.

    Returns
    -------
    ndarray of uint64, shape (n_streams, STATE_WORDS), C-contiguous
    """
    root = seed if isinstance(seed, SeedSequence) else SeedSequence(seed)
    if not 0 <= n_streams < 2**32:
        raise ValueError(f"seed_states: n_streams must be in [0, 2**32), got {n_streams}")
    # a child's entropy: the root's, zero-padded to the pool size (as numpy does when a spawn
    # key follows), then the root's spawn key, then the child's index (one word below 2**32)
    run = _uint32_words(root.entropy)
    run = np.concatenate([run, np.zeros(max(root.pool_size - run.size, 0), dtype=np.uint32)])
    prefix = np.concatenate([run, _uint32_words(root.spawn_key)]).astype(np.uint64)
    states = np.empty((n_streams, STATE_WORDS), dtype=np.uint64)
    _spawned_states(prefix, root.pool_size, states)
    return _nonzero_rows(states)


def _nonzero_rows(states):
    """``states`` with all-zero rows (the fixed point of xoshiro256**) given a non-zero word."""
    states[~states.any(axis=1), 0] = _NONZERO_WORD
    return states


def _uint32_words(entropy):
    """numpy's reading of SeedSequence entropy as 32-bit words: an int lowest word first
    (0 as one word; a string item as the integer it spells, ``"0x..."`` hexadecimal), a uint32
    array as it is, a sequence as its items' words in turn."""
    if isinstance(entropy, np.ndarray) and entropy.dtype == np.uint32:
        return entropy.copy()
    if isinstance(entropy, str):  # numpy's SeedSequence has already refused any other string
        entropy = int(entropy, 16) if entropy.startswith("0x") else int(entropy)
    if isinstance(entropy, (int, np.integer)):
        value, words = int(entropy), []
        while True:
            words.append(value & 0xFFFFFFFF)
            value >>= 32
            if not value:
                return np.array(words, dtype=np.uint32)
    parts = [_uint32_words(item) for item in entropy]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)


# numpy's SeedSequence constants (M. E. O'Neill's seed_seq_fe): 32-bit arithmetic done in
# uint64 and masked, since numba widens uint32 operations to 64 bits.
_M32 = np.uint64(0xFFFFFFFF)
_HASH_INIT_A, _HASH_MULT_A = np.uint64(0x43B0D7E5), np.uint64(0x931E8875)
_HASH_INIT_B, _HASH_MULT_B = np.uint64(0x8B51F9DD), np.uint64(0x58F38DED)
_MIX_MULT_L, _MIX_MULT_R = np.uint64(0xCA01F9DD), np.uint64(0x4973F715)


@formula
def _hash(value, multiplier, factor):
    """One step of SeedSequence's hash: ``(hashed value, next multiplier)``."""
    multiplier_next = (multiplier * factor) & _M32
    value = ((value ^ multiplier) * multiplier_next) & _M32
    return value ^ (value >> _U16), multiplier_next


@formula
def _mix(x, y):
    result = (_MIX_MULT_L * x - _MIX_MULT_R * y) & _M32
    return result ^ (result >> _U16)


@kernel
def _spawned_states(prefix, pool_size, out):
    """Row ``i`` of ``out``: the state of the SeedSequence whose assembled entropy is ``prefix``
    followed by ``i`` (numpy's ``mix_entropy`` into a pool of ``pool_size`` words, then
    ``generate_state(STATE_WORDS, uint64)``)."""
    entropy = np.empty(prefix.size + 1, dtype=np.uint64)
    entropy[: prefix.size] = prefix
    pool = np.empty(pool_size, dtype=np.uint64)
    for i in range(out.shape[0]):
        entropy[prefix.size] = np.uint64(i)
        multiplier = _HASH_INIT_A
        for k in range(pool_size):
            pool[k], multiplier = _hash(entropy[k] if k < entropy.size else _U0, multiplier, _HASH_MULT_A)
        for source in range(pool_size):
            for target in range(pool_size):
                if source != target:
                    hashed, multiplier = _hash(pool[source], multiplier, _HASH_MULT_A)
                    pool[target] = _mix(pool[target], hashed)
        for source in range(pool_size, entropy.size):
            for target in range(pool_size):
                hashed, multiplier = _hash(entropy[source], multiplier, _HASH_MULT_A)
                pool[target] = _mix(pool[target], hashed)
        multiplier = _HASH_INIT_B
        for word in range(STATE_WORDS):  # each uint64 word is two uint32 words, low first
            low, multiplier = _hash(pool[(2 * word) % pool_size], multiplier, _HASH_MULT_B)
            high, multiplier = _hash(pool[(2 * word + 1) % pool_size], multiplier, _HASH_MULT_B)
            out[i, word] = low | (high << _U32)


def entropy_from(rng):
    """Turn a user's ``rng`` argument into a seed for :func:`seed_states`.

    Parameters
    ----------
    rng : None, int, numpy.random.Generator or numpy.random.SeedSequence
        ``None``: fresh 128-bit entropy from the OS.  A non-negative int:
        itself.  A ``Generator``: a 128-bit seed drawn from it (advancing it),
        so results are reproducible given the generator's state.  A
        ``SeedSequence``: itself.

    Returns
    -------
    int or numpy.random.SeedSequence

    Raises
    ------
    TypeError
        For any other type (``bool`` included).
    ValueError
        For a negative int.
    """
    if rng is None:
        return SeedSequence().entropy
    if isinstance(rng, SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        hi, lo = rng.integers(0, 2**64, size=2, dtype=np.uint64)
        return (int(hi) << 64) | int(lo)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"rng must be a non-negative int, got {rng}")
        return int(rng)
    raise TypeError(
        "rng must be None, an int, a numpy.random.Generator or a "
        f"numpy.random.SeedSequence, got {type(rng).__name__}"
    )
