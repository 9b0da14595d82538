"""python -m tensorkernel.install [--user | --sys-prefix | --prefix DIR] [--name NAME]

Installs the tensorkernel kernelspec with kernel.json's argv set to the absolute path of
the installed ``tensorkernel`` executable, so Jupyter starts it directly (no Python start-up
in between) whatever the PATH. The spec a plain `pip install .` writes starts through
``python -m tensorkernel.launch`` instead, which also works from any PATH."""
import argparse
import json
import os
import shutil
import sys
import sysconfig
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


from .launch import find_executable  # noqa: E402  (re-exported)


DEFAULT_SPEC = {
    "argv": ["python", "-m", "tensorkernel.launch", "-f", "{connection_file}"],
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
        spec["argv"] = [executable or find_executable(), "-f", "{connection_file}"]
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
