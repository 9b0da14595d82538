import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.arange(12.).reshape(1, 1, 3, 4).requires_grad_()
g = torch.tensor([[[[-0.0, 0.0], [2.0, 2.0], [float('nan'), 0.5]]]], requires_grad=True)
y = F.grid_sample(x, g, mode='nearest', align_corners=False)
y.sum().backward()
print(y, g.grad, x.grad, sep='\n')
th = torch.tensor([[[1.0, 0, 0], [0, 1, 0]]])
img = torch.arange(16.).reshape(1, 1, 4, 4)
print(torch.equal(F.grid_sample(img, F.affine_grid(th, img.shape, align_corners=False), align_corners=False), img))
rot = torch.tensor([[[0.0, -1, 0], [1, 0, 0]]])
print(F.grid_sample(img, F.affine_grid(rot, img.shape, align_corners=True), align_corners=True))
print(F.grid_sample(img, F.affine_grid(th * 1.5, img.shape, align_corners=False), padding_mode='border', align_corners=False))


# the spatial transformer of PyTorch's tutorial, on MNIST-sized input
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7), nn.MaxPool2d(2, stride=2), nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5), nn.MaxPool2d(2, stride=2), nn.ReLU(True))
        self.fc_loc = nn.Sequential(nn.Linear(10 * 3 * 3, 32), nn.ReLU(True), nn.Linear(32, 3 * 2))
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return F.grid_sample(x, grid, align_corners=False)

    def forward(self, x):
        x = self.stn(x)
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


torch.manual_seed(0)
model = Net()
model.eval()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
data = torch.rand(8, 1, 28, 28)
target = torch.tensor([0, 1, 2, 3, 4, 5, 6, 7])
for step in range(3):
    opt.zero_grad()
    loss = F.nll_loss(model(data), target)
    loss.backward()
    opt.step()
    print(step, round(loss.item(), 4))
theta = model.fc_loc(model.localization(data).view(-1, 90)).view(-1, 2, 3)
print(theta[0].detach().round(decimals=3))
grid = F.affine_grid(theta, data.size(), align_corners=False)
print(grid.grad_fn.name(), F.grid_sample(data, grid, align_corners=False).grad_fn.name())
import warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    F.grid_sample(img, F.affine_grid(th, img.shape))
    F.affine_grid(th, (1, 1, 1, 4), align_corners=True)
print(len(w), [str(m.message)[:60] for m in w], [m.category.__name__ for m in w])
