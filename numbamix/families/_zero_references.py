"""scipy references of the zero-inflated and hurdle families (for the tests; kernels never use them).

Each reference is an ``rv_discrete`` / ``rv_continuous`` whose shapes are ``psi`` and the
base family's parameters, assembled with numpy from the base family's own scipy
reference (``poisson``, ``binom``, ``nbinom``, ``gamma``, ``lognorm``) and, for the
discrete hurdles, the closed form of ``log P(X >= 1)`` (scipy's ``logsf(0)`` is only
as good as ``log(sf)``). Each log function is taken from the side where scipy's
numbers are relatively accurate (the upper tail from ``logsf`` where the survival
function is below 1/2, else the lower one from ``logcdf`` or, for a hurdle, from a sum
of the mass over ``1..x``).
"""

import functools

import numpy as np

_LOG_HALF = -np.log(2.0)


def _log(v):
    with np.errstate(divide="ignore"):
        return np.log(v)


def _complement(log_value):
    """log(1 - exp(log_value)), accurate on both sides of 1/2."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(log_value < _LOG_HALF, np.log1p(-np.exp(log_value)), np.log(-np.expm1(log_value)))


def _log_mass_sum(dist, first, last):
    """log of the sum of a discrete scipy distribution's pmf over ``first..last`` (either
    may be infinite), in chunks from ``first``, stopping once the terms have fallen below
    1e-18 of the sum (or after 10**6 terms)."""
    from scipy import special

    total, start = -np.inf, first
    while start <= last and start < first + 1e6:
        j = np.arange(start, min(start + 4096.0, last + 1.0))
        log_mass = dist.logpmf(j)
        total = np.logaddexp(total, special.logsumexp(log_mass))
        if j.size > 1 and log_mass[-1] < log_mass[-2] and log_mass[-1] < total - 41.5:
            break
        start += 4096.0
    return total


def _summed_where_tiny(log_values, x, psi, params, sum_one):
    """``log_values`` with the entries below -700 (where scipy's tails are subnormal and
    lose digits, or underflow) replaced by ``sum_one(x, *params)`` of those entries."""
    x, psi, log_values, *params = np.broadcast_arrays(x, psi, log_values, *params)
    log_values = np.array(log_values, dtype=float)
    tiny = log_values < -700.0
    if tiny.any():
        log_values[tiny] = np.vectorize(sum_one, otypes=[float])(x[tiny], *(p[tiny] for p in params))
    return log_values


def _zero_mass_class(kind, base, names, log_mass=None, atom_at_zero=False):
    """The scipy class of a zero-inflated (``log_mass=None``) or hurdle distribution.

    ``base(**params)`` is the base's frozen scipy distribution; ``log_mass(**params)`` is
    log P(X >= 1) of a discrete base truncated to ``X >= 1`` by the hurdle.
    ``atom_at_zero``: a continuous base with PyMC's point mass 1 - psi at 0."""
    from scipy import stats

    discrete = issubclass(kind, stats.rv_discrete)

    def dist(params):
        return base(**dict(zip(names, params)))

    def parts(psi, params):
        mass = np.zeros_like(psi) if log_mass is None else log_mass(**dict(zip(names, params)))
        return dist(params), mass

    def positive_lower(x, psi, params):
        """log P(Y <= x), x >= 0, from the lower tail: log F(x) of the base, or for a
        truncated base log(F(x) - F(0)) - log M summed from the mass over 1..x."""
        frozen, mass = parts(psi, params)
        if log_mass is None:
            lower = frozen.logcdf(x)
            if discrete:
                lower = _summed_where_tiny(lower, x, psi, params, lambda x, *p: _log_mass_sum(dist(p), 0.0, np.floor(x)))
        else:
            one = lambda x, *p: _log_mass_sum(dist(p), 1.0, np.floor(x))  # noqa: E731
            lower = np.vectorize(one, otypes=[float])(x, *params) - mass
        return np.logaddexp(np.log1p(-psi), _log(psi) + lower)

    class ZeroMass(kind):
        def _argcheck(self, psi, *params):
            return np.ones(np.broadcast(psi, *params).shape, dtype=bool)

        def _get_support(self, psi, *params):
            _, upper = base(**dict(zip(names, params))).support()
            return np.zeros_like(np.asarray(upper, dtype=float)), upper

        def _log_density(self, x, psi, *params):
            frozen, mass = parts(psi, params)
            positive = _log(psi) + (frozen.logpmf(x) if discrete else frozen.logpdf(x)) - mass
            if log_mass is not None or atom_at_zero:
                at_zero = np.log1p(-psi)
            else:
                at_zero = np.logaddexp(np.log1p(-psi), _log(psi) + frozen.logpmf(0.0))
            return np.where(x == 0, at_zero, positive)

        def _logsf(self, x, psi, *params):
            frozen, mass = parts(psi, params)
            upper = frozen.logsf(x)
            if discrete:
                upper = _summed_where_tiny(upper, x, psi, params, lambda x, *p: _log_mass_sum(dist(p), np.floor(x) + 1.0, np.inf))
            return _log(psi) + upper - mass

        def _sf(self, x, psi, *params):
            return np.exp(self._logsf(x, psi, *params))

        def _logcdf(self, x, psi, *params):
            x, psi, *params = np.broadcast_arrays(x, psi, *params)
            upper = self._logsf(x, psi, *params)
            out = _complement(upper)
            lower = upper >= _LOG_HALF  # P(Y <= x) <= 1/2: from the lower tail
            if lower.any():
                out[lower] = positive_lower(x[lower], psi[lower], [p[lower] for p in params])
            return out

        def _cdf(self, x, psi, *params):
            return np.exp(self._logcdf(x, psi, *params))

        def _ppf(self, q, psi, *params):
            frozen, mass = parts(psi, params)
            with np.errstate(all="ignore"):
                if log_mass is None:  # F(x) >= (q - (1 - psi)) / psi
                    inner = frozen.ppf(np.clip((q - 1.0 + psi) / psi, 0.0, 1.0))
                else:  # S(x) <= (1 - q) M / psi
                    inner = frozen.isf(np.clip((1.0 - q) * np.exp(mass) / psi, 0.0, 1.0))
            return np.where(q <= 1.0 - psi, 0.0, np.maximum(inner, 0.0))

        def _isf(self, s, psi, *params):
            frozen, mass = parts(psi, params)
            with np.errstate(all="ignore"):
                inner = frozen.isf(np.clip(s * np.exp(mass) / psi, 0.0, 1.0))
            if discrete and np.isnan(inner).any():  # scipy's isf fails far out (Poisson mu = 1e-8)
                s, psi, inner, *params = np.broadcast_arrays(s, psi, inner, *params)
                bad = np.isnan(inner)
                inner = np.array(inner)
                inner[bad] = np.vectorize(self._smallest_count, otypes=[float])(s[bad], psi[bad], *(p[bad] for p in params))
            return np.where(s >= psi, 0.0, np.maximum(inner, 0.0))

        def _smallest_count(self, s, psi, *params):
            """The smallest count x with P(Y > x) <= s, by doubling and bisection."""
            above = lambda x: self._logsf(np.array(x), psi, *params) > np.log(s)  # noqa: E731
            low, high = 0.0, 1.0
            while above(high) and high < 2.0**60:
                low, high = high, 2.0 * high
            while high - low > 1.0:
                middle = np.floor(0.5 * (low + high))
                low, high = (middle, high) if above(middle) else (low, middle)
            return low if not above(low) else high

        def _stats(self, psi, *params):
            frozen, mass = parts(psi, params)
            mean, variance = frozen.mean(), frozen.var()
            positive_mean = mean * np.exp(-mass)
            below = 0.0 if log_mass is None else frozen.pmf(0.0)
            positive_variance = (variance - mean * positive_mean * below) * np.exp(-mass)
            return psi * positive_mean, psi * positive_variance + psi * (1 - psi) * positive_mean**2, None, None

    if discrete:
        ZeroMass._logpmf = ZeroMass._log_density
        ZeroMass._pmf = lambda self, x, *args: np.exp(self._log_density(x, *args))
    else:
        ZeroMass._logpdf = ZeroMass._log_density
        ZeroMass._pdf = lambda self, x, *args: np.exp(self._log_density(x, *args))
    if atom_at_zero:
        _patch_atom(ZeroMass)
    return ZeroMass


def _patch_atom(cls):
    """Public methods that give the point mass at 0 (scipy's continuous ones treat 0, the
    lower end of the support, as outside it for the cdf and as a density point)."""
    at_zero = {
        "logpdf": lambda psi: np.log1p(-psi),
        "pdf": lambda psi: 1.0 - psi,
        "logcdf": lambda psi: np.log1p(-psi),
        "cdf": lambda psi: 1.0 - psi,
        "logsf": _log,
        "sf": lambda psi: psi,
    }

    def patched(name, value):
        def method(self, x, psi, *params):
            out = getattr(super(cls, self), name)(x, psi, *params)
            return np.where(np.asarray(x) == 0, value(np.asarray(psi, dtype=float)), out)

        return method

    for name, value in at_zero.items():
        setattr(cls, name, patched(name, value))


def zero_mass_reference(name, base, names, log_mass=None, continuous=False):
    """``reference(**params)`` for a registry entry: the frozen zero-inflated or hurdle
    distribution over ``base`` (a registry ``reference``) with parameters ``psi, *names``."""

    @functools.cache
    def distribution():
        # built on first use: importing scipy.stats costs about a second, and references serve tests only
        from scipy import stats

        kind = stats.rv_continuous if continuous else stats.rv_discrete
        cls = _zero_mass_class(kind, base, names, log_mass, atom_at_zero=continuous)
        return cls(a=0.0, name=name, shapes=", ".join(("psi",) + tuple(names)))

    return lambda psi, **params: distribution()(psi, *(params[n] for n in names))
