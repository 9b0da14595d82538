"""Generator switch cost: the same programs in tk-python (build/kernel/tk-python) and in this
Python (CPython), in one run, best of 3 each; prints milliseconds and the ratio.

    .venv/bin/python bench/bench_generators.py            # TK_BUILD_DIR picks another build
"""
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
TK = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")) / "kernel" / "tk-python"

CASES = {
    # one switch pair per item: the generator machinery against a list built first
    "sum(genexp) 1M": "s = sum(x for x in range(N))",
    "sum(listcomp) 1M (no generator)": "s = sum([x for x in range(N)])",
    "for x in gen() 1M": "def gen(n):\n    for i in range(n):\n        yield i\n"
                         "s = 0\nfor x in gen(N):\n    s += x",
    "for x in range() 1M (no generator)": "s = 0\nfor x in range(N):\n    s += x",
    "100k short genexps": "s = 0\nfor i in range(N // 10):\n    s += sum(x for x in (1, 2, 3))",
    "yield from chain 3 deep, 300k": "def a(n):\n    yield from range(n)\ndef b(n):\n"
                                     "    yield from a(n)\ndef c(n):\n    yield from b(n)\n"
                                     "s = sum(c(N * 3 // 10))",
}

TEMPLATE = "import time\nN = 10 ** 6\nt0 = time.perf_counter()\n%s\nprint(time.perf_counter() - t0)\n"


def best(argv, src):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(TEMPLATE % src)
    try:
        times = []
        for _ in range(3):
            out = subprocess.run(argv + [f.name], capture_output=True, text=True, check=True)
            times.append(float(out.stdout.strip().splitlines()[-1]))
        return min(times)
    finally:
        os.unlink(f.name)


def main():
    print("%-38s %10s %10s %8s" % ("case", "tk ms", "cpython ms", "ratio"))
    for name, src in CASES.items():
        tk = best([str(TK)], src)
        cp = best([sys.executable], src)
        print("%-38s %10.1f %10.1f %7.2fx" % (name, tk * 1e3, cp * 1e3, tk / cp))


if __name__ == "__main__":
    main()
