import torch
# %%
x = 2**70
# %%
torch.tensor(2**70, dtype=torch.float32)
# %%
torch.tensor([2.0**70, 2**70])
# %%
torch.tensor(2**63 - 1)
# %%
torch.tensor(2**70)
# %%
torch.tensor([1, 2**64])
# %%
torch.tensor(-2**63 - 1)
# %%
torch.ones(3) * 2**70
# %%
torch.ones(3, dtype=torch.int64) + 2**70
# %%
torch.tensor(5) == 2**70
# %%
torch.full((2,), 2**70)
# %%
torch.arange(2**70)
# %%
torch.ones(2).fill_(2**70)
# %%
torch.ones(3)[2**70]
# %%
torch.ones(3).sum(dim=2**70)
# %%
torch.randint(0, 2**70, (2,))
# %%
torch.tensor(2**62) * 2
# %%
torch.tensor([3]) * (2**63 - 1)
# %%
import numpy as np
np.arange(3) + 2**70
# %%
np.arange(3.0) * 2**70
# %%
np.int64(2**70)
# %%
np.float32(2**70)
# %%
2**70 - np.arange(2.0)
