"""Look at the built site as a reader would: headless Chromium screenshots of the main pages.

    python docs/check_site.py docs/_build/html [--shots DIR]

Each main page is opened in headless Chromium (Debian's ``chromium`` package) at
1280 x 2000 pixels and its screenshot saved. A page passes when the screenshot has at
least ``MIN_COLOURS`` distinct colours (a blank or unstyled page has a handful; text,
code and plots give hundreds) and, where the page has plots, when they are PNG files of
at least ``MIN_PLOT_COLOURS`` colours. Prints one line per page; exits 1 on a failure.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from matplotlib import image

CHROMIUM = Path("/usr/bin/chromium")
MAIN_PAGES = ("index", "getting_started", "user_guide", "shapes", "pymc", "samplers", "testing",
              "performance", "families", "api")
MIN_COLOURS = 64
MIN_PLOT_COLOURS = 64


def distinct_colours(png):
    """The number of distinct RGB colours of the PNG file ``png``."""
    pixels = (image.imread(png)[..., :3] * 255).round().astype(np.uint32)
    return np.unique(pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2]).size


def plots(page):
    """The PNG images an HTML page shows (paths relative to the site's root resolved)."""
    names = re.findall(r'<img[^>]*src="([^"]+\.png)"', page.read_text())
    return [(page.parent / name).resolve() for name in names]


def screenshot(page, png):
    """Render ``page`` in headless Chromium into ``png``."""
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", "--window-size=1280,2000", page.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)


def check(site, shots):
    """Failures (strings) of the main pages of the HTML build ``site``; screenshots go to ``shots``."""
    failures = []
    for name in MAIN_PAGES:
        page, png = Path(site) / f"{name}.html", Path(shots) / f"{name}.png"
        if not page.is_file():
            failures.append(f"{name}: no {page}")
            continue
        screenshot(page, png)
        colours = distinct_colours(png)
        poor = [p.name for p in plots(page) if not p.is_file() or distinct_colours(p) < MIN_PLOT_COLOURS]
        print(f"{name:16} {colours:6d} colours, {len(plots(page))} plots", flush=True)
        if colours < MIN_COLOURS:
            failures.append(f"{name}: the screenshot has {colours} colours (< {MIN_COLOURS}): blank?")
        if poor:
            failures.append(f"{name}: missing or blank plots {poor}")
    return failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the HTML build, e.g. docs/_build/html")
    parser.add_argument("--shots", type=Path, help="folder for the screenshots (default: a temporary one)")
    args = parser.parse_args(argv)
    shots = args.shots or Path(tempfile.mkdtemp(prefix="numbamix-site-"))
    shots.mkdir(parents=True, exist_ok=True)
    failures = check(args.site, shots)
    print("\n".join(failures) or f"all {len(MAIN_PAGES)} pages render; screenshots in {shots}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
