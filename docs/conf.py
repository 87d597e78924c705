"""Sphinx configuration of the numbamix documentation.

Build (warnings are errors, every example is executed):
``python -m sphinx -W --keep-going -T -j auto -b html docs docs/_build/html``.

The pages are MyST Markdown, readable on GitHub as they are. Pages with a
``kernelspec`` in their front matter are notebooks that myst-nb executes at every
build, so their outputs and plots come from the code of the day. The family
catalogue is rendered from the registry (``numbamix.families.FAMILIES``) whatever
``docs/families.md`` holds, so it cannot drift from the code.
"""

import numbamix
from numbamix.families.catalogue import markdown

project = "numbamix"
author = "the numbamix developers"
release = version = numbamix.__version__

extensions = ["myst_nb", "numpydoc", "sphinx.ext.autodoc", "sphinx.ext.mathjax"]
exclude_patterns = ["_build"]
myst_heading_anchors = 2
myst_enable_extensions = ["dollarmath"]
# benchmarks/RESULTS.md, included in the performance page, goes from ## to #### headings
suppress_warnings = ["myst.header"]

# every notebook page runs at every build; an error in an example fails the build
nb_execution_mode = "force"
nb_execution_in_temp = True
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 300
nb_merge_streams = True

autodoc_default_options = {"members": True, "member-order": "bysource"}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "alabaster"
html_title = f"numbamix {release}"
html_theme_options = {"description": "Mixture distributions at compiled speed, with PyMC's semantics",
                      "page_width": "95%", "body_max_width": "none"}  # wide tables and code


def _rewrite_source(app, docname, source):
    """The text of ``families.md`` is the catalogue the registry gives now; links to
    ``benchmarks/RESULTS.md`` (outside the site) go to the performance page, which includes it."""
    if docname == "families":
        source[0] = markdown()
    source[0] = source[0].replace("](../benchmarks/RESULTS.md)", "](performance.md)")


def setup(app):
    app.connect("source-read", _rewrite_source)
