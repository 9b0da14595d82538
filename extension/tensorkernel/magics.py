"""IPython magics: %tk_attach [kernel], %tk_get name [as var] / %tk_get a b c,
%tk_put name=expr [name=expr ...], %tk_list, and the %%tk cell magic.

The attached Kernel is kept here (one per IPython session) and is also bound to ``tk`` in
the user namespace, so ``tk.eval(...)`` works after ``%tk_attach``. %%tk runs its cell in
the attached tensor kernel over the kernel's Jupyter channels and shows the cell's output
(streams, display data, Out) in this notebook."""
import ast
import shlex
import sys

_state = {"kernel": None, "client": None}


def _kernel():
    k = _state["kernel"]
    if k is None or k.closed:
        raise RuntimeError("tensorkernel: not attached; run %tk_attach [kernel] first")
    return k


def _plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def _describe(a):
    """'int64 array of shape (3,)' for what %tk_get bound."""
    shape = getattr(a, "shape", None)
    dtype = getattr(a, "dtype", None)
    if shape is None or dtype is None:
        return type(a).__name__
    return "%s array of shape %s" % (dtype, tuple(shape))


def _get_pairs(line):
    """[(kernel name, variable)] from 'a b c' or 'name as var'."""
    parts = shlex.split(line)
    if not parts:
        raise ValueError("usage: %tk_get name [as var] | %tk_get name1 name2 ...")
    if len(parts) == 3 and parts[1] == "as":
        return [(parts[0], parts[2])]
    if "as" in parts:
        raise ValueError("usage: %tk_get name [as var] | %tk_get name1 name2 ...")
    return [(p, p) for p in parts]


def _put_pairs(line):
    """[(name, expression source)] from 'a=expr, b=expr' or 'a=expr b=expr'."""
    line = line.strip()
    if not line:
        raise ValueError("usage: %tk_put name=expr [name=expr ...]")
    try:
        call = ast.parse("f(%s)" % line, mode="eval").body
        if call.args or any(kw.arg is None for kw in call.keywords):
            raise SyntaxError
        return [(kw.arg, ast.get_source_segment("f(%s)" % line, kw.value))
                for kw in call.keywords]
    except SyntaxError:
        pass
    pairs = []
    for tok in shlex.split(line):
        name, eq, expr = tok.partition("=")
        if not eq or not name.isidentifier() or not expr:
            raise ValueError("usage: %tk_put name=expr [name=expr ...] (got %r)" % tok)
        pairs.append((name, expr))
    return pairs


def _client():
    """A jupyter_client connection to the attached kernel's channels (kept for reuse)."""
    from jupyter_client import BlockingKernelClient
    k = _kernel()
    kc = _state["client"]
    if kc is not None and kc.connection_file == k.connection_file:
        return kc
    if kc is not None:
        kc.stop_channels()
    kc = BlockingKernelClient(connection_file=k.connection_file)
    kc.load_connection_file()
    kc.start_channels()
    _state["client"] = kc
    return kc


def run_cell(code, timeout=None):
    """Run code in the attached kernel; streams go to this process's stdout/stderr, display
    data and the Out value are shown through IPython's display. Returns the execute_reply
    content; an error is printed (the kernel's traceback) and its reply returned."""
    from IPython.display import publish_display_data
    kc = _client()

    def hook(msg):
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            (sys.stderr if c.get("name") == "stderr" else sys.stdout).write(c.get("text", ""))
        elif t in ("display_data", "execute_result"):
            publish_display_data(c.get("data", {}), c.get("metadata", {}))
        elif t == "error":
            sys.stderr.write("\n".join(c.get("traceback", [])) + "\n")

    try:
        reply = kc.execute_interactive(code, output_hook=hook, allow_stdin=False,
                                       timeout=timeout)
    except KeyboardInterrupt:  # stop the kernel's cell too
        kc.control_channel.send(kc.session.msg("interrupt_request", {}))
        raise
    sys.stdout.flush()
    return reply["content"]


def register(ip):
    def tk_attach(line):
        """%tk_attach [kernel]: attach to the newest running tensorkernel, or to the one
        named by a connection-file path, a kernel id or a unique prefix of one."""
        from . import connect
        arg = line.strip() or None
        old = _state["kernel"]
        k = connect(arg)
        if old is not None:
            old.close()
        _state["kernel"] = k
        ip.user_ns["tk"] = k
        print("attached to %s (%s)" % (k.connection_file, _plural(len(k.names()), "tensor")))

    def tk_get(line):
        """%tk_get name [as var] | %tk_get a b c: bind the kernel's tensors as NumPy arrays
        over the kernel's memory (no copy) to 'var' (default: the same names)."""
        k = _kernel()
        got = [(name, var, k[name]) for name, var in _get_pairs(line)]
        for name, var, a in got:
            ip.user_ns[var] = a
            print("%s = %s%s (shares memory with the kernel's tensor)"
                  % (var, _describe(a), "" if var == name else " from %s" % name))

    def tk_put(line):
        """%tk_put name=expr [name=expr ...]: evaluate each expression here and bind the
        kernel's global 'name' to a tensor holding its value."""
        k = _kernel()
        values = [(name, ip.ev(expr)) for name, expr in _put_pairs(line)]
        for name, value in values:
            a = k.put(name, value)
            print("%s: %s in the kernel" % (name, _describe(a).replace("array", "tensor", 1)))

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

    def tk(line, cell):
        """%%tk: run the cell in the attached tensor kernel; its output, display data and
        Out value appear here."""
        run_cell(cell)

    for f in (tk_attach, tk_get, tk_put, tk_list):
        ip.register_magic_function(f, "line", f.__name__)
    ip.register_magic_function(tk, "cell", "tk")


def unregister(ip):
    k = _state["kernel"]
    if k is not None:
        k.close()
    kc = _state["client"]
    if kc is not None:
        kc.stop_channels()
    _state["kernel"] = _state["client"] = None
    lm = ip.magics_manager.magics.get("line", {})
    for n in ("tk_attach", "tk_get", "tk_put", "tk_list"):
        lm.pop(n, None)
    ip.magics_manager.magics.get("cell", {}).pop("tk", None)
