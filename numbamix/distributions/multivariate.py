"""Multivariate distributions (``ndim_supp = 1``) with PyMC's names, parameters and shapes.

A value's last axis is the event axis (size ``d``); the leading axes are batch
axes. ``.dist(..., shape=...)`` takes PyMC's full shape (batch shape + ``(d,)``),
``size=`` the batch shape alone. Parameters are validated once here; the
formulas (:mod:`numbamix.multivariate`) and the loop
(:mod:`numbamix.kernels.multivariate`) never check anything.
"""

import warnings

import numpy as np

from .._shapes import as_shape, broadcast, sized
from ..multivariate import FAMILIES
from .base import Distribution
from .multivariate_compiled import MvCompiled
from .multivariate_params import count, probabilities, real, require, scale_factor


def event_sized(what, batch_shape, d, shape, size):
    """The batch shape after PyMC's ``shape=`` (batch + event) or ``size=`` (batch)."""
    if shape is not None:
        shape = as_shape(shape)
        if not shape or shape[-1] != d:
            raise ValueError(f"{what}: shape {shape} must end with the event size {d}")
        shape = shape[:-1]
    return sized(what, batch_shape, shape, size)


class MultivariateDistribution(Distribution):
    """What every multivariate distribution offers: logp, random, mean, variance, support point.

    ``logp(value)`` takes ``value`` of shape ``... + (d,)`` and returns the
    broadcast of its batch shape with ``batch_shape``; ``random(size)`` returns
    ``size + batch_shape + (d,)``. logcdf is not defined (``NotImplementedError``).
    Subclasses set ``family`` and ``discrete``.
    """

    ndim_supp = 1
    family = None

    def __init__(self, params, batch_shape, d):
        self.params = params
        self.batch_shape = tuple(batch_shape)
        self.event_shape = (d,)

    def _components(self):
        """``(weights, [(family, params)], param_shape)``: one component of weight 1."""
        return np.ones(1), [(self.family, self.params)], self.batch_shape

    def _compiled(self):
        """The compiled form, built on first use and not pickled."""
        compiled = self.__dict__.get("_compiled_cache")
        if compiled is None:
            compiled = MvCompiled(*self._components(), self.batch_shape, self.event_shape[0])
            self.__dict__["_compiled_cache"] = compiled
        return compiled

    def _per_component(self, moment):
        """``moment`` of every component, ``param_shape + (K, d)``, and the weights ``W + (K, 1)``."""
        w, components, param_shape = self._components()
        d = self.event_shape[0]
        values = [
            np.broadcast_to(getattr(family, moment)(family.broadcast(params, param_shape, d)), param_shape + (d,))
            for family, params in components
        ]
        return np.stack(values, axis=-2), w[..., None]

    def _weighted_sum(self, per_component, w):
        # a zero weight removes the component even where its value is nan or inf
        with np.errstate(invalid="ignore"):
            terms = np.where(w > 0, w * per_component, 0.0)
        return np.broadcast_to(terms.sum(axis=-2), self.batch_shape + self.event_shape).copy()

    def mean(self):
        """``sum_k w_k mean_k``, shape ``batch_shape + (d,)`` (``nan`` where a mean is undefined)."""
        return self._weighted_sum(*self._per_component("mean"))

    def variance(self):
        """Coordinate variances ``sum_k w_k (variance_k + (mean_k - mean)^2)``, ``batch_shape + (d,)``."""
        means, w = self._per_component("mean")
        variances, _ = self._per_component("variance")
        with np.errstate(invalid="ignore"):
            centre = np.where(w > 0, w * means, 0.0).sum(axis=-2, keepdims=True)
            spread = np.where(variances == np.inf, np.inf, variances + (means - centre) ** 2)
        return self._weighted_sum(spread, w)

    def support_point(self):
        """PyMC's support point: ``sum_k w_k support_point_k`` (rounded if discrete), ``batch_shape + (d,)``."""
        point = self._weighted_sum(*self._per_component("support_point"))
        return np.round(point).astype(np.int64) if self.discrete else point

    def support(self):
        raise NotImplementedError(f"{self._name()}: support() is for univariate distributions")

    def _name(self):
        return self.family.name

    def __repr__(self):
        params = ", ".join(f"{n}={np.array2string(np.asarray(v), threshold=6)}" for n, v in self.params.items())
        return f"{self.family.name}.dist({params}, shape={self.batch_shape + self.event_shape})"


def assembled(cls, params, d, shape, size):
    """An instance of ``cls`` from validated canonical ``params``: batch shapes broadcast
    (errors name every shape), event shapes checked against ``d``, ``shape``/``size`` applied."""
    family = cls.family
    batch_shapes, full = {}, {}
    for n, v in params.items():
        e = family.event_ndims[n]
        v = v.reshape((1,) * max(0, e - v.ndim) + v.shape)
        event = v.shape[v.ndim - e :]
        if any(s not in (1, d) for s in event):
            raise ValueError(f"{family.name}: '{n}' has event shape {event}, which does not match the event size {d}")
        batch_shapes[f"'{n}'"] = v.shape[: v.ndim - e]
        full[n] = v
    batch_shape = broadcast(family.name, batch_shapes)
    batch_shape = event_sized(family.name, batch_shape, d, shape, size)
    return cls(family.broadcast(full, batch_shape, d), batch_shape, d)


# ------------------------------------------------------------------ the families


class MvNormal(MultivariateDistribution):
    """Multivariate normal distribution (PyMC's ``pm.MvNormal``).

    .. math:: \\log p(x) = -\\tfrac{d}{2}\\log 2\\pi - \\tfrac12\\log|\\Sigma|
              - \\tfrac12 (x - \\mu)^T \\Sigma^{-1} (x - \\mu)

    Support ``R^d``. ``Sigma`` is given by exactly one of ``cov``, ``tau``
    (precision, ``Sigma = tau^{-1}``) or ``chol`` (``Sigma = chol chol^T``, lower
    triangular with a positive diagonal; ``lower=False``: the upper factor). It is
    factored once, at construction; each logp costs one triangular solve, O(d^2).
    """

    family = FAMILIES["MvNormal"]
    discrete = False

    @classmethod
    def dist(cls, mu=0.0, cov=None, *, tau=None, chol=None, lower=True, shape=None, size=None):
        """Build from ``mu`` (``... + (d,)``) and one of ``cov``/``tau``/``chol`` (``... + (d, d)``)."""
        factor = scale_factor("MvNormal", {"cov": cov, "tau": tau, "chol": chol}, lower)
        mu = real("MvNormal", "mu", mu)
        return assembled(cls, {"mu": mu, "chol": factor}, factor.shape[-1], shape, size)


class MvStudentT(MultivariateDistribution):
    """Multivariate Student's t distribution (PyMC's ``pm.MvStudentT``).

    .. math:: \\log p(x) = \\log\\Gamma\\left(\\tfrac{\\nu + d}{2}\\right) - \\log\\Gamma\\left(\\tfrac{\\nu}{2}\\right)
              - \\tfrac{d}{2}\\log(\\nu\\pi) - \\tfrac12\\log|\\Sigma|
              - \\tfrac{\\nu + d}{2}\\log\\left(1 + \\tfrac{(x - \\mu)^T\\Sigma^{-1}(x - \\mu)}{\\nu}\\right)

    Support ``R^d``; ``nu > 0``. The scale matrix ``Sigma`` is given by exactly one
    of ``scale`` (alias ``Sigma``; ``cov``, deprecated in PyMC, with a
    ``FutureWarning``), ``tau`` or ``chol``. Mean ``mu`` for ``nu > 1``, covariance
    ``nu / (nu - 2) Sigma`` for ``nu > 2``.
    """

    family = FAMILIES["MvStudentT"]
    discrete = False

    @classmethod
    def dist(cls, nu, *, Sigma=None, mu=0.0, scale=None, tau=None, chol=None, lower=True, cov=None, shape=None,
             size=None):
        """Build from ``nu`` (batch), ``mu`` (``... + (d,)``) and one scale matrix (``... + (d, d)``)."""
        if cov is not None:
            warnings.warn(
                "Use the scale argument to specify the scale matrix. cov will be removed in future versions.",
                FutureWarning,
                stacklevel=2,
            )
            scale = cov if scale is None else scale
        if Sigma is not None:
            if scale is not None:
                raise ValueError("MvStudentT: specify only one of 'scale' and 'Sigma'")
            scale = Sigma
        factor = scale_factor("MvStudentT", {"scale": scale, "tau": tau, "chol": chol}, lower)
        nu = real("MvStudentT", "nu", nu)
        require("MvStudentT", "nu", nu, nu > 0, "> 0")
        mu = real("MvStudentT", "mu", mu)
        return assembled(cls, {"nu": nu, "mu": mu, "chol": factor}, factor.shape[-1], shape, size)


class Dirichlet(MultivariateDistribution):
    """Dirichlet distribution (PyMC's ``pm.Dirichlet``).

    .. math:: \\log p(x) = \\log\\Gamma(a_0) - \\sum_i \\log\\Gamma(a_i) + \\sum_i (a_i - 1)\\log x_i,
              \\qquad a_0 = \\sum_i a_i

    Support: the simplex, ``x_i`` in [0, 1] with ``sum_i x_i = 1`` (to 1e-9);
    ``-inf`` elsewhere. ``a > 0``, categories on its last axis. Mean and support
    point ``a / a_0``.
    """

    family = FAMILIES["Dirichlet"]
    discrete = False

    @classmethod
    def dist(cls, a, *, shape=None, size=None):
        """Build from the concentrations ``a`` (``... + (d,)``)."""
        a = real("Dirichlet", "a", a, 1, "the categories")
        require("Dirichlet", "a", a, a > 0, "> 0")
        return assembled(cls, {"a": a}, a.shape[-1], shape, size)


class Multinomial(MultivariateDistribution):
    """Multinomial distribution (PyMC's ``pm.Multinomial``).

    .. math:: \\log p(x) = \\log n! - \\sum_i \\log x_i! + \\sum_i x_i \\log p_i

    Support: non-negative integer counts with ``sum_i x_i = n``; ``-inf``
    elsewhere. ``n`` a non-negative integer; ``p`` in [0, 1], categories on its
    last axis (rescaled with a ``UserWarning`` where it does not sum to 1, as
    PyMC). Support point: ``round(n p)``, corrected on the largest expected count
    to sum to ``n`` (PyMC's).
    """

    family = FAMILIES["Multinomial"]
    discrete = True

    @classmethod
    def dist(cls, n, p, *, shape=None, size=None):
        """Build from ``n`` (batch) and ``p`` (``... + (d,)``)."""
        n = count("Multinomial", "n", n)
        p = probabilities("Multinomial", p)
        return assembled(cls, {"n": n, "p": p}, p.shape[-1], shape, size)


class DirichletMultinomial(MultivariateDistribution):
    """Dirichlet-multinomial distribution (PyMC's ``pm.DirichletMultinomial``).

    .. math:: \\log p(x) = \\log n! + \\log\\Gamma(a_0) - \\log\\Gamma(n + a_0)
              + \\sum_i \\left[\\log\\Gamma(x_i + a_i) - \\log x_i! - \\log\\Gamma(a_i)\\right]

    Support: non-negative integer counts with ``sum_i x_i = n``; ``-inf``
    elsewhere. ``n`` a non-negative integer, ``a > 0`` (categories on its last
    axis). Mean ``n a / a_0``; support point: the Multinomial's with ``p = a / a_0``.
    """

    family = FAMILIES["DirichletMultinomial"]
    discrete = True

    @classmethod
    def dist(cls, n, a, *, shape=None, size=None):
        """Build from ``n`` (batch) and ``a`` (``... + (d,)``)."""
        n = count("DirichletMultinomial", "n", n)
        a = real("DirichletMultinomial", "a", a, 1, "the categories")
        require("DirichletMultinomial", "a", a, a > 0, "> 0")
        return assembled(cls, {"n": n, "a": a}, a.shape[-1], shape, size)


__all__ = ["Dirichlet", "DirichletMultinomial", "Multinomial", "MvNormal", "MvStudentT"]
