"""Measuring the error, in ulps, of numbamix's elementary functions.

Shared by ``tests/test_math_accuracy.py`` and ``benchmarks/accuracy.py``.

* :func:`points` draws the arguments of one function, deterministically from a
  seed: log-uniform magnitudes over the whole double range (uniform over bit
  patterns, so every binade is equally likely, subnormals included), both signs
  where the domain allows, plus dense samples where the function is delicate
  (around 0 for log1p/expm1, around 1 for log, subnormal results and the
  overflow threshold for exp, the zeros at 1 and 2 of lgamma, the tails of
  log_ndtr).
* :func:`reference` gives the exact value as ``(hi, offset)``: ``hi`` the
  double nearest to it and ``offset = (exact - hi) / ulp(hi)``, so errors are
  measured against the unrounded value. exp/log/log1p/expm1 use numpy's
  ``np.longdouble`` (x87 80-bit, 64-bit mantissa, at most a few thousandths of
  an ulp of double off: :func:`mpmath_reference` is the check) where it is
  wider than double; lgamma, erfc and log_ndtr (and the others where
  longdouble is double) use mpmath at 100 bits.
* :func:`compiled_loop` applies a numba scalar function to an array inside a
  compiled loop, so a function is measured as it runs in kernels (inlined,
  vectorised).
* :func:`ulp_errors` and :class:`Summary` turn results into errors and their
  distribution.

``ulp(hi)`` is ``np.spacing(|hi|)`` (2**971 at the largest double): for
subnormal (and zero) results it is the smallest subnormal, 2**-1074. Where
either the result or the reference is inf or nan they must agree exactly
(error 0, else inf).
"""

import functools
import math
from dataclasses import dataclass

import mpmath
import numba
import numpy as np

SMALLEST_SUBNORMAL = 5e-324
SMALLEST_NORMAL = 2.2250738585072014e-308
LARGEST = 1.7976931348623157e308

#: Bits of precision of the mpmath references.
MPMATH_PRECISION = 100


def _magnitudes(rng, n, lo, hi):
    """``n`` doubles in ``[lo, hi]`` (``0 <= lo < hi``), uniform over their bit
    patterns: log-uniform magnitudes, every binade equally likely."""
    lo_bits, hi_bits = np.array([lo, hi]).view(np.int64)
    return rng.integers(lo_bits, hi_bits, n, endpoint=True).view(np.float64)


def _signed(rng, n, lo, hi):
    return _magnitudes(rng, n, lo, hi) * rng.choice([-1.0, 1.0], n)


def _uniform(rng, n, lo, hi):
    return rng.uniform(lo, hi, n)


def _near(centre):
    """Points ``centre + d``, ``|d|`` log-uniform in [2**-53, 1/2], both signs."""
    return lambda rng, n: centre + _signed(rng, n, 2.0**-53, 0.5)


#: Per function, the regions its points are drawn from in equal numbers:
#: callables ``(rng, n) -> n doubles``.
REGIONS = {
    "exp": [
        lambda rng, n: _signed(rng, n, SMALLEST_SUBNORMAL, 746.0),
        lambda rng, n: _uniform(rng, n, -746.0, 710.0),
        lambda rng, n: _uniform(rng, n, -746.0, -708.0),  # subnormal results, underflow to 0
        lambda rng, n: _uniform(rng, n, 709.0, 710.0),  # next to overflow
    ],
    "log": [
        lambda rng, n: _magnitudes(rng, n, SMALLEST_SUBNORMAL, LARGEST),
        lambda rng, n: _magnitudes(rng, n, SMALLEST_SUBNORMAL, SMALLEST_NORMAL),
        _near(1.0),
        lambda rng, n: _uniform(rng, n, 0.5, 2.0),
    ],
    "log1p": [
        lambda rng, n: _magnitudes(rng, n, SMALLEST_SUBNORMAL, LARGEST),
        lambda rng, n: -_magnitudes(rng, n, SMALLEST_SUBNORMAL, 1.0 - 2.0**-53),
        lambda rng, n: _signed(rng, n, 1e-20, 1.0),
        lambda rng, n: -1.0 + _magnitudes(rng, n, 2.0**-53, 0.5),
    ],
    "expm1": [
        lambda rng, n: _signed(rng, n, SMALLEST_SUBNORMAL, 710.0),
        lambda rng, n: _signed(rng, n, 1e-20, 1.0),
        lambda rng, n: _uniform(rng, n, -50.0, 710.0),
        lambda rng, n: _uniform(rng, n, 709.0, 710.0),  # next to overflow
    ],
    # x > 0 only: near its negative zeros log|Gamma| has no relative-accuracy target
    "lgamma": [
        lambda rng, n: _magnitudes(rng, n, SMALLEST_SUBNORMAL, LARGEST),
        lambda rng, n: _uniform(rng, n, 0.0, 10.0),
        _near(1.0),
        _near(2.0),
        lambda rng, n: _uniform(rng, n, 2.5e305, 2.6e305),  # next to overflow (2.55998e305)
    ],
    # erfc(x) is normal for x < 26.543: the ulp target holds there
    "erfc": [
        lambda rng, n: _signed(rng, n, SMALLEST_SUBNORMAL, 26.5),
        lambda rng, n: _uniform(rng, n, -6.0, 26.5),
        lambda rng, n: -_magnitudes(rng, n, 1.0, LARGEST),
    ],
    "log_ndtr": [
        lambda rng, n: _uniform(rng, n, -40.0, 10.0),
        lambda rng, n: -_magnitudes(rng, n, 40.0, LARGEST),  # far negative, -inf beyond -1.9e154
        lambda rng, n: _signed(rng, n, SMALLEST_SUBNORMAL, 40.0),
        lambda rng, n: _uniform(rng, n, 10.0, 40.0),  # log_ndtr ~ -Phi(-z): tiny, subnormal above 37.5
    ],
}

FUNCTIONS = tuple(REGIONS)


def points(name, n, seed=0):
    """``n`` arguments for function ``name``, split evenly over its regions."""
    rng = np.random.default_rng([seed, FUNCTIONS.index(name)])
    regions = REGIONS[name]
    sizes = [n // len(regions) + (i < n % len(regions)) for i in range(len(regions))]
    return np.concatenate([region(rng, size) for region, size in zip(regions, sizes)])


def _ulp(hi):
    """``np.spacing(|hi|)``, but 2**971 (not inf) at the largest double."""
    with np.errstate(over="ignore"):
        return np.minimum(np.spacing(np.abs(hi)), 2.0**971)


def _log_ndtr(z):
    if z > 0:  # log1p(-Phi(-z)): log(ncdf(z)) would lose the upper tail
        return mpmath.log1p(-mpmath.ncdf(-z))
    if z > -1e10:
        return mpmath.log(mpmath.ncdf(z))
    # mpmath's erfc overflows far out: Mills' ratio series, next term 105/z**8
    w = 1 / (z * z)
    return -z * z / 2 - mpmath.log(-z) - mpmath.log(mpmath.sqrt(2 * mpmath.pi)) + mpmath.log1p(-w + 3 * w**2 - 15 * w**3)


MPMATH = {
    "exp": mpmath.exp,
    "log": mpmath.log,
    "log1p": mpmath.log1p,
    "expm1": mpmath.expm1,
    "lgamma": mpmath.loggamma,
    "erfc": mpmath.erfc,
    "log_ndtr": _log_ndtr,
}

#: Functions with longdouble references: none where longdouble is just double.
LONGDOUBLE = (
    {"exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1}
    if np.finfo(np.longdouble).nmant >= 63
    else {}
)


def _nearest_double(v):
    """The double nearest the mpf ``v`` (``float(v)`` rounds twice in the subnormal range)."""
    if abs(v) >= SMALLEST_NORMAL:
        return float(v)
    return math.copysign(float(mpmath.nint(v * 2**1074)) * SMALLEST_SUBNORMAL, float(v))


def mpmath_reference(name, x):
    """``(hi, offset)`` for ``name`` at the doubles ``x``, from mpmath at 100 bits
    (about 40 us a point)."""
    f = MPMATH[name]
    hi = np.empty(x.size)
    offset = np.zeros(x.size)
    with mpmath.workprec(MPMATH_PRECISION):
        for i, xi in enumerate(x.tolist()):
            exact = f(mpmath.mpf(xi))
            hi[i] = _nearest_double(exact)
            if math.isfinite(hi[i]):
                offset[i] = float((exact - hi[i]) / float(_ulp(hi[i])))
    return hi, offset


def longdouble_reference(name, x):
    """``(hi, offset)`` for exp/log/log1p/expm1 from numpy's ``np.longdouble`` functions."""
    with np.errstate(all="ignore"):
        exact = LONGDOUBLE[name](x.astype(np.longdouble))
        hi = exact.astype(np.float64)
        offset = ((exact - hi) / _ulp(hi)).astype(np.float64)
    offset[~np.isfinite(hi)] = 0.0
    return hi, offset


def reference(name, x):
    """``(hi, offset)`` for ``name`` at ``x``: from longdouble where possible, else mpmath."""
    return (longdouble_reference if name in LONGDOUBLE else mpmath_reference)(name, x)


def ulp_errors(y, hi, offset):
    """|y - exact| in ulps of the double nearest the exact value; where ``y`` or
    ``hi`` is inf or nan, 0 if they are the same (nan for nan) and inf if not."""
    with np.errstate(all="ignore"):
        errors = np.abs((y - hi) / _ulp(hi) - offset)
    special = ~(np.isfinite(y) & np.isfinite(hi))
    same = (y == hi) | (np.isnan(y) & np.isnan(hi))
    errors[special] = np.where(same[special], 0.0, np.inf)
    return errors


@functools.cache
def compiled_loop(f):
    """A compiled ``loop(x) -> f(x) elementwise`` over a float64 array, with
    numbamix's kernel options."""

    @numba.njit(error_model="numpy")
    def loop(x):
        out = np.empty_like(x)
        for i in range(x.size):
            out[i] = f(x[i])
        return out

    return loop


@dataclass(frozen=True)
class Summary:
    """The distribution of one function's errors, in ulps."""

    name: str
    points: int
    max: float
    q9999: float
    q99: float
    above_half: float  # fraction of results more than 0.5 ulp off (not correctly rounded)
    worst_x: float
    worst_expected: float  # the double nearest the exact value at worst_x
    worst_actual: float

    @classmethod
    def of(cls, name, x, y, hi, offset):
        errors = ulp_errors(y, hi, offset)
        worst = int(np.argmax(errors))
        return cls(
            name, x.size, float(errors[worst]), float(np.quantile(errors, 0.9999, method="higher")),
            float(np.quantile(errors, 0.99, method="higher")), float(np.mean(errors > 0.5)),
            float(x[worst]), float(hi[worst]), float(y[worst]),
        )

    HEADER = (
        "| function | points | max ulp | 99.99 % | 99 % | > 0.5 ulp | worst argument |\n"
        "|---|---:|---:|---:|---:|---:|---|"
    )

    def row(self):
        return (
            f"| {self.name} | {self.points:,} | {self.max:.3f} | {self.q9999:.3f} | {self.q99:.3f} "
            f"| {self.above_half:.2e} | {self.worst_x!r} (got {self.worst_actual!r}, "
            f"expected {self.worst_expected!r}) |"
        )

    def __str__(self):
        return (
            f"{self.name}: max {self.max:.3f} ulp at x = {self.worst_x!r} "
            f"(got {self.worst_actual!r}, expected {self.worst_expected!r}); "
            f"99.99 % {self.q9999:.3f}, 99 % {self.q99:.3f}, "
            f"{self.above_half:.2e} of {self.points:,} points above 0.5 ulp"
        )


def measure(name, f, x, hi, offset):
    """The :class:`Summary` of numba scalar function ``f`` on ``x``, run in a compiled loop."""
    return Summary.of(name, x, compiled_loop(f)(x), hi, offset)
