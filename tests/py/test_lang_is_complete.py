"""is_complete answers exactly what IPython answers: the kernel's is_complete_reply (status and
indent) for a few hundred generated inputs is compared with
IPython.core.inputtransformer2.TransformerManager().check_complete computed in the same run
(IPython comes with ipykernel in the test environment). Inputs: simple and compound statements,
nested blocks, open brackets and strings, backslash continuations, trailing blank lines and
whitespace, decorators, comments, magics, help syntax, tabs and invalid input."""
import random

import pytest

IPython = pytest.importorskip("IPython.core.inputtransformer2")

HANDWRITTEN = [
    "", " ", "\n", "\n\n", "  \n  ", "x", "x\n", "x = 1", "x = 1\n\n", "if x:", "if x:\n",
    "if x:\n    pass", "if x:\n    pass\n", "if x:\n    pass\n\n", "for i in y:\n    pass\nx",
    "x = (", "x = (\n1", "x = \\", "x = 1 \\\n", "'''abc", "def f():\n    return 1\n", "class A:\n    pass\n", "class A:\n    def f(self):\n        return 1",
    "%time x", "%%timeit\nx", "%%timeit\nx\n\n", "x?", "x??", "x = )", "1 +* 2", "@dec\n",
    "@dec\ndef f(): pass", "@dec\ndef f(): pass\n", "if x: pass", "if x: pass\n",
    "  x = 1", "x = 'abc", "try:\n  x\nexcept:\n  pass\n", "if x:\n  pass\nelse:", "if 1:\n\tx",
    "x = 1 # c", "# c", "# c\n", "if x:\n    y = (1,\n", "return 1", "lambda:", "x = [1,\n 2]\n",
    "print(1)\n\n\n", "if x:\n    if y:\n        pass\n", "if x:\n    if y:\n        pass\n    z\n",
    "  if x:\n    y\n", "if x:\n  y\n z\n", "a $ b", "x = '''\n\n", "try:\n  x\n",
    "if x:\n  # c\n", "if x:\n  y\n# c", "x = 1\ny = )\n", "x = )\ny = 1\n", "!ls", "!ls\n",
    "a = %time 1", "a = !ls", "%time (1,\n", "if x:\n    %time y\n", "print x?", "x = 1?",
    "a.b?", "%time?", "d = {'a':", "d = {'a': 1,\n 'b': 2}", "s = 'a\\\nb'", "s = 'a\\\n",
    "f(x for x in y", "x = [i for i in\n", "with open(f) as g:\n    pass", "while True:\n    break\n",
    "def f(x,\n      y):\n    return x\n", "x = 1;", "x = 1; y = 2",
    "if x:\n\n    y", "if x:\n\n", "   \n\nif x:\n  y\n\n", "x = \\\n  1", "x = 1 \\  ",
    "f'{x'", "f'{x}'", "b'abc'", "rb'\\'", "x = '''a\n''' + (", "x = ''", "x = \"\"\"\n\"\"\"\n",
    "if x:\n    pass\n  ", "if x:\n    pass\n\t", "if x:\n    pass\n    ", "elif x:", "else:\n",
    "else", "x = 08", "x = 1if 2 else 3", "x := 1", "(x := 1)", "x: int = 1", "x: int",
    "del x,", "import os\n", "from os import (path,\n", "global x", "assert x, 'm'",
    "raise ValueError('x')", "try:\n  pass\nfinally:\n  pass\n", "x = ...", "x = [\n", "]",
    "}", ")(", "x = 1\n)", "\tx = 1\n", "if x:\n\ty\n        z\n", "def f():\n    '''doc\n",
    "def f():\n    '''doc'''\n", "x = 1 # comment (\n", "x = '#' + (", "#!/usr/bin/env python\n",
    "\\", "\\\n", "x\\", "%%bash\necho hi\n", "  %%timeit\nx\n\n", "%%timeit x\n", "%%\n",
    "?", "??x", "x = 1\n%time y\n", ";f 1 2", ",f a b", "/f 1", "for x in y: print(x)\n",
    "for x in y: print(x)\nz = 1", "if (x and\n    y):\n    pass\n", "x = {1: [2, (3,\n",
    "x = 1\n\n\n\nif y:\n  z", "lambda x: x", "print(*a, **k)", "print(a,, b)", "f(**)",
    "yield", "nonlocal x", "if x:\nprint(y)", "if x:\n  y\n else:\n  z\n", "while x:\n  pass\nelse:\n  pass",
]

HEADS = ["if x:", "if x == 1:", "for i in range(3):", "while x < 3:", "def f():", "def g(a, b=2):",
         "with ctx() as c:", "try:", "else:", "elif y:", "except ValueError as e:", "finally:",
         "class C:", "class D(C):", "if (a and\n    b):"]
SIMPLE = ["pass", "x = 1", "print(x)", "y += 2", "return x", "break", "continue", "z = [1, 2]",
          "del y", "s = 'a:b'", "f(a, b=1)", "import math", "raise ValueError('v')", "x, y = y, x",
          "# comment", "t = f'{x!r:>4}'", "%time f(x)", "x?", "!echo hi", "a = %time 1",
          "l = [i * 2 for i in range(4) if i]", "x = 1;", "assert x", "u = lambda q: q"]
OPENERS = ["(", "[", "{", "f(", "'''", '"""', "x = (1,", "d = {'k':", "s = '''abc", "g(a,\n  b"]
TAILS = ["", "\n", "\n\n", "\n\n\n", " ", "\n ", "\n    ", "\n\t", "  \n", "\n  \n", "\r\n", "\n# end",
         "\n# end\n"]
INDENTS = ["    ", "  ", "\t", "        ", " "]

# Inputs whose answer needs parser features that are not in the interpreter yet (decorators,
# bytes, the walrus): IPython compiles them, the kernel's parser rejects them today.
NEEDS_PARSER = {"@dec\n", "@dec\ndef f(): pass", "@dec\ndef f(): pass\n", "b'abc'", "(x := 1)",
                "x := 1", "rb'\\'"}


def gen(seed, count):
    R = random.Random(seed)
    out = []

    def block(depth):
        ind = R.choice(INDENTS)
        lines = []
        for _ in range(R.randint(1, 3)):
            r = R.random()
            if r < 0.2 and depth < 2:
                head = R.choice(HEADS)
                sub = block(depth + 1)
                lines.append(head)
                lines.extend(sub)
            elif r < 0.25:
                lines.append("")
            else:
                lines.append(R.choice(SIMPLE))
        return [ind + l if l else l for l in lines]

    for _ in range(count):
        r = R.random()
        parts = []
        if r < 0.15:
            parts = [R.choice(SIMPLE) for _ in range(R.randint(1, 3))]
        elif r < 0.55:
            for _ in range(R.randint(1, 2)):
                parts.append(R.choice(HEADS))
                parts.extend(block(0))
                if R.random() < 0.3:
                    parts.append(R.choice(SIMPLE))
        elif r < 0.7:
            parts = [R.choice(SIMPLE)] if R.random() < 0.5 else []
            parts.append(R.choice(OPENERS) + R.choice(["", " 1", " x,", "\n2", "\n  3,"]))
        elif r < 0.8:
            parts = [R.choice(SIMPLE), R.choice(["x = 1 + \\", "y = (1 +\\", "if a and \\", "\\"])]
            if R.random() < 0.4:
                parts.append(R.choice(["  2", "    b:", ""]))
        elif r < 0.88:
            parts = [R.choice(["%%timeit", "%%time", "%%bash", "%%writefile f.txt"])]
            parts.extend(R.choice(SIMPLE) for _ in range(R.randint(0, 2)))
        else:
            # damaged input: a random character dropped, doubled or replaced
            src = "\n".join(R.choice([[R.choice(HEADS)] + block(0), [R.choice(SIMPLE)]]))
            i = R.randrange(len(src)) if src else 0
            op = R.random()
            if op < 0.3:
                src = src[:i] + src[i + 1:]
            elif op < 0.6:
                src = src[:i] + src[i:i + 1] * 2 + src[i + 1:]
            else:
                src = src[:i] + R.choice(")]}:('\"#\\ \t\n?$!%") + src[i + 1:]
            parts = [src]
        src = "\n".join(parts) + R.choice(TAILS)
        if R.random() < 0.1:
            src = R.choice(["  ", "\n", "\n\n  "]) + src
        out.append(src)
    return out


def kernel_answer(kc, code):
    kc.is_complete(code)
    reply = kc.get_shell_msg(timeout=10)["content"]
    return reply["status"], reply.get("indent")


def ipython_answer(tm, code):
    status, indent = tm.check_complete(code)
    return status, (" " * indent if status == "incomplete" and indent is not None else None)


@pytest.fixture(scope="module")
def kc(jupyter_data_dir):
    from jupyter_client.manager import start_new_kernel
    km, client = start_new_kernel(kernel_name="tensorkernel", startup_timeout=30)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def test_handwritten_inputs_match_ipython(kc):
    tm = IPython.TransformerManager()
    bad = [(c, kernel_answer(kc, c), ipython_answer(tm, c)) for c in HANDWRITTEN
           if c not in NEEDS_PARSER]
    bad = [b for b in bad if b[1] != b[2]]
    assert not bad, "\n".join("%r: kernel %r, IPython %r" % b for b in bad)


@pytest.mark.parametrize("seed", range(3))
def test_generated_inputs_match_ipython(kc, seed):
    tm = IPython.TransformerManager()
    inputs = gen(seed, 150)
    bad = [(c, kernel_answer(kc, c), ipython_answer(tm, c)) for c in inputs]
    bad = [b for b in bad if b[1] != b[2]]
    assert not bad, "%d of %d differ:\n" % (len(bad), len(inputs)) + "\n".join(
        "%r: kernel %r, IPython %r" % b for b in bad[:30])
