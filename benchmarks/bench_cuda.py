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
sees a GPU. Target (issue 8): at least 50 % of peak bandwidth at N = 10^8.
"""

import argparse
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
          "jax-GPU s  jax/kernel  max rel err GPU vs CPU (elements, sum)")
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
            jax_s = math.nan
            if jax_impl is not None:
                x_jax = jax_impl.prepare(x)
                jax_s = gpu_seconds(lambda: jax_impl.logp(x_jax), args.repeats, lambda: None)
            fraction = BYTES_PER_ELEMENT * x.size / kernel / peak
            sum_fraction = BYTES_PER_ELEMENT / 2 * x.size / total / peak
            print(f"{key:5}  {x.size:<7.0e}  {cpu:<8.3g}  {gpu:<8.3g}  {kernel:<8.3g}  {x.size / kernel:<8.3g}  "
                  f"{100 * fraction:<9.1f}  {total:<8.3g}  {100 * sum_fraction:<8.1f}  {jax_s:<9.3g}  "
                  f"{jax_s / kernel:<10.2f}  {err:.1e}, {err_sum:.1e}", flush=True)
            if x.size >= 10**8 and fraction < TARGET_BANDWIDTH_FRACTION:
                print(f"       below the target of {100 * TARGET_BANDWIDTH_FRACTION:.0f} % of peak bandwidth")
            del x_device, out


if __name__ == "__main__":
    main()
