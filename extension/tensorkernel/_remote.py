"""Fallback for kernels whose bridge socket is not reachable (another host, e.g. behind
Jupyter Enterprise Gateway): the same Kernel interface, but every transfer is a copy made
over the kernel's authenticated Jupyter channels with jupyter_client, by running small
cells in the kernel (``print(x.tolist())``) and parsing what they print. Slow and copying;
arrays do not share memory with the kernel."""
import json
import warnings

import numpy as np

from ._client import TransferWarning

_EVAL_NS = {"__builtins__": {}}
_EVAL_LOCALS = {"nan": float("nan"), "inf": float("inf"), "True": True, "False": False}


class RemoteKernel:
    """A kernel reached through jupyter_client; see the module docstring."""

    def __init__(self, connection_file):
        from jupyter_client import BlockingKernelClient
        self.connection_file = connection_file
        self._kc = BlockingKernelClient(connection_file=connection_file)
        self._kc.load_connection_file()
        self._kc.start_channels()
        self._kc.wait_for_ready(timeout=30)
        self.closed = False

    def _run(self, code):
        out, err = [], None

        def hook(msg):
            nonlocal err
            t, c = msg["msg_type"], msg["content"]
            if t == "stream" and c.get("name") == "stdout":
                out.append(c["text"])
            elif t == "error":
                err = c
        reply = self._kc.execute_interactive(code, store_history=False, output_hook=hook,
                                             timeout=60)
        if err or reply["content"].get("status") != "ok":
            e = err or reply["content"]
            ename, evalue = e.get("ename", "RuntimeError"), e.get("evalue", "")
            import builtins
            cls = getattr(builtins, ename, RuntimeError)
            if ename == "NameError":
                cls = KeyError
            raise (cls if isinstance(cls, type) and issubclass(cls, Exception) else RuntimeError)(evalue)
        return "".join(out)

    def names(self):
        # %who prints a table (a "Variable ..." header, a rule, one row per tensor) or, with
        # no tensors, one sentence: only rows after the header are names
        text = self._run("%who")
        names, in_table = [], False
        for line in text.splitlines():
            w = line.split()
            if not w:
                continue
            if not in_table:
                in_table = w[0] == "Variable"
            elif w[0].isidentifier():
                names.append(w[0])
        return sorted(set(names))

    _CHUNK = 1 << 16  # elements per cell: keeps each cell's output far below 1 MiB

    def _fetch(self, expr):
        head = self._run("_tk_v = %s\nprint(str(_tk_v.dtype))\nprint(list(_tk_v.shape))\n"
                         "print(len(_tk_v.reshape(-1)))" % expr)
        dtype_line, shape_line, n_line = head.strip().splitlines()[-3:]
        dtype = dtype_line.strip().replace("torch.", "")
        shape, n = eval(shape_line, _EVAL_NS, {}), int(n_line)
        values = []
        for start in range(0, n, self._CHUNK):
            text = self._run("print(_tk_v.reshape(-1)[%d:%d].tolist())"
                             % (start, min(n, start + self._CHUNK)))
            values.extend(eval(text.strip(), _EVAL_NS, dict(_EVAL_LOCALS)))
        self._run("del _tk_v")
        warnings.warn(TransferWarning("tensorkernel: %s copied over the Jupyter channels "
                                      "(no shared memory with a remote kernel)" % expr),
                      stacklevel=3)
        if not shape:
            return values[0] if values else None
        return np.array(values, dtype=dtype).reshape(shape)

    def get(self, name, force=False):
        return self._fetch(name)

    __getitem__ = get

    def eval(self, expr, force=False):
        return self._fetch(expr)

    def put(self, name, value):
        arr = np.asarray(value)
        self._run("import torch\n%s = torch.tensor(%s, dtype=torch.%s)"
                  % (name, json.dumps(arr.tolist()), arr.dtype.name))
        return arr

    def __setitem__(self, name, value):
        self.put(name, value)

    def info(self, name):
        a = self.get(name)
        return {"shape": a.shape, "dtype": a.dtype.name, "nbytes": a.nbytes}

    def close(self):
        if not self.closed:
            self._kc.stop_channels()
            self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
