"""Accuracy, IEEE special values and vectorisation of ``numbamix._math``'s elementary functions.

The functions are the mode-selected ones (``NUMBAMIX_MATH``), measured as they
run in kernels: inside a compiled loop (:func:`ulp.compiled_loop`).

* Error in ulps against an exact reference (:mod:`ulp`), on points drawn with
  a fixed seed over the whole domain and its delicate regions: 10**6 points
  each for exp/log/log1p/expm1 (numpy longdouble references, themselves
  checked against mpmath), 5 * 10**4 for lgamma (x > 0), erfc (normal results)
  and log_ndtr (mpmath references, about 40 us a point; also used, on
  5 * 10**4 points, for exp/log/log1p/expm1 where longdouble is just double).
  Bounds: 1 ulp for exp/log/log1p/expm1, 4 ulp for lgamma, erfc and log_ndtr.
  The distribution of the errors is printed (``pytest -s``) and is the
  failure message.
* Special values, compared exactly (signs of zero included): infinities, nan,
  signed zeros, subnormal arguments and results, the overflow and underflow
  thresholds, the poles of lgamma.
* Vectorisation: the LLVM IR of a loop calling the function has 256- or 512-bit
  double vectors and no call to libm.

With ``NUMBAMIX_MATH=libm`` the ulp bounds and the vectorisation test are
skipped (libm is what it is); the special values hold in both modes.
``benchmarks/accuracy.py`` measures the same on more points.
"""

import math
import re

import numpy as np
import pytest
import ulp

import numbamix._math as nm
from numbamix import config

LIBM = config.MATH == "libm"
libm_skip = pytest.mark.skipif(LIBM, reason="NUMBAMIX_MATH=libm: libm's accuracy and code are what they are")

INF = math.inf
NAN = math.nan
TINY = ulp.SMALLEST_SUBNORMAL
LARGEST = ulp.LARGEST

#: points per function: references from longdouble are fast, from mpmath about 40 us each
POINTS = {name: 10**6 if name in ulp.LONGDOUBLE else 5 * 10**4 for name in ulp.FUNCTIONS}
MAX_ULP = {"exp": 1.0, "log": 1.0, "log1p": 1.0, "expm1": 1.0, "lgamma": 4.0, "erfc": 4.0, "log_ndtr": 4.0}


@libm_skip
@pytest.mark.parametrize("name", ulp.FUNCTIONS)
def test_ulp_error(name):
    x = ulp.points(name, POINTS[name])
    summary = ulp.measure(name, getattr(nm, name), x, *ulp.reference(name, x))
    print(summary)
    assert summary.max <= MAX_ULP[name], str(summary)


@pytest.mark.parametrize("name", ulp.LONGDOUBLE)
def test_longdouble_references_agree_with_mpmath(name):
    """The longdouble references are exact to 0.01 ulp of double (measured: below 0.001)."""
    x = ulp.points(name, 5000, seed=1)
    ld_hi, ld_offset = ulp.longdouble_reference(name, x)
    mp_hi, mp_offset = ulp.mpmath_reference(name, x)
    # |(ld_hi + ld_offset ulp) - (mp_hi + mp_offset ulp)| in ulps
    deviation = ulp.ulp_errors(ld_hi, mp_hi, mp_offset - ld_offset)
    worst = int(np.argmax(deviation))
    assert deviation[worst] < 0.01, f"x = {x[worst]!r}: longdouble reference {deviation[worst]:.4f} ulp off"


#: (argument, exact result); thresholds and subnormal results as rounded from mpmath
SPECIAL_VALUES = {
    "exp": [
        (INF, INF), (-INF, 0.0), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0), (TINY, 1.0), (-TINY, 1.0),
        (709.782712893384, 1.7976931348622732e308), (709.7827128933841, INF), (1e308, INF),  # overflow
        (-708.3964185322641, 2.2250738585072626e-308), (-720.0, 2.0322308024e-313),  # subnormal results
        (-740.0, 4.2e-322), (-746.0, 0.0), (-1e308, 0.0),
    ],
    "log": [
        (INF, INF), (-INF, NAN), (NAN, NAN), (0.0, -INF), (-0.0, -INF), (-TINY, NAN), (-1.0, NAN),
        (1.0, 0.0), (LARGEST, 709.782712893384), (ulp.SMALLEST_NORMAL, -708.3964185322641),
        (1e-310, -713.8013788281542), (4e-323, -742.3606303797014), (TINY, -744.4400719213812),
    ],
    "log1p": [
        (INF, INF), (-INF, NAN), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0), (TINY, TINY), (-TINY, -TINY),
        (1e-300, 1e-300), (-1e-300, -1e-300), (-1.0, -INF), (-1.0000000000000002, NAN), (-2.0, NAN),
        (LARGEST, 709.782712893384),
    ],
    "expm1": [
        (INF, INF), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0), (TINY, TINY), (-TINY, -TINY),
        (1e-300, 1e-300), (-1e-300, -1e-300), (-50.0, -1.0), (-1e308, -1.0),
        (709.782712893384, 1.7976931348622732e308), (709.7827128933841, INF), (1e308, INF),
    ],
    "lgamma": [
        (INF, INF), (-INF, INF), (NAN, NAN), (0.0, INF), (-0.0, INF), (-1.0, INF), (-2.0, INF),
        (-1e10, INF), (-(2.0**52), INF), (1.0, 0.0), (2.0, 0.0), (TINY, 744.4400719213812),
        (2.5599833278516383e305, LARGEST), (2.5599833278516387e305, INF), (LARGEST, INF),  # overflow
    ],
    "erfc": [
        (INF, 0.0), (-INF, 2.0), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0), (TINY, 1.0), (-TINY, 1.0),
        (-30.0, 2.0), (-LARGEST, 2.0), (26.8, 2.484962157e-314), (27.0, 5.23705e-319),  # subnormal results
        (27.3, 0.0), (LARGEST, 0.0),
    ],
    "log_ndtr": [
        # log Phi(z) < 0 for every z, so its limit at +inf is -0
        (INF, -0.0), (-INF, -INF), (NAN, NAN), (0.0, -0.6931471805599453), (-0.0, -0.6931471805599453),
        (37.9, -1.286769202e-314), (38.0, -2.88542835e-316), (40.0, -0.0), (LARGEST, -0.0),  # subnormal, -0
        (-40.0, -804.6084420137538), (-1e154, -5e307), (-1.9e154, -INF), (-LARGEST, -INF),  # overflow
    ],
}


def _same(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))


@pytest.mark.parametrize("name", ulp.FUNCTIONS)
def test_special_values(name):
    f = getattr(nm, name)
    x, expected = np.array(SPECIAL_VALUES[name]).T
    in_loop = ulp.compiled_loop(f)(x)
    wrong = [
        f"{name}({xi!r}) = {got!r} ({how}), expected {want!r}"
        for xi, want, looped in zip(x.tolist(), expected.tolist(), in_loop.tolist())
        for got, how in ((f(xi), "scalar call"), (looped, "compiled loop"))
        if not _same(got, want)
    ]
    assert not wrong, "\n".join(wrong)


#: a call to a libm function, or to the LLVM intrinsic that becomes one
_LIBM_CALL = re.compile(r"call [^\n]*@((?:llvm\.)?(?:exp|exp2|log|log2|log10|log1p|expm1|lgamma|erf|erfc|pow)(?:\.f64)?)\(")


@libm_skip
@pytest.mark.parametrize("name", ulp.FUNCTIONS)
def test_vectorised(name):
    loop = ulp.compiled_loop(getattr(nm, name))
    loop(np.zeros(8))
    ir = "\n".join(loop.inspect_llvm().values())
    calls = sorted(set(_LIBM_CALL.findall(ir)))
    assert not calls, f"a loop over {name} calls libm: {calls}"
    vectorised = re.search(r"<[48] x double>", ir) is not None
    assert vectorised, f"a loop over {name} is not vectorised (no <4 x double> or <8 x double> in its LLVM IR)"
