"""Property-based testing of densities, for numbamix and for its users.

``numbamix.testing.strategies`` generates valid parameters, values, batch
shapes and whole mixtures with hypothesis; ``numbamix.testing.checks`` asserts
properties of *any* density: a numbamix distribution, any object with the same
protocol (``logp``, ``logcdf``, ``random``, optional ``mean``/``variance``), or
plain callables wrapped by :func:`checks.from_callables`.

``check_distribution(dist_factory, params=...)`` runs every applicable check
under hypothesis, ready to drop into a pytest suite; failures raise
:class:`checks.CheckFailure` naming the parameters, the value, the expected and
actual numbers and the relative error, and hypothesis shrinks them to a
minimal counterexample.
"""

from . import checks, strategies
from .checks import CheckFailure, check_distribution

__all__ = ["CheckFailure", "check_distribution", "checks", "strategies"]
