"""Front-end base: the distribution protocol and one-family distributions.

Objects here are plain, picklable Python: they validate once at construction,
resolve shapes, and hand a compiled :class:`~numbamix.distributions.compiled.Compiled`
form to the kernels. Nothing here loops over elements.
"""

import numpy as np

from .. import cuda
from .._shapes import as_shape, broadcast, sized
from ..config import resolve_backend
from ..kernels.components import LOGCCDF, LOGCDF, LOGP
from .compiled import Compiled


def as_real_array(what, value):
    """``value`` as a float64 array; a ``TypeError`` for non-real dtypes."""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{what} must be real numbers (bool, integer or float), got dtype {array.dtype}")
    return array.astype(np.float64, copy=False)


def is_dask(value):
    """Whether ``value`` is a dask collection (told by its type's module: dask is not imported)."""
    return type(value).__module__.startswith("dask")


def run(dist, task, method, value, backend):
    """``task`` (``"evaluate"``: elementwise, or ``"evaluate_sum"``) of logp, logcdf or logccdf
    (``method``) of ``dist`` at ``value``: numpy in, numpy out; a dask array in, a lazy dask
    array out (:mod:`numbamix.dask`); on the GPU for ``backend`` ``"cuda"`` (or that default, see
    ``numbamix.set_backend``), a device array in, a device array out (:mod:`numbamix.cuda`)."""
    if is_dask(value):
        from .. import dask

        return getattr(dask, task)(dist, method, value)
    if resolve_backend(backend) == "cuda":
        return getattr(cuda.backend(), task)(dist._compiled(), method, value)
    return getattr(dist._compiled(), task)(method, as_real_array("value", value))


def first_bad_index(bad):
    """The first index (a tuple) where the boolean array ``bad`` is true."""
    return tuple(int(i) for i in np.argwhere(bad)[0])


class Distribution:
    """What every numbamix distribution offers (PyMC's names and shape rules).

    Subclasses provide ``batch_shape``, ``discrete`` and :meth:`_components`;
    everything else is shared.
    """

    ndim_supp = 0

    @property
    def dtype(self):
        """``"int64"`` for discrete distributions, ``"float64"`` otherwise (as PyMC)."""
        return "int64" if self.discrete else "float64"

    def _compiled(self):
        """The compiled form, built on first use and not pickled."""
        compiled = self.__dict__.get("_compiled_cache")
        if compiled is None:
            weights, components, param_shape = self._components()
            compiled = Compiled(weights, components, param_shape, self.batch_shape)
            self.__dict__["_compiled_cache"] = compiled
        return compiled

    def _weight_gradients(self, grad, name):
        """The gradient in this distribution's own weights (and its components', named
        ``name`` + their path), from ``grad``: the gradient in the weights of
        :meth:`_components` (batch shape + number of leaves). A family has none."""
        return {}

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_compiled_cache", None)
        return state

    def logp(self, value, backend=None):
        """Log-density (log-mass for discrete) at ``value``, broadcast against the batch shape."""
        return run(self, "evaluate", LOGP, value, backend)

    def logcdf(self, value, backend=None):
        """Log of the cumulative distribution function at ``value``."""
        return run(self, "evaluate", LOGCDF, value, backend)

    def logccdf(self, value, backend=None):
        """Log of the survival function ``P(X > value)``, accurate where the cdf is close to 1."""
        return run(self, "evaluate", LOGCCDF, value, backend)

    def random(self, size=None, rng=None, backend=None):
        """Draws of shape ``size + batch_shape``.

        ``rng`` is ``None`` (fresh entropy), an int seed, a ``SeedSequence`` or a
        ``numpy.random.Generator``. The same seed gives the same draws whatever
        the number of threads. ``backend="cuda"``: drawn on the GPU, reproducible for a
        seed but not the CPU's draws (:mod:`numbamix.cuda`).
        """
        size = as_shape(size) or ()
        if resolve_backend(backend) == "cuda":
            draws = cuda.backend().draw(self._compiled(), size + self.batch_shape, rng)
        else:
            draws = self._compiled().draw(size + self.batch_shape, rng)
        return draws.astype(np.int64) if self.discrete else draws

    def mean(self):
        """The mean (``nan`` where a component with positive weight has none)."""
        return self._compiled().weighted_mean()

    def variance(self):
        """The variance (``inf``/``nan`` where a component's is infinite/undefined)."""
        return self._compiled().variance()

    def support(self):
        """``(lower, upper)`` arrays over the batch shape: the closed interval holding the support."""
        return self._compiled().support()

    def support_point(self):
        """PyMC's support point: weighted mean of component support points (rounded if discrete)."""
        point = self._compiled().weighted_support_point()
        return np.round(point).astype(np.int64) if self.discrete else point


def parametrization_summary(family):
    return ", ".join("(" + ", ".join(p.names) + ")" for p in family.parametrizations)


def _choose_parametrization(family, given):
    """The parametrisation whose names cover ``given`` and supply every missing default."""
    for parametrization in family.parametrizations:
        names = set(parametrization.names)
        missing = [p for p in parametrization.params if p.name not in given and p.default is None]
        if set(given) <= names and not missing:
            return parametrization
    raise ValueError(
        f"{family.name}: parameters ({', '.join(sorted(given))}) match no parametrisation; "
        f"give one of {parametrization_summary(family)}"
    )


def _validated(family, parametrization, given):
    """Given values (defaults filled) as float arrays, each checked against its domain."""
    values = {}
    for param in parametrization.params:
        value = as_real_array(f"{family.name}: '{param.name}'", given.get(param.name, param.default))
        bad = ~param.domain.contains(value)
        if bad.any():
            index = first_bad_index(bad)
            raise ValueError(
                f"{family.name}: '{param.name}' must be {param.domain.description}, "
                f"got {float(value[index])!r} at index {index}"
            )
        values[param.name] = value
    return values


def _check_constraint(family, values):
    if family.constraint is None:
        return
    ok, description = family.constraint(values)
    bad = ~np.asarray(ok)
    if bad.any():
        index = first_bad_index(bad)
        got = ", ".join(
            f"{name}={float(np.broadcast_to(v, bad.shape)[index])!r}" for name, v in values.items()
        )
        raise ValueError(f"{family.name}: {description}, got {got} at index {index}")


class FamilyDistribution(Distribution):
    """A distribution of one registered family; subclasses set ``family``."""

    family = None

    def __init__(self, params, batch_shape):
        self.params = params
        self.batch_shape = batch_shape

    @property
    def discrete(self):
        return self.family.discrete

    @classmethod
    def dist(cls, *args, shape=None, size=None, **kwargs):
        """Build the distribution from parameters (PyMC's names and parametrisations).

        Positional arguments follow the canonical parameter order. ``shape`` (or
        ``size``, the same for univariate families) sets the batch shape the
        parameters are broadcast to.
        """
        family = cls.family
        if len(args) > len(family.params):
            raise TypeError(f"{family.name}.dist() takes at most {len(family.params)} positional parameters")
        given = dict(zip(family.names, args))
        for name, value in kwargs.items():
            if name in given:
                raise TypeError(f"{family.name}.dist() got parameter '{name}' twice")
            if value is not None:
                given[name] = value
        known = {name for p in family.parametrizations for name in p.names}
        unknown = set(given) - known
        if unknown:
            raise TypeError(
                f"{family.name}.dist() got unexpected parameter(s) {sorted(unknown)}; "
                f"parametrisations: {parametrization_summary(family)}"
            )
        parametrization = _choose_parametrization(family, given)
        values = parametrization.to_canonical(_validated(family, parametrization, given))
        values = {name: np.asarray(values[name], dtype=np.float64) for name in family.names}
        batch_shape = broadcast(family.name, {f"'{n}'": v.shape for n, v in values.items()})
        _check_constraint(family, values)
        batch_shape = sized(family.name, batch_shape, shape, size)
        params = {n: np.broadcast_to(v, batch_shape) for n, v in values.items()}
        return cls(params, batch_shape)

    def _components(self):
        return np.ones(1), [(self.family, self.params)], self.batch_shape

    def value_and_grad(self, value, parallel=False):
        """``(logp_sum(value), {"params": ..., "value": ...})``: the summed logp and its gradient
        in the canonical parameters (in order, shape ``batch_shape + (P,)``: each batch element's
        own) and in ``value`` (its shape; ``nan`` for discrete families) -- a one-component
        :meth:`Mixture.value_and_grad`; a dask array gives lazy results
        (:func:`numbamix.dask.value_and_grad`)."""
        from .gradients import leaf_parameters, value_and_grad  # (it builds on this module)

        if is_dask(value):
            from .. import dask

            return dask.value_and_grad(self, value)
        params = leaf_parameters([(self.family, self.params)], self.batch_shape)
        total, grads = value_and_grad([self.family], np.ones(1), params, value, self.batch_shape, parallel)
        return total, {"params": grads["params"], "value": grads["value"]}

    def __repr__(self):
        params = ", ".join(f"{n}={np.array2string(np.asarray(v), threshold=6)}" for n, v in self.params.items())
        return f"{self.family.name}.dist({params}, shape={self.batch_shape})"
