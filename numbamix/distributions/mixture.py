"""Finite mixtures with PyMC's ``pm.Mixture`` semantics.

.. math:: \\log p(x) = \\log \\sum_k w_k\\, p_k(x)
   = \\operatorname{logsumexp}_k(\\log w_k + \\log p_k(x))

The mixture axis of ``w`` is the last one; its leading dimensions are batch
dimensions the components are broadcast to. ``comp_dists`` is a list of
``.dist()`` objects (their batch shapes broadcast together) or one batched
distribution whose last batch dimension is the mixture axis.
"""

import warnings

import numpy as np

from .._shapes import broadcast, sized
from .base import Distribution, FamilyDistribution, as_real_array, first_bad_index


def validated_weights(w, what="Mixture: 'w'"):
    """``w`` as a float array of probabilities in [0, 1] summing to 1 along its last axis."""
    w = as_real_array(what, w)
    if w.ndim == 0:
        raise ValueError(f"{what} needs at least one dimension (the mixture axis), got a scalar")
    bad = ~((w >= 0) & (w <= 1))
    if bad.any():
        index = first_bad_index(bad)
        raise ValueError(f"{what} must be in [0, 1], got {float(w[index])!r} at index {index}")
    total = w.sum(axis=-1)
    bad = ~np.isclose(total, 1.0)
    if bad.any():
        index = first_bad_index(bad)
        raise ValueError(f"{what} must sum to 1 along the last axis, got {float(total[index])!r} at index {index}")
    return w


def _check_components(comp_dists):
    for c, comp in enumerate(comp_dists):
        if not isinstance(comp, FamilyDistribution):
            raise TypeError(
                f"Mixture: component {c} must be a distribution built with .dist(), got {type(comp).__name__}"
            )
    kinds = {comp.discrete for comp in comp_dists}
    if len(kinds) > 1:
        names = ", ".join(f"{c.family.name} ({'discrete' if c.discrete else 'continuous'})" for c in comp_dists)
        raise ValueError(f"Mixture: components must be all discrete or all continuous, got {names}")


def _batched_param_shape(comp, w_shape):
    """Component batch shape of one batched distribution (its last batch axis mixes)."""
    if not comp.batch_shape or comp.batch_shape[-1] != w_shape[-1]:
        raise ValueError(
            f"Mixture: the last batch dimension of comp_dists (batch shape {comp.batch_shape}) "
            f"must equal the number of weights (w shape {w_shape})"
        )
    return comp.batch_shape[:-1]


class Mixture(Distribution):
    """Mixture of ``comp_dists`` with weights ``w`` (PyMC's ``pm.Mixture``).

    Parameters
    ----------
    w : array_like
        Weights in [0, 1] summing to 1 along the last (mixture) axis.
    comp_dists : distribution or list of distributions
        All discrete or all continuous, built with ``.dist()``.
    shape, size : tuple of int, optional
        Batch shape the mixture is broadcast to (the same for univariate mixtures).
    """

    def __init__(self, w, comp_dists, shape=None, size=None):
        w = validated_weights(w)
        if isinstance(comp_dists, (list, tuple)) and len(comp_dists) == 1:
            warnings.warn(
                "Single component will be treated as a mixture across the last size dimension; "
                "pass the distribution itself, not a one-element list, to silence this warning",
                UserWarning,
                stacklevel=2,
            )
            comp_dists = comp_dists[0]
        batched = not isinstance(comp_dists, (list, tuple))
        comp_list = [comp_dists] if batched else list(comp_dists)
        _check_components(comp_list)
        if batched:
            param_shape = _batched_param_shape(comp_dists, w.shape)
        else:
            if len(comp_list) != w.shape[-1]:
                raise ValueError(
                    f"Mixture: {len(comp_list)} components but w has shape {w.shape} "
                    f"({w.shape[-1]} weights along the last axis)"
                )
            shapes = {f"component {c}": comp.batch_shape for c, comp in enumerate(comp_list)}
            param_shape = broadcast("Mixture", shapes)
        batch_shape = broadcast("Mixture", {"w[..., 0]": w.shape[:-1], "components": param_shape})
        batch_shape = sized("Mixture", batch_shape, shape, size)
        self.w = w
        self.comp_dists = comp_dists
        self.batch_shape = tuple(batch_shape)
        self.discrete = comp_list[0].discrete
        self.param_shape = tuple(param_shape)

    @classmethod
    def dist(cls, w, comp_dists, **kwargs):
        """Alias of the constructor, for PyMC users."""
        return cls(w, comp_dists, **kwargs)

    def _components(self):
        comps = self.comp_dists
        if isinstance(comps, FamilyDistribution):
            components = [
                (comps.family, {n: v[..., k] for n, v in comps.params.items()})
                for k in range(self.w.shape[-1])
            ]
        else:
            components = [(comp.family, comp.params) for comp in comps]
        return self.w, components, self.param_shape

    def __repr__(self):
        # the weights themselves where they are few (failure reports must be reproducible)
        w = repr(self.w.tolist()) if self.w.size <= 16 else f"shape {self.w.shape}"
        return f"Mixture(w={w}, {self.comp_dists!r}, batch shape {self.batch_shape})"
