"""logp of the PyMC documentation examples on an NVIDIA GPU (``backend="cuda"``) against the CPU backend.

Run ``python benchmarks/bench_cuda.py`` (options: ``--sizes``, ``--models a,b``,
``--repeats``) on a machine with a GPU and numba-cuda; without one it says so and exits.
The four models are those of ``bench_logp.py``. For each model and N: seconds per call
(best of the repeats after a warm-up call that compiles), elements/s, and for the GPU the
fraction of the device's peak memory bandwidth reached, counting 16 bytes per element
(the value read, the result written; the mixture's constants stay in cache). Values are
already on the device and results stay there, as in a GPU pipeline: the times are the
kernels', not the PCIe copies'. GPU calls are issued back to back after a ramp that brings
the clocks up from idle; "GPU s" is a whole ``mix.logp`` call (a new result array each
time), "kernel s" the same writing into one preallocated array (the bandwidth column's
time). The summed log-likelihood (``numbamix.logp_sum``: 8 bytes per element read, one
partial sum per block written) is timed too, and numpyro (``jax.jit``) on the GPU where jax
sees a GPU. "fused s" is the practical limit of numbamix's formulas on the device: a
hand-fused CUDA kernel for a two-component list (models a, b, d) with the component
kernels passed by value, the log-weights precomputed and no layout arithmetic (the same
formulas and elementary functions; what the generic mixture loop costs on top of them).
Target (issue 8): at least 50 % of peak bandwidth at N = 10^8.
"""

import argparse
import functools
import importlib.metadata
import math
import os
import sys
import time

import numba
import numpy as np

import numbamix
import numbamix.cuda
from bench_logp import MODELS, Unavailable, build_mixture, build_numpyro, max_rel_err

TARGET_BANDWIDTH_FRACTION = 0.5
BYTES_PER_ELEMENT = 16


def peak_bandwidth(device):
    """Bytes/s the device's memory can move: 2 transfers per clock (DDR) x clock x bus width."""
    if not hasattr(device, "MEMORY_CLOCK_RATE"):  # the simulator (NUMBA_ENABLE_CUDASIM=1): a dry run
        return math.nan
    clock_hz = device.MEMORY_CLOCK_RATE * 1e3  # the attribute is in kHz
    return 2.0 * clock_hz * device.GLOBAL_MEMORY_BUS_WIDTH / 8.0


def seconds(call, repeats, sync):
    """Best of ``repeats`` timed calls, after a warm-up call; ``sync`` waits for the device."""
    call()
    sync()
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        sync()
        best = min(best, time.perf_counter() - start)
    return best


def gpu_seconds(call, repeats, sync, ramp_s=0.3):
    """Seconds per call of ``call`` on the GPU, issued back to back (as in a pipeline: the host
    queues the next launch while the device works): best of 3 rounds of ``repeats`` calls and one
    ``sync``, after ``ramp_s`` seconds of calls that bring the clocks up from idle."""
    call()
    sync()
    start = time.perf_counter()
    while time.perf_counter() - start < ramp_s:
        call()
        sync()
    best = math.inf
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeats):
            call()
        sync()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


@functools.cache
def fused_pair_kernel():
    """The hand-fused two-component logp kernel (compiled on first call; ``cuda`` is this module's
    global, as numba's simulator expects)."""
    global cuda
    from numba import cuda

    from numbamix import _math as m
    from numbamix.cuda import retarget  # noqa: F401  (the CUDA target's kernel_at)
    from numbamix.kernels.components import LOGP, evaluate, evaluate_vector

    @cuda.jit(device=True, inline=True)
    def term(kern, v, log_v, log_factorial_v):
        t = evaluate_vector(kern, v, log_v, log_factorial_v, LOGP)
        return evaluate(kern, v, LOGP) if t != t else t

    @cuda.jit
    def fused(k0, k1, log_w0, log_w1, x, out):
        for i in range(cuda.grid(1), x.size, cuda.gridsize(1)):
            v = x[i]
            log_v, log_factorial_v = m.log(v), m.log_factorial_table(v)
            a = log_w0 + term(k0, v, log_v, log_factorial_v)
            b = log_w1 + term(k1, v, log_v, log_factorial_v)
            hi = max(a, b)
            out[i] = hi + m.log1p(m.exp(min(a, b) - hi))

    return fused


def fused_call(model, x_device, out):
    """A call of the hand-fused kernel on ``model`` (a two-component list), or ``None``."""
    import numbamix.kernels as nk
    from numbamix.cuda import launch

    if model.batched or len(model.components) != 2:
        return None
    kernels = [getattr(nk, family)(*params) for family, params in model.components]
    log_w = np.log(model.w)
    kernel = fused_pair_kernel()
    blocks = launch._launch_size(x_device.size)  # the grid numbamix's own kernels get
    return lambda: kernel[blocks, launch.THREADS_PER_BLOCK](*kernels, log_w[0], log_w[1], x_device, out)


def numpyro_on_gpu(model):
    """numpyro's logp of ``model`` jitted on the GPU, or ``None`` where jax sees no GPU."""
    os.environ.setdefault("JAX_PLATFORMS", "cuda")
    try:
        impl = build_numpyro(model)
        import jax
    except (Unavailable, RuntimeError):
        return None
    return impl if jax.devices()[0].platform == "gpu" else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6,1e7,1e8", help="N values, comma-separated")
    parser.add_argument("--models", default=",".join(MODELS), help="models of bench_logp.py, comma-separated")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    try:
        cuda = numbamix.cuda.require()
    except (ImportError, RuntimeError) as error:
        sys.exit(f"bench_cuda: no GPU run possible here: {error}")
    from numbamix.cuda import launch
    from numbamix.kernels.components import LOGP

    device = cuda.get_current_device()
    peak = peak_bandwidth(device)
    name = getattr(device, "name", "the CUDA simulator")
    print(f"device: {name.decode() if isinstance(name, bytes) else name}, "
          f"peak memory bandwidth {peak / 1e9:.0f} GB/s (memory clock x bus width)")
    print(f"numba {numba.__version__}, numba-cuda {importlib.metadata.version('numba-cuda')}, "
          f"{os.cpu_count()} CPU cores for the CPU backend")
    print("model  N        CPU s     GPU s     kernel s  elem/s    % peak BW  sum s     sum % BW  "
          "fused s   kernel/fused  jax-GPU s  jax/kernel  max rel err GPU vs CPU (elements, sum, fused)")
    rng = np.random.default_rng(0)
    for key in args.models.split(","):
        model = MODELS[key]
        mix = build_mixture(numbamix, model)
        compiled = mix._compiled()
        jax_impl = numpyro_on_gpu(model)
        for n in (int(float(s)) for s in args.sizes.split(",")):
            x = model.values(rng, n)
            x_device = cuda.to_device(x)
            out = cuda.device_array(x.size)
            cpu = seconds(lambda: mix.logp(x, backend="cpu"), args.repeats, lambda: None)
            gpu = gpu_seconds(lambda: mix.logp(x_device, backend="cuda"), args.repeats, cuda.synchronize)
            kernel = gpu_seconds(lambda: launch.evaluate(compiled, LOGP, x_device, out), args.repeats, cuda.synchronize)
            total = gpu_seconds(lambda: numbamix.logp_sum(mix, x_device, backend="cuda"), args.repeats, lambda: None)
            reference = mix.logp(x, backend="cpu")
            err = max_rel_err(mix.logp(x_device, backend="cuda").copy_to_host(), reference)
            err_sum = abs(numbamix.logp_sum(mix, x_device, backend="cuda") / math.fsum(reference.ravel()) - 1.0)
            fused_s, fused_err = math.nan, math.nan
            call = fused_call(model, x_device, out)
            if call is not None:
                fused_s = gpu_seconds(call, args.repeats, cuda.synchronize)
                fused_err = max_rel_err(out.copy_to_host(), reference)
            jax_s = math.nan
            if jax_impl is not None:
                x_jax = jax_impl.prepare(x)
                jax_s = gpu_seconds(lambda: jax_impl.logp(x_jax), args.repeats, lambda: None)
            fraction = BYTES_PER_ELEMENT * x.size / kernel / peak
            sum_fraction = BYTES_PER_ELEMENT / 2 * x.size / total / peak
            print(f"{key:5}  {x.size:<7.0e}  {cpu:<8.3g}  {gpu:<8.3g}  {kernel:<8.3g}  {x.size / kernel:<8.3g}  "
                  f"{100 * fraction:<9.1f}  {total:<8.3g}  {100 * sum_fraction:<8.1f}  {fused_s:<8.3g}  "
                  f"{kernel / fused_s:<12.2f}  {jax_s:<9.3g}  {jax_s / kernel:<10.2f}  "
                  f"{err:.1e}, {err_sum:.1e}, {fused_err:.1e}", flush=True)
            if x.size >= 10**8 and fraction < TARGET_BANDWIDTH_FRACTION:
                print(f"       below the target of {100 * TARGET_BANDWIDTH_FRACTION:.0f} % of peak bandwidth")
            del x_device, out


if __name__ == "__main__":
    main()
