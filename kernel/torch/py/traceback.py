"""Extract, format and print information about Python exceptions, after CPython 3.11's
traceback module.

The kernel keeps no traceback objects (sys.exc_info()[2] and __traceback__ are None), so
the formatted tracebacks hold the exception lines (with the chain of causes) but no frames:
format_exc() inside an except block gives the header and the last line CPython gives,
"Traceback (most recent call last):" ... "ValueError: msg"."""
import sys

__all__ = ['format_exc', 'format_exception', 'format_exception_only', 'print_exc',
           'print_exception', 'print_last', 'format_tb', 'extract_tb', 'print_tb',
           'format_stack', 'extract_stack', 'print_stack', 'format_list']

_sentinel = object()
_cause_message = ("\nThe above exception was the direct cause "
                  "of the following exception:\n\n")
_context_message = ("\nDuring handling of the above exception, "
                    "another exception occurred:\n\n")


def _value_of(exc, value):
    if value is _sentinel:
        return exc
    return value


def _some_str(value):
    try:
        return str(value)
    except Exception:
        return '<exception str() failed>'


def format_exception_only(exc, /, value=_sentinel):
    """Format the exception part of a traceback: a list of strings ending in newlines,
    usually one, "ValueError: msg\\n"."""
    value = _value_of(exc, value)
    if value is None:
        return ['NoneType: None\n']
    etype = type(value)
    stype = etype.__qualname__
    smod = etype.__module__
    if smod not in ("__main__", "builtins"):
        if not isinstance(smod, str):
            smod = "<unknown>"
        stype = smod + '.' + stype
    text = _some_str(value)
    if text:
        return ['%s: %s\n' % (stype, text)]
    return ['%s\n' % stype]


def _chain(value, chain, seen, header):
    out = []
    if chain and value is not None and id(value) not in seen:
        seen.add(id(value))
        cause = getattr(value, '__cause__', None)
        context = getattr(value, '__context__', None)
        if cause is not None:
            out = _chain(cause, chain, seen, header) + [_cause_message]
        elif context is not None and not getattr(value, '__suppress_context__', False):
            out = _chain(context, chain, seen, header) + [_context_message]
    if header:
        out.append('Traceback (most recent call last):\n')
    return out + format_exception_only(value)


def format_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, chain=True):
    """Format a stack trace and the exception information: a list of strings, each ending
    in a newline (no frames: the kernel keeps no traceback objects)."""
    value = _value_of(exc, value)
    return _chain(value, chain, set(), False)


def format_exc(limit=None, chain=True):
    """The exception being handled, formatted as print_exc() prints it (a str)."""
    value = sys.exc_info()[1]
    if value is None:
        return 'NoneType: None\n'
    return ''.join(_chain(value, chain, set(), True))


def print_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, file=None, chain=True):
    """Print an exception and its chain of causes to file (sys.stderr by default)."""
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(line, file=file, end="")


def print_exc(limit=None, file=None, chain=True):
    """Print the exception being handled to file (sys.stderr by default)."""
    print(format_exc(limit, chain), file=sys.stderr if file is None else file, end="")


def print_last(limit=None, file=None, chain=True):
    """Print the last uncaught exception (sys.last_value), as print_exc()."""
    if not hasattr(sys, "last_value"):
        raise ValueError("no last exception")
    print_exception(sys.last_value, limit=limit, file=file, chain=chain)


def extract_tb(tb, limit=None):
    """The frames of a traceback object: none are kept, so an empty list."""
    return []


def format_tb(tb, limit=None):
    return []


def print_tb(tb, limit=None, file=None):
    pass


def extract_stack(f=None, limit=None):
    return []


def format_stack(f=None, limit=None):
    return []


def print_stack(f=None, limit=None, file=None):
    pass


def format_list(extracted_list):
    return []
