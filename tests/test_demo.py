"""The demo and the bundled data sets."""

import io
import subprocess
import sys

import numpy as np
from scipy import optimize, special, stats

from numbamix import cli, datasets


def test_faithful_and_galaxies_are_bundled():
    faithful = datasets.load_faithful()
    assert faithful.shape == (272,)
    assert faithful.dtype.names == ("eruptions", "waiting")
    assert (faithful["waiting"].min(), faithful["waiting"].max()) == (43.0, 96.0)
    galaxies = datasets.load_galaxies()
    assert galaxies.shape == (82,)
    assert galaxies[0] == 9172.0


def _scipy_fit(x):
    """Independent maximum-likelihood fit with scipy's densities only."""

    def nll(theta):
        w1 = special.expit(theta[0])
        terms = np.log([1 - w1, w1]) + stats.norm.logpdf(x[:, None], theta[1:3], np.exp(theta[3:5]))
        return -special.logsumexp(terms, axis=1).sum()

    start = [0.0, np.percentile(x, 25), np.percentile(x, 75), np.log(5.0), np.log(5.0)]
    return optimize.minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20000})


def test_demo_fits_old_faithful_like_scipy():
    out = io.StringIO()
    fit = cli.demo(out=out)
    reference = _scipy_fit(datasets.load_faithful()["waiting"])
    assert fit.success
    np.testing.assert_allclose(-fit.fun, -reference.fun, rtol=1e-8)
    np.testing.assert_allclose(np.sort(fit.x[1:3]), np.sort(reference.x[1:3]), rtol=1e-4)
    text = out.getvalue()
    for expected in ("Compiling numba kernels", "log-likelihood: -1034.00", "numbamix", "scipy", "us"):
        assert expected in text


def test_command_line_entry_point():
    result = subprocess.run([sys.executable, "-m", "numbamix", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "demo" in result.stdout
    result = subprocess.run([sys.executable, "-m", "numbamix", "nonsense"], capture_output=True, text=True)
    assert result.returncode != 0 and "invalid choice" in result.stderr
