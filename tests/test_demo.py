"""The demo and the bundled data sets."""

import io
import subprocess
import sys

import numpy as np
import pytest
from numbamix import cli, datasets


def test_faithful_and_galaxies_are_bundled():
    faithful = datasets.load_faithful()
    assert faithful.shape == (272,)
    assert faithful.dtype.names == ("eruptions", "waiting")
    assert (faithful["waiting"].min(), faithful["waiting"].max()) == (43.0, 96.0)
    galaxies = datasets.load_galaxies()
    assert galaxies.shape == (82,)
    assert galaxies[0] == 9172.0


def test_demo_prints_the_hmc_fit_and_writes_the_plot(tmp_path):
    out = io.StringIO()
    plot = tmp_path / "demo.png"
    fit = cli.demo(out=out, draws=100, warmup=100, plot=str(plot))
    assert fit.weights.shape == (4, 100, 2)
    text = out.getvalue()
    expected = ["Compiling numba kernels", "100 / 200 iterations per chain  (warm-up done)",
                "200 / 200 iterations per chain", "posterior means [90% intervals]", "weight", "mean", "sd",
                "maximum log-likelihood: -1034.0018", "acceptance rate: 0.", "per second (N = 272, 4 chains)"]
    for line in expected:
        assert line in text
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "matplotlib is not installed" in text and not plot.exists()
    else:
        assert f"plot written to {plot}" in text
        assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_without_matplotlib_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    out = io.StringIO()
    cli._plot(str(tmp_path / "x.png"), np.arange(3.0), None, lambda *a: print(*a, file=out))
    assert "pip install 'numbamix[plot]'" in out.getvalue()


def test_command_line_entry_point(capsys):
    result = subprocess.run([sys.executable, "-m", "numbamix", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "demo" in result.stdout
    with pytest.raises(SystemExit):
        cli.main(["demo", "--help"])
    assert "--draws" in capsys.readouterr().out
    result = subprocess.run([sys.executable, "-m", "numbamix", "nonsense"], capture_output=True, text=True)
    assert result.returncode != 0 and "invalid choice" in result.stderr
