"""Mixtures of multivariate components (PyMC's ``pm.Mixture`` with ``ndim_supp = 1``).

.. math:: \\log p(x) = \\operatorname{logsumexp}_k(\\log w_k + \\log p_k(x)), \\qquad x \\in \\mathbb{R}^d

``Mixture(w, comp_dists)`` comes here when a component is multivariate
(:func:`init_if_multivariate`, called at the start of ``Mixture.__init__``): the
instance becomes a :class:`MultivariateMixture`, which is still a ``Mixture``.
``comp_dists`` is a list of multivariate ``.dist()`` objects with the same event
size ``d`` (their batch shapes broadcast together), or one batched distribution
whose last batch dimension (the value's second-to-last axis) is the mixture
axis. ``w``'s last axis is the mixture axis; its leading dimensions broadcast
with the components' batch dimensions. A component may itself be a multivariate
mixture (nested weights multiply).
"""

import numpy as np

from .._shapes import broadcast
from .base import Distribution
from .mixture import Mixture, _flattened, validated_weights
from .multivariate import MultivariateDistribution, event_sized


def _is_multivariate(comp_dists):
    comps = comp_dists if isinstance(comp_dists, (list, tuple)) else [comp_dists]
    return any(isinstance(comp, Distribution) and comp.ndim_supp != 0 for comp in comps)


def init_if_multivariate(mixture, w, comp_dists, shape, size):
    """Make ``mixture`` a :class:`MultivariateMixture` of ``comp_dists`` if any is multivariate;
    returns whether it did."""
    if not _is_multivariate(comp_dists):
        return False
    mixture.__class__ = MultivariateMixture
    mixture._build(w, comp_dists, shape, size)
    return True


def _describe(comp):
    name = type(comp).__name__
    return f"{name} (ndim_supp {comp.ndim_supp}, event shape {getattr(comp, 'event_shape', ())})"


def _check_components(comps):
    """All multivariate, one event size, all discrete or all continuous: else a ``ValueError`` naming them."""
    listing = ", ".join(_describe(c) if isinstance(c, Distribution) else type(c).__name__ for c in comps)
    if not all(isinstance(c, MultivariateDistribution) for c in comps):
        raise ValueError(f"Mixture: components must be all univariate or all multivariate, got {listing}")
    if len({c.event_shape for c in comps}) > 1:
        raise ValueError(f"Mixture: multivariate components must have the same event size, got {listing}")
    if len({c.discrete for c in comps}) > 1:
        kinds = ", ".join(f"{c._name()} ({'discrete' if c.discrete else 'continuous'})" for c in comps)
        raise ValueError(f"Mixture: components must be all discrete or all continuous, got {kinds}")


def _batch_slice(dist, k):
    """Component ``k`` of one batched multivariate distribution (its last batch axis),
    as ``(w, components, param_shape)``."""
    w, components, _ = dist._components()
    shape, d = dist.batch_shape, dist.event_shape[0]
    sliced = [
        (family, {n: v[(..., k) + (slice(None),) * family.event_ndims[n]]
                  for n, v in family.broadcast(params, shape, d).items()})
        for family, params in components
    ]
    return np.broadcast_to(w, shape + w.shape[-1:])[..., k, :], sliced, shape[:-1]


class MultivariateMixture(MultivariateDistribution, Mixture):
    """A :class:`~numbamix.Mixture` of multivariate components (built by ``Mixture(w, comp_dists)``).

    ``logp(value)`` for ``value`` of shape ``... + (d,)``; ``random(size)`` draws
    whole vectors, each from one component, shape ``size + batch_shape + (d,)``;
    mean, variance (per coordinate) and PyMC's support point (``sum_k w_k
    support_point_k``, rounded if discrete); ``component_logp`` and
    ``responsibilities`` as for univariate mixtures (``value``'s last axis the event axis).
    """

    #: ``MultivariateMixture(w, comp_dists)`` works as ``Mixture(w, comp_dists)`` does
    __init__ = Mixture.__init__

    def _build(self, w, comp_dists, shape, size):
        w = validated_weights(w)
        batched = not isinstance(comp_dists, (list, tuple))
        comps = [comp_dists] if batched else list(comp_dists)
        _check_components(comps)
        if batched:
            if not comp_dists.batch_shape or comp_dists.batch_shape[-1] != w.shape[-1]:
                raise ValueError(
                    f"Mixture: the last batch dimension of comp_dists (batch shape {comp_dists.batch_shape}, "
                    f"event shape {comp_dists.event_shape}) must equal the number of weights (w shape {w.shape})"
                )
            param_shape = comp_dists.batch_shape[:-1]
        else:
            if len(comps) != w.shape[-1]:
                raise ValueError(
                    f"Mixture: {len(comps)} components but w has shape {w.shape} "
                    f"({w.shape[-1]} weights along the last axis)"
                )
            param_shape = broadcast("Mixture", {f"component {c}": comp.batch_shape for c, comp in enumerate(comps)})
        d = comps[0].event_shape[0]
        batch_shape = broadcast("Mixture", {"w[..., 0]": w.shape[:-1], "components": param_shape})
        self.w = w
        self.comp_dists = comp_dists if batched else comps
        self.batch_shape = event_sized("Mixture", batch_shape, d, shape, size)
        self.event_shape = (d,)
        self.discrete = comps[0].discrete
        self.param_shape = tuple(param_shape)

    def _children(self):
        """Each component as ``(w, components, param_shape)``."""
        comps = self.comp_dists
        if isinstance(comps, Distribution):
            return [_batch_slice(comps, k) for k in range(self.w.shape[-1])]
        return [comp._components() for comp in comps]

    def _components(self):
        return _flattened(self.w, self._children())

    def _name(self):
        return "Mixture"

    def _of_families(self):
        """Whether no component is itself a mixture (``Mixture.component_logp`` and
        ``responsibilities`` then take the compiled terms as they are)."""
        comps = [self.comp_dists] if isinstance(self.comp_dists, Distribution) else self.comp_dists
        return not any(isinstance(comp, Mixture) for comp in comps)

    __repr__ = Mixture.__repr__
