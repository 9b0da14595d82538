import numpy as np
x = np.array([1.123456789, 2.5, 1e-5])
print(x)
np.set_printoptions(precision=3)
print(x, np.array([[1 / 3, 2 / 3]]))
np.set_printoptions(suppress=True)
print(x, repr(x))
print(np.get_printoptions()['precision'], np.get_printoptions()['suppress'])
np.set_printoptions(precision=8, suppress=False)
print(x)
# %%
import numpy as np
with np.printoptions(precision=2, suppress=True):
    print(np.array([3.14159, 1e-7]))
print(np.array([3.14159, 1e-7]))
np.set_printoptions(threshold=5, edgeitems=2)
print(np.arange(10))
np.set_printoptions(threshold=1000, edgeitems=3, linewidth=20)
print(np.arange(12))
np.set_printoptions(linewidth=75)
print(np.arange(12))
# %%
import numpy as np
try:
    np.set_printoptions(precision=2.5)
except Exception as e:
    print(type(e).__name__, e)
# %%
import numpy as np
class Buf:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
a = np.arange(6.).reshape(2, 3)
f = Buf()
np.savetxt(f, a, fmt='%.2f', delimiter=',', header='x,y,z')
print(''.join(f.parts))
print(np.loadtxt(['1 2', '3 4']), np.loadtxt(['# c', '1,2,3', '4,5,6'], delimiter=',', usecols=(0, 2)))
print(np.genfromtxt(['1,2', '3,x'], delimiter=','))
