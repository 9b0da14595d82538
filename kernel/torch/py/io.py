"""The io module: open() and the file types come from the kernel's _io; StringIO and BytesIO
are in-memory streams written here, with CPython's behaviour and messages."""
from _io import (open, TextIOWrapper, BufferedReader, BufferedWriter, BufferedRandom,
                 UnsupportedOperation, DEFAULT_BUFFER_SIZE)

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


class _MemoryIO:
    """What StringIO and BytesIO share: a value, a position, closed state."""

    _closed_msg = "I/O operation on closed file."

    def _check(self, msg=None):
        if self._closed:
            raise ValueError(msg or self._closed_msg)

    @property
    def closed(self):
        return self._closed

    def close(self):
        self._closed = True

    def readable(self):
        self._check()
        return True

    def writable(self):
        self._check()
        return True

    def seekable(self):
        self._check()
        return True

    def flush(self):
        self._check()

    def isatty(self):
        self._check()
        return False

    def tell(self):
        self._check()
        return self._pos

    def __enter__(self):
        self._check("I/O operation on closed file.")
        return self

    def __exit__(self, *args):
        self.close()

    def __iter__(self):
        self._check("I/O operation on closed file.")
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readlines(self, hint=-1):
        self._check("I/O operation on closed file.")
        lines = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)
            total += len(line)
            if hint is not None and hint > 0 and total >= hint:
                return lines

    def writelines(self, lines):
        self._check()
        for line in lines:
            self.write(line)

    def _size(self, size, name):
        if size is None:
            return -1
        if not isinstance(size, int):
            raise TypeError("argument should be integer or None, not '%s'" % type(size).__name__)
        return size

    def read(self, size=-1):
        self._check()
        size = self._size(size, "read")
        end = len(self._value) if size < 0 else min(len(self._value), self._pos + size)
        if self._pos >= end:
            return self._value[:0]
        out = self._value[self._pos:end]
        self._pos = end
        return out

    def readline(self, size=-1):
        self._check()
        size = self._size(size, "readline")
        nl = self._value.find(self._nl, self._pos)
        end = len(self._value) if nl < 0 else nl + 1
        if size >= 0:
            end = min(end, self._pos + size)
        if self._pos >= end:
            return self._value[:0]
        out = self._value[self._pos:end]
        self._pos = end
        return out

    def truncate(self, size=None):
        self._check()
        if size is None:
            size = self._pos
        if size < 0:
            raise ValueError("negative size value %d" % size)
        self._value = self._value[:size]
        return size

    def getvalue(self):
        self._check()
        return self._value

    # The value is a string (or bytes) plus the pieces appended since it was last read:
    # writes at the end cost their own length, not the length of all that came before.
    @property
    def _value(self):
        if self._chunks:
            self._v = self._v + self._v[:0].join(self._chunks)
            self._chunks = []
        return self._v

    @_value.setter
    def _value(self, v):
        self._v = v
        self._chunks = []
        self._n = len(v)

    def _write(self, s):
        if self._pos == self._n:
            self._chunks.append(s)
            self._n += len(s)
            self._pos = self._n
            return len(s)
        v = self._value
        if self._pos > len(v):  # written past the end: the gap reads as NULs
            v = v + self._pad(self._pos - len(v))
        self._value = v[:self._pos] + s + v[self._pos + len(s):]
        self._pos += len(s)
        return len(s)


class StringIO(_MemoryIO):
    """Text I/O implementation using an in-memory buffer."""

    _closed_msg = "I/O operation on closed file"

    def flush(self):
        pass

    _nl = "\n"

    def _pad(self, n):
        return "\0" * n

    def __init__(self, initial_value="", newline="\n"):
        if initial_value is None:
            initial_value = ""
        if not isinstance(initial_value, str):
            raise TypeError("initial_value must be str or None, not %s" % type(initial_value).__name__)
        if newline is not None and not isinstance(newline, str):
            raise TypeError("newline must be str or None, not %s" % type(newline).__name__)
        if newline not in (None, "", "\n", "\r", "\r\n"):
            raise ValueError("illegal newline value: %r" % (newline,))
        self._newline = newline
        self._closed = False
        self._value = self._translate(initial_value)
        self._pos = 0

    def _translate(self, s):
        if self._newline is None:
            return s.replace("\r\n", "\n").replace("\r", "\n")
        if self._newline in ("\r", "\r\n"):
            return s.replace("\n", self._newline)
        return s

    def readline(self, size=-1):
        # lines end at the newline argument: any of \r, \n, \r\n for '', that string for
        # '\r' or '\r\n', \n otherwise (None has translated them all to \n)
        if self._newline not in ("", "\r", "\r\n"):
            return _MemoryIO.readline(self, size)
        self._check()
        size = self._size(size, "readline")
        v, pos = self._value, self._pos
        if self._newline == "":
            r, n = v.find("\r", pos), v.find("\n", pos)
            if r >= 0 and (n < 0 or r < n):
                end = r + 2 if v[r + 1:r + 2] == "\n" else r + 1
            else:
                end = n + 1 if n >= 0 else len(v)
        else:
            nl = v.find(self._newline, pos)
            end = len(v) if nl < 0 else nl + len(self._newline)
        if size >= 0:
            end = min(end, pos + size)
        if pos >= end:
            return ""
        self._pos = end
        return v[pos:end]

    def write(self, s):
        self._check()
        if not isinstance(s, str):
            raise TypeError("string argument expected, got '%s'" % type(s).__name__)
        n = len(s)
        self._write(self._translate(s))
        return n

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("Negative seek position %d" % pos)
        elif whence in (1, 2):
            if pos != 0:
                raise OSError("Can't do nonzero cur-relative seeks")
            pos = self._pos if whence == 1 else len(self._value)
        else:
            raise ValueError("Invalid whence (%d, should be 0, 1 or 2)" % whence)
        self._pos = pos
        return pos

    @property
    def line_buffering(self):
        return False

    @property
    def newlines(self):
        return None

    def __repr__(self):
        return "<_io.StringIO object at 0x%x>" % id(self)


class BytesIO(_MemoryIO):
    """Buffered I/O implementation using an in-memory bytes buffer."""

    _nl = b"\n"

    def _pad(self, n):
        return bytes(n)

    def __init__(self, initial_bytes=b""):
        if initial_bytes is None:
            initial_bytes = b""
        if not isinstance(initial_bytes, bytes):
            raise TypeError("a bytes-like object is required, not '%s'" % type(initial_bytes).__name__)
        self._closed = False
        self._value = initial_bytes
        self._pos = 0

    def write(self, b):
        self._check()
        if not isinstance(b, bytes):
            raise TypeError("a bytes-like object is required, not '%s'" % type(b).__name__)
        return self._write(b)

    def read1(self, size=-1):
        return self.read(size)

    def getbuffer(self):
        raise NotImplementedError("BytesIO.getbuffer() is not supported")

    def seek(self, pos, whence=0):
        self._check()
        if whence == 0:
            if pos < 0:
                raise ValueError("negative seek value %d" % pos)
        elif whence == 1:
            pos = max(0, self._pos + pos)
        elif whence == 2:
            pos = max(0, len(self._value) + pos)
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        self._pos = pos
        return pos

    def __repr__(self):
        return "<_io.BytesIO object at 0x%x>" % id(self)
