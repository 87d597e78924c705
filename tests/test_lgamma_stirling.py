"""``m.lgamma_stirling`` (the negative binomial's vectorised lgamma) is ``m.lgamma`` from 8 on, bit for bit."""

import numba
import numpy as np

from numbamix import _math as m


@numba.njit
def _both(x):
    out = np.empty((2, x.size))
    for i in range(x.size):
        out[0, i] = m.lgamma_stirling(x[i])
        out[1, i] = m.lgamma(x[i])
    return out


def test_lgamma_stirling_is_lgamma_from_8():
    rng = np.random.default_rng(5)
    x = np.concatenate([
        [8.0, np.nextafter(8.0, 9.0), 8.5, 1023.0 + 25.05, 1e4, 2.5e305, 1e306, np.inf],
        8.0 + rng.exponential(20.0, 5000),
        10.0 ** rng.uniform(np.log10(8.0), 300.0, 5000),
    ])
    stirling, lgamma = _both(x)
    np.testing.assert_array_equal(stirling, lgamma)
