"""The kernel's `logging` module.

Public names, signatures and observable behaviour follow CPython 3.11's logging (the
differential tests in tests/py/test_stdlib_logging.py hold the two together); the
implementation is this project's own. The interpreter keeps no frames, so every record
reports its caller the way CPython reports an unknown one: pathname "(unknown file)",
lineno 0, funcName "(unknown function)". There are no threads, so no locks are taken."""
import os
import sys
import time

__all__ = ["BASIC_FORMAT", "BufferingFormatter", "CRITICAL", "DEBUG", "ERROR", "FATAL",
           "FileHandler", "Filter", "Formatter", "Handler", "INFO", "LogRecord", "Logger",
           "LoggerAdapter", "NOTSET", "NullHandler", "StreamHandler", "WARN", "WARNING",
           "addLevelName", "basicConfig", "captureWarnings", "critical", "debug", "disable",
           "error", "exception", "fatal", "getLevelName", "getLogger", "getLoggerClass",
           "info", "log", "makeLogRecord", "setLoggerClass", "shutdown", "warn", "warning",
           "getLogRecordFactory", "setLogRecordFactory", "lastResort", "raiseExceptions",
           "getLevelNamesMapping"]

# Module switches that CPython documents; records read the first three.
logThreads = logProcesses = logMultiprocessing = True
raiseExceptions = True
_startTime = time.time()     # relativeCreated counts from the import of this module

# ---------------------------------------------------------------- severity levels

NOTSET, DEBUG, INFO, WARNING, ERROR, CRITICAL = 0, 10, 20, 30, 40, 50
WARN, FATAL = WARNING, CRITICAL

# Both tables keep the names most code reaches for (_levelToName, _nameToLevel).
# The name table lists the aliases next to their levels, the order CPython shows.
_levelToName = {CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO",
                DEBUG: "DEBUG", NOTSET: "NOTSET"}
_nameToLevel = {"CRITICAL": CRITICAL, "FATAL": FATAL, "ERROR": ERROR, "WARN": WARN,
                "WARNING": WARNING, "INFO": INFO, "DEBUG": DEBUG, "NOTSET": NOTSET}


def getLevelNamesMapping():
    """A copy of the name -> number table (aliases included)."""
    return dict(_nameToLevel)


def getLevelName(level):
    """The name of a level number, or the number of a level name; anything not
    registered comes back as the text "Level <level>"."""
    found = _levelToName.get(level)
    if found is None:
        found = _nameToLevel.get(level)
    return "Level %s" % level if found is None else found


def addLevelName(level, levelName):
    """Register levelName for the number level (in both directions)."""
    _levelToName[level] = levelName
    _nameToLevel[levelName] = level


def _level_number(level):
    # setLevel and Handler(level=...) accept a number or a registered name.
    if isinstance(level, int):
        return level
    if str(level) == level:
        if level in _nameToLevel:
            return _nameToLevel[level]
        raise ValueError("Unknown level: %r" % level)
    raise TypeError("Level not an integer or a valid string: %r" % (level,))


def _exception_line(ei):
    # Without tracebacks only the last line of one is written, as
    # traceback.format_exception_only would give it; a missing exception reads
    # "NoneType: None" as it does in CPython.
    exc = ei
    if isinstance(ei, tuple):
        exc = ei[1] if len(ei) > 1 else None
    if not isinstance(exc, BaseException):
        return "NoneType: None"
    text = str(exc)
    if text:
        return "%s: %s" % (type(exc).__name__, text)
    return type(exc).__name__


# ---------------------------------------------------------------- records

_path_parts = {}    # pathname -> (filename, module), as every record of a file repeats it


def _split_pathname(pathname):
    parts = _path_parts.get(pathname) if isinstance(pathname, str) else None
    if parts is None:
        if isinstance(pathname, str):
            base = os.path.basename(pathname)
            parts = (base, os.path.splitext(base)[0])
            _path_parts[pathname] = parts
        else:
            parts = (pathname, "Unknown module")
    return parts


class LogRecord:
    """Everything known about one logging call: the logger's name, the level, the
    message with its arguments (merged only when getMessage is asked), the
    exception and stack information, and the time it was made."""

    def __init__(self, name, level, pathname, lineno, msg, args, exc_info, func=None,
                 sinfo=None, **kwargs):
        now = time.time()
        # logger.info("%(user)s left", {"user": u}): a lone non-empty mapping is
        # what the message's named fields are looked up in.
        if args and len(args) == 1 and isinstance(args[0], dict) and args[0]:
            args = args[0]
        self.name = name
        self.msg = msg
        self.args = args
        self.levelno = level
        self.levelname = getLevelName(level)
        self.pathname = pathname
        self.filename, self.module = _split_pathname(pathname)
        self.lineno = lineno
        self.funcName = func
        self.exc_info = exc_info
        self.exc_text = None
        self.stack_info = sinfo
        self.created = now
        self.msecs = int((now - int(now)) * 1000) + 0.0
        self.relativeCreated = (now - _startTime) * 1000
        self.thread = None
        self.threadName = "MainThread" if logThreads else None
        self.processName = "MainProcess" if logMultiprocessing else None
        self.process = None

    def getMessage(self):
        """The message text with the arguments filled in."""
        text = str(self.msg)
        return text % self.args if self.args else text

    def __repr__(self):
        return '<LogRecord: %s, %s, %s, %s, "%s">' % (
            self.name, self.levelno, self.pathname, self.lineno, self.msg)


_logRecordFactory = LogRecord


def setLogRecordFactory(factory):
    """Make every new record with factory (called like LogRecord)."""
    global _logRecordFactory
    _logRecordFactory = factory


def getLogRecordFactory():
    return _logRecordFactory


def makeLogRecord(dict):
    """A record whose attributes are taken from dict (e.g. one sent over a socket)."""
    record = _logRecordFactory(None, None, "", 0, "", (), None, None)
    record.__dict__.update(dict)
    return record


# ---------------------------------------------------------------- formatting styles

def _skip_count(fmt, i):
    # past a "*" or a run of digits (a width or a precision) starting at i
    if i < len(fmt) and fmt[i] == "*":
        return i + 1
    while i < len(fmt) and fmt[i].isdigit():
        i += 1
    return i


def _has_percent_field(fmt):
    # Whether fmt holds one complete "%(name)[flags][width][.precision]conversion".
    at = fmt.find("%(")
    while at >= 0:
        close = fmt.find(")", at + 2)
        if close < 0:
            return False
        name = fmt[at + 2:close]
        if name and all(ch.isalnum() or ch == "_" for ch in name):
            i = close + 1
            while i < len(fmt) and fmt[i] in "#0+ -":
                i += 1
            i = _skip_count(fmt, i)
            if i + 1 < len(fmt) and fmt[i] == "." and (fmt[i + 1] == "*" or fmt[i + 1].isdigit()):
                i = _skip_count(fmt, i + 1)
            if i < len(fmt) and fmt[i] in "diouxefgcrsa%DIOUXEFGCRSA":
                return True
        at = fmt.find("%(", at + 1)
    return False


class PercentStyle:
    """printf-style formats: "%(levelname)s %(message)s"."""
    default_format = "%(message)s"
    asctime_format = "%(asctime)s"
    asctime_search = "%(asctime)"
    style_char = "%"

    def __init__(self, fmt, *, defaults=None):
        self._fmt = fmt if fmt else self.default_format
        self._defaults = defaults

    def usesTime(self):
        return self.asctime_search in self._fmt

    def _has_fields(self):
        return _has_percent_field(self._fmt)

    def validate(self):
        """Refuse a format without a single field (a common slip of style)."""
        if not self._has_fields():
            if self.style_char == "%":
                raise ValueError("Invalid format '%s' for '%%' style" % self._fmt)
            raise ValueError("invalid format: no fields")

    def _fields(self, record):
        # defaults fill in what the record lacks; the record always wins
        if not self._defaults:
            return record.__dict__
        merged = dict(self._defaults)
        merged.update(record.__dict__)
        return merged

    def _format(self, record):
        fields = self._fields(record) if self._defaults else record.__dict__
        return self._fmt % fields

    def format(self, record):
        try:
            return self._format(record)
        except KeyError as missing:
            raise ValueError("Formatting field not found in record: %s" % missing)


class StrFormatStyle(PercentStyle):
    """str.format formats: "{levelname} {message}"."""
    default_format = "{message}"
    asctime_format = "{asctime}"
    asctime_search = "{asctime"
    style_char = "{"

    def _has_fields(self):
        return "{" in self._fmt

    def _format(self, record):
        fields = self._fields(record) if self._defaults else record.__dict__
        return self._fmt.format(**fields)


_ID_START = "_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ID_REST = _ID_START + "0123456789"


def _template_pieces(fmt):
    # Splits a string.Template text into ("text", s) and ("field", name) pieces;
    # a "$" that starts neither "$$", "$name" nor "${name}" gives ("bad", index).
    pieces = []
    start = 0
    size = len(fmt)
    while True:
        dollar = fmt.find("$", start)
        if dollar < 0:
            pieces.append(("text", fmt[start:]))
            return pieces
        pieces.append(("text", fmt[start:dollar]))
        at = dollar + 1
        braced = at < size and fmt[at] == "{"
        if braced:
            at += 1
        end = at
        if end < size and fmt[end] in _ID_START:
            end += 1
            while end < size and fmt[end] in _ID_REST:
                end += 1
        if at == dollar + 1 and at < size and fmt[at] == "$":
            pieces.append(("text", "$"))
            start = at + 1
        elif end == at or (braced and (end >= size or fmt[end] != "}")):
            pieces.append(("bad", dollar))
            start = dollar + 1
        else:
            pieces.append(("field", fmt[at:end]))
            start = end + 1 if braced else end


class StringTemplateStyle(PercentStyle):
    """string.Template formats: "$levelname ${message}" ("$$" is a dollar sign)."""
    default_format = "${message}"
    asctime_format = "${asctime}"
    asctime_search = "${asctime}"

    def usesTime(self):
        return "$asctime" in self._fmt or self.asctime_search in self._fmt

    def validate(self):
        kinds = [kind for kind, _ in _template_pieces(self._fmt)]
        if "bad" in kinds:
            raise ValueError("invalid format: bare \'$\' not allowed")
        if "field" not in kinds:
            raise ValueError("invalid format: no fields")

    def _format(self, record):
        fields = self._fields(record)
        fmt = self._fmt
        out = []
        for kind, value in _template_pieces(fmt):
            if kind == "text":
                out.append(value)
            elif kind == "field":
                out.append(str(fields[value]))
            else:
                # where string.Template.substitute reports it: line and column, from 1
                before = fmt[:value]
                line = before.count("\n") + 1
                col = value - (before.rfind("\n") + 1) + 1
                raise ValueError("Invalid placeholder in string: line %d, col %d" % (line, col))
        return "".join(out)


BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"

# style character -> (style class, format basicConfig uses when given none)
_STYLES = {
    "%": (PercentStyle, BASIC_FORMAT),
    "{": (StrFormatStyle, "{levelname}:{name}:{message}"),
    "$": (StringTemplateStyle, "${levelname}:${name}:${message}"),
}


def _style_entry(style):
    entry = _STYLES.get(style)
    if entry is None:
        raise ValueError("Style must be one of: %s" % ",".join(_STYLES))
    return entry


def _then_line(text, more):
    # more on a line of its own after text
    return (text if text.endswith("\n") else text + "\n") + more


class Formatter:
    """Turns a record into text: the message line in the chosen style, then the
    exception text and the stack information on lines of their own."""
    converter = time.localtime
    default_time_format = "%Y-%m-%d %H:%M:%S"
    default_msec_format = "%s,%03d"

    def __init__(self, fmt=None, datefmt=None, style="%", validate=True, *, defaults=None):
        self.datefmt = datefmt
        style_class = _style_entry(style)[0]
        self._style = style_class(fmt, defaults=defaults)
        self._fmt = self._style._fmt
        if validate:
            self._style.validate()

    def formatTime(self, record, datefmt=None):
        """record.created as local time, by datefmt or else as
        "YYYY-mm-dd HH:MM:SS,mmm"."""
        moment = self.converter(record.created)
        if datefmt:
            return time.strftime(datefmt, moment)
        stamp = time.strftime(self.default_time_format, moment)
        if not self.default_msec_format:
            return stamp
        return self.default_msec_format % (stamp, record.msecs)

    def formatException(self, ei):
        return _exception_line(ei)

    def formatStack(self, stack_info):
        return stack_info

    def usesTime(self):
        return self._style.usesTime()

    def formatMessage(self, record):
        return self._style.format(record)

    def format(self, record):
        """The record's text; sets record.message (and record.asctime when the
        format shows it) on the way, and keeps the exception text in exc_text."""
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text = _then_line(text, record.exc_text)
        if record.stack_info:
            text = _then_line(text, self.formatStack(record.stack_info))
        return text


_defaultFormatter = Formatter()


class BufferingFormatter:
    """Formats a batch of records: a header, each record by linefmt, a footer."""

    def __init__(self, linefmt=None):
        self.linefmt = linefmt or _defaultFormatter

    def formatHeader(self, records):
        return ""

    def formatFooter(self, records):
        return ""

    def format(self, records):
        if not records:
            return ""
        body = "".join([self.linefmt.format(r) for r in records])
        return self.formatHeader(records) + body + self.formatFooter(records)


# ---------------------------------------------------------------- filters

class Filter:
    """Lets through the records of one logger and its descendants: Filter("a.b")
    passes "a.b" and "a.b.c" but not "a.bc"; Filter() passes everything."""

    def __init__(self, name=""):
        self.name = name
        self.nlen = len(name)

    def filter(self, record):
        if not self.nlen or record.name == self.name:
            return True
        return record.name.startswith(self.name + ".")


class Filterer:
    """The filter list loggers and handlers share. A filter is an object with a
    filter(record) method or a plain callable; any false answer drops the record."""

    def __init__(self):
        self.filters = []

    def addFilter(self, filter):
        if filter not in self.filters:
            self.filters.append(filter)

    def removeFilter(self, filter):
        if filter in self.filters:
            self.filters.remove(filter)

    def filter(self, record):
        for check in self.filters:
            verdict = check.filter(record) if hasattr(check, "filter") else check(record)
            if not verdict:
                return False
        return True


# ---------------------------------------------------------------- handlers

_handlers = {}          # handler name -> handler, for handlers given a name
_all_handlers = []      # every handler made, in order; shutdown closes them newest first


class Handler(Filterer):
    """Base of everything that writes records somewhere. A handler has its own
    level and filters; subclasses supply emit()."""

    def __init__(self, level=NOTSET):
        Filterer.__init__(self)
        self._name = None
        self.level = _level_number(level)
        self.formatter = None
        self._closed = False
        self.lock = None
        _all_handlers.append(self)

    def get_name(self):
        return self._name

    def set_name(self, name):
        _handlers.pop(self._name, None)
        self._name = name
        if name:
            _handlers[name] = self

    name = property(get_name, set_name)

    # no threads: the lock protocol is kept for subclasses that call it
    def createLock(self):
        self.lock = None

    def acquire(self):
        pass

    def release(self):
        pass

    def setLevel(self, level):
        self.level = _level_number(level)

    def setFormatter(self, fmt):
        self.formatter = fmt

    def format(self, record):
        return (self.formatter or _defaultFormatter).format(record)

    def emit(self, record):
        raise NotImplementedError("emit must be implemented by Handler subclasses")

    def handle(self, record):
        """Emit the record if the handler's filters let it through; says whether they did."""
        passed = self.filter(record)
        if passed:
            self.emit(record)
        return passed

    def flush(self):
        pass

    def close(self):
        self._closed = True
        if self._name:
            _handlers.pop(self._name, None)

    def handleError(self, record):
        """Called by emit when writing failed: reported on stderr, never raised."""
        if not raiseExceptions:
            return
        sys.stderr.write("--- Logging error ---\n")
        sys.stderr.write("Message: %r\nArguments: %s\n" % (record.msg, record.args))

    def __repr__(self):
        return "<%s (%s)>" % (type(self).__name__, getLevelName(self.level))


class StreamHandler(Handler):
    """Writes each record, then terminator, to a stream (sys.stderr when none is given)."""
    terminator = "\n"

    def __init__(self, stream=None):
        Handler.__init__(self)
        self.stream = sys.stderr if stream is None else stream

    def flush(self):
        out = self.stream
        if out and hasattr(out, "flush"):
            out.flush()

    def emit(self, record):
        try:
            self.stream.write(self.format(record) + self.terminator)
            self.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)

    def setStream(self, stream):
        """Switch to stream; returns the old one, or None when nothing changed."""
        if stream is self.stream:
            return None
        previous = self.stream
        self.flush()
        self.stream = stream
        return previous

    def __repr__(self):
        label = str(getattr(self.stream, "name", ""))
        if label:
            label = label + " "
        return "<%s %s(%s)>" % (type(self).__name__, label, getLevelName(self.level))


class FileHandler(StreamHandler):
    """A stream handler on a file it opens itself (at once, or at the first record
    when delay is true)."""

    def __init__(self, filename, mode="a", encoding=None, delay=False, errors=None):
        self.baseFilename = os.path.abspath(os.fspath(filename))
        self.mode = mode
        # text mode without an encoding means the locale's, as io.text_encoding says
        if encoding is None and "b" not in mode:
            encoding = "locale"
        self.encoding = encoding
        self.errors = errors
        self.delay = delay
        if not delay:
            StreamHandler.__init__(self, self._open())
            return
        Handler.__init__(self)      # the file is opened by the first emit
        self.stream = None

    def _open(self):
        encoding = self.encoding
        if encoding == "locale":
            encoding = None
        return open(self.baseFilename, self.mode, encoding=encoding)

    def emit(self, record):
        if self.stream is None:
            # reopen after close(), except a "w" file, which would lose what it holds
            if self.mode != "w" or not self._closed:
                self.stream = self._open()
        if self.stream:
            StreamHandler.emit(self, record)

    def close(self):
        stream = self.stream
        self.stream = None
        try:
            if stream:
                try:
                    if hasattr(stream, "flush"):
                        stream.flush()
                finally:
                    if hasattr(stream, "close"):
                        stream.close()
        finally:
            StreamHandler.close(self)

    def __repr__(self):
        return "<%s %s (%s)>" % (type(self).__name__, self.baseFilename,
                                 getLevelName(self.level))


class _StderrHandler(StreamHandler):
    """The handler of last resort: writes to whatever sys.stderr is at the time."""

    def __init__(self, level=NOTSET):
        Handler.__init__(self, level)

    @property
    def stream(self):
        return sys.stderr


lastResort = _defaultLastResort = _StderrHandler(WARNING)


class NullHandler(Handler):
    """Swallows every record (for libraries that log but leave output to the application)."""

    def handle(self, record):
        pass

    def emit(self, record):
        pass

    def createLock(self):
        self.lock = None


# ---------------------------------------------------------------- the logger tree

class PlaceHolder:
    """Stands in the manager's table for a dotted name no one has asked for yet
    ("a.b" once "a.b.c" exists) and remembers the loggers below it, so that the
    logger made for the name later can take them over as children."""

    def __init__(self, alogger):
        self.loggerMap = {alogger: None}

    def append(self, alogger):
        self.loggerMap[alogger] = None


_loggerClass = None     # set to Logger once it is defined


def _check_logger_class(klass):
    if klass is not Logger and not issubclass(klass, Logger):
        raise TypeError("logger not derived from logging.Logger: " + klass.__name__)


def setLoggerClass(klass):
    """Make getLogger create loggers of klass (a subclass of Logger) from now on."""
    global _loggerClass
    _check_logger_class(klass)
    _loggerClass = klass


def getLoggerClass():
    return _loggerClass


class Manager:
    """Owns the loggers of one hierarchy, by dotted name (loggerDict), and the
    hierarchy-wide disable() level."""

    def __init__(self, rootnode):
        self.loggerDict = {}
        self.root = rootnode
        self.loggerClass = None
        self.logRecordFactory = None
        self.disable = 0
        self.emittedNoHandlerWarning = False

    def setLoggerClass(self, klass):
        _check_logger_class(klass)
        self.loggerClass = klass

    def getLogger(self, name):
        """The logger called name, made (and linked into the tree) on first use."""
        if not isinstance(name, str):
            raise TypeError("A logger name must be a string")
        entry = self.loggerDict.get(name)
        if entry is not None and not isinstance(entry, PlaceHolder):
            return entry
        made = (self.loggerClass or _loggerClass)(name)
        made.manager = self
        self.loggerDict[name] = made
        self._attach_to_ancestor(made)
        if entry is not None:
            self._adopt_descendants(made, entry)
        return made

    def _attach_to_ancestor(self, logger):
        # Walk the name's dotted prefixes, longest first, up to the first real
        # logger; each missing prefix gets a placeholder that remembers this logger.
        name = logger.name
        parent = None
        cut = name.rfind(".")
        while parent is None and cut > 0:
            prefix = name[:cut]
            entry = self.loggerDict.get(prefix)
            if entry is None:
                self.loggerDict[prefix] = PlaceHolder(logger)
            elif isinstance(entry, PlaceHolder):
                entry.append(logger)
            else:
                parent = entry
            cut = name.rfind(".", 0, cut - 1)
        logger.parent = self.root if parent is None else parent

    def _adopt_descendants(self, logger, placeholder):
        # A waiting descendant whose parent is already below the new logger keeps it;
        # the others (parented higher up so far) move under the new logger.
        for waiting in placeholder.loggerMap:
            if not waiting.parent.name.startswith(logger.name):
                waiting.parent = logger

    def _clear_cache(self):
        for entry in self.loggerDict.values():
            if not isinstance(entry, PlaceHolder):
                entry._cache.clear()
        self.root._cache.clear()


class Logger(Filterer):
    """One named channel of the tree. A record made here goes through the logger's
    filters, then to its handlers and, while propagate is true, to those of each
    ancestor in turn."""

    def __init__(self, name, level=NOTSET):
        Filterer.__init__(self)
        self.name = name
        self.level = _level_number(level)
        self.handlers = []
        self.parent = None
        self.disabled = False
        self.propagate = True
        self._cache = {}    # level -> isEnabledFor answer; emptied when any level changes

    def setLevel(self, level):
        self.level = _level_number(level)
        self.manager._clear_cache()

    # -- the calls applications make

    def debug(self, msg, *args, **kwargs):
        if self.isEnabledFor(DEBUG):
            self._log(DEBUG, msg, args, **kwargs)

    def info(self, msg, *args, **kwargs):
        if self.isEnabledFor(INFO):
            self._log(INFO, msg, args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        if self.isEnabledFor(WARNING):
            self._log(WARNING, msg, args, **kwargs)

    def warn(self, msg, *args, **kwargs):
        self.warning(msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        if self.isEnabledFor(ERROR):
            self._log(ERROR, msg, args, **kwargs)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self.error(msg, *args, exc_info=exc_info, **kwargs)

    def critical(self, msg, *args, **kwargs):
        if self.isEnabledFor(CRITICAL):
            self._log(CRITICAL, msg, args, **kwargs)

    fatal = critical

    def log(self, level, msg, *args, **kwargs):
        if isinstance(level, int):
            if self.isEnabledFor(level):
                self._log(level, msg, args, **kwargs)
        elif raiseExceptions:
            raise TypeError("level must be an integer")

    # -- levels

    def getEffectiveLevel(self):
        """The first level set on this logger or an ancestor (NOTSET if none is)."""
        node = self
        while node:
            if node.level:
                return node.level
            node = node.parent
        return NOTSET

    def isEnabledFor(self, level):
        if self.disabled:
            return False
        answer = self._cache.get(level)
        if answer is None:
            answer = level > self.manager.disable and level >= self.getEffectiveLevel()
            self._cache[level] = answer
        return answer

    # -- records

    def findCaller(self, stack_info=False, stacklevel=1):
        # no frames to look at: CPython's answer for an unknown caller
        return "(unknown file)", 0, "(unknown function)", None

    def makeRecord(self, name, level, fn, lno, msg, args, exc_info, func=None, extra=None,
                   sinfo=None):
        """A record from the record factory, with extra's keys added as attributes
        (they may not replace one the record has, nor message or asctime)."""
        record = _logRecordFactory(name, level, fn, lno, msg, args, exc_info, func, sinfo)
        if extra is not None:
            attrs = record.__dict__
            for key in extra:
                if key in attrs or key == "message" or key == "asctime":
                    raise KeyError("Attempt to overwrite %r in LogRecord" % key)
                attrs[key] = extra[key]
        return record

    def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False,
             stacklevel=1):
        path, line, func, stack = self.findCaller(stack_info, stacklevel)
        if exc_info:
            if isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, None)
            elif not isinstance(exc_info, tuple):
                # exc_info=True asks for the exception being handled, which
                # this interpreter cannot reach from here
                exc_info = (None, None, None)
        self.handle(self.makeRecord(self.name, level, path, line, msg, args, exc_info,
                                    func, extra, stack))

    def handle(self, record):
        if not self.disabled and self.filter(record):
            self.callHandlers(record)

    # -- handlers

    def addHandler(self, hdlr):
        if hdlr not in self.handlers:
            self.handlers.append(hdlr)

    def removeHandler(self, hdlr):
        if hdlr in self.handlers:
            self.handlers.remove(hdlr)

    def hasHandlers(self):
        """Whether a record logged here would reach any handler (lastResort aside)."""
        node = self
        while node:
            if node.handlers:
                return True
            node = node.parent if node.propagate else None
        return False

    def callHandlers(self, record):
        """Give record to every handler from here up the tree (while propagate is
        true) whose level it meets; with no handler at all, to lastResort."""
        levelno = record.levelno
        any_handler = False
        node = self
        while node:
            for hdlr in node.handlers:
                any_handler = True
                if levelno >= hdlr.level:
                    hdlr.handle(record)
            node = node.parent if node.propagate else None
        if any_handler:
            return
        if lastResort:
            if levelno >= lastResort.level:
                lastResort.handle(record)
        elif raiseExceptions and not self.manager.emittedNoHandlerWarning:
            sys.stderr.write("No handlers could be found for logger \"%s\"\n" % self.name)
            self.manager.emittedNoHandlerWarning = True

    def getChild(self, suffix):
        """getLogger of suffix below this logger's name (below nothing for the root)."""
        if self is not self.root:
            suffix = self.name + "." + suffix
        return self.manager.getLogger(suffix)

    def __repr__(self):
        return "<%s %s (%s)>" % (type(self).__name__, self.name,
                                 getLevelName(self.getEffectiveLevel()))


class RootLogger(Logger):
    """The top of the tree, named "root"; WARNING unless configured otherwise."""

    def __init__(self, level):
        Logger.__init__(self, "root", level)


_loggerClass = Logger


class LoggerAdapter:
    """Wraps a logger to add context to each call: process() (overridable) puts
    extra into the call's keyword arguments."""

    def __init__(self, logger, extra=None):
        self.logger = logger
        self.extra = extra

    def process(self, msg, kwargs):
        kwargs["extra"] = self.extra
        return msg, kwargs

    def log(self, level, msg, *args, **kwargs):
        if self.isEnabledFor(level):
            msg, kwargs = self.process(msg, kwargs)
            self.logger.log(level, msg, *args, **kwargs)

    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args, **kwargs)

    def warn(self, msg, *args, **kwargs):
        self.warning(msg, *args, **kwargs)

    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args, **kwargs)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        self.log(ERROR, msg, *args, exc_info=exc_info, **kwargs)

    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args, **kwargs)

    def isEnabledFor(self, level):
        return self.logger.isEnabledFor(level)

    def setLevel(self, level):
        self.logger.setLevel(level)

    def getEffectiveLevel(self):
        return self.logger.getEffectiveLevel()

    def hasHandlers(self):
        return self.logger.hasHandlers()

    @property
    def name(self):
        return self.logger.name

    @property
    def manager(self):
        return self.logger.manager

    def __repr__(self):
        return "<%s %s (%s)>" % (type(self).__name__, self.logger.name,
                                 getLevelName(self.logger.getEffectiveLevel()))


root = RootLogger(WARNING)
Logger.root = root
Logger.manager = Manager(root)


# ---------------------------------------------------------------- configuration

def _take_handlers(options, encoding, errors):
    # The handlers basicConfig installs: the ones passed in, or one it makes for
    # a file name or a stream (stderr by default).
    given = options.pop("handlers", None)
    has_stream = "stream" in options
    has_file = "filename" in options
    if given is not None:
        if has_stream or has_file:
            raise ValueError("'stream' or 'filename' should not be specified together "
                             "with 'handlers'")
        return given
    if has_stream and has_file:
        raise ValueError("'stream' and 'filename' should not be specified together")
    filename = options.pop("filename", None)
    mode = options.pop("filemode", "a")
    if not filename:
        return [StreamHandler(options.pop("stream", None))]
    if "b" in mode:
        errors = None
    elif encoding is None:
        encoding = "utf-8"
    return [FileHandler(filename, mode, encoding=encoding, errors=errors)]


def basicConfig(**kwargs):
    """Give the root logger a handler and a format, once: nothing happens while the
    root already has handlers, unless force=True removes (and closes) them first.
    Keywords: filename, filemode, format, datefmt, style, level, stream, handlers,
    force, encoding, errors."""
    force = kwargs.pop("force", False)
    encoding = kwargs.pop("encoding", None)
    errors = kwargs.pop("errors", "backslashreplace")
    if force:
        for old in list(root.handlers):
            root.removeHandler(old)
            old.close()
    if root.handlers:
        return
    installing = _take_handlers(kwargs, encoding, errors)
    datefmt = kwargs.pop("datefmt", None)
    style = kwargs.pop("style", "%")
    default_fmt = _style_entry(style)[1]
    shared = Formatter(kwargs.pop("format", default_fmt), datefmt, style)
    for hdlr in installing:
        if hdlr.formatter is None:
            hdlr.setFormatter(shared)
        root.addHandler(hdlr)
    level = kwargs.pop("level", None)
    if level is not None:
        root.setLevel(level)
    if kwargs:
        raise ValueError("Unrecognised argument(s): %s" % ", ".join(kwargs))


def getLogger(name=None):
    """The logger called name (made on first use); the root logger for no name
    or "root"."""
    if not name or (isinstance(name, str) and name == root.name):
        return root
    return Logger.manager.getLogger(name)


# The module-level calls log on the root logger, calling basicConfig() first
# when the root has no handler yet.

def _configured_root():
    if not root.handlers:
        basicConfig()
    return root


def critical(msg, *args, **kwargs):
    _configured_root().critical(msg, *args, **kwargs)


fatal = critical


def error(msg, *args, **kwargs):
    _configured_root().error(msg, *args, **kwargs)


def exception(msg, *args, exc_info=True, **kwargs):
    error(msg, *args, exc_info=exc_info, **kwargs)


def warning(msg, *args, **kwargs):
    _configured_root().warning(msg, *args, **kwargs)


def warn(msg, *args, **kwargs):
    warning(msg, *args, **kwargs)


def info(msg, *args, **kwargs):
    _configured_root().info(msg, *args, **kwargs)


def debug(msg, *args, **kwargs):
    _configured_root().debug(msg, *args, **kwargs)


def log(level, msg, *args, **kwargs):
    _configured_root().log(level, msg, *args, **kwargs)


def disable(level=CRITICAL):
    """Drop every call at level or below, on every logger, until disable(NOTSET)."""
    manager = root.manager
    manager.disable = level
    manager._clear_cache()


def shutdown(handlerList=None):
    """Flush and close the handlers, the most recently made first (atexit's job in
    CPython; call it when output must be complete)."""
    for hdlr in reversed(_all_handlers if handlerList is None else handlerList):
        try:
            hdlr.flush()
            hdlr.close()
        except (OSError, ValueError):
            pass


def captureWarnings(capture):
    """Accepted for compatibility: warnings are not routed through logging here."""
