"""numbamix on Dask (issue 9): dask arrays in, the in-memory results out, also on a process cluster.

Every check compares with the in-memory call on the same data (itself checked against scipy
elsewhere), except the draws' goodness of fit (scipy's mixture cdf). Mixture types are those
other tests compile (Normal + StudentT, a batched Normal mixture, an MvNormal mixture), and
the main process evaluates each before the cluster's workers do, so that the workers load
numba's on-disk cache instead of compiling.
"""

import os
import pickle
import subprocess
import sys
import time

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

import numbamix as nm

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
import numbamix.dask as nmd  # noqa: E402 (after the skip)

pytestmark = pytest.mark.xdist_group("dask")

RNG = np.random.default_rng(9)
#: the structure test_gradients.py differentiates too (its compiled gradient is shared)
NT = nm.Mixture(w=[0.3, 0.7], comp_dists=[nm.Normal.dist(-0.2, 1.0), nm.StudentT.dist(4.0, 0.5, 1.0)])
DATA = RNG.normal(0.3, 1.6, 1000)
X = da.from_array(DATA, chunks=300)
#: batch shape (4,): the weights and the means vary along it
W4 = RNG.dirichlet(np.ones(3), size=4)
BATCHED = nm.Mixture(W4, nm.Normal.dist(mu=RNG.normal(scale=2.0, size=(4, 3)), sigma=[0.5, 1.0, 2.0]))
DATA4 = RNG.normal(0.0, 2.0, (50, 4))
COV = np.array([[[1.0, 0.3], [0.3, 0.5]], [[2.0, -0.4], [-0.4, 1.0]]])
#: batch shape (3,), event size 2
MV = nm.Mixture([0.4, 0.6], [nm.MvNormal.dist(mu=[[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], cov=COV[0]),
                              nm.MvNormal.dist(mu=[1.0, -1.0], cov=COV[1])])
DATA_MV = RNG.normal(scale=2.0, size=(40, 3, 2))


def check_sum(lazy, expected):
    assert isinstance(lazy, da.Array) and lazy.shape == ()
    assert_allclose(lazy.compute(), expected, rtol=1e-12)


@pytest.mark.parametrize("method", ["logp", "logcdf"])  # logccdf takes the same path
def test_elementwise_as_in_memory(method):
    got = getattr(nm, method)(NT, X)
    assert isinstance(got, da.Array) and got.chunks == X.chunks
    assert_array_equal(got.compute(), getattr(NT, method)(DATA))
    check_sum(getattr(nm, f"{method}_sum")(NT, X), getattr(nm, f"{method}_sum")(NT, DATA))


def test_numpy_in_numpy_out_and_dask_not_imported():
    assert type(nm.logp(NT, DATA)) is np.ndarray
    code = (
        "import sys, numbamix as nm; m = nm.Mixture([0.3, 0.7], [nm.Normal.dist(-0.2, 1.0), nm.StudentT.dist(4.0, 0.5, 1.0)]); "
        "nm.logp(m, [0.0]), nm.logp_sum(m, [0.0]); print('dask' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize("chunks", [(20, 4), (20, (1, 3)), ((10, 40), (2, 2))], ids=["sample", "batch", "both"])
def test_batched_chunked_along_sample_and_batch(chunks):
    x = da.from_array(DATA4, chunks=chunks)
    got = BATCHED.logp(x)
    assert got.chunks == x.chunks
    assert_array_equal(got.compute(), BATCHED.logp(DATA4))
    check_sum(nm.logp_sum(BATCHED, x), nm.logp_sum(BATCHED, DATA4))


def test_values_broadcast_against_the_batch():
    """A value column (50, 1) and a value row (4,) against batch (4,): the in-memory shapes;
    axes the value lacks or has of size 1 are one chunk."""
    column = da.from_array(DATA4[:, :1], chunks=(20, 1))
    got = BATCHED.logp(column)
    assert got.chunks == ((20, 20, 10), (4,))
    assert_array_equal(got.compute(), BATCHED.logp(DATA4[:, :1]))
    assert_array_equal(BATCHED.logp(da.from_array(DATA4[0], chunks=2)).compute(), BATCHED.logp(DATA4[0]))
    with pytest.raises(ValueError, match=r"value of shape \(50, 3\) does not broadcast against the batch shape \(4,\)"):
        BATCHED.logp(da.zeros((50, 3), chunks=10))


def test_multivariate_mixture():
    """Chunks along the sample, the batch and the event axis (rechunked into one)."""
    x = da.from_array(DATA_MV, chunks=(15, 2, 1))
    got = MV.logp(x)
    assert got.chunks == ((15, 15, 10), (2, 1))
    assert_array_equal(got.compute(), MV.logp(DATA_MV))
    check_sum(nm.logp_sum(MV, x), nm.logp_sum(MV, DATA_MV))
    with pytest.raises(NotImplementedError, match="logcdf is not defined for multivariate"):
        MV.logcdf(x)
    with pytest.raises(ValueError, match=r"Mixture: value of shape \(40, 3\) must have the event size 2"):
        MV.logp(x[..., 0])


def test_errors_name_the_value():
    with pytest.raises(TypeError, match="value must be real numbers .* got dtype complex128"):
        NT.logp(da.zeros(3, dtype=complex, chunks=2))
    with pytest.raises(TypeError, match="value must be a dask.array.Array, got Bag"):
        NT.logp(pytest.importorskip("dask.bag").from_sequence([1.0]))


def test_value_and_grad_as_in_memory():
    total, grads = NT.value_and_grad(X)  # a dask array: lazy, as numbamix.dask.value_and_grad
    assert isinstance(total, da.Array) and isinstance(grads["value"], da.Array)
    expected_total, expected = NT.value_and_grad(DATA)
    (total, grads) = dask.compute(total, grads)
    assert total == pytest.approx(expected_total, rel=1e-12)
    assert sorted(grads) == sorted(expected)
    for name in ("w", "logit_w", "params"):
        assert_allclose(grads[name], expected[name], rtol=1e-12, atol=1e-12 * np.abs(expected[name]).max())
    assert_array_equal(grads["value"], expected["value"])


def test_nested_value_and_grad_as_in_memory():
    """A batched Categorical component: its gradient ``"comp_dists.p"`` keeps its shape (2, 3)."""
    mix = nm.Mixture(w=[0.6, 0.4], comp_dists=nm.Categorical.dist(p=[[0.2, 0.5, 0.3], [0.1, 0.15, 0.75]]))
    counts = RNG.integers(0, 3, 500).astype(np.float64)
    expected_total, expected = mix.value_and_grad(counts)
    total, grads = dask.compute(*mix.value_and_grad(da.from_array(counts, chunks=120)))
    assert total == pytest.approx(expected_total, rel=1e-12)
    assert sorted(grads) == sorted(expected) and grads["comp_dists.p"].shape == (2, 3)
    for name in ("w", "logit_w", "comp_dists.p", "comp_dists.logit_p"):
        assert_allclose(grads[name], expected[name], rtol=1e-12, atol=1e-12 * np.abs(expected[name]).max())


def test_batched_value_and_grad_as_in_memory():
    """Batch shape (4,): chunks along the batch axis are joined (each block broadcasts as the whole)."""
    normal = nm.Normal.dist(mu=[-1.0, 0.0, 1.0, 2.0], sigma=1.5)
    expected_total, expected = normal.value_and_grad(DATA4)
    total, grads = dask.compute(*normal.value_and_grad(da.from_array(DATA4, chunks=(20, 2))))
    assert total == pytest.approx(expected_total, rel=1e-12)
    assert_allclose(grads["params"], expected["params"], rtol=1e-12)
    assert_array_equal(grads["value"], expected["value"])


def block_streams(seed, n):
    return np.random.SeedSequence(seed).spawn(n)


def test_draws_reproducible_per_block():
    """Block i draws as ``random`` does with ``SeedSequence(seed).spawn(n_blocks)[i]``."""
    draws = nm.draw(NT, draws=1000, random_seed=5, chunks=400)
    assert isinstance(draws, da.Array) and draws.chunks == ((400, 400, 200),)
    got = draws.compute()
    assert_array_equal(got, nm.draw(NT, draws=1000, random_seed=5, chunks=400).compute(scheduler="sync"))
    expected = [NT.random(size, rng=s) for size, s in zip((400, 400, 200), block_streams(5, 3))]
    assert_array_equal(got, np.concatenate(expected))
    assert not np.array_equal(got[:400], nm.draw(NT, draws=1000, random_seed=6, chunks=400)[:400].compute())
    assert nm.draw(NT, draws=10, random_seed=5, chunks="auto").chunks == ((10,),)


def test_draws_chunked_along_the_batch_and_event():
    """Batch blocks draw from the restricted mixture; multivariate draws keep the event axis whole."""
    draws = nm.draw(BATCHED, draws=30, random_seed=1, chunks=(20, 2)).compute()
    streams = block_streams(1, 4)
    first_block = nm.Mixture(W4[:2], nm.Normal.dist(mu=BATCHED.comp_dists.params["mu"][:2], sigma=[0.5, 1.0, 2.0]))
    assert_array_equal(draws[:20, :2], first_block.random(20, rng=streams[0]))
    mv = nm.draw(MV, draws=7, random_seed=2, chunks=(5, 3))
    assert mv.chunks == ((5, 2), (3,), (2,))
    assert_array_equal(mv.compute()[5:], MV.random(2, rng=block_streams(2, 2)[1]))


def test_draws_goodness_of_fit():
    draws = nm.draw(NT, draws=20000, random_seed=11, chunks=3000).compute()

    def cdf(x):
        return 0.3 * stats.norm.cdf(x, -0.2, 1.0) + 0.7 * stats.t.cdf(x, 4.0, 0.5, 1.0)

    assert stats.kstest(draws, cdf).pvalue > 1e-3


def test_pickles_as_parameters():
    NT.logp(0.0)  # the compiled form exists and is left out
    assert len(pickle.dumps(NT)) < 1000
    assert_array_equal(pickle.loads(pickle.dumps(BATCHED)).logp(DATA4), BATCHED.logp(DATA4))


# ------------------------------------------------------------------ on a process cluster


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    # the workers load what this process compiled (numba's cache) rather than compile it
    NT.random(10, rng=0), nm.logp_sum(NT, DATA)
    BATCHED.logp(DATA4), nm.logp_sum(BATCHED, DATA4)
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


def test_cluster_results_as_in_memory(client):
    x = da.from_array(DATA4, chunks=(20, 2))
    draws = nm.draw(NT, draws=1000, random_seed=5, chunks=400)
    got = client.compute([BATCHED.logp(x), nm.logp_sum(BATCHED, x), draws], sync=True)
    assert_array_equal(got[0], BATCHED.logp(DATA4))
    assert got[1] == pytest.approx(nm.logp_sum(BATCHED, DATA4), rel=1e-12)
    assert_array_equal(got[2], draws.compute(scheduler="threads"))


def test_worker_killed_mid_computation(client):
    """A worker process killed while the summed log-likelihood of lazily drawn data is being
    computed: dask recomputes its lost blocks, and the total is the same to the last bit."""
    draws = nm.draw(NT, draws=2_000_000, random_seed=3, chunks=100_000)
    slow = draws.map_blocks(lambda block: (time.sleep(0.1), block)[1], dtype=np.float64)  # 20 slow blocks
    total = nm.logp_sum(NT, slow)
    expected = client.compute(total, sync=True)
    future = client.compute(total)
    victim = next(iter(client.run(os.getpid).values()))
    time.sleep(0.3)  # a few blocks done, most to do
    assert not future.done()
    os.kill(victim, 9)
    assert future.result(timeout=120) == expected


def test_em_example_on_the_cluster(client, capsys):
    """docs/examples/dask_em.py's fit (warm start in memory, then EM on the cluster) recovers
    the mixture it drew the points from (200 000 points: standard errors below 0.01)."""
    import importlib.util

    path = os.path.join(os.path.dirname(__file__), os.pardir, "docs", "examples", "dask_em.py")
    spec = importlib.util.spec_from_file_location("dask_em", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    x = nm.draw(example.TRUTH, draws=200_000, random_seed=4, chunks=50_000)
    with client.as_current():  # the example's progress bar finds the client as the current one
        w, mu, sigma = example.fit(x, client, warm_start=20_000)
    assert "all 2e+05 points (on the cluster)" in capsys.readouterr().out
    assert_allclose(w, example.TRUTH.w, atol=0.01)
    assert_allclose(mu, example.TRUTH.comp_dists.params["mu"], atol=0.03)
    assert_allclose(sigma, example.TRUTH.comp_dists.params["sigma"], atol=0.03)
