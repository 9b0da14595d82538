"""torch.save / torch.load (kernel/torch/serialize.c, zipstore.c).

Files the kernel writes are read here WITHOUT torch: Python's zipfile opens the archive and a
pickle.Unpickler whose globals are numpy-building stand-ins rebuilds every tensor, so the
layout (archive name, records, 64-byte alignment, stored entries, persistent ids, storage
bytes, offsets and strides) is checked against the format itself. Where the oracle venv with
real PyTorch exists, it loads a kernel-written file too. Bad files give a clear error and the
kernel carries on; a CUDA tensor saves through one counted transfer and loads back on the
device (the emulated one)."""
import collections
import os
import pathlib
import pickle
import struct
import subprocess
import zipfile

import numpy as np
import pytest

from cpython_diff import TK_PYTHON

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ORACLE_PY = pathlib.Path.home() / ".cache" / "tk-oracle" / "bin" / "python"


def run(program, tmp_path, env=None, ok=True):
    path = tmp_path / "prog.py"
    path.write_text(program)
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True,
                       env=dict(os.environ, **(env or {})), timeout=120, cwd=str(ROOT))
    if ok:
        assert p.returncode == 0, p.stdout + p.stderr
    return p


# ---- a reader of the format that knows no torch ------------------------------------------

NP_OF_STORAGE = {
    "BoolStorage": np.bool_, "ByteStorage": np.uint8, "CharStorage": np.int8,
    "ShortStorage": np.int16, "IntStorage": np.int32, "LongStorage": np.int64,
    "HalfStorage": np.float16, "BFloat16Storage": "bfloat16", "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
}


class StorageClass:
    def __init__(self, name):
        self.name = name


class Storage:
    def __init__(self, array, location, key):
        self.array, self.location, self.key = array, location, key


class Tensor:
    """What _rebuild_tensor_v2 describes: the storage, the view and the flag."""

    def __init__(self, storage, offset, size, stride, requires_grad, hooks):
        assert isinstance(hooks, collections.OrderedDict) and not hooks
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride
        self.requires_grad = requires_grad
        self.parameter = False
        base = storage.array
        itemsize = base.itemsize
        self.value = np.lib.stride_tricks.as_strided(
            base[offset:], shape=size, strides=tuple(s * itemsize for s in stride))


def rebuild_parameter(data, requires_grad, hooks):
    assert isinstance(data, Tensor) and not data.requires_grad
    data.parameter, data.requires_grad = True, requires_grad
    return data


class NoTorchUnpickler(pickle.Unpickler):
    def __init__(self, f, zf, archive):
        super().__init__(f)
        self.zf, self.archive, self.storages = zf, archive, {}

    def find_class(self, module, name):
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return Tensor
        if (module, name) == ("torch._utils", "_rebuild_parameter"):
            return rebuild_parameter
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if module == "torch" and name in NP_OF_STORAGE:
            return StorageClass(name)
        if module == "torch" and name in ("device", "Size"):
            return lambda *a: (name, a)
        if module == "torch":
            return ("dtype", name)
        if (module, name) in (("__builtin__", "set"), ("__builtin__", "frozenset"),
                              ("_codecs", "encode")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError("unexpected global %s.%s" % (module, name))

    def persistent_load(self, pid):
        tag, cls, key, location, numel = pid
        assert tag == "storage" and isinstance(cls, StorageClass)
        if key in self.storages:
            return self.storages[key]
        raw = self.zf.read("%s/data/%s" % (self.archive, key))
        dt = NP_OF_STORAGE[cls.name]
        if dt == "bfloat16":  # no numpy dtype: widen the bits to float32
            arr = (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            arr = np.frombuffer(raw, dt)
        assert arr.size == numel
        st = Storage(arr, location, key)
        self.storages[key] = st
        return st


def read_without_torch(path):
    """(object, archive name, ordered record names, zipfile) of a torch.save file."""
    zf = zipfile.ZipFile(path)
    names = zf.namelist()
    archive = names[0].split("/")[0]
    with zf.open(names[0]) as f:
        assert names[0] == archive + "/data.pkl"
        obj = NoTorchUnpickler(f, zf, archive).load()
    return obj, archive, names, zf


def test_kernel_file_reads_without_torch(tmp_path):
    out = tmp_path / "ckpt.pt"
    run(r'''
import torch
from collections import OrderedDict
base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
       torch.float16, torch.bfloat16, torch.float32, torch.float64]
obj = {
  'base': base, 'row': base[1], 'col': base[:, 2], 'tr': base.t(), 'again': base,
  'dtypes': [torch.tensor([[0, 1.5], [-2, 3]]).to(d) for d in dts],
  'param': torch.nn.Parameter(torch.tensor([1., -1.])),
  'rg': torch.tensor([0.5], requires_grad=True),
  'scalar': torch.tensor(7, dtype=torch.int16),
  'empty': torch.zeros(0, 3),
  'sd': OrderedDict([('w', torch.ones(2, 2)), ('b', torch.zeros(2))]),
  'plain': [1, -300, 70000, -2**40, 2**100, -2**100, 2.5, 'héllo', None, True, (1, 2), b'\x00\xff'],
  'set': {5}, 'dtype': torch.bfloat16, 'device': torch.device('cpu'), 'size': torch.Size([2]),
}
torch.save(obj, %r)
''' % str(out), tmp_path)
    obj, archive, names, zf = read_without_torch(out)
    assert archive == "ckpt"
    storages = sorted(n for n in names if "/data/" in n)
    assert names[:4] == ["ckpt/data.pkl", "ckpt/.format_version", "ckpt/.storage_alignment",
                         "ckpt/byteorder"]
    assert names[-2:] == ["ckpt/version", "ckpt/.data/serialization_id"]
    assert zf.read("ckpt/version") == b"3\n" and zf.read("ckpt/byteorder") == b"little"
    assert zf.read("ckpt/.storage_alignment") == b"64"
    assert zf.read("ckpt/.format_version") == b"1"
    assert zf.read("ckpt/.data/serialization_id").isdigit()
    raw = out.read_bytes()
    for info in zf.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
        nlen, xlen = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
        assert (info.header_offset + 30 + nlen + xlen) % 64 == 0, info.filename
        zf.read(info.filename)  # zipfile checks the CRC
    assert zf.read("ckpt/data.pkl")[:2] == b"\x80\x02"  # protocol 2, as torch.save writes

    base = np.arange(12, dtype=np.float32).reshape(3, 4)
    # views share one storage record, with their offsets and strides
    for k, want, offset, stride in (("base", base, 0, (4, 1)), ("row", base[1], 4, (1,)),
                                    ("col", base[:, 2], 2, (4,)), ("tr", base.T, 0, (1, 4))):
        t = obj[k]
        assert t.storage is obj["base"].storage and (t.offset, t.stride) == (offset, stride), k
        assert t.value.dtype == np.float32 and np.array_equal(t.value, want), k
    assert obj["again"] is obj["base"]
    assert len([n for n in storages]) == 1 + 10 + 1 + 1 + 1 + 1 + 2
    src = np.array([[0, 1.5], [-2, 3]])
    for t, (name, dt) in zip(obj["dtypes"], [("bool", np.bool_), ("uint8", np.uint8),
                                             ("int8", np.int8), ("int16", np.int16),
                                             ("int32", np.int32), ("int64", np.int64),
                                             ("float16", np.float16), ("bfloat16", np.float32),
                                             ("float32", np.float32), ("float64", np.float64)]):
        assert t.value.dtype == dt and t.size == (2, 2) and t.stride == (2, 1), name
        if name == "uint8":
            want = np.array([[0, 1], [254, 3]])
        elif dt in (np.bool_,):
            want = src != 0
        elif np.issubdtype(dt, np.integer):
            want = np.trunc(src)
        else:
            want = src
        assert np.array_equal(t.value, want.astype(dt)), name
        assert t.storage.location == "cpu"
    p = obj["param"]
    assert p.parameter and p.requires_grad and p.value.tolist() == [1.0, -1.0]
    assert obj["rg"].requires_grad and not obj["base"].requires_grad
    assert obj["scalar"].size == () and obj["scalar"].value.dtype == np.int16
    assert obj["scalar"].value[()] == 7
    assert obj["empty"].size == (0, 3) and obj["empty"].value.size == 0
    assert isinstance(obj["sd"], collections.OrderedDict) and list(obj["sd"]) == ["w", "b"]
    assert obj["plain"] == [1, -300, 70000, -2**40, 2**100, -2**100, 2.5, "héllo", None, True,
                            (1, 2), b"\x00\xff"]
    assert obj["set"] == {5} and obj["dtype"] == ("dtype", "bfloat16")
    assert obj["device"] == ("device", ("cpu",)) and obj["size"] == ("Size", ((2,),))


def test_kernel_load_of_a_python_written_pickle(tmp_path):
    """Opcodes CPython's pickler writes at protocols 0-5 load (no torch in the file)."""
    for proto in range(6):
        value = {"a": [1, -2, 3.5, "x", None, True, (1, 2), {3}, b"by", -70000, "é\u20ac"],
                 "b": 2**70, "n": -2**70,
                 "c": collections.OrderedDict([("k", 1)])}
        path = tmp_path / ("p%d.pt" % proto)
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("archive/data.pkl", pickle.dumps(value, protocol=proto))
            zf.writestr("archive/version", "3\n")
        p = run("import torch\nprint(torch.load(%r, weights_only=False))\n" % str(path),
                tmp_path)
        assert p.stdout.strip() == repr(value).replace("OrderedDict({'k': 1})",
                                                       "OrderedDict([('k', 1)])"), proto


def test_bad_files_raise_and_the_kernel_lives_on(tmp_path):
    good = tmp_path / "good.pt"
    run("import torch\ntorch.save({'w': torch.arange(4.)}, %r)\n" % str(good), tmp_path)
    raw = good.read_bytes()
    cases = {}

    def put(name, data):
        (tmp_path / name).write_bytes(data)
        cases[name] = str(tmp_path / name)

    put("empty.pt", b"")
    put("junk.pt", b"hello world, not a zip" * 10)
    put("truncated.pt", raw[: len(raw) // 2])
    zf = zipfile.ZipFile(good)
    data_off = None
    for info in zf.infolist():
        if info.filename.endswith("/data/0"):
            nlen, xlen = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
            data_off = info.header_offset + 30 + nlen + xlen
    flipped = bytearray(raw)
    flipped[data_off] ^= 0xFF
    put("crc.pt", bytes(flipped))

    def rezip(name, edit):
        with zipfile.ZipFile(tmp_path / name, "w") as w:
            for info in zf.infolist():
                d = edit(info.filename, zf.read(info.filename))
                if d is not None:
                    w.writestr(info.filename, d)
        cases[name] = str(tmp_path / name)

    pkl = zf.read("good/data.pkl")
    rezip("badop.pt", lambda n, d: b"\x80\x02\xfe." if n.endswith("data.pkl") else d)
    rezip("cutpkl.pt", lambda n, d: d[: len(d) // 2] if n.endswith("data.pkl") else d)
    rezip("unsafe.pt", lambda n, d: b"\x80\x02cos\nsystem\nX\x04\x00\x00\x00trueq\x85R."
          if n.endswith("data.pkl") else d)
    rezip("builtins.pt", lambda n, d: b"\x80\x02cbuiltins\neval\nX\x01\x00\x00\x001\x85R."
          if n.endswith("data.pkl") else d)
    rezip("short.pt", lambda n, d: d[:-4] if n.endswith("/data/0") else d)
    rezip("nodata.pt", lambda n, d: None if n.endswith("/data/0") else d)
    rezip("nopkl.pt", lambda n, d: None if n.endswith("data.pkl") else d)
    rezip("underflow.pt", lambda n, d: b"\x80\x02R." if n.endswith("data.pkl") else d)
    rezip("badmemo.pt", lambda n, d: b"\x80\x02h\x05." if n.endswith("data.pkl") else d)
    rezip("badview.pt", lambda n, d: d.replace(b"K\x04\x85", b"K\x09\x85", 1)
          if n.endswith("data.pkl") else d)
    assert b"K\x04\x85" in pkl  # size (4,) as the view edit above expects
    cases["missing.pt"] = str(tmp_path / "missing.pt")
    cases["oracle_cuda.pt"] = str(DATA / "oracle_cuda.pt")  # saved on cuda:0, no GPU here
    program = "import torch\n"
    for name, path in cases.items():
        program += ("try:\n    torch.load(%r)\n    print(%r, 'loaded')\n"
                    "except Exception as e:\n    print(%r, type(e).__name__, str(e)[:100])\n"
                    % (path, name, name))
    program += "print('alive', torch.load(%r)['w'])\n" % str(good)
    out = run(program, tmp_path).stdout
    got = {l.split(" ", 1)[0]: l.split(" ", 1)[1] for l in out.splitlines() if l.strip()}
    miniz = "RuntimeError PytorchStreamReader failed "
    expect = {
        "empty.pt": "EOFError",
        "junk.pt": miniz + "reading zip archive: failed finding central directory",
        "truncated.pt": miniz + "reading zip archive: failed finding central directory",
        "crc.pt": "loaded",  # PyTorch's reader checks no CRC either
        "badop.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: Unsupported operand 254",
        "cutpkl.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: ",
        "unsafe.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: Unsupported global: GLOBAL os.system",
        "builtins.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: Unsupported global: GLOBAL builtins.eval",
        "short.pt": miniz + "reading file data/0: the record holds 12 bytes",
        "nodata.pt": miniz + "locating file data/0: file not found",
        "nopkl.pt": miniz + "locating file data.pkl: file not found",
        "underflow.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: unpickling stack underflow",
        "badmemo.pt": "UnpicklingError Weights only load failed. WeightsUnpickler error: Memo value not found at index 5",
        "badview.pt": "RuntimeError setStorage: sizes [9], strides [1], storage offset 0",
        "missing.pt": "OSError [Errno 2] No such file or directory",
        "oracle_cuda.pt": "RuntimeError Attempting to deserialize object on a CUDA device but "
                          "torch.cuda.is_available() is False.",
    }
    for name, want in expect.items():
        assert got[name].startswith(want), (name, got[name])
    assert "alive tensor([0., 1., 2., 3.])" in out


def test_save_errors(tmp_path):
    p = run(r'''
import torch
for obj, f in ((lambda x: x, %(p)r), (torch.zeros(2), 5), ([torch.zeros(2)], '/nonexistent_dir/x.pt')):
    try:
        torch.save(obj, f)
    except Exception as e:
        print(type(e).__name__, e)
a = []
a.append(a)
torch.save(a, %(p)r)
b = torch.load(%(p)r)
print(b[0] is b, len(b))
deep = []
for i in range(2000):
    deep = [deep]
try:
    torch.save(deep, %(p)r)
except RecursionError as e:
    print('RecursionError', e)
print('alive')
''' % {"p": str(tmp_path / "x.pt")}, tmp_path)
    lines = p.stdout.splitlines()
    assert lines[0].startswith("TypeError cannot pickle 'function' object")
    assert lines[1].startswith("TypeError save(): f must be a path")
    assert lines[2] == "RuntimeError Parent directory /nonexistent_dir does not exist."
    assert lines[3] == "True 1"
    assert lines[4] == "RecursionError maximum recursion depth exceeded while pickling an object"
    assert lines[5] == "alive"


def test_file_like_objects(tmp_path):
    p = run(r'''
import torch
class Buf:
    def __init__(self):
        self.data = b''
    def write(self, b):
        self.data = self.data + b
        return len(b)
    def read(self):
        return self.data
buf = Buf()
torch.save({'t': torch.arange(3)}, buf)
print(len(buf.data) % 64 == 22 or len(buf.data) > 0, torch.load(buf)['t'])
print(torch.load(buf.data)['t'])
''', tmp_path)
    assert p.stdout.splitlines()[0] == "True tensor([0, 1, 2])"
    assert p.stdout.splitlines()[1] == "tensor([0, 1, 2])"


def test_cuda_tensor_saves_through_one_counted_transfer(tmp_path):
    path = tmp_path / "cuda.pt"
    p = run(r'''
import torch
t = torch.arange(4.).cuda()
view = t[1:]
%%transfers reset
torch.save({'t': t, 'view': view}, %(p)r)
%%transfers
%%transfers reset
back = torch.load(%(p)r)
print(back['t'].device, back['view'].device, back['view'].storage_offset())
back['view'][0] = 10.
print(back['t'].cpu())
print(torch.load(%(p)r, map_location='cpu')['t'].device)
print(torch.load(%(p)r, map_location=torch.device('cpu'))['view'])
print(torch.load(%(p)r, map_location={'cuda:0': 'cpu'})['t'].device)
torch.save(torch.ones(2), %(p)r)
print(torch.load(%(p)r, map_location='cuda').device)
''' % {"p": str(path)}, tmp_path, env={"TENSORKERNEL_EMULATE_CUDA": "1"})
    out = p.stdout
    rows = [l for l in out.splitlines() if "torch.save" in l]
    assert len(rows) == 1 and "16 B" in rows[0], out  # one storage, saved once
    assert "GPU-to-CPU transfers this session: 1 (16 B)" in out
    lines = [l for l in out.splitlines() if not l.startswith(("[", "GPU", "%", " "))]
    assert "cuda:0 cuda:0 1" in lines
    assert "tensor([ 0., 10.,  2.,  3.])" in out
    assert lines.count("cpu") == 2 and "tensor([1., 2., 3.])" in out
    assert out.rstrip().endswith("cuda:0")


def test_cuda_location_recorded(tmp_path):
    path = tmp_path / "cuda.pt"
    run("import torch\ntorch.save(torch.arange(3).cuda(), %r)\n" % str(path), tmp_path,
        env={"TENSORKERNEL_EMULATE_CUDA": "1"})
    obj, _, _, _ = read_without_torch(path)
    assert obj.storage.location == "cuda:0" and obj.value.tolist() == [0, 1, 2]


@pytest.mark.skipif(not ORACLE_PY.exists(), reason="the oracle venv with real PyTorch is absent")
def test_real_torch_loads_a_kernel_file(tmp_path):
    path = tmp_path / "k.pt"
    run(r'''
import torch
import torch.nn as nn
torch.manual_seed(0)
m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
m(torch.randn(4, 3)).sum().backward()
opt.step()
base = torch.arange(6.).reshape(2, 3)
torch.save({'model': m.state_dict(), 'opt': opt.state_dict(), 'row': base[1], 'tr': base.t(),
            'h': torch.tensor([1.5], dtype=torch.bfloat16), 'p': nn.Parameter(torch.ones(2)),
            'misc': [2**70, b'\x00', {1}, torch.Size([2]), torch.device('cpu'), torch.int8]}, %r)
print(m.state_dict())
''' % str(path), tmp_path)
    script = r'''
import sys, torch
ck = torch.load(sys.argv[1], weights_only=True)
print(ck['model'])
print(ck['opt']['state'][0]['momentum_buffer'].shape, ck['opt']['param_groups'][0]['params'])
print(ck['row'], ck['row'].storage_offset(), ck['tr'].stride(), ck['h'], type(ck['p']).__name__)
print(ck['misc'])
'''
    q = subprocess.run([str(ORACLE_PY), "-c", script, str(path)], capture_output=True,
                       text=True, timeout=300)
    assert q.returncode == 0, q.stderr
    lines = q.stdout.splitlines()
    assert lines[-2] == "tensor([3., 4., 5.]) 3 (1, 3) tensor([1.5000], dtype=torch.bfloat16) Parameter"
    assert lines[-1] == "[1180591620717411303424, b'\\x00', {1}, torch.Size([2]), device(type='cpu'), torch.int8]"
    assert lines[-3] == "torch.Size([2, 3]) [0, 1, 2, 3]"


def test_map_location_function(tmp_path):
    path = tmp_path / "m.pt"
    p = run(r'''
import torch
torch.save({'w': torch.arange(3.).cuda(), 'c': torch.ones(2)}, %(p)r)
seen = []
def keep(storage, loc):
    seen.append(loc)
    return storage
r = torch.load(%(p)r, map_location=keep)
print(sorted(seen), r['w'].device, r['w'], r['c'].device)
r = torch.load(%(p)r, map_location=lambda storage, loc: None)
print(r['w'].device, r['c'].device)
try:
    torch.load(%(p)r, map_location=lambda storage, loc: 5)
except TypeError as e:
    print('TypeError', e)
''' % {"p": str(path)}, tmp_path, env={"TENSORKERNEL_EMULATE_CUDA": "1"})
    lines = p.stdout.splitlines()
    assert lines[0] == "['cpu', 'cuda:0'] cpu tensor([0., 1., 2.]) cpu"
    assert lines[1] == "cuda:0 cpu"
    assert lines[2].startswith("TypeError map_location function must return")
