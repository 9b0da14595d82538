"""python -m tensorkernel.install [--user | --sys-prefix | --prefix DIR] [--name NAME]

Installs the tensorkernel kernelspec with kernel.json's argv[0] set to the absolute path of
the installed ``tensorkernel`` executable, so Jupyter finds it whatever the PATH."""
import argparse
import json
import os
import shutil
import sys
import sysconfig
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def find_executable():
    """The installed tensorkernel executable (scripts dir of this environment, then PATH)."""
    cands = [os.path.join(sysconfig.get_path("scripts"), "tensorkernel"),
             os.path.join(sys.prefix, "bin", "tensorkernel")]
    for c in cands:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    w = shutil.which("tensorkernel")
    if w:
        return os.path.abspath(w)
    raise FileNotFoundError("tensorkernel executable not found (looked in %s and on PATH); "
                            "install the package with `pip install .` first" % cands[0])


DEFAULT_SPEC = {
    "argv": ["tensorkernel", "-f", "{connection_file}"],
    "display_name": "Tensor Kernel",
    "language": "python",
    "interrupt_mode": "signal",
    "metadata": {"debugger": False},
}


def _spec_source():
    """The kernelspec template folder (kernel.json + logos), or None to use DEFAULT_SPEC."""
    for d in (os.path.join(HERE, "kernelspec"),
              os.path.join(sys.prefix, "share", "jupyter", "kernels", "tensorkernel")):
        if os.path.isfile(os.path.join(d, "kernel.json")):
            return d
    return None


def install(user=False, prefix=None, name="tensorkernel", executable=None):
    """Install the kernelspec; returns the directory it went to."""
    from jupyter_client.kernelspec import KernelSpecManager
    src = _spec_source()
    with tempfile.TemporaryDirectory() as tmp:
        spec = json.loads(json.dumps(DEFAULT_SPEC))
        if src:
            for f in os.listdir(src):
                shutil.copy(os.path.join(src, f), tmp)
            with open(os.path.join(tmp, "kernel.json")) as f:
                spec = json.load(f)
        path = os.path.join(tmp, "kernel.json")
        spec["argv"][0] = executable or find_executable()
        with open(path, "w") as f:
            json.dump(spec, f, indent=1)
        return KernelSpecManager().install_kernel_spec(tmp, name, user=user, prefix=prefix)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m tensorkernel.install", description=__doc__.split("\n\n")[1])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--user", action="store_true", help="install for the current user")
    g.add_argument("--sys-prefix", action="store_true", help="install into sys.prefix (default)")
    g.add_argument("--prefix", help="install under this prefix")
    ap.add_argument("--name", default="tensorkernel", help="kernelspec name")
    a = ap.parse_args(argv)
    prefix = None if a.user else (a.prefix or sys.prefix)
    dest = install(user=a.user, prefix=prefix, name=a.name)
    print("installed kernelspec %s in %s" % (a.name, dest))


if __name__ == "__main__":
    main()
