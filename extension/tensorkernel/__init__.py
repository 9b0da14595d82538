"""tensorkernel: attach to a running tensorkernel from any Python process on the same host
and get its tensors as NumPy arrays without copying.

    import tensorkernel
    k = tensorkernel.connect()      # newest running kernel; or a connection file / kernel id
    k.names()                       # ['numpy_array', 'tensor', ...]
    a = k["tensor"]                 # ndarray on the kernel's memory, writable, no copy
    k.eval("tensor.sum()")          # a Python int through .item()
    k["from_python"] = a * 2        # becomes a kernel tensor
    k.close()

Unknown names raise KeyError (carrying the kernel's NameError text). In IPython,
``%load_ext tensorkernel`` adds %tk_attach, %tk_get and %tk_list.
"""
from ._client import Kernel, TransferWarning, bridge_path, connect, find_connection_file

__version__ = "0.1.0"
__all__ = ["connect", "Kernel", "TransferWarning", "bridge_path", "find_connection_file"]


def load_ipython_extension(ipython):
    """%load_ext tensorkernel: register %tk_attach, %tk_get and %tk_list."""
    from .magics import register
    register(ipython)


def unload_ipython_extension(ipython):
    from .magics import unregister
    unregister(ipython)
