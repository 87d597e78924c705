"""The one place for the mathematical functions numbamix formulas use.

Family code calls these, never ``math``/``numpy`` directly. The elementary
functions (exp, log, log1p, expm1, lgamma, erfc, log_ndtr) come in two
implementations chosen once per process by ``NUMBAMIX_MATH`` (see
:mod:`numbamix.config`): numbamix's own branch-free polynomial versions, which
LLVM vectorises (default), or libm's. The log-space special functions in
:mod:`.special` are written once on top of whichever is selected.

Submodules: :mod:`.constants`, :mod:`.elementary` (exp/log/log1p/expm1),
:mod:`.gamma` (lgamma), :mod:`.error_function` (erfc, log_ndtr),
:mod:`.tables` (log-factorials), :mod:`.libm` (the escape hatch), :mod:`.core` (the selection),
:mod:`.special` (incomplete gamma/beta, log1mexp, ...).
"""

from .bessel import i0e, i1e, log_i0e  # noqa: F401
from .beta_function import log_beta, log_beta_density  # noqa: F401
from .binomial_mass import log_binomial_mass, log_negative_binomial_mass  # noqa: F401
from .digamma import digamma, digamma_half_step  # noqa: F401
from .constants import HALF_LOG_2PI, INF, LOG_2, LOG_PI, NAN, SQRT_2
from .core import cos, erfc, exp, expm1, lgamma, lgamma_stirling, log, log1p, log_factorial, log_ndtr, mul_add, sqrt
from .logistic_normal import expit, logistic_normal_mean, logistic_normal_variance  # noqa: F401
from .marcum import log_marcum_p1, log_marcum_q1  # noqa: F401
from .normal_interval import log_ndtr_diff  # noqa: F401
from .normal_tail import erf_over_x, mills_ratio  # noqa: F401
from .owens_t import owens_t, owens_t_scaled  # noqa: F401
from .special import (
    STIRLING_CUT,
    lgamma_half_ratio,
    log1mexp,
    log1mexp_branch_free,
    log_betainc,
    log_gamma_density,
    log_gamma_density_scaled,
    log_gammainc,
    log_gammaincc,
)
from .tables import is_small_count, log_factorial_table
from .trigonometric import atan, atan2, tan  # noqa: F401
from .truncated_normal import log_ndtr_diff_width, log_tail_mass, mills_tails, offset_moments  # noqa: F401
from .von_mises import log_von_mises_arc, von_mises_moments  # noqa: F401

__all__ = [
    "HALF_LOG_2PI", "INF", "LOG_2", "LOG_PI", "NAN", "SQRT_2",
    "is_small_count", "log_factorial_table", "cos", "erfc", "exp", "expm1", "lgamma", "lgamma_stirling", "log", "log1p", "log_factorial", "log_ndtr", "mul_add", "sqrt",
    "STIRLING_CUT", "lgamma_half_ratio", "log1mexp", "log1mexp_branch_free", "log_betainc", "log_gamma_density", "log_gamma_density_scaled",
    "log_gammainc", "log_gammaincc",
]
