"""Categorical distribution over ``0, ..., K - 1`` (PyMC's ``pm.Categorical``).

.. math:: \\log p(x) = \\log p_x, \\qquad x \\in \\{0, \\dots, K - 1\\}

``p`` (or ``logit_p``, normalised by softmax) has the categories on its last
axis; its leading dimensions are batch dimensions. It is the mixture of the K
point masses at 0, ..., K - 1 with weights ``p``, and is evaluated as one: logp,
logcdf, logccdf, draws, mean and variance come from the compiled mixture loop.
PyMC's support point is the most probable category. Usable as a component
of a :class:`~numbamix.Mixture` (its point masses join the mixture's).
:meth:`Categorical.value_and_grad` differentiates in ``p`` (and ``logit_p``); so does
:meth:`Mixture.value_and_grad` for a Categorical component (``"comp_dists[k].p"``).
"""

import numpy as np

from .._shapes import sized, summed_to
from ..kernels.gradients import logit_gradient
from .base import Distribution, as_real_array
from .mixture import validated_weights


class Categorical(Distribution):
    """Categorical distribution with probabilities ``p`` (last axis: the categories).

    Parameters
    ----------
    p : array_like
        Probabilities in [0, 1] summing to 1 along the last axis.
    logit_p : array_like
        Alternatively, unnormalised log-probabilities (``p = softmax(logit_p)``).
    shape, size : tuple of int, optional
        Batch shape ``p``'s leading dimensions are broadcast to.
    """

    discrete = True

    def __init__(self, p=None, logit_p=None, shape=None, size=None):
        if (p is None) == (logit_p is None):
            raise TypeError("Categorical: give exactly one of 'p' and 'logit_p'")
        if logit_p is not None:
            logit_p = as_real_array("Categorical: 'logit_p'", logit_p)
            if logit_p.ndim == 0:
                raise ValueError("Categorical: 'logit_p' needs at least one dimension (the categories)")
            if not np.all(np.isfinite(logit_p)):
                raise ValueError("Categorical: 'logit_p' must be finite")
            shifted = np.exp(logit_p - logit_p.max(axis=-1, keepdims=True))
            p = shifted / shifted.sum(axis=-1, keepdims=True)
        p = validated_weights(p, "Categorical: 'p'")
        batch_shape = p.shape[:-1]
        batch_shape = sized("Categorical", batch_shape, shape, size)
        self.p = p
        self.batch_shape = tuple(batch_shape)

    @classmethod
    def dist(cls, p=None, logit_p=None, **kwargs):
        """Alias of the constructor, for PyMC users."""
        return cls(p=p, logit_p=logit_p, **kwargs)

    def _components(self):
        from ..families import FAMILIES

        point_mass = FAMILIES["DiscreteUniform"]
        components = [(point_mass, {"lower": np.asarray(float(j)), "upper": np.asarray(float(j))}) for j in range(self.p.shape[-1])]
        return self.p, components, ()

    def _weight_gradients(self, grad, name):
        grad_p = summed_to(self.p.shape, grad)
        return {name + "p": grad_p, name + "logit_p": logit_gradient(self.p, grad_p)}

    def value_and_grad(self, value):
        """``(logp_sum(value), {"p", "logit_p", "value"})``: the summed log-mass
        :math:`\\sum_i \\log p_{x_i}` over ``value`` broadcast with the batch shape, and its
        gradient, as the mixture weights' of its point masses (:meth:`Mixture.value_and_grad`):
        :math:`n_j / p_j` in ``p`` (shaped as ``p``; ``n_j`` values equal to j),
        :math:`n_j - N p_j` in ``logit_p`` (``p = softmax(logit_p)``, ``N = sum_j n_j``), ``nan``
        in the value (a count). A value of mass 0 (not a category, or p_j = 0) makes the sum
        ``-inf`` and adds nothing to the gradient; ``nan`` makes it ``nan``."""
        x = as_real_array("value", value)
        try:
            out_shape = np.broadcast_shapes(x.shape, self.batch_shape)
        except ValueError:
            raise ValueError(
                f"value of shape {x.shape} does not broadcast against the batch shape {self.batch_shape}"
            ) from None
        value_shape, x = x.shape, np.broadcast_to(x, out_shape)
        n_categories = self.p.shape[-1]
        p = np.broadcast_to(self.p, out_shape + (n_categories,))
        with np.errstate(invalid="ignore"):
            category = (x == np.floor(x)) & (x >= 0) & (x < n_categories)
        j = np.where(category, x, 0.0).astype(np.intp)
        chosen = np.take_along_axis(p, j[..., None], axis=-1)[..., 0]
        mass = np.where(category, chosen, np.where(np.isnan(x), np.nan, 0.0))
        with np.errstate(divide="ignore"):
            total = float(np.log(mass).sum())
        counted = (j[..., None] == np.arange(n_categories)) & (mass > 0)[..., None]
        counts = summed_to(self.p.shape, counted.astype(np.float64))
        grad_p = np.divide(counts, self.p, out=np.zeros(self.p.shape), where=counts > 0)
        grads = {"p": grad_p, "logit_p": logit_gradient(self.p, grad_p), "value": np.full(value_shape, np.nan)}
        return total, grads

    def support_point(self):
        """PyMC's support point: the most probable category (the first of ties)."""
        return np.broadcast_to(np.argmax(self.p, axis=-1), self.batch_shape).astype(np.int64)

    def __repr__(self):
        p = repr(self.p.tolist()) if self.p.size <= 16 else f"shape {self.p.shape}"
        return f"Categorical(p={p}, batch shape {self.batch_shape})"
