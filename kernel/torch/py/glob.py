"""Pathname pattern expansion as the shell does it: glob('src/*.py') lists the paths that
match, with the wildcards of fnmatch (* ? [seq] [!seq]) inside each path component. A name
that starts with a dot is only matched by a pattern component that starts with a dot,
unless include_hidden is true; with recursive=True a component '**' matches any number of
directory levels (zero included). Results come in the order the directories list their
entries, as CPython 3.11's glob gives them. dir_fd is accepted only as None."""

import os
import fnmatch

__all__ = ["glob", "iglob", "escape"]

_WILD = '*?['


def glob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False):
    """The list of paths matching pathname (relative to root_dir when given)."""
    return list(iglob(pathname, root_dir=root_dir, dir_fd=dir_fd, recursive=recursive,
                      include_hidden=include_hidden))


def iglob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False):
    """An iterator over the paths matching pathname (see glob)."""
    if dir_fd is not None:
        raise NotImplementedError("glob: dir_fd is not supported")
    base = pathname[:0] if root_dir is None else _as_path(root_dir)
    if isinstance(pathname, bytes) and isinstance(base, bytes):
        # the kernel's os works on str paths: glob the decoded pattern, encode the results
        return _encoded(iglob(pathname.decode(), root_dir=base.decode(),
                              recursive=recursive, include_hidden=include_hidden))
    found = _expand(pathname, base, recursive, False, include_hidden)
    # a pattern that is empty or starts with '**' produces the empty path first: drop it
    if not pathname or (recursive and _is_double_star(pathname[:2])):
        return _without_leading_empty(found)
    return found


def _without_leading_empty(paths):
    first = True
    for p in paths:
        if first:
            first = False
            if not p:
                continue
        yield p


def _encoded(paths):
    for p in paths:
        yield p.encode()


def _as_path(p):
    if isinstance(p, (str, bytes)):
        return p
    hook = getattr(type(p), '__fspath__', None)
    if hook is not None:
        return hook(p)
    raise TypeError("expected str, bytes or os.PathLike object, not %s" % type(p).__name__)


def has_magic(s):
    """Whether s contains a wildcard character."""
    if isinstance(s, bytes):
        return b'*' in s or b'?' in s or b'[' in s
    for c in _WILD:
        if c in s:
            return True
    return False


def _is_double_star(part):
    return part == '**' or part == b'**'


def _starts_hidden(name):
    return name[:1] in ('.', b'.')


def _under(base, rel):
    """base/rel, where an empty side leaves just the other one."""
    if base and rel:
        return os.path.join(base, rel)
    return base or rel


def _expand(pattern, base, recursive, dirs_only, hidden):
    """Paths matching pattern, spelled as pattern spells its literal parts; the file
    system is looked at under base."""
    parent, last = os.path.split(pattern)
    if not has_magic(pattern):
        # nothing to expand: the path itself, if it is there
        if last:
            there = os.path.lexists(_under(base, pattern))
        else:
            there = os.path.isdir(_under(base, parent))  # 'dir/' names a directory
        if there:
            yield pattern
        return
    if not parent:
        yield from _names_in(base, last, recursive, dirs_only, hidden)
        return
    if parent != pattern and has_magic(parent):
        parents = _expand(parent, base, recursive, True, hidden)
    else:
        parents = (parent,)
    for p in parents:
        for name in _names_in(_under(base, p), last, recursive, dirs_only, hidden):
            yield os.path.join(p, name)


def _names_in(directory, part, recursive, dirs_only, hidden):
    """The names (or, for '**', relative paths) in directory that match one pattern
    component."""
    if not has_magic(part):
        return _literal_in(directory, part)
    if recursive and _is_double_star(part):
        return _everything_below(directory, dirs_only, hidden)
    names = _entries(directory, dirs_only)
    if not (hidden or _starts_hidden(part)):
        names = [n for n in names if not _starts_hidden(n)]
    return fnmatch.filter(names, part)


def _literal_in(directory, name):
    if name:
        found = os.path.lexists(_under(directory, name))
    else:
        found = os.path.isdir(directory)
    return [name] if found else []


def _everything_below(directory, dirs_only, hidden):
    # '**' matches the directory itself (the empty relative path) and all below it
    yield directory[:0]
    yield from _walk(directory, dirs_only, hidden)


def _walk(directory, dirs_only, hidden):
    for name in _entries(directory, dirs_only):
        if not hidden and _starts_hidden(name):
            continue
        yield name
        below = _under(directory, name)
        for rel in _walk(below, dirs_only, hidden):
            yield _under(name, rel)


def _entries(directory, dirs_only):
    """The entries of directory in listing order (only subdirectories when dirs_only);
    an unreadable or missing directory has none."""
    try:
        names = os.listdir(directory or os.curdir)
    except OSError:
        return []
    if dirs_only:
        return [n for n in names if os.path.isdir(_under(directory, n))]
    return names


def glob0(dirname, pattern):
    """[pattern] when dirname/pattern exists (pattern taken literally), else []."""
    return _literal_in(dirname, pattern)


def glob1(dirname, pattern):
    """The names in dirname matching the one-component pattern."""
    return _names_in(dirname, pattern, False, False, False)


def escape(pathname):
    """pathname with each wildcard character put in brackets, so it matches literally."""
    if isinstance(pathname, bytes):
        out = bytearray()
        for b in pathname:
            if b in b'*?[':
                out += b'[' + bytes([b]) + b']'
            else:
                out.append(b)
        return bytes(out)
    return ''.join('[' + c + ']' if c in _WILD else c for c in pathname)
