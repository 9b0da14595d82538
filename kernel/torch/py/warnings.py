"""The warnings module: warn(), the filters (filterwarnings, simplefilter, resetwarnings),
catch_warnings. The kernel's own warnings (torch's deprecation notes and the like) obey the
same filters through _warnings, which this module keeps in step."""
import _warnings

filters = []
_onceregistry = {}
_shown = set()
_record = None      # a list while catch_warnings(record=True) collects
_ACTIONS = ("default", "error", "ignore", "always", "module", "once")


class WarningMessage:
    _WARNING_DETAILS = ("message", "category", "filename", "lineno", "file", "line", "source")

    def __init__(self, message, category, filename, lineno, file=None, line=None, source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return ("{message : %r, category : %r, filename : %r, lineno : %s, line : %r}"
                % (self.message, self._category_name, self.filename, self.lineno, self.line))


def _sync():
    _warnings._set_filters([(f[0], f[1] or "", f[2].__name__) for f in filters])


def _check_action(action):
    if action not in _ACTIONS:
        raise AssertionError("invalid action: %r" % (action,))


def filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False):
    """Insert an entry into the list of warnings filters (at the front)."""
    _check_action(action)
    if not isinstance(message, str):
        raise TypeError("message must be a string")
    if not isinstance(category, type) or not issubclass(category, Warning):
        raise TypeError("category must be a Warning subclass")
    if not isinstance(module, str):
        raise TypeError("module must be a string")
    if not isinstance(lineno, int) or lineno < 0:
        raise ValueError("lineno must be an int >= 0")
    _add_filter((action, message, category, module, lineno), append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    """Insert a simple entry into the list of warnings filters (at the front)."""
    _check_action(action)
    if not isinstance(lineno, int) or lineno < 0:
        raise ValueError("lineno must be an int >= 0")
    _add_filter((action, None, category, None, lineno), append)


def _add_filter(item, append):
    if item in filters:
        filters.remove(item)
    if append:
        filters.append(item)
    else:
        filters.insert(0, item)
    _shown.clear()
    _sync()


def resetwarnings():
    """Clear the list of warning filters, so that no filters are active."""
    del filters[:]
    _shown.clear()
    _sync()


def _matches(f, text, category):
    action, msg, cat, mod, ln = f
    return (not msg or _warnings._match(msg, text)) and issubclass(category, cat)


def formatwarning(message, category, filename, lineno, line=None):
    """Function to format a warning the standard way."""
    return "%s:%s: %s: %s\n" % (filename, lineno, category.__name__, message)


def showwarning(message, category, filename, lineno, file=None, line=None):
    """Hook to write a warning to a file; replace if you like."""
    if file is not None:
        file.write(formatwarning(message, category, filename, lineno, line))
        return
    _warnings._emit(category.__name__, str(message))


_showwarning_orig = showwarning


def warn(message, category=None, stacklevel=1, source=None):
    """Issue a warning, or maybe ignore it or raise an exception."""
    if isinstance(message, Warning):
        category = type(message)
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, not '%s'" % type(category).__name__)
    text = str(message)
    action = "default"
    for f in filters:
        if _matches(f, text, category):
            action = f[0]
            break
    if action == "ignore":
        return
    if action == "error":
        if isinstance(message, Warning):
            raise message
        raise category(text)
    if action in ("default", "once", "module"):
        key = (text, category)
        if key in _shown:
            return
        _shown.add(key)
    msg = message if isinstance(message, Warning) else category(text)
    if _record is not None:
        _record.append(WarningMessage(msg, category, "<cell>", 0, source=source))
        return
    if showwarning is not _showwarning_orig:
        showwarning(msg, category, "<cell>", 0)
        return
    _warnings._emit(category.__name__, text)


def warn_explicit(message, category, filename, lineno, module=None, registry=None,
                  module_globals=None, source=None):
    """Issue a warning with an explicit location (the location is not used here)."""
    warn(message, category, 1, source)


class catch_warnings:
    """A context manager that copies and, upon exit, restores the warnings filter and the
    showwarning() function; with record=True, warnings are collected into the list it
    returns instead of being shown."""

    def __init__(self, *, record=False, module=None, action=None, category=Warning, lineno=0,
                 append=False):
        self._record_flag = record
        self._entered = False
        self._action = action
        self._filter_args = (category, lineno, append)

    def __repr__(self):
        args = []
        if self._record_flag:
            args.append("record=True")
        return "%s(%s)" % (type(self).__name__, ", ".join(args))

    def __enter__(self):
        global _record, showwarning
        if self._entered:
            raise RuntimeError("Cannot enter %r twice" % self)
        self._entered = True
        self._filters = filters[:]
        self._shown = set(_shown)
        self._saved_record = _record
        self._saved_show = showwarning
        if self._action:
            simplefilter(self._action, *self._filter_args)
        if self._record_flag:
            log = []
            _record = log
            return log
        return None

    def __exit__(self, *exc_info):
        global _record, showwarning
        if not self._entered:
            raise RuntimeError("Cannot exit %r without entering first" % self)
        filters[:] = self._filters
        _shown.clear()
        _shown.update(self._shown)
        _record = self._saved_record
        showwarning = self._saved_show
        _sync()
