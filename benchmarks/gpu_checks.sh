#!/usr/bin/env bash
# The checks of the CUDA backend that need a real NVIDIA GPU (issue 8), in one go:
# versions, a smoke test, benchmarks/bench_cuda.py, then the real-GPU test of tests/test_cuda.py
# (every family of the registry against the CPU backend, CuPy device arrays, draws).
# Run from the repository root, numbamix importable (installed, or PYTHONPATH=$PWD):
#   benchmarks/gpu_checks.sh [OUTPUT_FOLDER]      (default: gpu-checks)
# Environment: PYTHON (default python3), BENCH_ARGS (passed to bench_cuda.py),
# BENCH_S and TEST_S (time limits of the two steps, seconds), ALONGSIDE=1 to run the tests
# while the benchmark runs (saves device time; the CPU column is then measured on a busy CPU).
set -u -o pipefail
out=${1:-gpu-checks}
mkdir -p "$out"
py=${PYTHON:-python3}
export PYTHONUNBUFFERED=1 XLA_PYTHON_CLIENT_PREALLOCATE=false
export NUMBA_CACHE_DIR=${NUMBA_CACHE_DIR:-/tmp/numbamix-numba-cache}
{
    date -u
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv
    lscpu | grep -E "Model name|^CPU\(s\)"
    $py -c "import sys, numba, numpy, scipy, importlib.metadata as md; print(sys.version.split()[0], 'numba', numba.__version__, 'numba-cuda', md.version('numba-cuda'), 'numpy', numpy.__version__, 'scipy', scipy.__version__)"
} 2>&1 | tee "$out/versions.txt"
smoke="import numpy as np, numbamix as nm
mix = nm.Mixture([0.4, 0.6], [nm.Normal.dist(0, 1), nm.StudentT.dist(nu=4, mu=0, sigma=1)])
x = np.linspace(-5, 5, 11)
assert np.allclose(mix.logp(x, backend='cuda'), mix.logp(x), rtol=1e-12, atol=0), 'GPU and CPU differ'
print('smoke test: GPU logp equals the CPU logp')"
timeout 300 $py -c "$smoke" 2>&1 | tee "$out/smoke.txt" || exit 1
tests() {
    timeout "${TEST_S:-300}" $py -m pytest tests/test_cuda.py -q -n0 -p no:cacheprovider -k "real_gpu or errors_name" \
        > "$out/tests.txt" 2>&1
}
if [ "${ALONGSIDE:-0}" = 1 ]; then tests & fi
timeout "${BENCH_S:-240}" $py benchmarks/bench_cuda.py ${BENCH_ARGS:-} 2>&1 | tee "$out/bench.txt"
if [ "${ALONGSIDE:-0}" = 1 ]; then wait; else tests; fi
cat "$out/tests.txt"
