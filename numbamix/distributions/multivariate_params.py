"""Validation of multivariate parameters, once, at construction (numpy, vectorised).

Messages name the family, the parameter, what was expected and the first
offending index, as the univariate front end's:
``MvNormal: 'cov' must be positive definite (its Cholesky factorisation fails) at batch index (1,)``.
"""

import warnings

import numpy as np

from .base import as_real_array, first_bad_index


def real(name, what, value, min_ndim=0, meaning=""):
    """``value`` as a finite float array with at least ``min_ndim`` dimensions."""
    array = as_real_array(f"{name}: '{what}'", value)
    if array.ndim < min_ndim:
        raise ValueError(f"{name}: '{what}' needs at least {min_ndim} dimension(s) ({meaning}), got shape {array.shape}")
    require(name, what, array, np.isfinite(array), "finite")
    return array


def require(name, what, array, ok, description):
    """A ``ValueError`` naming the first index where ``ok`` is false."""
    bad = ~np.asarray(ok)
    if bad.any():
        index = first_bad_index(bad)
        raise ValueError(f"{name}: '{what}' must be {description}, got {float(array[index])!r} at index {index}")


def count(name, what, value):
    """``value`` as a float array of non-negative integers."""
    array = real(name, what, value)
    require(name, what, array, (array >= 0) & (array == np.floor(array)), "a non-negative integer")
    return array


def _cholesky(name, what, matrix):
    """Batched lower Cholesky factor; a failure names the first batch index that fails."""
    try:
        return np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        for index in np.ndindex(matrix.shape[:-2]):
            try:
                np.linalg.cholesky(matrix[index])
            except np.linalg.LinAlgError:
                raise ValueError(
                    f"{name}: '{what}' must be positive definite (its Cholesky factorisation fails) "
                    f"at batch index {index}"
                ) from None
        raise


def _symmetric(name, what, matrix):
    scale = np.abs(matrix).max(axis=(-2, -1), keepdims=True)
    transpose = np.swapaxes(matrix, -1, -2)
    bad = np.abs(matrix - transpose) > 1e-12 * scale + 1e-8 * np.abs(matrix)
    if bad.any():
        index = first_bad_index(bad)
        mirror = index[:-2] + index[:-3:-1]
        raise ValueError(
            f"{name}: '{what}' must be symmetric, got {float(matrix[index])!r} at index {index} "
            f"and {float(matrix[mirror])!r} at {mirror}"
        )


def _lower_factor(name, what, matrix, lower):
    """A given Cholesky factor, checked: lower-triangular with a positive diagonal."""
    if not lower:
        matrix = np.swapaxes(matrix, -1, -2)
    require(name, what, matrix, np.tril(np.ones(matrix.shape[-2:], dtype=bool)) | (matrix == 0),
             "lower-triangular (zero above the diagonal)")
    diagonal = np.diagonal(matrix, axis1=-2, axis2=-1)
    require(name, what, diagonal, diagonal > 0, "> 0 on the diagonal")
    return matrix


def scale_factor(name, matrices, lower=True):
    """The lower Cholesky factor ``L`` (``Sigma = L L^T``) from exactly one of ``matrices``
    (``{"cov": ..., "tau": ..., "chol": ...}``, unused ones ``None``); the precision ``tau``
    is inverted once."""
    given = {n: v for n, v in matrices.items() if v is not None}
    if len(given) != 1:
        names = ", ".join(f"'{n}'" for n in matrices)
        raise ValueError(f"{name}: give exactly one of {names}, got {sorted(given) or 'none'}")
    ((what, matrix),) = given.items()
    matrix = real(name, what, matrix, 2, "a matrix on the last two axes")
    if matrix.shape[-1] != matrix.shape[-2]:
        raise ValueError(f"{name}: '{what}' must be square on its last two axes, got shape {matrix.shape}")
    if what == "chol":
        return _lower_factor(name, what, matrix, lower)
    _symmetric(name, what, matrix)
    factor = _cholesky(name, what, matrix)
    if what == "tau":
        identity = np.broadcast_to(np.eye(matrix.shape[-1]), matrix.shape)
        inverse_factor = np.linalg.solve(factor, identity)  # L_tau^{-1}: cov = L_tau^{-T} L_tau^{-1}
        factor = _cholesky(name, what, np.swapaxes(inverse_factor, -1, -2) @ inverse_factor)
    return factor


def probabilities(name, p):
    """``p`` checked (in [0, 1], categories on the last axis) and, as PyMC, rescaled with a
    ``UserWarning`` where a row does not sum to 1."""
    p = real(name, "p", p, 1, "the categories")
    require(name, "p", p, (p >= 0) & (p <= 1), "in [0, 1]")
    total = p.sum(axis=-1, keepdims=True)
    require(name, "p", total[..., 0], total[..., 0] > 0, "positive somewhere on the last axis (its sum)")
    if not np.allclose(total, 1.0):
        warnings.warn(
            f"{name}: 'p' sums to {total[..., 0]} instead of 1.0 along the last axis; it is rescaled",
            UserWarning,
            stacklevel=3,
        )
        p = p / total
    return p
