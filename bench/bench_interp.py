"""Pure-Python speed of the kernel's interpreter against CPython, measured in one run.

Each program runs in tk-python (the kernel's interpreter without a front end,
build/kernel/tk-python) and in this machine's python3, interleaved, each timed by its own
time.perf_counter() around the work (start-up excluded) as the best of --repeat runs. A row
prints both times and the ratio cpython_time / kernel_time (>= 1.0: the kernel is as fast or
faster), then the geometric mean. Both interpreters are single-threaded, so the time is the
CPU time each process used (time.process_time), which other load on a shared machine barely
disturbs; --wall times with perf_counter instead.

  python bench/bench_interp.py [--repeat 5] [--filter SUBSTR]
"""
import argparse
import os
import pathlib
import sys
import tempfile

from timed_script import geomean, run_timed, timed

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
TK_PYTHON = BUILD / "kernel" / "tk-python"

PROGRAMS = [
    ("fib(24)", """
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
""", "fib(24)"),
    ("loop s += i * 2 (1M)", "", """
s = 0
for i in range(1000000):
    s += i * 2
"""),
    ("while loop (1M)", "", """
i = 0
while i < 1000000:
    i += 1
"""),
    ("filtered listcomp (300k)", "", "r = [x * 2 for x in range(300000) if x % 3]"),
    ("dict counting (200k)", "words = ['w%d' % (i % 500) for i in range(200000)]", """
d = {}
for w in words:
    d[w] = d.get(w, 0) + 1
"""),
    ("str build/join (100k)", "", """
parts = []
for i in range(100000):
    parts.append(str(i))
s = ','.join(parts)
n = len(s.split(','))
"""),
    ("method calls (300k)", """
class Counter:
    def __init__(self):
        self.n = 0
    def add(self, k):
        self.n += k
        return self.n
c = Counter()
""", """
for i in range(300000):
    c.add(1)
"""),
    ("object creation (100k)", """
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y
""", "ps = [P(i, i + 1) for i in range(100000)]"),
    ("operator overloading (100k)", """
class V:
    def __init__(self, x):
        self.x = x
    def __add__(self, o):
        return V(self.x + o.x)
""", """
v = V(0)
one = V(1)
for i in range(100000):
    v = v + one
"""),
    ("sorted with key (200k)", "data = [(i * 7919) % 200003 for i in range(200000)]",
     "r = sorted(data, key=lambda x: -x)"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--filter", default="")
    ap.add_argument("--wall", action="store_true",
                    help="time with perf_counter instead of the process's CPU time")
    args = ap.parse_args()
    if not TK_PYTHON.exists():
        sys.exit("tk-python not built: %s (run make build)" % TK_PYTHON)
    print("%-30s %12s %12s %8s" % ("program", "kernel ms", "CPython ms", "ratio"))
    ratios = []
    for name, setup, stmt in PROGRAMS:
        if args.filter not in name:
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(timed(setup, stmt, clock="perf_counter" if args.wall else "process_time"))
            path = f.name
        try:
            k = c = float("inf")
            for _ in range(args.repeat):  # interleaved, best of each
                k = min(k, run_timed([str(TK_PYTHON)], path))
                c = min(c, run_timed([sys.executable, "-I"], path))
        finally:
            os.unlink(path)
        ratios.append(c / k)
        print("%-30s %12.1f %12.1f %7.2fx" % (name, k * 1e3, c * 1e3, c / k))
    if ratios:
        print("geometric mean: %.2fx CPython (>= 1.0: as fast or faster)"
              % geomean(ratios))


if __name__ == "__main__":
    main()
