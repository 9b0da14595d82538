"""python -m tensorkernel.launch -f CONNECTION_FILE: start this environment's tensorkernel.

The kernelspec that `pip install .` writes runs this module with argv[0] "python", which
jupyter_client replaces with its own interpreter, so the kernel starts from any Jupyter of
the environment whatever its PATH. The module finds the executable installed with this
package and execs it (same process id, so Jupyter's interrupt signals reach the kernel).
`python -m tensorkernel.install` writes a kernelspec with the executable's absolute path
instead, which skips this Python start-up."""
import os
import shutil
import sys
import sysconfig


def _candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    # <prefix>/lib/pythonX.Y/site-packages/tensorkernel -> <prefix>/bin: the executable
    # installed alongside this package, whichever prefix that was
    prefix = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(here))))
    yield os.path.join(prefix, "bin", "tensorkernel")
    for scheme in (None, "%s_user" % os.name):
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        yield os.path.join(scripts, "tensorkernel")
    yield os.path.join(sys.prefix, "bin", "tensorkernel")


def find_executable():
    """The tensorkernel executable of this installation (next to the package's prefix, the
    environment's scripts dirs, then PATH); FileNotFoundError if none."""
    seen = []
    for c in _candidates():
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
        seen.append(c)
    w = shutil.which("tensorkernel")
    if w:
        return os.path.abspath(w)
    raise FileNotFoundError("tensorkernel executable not found (looked in %s and on PATH); "
                            "install the package with `pip install .` first" % ", ".join(seen))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        exe = find_executable()
    except FileNotFoundError as e:
        sys.stderr.write("tensorkernel.launch: %s\n" % e)
        return 1
    os.execv(exe, [exe] + list(argv))


if __name__ == "__main__":
    sys.exit(main())
