"""The mixture loop runs vectorised (AVX2/AVX-512) for the families of the speed targets.

Counted in the machine code of the loop over each component family's values, of
the mixture's log-sum-exp and of the ``log x`` its families share, compiled in a
fresh process (code loaded from numba's cache has no assembly).
Skipped in ``NUMBAMIX_MATH=libm`` mode, where libm calls keep loops scalar.
"""

import pytest

from conftest import ALL_FAMILIES

from numbamix import config
from numbamix.testing.vectorisation import packed_ops_in_fresh_process

pytestmark = pytest.mark.skipif(config.MATH == "libm", reason="libm calls are not vectorised")

#: The mixtures of issue 4's speed targets (the batched Normal is the Normal loop).
MIXTURES = {
    "Normal + StudentT": "Mixture(w=[0.4, 0.6], comp_dists=[Normal.dist(0, 1), StudentT.dist(nu=4, mu=0, sigma=1)])",
    "2 Poissons": "Mixture(w=[0.3, 0.7], comp_dists=[Poisson.dist(2.0), Poisson.dist(9.0)])",
    "Gamma + LogNormal": "Mixture(w=[0.3, 0.7], comp_dists=[Gamma.dist(2.0, 1.0), LogNormal.dist(0.5, 0.6)])",
}
#: The catalogue families with vectorised formulas: ~10 s of uncached compilation each, so
#: checked with ``NUMBAMIX_TEST_FAMILIES=all``.
CATALOGUE_MIXTURES = {
    "continuous catalogue": "Mixture(w=[0.2] * 5, comp_dists=[SkewNormal.dist(0, 1, 2), Logistic.dist(0, 1), "
    "Rice.dist(1, 1), ExGaussian.dist(0, 1, 1), Beta.dist(2, 3)])",
    "discrete catalogue": "Mixture(w=[0.5, 0.5], comp_dists=[NegativeBinomial.dist(5, 2), DiscreteWeibull.dist(0.5, 1.5)])",
}


def test_component_loops_are_vectorised():
    # one fresh process for all (its numba compilation dominates the time)
    mixtures = {**MIXTURES, **CATALOGUE_MIXTURES} if ALL_FAMILIES else MIXTURES
    counts = packed_ops_in_fresh_process(mixtures, setup="from numbamix import *")
    scalar = {name: c for name, c in counts.items() if not c or not all(count > 0 for count in c.values())}
    assert not scalar, f"packed AVX ops per family: {scalar}"


def _vector_lines(dispatcher):
    return sum("ymm" in line or "zmm" in line for line in dispatcher.inspect_asm(dispatcher.signatures[0]).splitlines())


def test_interleaving_is_set_only_while_numbamix_compiles():
    """numbamix's kernels interleave two vectors per loop iteration (an LLVM option, process-wide):
    a loop compiled by numbamix's compiler differs, the user's own loops compiled before and after
    are the same."""
    import numba
    import numpy as np

    from numbamix import _math as m
    from numbamix._jit import InterleavingCompiler

    def exp_loop(x, out):
        for i in range(x.size):
            out[i] = m.exp(x[i])

    x, out = np.zeros(8), np.zeros(8)
    compiled = []
    for options in ({}, {"pipeline_class": InterleavingCompiler}, {}):
        dispatcher = numba.njit(error_model="numpy", **options)(exp_loop)
        dispatcher(x, out)
        compiled.append(_vector_lines(dispatcher))
    before, numbamix_loop, after = compiled
    assert before == after and numbamix_loop > before, compiled
