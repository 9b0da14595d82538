/*
 * Out-of-memory fault injection over the whole interpreter (the contract in
 * kernel/objects/object.h). For each representative cell and every n, the n-th allocation
 * made while the cell runs fails; the cell must then end either exactly as it does without
 * the fault (the allocation was not needed, or its failure was absorbed) or with
 * MemoryError (RuntimeError "... out of memory" for tensor storage, as PyTorch reports
 * it), the interpreter must still run the next cell, and once the interpreter is freed
 * every block is released (live-block count back to its baseline). It stops at the first
 * n past the cell's last allocation.
 *
 * TK_OOM_VERBOSE=1 prints each cell's number of injection points. TK_OOM_STRIDE=k tries
 * every k-th point only of every cell: the sanitizer run (tools/sanitize.sh) sets 7, as ASan
 * makes each point many times slower, and make fuzz sets 1 (every point of every cell).
 * Unset, every point is tried except in the cells that name a stride of their own (below).
 * A strided run tries the points offset + 1, offset + 1 + k, ... with the offset the seed
 * modulo k: TK_OOM_SEED, by default the day (days since 1970), so that a day's runs agree
 * and k days' runs together try every point. A failure names its point: TK_OOM_ONLY=cell:n
 * runs just that one.
 */
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "kernel/interp.h"
#include "kernel/objects/object.h"
#include "tensorcore/alloc.h"
#include "tensorcore/format.h"

static const struct {
    const char *name, *code;
    int stride; /* try every stride-th point unless TK_OOM_STRIDE says otherwise (0: all) */
} cells[] = {
    {"arithmetic", "x = 3\ny = x * 2 + 1.5\nz = [x // 2, 2 ** 70 if False else 2 ** 40, -x % 5]\n"
                   "print(x, y, z, 7 / 2, abs(-4.25), round(2.675, 2), divmod(17, 5))\ny"},
    {"bigint", "import math\nx = 3 ** 90 - 2 ** 70\ny = x * x // (2 ** 65 + 7) % 10 ** 30\n"
               "z = int('123456789' * 5) + 0x_ffff_ffff_ffff_ffff_ff\n"
               "print(x, -y, z, hash(z), divmod(-x, 7 ** 20), pow(x, 65537, 2 ** 127 - 1), x / 3 ** 40)\n"
               "print(f'{x:,}', hex(-z), x & ~y | 12345 ^ z, x >> 33, y << 77, float(z), round(x, -20))\n"
               "print(math.factorial(40), math.isqrt(x), math.comb(90, 45), math.gcd(x, z), x > 1e40)\n"
               "x ** 3"},
    {"strings", "s = 'ab' * 3\nt = f'{s!r:>12}|{3.14159:.2f}|{42:05d}|{s=}'\n"
                "print(s.upper(), t, '{}-{:x}'.format(1, 255), 'a,b,c'.split(','))\n"
                "print('%s=%5.1f' % ('k', 2.5), '-'.join(['p', 'q']), s.replace('a', 'xy'))\n"
                "print(repr('q\\n\\'\"'), 'é'.center(5, '*'), str(12).zfill(5), 'abc'[::-1])"},
    {"containers", "l = [i * i for i in range(20) if i % 3]\n"
                   "d = {str(k): v for k, v in enumerate(l)}\nl.sort(reverse=True)\n"
                   "l.append(99)\nl.insert(0, -1)\nl.extend((7, 8))\ndel l[2:4]\n"
                   "s = [x % 4 for x in l if x > 3]\nt = tuple(sorted(d.items())[:2])\n"
                   "d.update(x=1)\nd.pop('1', None)\n"
                   "print(l[:5], len(d), sorted(s), t, list(zip(l, 'ab')), sum(l), max(l))"},
    /* (a closure returning itself from its frame would be a reference cycle: the
     * interpreter has no cycle collector, so such a cell leaks with or without faults) */
    {"functions", "def add(x, *a, y=1, **kw):\n    return x + y + len(a) + len(kw)\n"
                  "def make(k):\n    return lambda x, *a, **kw: add(x, *a, **kw) + k\nf = make(10)\n"
                  "g = lambda v: [w * 2 for w in range(v)]\n"
                  "print(f(1), f(1, 2, 3, y=5, z=0), list(map(g, [1, 2])), sorted([3, 1, 2], key=lambda q: -q))"},
    {"scopes", "def counter(k):\n    n = 0\n    def inc():\n        nonlocal n\n        n += k\n"
               "    inc()\n    inc()\n    return n\ndef deco(m):\n    return lambda fn: lambda *a, **kw: fn(*a, **kw) * m\n"
               "@deco(3)\ndef sq(x, /, *, p=2):\n    return x ** p\n"
               "print(counter(5), sq(4), [y := v * 2 for v in range(3)], y, sq(2, p=3))\n"
               "w: int = 5\ndef loc(a, b=1):\n    return sorted(locals())\n"
               "print(w, __annotations__, loc(1), vars()['w'], list(iter([4, 3, 2].pop, 3)))\nsq(x=1)"},
    /* functions made by functions: a nested def or lambda returned (the compilation of the
     * enclosing body running out of memory must be MemoryError, not a tree-walked body whose
     * locals dict the nested function captures: a reference cycle), defaults and annotations
     * holding lambdas, decorators, a generator and a generator expression that define or
     * read closures, classes made in a function (in its slots, not in the dict their
     * methods' closures hold), lambdas made in a comprehension */
    {"closures", "import os\nprint(1)\ndef outer():\n    def inner(x):\n        return x\n    return inner\n"
                 "g = outer()\ndef adder(k, *, scale=lambda v: v * 2) -> 'int':\n    return lambda x: scale(x) + k\n"
                 "def deco(tag):\n    def wrap(fn):\n        def call(*a):\n            return (tag, fn(*a))\n"
                 "        return call\n    return wrap\n@deco('d')\ndef twice(x: int = (lambda: 3)()):\n    return x * 2\n"
                 "def gen(n):\n    step = lambda i: i * n\n    for i in range(n):\n        yield step(i)\n"
                 "def evens(n, k):\n    return list(x * k for x in range(n) if x % 2 == 0)\n"
                 "def boxed(v):\n    class Box:\n        def get(self):\n            return v + 2\n    return Box().get()\n"
                 "print(2, g(3), adder(1)(5), twice(), twice(4), list(gen(3)), evens(5, 3), boxed(7),\n"
                 "      [f() for f in [lambda: i for i in range(3)]])\n"
                 "adder.__annotations__"},
    {"exceptions", "def g(n):\n    return 1 / n\ntry:\n    g(0)\nexcept ZeroDivisionError as e:\n"
                   "    print('caught', repr(e))\nfinally:\n    print('finally')\n"
                   "try:\n    {}['k']\nexcept KeyError as e:\n    print(e.args)\ng(0)"},
    {"torch", "import torch\nt = torch.arange(6.0).reshape(2, 3)\nu = (t * 2 + 1).sum(dim=0)\n"
              "w = torch.tensor([[1, 2], [3, 4]]) @ torch.ones(2, 2, dtype=torch.int64)\n"
              "print(t, u, t.T.shape, w[0], t[:, 1].tolist())\nt"},
    {"printing", "d = {'a': [1, 2.5, None], (1, 'x'): {'k': (True, 3)}, 'e': []}\n"
                 "print(d, repr('tab\\tq'), str(d['a']), [[1] * 3] * 2, {}, ())\n"
                 "print(f'{d[\"a\"]!r:^20}', '{0[1]:+.3e}'.format(d['a']), '%-6s|%5.2f%%' % ('ab', 12.345))\n"
                 "print(' x '.strip().upper(), 'a b  c'.split(), 'abcabc'.find('ca'), 'x'.join('abc'))\n"
                 "d"},
    /* generators: a suspended one dropped mid-cell and one left suspended in a global (closed
     * when the interpreter ends), both running their finally blocks */
    {"generators", "def count(n):\n    tag = lambda: n\n    try:\n        for i in range(n):\n            x = yield i\n"
                   "            if x:\n                print('sent', x)\n    finally:\n        print('fin', n)\n"
                   "    return tag() * 10\ndef outer():\n    r = yield from count(3)\n    yield r\n"
                   "g = outer()\nprint(next(g), g.send('hi'), list(g))\n"
                   "h = count(5)\nnext(h)\nnext(count(4))\nkeep = count(2)\nnext(keep)\n"
                   "print(sum(x * x for x in range(10) if x % 2), list(zip(count(2), (c for c in 'ab'))))\n"
                   "del h\nprint([t for t in ((a, b) for a in range(2) for b in 'xy')])"},
    {"traceback", "def inner(v):\n    return {'a': 1}[v]\ndef outer(v):\n    return inner(v) + 1\n"
                  "try:\n    outer('b')\nexcept KeyError as e:\n    print('key', e)\n"
                  "try:\n    raise ValueError('bad %d' % 3)\nexcept (TypeError, ValueError) as e:\n    print(type(e).__name__, e)\n"
                  "outer('zz')"},
    {"torch_more", "import torch\nx = torch.linspace(0, 1, 50, requires_grad=True)\ny = (x ** 2).sum()\n"
                   "y.backward()\nz = torch.randn(3, 4).abs().max(dim=1)\nm = torch.zeros(400, 3)\n"
                   "m[5:7] = 1.0\nprint(x.grad[:3], y.item() > 0, z.values.shape, m.mean(), m, torch.cat([m, m]).shape)\n"
                   /* torch.save / torch.load through a file-like object */
                   "from collections import OrderedDict\nclass Buf:\n"
                   "    def __init__(self):\n        self.data = b''\n"
                   "    def write(self, b):\n        self.data = self.data + b\n"
                   "buf = Buf()\n"
                   "torch.save({'sd': OrderedDict([('w', m), ('row', m[5])]), "
                   "'x': [1, 2 ** 70, 'é', (None, True), {3}], 'p': torch._Parameter(torch.ones(2))}, buf)\n"
                   "back = torch.load(buf.data)\nprint(back['sd']['row'], back['x'], back['p'])\n"
                   "try:\n    torch.load(b'PK' + buf.data[2:-30])\nexcept RuntimeError as e:\n    print(str(e)[:40])\n"
                   "torch.tensor([[1.5, float('nan')], [float('inf'), -2.0]])"},
    {"autograd", "import torch\nx = torch.tensor([1.0, 2.0], requires_grad=True)\ny = x * x\n"
                 "h = y.register_hook(lambda g: g * 2)\n"
                 "g, = torch.autograd.grad((y ** 3).sum(), x, create_graph=True)\n"
                 "gg, = torch.autograd.grad(g.sum(), [x])\nh.remove()\n"
                 "@torch.no_grad()\ndef f(t):\n    return t * 2\n"
                 "with torch.set_grad_enabled(False):\n    z = f(x)\n"
                 "print(g, gg, z.requires_grad)\ng"},
    {"upsample", "import torch\nx = torch.arange(24.).reshape(1, 2, 3, 4).requires_grad_()\n"
                 "y = torch._upsample(x, 2, [5, 7], None, False)\ny.sum().backward()\n"
                 "z = torch._upsample(x.detach().permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), 3, [6, 8], [2.0, 2.0], True)\n"
                 "w = torch._upsample(torch.ones(1, 1, 2, 3, 4, dtype=torch.float16), 0, [3, 4, 5], None, False)\n"
                 "print(y.shape, x.grad.sum(), z.sum(), w.sum())"},
    {"np_generator", "import numpy as np\nr = np.random\nst = r._pcg_new(r._seedseq_pool([7], []))\n"
                     "print(r._pcg_float(st, 0, 3), r._pcg_float(st, 1, (2,), True), r._pcg_integers(st, 0, 8, 4, 'int8'), r._pcg_sample(st, 6, 3))\n"
                     "a = np.arange(5)\nr._pcg_shuffle(st, a)\n"
                     "print(a, r._pcg_discrete(st, 0, 4.0, 0.0, 3), r._pcg_get(st)[1], r._pcg_dist(st, 3, 2, 0.5, 0.5))\n"
                     "print(r._pcg_multinomial(st, 5, np.array([0.5, 0.5]), None), r._pcg_integers_each(st, np.array([0, 5]), np.array([3, 9]), 'int64'))\n"
                     "r._pcg_choice_p(st, np.array([0.2, 0.8]), 2, False)"},
    {"lu_unique", "import torch\nA = torch.tensor([[2., 1.], [4., -6.]], requires_grad=True)\nLU, piv = torch.linalg.lu_factor(A)\n"
                  "x = torch.linalg.lu_solve(LU, piv, torch.ones(2, 1))\nx.sum().backward()\n"
                  "print(A.grad, torch.linalg.lu(A.detach()).P, torch.unique(torch.tensor([[1, 2], [1, 2], [0, 3]]), dim=0, return_counts=True))\n"
                  "torch.linalg.solve_triangular(A.detach().triu(), torch.eye(2), upper=True)"},
    /* the values sort (np.sort, lines on the threads), np.unique's counting, values and
     * permutation paths, torch.unique's unstable sort, topk and the unstable argsort */
    {"sort_unique", "import numpy as np, torch\nx = np.array([3.0, -0.0, 0.0, float('nan'), 1.0, 3.0])\n"
                    "print(np.sort(x), np.sort(np.array([[3, 1], [2, 5]]), axis=0), np.unique(x, return_index=True, return_inverse=True, return_counts=True))\n"
                    "print(np.unique(np.array([5, 1, 5, 9])), np.unique(np.array([7, 10**12, 7]), return_counts=True), np.unique(x))\n"
                    "t = torch.tensor([[3., 1., 2.], [0., -0., 4.]])\nprint(torch.unique(t, return_inverse=True), t.topk(2, dim=1))\n"
                    "t.sort(dim=0, stable=False)"},
    /* a cell whose value is a torch.Size (its repr's buffer) */
    {"size", "import torch\nx = torch.zeros(2, 3)\nx.shape"},
    {"norms", "import torch\nx = torch.arange(60.0).reshape(4, 3, 5).sin().requires_grad_()\n"
              "w = torch.ones(5, requires_grad=True)\ny, m, r = torch.native_layer_norm(x, [5], w, None, 1e-5)\n"
              "y.sum().backward()\nrm, rv = torch.zeros(3), torch.ones(3)\n"
              "z, sm, si = torch.native_batch_norm(x, None, None, rm, rv, True, 0.1, 1e-5)\n"
              "(z * z).sum().backward()\ne = torch.native_batch_norm(x.detach().reshape(12, 5), w, None, torch.zeros(5), torch.ones(5), False, 0.1, 1e-5)\n"
              "print(x.grad.shape, w.grad, rm, si.shape, e[0].shape)\nfloat(e[0].sum())"},
    /* one batch in the bmm: a batch of products split over the threads (tc__cpu_blas_parallel)
     * reports a block leaked or freed when its allocations fail, apart from einsum */
    {"stats", "import torch\nx = torch.arange(24.0).reshape(2, 3, 4).sin()\n"
              "print(x.var(), x.std(1), x.var((0, 2), keepdim=True), x.norm(), x.norm(dim=0), x.double().mT.norm(dim=1))\n"
              "print(torch.einsum('bij,bjk->bik', x[:1], x[:1].transpose(1, 2)), torch.einsum('...ii->...i', x[:, :3, :3]))\n"
              "print(torch.einsum('i,i->', x[0, 0], x[1, 1]), torch.einsum('ij,jk,kl->il', x[0], x[1].T, x[1]))\n"
              "torch.manual_seed(0)\n"
              "print(torch.multinomial(x[0].abs(), 2), torch.multinomial(x[0].abs().t(), 1), torch.bincount(torch.tensor([1, 3, 3], dtype=torch.int32)))\n"
              "torch.cdist(x[0], x[1]), torch.cdist(torch.ones(30, 2), torch.zeros(27, 2)).sum()"},
    {"linalg", "import torch\nA = torch.tensor([[2., -1., 0.5], [1., 3., -2.], [0.25, 1., 4.]], requires_grad=True)\n"
               "r = torch.linalg.svd(A)\nq = torch.linalg.qr(A.detach(), mode='complete')\n"
               "(torch.linalg.inv(A).sum() + torch.linalg.det(A) + r.S.sum()).backward()\n"
               "print(A.grad, torch.linalg.cholesky(A.detach() @ A.detach().T), torch.linalg.lstsq(A.detach(), A.detach()).rank)\n"
               "torch.linalg.eigh(A.detach())"},
    /* softmax's kernels along the last dim and another, their backward, nll_loss's */
    {"softmax_nll", "import torch\nx = torch.tensor([[1., 2., 3.], [4., 0.5, -1.]], requires_grad=True)\n"
                    "y = torch.softmax(x, 1) + torch.log_softmax(x, 0) + torch.softmax(x.half(), 1).float()\n"
                    "w = torch.tensor([1., 2., 3.])\n"
                    "l = torch._nll_loss(torch.log_softmax(x, 1), torch.tensor([0, 2]), w, -100, 1)\n"
                    "(y.sum() + l).backward()\nprint(y, l, x.grad)\n"
                    "torch._nll_loss(x.detach(), torch.tensor([0, 1]), None, -100, 0)"},
    /* gradients of convolutions whose output is smaller than the input (on AVX2 the input's
     * as a transposed convolution, the weight's as products) and of average pooling */
    {"conv_grads", "import torch\nimport torch.nn.functional as F\n"
                   "x = torch.arange(400.).reshape(2, 8, 5, 10).sin().requires_grad_()\n"
                   "w = torch.arange(576.).reshape(8, 8, 3, 3).cos().requires_grad_()\n"
                   "F.conv2d(x, w).sum().backward()\nv = torch.arange(640.).reshape(2, 8, 40).sin().requires_grad_()\n"
                   "F.conv1d(v, w.detach()[:, :, 0]).sum().backward()\nF.avg_pool2d(x, 2).sum().backward()\n"
                   "print(round(float(x.grad.sum()), 3), round(float(w.grad.sum()), 3), round(float(v.grad.sum()), 3))\n"
                   "x.grad.shape"},
    /* the direct kernels' transposed convolution: its phases as one job (the images padded
     * first, two of them, or per range, eight), their gradients */
    {"conv_transpose", "import torch\nx = torch.arange(200.).reshape(2, 4, 5, 5).sin().requires_grad_()\n"
                       "w = torch.arange(96.).reshape(4, 2, 3, 4).cos().requires_grad_()\n"
                       "y = torch.conv_transpose2d(x, w, None, 2, 1, 1)\ny.sum().backward()\n"
                       "z = torch.conv_transpose1d(torch.ones(8, 4, 20), w.detach()[:, :, 0], torch.ones(2), 2)\n"
                       "print(y.shape, round(float(y.sum()), 3), round(float(x.grad.sum()), 3), round(float(w.grad.sum()), 3))\n"
                       "round(float(z.sum()), 3)",
     /* about 24,400 points, nearly all the import's (the torch cell tries every one of
      * those): an eighth of them each run, every point in eight days' runs or make fuzz */
     8},
    /* the pointwise losses' nodes and fused gradients, lerp's node, clamp_ in place */
    {"ploss_lerp", "import torch\nx = torch.tensor([[0.5, -1., 2.], [1.5, 0., -0.25]], requires_grad=True)\n"
                   "t = torch.tensor([[0.2, 0.9, 0.5], [0.1, 0.7, 0.3]])\n"
                   "l = torch._mse_loss(x, t, 1) + torch._bce_with_logits(x, t, None, torch.ones(3), 2)\n"
                   "l = l + torch._binary_cross_entropy(x.sigmoid(), t, None, 1) + torch.lerp(x, t, 0.3).sum()\n"
                   "l.backward()\nprint(l, x.grad, t.clone().clamp_(0.2, 0.6))\n"
                   "torch._bce_with_logits(x.detach(), t, t, None, 0)"},
    /* the native 2-D grid sampler's output and node, both gradients; affine_grid */
    {"grid_sample", "import torch\nimport torch.nn.functional as F\n"
                    "x = torch.arange(12.).reshape(1, 1, 3, 4).requires_grad_()\n"
                    "th = torch.tensor([[[0.9, 0.1, 0.], [-0.1, 0.8, 0.2]]], requires_grad=True)\n"
                    "g = F.affine_grid(th, (1, 1, 2, 3), align_corners=False)\n"
                    "y = F.grid_sample(x, g, mode='bicubic', padding_mode='reflection', align_corners=False)\n"
                    "y.sum().backward()\nprint(y, x.grad, th.grad)"},
    {"torch_complex", "import torch\nz = torch.tensor([[1+2j, 3j], [-1, 0.5-1j]])\n"
                      "print((z @ z.conj() + 1j).prod(), torch.view_as_real(z).sum(0), z.abs())\n"
                      "torch.linalg.eig(torch.tensor([[0., -1.], [1., 0.]]))\n"
                      "z"},
    {"fft", "import torch\nx = torch.arange(8.0)\nz = torch.fft.rfft(x)\n"
            "print(z.abs().round(), torch.fft.irfft(z).round(), torch.fft.fft(x.reshape(2, 4)).abs().round())\n"
            "print(torch.fft.fft2(x.reshape(2, 4) + 1j).real.round(), torch.fft.ihfft2(x.reshape(2, 4)).shape)\n"
            "torch.fft.ifft(z, dim=0).abs().sum().round()"},
    /* the parts written in Python load on first use (kernel/lang/eval.c: lazy_install) */
    {"lazy_parts", "import torch\nprint(torch.hstack([torch.ones(1), torch.zeros(2)]), torch.ones(2).sgn())\n"
                   "m = torch.nn.Linear(2, 1)\nprint(type(m).__name__, m.weight.shape, torch.optim.SGD.__name__)\n"
                   "sorted(dir(torch.utils))",
     /* About 23,400 points, each running the cell up to its failure: about 195 s of CPU for
      * every one, the slowest test by far. The points are mostly the parser and evaluator
      * going through the Python-written parts (kernel/torch/py) as they load, the same few
      * allocation sites many times over, which the other cells reach too; and the
      * import itself is the torch cell's, every point tried there. A quarter of them each
      * run (49 s), four days' runs together all of them, and make fuzz all at once. */
     4},
    {"numpy", "import numpy as np\na = np.arange(6).reshape(2, 3)\nb = np.linspace(0, 1, 5)\n"
              "print(a * 2, a.sum(), a.dtype, a[1], b, np.zeros((2, 2), dtype=np.float32), a.T @ a)\na"},
    {"classes", "class B:\n    n = 0\n    def __init__(self, v):\n        self.v = v\n"
                "    def __add__(self, o):\n        return type(self)(self.v + o.v)\n"
                "    def __repr__(self):\n        return f'B({self.v})'\n"
                "    def p(self):\n        return self.v\n    p = property(p)\n"
                "class C(B):\n    def __init__(self, v):\n        super().__init__(v * 2)\n"
                "    def __len__(self):\n        return self.v\n"
                "class E(ValueError):\n    def __init__(self, m):\n        super().__init__(m)\n        self.m = m\n"
                "class M:\n    def __enter__(self):\n        return self\n    def __exit__(self, *a):\n        return True\n"
                "with M():\n    raise E('x')\n"
                "try:\n    raise E('boom') from KeyError(1)\nexcept ValueError as e:\n    print(e.m, repr(e), e.__cause__)\n"
                "c = C(2) + C(3)\nprint(c, len(c), c.p, isinstance(c, B), C.__mro__, [B(1), C(1)])\nc"},
    /* os over paths, and the standard modules written in Python that stand on it */
    {"paths", "import os, glob, fnmatch\nfrom pathlib import Path\np = Path('/usr') / 'lib' / 'x.tar.gz'\n"
              "print(p, p.parts, p.suffixes, p.stem, p.parent, p.with_suffix('.q'), p.relative_to('/usr'))\n"
              "print(os.path.join(p.parent, 'k'), os.stat(Path('/')).st_mode > 0, os.path.realpath('/usr/./lib/..'))\n"
              "print(len(glob.glob('/*')) > 0, fnmatch.filter(['a.py', 'b.txt', '[x]'], '*.[pt]?'), "
              "fnmatch.translate('a*b?[!c]'), Path('/').is_dir(), Path('/nope').exists())\n"
              "try:\n    os.listdir(Path('/nope/x'))\nexcept OSError as e:\n    print(e)\n"
              "sorted(x.name for x in Path('/').iterdir())[:2]"},
    {"sets_bytes_complex",
     "s = {3, 1, 2}\nt = set(range(40))\nt -= {x for x in range(0, 40, 3)}\nf = frozenset(s | {9})\n"
     "s.update([7, 8], {(1, 2)})\ns.discard(1)\nprint(s, t & {1, 2, 4}, s ^ t, hash(f), f <= t, s.pop())\n"
     "b = b'ab\\x00' + 'h\\xe9'.encode()\nprint(b, b[1:], b.hex(), b.decode('latin-1'), list(b'xy'))\n"
     "z = (1+2j) * 3j / (2-1j) ** 2\nprint(z, abs(z), complex('1+2j'), z.conjugate())\nf"},
    /* (no JSONDecodeError: an exception class called with several arguments does not
     * survive a failure in building its args tuple yet) */
    /* re: the Python-written parser, the C engine's program, matches, iterators, sub */
    {"re", "import re\np = re.compile(r'(?P<k>\\w+)=(\\d+)|(?<=;)x*', re.I)\nt = 'a=1;xx b=22 \xc3\xa9=3'\n"
           "m = p.search(t)\nprint(m, m.groups(), m.groupdict(), m.span(2), p.findall(t), p.split(t))\n"
           "print([x.group() for x in p.finditer(t)], p.sub(r'\\2:\\g<k>', t), re.sub('[a-z]', lambda m: m.group().upper(), t))\n"
           "try:\n    re.compile('(a')\nexcept re.error as e:\n    print(e)\np.subn(lambda m: m[0] * 2, t)"},
    {"json", "import json\ns = json.dumps({'a': [1, 2.5, None, True, 'x\\u00e9'], 'b': {}}, indent=1)\n"
             "print(s, json.loads(s), json.loads('[1, {\"k\": \"\\\\n\"}]'))\njson.dumps({1, 2})"},
    /* the fused bce_with_logits passes, F.pad's native constant mode, the half casts */
    {"loss_pad_cast", "import torch\nx = torch.linspace(-3, 3, 40).reshape(4, 10).requires_grad_()\n"
                      "torch._bce_with_logits(x, torch.full((4, 10), 0.25), None, None, 1).backward()\n"
                      "p = torch._constant_pad(torch.arange(12.).reshape(2, 6), [1, 2, 1, 0], -1)\n"
                      "print(x.grad.sum(), p.sum(), x.detach().to(torch.float16)[1], x.detach().to(torch.bfloat16)[1])"},
};

/* The harness's own buffers use libc's allocator: they must not consume injected faults. */
typedef struct textbuf {
    char *data;
    size_t len;
} textbuf;

static void put(textbuf *b, const char *s, size_t n) {
    char *p = realloc(b->data, b->len + n + 1);
    if (!p) abort();
    memcpy(p + b->len, s, n);
    b->len += n;
    p[b->len] = 0;
    b->data = p;
}

static textbuf out_buf;

static void cap_stream(void *ctx, const char *name, const char *text, size_t n) {
    put(&out_buf, text, n);
}
static void cap_display(void *ctx, json_t *bundle) {
    json_decref(bundle);
}
static const kn_io io = {.stream = cap_stream, .display = cap_display};

/* Run a cell with the n-th allocation failing (n = 0: none) and return everything a user
 * sees of it as one string (libc malloc'd). *left: how many allocations the injector still
 * waited for when the cell ended (0: it fired). */
static char *run_n(kn_interp *in, const char *code, int64_t n, int64_t *left, char *ename,
                   size_t ename_cap) {
    kn_exec_result r;
    free(out_buf.data);
    out_buf = (textbuf){0};
    tc_alloc_fail_after(n);
    kn_interp_execute(in, code, &io, 1, false, &r);
    int64_t l = tc_alloc_fail_after(0); /* reading the result below must not fail */
    if (left) *left = l;
    textbuf b = {0};
    put(&b, "", 0);
    if (out_buf.data) put(&b, out_buf.data, out_buf.len);
    ename[0] = 0;
    if (r.status == KN_EXEC_ERROR) {
        snprintf(ename, ename_cap, "%s", r.ename ? r.ename : "MemoryError"); /* interp.h */
        put(&b, "!! ", 3);
        put(&b, ename, strlen(ename));
        put(&b, ": ", 2);
        if (r.evalue) put(&b, r.evalue, strlen(r.evalue));
    } else if (r.result) {
        const char *text = json_string_value(json_object_get(r.result, "text/plain"));
        put(&b, "=> ", 3);
        if (!text) text = "(no text/plain)";
        put(&b, text, strlen(text));
    }
    kn_exec_result_clear(&r);
    free(out_buf.data);
    out_buf = (textbuf){0};
    return b.data;
}

static char *run(kn_interp *in, const char *code, char *ename, size_t ename_cap) {
    return run_n(in, code, 0, NULL, ename, ename_cap);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Inject a failure at every allocation of one cell; returns the number of points. */
/* TK_OOM_ONLY=name runs one cell, TK_OOM_ONLY=name:n one injection point (for a debugger
 * or valgrind). */
static const char *only_name;
static int64_t only_n;
static int64_t stride_all; /* TK_OOM_STRIDE, 0 when unset */
static int64_t seed;

static int64_t inject_cell(const char *name, const char *code, int64_t stride) {
    if (only_name && getenv("TK_OOM_CODE")) code = getenv("TK_OOM_CODE"); /* bisecting a leak */
    char ename[64], want_ename[64];
    /* a fault-free run fills the process-lifetime caches (type objects, interned names)
     * and gives the expected result; the check cell each faulted run ends with runs too,
     * so that what it caches (print's, for a cell that never prints) is not counted as a
     * leak of the first point tried */
    kn_interp *in = kn_interp_new();
    char *want = run(in, code, want_ename, sizeof want_ename);
    free(run(in, "print(6 * 7)", ename, sizeof ename));
    kn_interp_free(in);
    if (getenv("TK_OOM_VERBOSE")) printf("---- %s:\n%s\n", name, want);
    int64_t n = only_n > 0 ? only_n : 1 + seed % stride;
    for (;; n += stride) {
        kn_objects_trim();
        int64_t base = tc_alloc_live();
        in = kn_interp_new();
        CHECK(in != NULL);
        if (!in) break;
        int64_t left = 0;
        char *got = run_n(in, code, n, &left, ename, sizeof ename);
        bool fired = left == 0;
        bool same = strcmp(got, want) == 0;
        /* a generator dropped mid-cell closes in its finalizer, whose MemoryError CPython
         * reports as "Exception ignored in: ..." and the cell goes on */
        bool nomem = strcmp(ename, "MemoryError") == 0 ||
                     (strcmp(ename, "RuntimeError") == 0 && strstr(got, "out of memory")) ||
                     (strstr(got, "Exception ignored in: <generator") &&
                      strstr(got, ">\nMemoryError\n"));
        if (!same && !nomem) {
            fprintf(stderr, "%s: failing allocation %lld gave\n%s\ninstead of\n%s\n", name,
                    (long long)n, got, want);
            check_failures++;
        }
        free(got);
        /* the interpreter lives on */
        char *after = run(in, "print(6 * 7)", ename, sizeof ename);
        if (strcmp(after, "42\n") != 0) {
            fprintf(stderr, "%s: after failing allocation %lld the next cell gave %s\n", name,
                    (long long)n, after);
            check_failures++;
        }
        free(after);
        kn_interp_free(in);
        kn_objects_trim();
        int64_t live = tc_alloc_live();
        if (live != base) {
            fprintf(stderr, "%s: failing allocation %lld leaked %lld block(s)\n", name,
                    (long long)n, (long long)(live - base));
            check_failures++;
        }
        if (!fired || check_failures > 20 || only_n > 0) break; /* past the last allocation */
    }
    free(want);
    return n - 1; /* about: the last allocation is within the stride below n */
}

int main(void) {
    bool verbose = getenv("TK_OOM_VERBOSE") != NULL;
    static char only[64];
    if (getenv("TK_OOM_ONLY")) {
        snprintf(only, sizeof only, "%s", getenv("TK_OOM_ONLY"));
        char *colon = strchr(only, ':');
        if (colon) {
            *colon = 0;
            only_n = atoll(colon + 1);
        }
        only_name = only;
    }
    if (getenv("TK_OOM_STRIDE")) stride_all = atoll(getenv("TK_OOM_STRIDE"));
    if (stride_all < 0) stride_all = 1;
    seed = getenv("TK_OOM_SEED") ? atoll(getenv("TK_OOM_SEED")) : (int64_t)(time(NULL) / 86400);
    if (seed < 0) seed = -seed;
    double t0 = now_s();
    int64_t total = 0, tried = 0;
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        if (only_name && strcmp(only_name, cells[i].name) != 0) continue;
        double t = now_s();
        int64_t stride = stride_all ? stride_all : cells[i].stride > 1 ? cells[i].stride : 1;
        int64_t points = inject_cell(cells[i].name, cells[i].code, stride);
        CHECK(points > 10); /* every cell allocates: the injection reached it */
        total += points;
        tried += (points + stride - 1) / stride;
        if (verbose)
            printf("%-11s %6lld injection points  %.2f s\n", cells[i].name, (long long)points,
                   now_s() - t);
        if (stride > 1)
            printf("%s: 1 point in %lld tried, from %lld on (TK_OOM_SEED=%lld)\n",
                   cells[i].name, (long long)stride, (long long)(1 + seed % stride),
                   (long long)seed);
    }
    CHECK(!only_name || total > 0); /* TK_OOM_ONLY named a cell */
    printf("%lld injection points over %zu cells, %lld tried, in %.1f s\n", (long long)total,
           sizeof cells / sizeof cells[0], (long long)tried, now_s() - t0);
    CHECK_DONE();
}
