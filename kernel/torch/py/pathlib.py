"""Filesystem paths as objects (POSIX flavour only).

PurePath / PurePosixPath do string work only; Path / PosixPath add the calls that touch the
filesystem. Behaviour (results, reprs, errors) follows CPython 3.11's pathlib."""
# Layout of a path object: `_root` is '' (relative), '/' or '//' (POSIX keeps exactly two
# leading slashes, any other count collapses to one) and `_names` is a tuple of the
# components after it, with '' and '.' already dropped ('..' is kept: it is not resolved
# without the filesystem). Everything else (parts, str, ordering) is derived from the two
# and cached lazily because paths are immutable. The filesystem methods go through the
# kernel's os module and the builtin open().

import os
import fnmatch

__all__ = ["PurePath", "PurePosixPath", "Path", "PosixPath"]


# ---- parsing -----------------------------------------------------------------------------

def _root_of(text):
    """The root a path string starts with: '', '/' or '//'."""
    if text[:1] != '/':
        return ''
    if text[1:2] == '/' and text[2:3] != '/':
        return '//'
    return '/'


def _names_of(text):
    """The components of a path string ('' and '.' dropped)."""
    return [c for c in text.split('/') if c and c != '.']


def _as_text(arg):
    """The string behind one constructor argument (str or os.PathLike returning str)."""
    if type(arg) is str:
        return arg
    text = os.fspath(arg)
    if not isinstance(text, str):
        raise TypeError("argument should be a str object or an os.PathLike object "
                        "returning str, not %r" % (type(text),))
    return str(text)


def _combine(args, root='', names=()):
    """Join constructor arguments onto (root, names): an anchored argument restarts the path."""
    names = list(names)
    for arg in args:
        if isinstance(arg, PurePath):
            r, more = arg._root, arg._names
        else:
            text = _as_text(arg)
            r = _root_of(text)
            more = _names_of(text) if text else ()
        if r:
            root = r
            names = list(more)
        else:
            names.extend(more)
    return root, tuple(names)


def _has_magic(component):
    return '*' in component or '?' in component or '[' in component


# ---- pure paths --------------------------------------------------------------------------

class _Ancestors:
    """The `parents` view: item 0 is the parent, the last item the anchor (or '.')."""

    def __init__(self, path):
        self._path = path

    def __len__(self):
        return len(self._path._names)

    def __getitem__(self, idx):
        count = len(self._path._names)
        if isinstance(idx, slice):
            return tuple(self[k] for k in range(*idx.indices(count)))
        if idx >= count or idx < -count:
            raise IndexError(idx)
        if idx < 0:
            idx += count
        p = self._path
        return p._with_parts(p._root, p._names[:count - 1 - idx])

    def __iter__(self):
        for k in range(len(self)):
            yield self[k]

    def __repr__(self):
        return "<%s.parents>" % type(self._path).__name__


class PurePath:
    """A filesystem path that never touches the filesystem."""

    def __new__(cls, *args):
        if cls is PurePath:
            cls = PurePosixPath
        root, names = _combine(args)
        return cls._with_parts_of(root, names)

    @classmethod
    def _with_parts_of(cls, root, names):
        obj = object.__new__(cls)
        obj._root = root
        obj._names = names
        obj._text = None
        obj._hashed = None
        return obj

    def _with_parts(self, root, names):
        return type(self)._with_parts_of(root, names)

    def _child(self, name):
        # one already-clean component appended (used by iterdir and glob)
        return self._with_parts(self._root, self._names + (name,))

    def _key(self):
        # the parts as a tuple; ordering and equality compare these
        if self._root:
            return (self._root,) + self._names
        return self._names

    # -- text forms --

    def __str__(self):
        text = self._text
        if text is None:
            text = self._root + '/'.join(self._names)
            if not text:
                text = '.'
            self._text = text
        return text

    def __fspath__(self):
        return str(self)

    def as_posix(self):
        """The path with '/' separators (the same as str() here)."""
        return str(self)

    def __bytes__(self):
        try:
            return str(self).encode('utf-8', 'surrogateescape')
        except ValueError:
            # no surrogateescape handler here: the text is plain UTF-8 then
            return str(self).encode('utf-8')

    def __repr__(self):
        return "%s(%r)" % (type(self).__name__, str(self))

    def __reduce__(self):
        return (type(self), self._key())

    def as_uri(self):
        """The path as a file: URI (it must be absolute)."""
        if not self._root:
            raise ValueError("relative path can't be expressed as a file URI")
        keep = _URI_SAFE
        out = []
        for byte in str(self).encode('utf-8'):
            ch = chr(byte)
            if ch in keep:
                out.append(ch)
            else:
                out.append('%%%02X' % byte)
        return 'file://' + ''.join(out)

    # -- equality and ordering --

    def __eq__(self, other):
        if isinstance(other, PurePath):
            return self._key() == other._key()
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, PurePath):
            return self._key() != other._key()
        return NotImplemented

    def __hash__(self):
        h = self._hashed
        if h is None:
            h = self._hashed = hash(self._key())
        return h

    def __lt__(self, other):
        if isinstance(other, PurePath):
            return self._key() < other._key()
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, PurePath):
            return self._key() <= other._key()
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, PurePath):
            return self._key() > other._key()
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, PurePath):
            return self._key() >= other._key()
        return NotImplemented

    # -- pieces --

    @property
    def drive(self):
        """Always '' on POSIX."""
        return ''

    @property
    def root(self):
        return self._root

    @property
    def anchor(self):
        return self._root

    @property
    def parts(self):
        """The components, the anchor first when there is one."""
        return self._key()

    @property
    def name(self):
        names = self._names
        return names[-1] if names else ''

    @property
    def suffix(self):
        """The last '.ext' of the name ('' when there is none)."""
        name = self.name
        dot = name.rfind('.')
        if 0 < dot < len(name) - 1:
            return name[dot:]
        return ''

    @property
    def suffixes(self):
        """Every '.ext' of the name, in order."""
        name = self.name
        if name.endswith('.'):
            return []
        pieces = name.lstrip('.').split('.')
        return ['.' + piece for piece in pieces[1:]]

    @property
    def stem(self):
        """The name without its last suffix."""
        name = self.name
        dot = name.rfind('.')
        if 0 < dot < len(name) - 1:
            return name[:dot]
        return name

    @property
    def parent(self):
        names = self._names
        if not names:
            return self
        return self._with_parts(self._root, names[:-1])

    @property
    def parents(self):
        return _Ancestors(self)

    # -- derived paths --

    def with_name(self, name):
        """This path with its last component replaced by name."""
        if not self._names:
            raise ValueError("%r has an empty name" % (self,))
        if (not name or name[-1] == '/' or _root_of(name)
                or len(_names_of(name)) != 1):
            raise ValueError("Invalid name %r" % (name,))
        return self._with_parts(self._root, self._names[:-1] + (name,))

    def with_stem(self, stem):
        """This path with the name's stem replaced (its suffix kept)."""
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        """This path with the last suffix replaced, added ('' name suffix) or removed ('')."""
        if '/' in suffix or (suffix and suffix[0] != '.') or suffix == '.':
            raise ValueError("Invalid suffix %r" % (suffix,))
        name = self.name
        if not name:
            raise ValueError("%r has an empty name" % (self,))
        old = self.suffix
        base = name[:len(name) - len(old)] if old else name
        return self._with_parts(self._root, self._names[:-1] + (base + suffix,))

    def joinpath(self, *args):
        """This path extended by each argument (an anchored one starts over)."""
        root, names = _combine(args, self._root, self._names)
        return self._with_parts(root, names)

    def __truediv__(self, key):
        if type(key) is str and key and '/' not in key:
            # the common `path / 'name'` step, without the general parser
            if key == '.':
                return self._with_parts(self._root, self._names)
            return self._with_parts(self._root, self._names + (key,))
        try:
            root, names = _combine((key,), self._root, self._names)
        except TypeError:
            return NotImplemented
        return self._with_parts(root, names)

    def __rtruediv__(self, key):
        try:
            root, names = _combine((key, self))
        except TypeError:
            return NotImplemented
        return self._with_parts(root, names)

    def relative_to(self, *other):
        """This path relative to the path the arguments make; ValueError when it is not below it."""
        if not other:
            raise TypeError("need at least one argument")
        base_root, base_names = _combine(other)
        mine = self._key()
        base = ((base_root,) + base_names) if base_root else base_names
        if base:
            inside = mine[:len(base)] == base
        else:
            inside = not self._root
        if not inside:
            raise ValueError("%r is not in the subpath of %r OR one path is relative and "
                             "the other is absolute." % (str(self), base_root + '/'.join(base_names)))
        return self._with_parts('', mine[len(base):])

    def is_relative_to(self, *other):
        """Whether relative_to() with the same arguments would succeed."""
        try:
            self.relative_to(*other)
        except ValueError:
            return False
        return True

    def is_absolute(self):
        return bool(self._root)

    def is_reserved(self):
        """No names are reserved on POSIX."""
        return False

    def match(self, path_pattern):
        """Glob-style match from the right; an anchored pattern must match the whole path."""
        pat_root = _root_of(path_pattern)
        pats = _names_of(path_pattern)
        if pat_root:
            pats.insert(0, pat_root)
        if not pats:
            raise ValueError("empty pattern")
        mine = self._key()
        if pat_root:
            if pat_root != self._root or len(pats) != len(mine):
                return False
            pats = pats[1:]
            mine = mine[1:]
        elif len(pats) > len(mine):
            return False
        k = -1
        for pat in reversed(pats):
            if not fnmatch.fnmatchcase(mine[k], pat):
                return False
            k -= 1
        return True


class PurePosixPath(PurePath):
    """A pure path with POSIX rules (what PurePath() gives here)."""


_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


# ---- glob --------------------------------------------------------------------------------

def _listing(path):
    try:
        return os.listdir(str(path))
    except OSError:
        return []


def _subdirs_depth_first(top):
    """top, then every directory below it (symlinked ones not entered), parent before child."""
    yield top
    base = str(top)
    for entry in _listing(top):
        full = os.path.join(base, entry)
        if os.path.isdir(full) and not os.path.islink(full):
            for below in _subdirs_depth_first(top._child(entry)):
                yield below


def _glob_from(path, comps, at):
    """Paths below `path` matching comps[at:]; path is known to be a directory.
    A '' component (from a trailing '/') ends the pattern and keeps directories only."""
    if at == len(comps) or comps[at] == '':
        yield path
        return
    comp = comps[at]
    need_dir = at + 1 < len(comps)
    if comp == '**':
        seen = set()
        for d in _subdirs_depth_first(path):
            for hit in _glob_from(d, comps, at + 1):
                if hit not in seen:
                    seen.add(hit)
                    yield hit
    elif _has_magic(comp):
        base = str(path)
        for entry in _listing(path):
            if not fnmatch.fnmatchcase(entry, comp):
                continue
            if need_dir and not os.path.isdir(os.path.join(base, entry)):
                continue
            for hit in _glob_from(path._child(entry), comps, at + 1):
                yield hit
    else:
        child = path._child(comp)
        full = str(child)
        if os.path.isdir(full) if need_dir else os.path.exists(full):
            for hit in _glob_from(child, comps, at + 1):
                yield hit


def _glob_components(pattern):
    if _root_of(pattern):
        raise NotImplementedError("Non-relative patterns are unsupported")
    comps = _names_of(pattern)
    if pattern.endswith('/'):
        comps.append('')
    for comp in comps:
        if '**' in comp and comp != '**':
            raise ValueError("Invalid pattern: '**' can only be an entire path component")
    return comps


def _errno_of(exc):
    """An OSError's errno (parsed from '[Errno N] ...' when the attribute is missing)."""
    n = getattr(exc, 'errno', None)
    if isinstance(n, int):
        return n
    text = str(exc)
    if text.startswith('[Errno '):
        end = text.find(']')
        digits = text[7:end] if end > 0 else ''
        if digits.isdigit():
            return int(digits)
    return None


_NO_ENTRY = 2   # ENOENT


# ---- concrete paths ----------------------------------------------------------------------

class Path(PurePath):
    """A path with filesystem operations (Path() gives a PosixPath here)."""

    def __new__(cls, *args, **kwargs):
        if cls is Path:
            cls = PosixPath
        root, names = _combine(args)
        return cls._with_parts_of(root, names)

    @classmethod
    def cwd(cls):
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        return cls("~").expanduser()

    def absolute(self):
        """This path made absolute against the working directory (nothing resolved)."""
        if self._root:
            return self
        return type(self)(os.getcwd(), *self._names)

    def resolve(self, strict=False):
        """The absolute path with symlinks and '..' resolved."""
        return type(self)(os.path.realpath(str(self), strict=strict))

    def expanduser(self):
        """A leading '~' or '~user' replaced by that home directory."""
        names = self._names
        if not self._root and names and names[0][:1] == '~':
            home = os.path.expanduser(names[0])
            if home[:1] == '~':
                raise RuntimeError("Could not determine home directory.")
            return type(self)(home, *names[1:])
        return self

    # -- status --

    def stat(self, *, follow_symlinks=True):
        if follow_symlinks:
            return os.stat(str(self))
        return os.lstat(str(self))

    def lstat(self):
        return os.lstat(str(self))

    def exists(self):
        return os.path.exists(str(self))

    def is_dir(self):
        return os.path.isdir(str(self))

    def is_file(self):
        return os.path.isfile(str(self))

    def is_symlink(self):
        return os.path.islink(str(self))

    def samefile(self, other_path):
        """Whether other_path names the same file (same device and inode)."""
        mine = self.stat()
        if not isinstance(other_path, PurePath):
            other_path = Path(other_path)
        theirs = other_path.stat()
        return mine.st_ino == theirs.st_ino and mine.st_dev == theirs.st_dev

    # -- directories --

    def iterdir(self):
        """The entries of this directory as paths ('.' and '..' not included)."""
        for entry in os.listdir(str(self)):
            yield self._child(entry)

    def glob(self, pattern):
        """The existing paths below this one that match the relative pattern."""
        if not pattern:
            raise ValueError("Unacceptable pattern: %r" % (pattern,))
        comps = _glob_components(pattern)
        if self.is_dir():
            for hit in _glob_from(self, comps, 0):
                yield hit

    def rglob(self, pattern):
        """glob() with '**/' put in front of the pattern."""
        comps = ['**'] + _glob_components(pattern)
        if self.is_dir():
            for hit in _glob_from(self, comps, 0):
                yield hit

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        """Create this directory (and, with parents, the missing ones above it)."""
        try:
            os.mkdir(str(self), mode)
        except OSError as exc:
            if _errno_of(exc) == _NO_ENTRY and parents and self._names:
                self.parent.mkdir(parents=True, exist_ok=True)
                self.mkdir(mode, parents=False, exist_ok=exist_ok)
                return
            if _errno_of(exc) == _NO_ENTRY or not exist_ok or not self.is_dir():
                raise

    def rmdir(self):
        os.rmdir(str(self))

    # -- files --

    def open(self, mode='r', buffering=-1, encoding=None, errors=None, newline=None):
        """The builtin open() applied to this path."""
        options = {}
        if buffering != -1:
            options['buffering'] = buffering
        if encoding is not None:
            options['encoding'] = encoding
        if errors is not None:
            options['errors'] = errors
        if newline is not None:
            options['newline'] = newline
        return open(str(self), mode, **options)

    def read_bytes(self):
        with self.open(mode='rb') as f:
            return f.read()

    def read_text(self, encoding=None, errors=None):
        with self.open(encoding=encoding, errors=errors) as f:
            return f.read()

    def write_bytes(self, data):
        """Replace the file's content by the bytes-like data; return the count written."""
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("memoryview: a bytes-like object is required, not '%s'"
                            % type(data).__name__)
        if isinstance(data, bytearray):
            data = bytes(data)
        with self.open(mode='wb') as f:
            return f.write(data)

    def write_text(self, data, encoding=None, errors=None, newline=None):
        """Replace the file's content by the string data; return the count written."""
        if not isinstance(data, str):
            raise TypeError('data must be str, not %s' % type(data).__name__)
        with self.open(mode='w', encoding=encoding, errors=errors, newline=newline) as f:
            return f.write(data)

    def touch(self, mode=0o666, exist_ok=True):
        """Create the file when it is missing (FileExistsError if exist_ok is false)."""
        if exist_ok and self.exists():
            return
        with self.open(mode='a' if exist_ok else 'x'):
            pass

    def unlink(self, missing_ok=False):
        """Remove this file or symlink (a missing one is fine with missing_ok)."""
        try:
            os.unlink(str(self))
        except OSError as exc:
            if not (missing_ok and _errno_of(exc) == _NO_ENTRY):
                raise

    def rename(self, target):
        """Move this file to target; return target as a path of this class."""
        os.rename(str(self), os.fspath(target))
        return type(self)(target)

    def replace(self, target):
        """Move this file to target, overwriting it; return target as a path of this class."""
        os.replace(str(self), os.fspath(target))
        return type(self)(target)


class PosixPath(Path, PurePosixPath):
    """The concrete path class of this system."""
