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

from .._shapes import broadcast, sized, summed_to
from ..kernels import direct
from ..kernels.gradients import logit_gradient
from . import gradients
from .base import Distribution, FamilyDistribution, as_real_array, first_bad_index, is_dask


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
        if not isinstance(comp, Distribution) or comp.ndim_supp != 0:
            raise TypeError(
                f"Mixture: component {c} must be a univariate distribution built with .dist() "
                f"(or a Mixture of them), got {type(comp).__name__}"
            )
    kinds = {comp.discrete for comp in comp_dists}
    if len(kinds) > 1:
        names = ", ".join(f"{_name(c)} ({'discrete' if c.discrete else 'continuous'})" for c in comp_dists)
        raise ValueError(f"Mixture: components must be all discrete or all continuous, got {names}")


def _name(dist):
    family = getattr(dist, "family", None)
    return family.name if family is not None else type(dist).__name__


def _flattened(weights, children):
    """One flat mixture from ``weights`` (``W + (K,)``) over ``children``.

    ``children[k]`` is ``(w_k, components_k, param_shape_k)``: component ``k``
    as a mixture of its own (one component of weight 1 for a family
    distribution). Nested weights multiply (``w[..., k] * w_k[..., j]``), so the
    flat mixture has the same logp, cdf, draws and moments.
    """
    parts = [w_k * weights[..., k, None] for k, (w_k, _, _) in enumerate(children)]
    weight_shape = np.broadcast_shapes(*(part.shape[:-1] for part in parts))
    flat_w = np.concatenate([np.broadcast_to(part, weight_shape + part.shape[-1:]) for part in parts], axis=-1)
    components = [component for _, components_k, _ in children for component in components_k]
    param_shape = np.broadcast_shapes(*(shape for _, _, shape in children))
    return flat_w, components, param_shape


def _batch_slice(dist, k):
    """Component ``k`` of one batched distribution (its last batch axis), as ``(w, components, shape)``."""
    w, components, param_shape = dist._components()
    shape = dist.batch_shape
    sliced = [
        (family, {n: np.broadcast_to(v, shape)[..., k] for n, v in params.items()}) for family, params in components
    ]
    return np.broadcast_to(w, shape + w.shape[-1:])[..., k, :], sliced, shape[:-1]


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
        All discrete or all continuous, built with ``.dist()``; a component may
        itself be a ``Mixture`` (or a ``Categorical``): the nested weights
        multiply.
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
        from .multivariate_mixture import init_if_multivariate  # (it builds on this module)

        if init_if_multivariate(self, w, comp_dists, shape, size):
            return
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
        self.comp_dists = comp_dists if batched else comp_list
        self.batch_shape = tuple(batch_shape)
        self.discrete = comp_list[0].discrete
        self.param_shape = tuple(param_shape)

    @classmethod
    def dist(cls, w, comp_dists, **kwargs):
        """Alias of the constructor, for PyMC users."""
        return cls(w, comp_dists, **kwargs)

    def _children(self):
        """Each component as ``(w, components, param_shape)`` (see :func:`_flattened`)."""
        comps = self.comp_dists
        if isinstance(comps, Distribution):
            return [_batch_slice(comps, k) for k in range(self.w.shape[-1])]
        return [comp._components() for comp in comps]

    def _of_families(self):
        """Whether every component is a family distribution (no nested mixture)."""
        comps = self.comp_dists
        return isinstance(comps, FamilyDistribution) or (
            isinstance(comps, list) and all(isinstance(comp, FamilyDistribution) for comp in comps)
        )

    def _components(self):
        if isinstance(self.comp_dists, FamilyDistribution):
            comps = self.comp_dists
            components = [
                (comps.family, {n: v[..., k] for n, v in comps.params.items()}) for k in range(self.w.shape[-1])
            ]
            return self.w, components, self.param_shape
        if self._of_families():
            return self.w, [(comp.family, comp.params) for comp in self.comp_dists], self.param_shape
        return _flattened(self.w, self._children())

    def component_logp(self, value):
        """The weighted component log-densities ``log w_k + logp_k(value)``, shape
        ``broadcast(value, batch_shape) + (K,)``: their log-sum-exp over the last axis is
        :meth:`logp`. A nested mixture component contributes its own (log-summed) terms.
        Computed chunk by chunk into the output, with no other array of that size."""
        terms = self._compiled().evaluate_components(as_real_array("value", value), normalise=False)
        return terms if self._of_families() else self._per_child(terms)

    def responsibilities(self, value):
        """Posterior probability of each component given ``value`` (the E-step of EM):
        ``w_k p_k(value) / sum_j w_j p_j(value)``, shape ``broadcast(value, batch_shape) + (K,)``;
        ``nan`` where ``value`` is outside every component's support."""
        if self._of_families():
            return self._compiled().evaluate_components(as_real_array("value", value), normalise=True)
        from scipy.special import logsumexp

        terms = self.component_logp(value)
        with np.errstate(invalid="ignore"):
            return np.exp(terms - logsumexp(terms, axis=-1, keepdims=True))

    def _per_child(self, terms):
        """Flat-mixture terms (last axis) log-summed over each component's own components."""
        from scipy.special import logsumexp

        sizes = [len(components) for _, components, _ in self._children()]
        ends = np.cumsum(sizes)
        with np.errstate(divide="ignore"):
            return np.stack([logsumexp(terms[..., e - n : e], axis=-1) for n, e in zip(sizes, ends)], axis=-1)

    def _leaves(self):
        """``(families, parameters)``: the leaf families in order and their canonical parameters,
        shape ``batch_shape + (P,)``."""
        _, components, _ = self._components()
        return [family for family, _ in components], gradients.leaf_parameters(components, self.batch_shape)

    def _scalar_structure(self, what):
        """``(families, flat canonical parameters)`` of a mixture of families with batch shape ()."""
        if not self._of_families() or self.batch_shape != () or self.param_shape != ():
            raise NotImplementedError(
                f"Mixture.{what}: only for mixtures of family distributions with batch shape () "
                f"(this one: batch shape {self.batch_shape}, components {self.comp_dists!r})"
            )
        return self._leaves()

    def component_params(self):
        """The components' canonical parameters in order (``[mu_0, sigma_0, nu_1, ...]``), on the
        last axis of an array of shape ``batch_shape + (P,)``: the ``params`` argument of
        :meth:`logp_function` (batch shape ()). A nested mixture lists its leaves' (a
        Categorical's point masses as ``DiscreteUniform(j, j)``: ``j, j``)."""
        return self._leaves()[1]

    def logp_function(self, parallel=False):
        """A compiled ``f(values, w, params)``: the summed logp of 1-d ``values`` under this
        mixture's structure (its families, in order) with weights ``w`` and components'
        canonical parameters ``params`` (flat, as :meth:`component_params`), both supplied
        per call. Callable from Python and from ``@njit`` code; ``parallel`` picks the
        ``prange`` version (else serial: the kernel for samplers running their own
        ``prange`` over chains). Nothing is validated per call."""
        families, _ = self._scalar_structure("logp_function")
        return direct.logp_sum_function(tuple(families), parallel)

    def value_and_grad(self, value, parallel=False):
        """``(logp_sum(value), gradients)``: the summed logp of ``value`` (over its broadcast
        with the batch shape) and its gradient, one pass per batch element.
        ``gradients`` is a dict: ``"w"`` (shaped as ``w``: :math:`\\sum_i p_k(x_i)/p(x_i)`),
        ``"logit_w"`` (for ``w = softmax(logits)``: :math:`\\sum_i (r_k(x_i) - w_k)`), ``"params"``
        (the components' canonical parameters of each batch element, shape ``batch_shape + (P,)``
        as :meth:`component_params`:
        :math:`\\sum_i r_k(x_i)\\, \\partial \\log p_k(x_i)/\\partial\\theta_k`) and ``"value"``
        (shaped as ``value``: :math:`\\sum_k r_k(x_i)\\, \\partial \\log p_k(x_i)/\\partial x_i`;
        ``nan`` for discrete families), with responsibilities :math:`r_k = w_k p_k / p`.
        A component that is itself a mixture or a Categorical adds the gradient in its own
        weights, named by its place: ``"comp_dists[1].w"`` and ``"comp_dists[1].logit_w"``
        (``"comp_dists.w"`` for one batched component; deeper levels chain the names), or
        ``"comp_dists[1].p"`` and ``"comp_dists[1].logit_p"``; ``"params"`` then lists the
        leaves' parameters. ``NotImplementedError`` names a family without a gradient
        formula. A dask array gives lazy results (:func:`numbamix.dask.value_and_grad`)."""
        if is_dask(value):
            from .. import dask

            return dask.value_and_grad(self, value)
        families, params = self._leaves()
        total, grads = gradients.value_and_grad(families, self._components()[0], params, value, self.batch_shape,
                                                parallel)
        return total, {**self._weight_gradients(grads["w"], ""), "params": grads["params"], "value": grads["value"]}

    def _weight_gradients(self, grad, name):
        """Chain rule through the nested weights: leaf j of component k has weight
        ``w[..., k] * v_k[..., j]`` (``v_k``: the component's own leaf weights)."""
        children = self._children()
        ends = np.cumsum([len(components) for _, components, _ in children])
        pieces = [grad[..., end - len(components) : end] for (_, components, _), end in zip(children, ends)]
        grad_w = np.stack([np.sum(v * g, axis=-1) for (v, _, _), g in zip(children, pieces)], axis=-1)
        grad_w = summed_to(self.w.shape, grad_w)
        grads = {name + "w": grad_w, name + "logit_w": logit_gradient(self.w, grad_w)}
        # the gradient in each component's own leaf weights
        inner = [self.w[..., k, None] * g for k, g in enumerate(pieces)]
        comps = self.comp_dists
        if isinstance(comps, Distribution):  # one batched distribution: its last batch axis mixes
            stacked = np.stack(inner, axis=-2)
            grads.update(comps._weight_gradients(summed_to(comps.batch_shape + stacked.shape[-1:], stacked),
                                                 name + "comp_dists."))
        else:
            for k, (comp, g) in enumerate(zip(comps, inner)):
                grads.update(comp._weight_gradients(summed_to(comp.batch_shape + g.shape[-1:], g),
                                                    f"{name}comp_dists[{k}]."))
        return grads

    def value_and_grad_function(self, parallel=False):
        """A compiled ``f(values, w, params, grad_w, grad_params, grad_x)`` for this mixture's
        structure: returns the summed logp of 1-d ``values`` (as :meth:`logp_function`) and
        fills ``grad_w`` (K), ``grad_params`` (flat, as :meth:`component_params`) and
        ``grad_x`` (``values.size``, or empty to skip) with its gradient. Callable from
        ``@njit`` code; the serial version allocates nothing. Nothing is validated per call."""
        families, _ = self._scalar_structure("value_and_grad_function")
        return gradients.compiled(families, parallel)

    def support_point(self):
        """PyMC's rule, component by component: ``sum_k w_k support_point_k`` (rounded if discrete),
        where a component that is itself a mixture (or a Categorical) contributes its own support point."""
        comps = self.comp_dists
        if self._of_families():
            return super().support_point()
        if isinstance(comps, Distribution):
            points = comps.support_point()
        else:
            points = np.stack(np.broadcast_arrays(*(comp.support_point() for comp in comps)), axis=-1)
        terms = np.where(self.w > 0, self.w * points, 0.0)
        point = np.broadcast_to(terms.sum(axis=-1), self.batch_shape).copy()
        return np.round(point).astype(np.int64) if self.discrete else point

    def __repr__(self):
        # the weights themselves where they are few (failure reports must be reproducible)
        w = repr(self.w.tolist()) if self.w.size <= 16 else f"shape {self.w.shape}"
        return f"Mixture(w={w}, {self.comp_dists!r}, batch shape {self.batch_shape})"


class NormalMixture(Mixture):
    """Mixture of Normals (PyMC's ``pm.NormalMixture``).

    .. math:: p(x) = \\sum_k w_k\\, \\mathcal{N}(x \\mid \\mu_k, \\sigma_k^2)

    The same as ``Mixture(w, Normal.dist(mu, sigma))``: ``mu`` and ``sigma`` (or
    the precision ``tau``; default ``sigma = 1``) have the mixture axis last.
    ``comp_shape`` is the size of that batched Normal (PyMC's argument).
    """

    def __init__(self, w, mu, sigma=None, tau=None, comp_shape=(), shape=None, size=None):
        from .univariate import Normal

        components = Normal.dist(mu=mu, sigma=sigma, tau=tau, size=comp_shape or None)
        super().__init__(w, components, shape=shape, size=size)

    @classmethod
    def dist(cls, w, mu, sigma=None, tau=None, **kwargs):
        """Alias of the constructor, for PyMC users."""
        return cls(w, mu, sigma=sigma, tau=tau, **kwargs)
