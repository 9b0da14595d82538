"""IPython magics: %tk_attach [kernel], %tk_get name [as var], %tk_list.

The attached Kernel is kept here (one per IPython session) and is also bound to ``tk`` in
the user namespace, so ``tk.eval(...)`` works after ``%tk_attach``."""
import shlex

_state = {"kernel": None}


def _kernel():
    k = _state["kernel"]
    if k is None or k.closed:
        raise RuntimeError("tensorkernel: not attached; run %tk_attach [kernel] first")
    return k


def register(ip):
    def tk_attach(line):
        """%tk_attach [kernel]: attach to the newest running tensorkernel, or to the one
        named by a connection-file path or kernel id."""
        from . import connect
        arg = line.strip() or None
        old = _state["kernel"]
        k = connect(arg)
        if old is not None:
            old.close()
        _state["kernel"] = k
        ip.user_ns["tk"] = k
        print("attached to %s (%d tensors)" % (k.connection_file, len(k.names())))

    def tk_get(line):
        """%tk_get name [as var]: bind the kernel's tensor 'name' as a NumPy array (shared
        memory) to 'var' (default: name)."""
        parts = shlex.split(line)
        if len(parts) == 1:
            name = var = parts[0]
        elif len(parts) == 3 and parts[1] == "as":
            name, var = parts[0], parts[2]
        else:
            raise ValueError("usage: %tk_get name [as var]")
        ip.user_ns[var] = _kernel()[name]

    def tk_list(line):
        """%tk_list: the kernel's tensors with shape, dtype and device."""
        k = _kernel()
        rows = []
        for n in k.names():
            i = k.info(n)
            rows.append((n, "x".join(str(d) for d in i["shape"]) or "()", i["dtype"],
                         i["device"], str(i["nbytes"])))
        head = ("name", "shape", "dtype", "device", "bytes")
        w = [max(len(r[c]) for r in rows + [head]) for c in range(5)]
        for r in [head] + rows:
            print("  ".join(r[c].ljust(w[c]) for c in range(5)).rstrip())

    for f in (tk_attach, tk_get, tk_list):
        ip.register_magic_function(f, "line", f.__name__)


def unregister(ip):
    k = _state["kernel"]
    if k is not None:
        k.close()
    _state["kernel"] = None
    lm = ip.magics_manager.magics.get("line", {})
    for n in ("tk_attach", "tk_get", "tk_list"):
        lm.pop(n, None)
