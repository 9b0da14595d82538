"""The re module against CPython's (sre, also C), measured in one run: typical text
cleaning, tokenising and log parsing over about 1 MB of text, each in tk-python (the kernel's
re: kernel/torch/py/re.py over kernel/objects/mod_re.c) and in this machine's python3,
interleaved, CPU time of the timed part, best of --repeat. A row prints both times and the
ratio cpython_time / kernel_time (>= 1.0: the kernel is as fast or faster), then the
geometric mean.

  python bench/bench_re.py [--repeat 5] [--filter SUBSTR]
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

# ~1 MB of log-like text and ~1 MB of prose with some Latin-1 words (and a copy with CJK
# words, which the engine reads as 4-byte code points), built the same way by both
# interpreters (random is bit-exact with CPython's).
SETUP = """
import re, random
random.seed(7)
words = ['alpha', 'beta', 'gamma', 'delta', 'error', 'warning', 'café', 'naïve', 'x1', 'data_01']
lines = []
n = 0
while n < 1000000:
    l = '2024-01-%02d 12:%02d:%02d %s user%d@host%d.org %s: %s' % (
        random.randint(1, 28), random.randint(0, 59), random.randint(0, 59),
        random.choice(['INFO', 'WARN', 'ERROR']), random.randint(0, 999), random.randint(0, 9),
        random.choice(words), ' '.join(random.choice(words[:6]) for _ in range(8)))
    lines.append(l)
    n += len(l) + 1
log = '\\n'.join(lines)
prose = ' '.join(random.choice(words) + random.choice(['', ',', '.', ';']) for _ in range(140000))
cjk = prose.replace('café', '東京')
"""

PROGRAMS = [
    ("findall \\w+ (1 MB log)", "r = re.findall(r'\\w+', log)"),
    ("findall emails (1 MB)", "r = re.findall(r'[\\w.-]+@[\\w.-]+\\.\\w+', log)"),
    ("findall log fields, re.M", "r = re.findall(r'^(\\d{4})-(\\d\\d)-(\\d\\d) (\\S+) (ERROR|WARN)', log, re.M)"),
    ("sub \\s+ -> ' ' (1 MB)", "r = re.sub(r'\\s+', ' ', log)"),
    ("sub with groups \\2/\\1", "r = re.sub(r'(\\d+):(\\d+)', r'\\2/\\1', log)"),
    ("split [,.;\\s]+ (non-ASCII)", "r = re.split(r'[,.;\\s]+', prose)"),
    ("findall \\w+ (text with CJK)", "r = re.findall(r'\\w+', cjk)"),
    ("search literal miss", "r = [re.search('zzz', log) for _ in range(5)]"),
    ("finditer + group (20k)", "r = [m.group(1) for m in re.finditer(r'user(\\d+)', log[:600000])]"),
    ("match per line (20k)", "p = re.compile(r'(\\S+) (\\S+) (\\w+)')\nr = [p.match(l).group(3) for l in lines[:20000]]"),
    ("sub with a function", "r = re.sub(r'\\d+', lambda m: m.group()[::-1], log[:300000])"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--filter", default="")
    args = ap.parse_args()
    if not TK_PYTHON.exists():
        sys.exit("tk-python not built: %s (run make build)" % TK_PYTHON)
    print("%-32s %12s %12s %8s" % ("program", "kernel ms", "CPython ms", "ratio"))
    ratios = []
    for name, stmt in PROGRAMS:
        if args.filter not in name:
            continue
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(timed(SETUP, stmt, clock="process_time"))
            path = f.name
        try:
            k = c = float("inf")
            for _ in range(args.repeat):  # interleaved, best of each
                k = min(k, run_timed([str(TK_PYTHON)], path))
                c = min(c, run_timed([sys.executable, "-I"], path))
        finally:
            os.unlink(path)
        ratios.append(c / k)
        print("%-32s %12.1f %12.1f %7.2fx" % (name, k * 1e3, c * 1e3, c / k))
    if ratios:
        print("geometric mean: %.2fx CPython (>= 1.0: as fast or faster)" % geomean(ratios))


if __name__ == "__main__":
    main()
