"""``NUMBAMIX_MATH``: the libm escape hatch works, passes the conformance tests, and bad values are refused.

The mode is fixed when numbamix is imported, so every check of the other mode
runs in a fresh interpreter.
"""

import os
import subprocess
import sys

import numpy as np
import pytest

import numbamix
from numbamix import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: The conformance tests (references, mpmath far tails, support edges) of the families whose
#: formulas lean most on exp, log, lgamma, log_ndtr and the incomplete gamma: Normal and Gamma
#: (libm mode compiles without a cache: all families would take most of the suite's time budget).
CONFORMANCE = (
    "(match_reference or far_tails or out_of_support) and not hypothesis and (Normal or Gamma)"
    " and not Half and not Inverse and not Logit and not Skew and not Truncated and not Hurdle and not ZeroInflated"
)


def run_python(mode, *args):
    env = dict(os.environ, NUMBAMIX_MATH=mode)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_default_mode_is_fast_and_cached():
    if os.environ.get("NUMBAMIX_MATH", "fast") != "fast":
        pytest.skip("the suite runs in another math mode")
    assert config.MATH == "fast" and config.CACHE


def test_unknown_mode_is_refused_with_the_choices():
    result = run_python("svml", "-c", "import numbamix")
    assert result.returncode != 0
    assert "NUMBAMIX_MATH must be one of ('fast', 'libm'), got 'svml'" in result.stderr


def test_libm_mode_calls_libm_and_agrees_with_fast_mode():
    code = (
        "import numpy as np, numbamix\n"
        "from numbamix import _math, config\n"
        "assert config.MATH == 'libm' and not config.CACHE\n"
        "assert _math.exp is _math.libm.exp and _math.lgamma is _math.libm.lgamma\n"
        "mix = numbamix.Mixture(w=[0.4, 0.6], comp_dists=[numbamix.Normal.dist(0, 1), numbamix.StudentT.dist(nu=4)])\n"
        "print(repr(mix.logp(np.linspace(-30, 30, 61)).tolist()))\n"
    )
    result = run_python("libm", "-c", code)
    assert result.returncode == 0, result.stderr
    libm_values = np.array(eval(result.stdout))
    mix = numbamix.Mixture(w=[0.4, 0.6], comp_dists=[numbamix.Normal.dist(0, 1), numbamix.StudentT.dist(nu=4)])
    np.testing.assert_allclose(mix.logp(np.linspace(-30, 30, 61)), libm_values, rtol=1e-14)


def test_conformance_suite_passes_with_libm():
    result = run_python("libm", "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-n", "0",
                        "tests/test_families.py", "-k", CONFORMANCE)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
