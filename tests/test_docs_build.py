"""The documentation site builds with warnings as errors, runs its examples and renders.

One Sphinx build (every notebook page executed, so a broken example fails it) into a
temporary folder, shared by the module; the checks then read the HTML, its plots and,
where Chromium is installed, screenshots of the main pages (``docs/check_site.py``).
"""

import html
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sphinx", reason="the docs extra is not installed: pip install -e '.[docs]'")
pytest.importorskip("myst_nb", reason="the docs extra is not installed: pip install -e '.[docs]'")

pytestmark = pytest.mark.xdist_group("docs")

DOCS = Path(__file__).resolve().parent.parent / "docs"
_spec = importlib.util.spec_from_file_location("check_site", DOCS / "check_site.py")
check_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_site)

PLOTTED_PAGES = ("getting_started", "shapes", "samplers", "performance")


def sphinx(source, out):
    """Build the HTML of ``source`` into ``out`` as the README says: warnings are errors, and an
    example's error is printed with its traceback (``-T``)."""
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-T", "-j", "auto", "-q",
                           "-b", "html", str(source), str(out)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    build = sphinx(DOCS, out)
    assert build.returncode == 0, f"the docs build failed:\n{build.stdout[-5000:]}\n{build.stderr[-10000:]}"
    return out


def text_of(page):
    """The visible text of an HTML page's main part (no sidebar, tags and scripts removed)."""
    main = page.read_text().split('role="main"', 1)[-1].split('class="sphinxsidebar"', 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("name", check_site.MAIN_PAGES)
def test_main_pages_have_content(site, name):
    assert len(text_of(site / f"{name}.html")) > 800


@pytest.mark.parametrize("name", PLOTTED_PAGES)
def test_plots_are_drawn_at_build_time(site, name):
    images = check_site.plots(site / f"{name}.html")
    assert images, f"{name}.html shows no plot"
    for png in images:
        assert png.is_file() and png.stat().st_size > 5000, png
        assert check_site.distinct_colours(png) >= check_site.MIN_PLOT_COLOURS, png


def test_examples_ran(site):
    """Outputs of executed cells are in the pages: the error messages, printed by the code."""
    guide = text_of(site / "user_guide.html")
    assert "Normal: 'sigma' must be > 0" in guide
    assert "check_normalisation failed: total mass 2" in text_of(site / "testing.html")


def test_family_catalogue_comes_from_the_registry(site):
    from numbamix.families import FAMILIES

    catalogue = text_of(site / "families.html")
    assert all(name in catalogue for name in FAMILIES)


def test_every_python_example_is_executed():
    """Python code in the pages is in executed cells (``{code-cell}``), never a static ``python`` block,
    and every page with cells is a notebook (a kernelspec in its front matter)."""
    for page in DOCS.glob("*.md"):
        text = page.read_text()
        assert not re.search(r"^\s*```python\s*$", text, flags=re.M), f"{page.name}: a python block not run"
        if "```{code-cell}" in text:
            assert text.startswith("---\nfile_format: mystnb\nkernelspec:"), f"{page.name} is not executed"


def test_a_broken_example_fails_the_build(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text((DOCS / "conf.py").read_text())
    front_matter = (DOCS / "getting_started.md").read_text().split("# ", 1)[0]
    cell = "```{code-cell} ipython3\nimport numbamix\nnumbamix.Normal.dist(0.0, -1.0)\n```\n"
    (source / "index.md").write_text(f"{front_matter}# A broken example\n\n{cell}")
    build = sphinx(source, tmp_path / "html")
    assert build.returncode != 0
    assert "Normal: 'sigma' must be > 0" in build.stdout + build.stderr


@pytest.mark.skipif(not check_site.CHROMIUM.exists(), reason="Chromium is not installed (/usr/bin/chromium)")
def test_pages_render_in_chromium(site, tmp_path):
    assert check_site.check(site, tmp_path) == []
