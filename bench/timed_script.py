"""Shared by the benchmarks that time one script in two interpreters (bench_interp.py,
bench_nn.py): the script prints 'TIME <seconds>' for its timed part; this runs it and reads
that line back, and computes the geometric mean of the ratios."""
import math
import subprocess


def timed(setup, stmt, prelude="", clock="perf_counter"):
    """Source of a script that runs setup untimed, then prints the time stmt takes, read from
    time.<clock>: perf_counter (wall time) or process_time (the CPU time the process used,
    which other load on a shared machine barely disturbs; right for one-threaded work)."""
    return (prelude + setup + "\nimport time\n_t0 = time.%s()\n" % clock + stmt +
            "\nprint('TIME', time.%s() - _t0)\n" % clock)


def run_timed(argv, path, env=None, timeout=900):
    """Run argv + [path] and return the seconds its 'TIME' line reports."""
    p = subprocess.run(argv + [path], capture_output=True, text=True, timeout=timeout, env=env)
    for line in p.stdout.splitlines():
        if line.startswith("TIME "):
            return float(line.split()[1])
    raise RuntimeError("%s failed: %s" % (argv[0], (p.stderr or p.stdout)[-800:]))


def geomean(ratios):
    return math.exp(sum(map(math.log, ratios)) / len(ratios))
