"""Component kernels: family-generic functions usable from any ``@njit`` code.

A component kernel is the family's ``NamedTuple`` of parameters and derived
constants, built by ``numbamix.kernels.Normal(mu, sigma)`` and friends (plain
compiled functions, callable from Python or from inside ``@njit`` code). The
functions below dispatch on the kernel's class at compile time, so
``logp(kernel, x)`` compiles to the family's formula with no run-time cost.

Kernels are immutable value types: numba can cache every function that takes
them (it cannot for jitclass instances) and LLVM keeps their fields in
registers inside loops.
"""

import math

from numba.core import types
from numba.cpython.unsafe.tuple import tuple_setitem
from numba.extending import overload

from .._jit import Choice, ChoiceType
from ..families import BY_KERNEL

#: What a loop computes, fixed at compile time (each is its own numba type, so the
#: choice costs nothing per value: a run-time branch between logp and logcdf in
#: the loop body measured 1.5x slower, as it kept LLVM from turning the
#: log-sum-exp step into selects).
LOGP = Choice("logp")
LOGCDF = Choice("logcdf")
LOGCCDF = Choice("logccdf")


def _family_of(kernel_type):
    """The registered family of a numba kernel type, or ``None``."""
    if isinstance(kernel_type, types.BaseNamedTuple):
        return BY_KERNEL.get(kernel_type.instance_class)
    return None


def _generic(name, doc):
    """A family-generic compiled function forwarding to each family's formula ``name``."""

    def generic(kernel, *args):
        family = BY_KERNEL[type(kernel)]
        return getattr(family, name)(kernel, *args)

    generic.__name__ = generic.__qualname__ = name
    generic.__doc__ = doc

    # No ``cache`` here: the callers are cached with this code compiled in, and
    # the impls of the five generics share a source line, hence a cache key.
    @overload(generic)
    def _dispatch(kernel, *args):
        family = _family_of(kernel)
        formula_ = getattr(family, name, None)
        if formula_ is None:
            return None

        def impl(kernel, *args):
            return formula_(kernel, *args)

        return impl

    return generic


logp = _generic("logp", "Log-density (or log-mass) of ``kernel`` at ``x``: ``logp(kernel, x)``.")
logcdf = _generic("logcdf", "Log of the cdf of ``kernel`` at ``x``: ``logcdf(kernel, x)``.")
logccdf = _generic("logccdf", "Log of the survival function P(X > x) of ``kernel``: ``logccdf(kernel, x)``.")
draw = _generic("draw", "One draw from ``kernel`` using generator ``state``: ``draw(kernel, state)``.")
mean = _generic("mean", "Mean of ``kernel`` (``nan`` where undefined): ``mean(kernel)``.")
variance = _generic("variance", "Variance of ``kernel`` (``inf``/``nan`` where infinite/undefined).")
grad_logp = _generic(
    "grad_logp",
    "``(logp, d logp/d param_1, ..., d logp/d param_n, d logp/d x)`` of ``kernel`` at ``x``: derivatives "
    "with respect to the family's canonical parameters and the value (``nan`` for discrete families); "
    "``-inf`` and zero derivatives outside the support. For families with a ``grad_logp`` formula.",
)


def support(kernel):
    """``(lower, upper)``: the closed interval holding the support of ``kernel``."""
    family = BY_KERNEL[type(kernel)]
    return family.support_bounds(kernel) if family.support_bounds is not None else family.support


@overload(support)
def _support(kernel):
    family = _family_of(kernel)
    if family is None:
        return None
    bounds = family.support_bounds
    if bounds is not None:
        return lambda kernel: bounds(kernel)
    lower, upper = (float(b) for b in family.support)
    return lambda kernel: (lower, upper)


def support_point(kernel):
    """PyMC's support point of ``kernel``: the family's own rule, else its mean
    (rounded down for discrete families, as PyMC's Poisson, Binomial, NegativeBinomial)."""
    family = BY_KERNEL[type(kernel)]
    if family.support_point is not None:
        return family.support_point(kernel)
    centre = family.mean(kernel)
    return math.floor(centre) if family.discrete else centre


@overload(support_point)
def _support_point(kernel):
    family = _family_of(kernel)
    if family is None:
        return None
    own, mean_ = family.support_point, family.mean
    if own is not None:
        return lambda kernel: own(kernel)
    if family.discrete:
        return lambda kernel: math.floor(mean_(kernel))
    return lambda kernel: mean_(kernel)


_METHODS = {"logp": logp, "logcdf": logcdf, "logccdf": logccdf}


def evaluate(kernel, x, method):
    """``logp``, ``logcdf`` or ``logccdf`` of ``kernel`` at ``x``, as ``method`` (:data:`LOGP`,
    :data:`LOGCDF`, :data:`LOGCCDF`) says."""
    return _METHODS[method.name](kernel, x)


@overload(evaluate, inline="always")
def _evaluate(kernel, x, method):
    if not isinstance(method, ChoiceType):
        return None
    chosen = _METHODS[method.choice]

    def impl(kernel, x, method):
        return chosen(kernel, x)

    return impl


def evaluate_vector(kernel, x, log_x, log_factorial_x, method):
    """What a vectorised loop computes for :func:`evaluate`: the family's
    branch-free ``logp_vector`` where it has one (``nan`` where the exact
    ``logp`` must be used instead), else the same as :func:`evaluate`.
    ``log_x`` and ``log_factorial_x`` are ``log(x)`` and ``log(x!)`` where
    :func:`shared_values` names them, else anything."""
    family = BY_KERNEL[type(kernel)]
    if method is LOGP and family.logp_vector is not None:
        return family.logp_vector(kernel, x, log_x, log_factorial_x)
    return evaluate(kernel, x, method)


@overload(evaluate_vector, inline="always")
def _evaluate_vector(kernel, x, log_x, log_factorial_x, method):
    family = _family_of(kernel)
    if family is None or not isinstance(method, ChoiceType):
        return None
    if method.choice == "logp" and family.logp_vector is not None:
        vector = family.logp_vector

        def impl(kernel, x, log_x, log_factorial_x, method):
            return vector(kernel, x, log_x, log_factorial_x)

    else:

        def impl(kernel, x, log_x, log_factorial_x, method):
            return evaluate(kernel, x, method)

    return impl


def shared_values(family, method):
    """The functions of the value (``Family.shared_values``) that :func:`evaluate_vector` of
    ``family`` uses, for compile-time ``method`` (:data:`LOGP`/:data:`LOGCDF` or its numba type)."""
    logp_chosen = method is LOGP or getattr(method, "choice", None) == "logp"
    return family.shared_values if logp_chosen and family.logp_vector is not None else ()


def has_exact_fallback(kernel, method):
    """Whether :func:`evaluate_vector` can give ``nan`` where :func:`evaluate` would not."""
    return method is LOGP and BY_KERNEL[type(kernel)].logp_vector is not None


@overload(has_exact_fallback)
def _has_exact_fallback(kernel, method):
    family = _family_of(kernel)
    if family is None or not isinstance(method, ChoiceType):
        return None
    answer = method.choice == "logp" and family.logp_vector is not None
    return lambda kernel, method: answer


def kernel_at(template, constants, row):
    """A kernel of ``template``'s family holding the constants in row ``row`` of ``constants``."""
    return type(template)(*constants[row, : len(template)])


@overload(kernel_at)
def _kernel_at(template, constants, row):
    family = _family_of(template)
    if family is None:
        return None
    n = family.n_constants

    def impl(template, constants, row):
        # element by element into a copy of the template: no array view is made, so the
        # hot loop does no reference counting (all kernel fields are float64)
        kern = template
        for i in range(n):
            kern = tuple_setitem(kern, i, constants[row, i])
        return kern

    return impl
