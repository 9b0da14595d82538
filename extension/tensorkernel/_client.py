"""The bridge client: finds a running tensorkernel, authenticates on its Unix socket and
turns its replies into NumPy arrays over the kernel's own memory (no copy).

Wire format (see kernel/bridge/bridge.h): 4-byte little-endian length + payload. The
kernel greets with {"op": "hello", "nonce": ...}; each request is
"<hex HMAC-SHA256(key, nonce + json)>\\n<json>" with "seq" counting 1, 2, 3, ...; an array
reply carries the memfd that holds the tensor (SCM_RIGHTS).

Unknown names raise KeyError (with the kernel's NameError text), so a Kernel reads like a
mapping: ``k["x"]``, ``"x" in k``.
"""
import array
import builtins
import glob
import hashlib
import hmac
import json
import os
import socket
import stat
import struct
import threading
import time
import warnings

import numpy as np

from . import _bridge

__all__ = ["Kernel", "connect", "TransferWarning", "find_connection_file", "bridge_path"]

_MAX_FRAME = 1 << 20
_MAX_REPLY = 64 << 20
_SUPPORTED = ("float64", "float32", "float16", "complex64", "complex128", "int64", "int32", "int16", "int8",
              "uint8", "bool")


class TransferWarning(UserWarning):
    """A tensor was copied from a GPU to host memory to reach Python (force=True)."""


# ---- discovery -------------------------------------------------------------------------

def _runtime_dir():
    try:
        from jupyter_core.paths import jupyter_runtime_dir
        return jupyter_runtime_dir()
    except ImportError:
        return os.environ.get("JUPYTER_RUNTIME_DIR") or os.path.expanduser(
            "~/.local/share/jupyter/runtime")


_PATH_TRIES = 8  # kernel/bridge/bridge.h's TKB_PATH_TRIES


def bridge_path(connection_file, n=0):
    """The bridge socket's path for a connection file ("kernel-1.json" -> "kernel-1.tkbridge");
    n > 0 gives the fresh names ("kernel-1.<n>.tkbridge") a kernel binds at when something
    else sits at the usual one."""
    base = connection_file[:-5] if connection_file.endswith(".json") else connection_file
    return base + (".%d" % n if n else "") + ".tkbridge"


def _socket_target(path):
    """The socket to connect to for a bridge path: the path itself, or the short path
    written in it when the kernel had to bind elsewhere (long paths). None if absent."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISSOCK(st.st_mode):
        return path
    if stat.S_ISREG(st.st_mode):
        try:
            with open(path, errors="replace") as f:
                target = f.readline(4096).strip()
        except OSError:
            return None
        return target or None
    return None


def _open_socket(target, timeout):
    """A socket connected to target. The timeout stays set: it also bounds the hello and
    the sign-in, and _Conn clears it once the connection is up."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(target)
    except BaseException:
        s.close()
        raise
    return s


def _remove_stale(path):
    """Remove the dead socket a killed kernel left at path: only a socket (never a regular
    file, and never a path read from a file, which anyone could have written), only our
    own, and only after a connection to it was just refused. A redirect file and the
    socket it names are left to the next kernel's start-up sweep, which made them."""
    try:
        st = os.lstat(path)
        if stat.S_ISSOCK(st.st_mode) and st.st_uid == os.geteuid():
            os.unlink(path)
    except OSError:
        pass


def _probe(connection_file, timeout=2.0):
    """A connected socket to the kernel's bridge, or None when there is no live bridge
    (a stale socket left by a killed kernel is removed)."""
    return _probe_state(connection_file, timeout)[0]


def _probe_state(connection_file, timeout=2.0):
    """(socket or None, "live" | "stale" | "absent"), trying each bridge path in turn."""
    state = "absent"
    for n in range(_PATH_TRIES):
        path = bridge_path(connection_file, n)
        target = _socket_target(path)
        if target is None:
            continue
        try:
            return _open_socket(target, timeout), "live"
        except (ConnectionRefusedError, FileNotFoundError):
            if target == path:
                _remove_stale(path)
            state = "stale" if state == "absent" else state
        except OSError:
            pass
    return None, state


def find_connection_file(target=None):
    """Resolve target (None: the newest kernel with a live bridge; a connection-file path;
    a kernel id, or a unique prefix of one, as `jupyter console --existing` takes) to a
    connection file path."""
    rt = _runtime_dir()
    if target is None:
        files = glob.glob(os.path.join(rt, "kernel-*.json"))
        files.sort(key=lambda f: os.path.getmtime(f), reverse=True)
        for f in files:
            s = _probe(f)
            if s is not None:
                s.close()
                return f
        raise ConnectionError("tensorkernel: no running tensorkernel with a bridge in %s" % rt)
    target = os.fspath(target)
    if os.path.exists(target):
        return os.path.abspath(target)
    for cand in (os.path.join(rt, target), os.path.join(rt, "kernel-%s.json" % target),
                 os.path.join(rt, target + ".json")):
        if os.path.exists(cand):
            return cand
    if target and os.sep not in target and not glob.has_magic(target):
        stem = target[:-5] if target.endswith(".json") else target
        if stem.startswith("kernel-"):
            stem = stem[len("kernel-"):]
        found = sorted(glob.glob(os.path.join(rt, "kernel-%s*.json" % stem)))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValueError("tensorkernel: %r matches %d kernels (%s); give more of the id"
                             % (target, len(found), ", ".join(os.path.basename(f) for f in found)))
    raise FileNotFoundError("tensorkernel: no kernel %r (looked in %s)" % (target, rt))


def connect(target=None, timeout=5.0):
    """Attach to a running tensorkernel on this host and return a Kernel.

    target: None (the newest kernel in jupyter_runtime_dir() with a live bridge), a
    connection-file path, or a kernel id. A kernel without a reachable bridge socket (for
    example a remote one) is reached over its Jupyter channels instead, copying data, with
    a TransferWarning."""
    cf = find_connection_file(target)
    with open(cf) as f:
        info = json.load(f)
    sock, state = _probe_state(cf, timeout)
    if state == "stale":
        raise ConnectionError("tensorkernel: the kernel of %s has exited (its bridge socket "
                              "was stale and has been removed)" % cf)
    if sock is None:
        from ._remote import RemoteKernel
        warnings.warn(TransferWarning(
            "tensorkernel: no bridge socket for %s; falling back to copying over the "
            "Jupyter channels" % cf), stacklevel=2)
        return RemoteKernel(cf)
    return Kernel(sock, info.get("key", ""), cf, timeout=timeout)


# ---- the connection --------------------------------------------------------------------

def _raise_for(reply, name_lookup=False):
    etype, msg = reply.get("etype", "RuntimeError"), reply.get("msg", "")
    if name_lookup and etype == "NameError":
        raise KeyError(msg)
    cls = getattr(builtins, etype, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError
    raise cls(msg)


class _Conn:
    """The socket, the signing state and the leases. Arrays keep it alive (through their
    release callback) so that leases outlive Kernel.close() until the arrays die."""

    def __init__(self, sock, key, timeout=None):
        self.sock = sock
        self.timeout = timeout
        self.key = key.encode() if isinstance(key, str) else bytes(key)
        self.lock = threading.RLock()
        self.pending = []      # lease ids to hand back with the next request
        self.live = 0          # arrays alive
        self.closing = False   # Kernel.close() called: close the socket with the last array
        self.dead = False
        self.seq = 0
        self._check_peer()
        hello, fd = self.recv()
        if fd is not None:
            os.close(fd)
        if hello.get("ok") is False:
            self.sock.close()
            _raise_for(hello)
        self.nonce = hello["nonce"].encode()
        self.kernel_pid = hello.get("pid")
        # sign in at once: the kernel ends connections that stay silent after the hello
        reply, fd = self.request("ping")
        if fd is not None:
            os.close(fd)
        if not reply.get("ok"):
            self._gone()
            _raise_for(reply)
        self.sock.settimeout(None)  # connected: eval may wait for a running cell

    def _check_peer(self):
        creds = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        pid, uid, gid = struct.unpack("3i", creds)
        if uid != os.geteuid():
            self.sock.close()
            raise PermissionError("tensorkernel: the bridge socket belongs to uid %d, not %d"
                                  % (uid, os.geteuid()))

    # framing
    def _recv_exact(self, n, fds):
        buf = bytearray()
        while len(buf) < n:
            data, anc, flags, _ = self.sock.recvmsg(n - len(buf), socket.CMSG_SPACE(16))
            for level, typ, cdata in anc:
                if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
                    a = array.array("i")
                    a.frombytes(cdata[: len(cdata) - len(cdata) % a.itemsize])
                    fds.extend(a)
            if not data:
                for fd in fds:
                    os.close(fd)
                raise EOFError
            buf += data
        return bytes(buf)

    def recv(self):
        fds = []
        try:
            (n,) = struct.unpack("<I", self._recv_exact(4, fds))
            if n > _MAX_REPLY:
                raise EOFError
            body = self._recv_exact(n, fds)
        except TimeoutError:
            self._gone()
            raise TimeoutError("tensorkernel: the bridge did not answer within %s s (is the "
                               "kernel stopped?)" % self.timeout) from None
        except (EOFError, ConnectionError, OSError) as e:
            self._gone()
            raise ConnectionError("tensorkernel: the kernel has exited (bridge connection "
                                  "closed)") from (None if isinstance(e, EOFError) else e)
        for extra in fds[1:]:
            os.close(extra)
        return json.loads(body), (fds[0] if fds else None)

    def _gone(self):
        self.dead = True
        try:
            self.sock.close()
        except OSError:
            pass

    def request(self, op, fd=None, **fields):
        with self.lock:
            if self.dead:
                raise ConnectionError("tensorkernel: the kernel has exited (bridge connection "
                                      "closed)")
            self.seq += 1
            body = {"op": op, "seq": self.seq}
            body.update(fields)
            release = []
            while self.pending and len(release) < 4096:
                release.append(self.pending.pop())
            if release:
                body["release"] = release
            data = json.dumps(body, separators=(",", ":")).encode()
            sig = hmac.new(self.key, self.nonce + data, hashlib.sha256).hexdigest().encode()
            payload = sig + b"\n" + data
            if len(payload) > _MAX_FRAME:
                raise ValueError("tensorkernel: request too large (the limit is 1 MiB)")
            frame = struct.pack("<I", len(payload)) + payload
            anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))] if fd is not None else []
            try:
                self.sock.sendmsg([frame], anc)
            except OSError as e:
                self._gone()
                raise ConnectionError("tensorkernel: the kernel has exited (bridge connection "
                                      "closed)") from e
            return self.recv()

    # leases
    def release(self, lease):
        """Called when an array's memory is collected (any thread, no I/O)."""
        self.pending.append(lease)
        self.live -= 1
        if self.closing and self.live <= 0:
            self._gone()

    def close(self):
        with self.lock:
            if self.dead:
                return
            if self.pending:
                try:
                    self.request("release")
                except ConnectionError:
                    return
            self.closing = True
            if self.live <= 0:
                self._gone()


class Kernel:
    """A running tensorkernel reached through its bridge. Arrays it returns share memory
    with the kernel's tensors: a write on either side is seen by the other."""

    #: After the kernel restarts (same connection file, new process), requests wait this
    #: many seconds for the new kernel's bridge and re-attach to it by themselves.
    reattach_timeout = 3.0

    def __init__(self, sock, key, connection_file=None, timeout=None):
        self._c = _Conn(sock, key, timeout)
        self._timeout = timeout
        self.connection_file = connection_file

    def __repr__(self):
        state = "closed" if self._c.closing or self._c.dead else "open"
        return "<tensorkernel.Kernel %s (%s)>" % (self.connection_file, state)

    def _reattach(self):
        """Connect to the kernel now serving our connection file (a restarted kernel keeps
        its kernel id and connection file). True on success; False when the file is gone
        (the kernel was shut down) or no bridge came up within reattach_timeout."""
        cf = self.connection_file
        if not cf or self._c.closing:
            return False
        deadline = time.monotonic() + self.reattach_timeout
        while True:
            if not os.path.exists(cf):
                return False
            # a stale socket is left in place: connect() reports it, and a restarted
            # kernel sweeps it before binding its own
            sock = None
            for n in range(_PATH_TRIES):
                target = _socket_target(bridge_path(cf, n))
                try:
                    sock = _open_socket(target, 1.0) if target else None
                except OSError:
                    sock = None
                if sock is not None:
                    break
            if sock is not None:
                try:
                    with open(cf) as f:
                        key = json.load(f).get("key", "")
                    self._c = _Conn(sock, key, self._timeout)
                    return True
                except (ConnectionError, OSError, ValueError, KeyError):
                    sock.close()
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def _req(self, op, name_lookup=False, fd=None, **fields):
        if self._c.closing:
            raise ValueError("tensorkernel: operation on a closed Kernel")
        try:
            reply, rfd = self._c.request(op, fd=fd, **fields)
        except ConnectionError:
            if not self._reattach():
                raise
            reply, rfd = self._c.request(op, fd=fd, **fields)
        if not reply.get("ok"):
            if rfd is not None:
                os.close(rfd)
            if reply.get("etype") == "PermissionError":  # the kernel hangs up after these
                self._c._gone()
            _raise_for(reply, name_lookup)
        return reply, rfd

    def names(self):
        """Names of the kernel's tensors and ndarrays, sorted."""
        return self._req("names")[0]["names"]

    def info(self, name):
        """Shape, dtype, device, strides, requires_grad, nbytes, is_sparse of a tensor."""
        info = self._req("info", name_lookup=True, name=name)[0]["info"]
        info["shape"] = tuple(info["shape"])
        if info.get("strides") is not None:
            info["strides"] = tuple(info["strides"])
        return info

    def _array(self, reply, rfd, what):
        a = reply["array"]
        if a.get("empty"):
            arr = np.empty(tuple(a["shape"]), dtype=a["dtype"])
        else:
            try:
                self._c.live += 1
                arr = _bridge.map_array(rfd, a["map_offset"], a["map_len"], a["data_offset"],
                                        a["dtype"], a["shape"], a["strides"], a["lease"],
                                        self._c.release, a.get("storage_offset", 0))
            except BaseException:
                self._c.release(a["lease"])
                raise
            finally:
                os.close(rfd)
        if a.get("copied"):
            warnings.warn(TransferWarning(
                "tensorkernel: %s was copied from %s to host memory (%s) by force=True; "
                "keep the data on the GPU or reduce it first"
                % (what, a.get("device", "the device"), _fmt_bytes(arr.nbytes))), stacklevel=3)
        return arr

    def get(self, name, force=False):
        """The tensor as a NumPy array over the kernel's memory (no copy). Errors as
        Tensor.numpy(); force=True mirrors numpy(force=True) (a GPU tensor is copied on
        the kernel side, with a TransferWarning)."""
        reply, rfd = self._req("get", name_lookup=True, name=name, force=bool(force))
        return self._array(reply, rfd, repr(name))

    __getitem__ = get

    def put(self, name, value):
        """Bind kernel global 'name' to a tensor holding value's data; returns an array that
        shares memory with that tensor."""
        arr = np.asarray(value)
        dt = arr.dtype
        if dt.name not in _SUPPORTED or dt.byteorder == ">":
            raise TypeError("can't convert np.ndarray of type numpy.%s. The only supported "
                            "types are: %s, and bool." % (dt.name, ", ".join(_SUPPORTED[:-1])))
        view = self._leased_view(arr)
        if view is not None:  # memory the kernel already owns: bind a view, copy nothing
            lease, offset, strides = view
            self._req("put", name=str(name), dtype=dt.name, shape=list(arr.shape),
                      nbytes=int(arr.nbytes), lease=lease, offset=offset, strides=strides)
            return arr
        fd, shared = _bridge.new_shared(dt.name, arr.shape)
        try:
            shared[...] = arr
            self._req("put", fd=fd, name=str(name), dtype=dt.name, shape=list(arr.shape),
                      nbytes=int(arr.nbytes))
        finally:
            os.close(fd)
        return shared

    def _leased_view(self, arr):
        """(lease, byte offset in the storage, byte strides) when arr views memory this
        connection leases with non-negative strides; else None."""
        b = arr.base
        while b is not None and not isinstance(b, _bridge.Mapping):
            b = getattr(b, "base", None)
        if b is None or b.lease is None or getattr(b.release, "__self__", None) is not self._c:
            return None
        if any(s < 0 or s % arr.itemsize for s in arr.strides):
            return None
        offset = arr.__array_interface__["data"][0] - b.storage_address
        if offset < 0 or offset % arr.itemsize:
            return None
        return b.lease, offset, list(arr.strides)

    def __setitem__(self, name, value):
        self.put(name, value)

    def __contains__(self, name):
        return name in self.names()

    def keys(self):
        """Same as names(), so dict(k) and `for name in k` work."""
        return self.names()

    def __iter__(self):
        return iter(self.names())

    def eval(self, expr, force=False):
        """Evaluate one expression in the kernel. One-element results come back as Python
        scalars (through .item()); other tensors as arrays over new shared tensors; other
        values as JSON-able Python values. Errors are raised with the kernel's exception
        type and text. Unlike get(), eval waits while a cell is running."""
        reply, rfd = self._req("eval", expr=str(expr), force=bool(force))
        if "array" in reply:
            return self._array(reply, rfd, "the result")
        if "special" in reply:
            return float(reply["special"])
        v = reply.get("scalar")
        if reply.get("kind") == "float" and isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        return v

    def stats(self):
        """Bridge counters: this connection's leases, all leases, connections, storages."""
        st = self._req("stats")[0]
        st.pop("ok", None)
        st.pop("seq", None)
        return st

    def ping(self):
        self._req("ping")
        return True

    @property
    def closed(self):
        return self._c.closing or self._c.dead

    def close(self):
        """Close the connection. Arrays already obtained stay valid: the connection (and
        with it the kernel's hold on their memory) lasts until the last one is collected."""
        self._c.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _fmt_bytes(n):
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return ("%d %s" % (n, unit)) if unit == "bytes" else ("%.1f %s" % (n, unit))
        n /= 1024.0

