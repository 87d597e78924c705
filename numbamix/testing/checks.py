"""Checks of the properties every density must have, usable on *any* density.

Each ``check_*`` function takes a numbamix distribution (with a scalar batch
shape), any object with the same protocol (``logp``, ``logcdf``, ``random``
and optional ``support``/``discrete``/``mean``/``variance``), or a
:class:`Density` built from plain callables with :func:`from_callables`, and
raises :class:`CheckFailure` (an ``AssertionError``) when the property does
not hold. :func:`check_distribution` runs all applicable checks under
hypothesis, ready to use as a pytest test.

See ``docs/testing.md`` for a walk-through and the list of checks.
"""

import dataclasses
import math
import warnings
from typing import Callable

import numpy as np

__all__ = [
    "CheckFailure",
    "Density",
    "as_density",
    "check_cdf_matches_pdf",
    "check_cdf_monotone",
    "check_complement",
    "check_distribution",
    "check_matches_reference",
    "check_mixture_invariances",
    "check_moments",
    "check_normalisation",
    "check_sampler",
    "check_support_edges",
    "from_callables",
]

ALL_CHECKS = ("normalisation", "cdf", "monotone", "complement", "reference", "support", "sampler", "moments")

#: Probabilities whose quantiles serve as interior split points and default test points.
_PROBS = np.array([1e-8, 1e-4, 1e-2, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1 - 1e-4, 1 - 1e-8])


# --------------------------------------------------------------------------- failure


def _fmt(value):
    """Short, readable rendering of numbers and arrays for failure messages."""
    if value is None:
        return "None"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    array = np.asarray(value)
    if array.dtype.kind in "biuf":
        if array.ndim == 0:
            return repr(array.item())
        return np.array2string(array, precision=17, threshold=20, separator=", ")
    return repr(value)


def _relative_error(expected, actual):
    try:
        e = np.asarray(expected, dtype=float)
        a = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return None
    if e.shape != a.shape:
        return None
    with np.errstate(all="ignore"):
        err = np.abs(a - e) / np.where(e != 0, np.abs(e), 1.0)
    return err.item() if err.ndim == 0 else err


class CheckFailure(AssertionError):
    """Raised by every check.

    ``str()`` lists the check name, a one-line reason, the parameters (the
    density's ``params``), the value(s) at fault, the expected and actual
    numbers and their relative error (the absolute error where expected is 0).
    The pieces are also attributes: ``check``, ``reason``, ``params``,
    ``value``, ``expected``, ``actual``, ``relative_error``.
    """

    def __init__(self, check, reason, *, params=None, value=None, expected=None, actual=None):
        self.check = check
        self.reason = reason
        self.params = params
        self.value = value
        self.expected = expected
        self.actual = actual
        self.relative_error = (
            _relative_error(expected, actual) if expected is not None and actual is not None else None
        )
        super().__init__(self._message())

    def _message(self):
        lines = [f"{self.check} failed: {self.reason}"]
        if self.params is not None:
            lines.append(f"  parameters: {_fmt(self.params)}")
        if self.value is not None:
            lines.append(f"  value: {_fmt(self.value)}")
        if self.expected is not None:
            lines.append(f"  expected: {_fmt(self.expected)}")
        if self.actual is not None:
            lines.append(f"  actual: {_fmt(self.actual)}")
        if self.relative_error is not None:
            err = self.relative_error
            lines.append(f"  relative error: {err:.3g}" if np.ndim(err) == 0 else f"  relative error: {_fmt(err)}")
        return "\n".join(lines)

    def __str__(self):
        return self._message()

    def __reduce__(self):  # picklable despite the keyword-only arguments (pytest-xdist, multiprocessing)
        kwargs = dict(params=self.params, value=self.value, expected=self.expected, actual=self.actual)
        return (_rebuild_failure, (self.check, self.reason, kwargs))


def _rebuild_failure(check, reason, kwargs):
    return CheckFailure(check, reason, **kwargs)


# --------------------------------------------------------------------------- adapter


@dataclasses.dataclass
class Density:
    """The adapter every check works on.

    ``logp`` (and ``logcdf``, ``logccdf``: the log survival function
    ``log P(X > x)``) map an array of values to an array of the same shape; ``random(size, rng)`` returns ``size`` draws (``rng`` is a
    ``numpy.random.Generator``). ``support`` is the closed interval
    ``(lower, upper)``; ``params`` only serves failure reports; ``name`` too.
    """

    logp: Callable
    logcdf: Callable | None = None
    random: Callable | None = None
    support: tuple = (-np.inf, np.inf)
    discrete: bool = False
    mean: float | None = None
    variance: float | None = None
    params: dict | None = None
    name: str | None = None
    #: points where the density has features of its own (a mixture's component centres
    #: and spreads): integrals are split there too, so no narrow component is missed
    landmarks: tuple = ()
    logccdf: Callable | None = None
    #: points of a continuous density that carry probability mass (a hurdle's 0), where
    #: ``logp`` is the log of that mass: integrals add it, the sampler test allows for it
    atoms: tuple = ()

    def __post_init__(self):
        lower, upper = (float(np.asarray(b)) for b in self.support)
        if not lower <= upper:
            raise ValueError(f"support must be (lower, upper) with lower <= upper, got {self.support!r}")
        self.support = (lower, upper)
        self.discrete = bool(self.discrete)
        self.mean = _optional_float(self.mean)
        self.variance = _optional_float(self.variance)


def _optional_float(value):
    if value is None:
        return None
    return float(np.asarray(value))


def from_callables(
    logp,
    logcdf=None,
    random=None,
    *,
    support=(-np.inf, np.inf),
    discrete=False,
    mean=None,
    variance=None,
    params=None,
    logccdf=None,
):
    """A :class:`Density` from plain callables (numpy in, numpy out)."""
    return Density(logp, logcdf, random, support, discrete, mean, variance, params, logccdf=logccdf)


def _attr(obj, name, default=None):
    """An attribute, or the result of calling it when it is a method."""
    value = getattr(obj, name, default)
    if callable(value):
        value = value()
    return default if value is None else value


def _float_params(params):
    if not isinstance(params, dict):
        return params
    out = {}
    for key, value in params.items():
        array = np.asarray(value)
        out[key] = float(array) if array.ndim == 0 and array.dtype.kind in "biuf" else value
    return out


def as_density(dist):
    """``dist`` as a :class:`Density` (a ``Density`` is returned as it is).

    A numbamix distribution must have batch shape ``()``: the checks work on one
    scalar distribution (use ``dist.params`` to build one per batch element).
    Any other object supplies ``logp``, optional ``logcdf``, ``logccdf`` and ``random``, and
    optional ``support``/``discrete``/``mean``/``variance``/``params``
    attributes or methods.
    """
    if isinstance(dist, Density):
        return dist
    batch_shape = getattr(dist, "batch_shape", ())
    if tuple(batch_shape) != ():
        raise ValueError(
            f"the checks work on one scalar distribution (batch_shape == ()), got batch shape "
            f"{tuple(batch_shape)}; build one distribution per batch element"
        )
    lower, upper = _attr(dist, "support", (-np.inf, np.inf))
    variance = _attr(dist, "variance")
    return Density(
        logp=dist.logp,
        logcdf=getattr(dist, "logcdf", None),
        logccdf=getattr(dist, "logccdf", None),
        random=getattr(dist, "random", None),
        support=(float(lower), float(upper)),
        discrete=bool(_attr(dist, "discrete", False)),
        mean=None if (mean := _attr(dist, "mean")) is None else float(mean),
        variance=None if variance is None else float(variance),
        params=_float_params(getattr(dist, "params", None)),
        name=repr(dist),
        landmarks=_component_landmarks(dist),
        atoms=_atoms(dist),
    )


def _atoms(dist):
    """The atoms (``Family.atoms``) of a numbamix distribution's component families."""
    components = getattr(dist, "_components", None)
    if components is None:
        return ()
    return tuple(sorted({a for family, _ in components()[1] for a in getattr(family, "atoms", ())}))


def _component_landmarks(dist):
    """Centre and centre +- 1, 3, 10 sd of every component of a numbamix mixture (else none)."""
    comps = getattr(dist, "comp_dists", None)
    if comps is None:
        return ()
    points = []
    for comp in comps if isinstance(comps, (list, tuple)) else [comps]:
        with np.errstate(all="ignore"):
            centre = np.ravel(comp.mean()).astype(float)
            spread = np.sqrt(np.ravel(comp.variance()).astype(float))
        for c, s in zip(*np.broadcast_arrays(centre, spread)):
            if np.isfinite(c):
                points.append(c)
                if np.isfinite(s) and s > 0:
                    points.extend(c + s * np.array([-10.0, -3.0, -1.0, 1.0, 3.0, 10.0]))
    return tuple(points)


# --------------------------------------------------------------------------- helpers


def _logp(d, x):
    x = np.asarray(x, dtype=float)
    return np.asarray(d.logp(x), dtype=float).reshape(x.shape)


def _logcdf(d, x):
    x = np.asarray(x, dtype=float)
    return np.asarray(d.logcdf(x), dtype=float).reshape(x.shape)


def _logccdf(d, x):
    x = np.asarray(x, dtype=float)
    return np.asarray(d.logccdf(x), dtype=float).reshape(x.shape)


def _pdf_scalar(d):
    def pdf(x):
        return math.exp(float(_logp(d, np.array([x]))[0]))

    return pdf


def _close(expected, actual, rtol, atol):
    """Elementwise: equal within tolerance; equal infinities and nan vs nan count as equal."""
    e = np.asarray(expected, dtype=float)
    a = np.asarray(actual, dtype=float)
    with np.errstate(invalid="ignore"):
        ok = np.abs(a - e) <= atol + rtol * np.abs(e)
    return ok | (e == a) | (np.isnan(e) & np.isnan(a))


def _center_scale(d):
    lower, upper = d.support
    center = d.mean if d.mean is not None and np.isfinite(d.mean) else None
    scale = math.sqrt(d.variance) if d.variance is not None and np.isfinite(d.variance) and d.variance > 0 else 1.0
    if center is None:
        if np.isfinite(lower) and np.isfinite(upper):
            center = 0.5 * (lower + upper)
        elif np.isfinite(lower):
            center = lower + scale
        elif np.isfinite(upper):
            center = upper - scale
        else:
            center = 0.0
    return float(np.clip(center, lower, upper)), scale


def _quantiles(d, probs=_PROBS):
    """Approximate quantiles at ``probs``, by bisection of ``logcdf`` (continuous densities)."""
    lower, upper = d.support
    center, scale = _center_scale(d)
    log_probs = np.log(probs)
    with np.errstate(all="ignore"):
        lo = lower
        if not np.isfinite(lo):
            step = scale
            lo = center - step
            while _logcdf(d, lo) >= log_probs[0] and step < 1e300:
                step *= 2.0
                lo = center - step
        hi = upper
        if not np.isfinite(hi):
            step = scale
            hi = center + step
            while _logcdf(d, hi) <= log_probs[-1] and step < 1e300:
                step *= 2.0
                hi = center + step
        a = np.full(probs.shape, float(lo))
        b = np.full(probs.shape, float(hi))
        for _ in range(120):
            mid = 0.5 * (a + b)
            below = _logcdf(d, mid) < log_probs
            a = np.where(below, mid, a)
            b = np.where(below, b, mid)
    q = 0.5 * (a + b)
    return q[np.isfinite(q)]


def _split_points(d):
    """Interior points where integrals are split: quantile-like points and the mean."""
    lower, upper = d.support
    points = []
    if d.logcdf is not None:
        points.extend(_quantiles(d))
    elif d.random is not None:
        draws = np.asarray(d.random(2000, np.random.default_rng(0)), dtype=float)
        points.extend(np.quantile(draws[np.isfinite(draws)], _PROBS[2:-2]))
    center, scale = _center_scale(d)
    points.append(center)
    points.extend(center + scale * np.array([-10.0, -3.0, -1.0, 1.0, 3.0, 10.0]))
    points.extend(d.landmarks)
    points = np.unique(np.asarray(points, dtype=float))
    return points[np.isfinite(points) & (points > lower) & (points < upper)]


def _float_midpoint(lo, hi):
    """The double halfway between ``lo < hi`` in the order of doubles (0 if they have opposite
    signs): bisection with it closes in on any point, at any scale, in at most 64 steps."""
    lo, hi = lo + 0.0, hi + 0.0  # -0.0 -> 0.0
    if lo < 0.0 < hi:
        return 0.0
    if hi <= 0.0:
        return -_float_midpoint(-hi, -lo)
    a, b = (int(np.float64(v).view(np.int64)) for v in (lo, hi))
    return float(np.int64(a + (b - a) // 2).view(np.float64))


def _times_pdf(pdf, edge, step):
    """|step| * pdf(edge + step), 0 where the step underflows to 0."""
    return abs(step) * pdf(edge + step) if step != 0.0 else 0.0


def _segment_integrals(d, edges, rtol, budget=400):
    """Integrals of exp(logp) between consecutive sorted ``edges``, and their error estimates.

    Each segment is integrated with ``scipy.integrate.quad``; where the density
    has a ``logcdf`` and the integral disagrees with the cdf's increment, the
    segment is split where the cdf reaches the middle of its increment, so a
    narrow spike or an endpoint singularity that quad's first rule missed is
    found (at most ``budget`` segments in all). The cdf only guides the
    splitting: the results are integrals of the density.
    """
    from scipy import integrate

    pdf = _pdf_scalar(d)
    has_cdf = d.logcdf is not None
    spent = [0]

    lower, upper = d.support
    near = 1e-2 * _center_scale(d)[1]
    epsrel = max(rtol * 1e-2, 1e-13)

    def quad(a, b):
        spent[0] += 1
        if np.isfinite(lower) and lower <= a < b <= lower + near:
            # x = lower + e^t: tames an integrable singularity at the lower end (e.g. Gamma, alpha < 1)
            value, err = integrate.quad(
                lambda t: _times_pdf(pdf, lower, math.exp(t)),
                math.log(a - lower) if a > lower else -np.inf, math.log(b - lower),
                epsabs=0.0, epsrel=epsrel, limit=200,
            )
        elif np.isfinite(upper) and upper - near <= a < b <= upper:
            value, err = integrate.quad(
                lambda t: _times_pdf(pdf, upper, -math.exp(t)),
                math.log(upper - b) if b < upper else -np.inf, math.log(upper - a),
                epsabs=0.0, epsrel=epsrel, limit=200,
            )
        else:
            value, err = integrate.quad(pdf, a, b, epsabs=0.0, epsrel=epsrel, limit=200)
        return value, err

    def cdf(x):
        return float(np.exp(_logcdf(d, np.array([x]))[0]))

    def one(a, b, fa, fb, value, err, depth):
        if not has_cdf or depth > 60 or spent[0] >= budget:
            return value, err
        increment = fb - fa
        # agreement within rtol, or within the rounding error of the cdf difference itself
        noise = 8.0 * np.finfo(float).eps * max(abs(fa), abs(fb))
        if not np.isfinite(increment) or abs(value - increment) <= 1e-2 * rtol * max(abs(increment), abs(value)) + noise:
            return value, err
        # split where the cdf reaches 1/4, 1/2 and 3/4 of the increment: a spike sitting
        # exactly at the middle point still ends up inside a narrow piece
        cuts = sorted({m for m in (_cdf_crossing(fa + p * increment, a, b) for p in (0.25, 0.5, 0.75)) if a < m < b})
        if not cuts:
            return value, err
        edges = [a, *cuts, b]
        pieces = [quad(lo, hi) for lo, hi in zip(edges[:-1], edges[1:])]
        # no early stop when the pieces agree no better: a spike's tail at the end of a piece
        # is found a few levels down (where the density itself disagrees with the cdf, the
        # budget ends the search, and the integrals of the density are what count)
        fs = [fa, *(cdf(m) for m in cuts), fb]
        if increment != 0.0 and _constant_factor(value / increment, [p[0] for p in pieces], np.diff(fs)):
            # the density is a constant multiple of the cdf's slope (a wrong normalising
            # constant): refining cannot change the totals, and would run to the budget
            return math.fsum(p[0] for p in pieces), sum(p[1] for p in pieces)
        total, total_err = 0.0, 0.0
        for i, piece in enumerate(pieces):
            v, e = one(edges[i], edges[i + 1], fs[i], fs[i + 1], *piece, depth + 1)
            total, total_err = total + v, total_err + e
        return total, total_err

    def _cdf_crossing(level, a, b):
        """The point of (a, b) where the cdf crosses ``level`` (bisection of logcdf)."""
        target = math.log(level) if level > 0 else -np.inf
        lo, hi = a, b
        if not np.isfinite(lo):
            lo = min(-1.0, hi - 1.0) if np.isfinite(hi) else -1.0
            while cdf(lo) > level and lo > -1e300:
                lo *= 2.0 if lo < 0 else -1.0
        if not np.isfinite(hi):
            hi = max(1.0, lo + 1.0)
            while cdf(hi) < level and hi < 1e300:
                hi = 2.0 * hi if hi > 0 else 1.0
        with np.errstate(all="ignore"):
            for _ in range(200):
                mid = _float_midpoint(lo, hi)
                if mid <= lo or mid >= hi:
                    break
                if float(_logcdf(d, np.array([mid]))[0]) < target:
                    lo = mid
                else:
                    hi = mid
        return _float_midpoint(lo, hi)

    values, errors = [], []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        cdfs = [cdf(x) for x in edges] if has_cdf else [np.nan] * len(edges)
        for i in range(len(edges) - 1):
            if edges[i] == edges[i + 1]:
                values.append(0.0)
                errors.append(0.0)
                continue
            v, e = one(edges[i], edges[i + 1], cdfs[i], cdfs[i + 1], *quad(edges[i], edges[i + 1]), 0)
            values.append(v)
            errors.append(e)
    return np.array(values), np.array(errors)


def _constant_factor(ratio, integrals, increments):
    """True where every piece's integral is ``ratio`` times its cdf increment (to 1e-9)."""
    if not np.isfinite(ratio) or abs(ratio - 1.0) < 1e-6:
        return False
    with np.errstate(all="ignore"):
        ratios = np.asarray(integrals) / np.asarray(increments)
    return bool(np.all(np.abs(ratios - ratio) <= 1e-9 * abs(ratio)))


def _integrate(d, a, b, split, rtol):
    """Integral of exp(logp) over [a, b] split at the points of ``split`` inside; (value, error)."""
    edges = [a, *[p for p in split if a < p < b], b]
    values, errors = _segment_integrals(d, edges, rtol)
    return math.fsum(values), float(errors.sum())


def _pmf_table(d, rtol=1e-8):
    """(first value, pmf array) covering all but a negligible mass of a discrete density."""
    lower, upper = d.support
    chunk = 4096
    max_values = 1_000_000  # heavy tails (e.g. NegativeBinomial with alpha ~ 1e-4) stop here

    def seen(k, direction):
        """Whether the mass beyond ``k`` is below ``rtol`` (where the logccdf says so): a
        zero-inflated count's pmf falls to 0 between the zero and a far mode."""
        if d.logccdf is None or direction < 0:
            return True
        return float(_logccdf(d, np.array([k]))[0]) < math.log(rtol)

    def sweep(start, direction, bound):
        pieces, n = [], 0
        peak = 0.0
        while n < max_values:
            ks = start + direction * np.arange(n, n + chunk, dtype=float)
            ks = ks[(ks >= bound) if direction < 0 else (ks <= bound)]
            if ks.size == 0:
                break
            p = np.exp(_logp(d, ks))
            p = np.where(np.isnan(p), 0.0, p)
            pieces.append(p)
            n += ks.size
            peak = max(peak, float(p.max()))
            last = float(p[-1])
            if last < min(1e-17, rtol * 1e-3) and last < peak and (p.size < 2 or p[-1] <= p[-2]) and seen(ks[-1], direction):
                break
        return np.concatenate(pieces) if pieces else np.zeros(0)

    if np.isfinite(lower):
        start = lower
    else:
        start = math.floor(_center_scale(d)[0])
    up = sweep(start, +1, upper)
    down = sweep(start - 1, -1, lower) if not np.isfinite(lower) else np.zeros(0)
    first = start - down.size
    return first, np.concatenate([down[::-1], up])


def _report(d):
    return d.params if d.params is not None else ({"distribution": d.name} if d.name else None)


# --------------------------------------------------------------------------- checks


def check_normalisation(dist, *, rtol=1e-8):
    """The density integrates (sums, if discrete) to 1 over its support within ``rtol``.

    Continuous: ``scipy.integrate.quad`` of ``exp(logp)`` split at quantile-like
    points, the mean and a few standard deviations (for a mixture, also each
    component's), infinite limits allowed, and split further where the cdf says
    quad missed mass; plus the masses ``exp(logp(a))`` of the ``atoms``.
    Discrete: the sum of ``exp(logp)`` over the integers of the support, an
    infinite end truncated where the terms, past the mode, fall below 1e-17,
    or after a million terms, the rest of the mass then taken from the cdf.
    """
    d = as_density(dist)
    lower, upper = d.support
    if d.discrete:
        first, table = _pmf_table(d, rtol)
        total, error = math.fsum(table), 0.0
        last = first + table.size - 1
        if d.logcdf is not None and last < upper:
            # a tail too long to sum term by term: its mass from the cdf (checked separately)
            total += -math.expm1(float(_logcdf(d, np.array([last]))[0]))
    else:
        total, error = _integrate(d, lower, upper, _split_points(d), rtol)
        total += float(np.exp(_logp(d, np.array(d.atoms))).sum()) if d.atoms else 0.0
    if not (abs(total - 1.0) <= rtol + error):
        raise CheckFailure(
            "check_normalisation",
            f"total mass {total:.4g} != 1 (rtol {rtol:g})",
            params=_report(d),
            expected=1.0,
            actual=total,
        )


def check_cdf_matches_pdf(dist, points, *, rtol=1e-7, atol=1e-12):
    """``exp(logcdf(x))`` equals the integral of the density from the lower end to ``x``.

    Discrete densities: the cumulative sum of the pmf up to ``floor(x)`` (points
    past a million terms of a heavy tail are skipped). Points are compared with ``|cdf - integral| <= atol + rtol * integral``
    (plus the quadrature's error estimate).
    """
    d = as_density(dist)
    if d.logcdf is None:
        raise ValueError("check_cdf_matches_pdf needs a density with a logcdf")
    points = np.unique(np.asarray(points, dtype=float).ravel())
    points = points[~np.isnan(points)]
    lower, upper = d.support
    actual = np.exp(_logcdf(d, points))
    if d.discrete:
        first, table = _pmf_table(d)
        cums = np.cumsum(table)
        index = np.floor(np.clip(points, first - 1, first + table.size + 1)) - first
        expected = np.where(index < 0, 0.0, cums[np.clip(index, 0, table.size - 1).astype(np.int64)])
        errors = np.zeros_like(expected)
        if table.size and table[-1] >= 1e-17:
            # the table stopped in a heavy tail (after a million terms): nothing to compare beyond it
            covered = index <= table.size - 1
            points, actual, expected, errors = points[covered], actual[covered], expected[covered], errors[covered]
    else:
        inside = points[(points > lower) & (points < upper)]
        edges = np.unique(np.concatenate([[lower, upper], _split_points(d), inside]))
        values, errs = _segment_integrals(d, edges, rtol)
        cum = np.concatenate([[0.0], np.cumsum(values)])
        cum_err = np.concatenate([[0.0], np.cumsum(errs)])
        index = np.searchsorted(edges, np.clip(points, lower, upper))
        expected, errors = cum[index], cum_err[index]
        for atom, mass in zip(d.atoms, np.exp(_logp(d, np.array(d.atoms)))):
            expected = expected + np.where(points >= atom, mass, 0.0)
    ok = _close(expected, actual, rtol, atol + errors)
    if not ok.all():
        bad = np.flatnonzero(~ok)
        i = bad[np.argmax(np.abs(actual[bad] - expected[bad]))] if np.isfinite(actual[bad]).all() else bad[0]
        raise CheckFailure(
            "check_cdf_matches_pdf",
            f"exp(logcdf) differs from the integrated density at {bad.size} of {points.size} points "
            f"(rtol {rtol:g}, atol {atol:g})",
            params=_report(d),
            value=points[i],
            expected=expected[i],
            actual=actual[i],
        )


def check_cdf_monotone(dist, points, *, rtol=1e-12):
    """``logcdf`` is non-decreasing over the sorted ``points`` and never above 0.

    ``rtol`` absorbs rounding: a step down of at most ``rtol * |logcdf|`` passes,
    and so does a positive value of at most 4 machine epsilons.
    """
    d = as_density(dist)
    if d.logcdf is None:
        raise ValueError("check_cdf_monotone needs a density with a logcdf")
    points = np.sort(np.unique(np.asarray(points, dtype=float).ravel()))
    points = points[~np.isnan(points)]
    values = _logcdf(d, points)
    if np.isnan(values).any():
        i = int(np.flatnonzero(np.isnan(values))[0])
        raise CheckFailure(
            "check_cdf_monotone", "logcdf is nan at a non-nan value", params=_report(d), value=points[i],
            actual=values[i],
        )
    positive = values > 4 * np.finfo(float).eps
    if positive.any():
        i = int(np.flatnonzero(positive)[0])
        raise CheckFailure(
            "check_cdf_monotone", "logcdf > 0 (a cdf above 1)", params=_report(d), value=points[i],
            expected=0.0, actual=values[i],
        )
    with np.errstate(invalid="ignore"):
        drop = values[1:] < values[:-1] - rtol * np.abs(values[:-1])
    if drop.any():
        i = int(np.flatnonzero(drop)[0])
        raise CheckFailure(
            "check_cdf_monotone",
            f"logcdf decreases between x = {points[i]!r} and x = {points[i + 1]!r}",
            params=_report(d),
            value=points[i : i + 2],
            expected=values[i],
            actual=values[i + 1],
        )


def _reference_functions(reference, discrete):
    """``(logp, logcdf, logccdf)`` of a reference (``None`` for what it lacks)."""
    if isinstance(reference, Density) or not (hasattr(reference, "logpdf") or hasattr(reference, "logpmf")):
        ref = as_density(reference)
        return (
            lambda x: _logp(ref, x),
            None if ref.logcdf is None else (lambda x: _logcdf(ref, x)),
            None if ref.logccdf is None else (lambda x: _logccdf(ref, x)),
        )
    logp = getattr(reference, "logpmf" if discrete else "logpdf", None)
    if logp is None:
        logp = getattr(reference, "logpdf", None) or reference.logpmf
    return logp, reference.logcdf, getattr(reference, "logsf", None)


def check_matches_reference(dist, reference, points, *, rtol=1e-10, atol=1e-12):
    """``logp``, ``logcdf`` and ``logccdf`` equal a reference's at ``points``.

    ``reference``: a frozen ``scipy.stats`` distribution (``logpdf`` or
    ``logpmf``, ``logcdf``, ``logsf``), a :class:`Density` or any object
    :func:`as_density` accepts; a function either side lacks is skipped. Log values are compared with ``|a - e| <= atol + rtol * |e|``;
    equal infinities and nan vs nan count as equal.
    """
    d = as_density(dist)
    points = np.asarray(points, dtype=float).ravel()
    ref_logp, ref_logcdf, ref_logccdf = _reference_functions(reference, d.discrete)
    pairs = [("logp", lambda x: _logp(d, x), ref_logp)]
    if d.logcdf is not None and ref_logcdf is not None:
        pairs.append(("logcdf", lambda x: _logcdf(d, x), ref_logcdf))
    if d.logccdf is not None and ref_logccdf is not None:
        pairs.append(("logccdf", lambda x: _logccdf(d, x), ref_logccdf))
    for name, mine, theirs in pairs:
        actual = mine(points)
        with np.errstate(all="ignore"):
            expected = np.asarray(theirs(points), dtype=float).reshape(points.shape)
        ok = _close(expected, actual, rtol, atol)
        if not ok.all():
            bad = np.flatnonzero(~ok)
            i = bad[0]
            raise CheckFailure(
                "check_matches_reference",
                f"{name} differs from the reference at {bad.size} of {points.size} points (rtol {rtol:g}, atol {atol:g})",
                params=_report(d),
                value=points[i],
                expected=expected[i],
                actual=actual[i],
            )


def check_support_edges(dist):
    """Values outside the support are impossible, and the cdf is 0 below it and 1 above it.

    ``logp == -inf`` at a few points strictly below/above the support (and, for
    discrete densities, at non-integers inside it); ``logcdf == -inf`` below the
    support, ``== 0`` at and above a finite upper end, and tends to 0 far above
    an infinite one (``>= -1e-12`` at 1e300); a nan value gives nan for both.
    """
    d = as_density(dist)
    lower, upper = d.support

    def fail(reason, value, expected, actual):
        raise CheckFailure("check_support_edges", reason, params=_report(d), value=value, expected=expected,
                           actual=actual)

    below = (
        np.array([np.nextafter(lower, -np.inf), lower - 0.5, lower - 1.0, lower - 1e3 * max(1.0, abs(lower)), -1e300])
        if np.isfinite(lower)
        else np.zeros(0)
    )
    below = below[below < lower]
    above = (
        np.array([np.nextafter(upper, np.inf), upper + 0.5, upper + 1.0, upper + 1e3 * max(1.0, abs(upper)), 1e300])
        if np.isfinite(upper)
        else np.zeros(0)
    )
    above = above[above > upper]
    outside = np.concatenate([below, above])
    if d.discrete:
        center, _ = _center_scale(d)
        inside = np.array([lower + 0.5, lower + 1.5, math.floor(center) + 0.5, math.floor(center) + 1e-6])
        inside = inside[(inside > lower) & (inside < upper)]
        outside = np.concatenate([outside, inside])
    if outside.size:
        values = _logp(d, outside)
        bad = values != -np.inf
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            fail("logp is not -inf outside the support" + (" (or at a non-integer)" if d.discrete else ""),
                 outside[i], -np.inf, values[i])
    nan_logp = _logp(d, np.array([np.nan]))[0]
    if not np.isnan(nan_logp):
        fail("logp of nan is not nan", np.nan, np.nan, nan_logp)
    if d.logcdf is None:
        return
    if below.size:
        values = _logcdf(d, below)
        bad = values != -np.inf
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            fail("logcdf is not -inf below the support", below[i], -np.inf, values[i])
    if np.isfinite(upper):
        at_above = np.concatenate([[upper], above])
        values = _logcdf(d, at_above)
        bad = values != 0.0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            fail("logcdf is not 0 at or above the upper end of the support", at_above[i], 0.0, values[i])
    else:
        value = _logcdf(d, np.array([1e300]))[0]
        if not value >= -1e-12:
            fail("logcdf does not tend to 0 far above the support", 1e300, 0.0, value)
    nan_logcdf = _logcdf(d, np.array([np.nan]))[0]
    if not np.isnan(nan_logcdf):
        fail("logcdf of nan is not nan", np.nan, np.nan, nan_logcdf)
    if d.logccdf is not None:
        _check_logccdf_edges(d, below, above, fail)


def _check_logccdf_edges(d, below, above, fail):
    """``logccdf == 0`` below the support (tending to 0 far below an infinite lower end),
    ``-inf`` at and above a finite upper end, ``nan`` for ``nan``."""
    lower, upper = d.support
    if below.size:
        values = _logccdf(d, below)
        bad = values != 0.0
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            fail("logccdf is not 0 below the support", below[i], 0.0, values[i])
    elif not np.isfinite(lower):
        value = _logccdf(d, np.array([-1e300]))[0]
        if not value >= -1e-12:
            fail("logccdf does not tend to 0 far below the support", -1e300, 0.0, value)
    if np.isfinite(upper):
        at_above = np.concatenate([[upper], above])
        values = _logccdf(d, at_above)
        bad = values != -np.inf
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            fail("logccdf is not -inf at or above the upper end of the support", at_above[i], -np.inf, values[i])
    nan_logccdf = _logccdf(d, np.array([np.nan]))[0]
    if not np.isnan(nan_logccdf):
        fail("logccdf of nan is not nan", np.nan, np.nan, nan_logccdf)


def check_complement(dist, points, *, atol=1e-12):
    """``exp(logcdf) + exp(logccdf) = 1`` at ``points`` (within ``atol``).

    The two are computed independently in most families (the survival function
    directly in the upper tail), so this catches a wrong sign or a swapped tail.
    """
    d = as_density(dist)
    if d.logcdf is None or d.logccdf is None:
        raise ValueError("check_complement needs a density with a logcdf and a logccdf")
    points = np.asarray(points, dtype=float).ravel()
    points = points[~np.isnan(points)]
    total = np.exp(_logcdf(d, points)) + np.exp(_logccdf(d, points))
    bad = ~(np.abs(total - 1.0) <= atol)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CheckFailure(
            "check_complement",
            f"cdf + survival function differs from 1 at {int(bad.sum())} of {points.size} points",
            params=_report(d), value=points[i], expected=1.0, actual=total[i],
        )


def _draws(d, n, seed, check):
    if d.random is None:
        raise ValueError(f"{check} needs a density with a random(size, rng) method")
    draws = np.asarray(d.random(n, np.random.default_rng(seed)))
    if draws.shape != (n,):
        raise CheckFailure(check, f"random({n}, rng) returned shape {draws.shape}, expected ({n},)",
                           params=_report(d))
    draws = draws.astype(float)
    lower, upper = d.support
    bad = ~((draws >= lower) & (draws <= upper))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise CheckFailure(check, f"{int(bad.sum())} of {n} draws outside the support [{lower}, {upper}]",
                           params=_report(d), value=draws[i])
    if d.discrete:
        bad = np.floor(draws) != draws
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise CheckFailure(check, f"{int(bad.sum())} of {n} draws of a discrete density are not integers",
                               params=_report(d), value=draws[i])
    return draws


def _randomised_pit(d, draws, seed):
    """``F(x)``, or ``F(x-) + V (F(x) - F(x-))`` with V uniform where ``x`` is an atom."""
    u = np.exp(_logcdf(d, draws))
    rng = np.random.default_rng(seed + 1)
    for atom in d.atoms:
        at = draws == atom
        below = float(np.exp(_logcdf(d, np.array([np.nextafter(atom, -np.inf)]))[0]))
        u[at] = below + rng.uniform(size=int(at.sum())) * (u[at] - below)
    return u


def _anderson_darling(log_u, log_1mu):
    """One-sample Anderson-Darling statistic from sorted log-cdf values and its asymptotic p-value."""
    n = log_u.size
    i = np.arange(1, n + 1)
    a2 = -n - np.mean((2 * i - 1) * (log_u + log_1mu[::-1]))
    z = a2
    # Marsaglia & Marsaglia (2004), "Evaluating the Anderson-Darling distribution", ADinf
    if z <= 0:
        return a2, 1.0
    if z < 2:
        cdf = math.exp(-1.2337141 / z) / math.sqrt(z) * (
            2.00012 + (0.247105 - (0.0649821 - (0.0347962 - (0.011672 - 0.00168691 * z) * z) * z) * z) * z
        )
    else:
        cdf = math.exp(-math.exp(1.0776 - (2.30695 - (0.43424 - (0.082433 - (0.008056 - 0.0003146 * z) * z) * z) * z) * z))
    return a2, min(1.0, max(0.0, 1.0 - cdf))


def _chisquare_bins(first, table, min_expected):
    """Bin edges (integer upper ends, inclusive) merging pmf values until each has >= min_expected."""
    ends, probs = [], []
    acc = 0.0
    for j, p in enumerate(table):
        acc += p
        if acc >= min_expected:
            ends.append(first + j)
            probs.append(acc)
            acc = 0.0
    if not probs:
        return np.array([np.inf]), np.array([1.0])
    probs[-1] += acc  # the right tail (and the rest of the table) joins the last bin
    ends[-1] = np.inf
    return np.array(ends, dtype=float), np.array(probs)


def check_sampler(dist, *, n=20_000, seed=0, alpha=1e-4, test="auto"):
    """``random`` draws from the density: a goodness-of-fit test at level ``alpha``.

    ``test``: ``"ks"`` (Kolmogorov-Smirnov against ``exp(logcdf)``, continuous),
    ``"anderson"`` (one-sample Anderson-Darling against the cdf, asymptotic
    p-value, continuous), ``"chisquare"`` (discrete: Pearson's test over bins of
    expected count >= 5, tails merged) or ``"auto"`` (ks for continuous,
    chisquare for discrete; a continuous density with ``atoms``, a hurdle's 0, is tested
    through the randomised probability integral transform). ``alpha`` is the false-alarm rate of one call for a
    correct sampler; with a fixed ``seed`` the result is deterministic. Also
    checks that the draws lie in the support and are integers for discrete
    densities.
    """
    from scipy import stats

    d = as_density(dist)
    if test == "auto":
        test = "chisquare" if d.discrete else "ks"
    if test not in ("ks", "anderson", "chisquare"):
        raise ValueError(f"test must be 'auto', 'ks', 'anderson' or 'chisquare', got {test!r}")
    if (test == "chisquare") != d.discrete:
        raise ValueError(f"test {test!r} does not apply to a {'discrete' if d.discrete else 'continuous'} density")
    draws = _draws(d, n, seed, "check_sampler")
    if test == "chisquare":
        first, table = _pmf_table(d)
        ends, probs = _chisquare_bins(first, table, 5.0 / n)
        if ends.size < 2:
            return
        observed = np.bincount(np.searchsorted(ends, draws, side="left"), minlength=ends.size)[: ends.size]
        expected = n * probs / probs.sum()
        statistic, pvalue = stats.chisquare(observed, expected)
        worst = int(np.argmax(np.abs(observed - expected) / np.sqrt(expected)))
        detail = f"bin ending at {ends[worst]:g}"
        exp_v, act_v = expected[worst], observed[worst]
    else:
        if d.logcdf is None:
            raise ValueError(f"test {test!r} needs a density with a logcdf")
        if d.atoms:
            # the cdf jumps at an atom: each draw there is placed uniformly in the jump (the
            # randomised probability integral transform), uniform on (0, 1) for a right sampler
            u = _randomised_pit(d, draws, seed)
            statistic, pvalue = (stats.kstest(u, "uniform") if test == "ks"
                                 else _anderson_darling(np.log(np.sort(u)), np.log1p(-np.sort(u))))
            detail, exp_v, act_v = "randomised at the atoms", None, None
        elif test == "ks":
            statistic, pvalue = stats.kstest(draws, lambda x: np.exp(_logcdf(d, x)))
            x = np.sort(draws)
            cdf = np.exp(_logcdf(d, x))
            ecdf = np.arange(1, n + 1) / n
            worst = int(np.argmax(np.abs(ecdf - cdf)))
            detail = f"largest gap at x = {x[worst]!r}"
            exp_v, act_v = cdf[worst], ecdf[worst]
        else:
            log_u = np.sort(_logcdf(d, draws))
            with np.errstate(divide="ignore"):
                log_1mu = np.where(log_u > -0.693, np.log(-np.expm1(log_u)), np.log1p(-np.exp(log_u)))
            statistic, pvalue = _anderson_darling(log_u, log_1mu)
            detail = "Anderson-Darling"
            exp_v = act_v = None
    if not pvalue >= alpha:
        raise CheckFailure(
            "check_sampler",
            f"{test} test rejects the draws: statistic {statistic:.4g}, p-value {pvalue:.3g} < alpha {alpha:g} "
            f"(n {n}, seed {seed}; {detail})",
            params=_report(d),
            expected=exp_v,
            actual=act_v,
        )


#: A failed moment check is redrawn this many times larger before it counts (see ``check_moments``).
MOMENT_RECHECK = 100


def check_moments(dist, *, n=50_000, seed=0, z=5.0):
    """Sample mean and variance within ``z`` standard errors of the density's ``mean``/``variance``.

    The mean's standard error is ``sqrt(max(s2, variance) / n)``. The variance
    is estimated about the declared mean when there is one (the average of
    ``(x - mean)**2``, standard error from its sample spread, scaled up by
    ``sqrt(variance / estimate)`` where the estimate falls short), else by ``s2``
    with standard error ``sqrt((m4 - s2**2 (n - 3) / (n - 1)) / n)`` from the
    sample fourth central moment ``m4``. A moment that is ``None`` or not
    finite is skipped, and so is the variance when all draws are equal.

    A sample that fails is redrawn :data:`MOMENT_RECHECK` times larger (seed
    ``seed + 1``), and only a second failure counts: where the moments rest on
    rare values (NegativeBinomial with ``alpha = 1e-3``: a non-zero draw in a
    few hundred, spread over thousands) ``n`` draws see too few of them for the
    standard errors to hold, while a wrong moment fails at any size.
    """
    d = as_density(dist)
    try:
        _check_moments(d, n, seed, z)
    except CheckFailure:
        _check_moments(d, MOMENT_RECHECK * n, seed + 1, z)


def _check_moments(d, n, seed, z):
    """:func:`check_moments` on one sample of ``n`` draws."""
    want_mean = d.mean is not None and np.isfinite(d.mean)
    want_var = d.variance is not None and np.isfinite(d.variance)
    if not (want_mean or want_var):
        return
    # in units of a power of 2 near the declared scale (exact), so that squares and fourth
    # powers neither underflow nor overflow (e.g. LogNormal(mu=-189): draws ~1e-82)
    size = math.sqrt(d.variance) if want_var and d.variance > 0 else (abs(d.mean) if want_mean else 0.0)
    unit = 2.0 ** round(math.log2(size)) if 0.0 < size < np.inf else 1.0
    draws = _draws(d, n, seed, "check_moments") / unit
    mean = d.mean / unit if want_mean else None
    variance = d.variance / unit**2 if want_var else None
    m = float(np.mean(draws))
    s2 = float(np.var(draws, ddof=1))

    def compare(what, actual, expected, se, power):
        if not abs(actual - expected) <= z * se:
            raise CheckFailure(
                "check_moments",
                f"sample {what} {actual * unit**power:.6g} is {abs(actual - expected) / se if se else np.inf:.3g} "
                f"standard errors from the {what} (z {z:g}, n {n}, seed {seed})",
                params=_report(d),
                expected=expected * unit**power,
                actual=actual * unit**power,
            )

    if want_mean:
        # the true variance, where known, keeps a sample that never saw a rare event from failing
        compare("mean", m, mean, math.sqrt(max(s2, variance if want_var else 0.0) / n), 1)
    if want_var and np.ptp(draws) > 0:  # a constant sample says nothing about rare values' variance
        if want_mean:
            # about the known mean, the variance estimate is a plain average, so the central
            # limit theorem applies to it (s2's skewed second-order term made Bernoulli(0.5)
            # fail at z = 5 about once in 200 seeds)
            squares = (draws - mean) ** 2
            actual = float(np.mean(squares))
            # a sample that saw too few of the rare large values (ZeroInflatedNegativeBinomial with
            # psi = 0.001: about 50 non-zero draws in 50 000) underestimates the spread of its squares
            # as much as their mean: the spread is scaled to the expected level, as the mean's is
            se = float(np.std(squares)) / math.sqrt(n) * math.sqrt(max(1.0, variance / actual))
            compare("variance", actual, variance, se, 2)
        else:
            m4 = float(np.mean((draws - m) ** 4))
            # Var(s2) = (mu4 - sigma^4 (n - 3) / (n - 1)) / n, with the sample moments
            compare("variance", s2, variance, math.sqrt(max(m4 - s2 * s2 * (n - 3) / (n - 1), 0.0) / n), 2)


def check_mixture_invariances(mixture, points, *, rtol=1e-12):
    """A mixture's logp and logcdf are invariant under rewritings of (w, comp_dists).

    ``mixture`` has ``w`` (1-d) and ``comp_dists`` (a list), univariate (``points``
    are values) or multivariate (``points`` are value vectors, logp only); variants are built
    with ``type(mixture)(w, comps)`` (``numbamix.Mixture`` for a numbamix
    mixture): permuting components with their weights changes nothing; weight 1
    on component k (0 elsewhere) equals ``comp_dists[k]`` alone; splitting a
    component into two identical halves (``w_k / 2`` each) changes nothing.
    Compared with ``|a - e| <= rtol * (1 + |e|)``; equal infinities and nans
    count as equal.
    """
    comps = mixture.comp_dists
    if not isinstance(comps, (list, tuple)):
        raise ValueError("check_mixture_invariances needs a mixture whose comp_dists is a list")
    w = np.asarray(mixture.w, dtype=float)
    if w.ndim != 1:
        raise ValueError(f"check_mixture_invariances needs 1-d weights (one scalar mixture), got shape {w.shape}")
    comps = list(comps)
    k_count = len(comps)
    build = type(mixture)
    if getattr(mixture, "ndim_supp", 0) == 0:
        points = np.asarray(points, dtype=float).ravel()
        density = as_density
        base = density(mixture)
        methods = [("logp", _logp)] + ([("logcdf", _logcdf)] if base.logcdf is not None else [])
    else:
        # multivariate: points are value vectors (last axis); logp only
        points = np.asarray(points, dtype=float)
        density = lambda dist: dist  # noqa: E731 (the distribution objects themselves)
        base = mixture
        methods = [("logp", lambda d, x: np.asarray(d.logp(x), dtype=float).ravel())]
    params = {"w": w.tolist(), "comp_dists": [repr(c) for c in comps]}
    expected = {name: f(base, points) for name, f in methods}

    def compare(what, other, reference=expected):
        other = density(other)
        for name, f in methods:
            actual = f(other, points)
            want = reference[name] if isinstance(reference, dict) else f(reference, points)
            ok = _close(want, actual, rtol, rtol)
            if not ok.all():
                i = int(np.flatnonzero(~ok)[0])
                raise CheckFailure(
                    "check_mixture_invariances",
                    what.format(name=name),
                    params=params,
                    value=points[i],
                    expected=want[i],
                    actual=actual[i],
                )

    orders = {tuple(reversed(range(k_count))), tuple(np.roll(np.arange(k_count), 1).tolist())}
    for order in sorted(orders):
        if list(order) == list(range(k_count)):
            continue
        compare(f"permuting the components to order {list(order)} changes {{name}}", build(w[list(order)], [comps[i] for i in order]))
    for k in range(k_count):
        one = np.zeros(k_count)
        one[k] = 1.0
        compare(f"weight 1 on component {k} does not give {{name}} of comp_dists[{k}] alone", build(one, comps),
                reference=density(comps[k]))
    for k in range(k_count):
        split_w = np.concatenate([w[:k], [w[k] / 2, w[k] / 2], w[k + 1 :]])
        split_c = comps[:k] + [comps[k], comps[k]] + comps[k + 1 :]
        compare(f"splitting component {k} into two halves changes {{name}}", build(split_w, split_c))


# --------------------------------------------------------------------------- pytest entry point


def _default_points(d):
    """Points spread over the support: quantile-like points, edges, the mean and a few draws."""
    lower, upper = d.support
    points = list(_split_points(d))
    for edge in (lower, upper):
        if np.isfinite(edge):
            points.extend([edge, edge - 1.0, edge + 1.0])
    if d.random is not None:
        points.extend(np.asarray(d.random(10, np.random.default_rng(12345)), dtype=float))
    points = np.asarray(points, dtype=float)
    if d.discrete:
        points = np.concatenate([np.floor(points), np.floor(points) + 0.5])
    return np.unique(points[np.isfinite(points)])


def _applicable(d, reference):
    names = ["normalisation", "support"]
    if d.logcdf is not None:
        names += ["cdf", "monotone"]
    if d.logcdf is not None and d.logccdf is not None:
        names.append("complement")
    if reference is not None:
        names.append("reference")
    if d.random is not None and (d.logcdf is not None or d.discrete):
        names.append("sampler")
    if d.random is not None and (d.mean is not None or d.variance is not None):
        names.append("moments")
    return names


def _run_checks(dist_factory, kwargs, reference, checks, extra_points, rtol):
    d = as_density(dist_factory(**kwargs))
    if kwargs:
        d = dataclasses.replace(d, params=dict(kwargs))
    names = _applicable(d, reference) if checks is None else list(checks)
    unknown = set(names) - set(ALL_CHECKS)
    if unknown:
        raise ValueError(f"unknown check(s) {sorted(unknown)}; choose among {ALL_CHECKS}")
    points = _default_points(d) if extra_points is None else np.asarray(extra_points, dtype=float)
    for name in ALL_CHECKS:
        if name not in names:
            continue
        if name == "normalisation":
            check_normalisation(d, rtol=rtol)
        elif name == "cdf":
            check_cdf_matches_pdf(d, points, rtol=max(rtol, 1e-7))
        elif name == "monotone":
            check_cdf_monotone(d, points)
        elif name == "complement":
            check_complement(d, points)
        elif name == "reference":
            if reference is None:
                raise ValueError("the 'reference' check needs reference=")
            check_matches_reference(d, reference(**kwargs), points, rtol=rtol)
        elif name == "support":
            check_support_edges(d)
        elif name == "sampler":
            check_sampler(d)
        elif name == "moments":
            check_moments(d)


def check_distribution(
    dist_factory, params=None, *, reference=None, checks=None, points=None, max_examples=None, rtol=1e-8
):
    """Run the checks on ``dist_factory(**kwargs)`` for hypothesis-generated ``kwargs``.

    ``params``: a hypothesis strategy of dicts of keyword arguments (``None``:
    ``dist_factory()`` is checked once). ``reference``: optional
    ``callable(**kwargs)`` returning a frozen scipy distribution (or a
    :class:`Density`). ``checks``: names among ``ALL_CHECKS`` (default: all
    that apply to what the density provides). ``points``: a strategy of floats
    (lists of them are drawn), or ``None`` for points spread over the support.
    ``rtol`` is the tolerance of the normalisation, cdf (at least 1e-7) and
    reference checks. Runs under ``hypothesis.given`` with the active settings
    profile (``max_examples`` overrides it; the deadline is off, the checks are
    slow by nature), so a failure is shrunk and the :class:`CheckFailure` names
    the parameters.
    """
    if checks is not None:
        checks = list(checks)
    if params is None and points is None:
        _run_checks(dist_factory, {}, reference, checks, None, rtol)
        return
    from hypothesis import given, settings
    from hypothesis import strategies as st

    params_strategy = st.just({}) if params is None else params
    points_strategy = st.none() if points is None else st.lists(points, min_size=1, max_size=20)

    @given(kwargs=params_strategy, extra=points_strategy)
    def run(kwargs, extra):
        _run_checks(dist_factory, kwargs, reference, checks, extra, rtol)

    overrides = {"deadline": None}
    if max_examples is not None:
        overrides["max_examples"] = max_examples
    settings(**overrides)(run)()
