"""The CUDA backend (:mod:`numbamix.cuda`) against the CPU backend, under numba's CUDA simulator.

The simulator must be chosen before ``numba.cuda`` is first imported, and the rest of
the suite must not run in it: one subprocess (this file run as a script) evaluates
every case below on both backends (``NUMBA_ENABLE_CUDASIM=1``, and
``NUMBAMIX_BACKEND=cuda``, so the default backend is exercised too) and writes the
results to an ``.npz`` file the tests read. Inputs are tiny: the simulator runs each
element as Python. Families: the core ones (all with ``NUMBAMIX_TEST_FAMILIES=all``,
as the catalogue's other heavy checks), each with two parameter sets (batch shape
``(2,)``); the PyMC documentation examples of ``benchmarks/bench_logp.py``.

On a machine with an NVIDIA GPU, :func:`test_real_gpu_matches_cpu` runs the same
script on the device for every family of the registry, in concurrent subprocesses (one
per core, up to 12), with CuPy device arrays too where CuPy is installed; it is skipped
elsewhere. ``benchmarks/gpu_checks.sh`` runs it with the GPU benchmark.
"""

import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
from types import SimpleNamespace

import numba
import numpy as np
import pytest
from conftest import ALL_FAMILIES, CORE_FAMILIES
from numpy.testing import assert_allclose, assert_array_equal

import numbamix as nm
from numbamix.families import FAMILIES

pytest.importorskip("numba_cuda", reason="numba-cuda is not installed (pip install numbamix[cuda])")

#: one xdist worker: the simulator run (a module fixture) is made once
pytestmark = pytest.mark.xdist_group("cuda")

RTOL = 1e-12
METHODS = ("logp", "logcdf", "logccdf")
NAMES = sorted(FAMILIES) if ALL_FAMILIES else sorted(CORE_FAMILIES)
KS_DRAWS = 300
#: What each PyMC example checks: logp and its sum; all methods for (b), whose logcdf the draws'
#: KS test needs anyway (each CPU mixture type and method is a compilation of its own: seconds each).
EXAMPLE_METHODS = {"a": ("logp", "logp_sum"), "b": (*METHODS, "logp_sum"), "c": ("logp", "logp_sum"), "d": ("logp", "logp_sum")}


def _params(family):
    """Two parameter sets of ``family`` (the first two fixed sets of tests/test_families.py that
    meet its constraint), stacked: batch shape ``(2,)``."""
    from test_families import fixed_params, satisfies

    sets = [p for p in fixed_params(family) if satisfies(family, p)]
    sets = (sets * 2)[:2]
    return {name: [s[name] for s in sets] for name in family.names}


def _values(family, params):
    """Values of shape ``(n, 2)``: a grid across the support's edges and, where the scipy
    reference has them, its 10/50/90 % quantiles for each parameter set."""
    grid = [-1.5, 0.0, 0.3, 1.0, 2.0, 7.0]
    rows = [[v, v] for v in grid]
    quantiles = [family.reference(**{n: params[n][j] for n in family.names}) for j in range(2)]
    if all(hasattr(q, "ppf") for q in quantiles):
        rows += np.stack([q.ppf([0.1, 0.5, 0.9]) for q in quantiles], axis=1).tolist()
    return rows


def _cases(names=NAMES):
    cases = {}
    for name in names:
        family = FAMILIES[name]
        params = _params(family)
        cases[name] = {"params": params, "values": _values(family, params)}
    return cases


# --------------------------------------------------------------------------------- the script


def _examples():
    """The PyMC documentation examples (benchmarks/bench_logp.py) and small values of each."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent.parent / "benchmarks"))
    from bench_logp import MODELS, build_mixture

    rng = np.random.default_rng(7)
    return {key: (build_mixture(nm, model), model.values(rng, 20)) for key, model in MODELS.items()}


def _run_script(out, cases, example_keys, extras):
    """Both backends on every case and example, and (``extras``) the draws and the error checks;
    results (numpy arrays) into ``out``, an ``.npz`` path."""
    cuda_imported_by_numbamix = "numba.cuda" in sys.modules
    from numba import cuda

    results = {"cuda_imported_by_numbamix": np.array(cuda_imported_by_numbamix)}
    for name, case in cases.items():
        dist = getattr(nm, name).dist(**case["params"])
        x = np.array(case["values"])
        for method in METHODS:
            results[f"{name}/{method}/cpu"] = getattr(nm, method)(dist, x, backend="cpu")
            results[f"{name}/{method}/cuda"] = getattr(nm, method)(dist, x)  # NUMBAMIX_BACKEND=cuda
    examples = _examples()
    for key in example_keys:
        mix, x = examples[key]
        for method in EXAMPLE_METHODS[key]:
            results[f"example {key}/{method}/cpu"] = getattr(nm, method)(mix, x, backend="cpu")
            results[f"example {key}/{method}/cuda"] = getattr(nm, method)(mix, x, backend="cuda")
        # device array in, device array out
        results[f"example {key}/device/cuda"] = mix.logp(cuda.to_device(x)).copy_to_host()
        if not numba.config.ENABLE_CUDASIM and importlib.util.find_spec("cupy") is not None:
            import cupy  # another library's device array (__cuda_array_interface__)

            results[f"example {key}/cupy/cuda"] = mix.logp(cupy.asarray(x)).copy_to_host()
    if not extras:
        np.savez(out, **results)
        return
    mix = examples["b"][0]
    draws = mix.random(KS_DRAWS, rng=11)
    results["draws"] = draws
    results["draws cdf"] = np.exp(mix.logcdf(draws, backend="cpu"))
    results["draws again"] = mix.random(KS_DRAWS, rng=11)
    results["draws other seed"] = mix.random(KS_DRAWS, rng=12)
    if "a" in example_keys:
        results["draws poisson"] = examples["a"][0].random((4, 5), rng=3)
    try:
        nm.MvNormal.dist(mu=np.zeros(2), cov=np.eye(2)).logp(np.zeros(2))
    except NotImplementedError as error:
        results["multivariate error"] = np.array(str(error))
    np.savez(out, **results)


# --------------------------------------------------------------------------------- the tests


def _run(tmp_path_factory, simulator, names=NAMES, processes=1):
    """Run this file as a script on every case of ``names`` and every example, in ``processes``
    concurrent subprocesses (the families dealt out between them; the first also runs the examples,
    the draws and the error checks); their results, merged."""
    folder = tmp_path_factory.mktemp("cuda")
    env = dict(os.environ, NUMBAMIX_BACKEND="cuda", NUMBA_ENABLE_CUDASIM="1" if simulator else "0")
    cases = _cases(names)
    runs = []
    for part in range(processes):
        share = {name: cases[name] for name in list(cases)[part::processes]}
        spec = folder / f"spec{part}.json"
        spec.write_text(json.dumps([share, list(EXAMPLE_METHODS) if part == 0 else [], part == 0]))
        log = open(folder / f"log{part}.txt", "w+")
        command = [sys.executable, __file__, str(folder / f"results{part}.npz"), str(spec)]
        runs.append((subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env), log))
    results = {}
    for part, (run, log) in enumerate(runs):
        run.wait()
        log.seek(0)
        assert run.returncode == 0, log.read()[-4000:]
        log.close()
        results.update(np.load(folder / f"results{part}.npz"))
    return results


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    return _run(tmp_path_factory, simulator=True)


def _assert_backends_agree(results, case):
    cpu, gpu = results[f"{case}/cpu"], results[f"{case}/cuda"]
    assert cpu.shape == gpu.shape
    assert_array_equal(np.isnan(gpu), np.isnan(cpu))
    assert_allclose(gpu, cpu, rtol=RTOL, atol=0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("family", NAMES)
def test_family_matches_cpu(simulated, family, method):
    _assert_backends_agree(simulated, f"{family}/{method}")


@pytest.mark.parametrize(("example", "method"), [(e, m) for e, methods in EXAMPLE_METHODS.items() for m in methods])
def test_pymc_examples_match_cpu(simulated, example, method):
    _assert_backends_agree(simulated, f"example {example}/{method}")


def test_device_arrays_in_and_out(simulated):
    for example in "abcd":
        assert_array_equal(simulated[f"example {example}/device/cuda"], simulated[f"example {example}/logp/cuda"])


def _assert_draws_fit_reproducible_and_seeded(results):
    from scipy import stats

    draws, cdf = results["draws"], results["draws cdf"]
    # Kolmogorov-Smirnov against the mixture's own cdf (from the CPU backend)
    ks = np.abs(np.arange(1, draws.size + 1) / draws.size - np.sort(cdf)).max()
    assert stats.kstwo.sf(ks, draws.size) > 1e-3
    assert_array_equal(results["draws again"], draws)
    assert not np.array_equal(results["draws other seed"], draws)
    poisson = results["draws poisson"]
    assert poisson.shape == (4, 5) and poisson.dtype == np.int64 and (poisson >= 0).all()


def test_draws_fit_reproducible_and_seeded(simulated):
    _assert_draws_fit_reproducible_and_seeded(simulated)


def test_import_does_not_import_numba_cuda(simulated):
    assert not simulated["cuda_imported_by_numbamix"]


def test_multivariate_not_implemented(simulated):
    assert "MvNormal" in str(simulated["multivariate error"])


def test_errors_name_what_is_missing(monkeypatch):
    from numbamix import cuda

    with pytest.raises(ValueError, match=r"backend must be one of \('cpu', 'cuda'\).*got 'gpu'"):
        nm.Normal.dist(0, 1).logp(0.0, backend="gpu")
    monkeypatch.setattr(cuda.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"needs the numba-cuda package.*pip install numbamix\[cuda\]"):
        nm.Normal.dist(0, 1).logp(0.0, backend="cuda")
    with pytest.raises(ImportError, match="numba-cuda"):
        nm.set_backend("cuda")
    assert nm.config.BACKEND == "cpu"
    monkeypatch.undo()
    monkeypatch.setattr(np, "__version__", "2.5.2")
    monkeypatch.setattr(cuda.importlib.metadata, "version", lambda name: "0.30.4")
    with pytest.raises(ImportError, match=r"numba-cuda 0\.30\.4 cannot compile kernels with numpy 2\.5\.2.*numpy<2\.5"):
        nm.Normal.dist(0, 1).logp(0.0, backend="cuda")
    monkeypatch.undo()
    assert cuda.version_tuple("0.31.0.dev1+g12") == (0, 31, 0)
    if not _has_gpu():
        with pytest.raises(RuntimeError, match="found no usable NVIDIA GPU.*NUMBA_ENABLE_CUDASIM=1"):
            nm.Normal.dist(0, 1).logp(0.0, backend="cuda")


def _has_gpu():
    return shutil.which("nvidia-smi") is not None and os.environ.get("NUMBA_ENABLE_CUDASIM", "0") != "1"


@pytest.mark.skipif(not _has_gpu(), reason="needs an NVIDIA GPU")
def test_real_gpu_matches_cpu(tmp_path_factory):
    """On a GPU: every family of the registry (whatever NUMBAMIX_TEST_FAMILIES says; one process per
    core, up to 12, compiling the kernels), the examples with numba and CuPy device arrays, the draws."""
    results = _run(tmp_path_factory, simulator=False, names=sorted(FAMILIES), processes=min(12, os.cpu_count()))
    cases = {key.rsplit("/", 1)[0] for key in results if key.endswith("/cpu")}
    assert {name for name in FAMILIES if f"{name}/logp" in cases} == set(FAMILIES)
    for case in cases:
        _assert_backends_agree(results, case)
    for key in (key for key in results if key.endswith(("/device/cuda", "/cupy/cuda"))):
        assert_array_equal(results[key], results[key.rsplit("/", 2)[0] + "/logp/cuda"])
    _assert_draws_fit_reproducible_and_seeded(results)
    assert "MvNormal" in str(results["multivariate error"])


def _can_compile_ptx():
    import numba
    from numba import cuda

    try:
        cuda.compile_ptx(lambda x: x, (numba.float64,), device=True, cc=PTX_CC)
    except Exception:  # no NVVM (numba-cuda without its CUDA toolkit wheels, numba-cuda[cu12])
        return False
    return True


PTX_CC = (9, 0)


@pytest.fixture(scope="module")
def ptx_compiler():
    if os.environ.get("NUMBA_ENABLE_CUDASIM", "0") == "1" or not _can_compile_ptx():
        pytest.skip("needs NVVM: pip install numba-cuda[cu12]")
    import numba.cuda.dispatcher

    # device functions are compiled for the current device's compute capability: none here
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numba.cuda.dispatcher, "get_current_device", lambda: SimpleNamespace(compute_capability=PTX_CC))
        yield


@pytest.mark.parametrize("family", NAMES)
def test_logp_kernel_compiles_for_a_gpu(ptx_compiler, family):
    """PTX of the logp kernel of a two-component mixture of ``family`` (no GPU needed, only NVVM)."""
    import numba
    from numba import cuda

    from numbamix.cuda import kernels, launch
    from numbamix.kernels.components import LOGP

    params = _params(FAMILIES[family])
    dist = getattr(nm, family).dist(**params)
    mix = nm.Mixture([0.5, 0.5], [dist, dist])
    compiled = mix._compiled()
    shape, strides = launch._layout(compiled, (3, 2), compiled.out_shape((3, 2)))
    args = (*launch._mixture_args(launch.host_mixture(compiled)), np.empty(6), shape, strides, np.empty(6))
    ptx, _ = cuda.compile_ptx(kernels.evaluate_kernel(LOGP).py_func, tuple(map(numba.typeof, args)), cc=PTX_CC)
    assert ".entry" in ptx


if __name__ == "__main__":
    _run_script(sys.argv[1], *json.loads(pathlib.Path(sys.argv[2]).read_text()))
