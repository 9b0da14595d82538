"""Random class programs against CPython 3.11: hierarchies with single and multiple
inheritance, super() chains, class and instance attributes, properties, static and class
methods, special methods (arithmetic and reflected operators, comparisons, containers,
iteration, context managers, __getattr__, __call__, __bool__, __len__, __hash__), user
exceptions caught by base classes. Each generated file holds several independent programs,
each guarded so that its exception is printed and the next one runs; the kernel's output
must equal CPython's. TK_CLASS_PROGRAMS sets how many files (default 12; `make fuzz` runs
more)."""
import os
import random
import re

import pytest

from cpython_diff import run_both

FILES = int(os.environ.get("TK_CLASS_PROGRAMS", "12"))
PER_FILE = 8

BINOPS = [("__add__", "+"), ("__sub__", "-"), ("__mul__", "*"), ("__floordiv__", "//"),
          ("__mod__", "%"), ("__and__", "&"), ("__or__", "|"), ("__xor__", "^")]
CMPS = [("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">="),
        ("__eq__", "=="), ("__ne__", "!=")]


def gen_class(r, name, bases, depth):
    """Source of one class whose instances hold an int 'v'."""
    lines = ["class %s(%s):" % (name, ", ".join(bases) or "object")]
    body = []
    body.append("    k = %d" % r.randint(-3, 9))
    if r.random() < 0.8 or not bases:
        if bases and r.random() < 0.7:
            body.append("    def __init__(self, v):\n        super().__init__(v + %d)\n"
                        "        self.tag = %r" % (r.randint(-2, 2), name))
        else:
            body.append("    def __init__(self, v):\n        self.v = v\n        self.tag = %r" % name)
    m = r.randint(1, 3)
    if bases and r.random() < 0.6:
        body.append("    def f(self, x=1):\n        return super().f(x) * %d + self.k" % r.randint(1, 3))
    else:
        body.append("    def f(self, x=1):\n        return self.v * x + %d" % r.randint(-5, 5))
    for op, sym in r.sample(BINOPS, m):
        how = r.choice(["plain", "notimpl", "int"])
        if how == "plain":
            body.append("    def %s(self, o):\n        return type(self)((self.v %s (o.v if isinstance(o, %s) else o)) %% 97)"
                        % (op, sym, name))
        elif how == "notimpl":
            body.append("    def %s(self, o):\n        if not isinstance(o, int):\n            return NotImplemented\n"
                        "        return type(self)(self.v %s o)" % (op, sym))
        else:
            body.append("    def %s(self, o):\n        return (self.v %s (o if isinstance(o, int) else o.v))"
                        % (op, sym))
        if r.random() < 0.5:
            body.append("    def __r%s(self, o):\n        return ('r', %r, o)" % (op[2:], sym))
    for op, sym in r.sample(CMPS, r.randint(0, 3)):
        body.append("    def %s(self, o):\n        return self.v %s getattr(o, 'v', o)" % (op, sym))
    if r.random() < 0.5:
        body.append("    def __repr__(self):\n        return '%s(%%r)' %% (self.v,)" % name)
    if r.random() < 0.3:
        body.append("    def __str__(self):\n        return 's<%d>' % self.v")
    if r.random() < 0.3:
        body.append("    def __len__(self):\n        return abs(self.v) % 5")
    if r.random() < 0.3:
        body.append("    def __bool__(self):\n        return self.v > 0")
    if r.random() < 0.3:
        body.append("    def __getitem__(self, i):\n        if i >= 3:\n            raise IndexError(i)\n"
                    "        return self.v + i")
    if r.random() < 0.25:
        body.append("    def __iter__(self):\n        return iter(range(abs(self.v) % 4))")
    if r.random() < 0.25:
        body.append("    def __contains__(self, x):\n        return x == self.v")
    if r.random() < 0.25:
        body.append("    def __call__(self, *a, **kw):\n        return (len(a), sorted(kw), self.v)")
    if r.random() < 0.25:
        body.append("    def __hash__(self):\n        return hash(self.v)")
    if r.random() < 0.2:
        body.append("    def __getattr__(self, n):\n        if n.startswith('z'):\n            return n * 2\n"
                    "        raise AttributeError(n)")
    if r.random() < 0.3:
        body.append("    def _get_d(self):\n        return self.v * 2\n"
                    "    def _set_d(self, x):\n        self.v = x // 2\n"
                    "    d = property(_get_d, _set_d)")
    if r.random() < 0.3:
        body.append("    def s(a, b=2):\n        return a * b\n    s = staticmethod(s)")
    if r.random() < 0.3:
        body.append("    def make(cls, v):\n        return cls(v * 3)\n    make = classmethod(make)")
    if r.random() < 0.2:
        body.append("    def __enter__(self):\n        print('enter', self.tag)\n        return self.v\n"
                    "    def __exit__(self, t, e, tb):\n        print('exit', t.__name__ if t else None, e)\n"
                    "        return %s" % r.choice(["True", "False", "None"]))
    return "\n".join(lines + body)


EXPRS = [
    "{a}.f()", "{a}.f(3)", "{a} + {b}", "{a} - 2", "3 * {a}", "{a} * {b}", "{a} // 3", "7 % {a}",
    "{a} & {b}", "2 | {a}", "{a} ^ {b}", "{a} < {b}", "{a} >= 2", "{a} == {b}", "{a} != {a}",
    "repr({a})", "str({a})", "len({a})", "bool({a})", "{a}[1]", "list({a})", "2 in {a}",
    "{a}(1, 2, x=3)", "hash({a}) == hash({a})", "{a}.zq", "{a}.nope", "{a}.d", "{a}.s(4)",
    "type({a}).make(2).v", "type({a}).__name__", "isinstance({a}, {C})", "issubclass(type({a}), {C})",
    "{a}.k", "{a}.tag", "sorted([{a}, {b}], key=lambda o: o.v)[0].v", "[c.__name__ for c in type({a}).__mro__]",
    "max({a}.v, {b}.v)", "{a}.v", "vars({a}) if False else sorted({a}.__dict__)",
]


def gen_program(r, idx):
    names = []
    srcs = []
    for i in range(r.randint(1, 4)):
        name = "C%d_%d" % (idx, i)
        pool = names[:]
        bases = []
        if pool and r.random() < 0.7:
            bases = [r.choice(pool)]
            if len(pool) > 1 and r.random() < 0.3:
                other = r.choice(pool)
                if other not in bases:
                    bases.append(other)
        srcs.append(gen_class(r, name, bases, 0))
        names.append(name)
    out = ["def prog%d():" % idx]
    body = []
    for s in srcs:
        body.append("\n".join("    " + l for l in s.split("\n")))
    body.append("    a = %s(%d)" % (r.choice(names), r.randint(-4, 9)))
    body.append("    b = %s(%d)" % (r.choice(names), r.randint(-4, 9)))
    for _ in range(r.randint(4, 10)):
        e = r.choice(EXPRS).format(a=r.choice("ab"), b=r.choice("ab"), C=r.choice(names))
        body.append("    try:\n        print(%r, %s)\n    except Exception as ex:\n"
                    "        print(%r, type(ex).__name__, ex)" % (e, e, e))
    if r.random() < 0.3:
        body.append("    try:\n        with a as w:\n            print('in', w)\n            raise ValueError('boom')\n"
                    "    except Exception as ex:\n        print('with', type(ex).__name__, ex)")
    if r.random() < 0.4:
        body.append("    class E%d(%s):\n        def __init__(self, code):\n"
                    "            super().__init__('code %%d' %% code)\n            self.code = code"
                    % (idx, r.choice(["Exception", "ValueError", "KeyError", "LookupError", "RuntimeError"])))
        body.append("    try:\n        raise E%d(%d)\n    except (%s) as ex:\n"
                    "        print('caught', type(ex).__name__, ex, ex.code, ex.args)\n    except Exception as ex:\n"
                    "        print('other', type(ex).__name__)" % (idx, r.randint(0, 9), r.choice(
                        ["E%d" % idx, "Exception", "LookupError", "ValueError", "ArithmeticError, KeyError"])))
    out += body
    out.append("try:\n    prog%d()\nexcept Exception as ex:\n    print('program', type(ex).__name__, ex)" % idx)
    return "\n".join(out)


@pytest.mark.parametrize("seed", range(FILES))
def test_random_class_programs(seed):
    r = random.Random(1000 + seed)
    src = "\n\n".join(gen_program(r, i) for i in range(PER_FILE)) + "\n"
    k, c = run_both(src)
    mask = lambda r: tuple(re.sub(r"0x[0-9a-f]+", "0x?", x) for x in r)  # object addresses
    k, c = mask(k), mask(c)
    # the generator itself must produce valid programs that run to the end in CPython
    assert c[1] == "" and c[0].count("\n") >= PER_FILE * 4, c
    assert k == c, "program:\n%s\nkernel: %r\ncpython: %r" % (src, k, c)
