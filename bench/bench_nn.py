"""torch.nn training loops in the kernel against real PyTorch, measured in one run.

Each program (a model, an optimiser and N steps) runs in tk-python (the kernel's interpreter
without a front end) and in the oracle's python with torch (../shared/oracle/setup.sh's venv,
or TK_ORACLE_PYTHON), interleaved, with the same thread count (OMP_NUM_THREADS, default 1),
each timed by its own time.perf_counter() as the best of --repeat runs. The ratio is
torch_time / kernel_time (>= 1.0: the kernel is as fast or faster). Without the oracle it
prints the kernel's times only.

  python bench/bench_nn.py [--repeat 3] [--threads 1]
"""
import argparse
import os
import pathlib
import tempfile

from timed_script import geomean, run_timed, timed

ROOT = pathlib.Path(__file__).resolve().parents[1]
BUILD = pathlib.Path(os.environ.get("TK_BUILD_DIR", ROOT / "build")).resolve()
TK_PYTHON = BUILD / "kernel" / "tk-python"
ORACLE = os.environ.get("TK_ORACLE_PYTHON", str(pathlib.Path.home() / ".cache/tk-oracle/bin/python"))

PROGRAMS = [
    ("MLP 10-32-1, Adam, 300 steps", """
model = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
X, y = torch.randn(64, 10), torch.randn(64, 1)
loss_fn = nn.MSELoss()
""", """
for step in range(300):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
"""),
    ("classifier 784-128-10, SGD, CE, 50 steps", """
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
X, y = torch.randn(256, 784), torch.randint(0, 10, (256,))
loss_fn = nn.CrossEntropyLoss()
""", """
for step in range(50):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
"""),
    ("LeNet forward+backward, batch 16, 5 steps", """
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 10)
    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))
model = Net()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
X, y = torch.randn(16, 1, 32, 32), torch.randint(0, 10, (16,))
""", """
for step in range(5):
    opt.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    opt.step()
"""),
    ("small CNN, 28x28, 512 samples, batch 64, 1 epoch", """
from torch.utils.data import DataLoader, TensorDataset
model = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                      nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loader = DataLoader(TensorDataset(torch.rand(512, 1, 28, 28), torch.randint(0, 10, (512,))),
                    batch_size=64, shuffle=True)
""", """
for xb, yb in loader:
    opt.zero_grad()
    loss = F.cross_entropy(model(xb), yb)
    loss.backward()
    opt.step()
"""),
    ("DataLoader, 1000 samples, batch 32, one epoch", """
from torch.utils.data import DataLoader, TensorDataset
ds = TensorDataset(torch.randn(1000, 8), torch.randn(1000, 1))
""", """
n = 0
for xb, yb in DataLoader(ds, batch_size=32, shuffle=True):
    n += xb.shape[0]
"""),
]


PRELUDE = ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
           "torch.manual_seed(0)\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), TENSORKERNEL_NUM_THREADS=str(args.threads))
    have_torch = os.path.exists(ORACLE)
    print("%-44s %11s %11s %8s" % ("program", "kernel ms", "torch ms", "ratio"))
    ratios = []
    for name, setup, stmt in PROGRAMS:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(timed(setup, stmt, PRELUDE))
            path = f.name
        try:
            k = t = float("inf")
            for _ in range(args.repeat):
                k = min(k, run_timed([str(TK_PYTHON)], path, env))
                if have_torch:
                    t = min(t, run_timed([ORACLE], path, env))
        finally:
            os.unlink(path)
        if have_torch:
            ratios.append(t / k)
            print("%-44s %11.1f %11.1f %7.2fx" % (name, k * 1e3, t * 1e3, t / k))
        else:
            print("%-44s %11.1f %11s %8s" % (name, k * 1e3, "-", "-"))
    if ratios:
        print("geometric mean: %.2fx PyTorch (>= 1.0: as fast or faster)"
              % geomean(ratios))


if __name__ == "__main__":
    main()
