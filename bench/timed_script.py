"""Shared by the benchmarks that time one script in two interpreters (bench_interp.py,
bench_nn.py): the script prints 'TIME <seconds>' for its timed part; this runs it and reads
that line back, and computes the geometric mean of the ratios."""
import math
import subprocess


def timed(setup, stmt, prelude=""):
    """Source of a script that runs setup untimed, then prints the time stmt takes."""
    return (prelude + setup + "\nimport time\n_t0 = time.perf_counter()\n" + stmt +
            "\nprint('TIME', time.perf_counter() - _t0)\n")


def run_timed(argv, path, env=None, timeout=900):
    """Run argv + [path] and return the seconds its 'TIME' line reports."""
    p = subprocess.run(argv + [path], capture_output=True, text=True, timeout=timeout, env=env)
    for line in p.stdout.splitlines():
        if line.startswith("TIME "):
            return float(line.split()[1])
    raise RuntimeError("%s failed: %s" % (argv[0], (p.stderr or p.stdout)[-800:]))


def geomean(ratios):
    return math.exp(sum(map(math.log, ratios)) / len(ratios))
