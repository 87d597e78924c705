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

from numba.core import types
from numba.extending import overload
from numba.np.unsafe.ndarray import to_fixed_tuple

from .._jit import formula
from ..families import BY_KERNEL

#: Method codes understood by :func:`evaluate` and the mixture loop.
LOGP = 0
LOGCDF = 1


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
        if family is None:
            return None
        formula_ = getattr(family, name)

        def impl(kernel, *args):
            return formula_(kernel, *args)

        return impl

    return generic


logp = _generic("logp", "Log-density (or log-mass) of ``kernel`` at ``x``: ``logp(kernel, x)``.")
logcdf = _generic("logcdf", "Log of the cdf of ``kernel`` at ``x``: ``logcdf(kernel, x)``.")
draw = _generic("draw", "One draw from ``kernel`` using generator ``state``: ``draw(kernel, state)``.")
mean = _generic("mean", "Mean of ``kernel`` (``nan`` where undefined): ``mean(kernel)``.")
support_point = _generic(
    "support_point", "PyMC's support point of ``kernel``: ``support_point(kernel)``."
)


@formula
def evaluate(kernel, x, method):
    """``logp`` or ``logcdf`` of ``kernel`` at ``x`` by method code (loop-invariant branch)."""
    if method == LOGP:
        return logp(kernel, x)
    return logcdf(kernel, x)


def kernel_at(template, constants, row):
    """Rebuild a kernel of ``template``'s family from a row of stored constants."""
    return type(template)(*constants[row])


@overload(kernel_at)
def _kernel_at(template, constants, row):
    family = _family_of(template)
    if family is None:
        return None
    kernel_class = family.kernel_class
    n = family.n_constants

    def impl(template, constants, row):
        return kernel_class(*to_fixed_tuple(constants[row], n))

    return impl
