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
``%load_ext tensorkernel`` adds %tk_attach, %tk_get, %tk_put, %tk_list and the %%tk cell
magic.
"""
__version__ = "0.1.0"
__all__ = ["connect", "Kernel", "TransferWarning", "bridge_path", "find_connection_file"]


def __getattr__(name):
    # The client (NumPy, the C extension) loads on first use, so that
    # `python -m tensorkernel.launch` starts the kernel without importing NumPy.
    if name in __all__:
        from . import _client
        return getattr(_client, name)
    if name in ("_client", "_remote", "_bridge", "magics"):
        import importlib
        return importlib.import_module("." + name, __name__)
    raise AttributeError("module 'tensorkernel' has no attribute %r" % name)


def __dir__():
    return sorted(list(globals()) + __all__)


def load_ipython_extension(ipython):
    """%load_ext tensorkernel: register the %tk_* magics and %%tk."""
    from .magics import register
    register(ipython)


def unload_ipython_extension(ipython):
    from .magics import unregister
    unregister(ipython)
