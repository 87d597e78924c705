"""Is the mixture loop vectorised? Count packed AVX instructions in its machine code.

numba keeps the assembly of what it compiled in this process only (code loaded
from its disk cache has none), so :func:`packed_ops_in_fresh_process` runs
the counts in a new interpreter with an empty cache.
"""

import os
import re
import subprocess
import sys
import tempfile

import numba
import numpy as np

#: Packed double-precision arithmetic on 256- or 512-bit registers (AVX2, AVX-512).
PACKED_OP = re.compile(r"^\s*v(?:add|sub|mul|div|max|min|fn?m(?:add|sub)\d{3})pd\s.*%[yz]mm", re.M)


def packed_ops(dist):
    """``{loop: number of packed instructions}`` in the loops of ``dist``'s logp (a distribution or
    mixture): the loop over each component family's values (``numbamix.kernels.family_loops.terms``,
    keyed by family), the mixture's log-sum-exp (``"log-sum-exp"``, where it has several
    components) and the ``log x`` shared by its families (``"log x"``, where one uses it).

    Zero means that loop runs one value at a time. Call it where the kernels are compiled in
    this process (see :func:`packed_ops_in_fresh_process`).
    """
    from ..kernels import loop
    from ..kernels.components import LOGP, shared_values
    from ..kernels.family_loops import template_of, terms

    dist.logp(np.zeros(1, dtype=dist.dtype))
    compiled = dist._compiled()
    counts = {}
    for family in compiled.families:
        template = numba.typeof(template_of(family))
        signatures = [s for s in terms.signatures if s[0] == template]
        counts[template.instance_class.__name__.removesuffix("Kernel")] = _count(terms, signatures)
    if compiled.weights.shape[-1] > 1:
        counts["log-sum-exp"] = _count(loop._accumulate, loop._accumulate.signatures)
    if any("log" in shared_values(family, LOGP) for family in compiled.families):
        counts["log x"] = _count(loop._shared_values, loop._shared_values.signatures)
    return counts


def _count(dispatcher, signatures):
    return len(PACKED_OP.findall("".join(dispatcher.inspect_asm(s) for s in signatures)))


def packed_ops_in_fresh_process(expressions, setup="import numbamix"):
    """``{key: packed_ops(...)}`` for each distribution ``expressions[key]`` builds, in one new
    Python process with an empty numba cache (``setup`` runs first; the kernels the
    distributions share compile once)."""
    items = ", ".join(f"{key!r}: packed_ops({expression})" for key, expression in expressions.items())
    code = f"{setup}\nfrom numbamix.testing.vectorisation import packed_ops\nprint(repr({{{items}}}))"
    with tempfile.TemporaryDirectory(prefix="numbamix-asm-") as fresh:
        env = dict(os.environ, NUMBA_CACHE_DIR=fresh)
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return eval(result.stdout.strip().splitlines()[-1])
