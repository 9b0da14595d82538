"""Differential tests of argparse (kernel/torch/py/argparse.py) against CPython 3.11: each
program runs in the kernel and in python3 and must print the same (stderr goes to stdout
inside the programs, so usage texts and error messages are compared; each error exit is a
SystemExit caught and its code printed). A seeded random program builds parsers from random
argument specifications and parses random command lines."""
import sys

import pytest

from cpython_diff import assert_same

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

PROG_API = r'''
import sys
sys.stderr = sys.stdout
import argparse
p = argparse.ArgumentParser(prog="train", description="Train a model on some data with a long description that needs wrapping across lines for sure.", epilog="Have fun.")
p.add_argument("data", help="path to the data")
p.add_argument("--lr", type=float, default=0.01, help="learning rate (default: %(default)s)")
p.add_argument("--epochs", "-e", type=int, default=10)
p.add_argument("-v", "--verbose", action="count", default=0, help="more output")
p.add_argument("--no-cuda", action="store_true", help="disable CUDA")
p.add_argument("--tag", action="append", help="tags")
p.add_argument("--mode", choices=["train", "eval"], default="train", help="one of %(choices)s")
p.add_argument("--layers", nargs="+", type=int, help="layer sizes")
p.add_argument("--opt", nargs="?", const="adam", default="sgd")
p.add_argument("--flag", action="store_false")
p.add_argument("extra", nargs="*")
print(p.format_help(), end="")
print(p.format_usage(), end="")
print(p.parse_args(["d.csv"]))
print(p.parse_args(["d.csv", "--lr", "0.1", "-vv", "--tag", "a", "--tag=b", "--layers", "1", "2", "3", "--opt", "x", "--mode=eval", "-e5", "--no-cuda", "--flag"]))
print(p.parse_args(["--opt", "--lr", "1e-3", "d", "--ep", "3"]))
print(p.parse_known_args(["d", "--unknown", "z", "--lr", "2"]))
for bad in [[], ["d", "--lr", "abc"], ["d", "--mode", "x"], ["d", "--lr"], ["d", "--layers"], ["d", "--bogus"], ["d", "--l", "1"], ["d", "-vx"]]:
    try:
        p.parse_args(bad)
    except SystemExit as e:
        print("exit", e.code)
try:
    p.parse_args(["-h"])
except SystemExit as e:
    print("exit", e.code)
q = argparse.ArgumentParser(prog="q", exit_on_error=False)
q.add_argument("--n", type=int)
try:
    q.parse_args(["--n", "x"])
except argparse.ArgumentError as e:
    print("ArgumentError", e)
ns = argparse.Namespace(a=1, b="x")
print(ns, ns.a, "a" in ns, vars(ns), ns == argparse.Namespace(b="x", a=1))
g = argparse.ArgumentParser(prog="g", formatter_class=argparse.ArgumentDefaultsHelpFormatter)
m = g.add_mutually_exclusive_group()
m.add_argument("--fast", action="store_true", help="go fast")
m.add_argument("--slow", action="store_true", help="go slow")
grp = g.add_argument_group("model", "Model options")
grp.add_argument("--hidden", type=int, default=128, help="hidden size")
g.add_argument("--name", required=True)
print(g.format_help(), end="")
try:
    g.parse_args(["--fast", "--slow", "--name", "x"])
except SystemExit as e:
    print("exit", e.code)
print(g.parse_args(args=["--name", "n", "--hidden", "3"]))
try:
    p.add_argument("--lr")
except argparse.ArgumentError as e:
    print("ArgumentError", e)
print(argparse.ArgumentParser(prog="x").parse_args([]))
r = argparse.ArgumentParser(prog="r")
r.add_argument("a"); r.add_argument("b", nargs=2); r.add_argument("c", nargs="?", default="C")
print(r.parse_args(["1", "2", "3"]), r.parse_args(["1", "2", "3", "4"]))
try: r.parse_args(["1", "2"])
except SystemExit as e: print("exit", e.code)
print(r.parse_args(["--", "-1", "2", "3"]))
n = argparse.ArgumentParser(prog="n")
n.add_argument("x", type=int)
print(n.parse_args(["-5"]))
p2 = argparse.ArgumentParser(prog="nb")
p2.add_argument("--batch-size", type=int, default=64)
p2.add_argument("--seed", type=int, default=1)
args = p2.parse_args(args=[])
print(args.batch_size, args.seed, args)
print(p2.parse_args("--batch-size 8".split()).batch_size)
v = argparse.ArgumentParser(prog="v")
v.add_argument("--version", action="version", version="%(prog)s 1.0")
v.add_argument("--x", action=argparse.BooleanOptionalAction, default=True, help="x it")
v.add_argument("--c", action="store_const", const=42)
v.add_argument("--ac", action="append_const", const=1, dest="acc")
v.add_argument("--ext", action="extend", nargs="+", type=int)
print(v.format_help(), end="")
print(v.parse_args(["--no-x", "--c", "--ac", "--ac", "--ext", "1", "2", "--ext", "3"]))
try:
    v.parse_args(["--version"])
except SystemExit as e:
    print("exit", e.code)
t = argparse.ArgumentParser(prog="t", description="multi\nline", formatter_class=argparse.RawDescriptionHelpFormatter)
t.add_argument("--long-option-name-that-is-really-long", metavar="VALUE", help="a help text that is long enough to wrap onto a second line in an eighty column terminal")
t.add_argument("pos", metavar="P", nargs=2, help="two of them")
t.add_argument("--hidden", help=argparse.SUPPRESS)
print(t.format_help(), end="")
print(t.parse_args(["a", "b", "--long", "v"]))
for bad in [lambda: t.add_argument("x", required=True), lambda: t.add_argument("--y", action="nope"),
            lambda: t.add_argument("--z", type=5), lambda: t.add_argument("--q", nargs=0)]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
'''

PROG_RANDOM = r'''
import argparse, random, sys
sys.stderr = sys.stdout
random.seed(%d)
for i in range(150):
    p = argparse.ArgumentParser(prog="r%%d" %% i)
    specs = []
    for j in range(random.randint(1, 5)):
        if random.random() < 0.35:
            kw = {"nargs": random.choice([None, None, "?", "*", "+", 2])}
            if kw["nargs"] in ("?", "*") and random.random() < 0.5:
                kw["default"] = "D"
            name = "pos%%d" %% j
            p.add_argument(name, **kw)
            specs.append(("pos", name, kw))
        else:
            action = random.choice(["store", "store", "store_true", "count", "append"])
            kw = {"action": action}
            if action in ("store", "append"):
                kw["nargs"] = random.choice([None, None, "?", "+", "*"])
                if random.random() < 0.4:
                    kw["type"] = int
                if random.random() < 0.3:
                    kw["choices"] = ["1", "2", "a"] if "type" not in kw else [1, 2, 3]
                if random.random() < 0.3:
                    kw["default"] = random.choice(["5", 7, None] if action == "store" else [None, ["l"]])
                if kw["nargs"] == "?":
                    kw["const"] = "C"
                if random.random() < 0.2:
                    kw["required"] = True
            names = ["--opt%%d" %% j] + (["-" + "abcdefg"[j]] if random.random() < 0.5 else [])
            p.add_argument(*names, **kw)
            specs.append(("opt", names, kw))
    words = []
    for k in range(random.randint(0, 6)):
        r = random.random()
        if r < 0.4:
            s = random.choice(specs)
            words.append(random.choice(s[1]) if s[0] == "opt" else random.choice(["v", "1", "2"]))
        elif r < 0.8:
            words.append(random.choice(["1", "2", "3", "a", "x", "-1", "--", "--opt", "-z"]))
        else:
            words.append(random.choice(["--opt0=1", "-a1", "--nope", "--opt1=a"]))
    print(i, words, [s[0] for s in specs])
    print(p.format_usage(), end="")
    try:
        print(p.parse_args(words))
    except SystemExit as e:
        print("exit", e.code)
    try:
        print(p.parse_known_args(words))
    except SystemExit as e:
        print("exit", e.code)
'''


def test_argparse_api():
    assert_same(PROG_API)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_argparse_random(seed):
    assert_same(PROG_RANDOM % seed)


def test_in_a_notebook(kernel):
    """In a cell: parse_args(args=[]) works, a parse error shows its usage and message on
    stderr and ends the cell with SystemExit (the kernel lives on), logging writes to stderr."""
    from conftest import execute, stderr_of, stdout_of
    km, kc = kernel
    reply, msgs = execute(kc, "import argparse\np = argparse.ArgumentParser(prog='nb')\n"
                              "p.add_argument('--lr', type=float, default=0.1)\n"
                              "args = p.parse_args(args=[])\nprint(args.lr, args)")
    assert stdout_of(msgs) == "0.1 Namespace(lr=0.1)\n"
    reply, msgs = execute(kc, "p.parse_args(['--lr', 'x'])")
    assert reply["status"] == "error" and reply["ename"] == "SystemExit"
    assert stderr_of(msgs) == ("usage: nb [-h] [--lr LR]\n"
                               "nb: error: argument --lr: invalid float value: 'x'\n")
    reply, msgs = execute(kc, "import logging\nlogging.getLogger('x').warning('careful')\n"
                              "logging.basicConfig(level=logging.INFO, format='%(levelname)s %(message)s')\n"
                              "logging.info('hi %d', 3)\nprint(p.parse_args([]).lr)")
    assert reply["status"] == "ok"
    assert stderr_of(msgs) == "careful\nINFO hi 3\n"
    assert stdout_of(msgs) == "0.1\n"
