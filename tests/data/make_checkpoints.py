"""Write the torch.save files that the kernel's torch.load is checked against, with real
PyTorch (the oracle: $(/work/shared/oracle/setup.sh) tests/data/make_checkpoints.py, from
the repository root). The files are committed; rerun only to change them.

  oracle_checkpoint.pt     a model's and an optimizer's state dicts, a tensor of every dtype
                           the kernel has, views sharing one storage, a non-contiguous view,
                           a Parameter, requires_grad, plain containers (protocol 2, as
                           torch.save writes by default)
  oracle_checkpoint_p4.pt  the same object pickled with protocol 4 (other opcodes)
  oracle_cuda.pt           a tensor whose storage was saved on 'cuda:0'
  oracle_truncated.pt      the first 700 bytes of a file (no central directory)
  oracle_missing_record.pt a state dict whose data/0 record is missing
  oracle_unsafe.pt         a pickle that calls os.system (must be refused)
"""
import collections
import io
import pathlib
import zipfile

import torch
import torch.nn as nn

HERE = pathlib.Path(__file__).resolve().parent


def model():
    torch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(5, 3)
    for _ in range(2):
        opt.zero_grad()
        m(x).pow(2).mean().backward()
        opt.step()
    return m, opt


def checkpoint():
    m, opt = model()
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    dtypes = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
              torch.float16, torch.bfloat16, torch.float32, torch.float64]
    return {
        'model': m.state_dict(),
        'optimizer': opt.state_dict(),
        'dtypes': {str(d): torch.tensor([0, 1, -2, 3.5], dtype=torch.float64).to(d) for d in dtypes},
        'base': base,
        'row': base[1],
        'col': base[:, 2],
        'tail': base.view(-1)[5:],
        'transposed': base.t(),
        'scalar': torch.tensor(2.5, dtype=torch.float64),
        'empty': torch.zeros(0, 3),
        'param': nn.Parameter(torch.tensor([1.0, -1.0])),
        'frozen': nn.Parameter(torch.tensor([2.0]), requires_grad=False),
        'leaf': torch.tensor([0.5, 1.5], requires_grad=True),
        'plain': [1, -7, 2 ** 40, 2 ** 70, -(2 ** 65), 3.25, float('inf'), 'text', 'héllo', None,
                  True, False, (1, (2, 'x')), b'\x00bytes\xff', {'k': [1, 2]}],
        'set': {3, 1, 2},
        'dtype': torch.float16,
        'device': torch.device('cpu'),
        'size': torch.Size([2, 3]),
        'ordered': collections.OrderedDict([('b', 1), ('a', 2)]),
    }


def rezip(src, dst, edit):
    """Copy the archive src to dst, passing each record's bytes through edit(name, data)."""
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, 'w', zipfile.ZIP_STORED) as w:
        for info in z.infolist():
            data = edit(info.filename, z.read(info.filename))
            if data is not None:
                w.writestr(info.filename, data)


def main():
    ck = checkpoint()
    torch.save(ck, HERE / 'oracle_checkpoint.pt')
    torch.save(ck, HERE / 'oracle_checkpoint_p4.pt', pickle_protocol=4)
    small = HERE / 'oracle_small.tmp'
    torch.save({'w': torch.tensor([1.0, 2.0, 3.0])}, small)
    rezip(small, HERE / 'oracle_cuda.pt',
          lambda n, d: d.replace(b'X\x03\x00\x00\x00cpu', b'X\x06\x00\x00\x00cuda:0')
          if n.endswith('data.pkl') else d)
    rezip(small, HERE / 'oracle_missing_record.pt',
          lambda n, d: None if n.endswith('/data/0') else d)
    (HERE / 'oracle_truncated.pt').write_bytes(small.read_bytes()[:700])
    rezip(small, HERE / 'oracle_unsafe.pt',
          lambda n, d: b'\x80\x02cos\nsystem\nq\x00X\x04\x00\x00\x00trueq\x01\x85q\x02Rq\x03.'
          if n.endswith('data.pkl') else d)
    small.unlink()
    # the files load back in PyTorch as written
    assert torch.load(HERE / 'oracle_checkpoint.pt')['base'].equal(ck['base'])
    assert torch.load(HERE / 'oracle_cuda.pt', map_location='cpu')['w'].tolist() == [1, 2, 3]


if __name__ == '__main__':
    main()
