"""Object-oriented filesystem paths.

This module provides classes to represent abstract paths and concrete
paths with operations that have semantics appropriate for different
operating systems.
"""
# CPython 3.11's pathlib for POSIX paths over the kernel's os module: PurePath,
# PurePosixPath, Path and PosixPath (the Windows classes are not provided). A path is kept
# as CPython keeps it: its drive (always ''), its root ('', '/' or '//') and its parts
# (the anchor first when there is one). read_text/write_text/read_bytes/write_bytes/open
# call the builtin open() when they run.

import os
import fnmatch

__all__ = ["PurePath", "PurePosixPath", "Path", "PosixPath"]

_ENOENT = 2


def _errno(e):
    """The errno of an OSError (read from its '[Errno N] ...' text when it has no attribute)."""
    n = getattr(e, 'errno', None)
    if isinstance(n, int):
        return n
    s = str(e)
    if s.startswith('[Errno '):
        k = s.find(']')
        if k > 7:
            try:
                return int(s[7:k])
            except ValueError:
                return None
    return None


def _splitroot(part):
    if part and part[0] == '/':
        stripped = part.lstrip('/')
        if len(part) - len(stripped) == 2:
            return '', '//', stripped
        return '', '/', stripped
    return '', '', part


def _parse_parts(parts):
    parsed = []
    drv = root = ''
    for part in reversed(parts):
        if not part:
            continue
        drv, root, rel = _splitroot(part)
        if '/' in rel:
            for x in reversed(rel.split('/')):
                if x and x != '.':
                    parsed.append(x)
        else:
            if rel and rel != '.':
                parsed.append(rel)
        if drv or root:
            break
    if drv or root:
        parsed.append(drv + root)
    parsed.reverse()
    return drv, root, parsed


def _join_parsed_parts(drv, root, parts, drv2, root2, parts2):
    if root2:
        return drv2, root2, parts2
    return drv, root, parts + parts2


def _format_parsed_parts(drv, root, parts):
    if drv or root:
        return drv + root + '/'.join(parts[1:])
    return '/'.join(parts)


def _is_wildcard_pattern(pat):
    return "*" in pat or "?" in pat or "[" in pat


class _PathParents:
    """This object provides sequence-like access to the logical ancestors
    of a path.  Don't try to construct it yourself."""

    def __init__(self, path):
        self._pathcls = type(path)
        self._drv = path._drv
        self._root = path._root
        self._parts = path._parts

    def __len__(self):
        if self._drv or self._root:
            return len(self._parts) - 1
        return len(self._parts)

    def __getitem__(self, idx):
        n = len(self)
        if isinstance(idx, slice):
            return tuple(self[i] for i in range(*idx.indices(n)))
        if idx >= n or idx < -n:
            raise IndexError(idx)
        if idx < 0:
            idx += n
        return self._pathcls._from_parsed_parts(self._drv, self._root, self._parts[:-idx - 1])

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self):
        return "<{}.parents>".format(self._pathcls.__name__)


class PurePath:
    """Base class for manipulating paths without I/O.

    PurePath represents a filesystem path and offers operations which
    don't imply any actual filesystem I/O.
    """

    def __new__(cls, *args):
        if cls is PurePath:
            cls = PurePosixPath
        return cls._from_parts(args)

    def __reduce__(self):
        return (self.__class__, tuple(self._parts))

    @classmethod
    def _parse_args(cls, args):
        parts = []
        for a in args:
            if isinstance(a, PurePath):
                parts += a._parts
            else:
                if not isinstance(a, str):
                    a = os.fspath(a)
                if isinstance(a, str):
                    parts.append(str(a))
                else:
                    raise TypeError(
                        "argument should be a str object or an os.PathLike "
                        "object returning str, not %r" % type(a))
        return _parse_parts(parts)

    @classmethod
    def _from_parts(cls, args):
        drv, root, parts = cls._parse_args(args)
        return cls._from_parsed_parts(drv, root, parts)

    @classmethod
    def _from_parsed_parts(cls, drv, root, parts):
        self = object.__new__(cls)
        self._drv = drv
        self._root = root
        self._parts = parts
        self._str = None
        self._hash = None
        return self

    def _make_child(self, args):
        drv, root, parts = self._parse_args(args)
        drv, root, parts = _join_parsed_parts(self._drv, self._root, self._parts,
                                              drv, root, parts)
        return self._from_parsed_parts(drv, root, parts)

    def _make_child_relpath(self, part):
        return self._from_parsed_parts(self._drv, self._root, self._parts + [part])

    def __str__(self):
        """Return the string representation of the path, suitable for
        passing to system calls."""
        s = self._str
        if s is None:
            s = _format_parsed_parts(self._drv, self._root, self._parts) or '.'
            self._str = s
        return s

    def __fspath__(self):
        return str(self)

    def as_posix(self):
        """Return the string representation of the path with forward (/)
        slashes."""
        return str(self)

    def __bytes__(self):
        """Return the bytes representation of the path.  This is only
        recommended to use under Unix."""
        return str(self).encode('utf-8', 'surrogateescape')

    def __repr__(self):
        return "{}({!r})".format(self.__class__.__name__, self.as_posix())

    def as_uri(self):
        """Return the path as a 'file' URI."""
        if not self.is_absolute():
            raise ValueError("relative path can't be expressed as a file URI")
        safe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/"
        out = []
        for b in str(self).encode('utf-8'):
            c = chr(b)
            out.append(c if c in safe else '%%%02X' % b)
        path = ''.join(out)
        if path.startswith('//'):
            return 'file:' + path
        return 'file://' + path

    def __eq__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts == other._parts

    def __ne__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts != other._parts

    def __hash__(self):
        h = self._hash
        if h is None:
            h = hash(tuple(self._parts))
            self._hash = h
        return h

    def __lt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts < other._parts

    def __le__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts <= other._parts

    def __gt__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts > other._parts

    def __ge__(self, other):
        if not isinstance(other, PurePath):
            return NotImplemented
        return self._parts >= other._parts

    @property
    def drive(self):
        """The drive prefix (letter or UNC path), if any."""
        return self._drv

    @property
    def root(self):
        """The root of the path, if any."""
        return self._root

    @property
    def anchor(self):
        """The concatenation of the drive and root, or ''."""
        return self._drv + self._root

    @property
    def name(self):
        """The final path component, if any."""
        parts = self._parts
        if len(parts) == (1 if (self._drv or self._root) else 0):
            return ''
        return parts[-1]

    @property
    def suffix(self):
        """
        The final component's last suffix, if any.

        This includes the leading period. For example: '.txt'
        """
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[i:]
        return ''

    @property
    def suffixes(self):
        """
        A list of the final component's suffixes, if any.

        These include the leading periods. For example: ['.tar', '.gz']
        """
        name = self.name
        if name.endswith('.'):
            return []
        name = name.lstrip('.')
        return ['.' + suffix for suffix in name.split('.')[1:]]

    @property
    def stem(self):
        """The final path component, minus its last suffix."""
        name = self.name
        i = name.rfind('.')
        if 0 < i < len(name) - 1:
            return name[:i]
        return name

    def with_name(self, name):
        """Return a new path with the file name changed."""
        if not self.name:
            raise ValueError("%r has an empty name" % (self,))
        drv, root, parts = _parse_parts((name,))
        if (not name or name[-1] == '/' or drv or root or len(parts) != 1):
            raise ValueError("Invalid name %r" % (name))
        return self._from_parsed_parts(self._drv, self._root, self._parts[:-1] + [name])

    def with_stem(self, stem):
        """Return a new path with the stem changed."""
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        """Return a new path with the file suffix changed.  If the path
        has no suffix, add given suffix.  If the given suffix is an empty
        string, remove the suffix from the path.
        """
        if '/' in suffix:
            raise ValueError("Invalid suffix %r" % (suffix,))
        if suffix and not suffix.startswith('.') or suffix == '.':
            raise ValueError("Invalid suffix %r" % (suffix))
        name = self.name
        if not name:
            raise ValueError("%r has an empty name" % (self,))
        old_suffix = self.suffix
        if not old_suffix:
            name = name + suffix
        else:
            name = name[:-len(old_suffix)] + suffix
        return self._from_parsed_parts(self._drv, self._root, self._parts[:-1] + [name])

    def relative_to(self, *other):
        """Return the relative path to another path identified by the passed
        arguments.  If the operation is not possible (because this is not
        a subpath of the other path), raise ValueError.
        """
        if not other:
            raise TypeError("need at least one argument")
        parts = self._parts
        drv = self._drv
        root = self._root
        if root:
            abs_parts = [drv, root] + parts[1:]
        else:
            abs_parts = parts
        to_drv, to_root, to_parts = self._parse_args(other)
        if to_root:
            to_abs_parts = [to_drv, to_root] + to_parts[1:]
        else:
            to_abs_parts = to_parts
        n = len(to_abs_parts)
        if (root or drv) if n == 0 else abs_parts[:n] != to_abs_parts:
            formatted = _format_parsed_parts(to_drv, to_root, to_parts)
            raise ValueError("{!r} is not in the subpath of {!r}"
                             " OR one path is relative and the other is absolute."
                             .format(str(self), str(formatted)))
        return self._from_parsed_parts('', root if n == 1 else '', abs_parts[n:])

    def is_relative_to(self, *other):
        """Return True if the path is relative to another path or False.
        """
        try:
            self.relative_to(*other)
            return True
        except ValueError:
            return False

    @property
    def parts(self):
        """An object providing sequence-like access to the
        components in the filesystem path."""
        return tuple(self._parts)

    def joinpath(self, *args):
        """Combine this path with one or several arguments, and return a
        new path representing either a subpath (if all arguments are relative
        paths) or a totally different path (if one of the arguments is
        anchored).
        """
        return self._make_child(args)

    def __truediv__(self, key):
        try:
            return self._make_child((key,))
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, key):
        try:
            return self._from_parts([key] + self._parts)
        except TypeError:
            return NotImplemented

    @property
    def parent(self):
        """The logical parent of the path."""
        drv = self._drv
        root = self._root
        parts = self._parts
        if len(parts) == 1 and (drv or root):
            return self
        return self._from_parsed_parts(drv, root, parts[:-1])

    @property
    def parents(self):
        """A sequence of this path's logical parents."""
        return _PathParents(self)

    def is_absolute(self):
        """True if the path is absolute (has both a root and, if applicable,
        a drive)."""
        return bool(self._root)

    def is_reserved(self):
        """Return True if the path contains one of the special names reserved
        by the system, if any."""
        return False

    def match(self, path_pattern):
        """
        Return True if this path matches the given pattern.
        """
        drv, root, pat_parts = _parse_parts((path_pattern,))
        if not pat_parts:
            raise ValueError("empty pattern")
        if root and root != self._root:
            return False
        parts = self._parts
        if drv or root:
            if len(pat_parts) != len(parts):
                return False
            pat_parts = pat_parts[1:]
        elif len(pat_parts) > len(parts):
            return False
        for part, pat in zip(reversed(parts), reversed(pat_parts)):
            if not fnmatch.fnmatchcase(part, pat):
                return False
        return True


class PurePosixPath(PurePath):
    """PurePath subclass for non-Windows systems.

    On a POSIX system, instantiating a PurePath should return this object.
    However, you can also instantiate it directly on any system.
    """


# ---- glob selectors (CPython's) -----------------------------------------------------------

def _make_selector(pattern_parts):
    pat = pattern_parts[0]
    child_parts = pattern_parts[1:]
    if not pat:
        return _TerminatingSelector()
    if pat == '**':
        return _RecursiveWildcardSelector(pat, child_parts)
    if '**' in pat:
        raise ValueError("Invalid pattern: '**' can only be an entire path component")
    if _is_wildcard_pattern(pat):
        return _WildcardSelector(pat, child_parts)
    return _PreciseSelector(pat, child_parts)


class _Selector:
    def __init__(self, child_parts):
        self.child_parts = child_parts
        if child_parts:
            self.successor = _make_selector(child_parts)
            self.dironly = True
        else:
            self.successor = _TerminatingSelector()
            self.dironly = False

    def select_from(self, parent_path):
        if not parent_path.is_dir():
            return iter([])
        return self._select_from(parent_path)


class _TerminatingSelector:
    def _select_from(self, parent_path):
        yield parent_path


def _entries(path):
    try:
        return os.listdir(str(path))
    except OSError:
        return []


class _PreciseSelector(_Selector):
    def __init__(self, name, child_parts):
        self.name = name
        _Selector.__init__(self, child_parts)

    def _select_from(self, parent_path):
        path = parent_path._make_child_relpath(self.name)
        if path.is_dir() if self.dironly else path.exists():
            for p in self.successor._select_from(path):
                yield p


class _WildcardSelector(_Selector):
    def __init__(self, pat, child_parts):
        self.pat = pat
        _Selector.__init__(self, child_parts)

    def _select_from(self, parent_path):
        base = str(parent_path)
        for name in _entries(parent_path):
            if self.dironly and not os.path.isdir(os.path.join(base, name)):
                continue
            if fnmatch.fnmatchcase(name, self.pat):
                path = parent_path._make_child_relpath(name)
                for p in self.successor._select_from(path):
                    yield p


class _RecursiveWildcardSelector(_Selector):
    def __init__(self, pat, child_parts):
        _Selector.__init__(self, child_parts)

    def _iterate_directories(self, parent_path):
        yield parent_path
        base = str(parent_path)
        for name in _entries(parent_path):
            full = os.path.join(base, name)
            if os.path.isdir(full) and not os.path.islink(full):
                path = parent_path._make_child_relpath(name)
                for p in self._iterate_directories(path):
                    yield p

    def _select_from(self, parent_path):
        yielded = set()
        for starting_point in self._iterate_directories(parent_path):
            for p in self.successor._select_from(starting_point):
                if p not in yielded:
                    yield p
                    yielded.add(p)


# ---- concrete paths -----------------------------------------------------------------------

class Path(PurePath):
    """PurePath subclass that can make system calls.

    Path represents a filesystem path but unlike PurePath, also offers
    methods to do system calls on path objects. Depending on your system,
    instantiating a Path will return either a PosixPath or a WindowsPath
    object. You can also instantiate a PosixPath or WindowsPath directly,
    but cannot instantiate a WindowsPath on a POSIX system or vice versa.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Path:
            cls = PosixPath
        return cls._from_parts(args)

    @classmethod
    def cwd(cls):
        """Return a new path pointing to the current working directory
        (as returned by os.getcwd()).
        """
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        """Return a new path pointing to the user's home directory (as
        returned by os.path.expanduser('~')).
        """
        return cls("~").expanduser()

    def samefile(self, other_path):
        """Return whether other_path is the same or not as this file
        (as returned by os.path.samefile()).
        """
        st = self.stat()
        if not isinstance(other_path, PurePath):
            other_path = Path(other_path)
        other_st = other_path.stat()
        return st.st_ino == other_st.st_ino and st.st_dev == other_st.st_dev

    def iterdir(self):
        """Iterate over the files in this directory.  Does not yield any
        result for the special paths '.' and '..'.
        """
        for name in os.listdir(str(self)):
            yield self._make_child_relpath(name)

    def glob(self, pattern):
        """Iterate over this subtree and yield all existing files (of any
        kind, including directories) matching the given relative pattern.
        """
        if not pattern:
            raise ValueError("Unacceptable pattern: {!r}".format(pattern))
        drv, root, pattern_parts = _parse_parts((pattern,))
        if drv or root:
            raise NotImplementedError("Non-relative patterns are unsupported")
        if pattern[-1] == '/':
            pattern_parts.append('')
        selector = _make_selector(tuple(pattern_parts))
        for p in selector.select_from(self):
            yield p

    def rglob(self, pattern):
        """Recursively yield all existing files (of any kind, including
        directories) matching the given relative pattern, anywhere in
        this subtree.
        """
        drv, root, pattern_parts = _parse_parts((pattern,))
        if drv or root:
            raise NotImplementedError("Non-relative patterns are unsupported")
        if pattern and pattern[-1] == '/':
            pattern_parts.append('')
        selector = _make_selector(("**",) + tuple(pattern_parts))
        for p in selector.select_from(self):
            yield p

    def absolute(self):
        """Return an absolute version of this path by prepending the current
        working directory. No normalization or symlink resolution is performed.

        Use resolve() to get the canonical path to a file.
        """
        if self.is_absolute():
            return self
        return self._from_parts([os.getcwd()] + self._parts)

    def resolve(self, strict=False):
        """
        Make the path absolute, resolving all symlinks on the way and also
        normalizing it.
        """
        return self._from_parts((os.path.realpath(str(self), strict=strict),))

    def stat(self, *, follow_symlinks=True):
        """
        Return the result of the stat() system call on this path, like
        os.stat() does.
        """
        if follow_symlinks:
            return os.stat(str(self))
        return os.lstat(str(self))

    def lstat(self):
        """
        Like stat(), except if the path points to a symlink, the symlink's
        status information is returned, rather than its target's.
        """
        return os.lstat(str(self))

    def open(self, mode='r', buffering=-1, encoding=None, errors=None, newline=None):
        """
        Open the file pointed by this path and return a file object, as
        the built-in open() function does.
        """
        kw = {}
        if buffering != -1:
            kw['buffering'] = buffering
        if encoding is not None:
            kw['encoding'] = encoding
        if errors is not None:
            kw['errors'] = errors
        if newline is not None:
            kw['newline'] = newline
        return open(str(self), mode, **kw)

    def read_bytes(self):
        """
        Open the file in bytes mode, read it, and close the file.
        """
        with self.open(mode='rb') as f:
            return f.read()

    def read_text(self, encoding=None, errors=None):
        """
        Open the file in text mode, read it, and close the file.
        """
        with self.open(mode='r', encoding=encoding, errors=errors) as f:
            return f.read()

    def write_bytes(self, data):
        """
        Open the file in bytes mode, write to it, and close the file.
        """
        if not isinstance(data, bytes):
            raise TypeError("memoryview: a bytes-like object is required, not '%s'" % type(data).__name__)
        with self.open(mode='wb') as f:
            return f.write(data)

    def write_text(self, data, encoding=None, errors=None, newline=None):
        """
        Open the file in text mode, write to it, and close the file.
        """
        if not isinstance(data, str):
            raise TypeError('data must be str, not %s' % data.__class__.__name__)
        with self.open(mode='w', encoding=encoding, errors=errors, newline=newline) as f:
            return f.write(data)

    def touch(self, mode=0o666, exist_ok=True):
        """
        Create this file with the given access mode, if it doesn't exist.
        """
        if exist_ok and self.exists():
            return
        with self.open(mode='a' if exist_ok else 'x'):
            pass

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        """
        Create a new directory at this given path.
        """
        try:
            os.mkdir(str(self), mode)
        except OSError as e:
            if _errno(e) == _ENOENT:
                if not parents or self.parent == self:
                    raise
                self.parent.mkdir(parents=True, exist_ok=True)
                self.mkdir(mode, parents=False, exist_ok=exist_ok)
            elif not exist_ok or not self.is_dir():
                raise

    def unlink(self, missing_ok=False):
        """
        Remove this file or link.
        If the path is a directory, use rmdir() instead.
        """
        try:
            os.unlink(str(self))
        except OSError as e:
            if not missing_ok or _errno(e) != _ENOENT:
                raise

    def rmdir(self):
        """
        Remove this directory.  The directory must be empty.
        """
        os.rmdir(str(self))

    def rename(self, target):
        """
        Rename this path to the target path.

        Returns the new Path instance pointing to the target path.
        """
        os.rename(str(self), str(target) if isinstance(target, PurePath) else target)
        return self.__class__(target)

    def replace(self, target):
        """
        Rename this path to the target path, overwriting if that path exists.

        Returns the new Path instance pointing to the target path.
        """
        os.replace(str(self), str(target) if isinstance(target, PurePath) else target)
        return self.__class__(target)

    def exists(self):
        """
        Whether this path exists.
        """
        return os.path.exists(str(self))

    def is_dir(self):
        """
        Whether this path is a directory.
        """
        return os.path.isdir(str(self))

    def is_file(self):
        """
        Whether this path is a regular file (also True for symlinks pointing
        to regular files).
        """
        return os.path.isfile(str(self))

    def is_symlink(self):
        """
        Whether this path is a symbolic link.
        """
        return os.path.islink(str(self))

    def expanduser(self):
        """ Return a new path with expanded ~ and ~user constructs
        (as returned by os.path.expanduser)
        """
        if (not (self._drv or self._root) and
                self._parts and self._parts[0][:1] == '~'):
            homedir = os.path.expanduser(self._parts[0])
            if homedir[:1] == "~":
                raise RuntimeError("Could not determine home directory.")
            return self._from_parts([homedir] + self._parts[1:])
        return self


class PosixPath(Path, PurePosixPath):
    """Path subclass for non-Windows systems.

    On a POSIX system, instantiating a Path should return this object.
    """
