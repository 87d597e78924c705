"""Bundled reference data sets (public domain, as distributed with R)."""

from importlib import resources

import numpy as np


def _load(name):
    with resources.files(__package__).joinpath("data", name).open("r") as f:
        return np.genfromtxt(f, delimiter=",", names=True)


def load_faithful():
    """Old Faithful eruptions: a structured array with fields ``eruptions`` (min) and ``waiting`` (min), 272 rows."""
    return _load("faithful.csv")


def load_galaxies():
    """Velocities (km/s) of 82 galaxies in the Corona Borealis region (Roeder 1990), a 1-d array."""
    return _load("galaxies.csv")["velocity"]
