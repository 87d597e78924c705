"""Regenerates the exp polynomial ``_EXP_Q`` of :mod:`numbamix._math.elementary`.

Run ``python -m numbamix._math.fit_elementary`` (needs mpmath) and paste its
output over the constant. ``Q(r) = (exp(r) - 1 - r) / r**2`` is interpolated
at the Chebyshev nodes of [-0.35, 0.35] (the reduced argument is at most
ln(2)/2 = 0.3466 plus rounding), computed at 256 bits.
"""

import mpmath as mp

from .fit_gamma import _error_comment, _numbers, chebyshev_interpolant

mp.mp.prec = 256

EXP_DEGREE = 10
EXP_HALF_WIDTH = mp.mpf("0.35")


def exp_q(r):
    with mp.workprec(2000):  # (exp(r) - 1 - r) / r**2 cancels near the node closest to 0
        return (mp.exp(r) - 1 - r) / r**2


if __name__ == "__main__":
    coefficients, error = chebyshev_interpolant(exp_q, -EXP_HALF_WIDTH, EXP_HALF_WIDTH, EXP_DEGREE)
    _error_comment(error)
    print(f"_EXP_Q = np.array([\n{_numbers(map(float, coefficients), '    ', ',')}\n])")
