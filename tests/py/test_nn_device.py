"""torch.nn on a CUDA device (the emulated one, TENSORKERNEL_EMULATE_CUDA=1): every layer, loss
and optimiser step stays on the device, so a training loop's only GPU-to-CPU transfers are the
loss.item() calls it makes, as the transfer ledger (%transfers) shows. (Not yet nn.Embedding:
indexing with a device index tensor plans on the host and records an "index" transfer.)"""
import os
import re
import subprocess

from cpython_diff import TK_PYTHON

PROGRAM = r'''
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.pool = nn.MaxPool2d(2)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.gru = nn.GRU(6, 5)
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(4 * 4 * 4 + 6 + 5, 3)
        self.ln = nn.LayerNorm(3)
    def forward(self, img, seq, tok):
        a = self.pool(torch.tanh(self.bn(self.conv(img)))).flatten(1)
        out, (h, c) = self.lstm(seq)
        g, hg = self.gru(out.transpose(0, 1))
        z = torch.cat([a, self.drop(h[-1]), hg[-1]], 1)
        return self.ln(F.gelu(self.fc(z)))
net = Net().cuda()
opt = torch.optim.Adam(net.parameters(), lr=0.01)
sched = torch.optim.lr_scheduler.StepLR(opt, 2)
img = torch.randn(5, 1, 8, 8).cuda()
seq = torch.randn(5, 4, 8).cuda()
tok = torch.randint(0, 10, (5,)).cuda()
y = torch.randint(0, 3, (5,)).cuda()
%transfers reset
for step in range(6):
    opt.zero_grad()
    loss = F.cross_entropy(net(img, seq, tok), y, label_smoothing=0.1)
    loss = loss + F.mse_loss(net(img, seq, tok), torch.zeros(5, 3, device='cuda'))
    loss.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
    sched.step()
    if step % 2 == 1:
        print('loss', round(loss.item(), 4))
print(next(net.parameters()).device)
%transfers
'''


def test_training_loop_transfers_only_its_items(tmp_path):
    path = tmp_path / "loop.py"
    path.write_text(PROGRAM)
    env = dict(os.environ, TENSORKERNEL_EMULATE_CUDA="1")
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.count("loss ") == 3 and "cuda:0" in out
    rows = [l for l in out.splitlines() if re.match(r"\[\d+\]\s+cuda:0", l)]
    # exactly the three .item() reads, 4 bytes each
    assert len(rows) == 3, out
    assert all(r.split()[-1] == ".item()" and " 4 B" in r for r in rows), rows
    assert "GPU-to-CPU transfers this session: 3 (12 B)" in out


CONV_POOL = r'''
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.randn(3, 4, 9, 8)
w = torch.randn(6, 2, 3, 2)
b = torch.randn(6)
w1 = torch.randn(2, 4, 3)
wt = torch.randn(6, 2, 3, 3)
bt = torch.randn(4)
w1t = torch.randn(2, 3, 4)
def run(dev):
    xs = x.to(dev).detach().requires_grad_()
    ws = w.to(dev).detach().requires_grad_()
    bs = b.to(dev).detach().requires_grad_()
    w1s = w1.to(dev).detach().requires_grad_()
    wts = wt.to(dev).detach().requires_grad_()
    bts = bt.to(dev).detach().requires_grad_()
    w1ts = w1t.to(dev).detach().requires_grad_()
    h = F.conv2d(xs, ws, bs, stride=(2, 1), padding=(2, 1), dilation=(1, 2), groups=2)
    s = F.conv2d(xs, torch.cat([ws, ws], 1), padding='same')
    v, i = F.max_pool2d(h, 3, 2, 1, ceil_mode=True, return_indices=True)
    a = F.avg_pool2d(s, 3, 2, 1, count_include_pad=False)
    c = F.adaptive_avg_pool2d(h, (3, 2))
    d = F.conv1d(xs[:, :, 0], w1s, stride=2, padding=1)
    t = F.conv_transpose2d(h, wts, bts, stride=2, padding=1, output_padding=1, groups=2)
    u = F.conv_transpose1d(d, w1ts, stride=3, dilation=2)
    loss = v.sum() + (a * a).sum() + c.sum() * 2 + F.max_pool1d(d, 2).sum() + (t * t).sum() + u.sum()
    loss.backward()
    return [t.detach() for t in (h, s, v, i, a, c, d, t, u, xs.grad, ws.grad, bs.grad, w1s.grad,
                                 wts.grad, bts.grad, w1ts.grad)]
ref = run('cpu')
%transfers reset
got = run('cuda')
print('devices', sorted({str(t.device) for t in got}))
%transfers
print('same', all(torch.allclose(g.cpu().double(), r.double(), rtol=1e-4, atol=1e-5)
                  for g, r in zip(got, ref)))
'''


def test_conv_and_pooling_stay_on_the_device(tmp_path):
    """Convolution, transposed convolution, pooling and their gradients run on the device (no transfer until the
    results are read back) and agree with the CPU."""
    path = tmp_path / "convpool.py"
    path.write_text(CONV_POOL)
    env = dict(os.environ, TENSORKERNEL_EMULATE_CUDA="1")
    p = subprocess.run([str(TK_PYTHON), str(path)], capture_output=True, text=True, env=env,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert "devices ['cuda:0']" in p.stdout
    assert "GPU-to-CPU transfers this session: 0" in p.stdout, p.stdout
    assert "same True" in p.stdout, p.stdout
