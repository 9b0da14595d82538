"""Differential tests of the standard modules notebooks import (random, collections,
functools, itertools, string, os, sys, __future__): every program runs in the kernel and in
CPython 3.11 (this process's python3), and the printed output and the final exception line
("ERR Type: message") must be identical. random must be bit-exact: 200 seeds, each with a
generated sequence of calls to every function; itertools and deque/Counter get generated
argument combinations and operation sequences."""
import contextlib
import io
import random
import sys

import pytest

from conftest import execute, stdout_of

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")


def cpython(code):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<cell>", "exec"), {"__name__": "__main__"})
    except SyntaxError as e:
        return out.getvalue() + "ERR SyntaxError: %s\n" % e.msg
    except Exception as e:  # noqa: BLE001 -- the exception line is what is compared
        return out.getvalue() + "ERR %s: %s\n" % (type(e).__name__, e)
    return out.getvalue()


def kernel_run(kc, code):
    reply, msgs = execute(kc, code)
    got = stdout_of(msgs)
    if reply["status"] == "error":
        got += "ERR %s: %s\n" % (reply["ename"], reply["evalue"])
    return got


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def check(kc, code):
    assert kernel_run(kc, code) == cpython(code), code


# ---- random ------------------------------------------------------------------------------

def random_program(g, seed):
    """A program seeding random with a value derived from 'seed' and calling each function
    with generated arguments; errors are caught and printed so one program covers many."""
    seeds = [seed, -seed, seed * 7919 + 2**40, seed * 1000003 % 2**63, float(seed) + 0.5, 0]
    lines = ["import random", "random.seed(%r)" % g.choice(seeds),
             "def t(f, *a, **k):",
             "    try:",
             "        print(repr(f(*a, **k)))",
             "    except Exception as e:",
             "        print(type(e).__name__, e)"]
    pops = ["list(range(%d))" % g.randint(0, 40), "'abcdefghij'", "(1, 2.5, 'x', None)",
            "range(%d)" % g.randint(1, 5000), "range(3, %d, 4)" % g.randint(4, 300)]
    for _ in range(g.randint(12, 30)):
        kind = g.randrange(17)
        if kind == 0:
            lines.append("t(random.random)")
        elif kind == 1:
            lines.append("t(random.getrandbits, %d)" % g.choice([0, 1, 5, 31, 32, 33, 50, 63, -1]))
        elif kind == 2:
            a = g.randint(-50, 50)
            args = g.choice([(a,), (a, a + g.randint(-3, 1000)), (a, a + g.randint(-5, 500), g.choice([1, 2, 7, -3, 0]))])
            lines.append("t(random.randrange, %s)" % ", ".join(map(str, args)))
        elif kind == 3:
            a = g.randint(-100, 100)
            lines.append("t(random.randint, %d, %d)" % (a, a + g.randint(-2, 2**g.randint(1, 40))))
        elif kind == 4:
            lines.append("t(random.choice, %s)" % g.choice(pops + ["[]"]))
        elif kind == 5:
            k = g.randint(0, 12)
            lines.append("t(random.choices, %s, k=%d)" % (g.choice(pops[:4]), k))
        elif kind == 6:
            n = g.randint(1, 8)
            w = [g.choice([0, 1, 2, 0.5, 3.25]) for _ in range(n)]
            if g.random() < 0.5:
                lines.append("t(random.choices, range(%d), %r, k=%d)" % (n, w, g.randint(1, 10)))
            else:
                cw = [sum(w[:i + 1]) for i in range(n)]
                lines.append("t(random.choices, 'abcdefgh'[:%d], cum_weights=%r, k=%d)" % (n, cw, g.randint(1, 10)))
        elif kind == 7:
            lines.append("l = %s; random.shuffle(l); print(l)" % g.choice(
                ["list(range(%d))" % g.randint(0, 30), "list('hello world')"]))
        elif kind == 8:
            n = g.choice([5, 20, 21, 22, 60, 100, 1000, 100000])
            k = g.randint(0, min(n, 40) + 1)
            lines.append("t(random.sample, %s, %d)" % (g.choice(["range(%d)" % n, "list(range(%d))" % n]), k))
        elif kind == 9:
            lines.append("t(random.sample, 'abc', %d, counts=[%d, %d, %d])" % (
                g.randint(0, 8), g.randint(0, 4), g.randint(0, 4), g.randint(0, 4)))
        elif kind == 10:
            a = g.choice([0, 1, -2.5, 10])
            lines.append("t(random.uniform, %r, %r)" % (a, a + g.choice([1, 3.5, -2])))
        elif kind == 11:
            lines.append(g.choice(["t(random.gauss)", "t(random.gauss, 5, 0.5)", "t(random.gauss, sigma=2)"]))
        elif kind == 12:
            lines.append(g.choice(["t(random.normalvariate)", "t(random.normalvariate, 1, 2)",
                                   "t(random.lognormvariate, 0, 0.5)"]))
        elif kind == 13:
            lines.append("t(random.expovariate, %r)" % g.choice([1, 0.5, 3.0, -1, 0]))
        elif kind == 14:
            lines.append("t(random.triangular%s)" % g.choice(["", ", 1, 3", ", 0, 10, 8"]))
        elif kind == 15:
            lines.append("st = random.getstate(); a = [random.random() for _ in range(3)]; "
                         "random.setstate(st); print(a == [random.random() for _ in range(3)])")
        else:
            lines.append("r = random.Random(%d); print(r.random(), r.randrange(%d), r.choice('xyz'))" % (
                g.randint(0, 2**32), g.randint(1, 2**30)))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block", range(4))
def test_random_is_bit_exact(kc, block):
    for seed in range(block * 50, block * 50 + 50):
        check(kc, random_program(random.Random(seed), seed))


RANDOM_CASES = [
    "import random\nrandom.seed(3)\nprint([random.gauss(0, 1) for _ in range(5)])\n"
    "random.seed(3)\nprint(random.gauss(0, 1))\n",
    "import random\nrandom.seed(10)\nx = random.random()\nrandom.seed(10)\nprint(x == random.random())\n",
    "import random\nrandom.seed()\nprint(0 <= random.random() < 1)\n",
    "import random\nrandom.seed(None)\nprint(0 <= random.randint(0, 3) <= 3)\n",
    "import random\nrandom.seed([1])\n",
    "import random\nfor s in ['', 'a', 'hello world', 'é' * 40, 'x' * 111, 'y' * 112, 'z' * 300]:\n"
    "    random.seed(s)\n    print(random.random(), random.getrandbits(20))\n",
    "import random\nrandom.randrange(1, 10, 0)\n",
    "import random\nrandom.seed(1)\nprint([random.randint(-2**62, 2**62) for _ in range(4)], random.randrange(-2**62 - 5, 2**62 + 7))\n",
    "import random\nrandom.randrange(10, step=2)\n",
    "import random\nrandom.sample({1: 2}, 1)\n",
    "import random\nrandom.choices('ab', [1, 2], [1, 3])\n",
    "import random\nrandom.choices('ab', 2)\n",
    "import random\nrandom.choices('ab', [0, 0])\n",
    "import random\nrandom.choices('ab', [1])\n",
    "import random\nrandom.setstate((2, (), None))\n",
    "import random\nrandom.seed(5)\nprint(random.randrange(2.0, 9.0))\n",
    # the replay memory of PyTorch's DQN tutorial
    "import random\nfrom collections import namedtuple, deque\n"
    "Transition = namedtuple('Transition', ('state', 'action', 'next_state', 'reward'))\n"
    "memory = deque([], maxlen=5)\nrandom.seed(0)\nfor i in range(8):\n"
    "    memory.append(Transition(i, i % 2, i + 1, float(i)))\n"
    "transitions = random.sample(memory, 3)\nbatch = Transition(*zip(*transitions))\n"
    "print(len(memory), transitions, batch, batch.reward)\n",
    "import random\nrandom.randrange(2.5)\n",
    "import random\nr = random.Random()\nprint(type(r.random()).__name__, random.Random)\n",
    # ints of any size: wide draws and big seeds
    "import random\nrandom.seed(7)\nprint(random.getrandbits(64), random.getrandbits(200), "
    "random.randrange(2**100), random.randint(-2**70, 2**70))\nrandom.seed(2**80 + 1)\n"
    "print(random.random())\n",
]


@pytest.mark.parametrize("code", RANDOM_CASES)
def test_random_cases(kc, code):
    check(kc, code)


def test_random_huge_results_are_memory_errors(kc):
    """k beyond memory is a MemoryError and the kernel lives on (CPython would fill memory)."""
    for code in ["import random\nrandom.choices('ab', k=10**15)\n",
                 "import random\nrandom.sample(range(10**16), 10**15)\n"]:
        assert kernel_run(kc, code).startswith("ERR MemoryError"), code
    assert kernel_run(kc, "print(1)\n") == "1\n"


# ---- itertools ---------------------------------------------------------------------------

def itertools_program(g):
    def small_list():
        return repr([g.randint(0, 4) for _ in range(g.randint(0, 5))])
    def islice_args():
        args = [g.choice(["None", str(g.randint(0, 8)), "-1", "'x'"]) for _ in range(g.randint(1, 3))]
        if len(args) == 3 and g.random() < 0.3:
            args[2] = g.choice(["0", "-2", "None"])
        return ", ".join(args)
    exprs = [
        "list(itertools.product(%s, %s))" % (small_list(), g.choice(["'ab'", small_list()])),
        "list(itertools.product(%s, repeat=%d))" % (small_list(), g.randint(0, 3)),
        "list(itertools.permutations(%s%s))" % (small_list(), g.choice(["", ", %d" % g.randint(-1, 6), ", None"])),
        "list(itertools.combinations(%s, %d))" % (small_list(), g.randint(-1, 6)),
        "list(itertools.combinations_with_replacement(%s, %d))" % (small_list(), g.randint(0, 4)),
        "list(itertools.islice(%s, %s))" % (g.choice(["range(10)", "'abcdefgh'", "iter([1, 2, 3])"]), islice_args()),
        "list(itertools.islice(itertools.count(), %d, %d))" % (g.randint(0, 4), g.randint(0, 9)),
        "list(itertools.accumulate(%s%s))" % (small_list(), g.choice(["", ", max", ", lambda a, b: a * b + 1", ", initial=%d" % g.randint(-3, 3)])),
        "list(itertools.chain(%s, %s, 'z'))" % (small_list(), small_list()),
        "list(itertools.chain.from_iterable([%s, %s]))" % (small_list(), small_list()),
        "list(itertools.islice(itertools.count(%d, %s), %d))" % (g.randint(-5, 5), g.choice(["1", "3", "-2", "0.5"]), g.randint(0, 6)),
        "list(itertools.islice(itertools.cycle(%s), %d))" % (small_list(), g.randint(0, 9)),
        "list(itertools.repeat(%d, %d))" % (g.randint(0, 9), g.randint(-2, 4)),
        "list(itertools.zip_longest(%s, %s%s))" % (small_list(), small_list(), g.choice(["", ", fillvalue='-'"])),
        "[(k, list(v)) for k, v in itertools.groupby(%s%s)]" % (g.choice(["'aabccca'", small_list(), "sorted(%s)" % small_list()]), g.choice(["", ", key=lambda x: x %% 2" if False else ""])),
        "[(k, list(v)) for k, v in itertools.groupby(%s, key=lambda x: x %% 2)]" % small_list(),
        "list(itertools.starmap(lambda a, b: a - b, zip(%s, %s)))" % (small_list(), small_list()),
        "list(itertools.takewhile(lambda x: x < 3, %s))" % small_list(),
        "list(itertools.dropwhile(lambda x: x < 3, %s))" % small_list(),
        "list(itertools.filterfalse(None, %s))" % small_list(),
        "list(itertools.compress('abcde', %s))" % small_list(),
        "list(itertools.pairwise(%s))" % small_list(),
    ]
    lines = ["import itertools"]
    for _ in range(g.randint(3, 7)):
        lines.append("try:\n    print(%s)\nexcept Exception as e:\n    print(type(e).__name__, e)" % g.choice(exprs))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block", range(3))
def test_itertools_generated(kc, block):
    for seed in range(block * 50, block * 50 + 50):
        check(kc, itertools_program(random.Random(1000 + seed)))


ITERTOOLS_CASES = [
    "import itertools\nit = itertools.count(3)\nprint(next(it), next(it), it, itertools.count(1, 2), itertools.repeat('a', 2))\n",
    "import itertools\ng = itertools.groupby('aaabba')\nk1, g1 = next(g)\nk2, g2 = next(g)\nprint(k1, list(g1), k2, list(g2))\n",
    "import itertools\nit = itertools.chain([1, 2], [3])\nprint(next(it), list(it), list(it))\n",
    "import itertools\nprint(itertools.chain, itertools.product, type(itertools.islice('a', 1)).__name__)\n",
    "import itertools\nitertools.islice([1], -1)\n",
    "import itertools\nitertools.islice([1])\n",
    "import itertools\nitertools.combinations([1])\n",
    "import itertools\nfor a, b in itertools.product(range(2), 'xy'):\n    print(a, b)\n",
    "import itertools\nprint(sum(1 for _ in itertools.permutations(range(6))))\n",
]


@pytest.mark.parametrize("code", ITERTOOLS_CASES)
def test_itertools_cases(kc, code):
    check(kc, code)


# ---- collections -------------------------------------------------------------------------

def deque_program(g):
    lines = ["from collections import deque", "d = deque(%s%s)" % (
        repr(list(range(g.randint(0, 5)))), g.choice(["", ", maxlen=%d" % g.randint(0, 6)]))]
    for _ in range(g.randint(5, 15)):
        op = g.choice(["d.append(%d)" % g.randint(0, 9), "d.appendleft(%d)" % g.randint(0, 9),
                       "d.pop()", "d.popleft()", "d.extend(%r)" % list(range(g.randint(0, 4))),
                       "d.extendleft('ab')", "d.rotate(%d)" % g.randint(-7, 7), "d.rotate()",
                       "d[%d]" % g.randint(-6, 6), "d.count(%d)" % g.randint(0, 3),
                       "d.remove(%d)" % g.randint(0, 3), "d.index(%d)" % g.randint(0, 4),
                       "d.reverse()", "len(d)", "%d in d" % g.randint(0, 4), "d.maxlen",
                       "d == deque(%r)" % list(range(3)), "d.insert(%d, 'i')" % g.randint(-3, 3),
                       "list(reversed(d))", "d.clear()", "d.copy()", "bool(d)"])
        lines.append("try:\n    print(%s, d)\nexcept Exception as e:\n    print(type(e).__name__, e)" % op)
    return "\n".join(lines) + "\n"


def counter_program(g):
    word = lambda: "".join(g.choice("abcd") for _ in range(g.randint(0, 8)))
    lines = ["from collections import Counter", "c = Counter(%r)" % word(), "e = Counter(%r)" % word()]
    for _ in range(g.randint(4, 10)):
        op = g.choice(["c.most_common()", "c.most_common(%d)" % g.randint(0, 4), "sorted(c.elements())",
                       "c + e", "c - e", "c | e", "c & e", "c == e", "c['a']", "c['zz']",
                       "c.update(%r)" % word(), "c.subtract(%r)" % word(), "+c", "-c",
                       "c.total()", "dict(c)", "len(c)", "list(c)", "c.get('a', 9)",
                       "Counter(a=%d, b=%d)" % (g.randint(-2, 3), g.randint(0, 3)),
                       "c - Counter(a=-2, z=-1)", "Counter(b=-3) | c", "c & Counter(a=2, b=-1)",
                       "c <= e", "c < e", "c >= e", "c > e", "c <= c", "c < c + e"])
        lines.append("try:\n    print(%s, c)\nexcept Exception as e:\n    print(type(e).__name__, e)" % op)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("block", range(2))
def test_deque_and_counter_generated(kc, block):
    for seed in range(block * 50, block * 50 + 50):
        check(kc, deque_program(random.Random(2000 + seed)))
        check(kc, counter_program(random.Random(3000 + seed)))


COLLECTIONS_CASES = [
    "from collections import namedtuple\nP = namedtuple('Point', ['x', 'y'])\np = P(1, 2)\n"
    "print(p, P, p.x + p.y, p[0], p[-1], p[:1], tuple(p), p._fields, p._asdict())\n"
    "x, y = p\nprint(x, y, p == (1, 2), p == P(1, 2), p < P(1, 3), hash(p) == hash((1, 2)), len(p))\n"
    "print(p._replace(y=5), P._make([3, 4]), p.count(1), p.index(2), 2 in p, p + (3,))\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a, b c', defaults=[0])\nprint(P(1, 2), P(1), P._field_defaults)\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a b')\nP(1)\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a b')\nP(1, 2, 3)\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a b')\nP(1, c=2)\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a b')\nP(1, 2)._replace(z=1)\n",
    "from collections import namedtuple\nnamedtuple('P', 'a a')\n",
    "from collections import namedtuple\nnamedtuple('P', 'a _b')\n",
    "from collections import namedtuple\nnamedtuple('P', 'a class')\n",
    "from collections import namedtuple\nnamedtuple('P', 'a 1b')\n",
    "from collections import namedtuple\nprint(namedtuple('P', 'a a _c def', rename=True)._fields)\n",
    "from collections import namedtuple\nP = namedtuple('P', 'a b')\np = P(1, 2)\np.a = 3\n",
    "from collections import defaultdict\nd = defaultdict(int)\nfor w in 'the cat the hat'.split():\n    d[w] += 1\n"
    "print(d, d['zz'], sorted(d.items()), len(d), 'cat' in d, d.default_factory)\n",
    "from collections import defaultdict\nd = defaultdict(list)\nd['a'].append(1)\nd['b'].extend([2, 3])\n"
    "print(d, list(d.keys()), d.get('c'), d == {'a': [1], 'b': [2, 3]})\n",
    "from collections import defaultdict\nd = defaultdict()\nd['x']\n",
    "from collections import defaultdict\ndefaultdict(3)\n",
    "from collections import defaultdict\nd = defaultdict(lambda: 'n/a', a=1)\nprint(d['b'], dict(d))\n",
    "from collections import OrderedDict\nod = OrderedDict()\nod['b'] = 1\nod['a'] = 2\nod['c'] = 3\n"
    "od.move_to_end('b')\nod.move_to_end('c', last=False)\nprint(od, od.popitem(), od.popitem(last=False), od)\n"
    "print(OrderedDict(), OrderedDict([(1, 2)]) == OrderedDict([(1, 2)]), OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1))\n"
    "print(OrderedDict(a=1, b=2) == dict(b=2, a=1), OrderedDict.fromkeys('ab', 0))\n",
    "from collections import OrderedDict\nOrderedDict().popitem()\n",
    "from collections import OrderedDict\nOrderedDict().move_to_end('x')\n",
    "from collections import Counter\nc = Counter(['a', 'b', 'a'], c=3)\nprint(c, Counter(), Counter(a=1) == Counter(a=1, b=0))\n",
    "from collections import deque\nd = deque()\nd.pop()\n",
    "from collections import deque\nprint(deque(range(5), 3), deque('ab') + deque('c'), deque([1, [2]]))\n",
    "from collections import deque\nd = deque([1, 2])\nfor x in d:\n    d.append(x)\n",
    "from collections import deque\ndeque([1])['a']\n",
    "import collections\nprint(collections.deque, collections.Counter, collections.OrderedDict, collections.defaultdict)\n",
]


@pytest.mark.parametrize("code", COLLECTIONS_CASES)
def test_collections_cases(kc, code):
    check(kc, code)


# ---- functools ---------------------------------------------------------------------------

FUNCTOOLS_CASES = [
    "import functools\nprint(functools.reduce(lambda a, b: a * b, range(1, 8)), functools.reduce(max, [3, 9, 2], 5))\n",
    "import functools\nfunctools.reduce(max, [])\n",
    "import functools\nfunctools.reduce(max)\n",
    "import functools\nfunctools.reduce(max, 5)\n",
    "import functools\ndef f(a, b, c=0, d=0):\n    return (a, b, c, d)\n"
    "g = functools.partial(f, 1, d=4)\nh = functools.partial(g, 2, c=3)\n"
    "print(g(2), g(2, 3, d=5), h(), h(d=9), g.args, g.keywords, h.args, h.keywords, h.func is f)\n",
    "import functools\nfunctools.partial(3)\n",
    "import functools\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
    "fib = functools.lru_cache(maxsize=None)(fib)\nprint(fib(60), fib.cache_info())\nfib.cache_clear()\nprint(fib.cache_info())\n",
    "import functools\ncalls = []\ndef sq(x):\n    calls.append(x)\n    return x * x\n"
    "sq = functools.lru_cache(maxsize=2)(sq)\nprint([sq(x) for x in [1, 2, 1, 3, 2, 1, 1]], calls, sq.cache_info())\n",
    "import functools\ndef sq(x):\n    return x * x\nc = functools.lru_cache(sq)\nprint(c(3), c(3), c.cache_info(), c.__name__)\n",
    "import functools\ndef sq(x):\n    return x * x\nc = functools.cache(sq)\nprint(c(3), c(x=3), c(3), c.cache_info())\n",
    "import functools\nc = functools.lru_cache(maxsize=0)(abs)\nprint(c(-1), c(-1), c.cache_info())\n",
    "import functools\nprint(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))\n",
]


@pytest.mark.parametrize("code", FUNCTOOLS_CASES)
def test_functools_cases(kc, code):
    check(kc, code)


# ---- string, os, sys, __future__, import forms -------------------------------------------

MISC_CASES = [
    "import string\nprint(string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase)\n"
    "print(string.digits, string.hexdigits, string.octdigits, string.punctuation)\n"
    "print(repr(string.whitespace), repr(string.printable))\n",
    "import os\nprint(os.path.join('a', 'b', 'c'), os.path.join('/a/', 'b'), os.path.join('a', '/b', 'c'), os.path.join('a', ''), os.path.join(''))\n",
    "import os.path\nfor p in ['', '/', 'a', 'a/', '/a/b', '//a//b//', 'a/b.txt', '.x', 'a/.x.y', 'a.b/c', '...', 'a/b..']:\n"
    "    print(repr(p), os.path.basename(p), os.path.dirname(p), os.path.split(p), os.path.splitext(p), os.path.normpath(p))\n",
    "import os.path as osp\nprint(osp.exists('/'), osp.isdir('/'), osp.isfile('/'), osp.exists('/no/such/file'))\n",
    "import os\nprint(os.sep, os.pathsep, os.name, os.curdir, os.getcwd() == os.path.abspath('.'))\n",
    "import os\nprint(os.environ['PATH'] == os.getenv('PATH'), os.environ.get('NO_SUCH_VAR_ZZ'), os.getenv('NO_SUCH_VAR_ZZ', 'd'), 'PATH' in os.environ)\n",
    "import os\nos.environ['NO_SUCH_VAR_ZZ']\n",
    "import os\nprint(os.path.expanduser('~/x') == os.environ['HOME'].rstrip('/') + '/x', os.path.expanduser('a~'), os.path.isabs('/a'), os.path.isabs('a'))\n",
    "import os\nprint(os.path.getsize('/etc/hostname') > 0, sorted(os.listdir('/'))[:2] == sorted(os.listdir('/'))[:2], 'etc' in os.listdir('/'))\n",
    "import os\nd = os.path.join('/tmp', 'tk_stdlib_makedirs', 'a', 'b')\nos.makedirs(d, exist_ok=True)\n"
    "os.makedirs(d, exist_ok=True)\nprint(os.path.isdir(d), os.listdir(os.path.dirname(d)))\n",
    "import os\nos.path.join('a', 1)\n",
    "import os\nos.path.join(1)\n",
    "import sys\nprint(sys.version_info[0], sys.version_info[:2] >= (3, 8), sys.version[:4])\n"
    "print(sys.version_info.major, sys.version_info.minor, sys.version_info > (3, 11), sys.version_info.releaselevel)\n",
    "import sys\nmaj, mnr, *rest = sys.version_info\nprint(maj, mnr, len(rest), repr(sys.version_info)[:36])\n",
    "from __future__ import print_function, division, absolute_import, annotations, unicode_literals\nprint(7 / 2)\n",
    "from __future__ import (print_function,\n    division)\nprint('ok')\n",
    "from __future__ import braces\n",
    "from __future__ import spam\n",
    "print('before')\nfrom __future__ import print_function, nope\n",
    "import os.path\nprint(os.path.basename('x/y'))\n",
    "import os.path as p, string as s\nprint(p.basename('x/y'), s.digits)\n",
    "from os import path, sep\nprint(path.join('a', 'b'), sep)\n",
    "from os.path import join as j\nprint(j('a', 'b'))\n",
]


@pytest.mark.parametrize("code", MISC_CASES)
def test_misc_cases(kc, code):
    check(kc, code)
