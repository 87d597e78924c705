"""MvNormal and MvStudentT: location-scale families over a Cholesky factor.

With ``Sigma = L L^T`` (covariance or scale, ``L`` lower-triangular with a
positive diagonal), ``z = L^{-1}(x - mu)`` by forward substitution (O(d^2)) and
``q = z^T z``:

.. math::

    \\log p_{\\mathrm{MvNormal}}(x) = -\\tfrac{d}{2}\\log 2\\pi - \\sum_i \\log L_{ii} - \\tfrac{q}{2}

    \\log p_{\\mathrm{MvStudentT}}(x) = \\log\\Gamma\\left(\\tfrac{\\nu + d}{2}\\right)
        - \\log\\Gamma\\left(\\tfrac{\\nu}{2}\\right) - \\tfrac{d}{2}\\log(\\nu\\pi)
        - \\sum_i \\log L_{ii} - \\tfrac{\\nu + d}{2}\\log\\left(1 + \\tfrac{q}{\\nu}\\right)

Support: ``R^d``. logp works on blocks of values (see :func:`squared_distances`). Constants row: ``mu`` (d), ``L`` (d*d, row-major), ``1 / L_ii``
(d), the normalising constant, then (MvStudentT) ``nu`` and ``(nu + d) / 2``.
Draws: ``mu + L z`` with standard normal ``z`` (MvStudentT: ``mu + L z sqrt(nu / g)``,
``g ~ chi^2_nu = 2 Gamma(nu / 2)``).
"""

import numpy as np
from scipy.special import gammaln

from .. import _math as m
from .. import _random as rnd
from .._jit import formula
from .family import MvFamily

NORMAL_CODE = 0
STUDENT_T_CODE = 1


def _base_constants(mu, chol):
    """``mu``, ``L``, ``1 / L_ii`` and ``-sum log L_ii``: ``batch + (.)`` arrays."""
    d = mu.shape[-1]
    diag = np.diagonal(chol, axis1=-2, axis2=-1)
    parts = [mu, chol.reshape(chol.shape[:-2] + (d * d,)), 1.0 / diag]
    return parts, -np.log(diag).sum(axis=-1)


def normal_constants(params):
    parts, log_det = _base_constants(params["mu"], params["chol"])
    d = params["mu"].shape[-1]
    norm = log_det - 0.5 * d * np.log(2.0 * np.pi)
    return np.concatenate([*parts, norm[..., None]], axis=-1)


def student_t_constants(params):
    nu = params["nu"]
    parts, log_det = _base_constants(params["mu"], params["chol"])
    d = params["mu"].shape[-1]
    norm = log_det + gammaln(0.5 * (nu + d)) - gammaln(0.5 * nu) - 0.5 * d * np.log(nu * np.pi)
    return np.concatenate([*parts, norm[..., None], nu[..., None], 0.5 * (nu[..., None] + d)], axis=-1)


@formula
def squared_distances(c, row, xt, n, d, zt, q):
    """``q[v] = |L^{-1}(x_v - mu)|^2`` for the ``n`` values ``x_v = xt[:, v]``, by forward
    substitution a row of ``L`` at a time over all ``n`` values (``zt``: scratch like ``xt``).

    Values innermost: LLVM vectorises each step across values (7x faster at d = 5 than one
    value at a time, where the short triangular loops of run-time length do not vectorise).
    """
    inverse_diagonal = d + d * d
    for v in range(n):
        q[v] = 0.0
    for i in range(d):
        mu = c[row, i]
        for v in range(n):
            zt[i, v] = xt[i, v] - mu
        offset = d + i * d
        for j in range(i):
            factor = c[row, offset + j]
            for v in range(n):
                zt[i, v] -= factor * zt[j, v]
        scale = c[row, inverse_diagonal + i]
        for v in range(n):
            z = zt[i, v] * scale
            zt[i, v] = z
            q[v] += z * z


@formula
def normal_logp(c, row, xt, n, d, zt, out):
    squared_distances(c, row, xt, n, d, zt, out)
    norm = c[row, 2 * d + d * d]
    for v in range(n):
        out[v] = norm - 0.5 * out[v]


@formula
def student_t_logp(c, row, xt, n, d, zt, out):
    squared_distances(c, row, xt, n, d, zt, out)
    k = 2 * d + d * d
    norm, nu, power = c[row, k], c[row, k + 1], c[row, k + 2]
    for v in range(n):
        out[v] = norm - power * m.log1p(out[v] / nu)


@formula
def _located(c, row, d, work, scale, out, at):
    """``out[at:at + d] = mu + scale * L z`` for ``z`` in ``work``."""
    for i in range(d):
        s = 0.0
        offset = d + i * d
        for j in range(i + 1):
            s += c[row, offset + j] * work[j]
        out[at + i] = c[row, i] + scale * s


@formula
def _standard_normals(state, work, d):
    for i in range(d):
        work[i] = rnd.standard_normal(state)


@formula
def normal_draw(c, row, d, state, work, out, at):
    _standard_normals(state, work, d)
    _located(c, row, d, work, 1.0, out, at)


@formula
def student_t_draw(c, row, d, state, work, out, at):
    nu = c[row, 2 * d + d * d + 1]
    _standard_normals(state, work, d)
    chi_squared = 2.0 * rnd.standard_gamma(0.5 * nu, state)
    _located(c, row, d, work, m.sqrt(nu / chi_squared), out, at)


def _scale_diagonal(params):
    """``diag(L L^T)``: the row sums of squares of ``L``."""
    return (params["chol"] ** 2).sum(axis=-1)


def _location(params):
    return params["mu"]


def _student_t_mean(params):
    """``mu`` where ``nu > 1``, else undefined (``nan``)."""
    return np.where(params["nu"][..., None] > 1, params["mu"], np.nan)


def _student_t_variance(params):
    """``nu / (nu - 2) diag(Sigma)`` for ``nu > 2``; ``inf`` for ``1 < nu <= 2``; ``nan`` below."""
    nu = params["nu"][..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(nu > 2, nu / (nu - 2), np.where(nu > 1, np.inf, np.nan))
    return factor * _scale_diagonal(params)


MV_NORMAL = MvFamily(
    "MvNormal", NORMAL_CODE, False, {"mu": 1, "chol": 2}, normal_constants, _location, _scale_diagonal, _location
)
MV_STUDENT_T = MvFamily(
    "MvStudentT",
    STUDENT_T_CODE,
    False,
    {"nu": 0, "mu": 1, "chol": 2},
    student_t_constants,
    _student_t_mean,
    _student_t_variance,
    _location,
)
