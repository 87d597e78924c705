"""The one registry of component families.

Each family module describes itself with a :class:`Family` and registers it
here. Validation, the front-end classes, the dispatch of the compiled loops and
the conformance tests all read this table, so adding a family is one module
plus one :func:`register` call.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Domain:
    """The set a parameter lives in: a test on arrays and its wording."""

    description: str
    contains: Callable[[np.ndarray], np.ndarray]


REAL = Domain("finite", np.isfinite)
POSITIVE = Domain("> 0 and finite", lambda v: np.isfinite(v) & (v > 0))
NONNEGATIVE = Domain(">= 0 and finite", lambda v: np.isfinite(v) & (v >= 0))
PROBABILITY = Domain("in [0, 1]", lambda v: (v >= 0) & (v <= 1))
COUNT = Domain(
    "a non-negative integer",
    lambda v: np.isfinite(v) & (v >= 0) & (np.floor(v) == v),
)


@dataclass(frozen=True)
class Param:
    """A named parameter with its domain, default and a typical range.

    ``typical`` is the range test-data generators draw from by default.
    """

    name: str
    domain: Domain
    typical: tuple
    default: float | None = None


@dataclass(frozen=True)
class Parametrization:
    """An alternative set of parameters and its conversion to the canonical one.

    ``to_canonical`` maps a dict of validated float arrays (this
    parametrisation's names) to a dict keyed by the canonical names.
    """

    params: tuple
    to_canonical: Callable[[dict], dict]

    @property
    def names(self):
        return tuple(p.name for p in self.params)


@dataclass(frozen=True)
class Family:
    """Everything numbamix knows about one component family.

    The compiled pieces are scalar numba functions over a *kernel*: a
    ``NamedTuple`` of the parameters plus constants derived once from them
    (``make_kernel(*canonical_params)``), so per-value work never recomputes
    e.g. ``lgamma`` of a parameter.
    """

    name: str
    params: tuple
    kernel_class: type
    make_kernel: Callable
    logp: Callable
    logp_vector: Callable | None
    logcdf: Callable
    logccdf: Callable | None
    draw: Callable
    mean: Callable
    variance: Callable
    support_point: Callable | None
    discrete: bool
    reference: Callable
    alternatives: tuple = ()
    constraint: Callable | None = None
    support: tuple = (-np.inf, np.inf)
    support_bounds: Callable | None = None
    shared_values: tuple = ()
    grad_logp: Callable | None = None
    #: points of a continuous family that carry probability mass (a hurdle's 0): there
    #: ``logp`` is the log of that mass (PyMC's convention), and checks add the masses to integrals
    atoms: tuple = ()
    doc: str = field(default="", repr=False)

    @property
    def names(self):
        return tuple(p.name for p in self.params)

    @property
    def parametrizations(self):
        canonical = Parametrization(self.params, lambda values: values)
        return (canonical,) + tuple(self.alternatives)

    @property
    def n_constants(self):
        return len(self.kernel_class._fields)


#: Functions of the value that the mixture loop computes once for all components
#: (``logp_vector``'s arguments after ``x``, in this order).
SHARED_VALUES = ("log", "log_factorial")

FAMILIES: dict = {}
BY_KERNEL: dict = {}


def register(module_globals, name, **spec):
    """Register the family whose formulas a module defines, and return it.

    The module defines ``<name>Kernel`` (its kernel class), ``make_kernel``,
    ``logp``, ``logcdf``, ``logccdf`` (log of the survival function
    ``P(X > x)``, accurate where the cdf is near 1), ``draw``, ``mean``,
    ``variance``, and optionally
    ``logp_vector(k, x, log_x, log_factorial_x)`` (a branch-free logp for
    the common case, giving ``nan`` where ``logp`` itself must decide: lets
    the mixture loop vectorise when ``logp`` has exact slow paths; the loop
    computes ``log(x)`` and ``log(x!)`` (from the table, for small counts) once
    per value for all components where the family names them in
    ``shared_values``, a subset of :data:`SHARED_VALUES`; otherwise they are
    unspecified numbers), ``support_point`` (default, PyMC's rule: the mean, rounded down for
    discrete families) and ``support`` (``(lower, upper)`` from the kernel,
    where the bounds depend on parameters; otherwise the constant ``support``
    field, default the real line) and ``grad_logp(k, x)`` (the tuple ``(logp, d logp/d param_1,
    ..., d logp/d param_n, d logp/d x)``: derivatives with respect to the canonical parameters
    in order and the value, ``nan`` for discrete families; ``-inf`` and zero derivatives
    outside the support); its docstring documents the family. ``spec`` gives
    the remaining :class:`Family` fields.
    """
    g = module_globals
    family = Family(
        name=name,
        kernel_class=g[f"{name}Kernel"],
        make_kernel=g["make_kernel"],
        logp=g["logp"],
        logp_vector=g.get("logp_vector"),
        logcdf=g["logcdf"],
        logccdf=g.get("logccdf"),
        draw=g["draw"],
        mean=g["mean"],
        variance=g["variance"],
        support_point=g.get("support_point"),
        support_bounds=g.get("support"),
        grad_logp=g.get("grad_logp"),
        doc=g["__doc__"],
        **spec,
    )
    if not set(family.shared_values) <= set(SHARED_VALUES):
        raise ValueError(f"shared_values of {name} must be among {SHARED_VALUES}, got {family.shared_values}")
    if family.name in FAMILIES or family.kernel_class in BY_KERNEL:
        raise ValueError(f"family {family.name!r} is already registered")
    FAMILIES[family.name] = family
    BY_KERNEL[family.kernel_class] = family
    return family


def scipy_stats():
    """``scipy.stats``, imported on first use (references serve tests, not the kernels)."""
    import scipy.stats

    return scipy.stats
