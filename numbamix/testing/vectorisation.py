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
    """``{family: number of packed instructions}`` in the loop computing each component
    family's logp (``numbamix.kernels.family_loops.terms``), for distribution or mixture ``dist``.

    Zero means the family's logp runs one value at a time. Call it where the
    kernels are compiled in this process (see :func:`packed_ops_in_fresh_process`).
    """
    from ..kernels.family_loops import template_of, terms

    dist.logp(np.zeros(1, dtype=dist.dtype))
    counts = {}
    for family in dist._compiled().families:
        template = numba.typeof(template_of(family))
        signatures = [s for s in terms.signatures if s[0] == template]
        asm = "".join(terms.inspect_asm(s) for s in signatures)
        counts[template.instance_class.__name__.removesuffix("Kernel")] = len(PACKED_OP.findall(asm))
    return counts


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
