"""Runs the meson of the Python that runs the build (meson-python's `meson` setting in
pyproject.toml). `pip install --no-build-isolation .` from a virtual environment that is
not activated then finds the venv's meson without it being on PATH.

It also marks the build as a wheel build (TENSORKERNEL_WHEEL_BUILD=1): meson-python maps
Meson's {datadir} to the root of the wheel's data scheme (the environment's prefix), so
kernelspec/meson.build installs the kernelspec to {datadir}/share/jupyter/kernels there, which
lands in <prefix>/share/jupyter/kernels where Jupyter looks."""
import os
import sys

from mesonbuild.mesonmain import main

if __name__ == "__main__":
    os.environ["TENSORKERNEL_WHEEL_BUILD"] = "1"
    sys.exit(main())
