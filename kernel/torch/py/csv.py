"""CSV parsing and writing, with the dialects, quoting rules and messages of CPython
3.11's csv module (whose _csv reader is a C state machine: the same one, in Python, here,
with a fast path for lines that hold no quote or escape character)."""

__all__ = ["QUOTE_MINIMAL", "QUOTE_ALL", "QUOTE_NONNUMERIC", "QUOTE_NONE", "Error", "Dialect",
           "excel", "excel_tab", "field_size_limit", "reader", "writer", "register_dialect",
           "get_dialect", "list_dialects", "unregister_dialect", "DictReader", "DictWriter",
           "unix_dialect"]

__version__ = "1.0"

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = range(4)


class Error(Exception):
    pass


_field_limit = 128 * 1024


def field_size_limit(*args):
    """Sets an upper limit on parsed fields; returns the old limit."""
    global _field_limit
    if len(args) > 1:
        raise TypeError("field_size_limit expected at most 1 argument, got %d" % len(args))
    old = _field_limit
    if args:
        if not isinstance(args[0], int):
            raise TypeError("limit must be an integer")
        _field_limit = args[0]
    return old


_DIALECT_KEYS = ("delimiter", "doublequote", "escapechar", "lineterminator", "quotechar",
                 "quoting", "skipinitialspace", "strict")


def _char(name, v, allow_none):
    if v is None and allow_none:
        return None
    if not isinstance(v, str):
        raise TypeError('"%s" must be string%s, not %s'
                        % (name, " or None" if allow_none else "", type(v).__name__))
    if len(v) != 1:
        raise TypeError('"%s" must be a 1-character string' % name)
    return v


class _Dialect:
    # the validated, read-only parameters a reader or writer works with
    __slots__ = _DIALECT_KEYS

    def __init__(self, dialect=None, **kwargs):
        for k in kwargs:
            if k not in _DIALECT_KEYS:
                raise TypeError("'%s' is an invalid keyword argument for this function" % k)
        if isinstance(dialect, str):
            dialect = get_dialect(dialect)

        def get(name, default):
            if name in kwargs:
                return kwargs[name]
            if dialect is not None and hasattr(dialect, name):
                return getattr(dialect, name)
            return default
        quoting = get("quoting", QUOTE_MINIMAL)
        if not isinstance(quoting, int) or quoting not in (0, 1, 2, 3):
            raise TypeError('bad "quoting" value')
        delimiter = get("delimiter", ",")
        if delimiter is None or not isinstance(delimiter, str):
            raise TypeError('"delimiter" must be string, not %s' % type(delimiter).__name__)
        if len(delimiter) != 1:
            raise TypeError('"delimiter" must be a 1-character string')
        quotechar = _char("quotechar", get("quotechar", '"'), True)
        escapechar = _char("escapechar", get("escapechar", None), True)
        lineterminator = get("lineterminator", "\r\n")
        if not isinstance(lineterminator, str):
            raise TypeError('"lineterminator" must be a string')
        if quotechar is None and quoting != QUOTE_NONE and "quoting" in kwargs:
            raise TypeError("quotechar must be set if quoting enabled")
        setattr(self, "delimiter", delimiter)
        setattr(self, "doublequote", bool(get("doublequote", True)))
        setattr(self, "escapechar", escapechar)
        setattr(self, "lineterminator", lineterminator)
        setattr(self, "quotechar", quotechar)
        setattr(self, "quoting", quoting)
        setattr(self, "skipinitialspace", bool(get("skipinitialspace", False)))
        setattr(self, "strict", bool(get("strict", False)))


class Dialect:
    """Describe a CSV dialect."""
    _name = ""
    _valid = False
    delimiter = None
    quotechar = None
    escapechar = None
    doublequote = None
    skipinitialspace = None
    lineterminator = None
    quoting = None

    def __init__(self):
        if self.__class__ != Dialect:
            self._valid = True
        self._validate()

    def _validate(self):
        try:
            _Dialect(self)
        except TypeError as e:
            raise Error(str(e))


class excel(Dialect):
    """Describe the usual properties of Excel-generated CSV files."""
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = QUOTE_MINIMAL


class excel_tab(excel):
    """Describe the usual properties of Excel-generated TAB-delimited files."""
    delimiter = "\t"


class unix_dialect(Dialect):
    """Describe the usual properties of Unix-generated CSV files."""
    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = QUOTE_ALL


_dialects = {}


def register_dialect(name, dialect=None, **kwargs):
    if not isinstance(name, str):
        raise TypeError("dialect name must be a string")
    _dialects[name] = _Dialect(dialect, **kwargs)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    return _dialects[name]


def list_dialects():
    return list(_dialects)


register_dialect("excel", excel)
register_dialect("excel-tab", excel_tab)
register_dialect("unix", unix_dialect)

# reader states, as _csv.c's
(_START_RECORD, _START_FIELD, _ESCAPED_CHAR, _IN_FIELD, _IN_QUOTED_FIELD,
 _ESCAPE_IN_QUOTED_FIELD, _QUOTE_IN_QUOTED_FIELD, _EAT_CRNL, _AFTER_ESCAPED_CRNL) = range(9)
_EOL = None


class _reader:
    """CSV reader: iterate to get each record as a list of strings."""

    def __init__(self, iterable, dialect):
        self._it = iter(iterable)
        self.dialect = dialect
        self.line_num = 0
        self._fields = None
        self._field = []
        self._state = _START_RECORD
        self._numeric = False
        d = dialect
        self._simple = d.escapechar is None and not d.skipinitialspace
        self._special = [c for c in (d.quotechar, d.escapechar) if c is not None]

    def __iter__(self):
        return self

    def _save_field(self):
        field = "".join(self._field)
        self._field = []
        self._flen = 0
        if self._numeric:
            self._numeric = False
            field = float(field)
        self._fields.append(field)

    def _add_char(self, c):
        if self._flen >= _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        self._field.append(c)
        self._flen += 1

    def _add_text(self, text):
        # a run of ordinary characters at once: the same limit as one at a time
        if self._flen + len(text) > _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        self._field.append(text)
        self._flen += len(text)

    def _feed(self, line):
        # one line through the state machine: the common steps (runs of ordinary
        # characters, delimiters, opening, doubled and closing quotes) inline, the rest
        # one character at a time through _process
        d = self.dialect
        q = d.quotechar if d.quoting != QUOTE_NONE else None
        e = d.escapechar
        delim = d.delimiter
        dq = d.doublequote
        stops = [c for c in (delim, e, "\r", "\n") if c is not None]
        i, n = 0, len(line)
        while i < n:
            st = self._state
            c = line[i]
            if st == _IN_QUOTED_FIELD:
                j = n
                for x in (q, e):
                    if x is not None:
                        k = line.find(x, i, j)
                        if k >= 0:
                            j = k
                if j > i:
                    self._add_text(line[i:j])
                    i = j
                    continue
                if c == q and dq and c != e:
                    self._state = _QUOTE_IN_QUOTED_FIELD
                    i += 1
                    continue
            elif st == _QUOTE_IN_QUOTED_FIELD:
                if c == q:
                    self._add_char(c)
                    self._state = _IN_QUOTED_FIELD
                    i += 1
                    continue
                if c == delim:
                    self._save_field()
                    self._state = _START_FIELD
                    i += 1
                    continue
            elif st == _IN_FIELD or (st == _START_FIELD and c != q and c != e and c not in stops
                                     and not (c == " " and d.skipinitialspace)):
                if st == _START_FIELD:
                    if d.quoting == QUOTE_NONNUMERIC:
                        self._numeric = True
                    self._state = _IN_FIELD
                j = n
                for x in stops:
                    k = line.find(x, i, j)
                    if k >= 0:
                        j = k
                if j > i:
                    self._add_text(line[i:j])
                    i = j
                    continue
                if c == delim and c != e:
                    self._save_field()
                    self._state = _START_FIELD
                    i += 1
                    continue
            elif st == _START_FIELD:
                if c == q:
                    self._state = _IN_QUOTED_FIELD
                    i += 1
                    continue
                if c == delim and c != e and not (c == " " and d.skipinitialspace):
                    self._save_field()
                    i += 1
                    continue
            self._process(c)
            i += 1
        self._process(_EOL)

    def _process(self, c):
        d = self.dialect
        state = self._state
        if state == _START_RECORD:
            if c is _EOL:
                return
            if c == "\n" or c == "\r":
                self._state = _EAT_CRNL
                return
            state = self._state = _START_FIELD
        if state == _START_FIELD:
            if c is _EOL or c == "\n" or c == "\r":
                self._save_field()
                self._state = _START_RECORD if c is _EOL else _EAT_CRNL
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = _IN_QUOTED_FIELD
            elif c == d.escapechar:
                self._state = _ESCAPED_CHAR
            elif c == " " and d.skipinitialspace:
                pass
            elif c == d.delimiter:
                self._save_field()
            else:
                if d.quoting == QUOTE_NONNUMERIC:
                    self._numeric = True
                self._add_char(c)
                self._state = _IN_FIELD
            return
        if state == _ESCAPED_CHAR:
            if c == "\n" or c == "\r":
                self._add_char(c)
                self._state = _AFTER_ESCAPED_CRNL
                return
            if c is _EOL:
                c = "\n"
            self._add_char(c)
            self._state = _IN_FIELD
            return
        if state == _AFTER_ESCAPED_CRNL:
            if c is _EOL:
                return
            state = _IN_FIELD
        if state == _IN_FIELD:
            if c is _EOL or c == "\n" or c == "\r":
                self._save_field()
                self._state = _START_RECORD if c is _EOL else _EAT_CRNL
            elif c == d.escapechar:
                self._state = _ESCAPED_CHAR
            elif c == d.delimiter:
                self._save_field()
                self._state = _START_FIELD
            else:
                self._add_char(c)
                self._state = _IN_FIELD
            return
        if state == _IN_QUOTED_FIELD:
            if c is _EOL:
                pass
            elif c == d.escapechar:
                self._state = _ESCAPE_IN_QUOTED_FIELD
            elif c == d.quotechar and d.quoting != QUOTE_NONE:
                self._state = _QUOTE_IN_QUOTED_FIELD if d.doublequote else _IN_FIELD
            else:
                self._add_char(c)
            return
        if state == _ESCAPE_IN_QUOTED_FIELD:
            if c is _EOL:
                c = "\n"
            self._add_char(c)
            self._state = _IN_QUOTED_FIELD
            return
        if state == _QUOTE_IN_QUOTED_FIELD:
            if d.quoting != QUOTE_NONE and c == d.quotechar:
                self._add_char(c)
                self._state = _IN_QUOTED_FIELD
            elif c == d.delimiter:
                self._save_field()
                self._state = _START_FIELD
            elif c is _EOL or c == "\n" or c == "\r":
                self._save_field()
                self._state = _START_RECORD if c is _EOL else _EAT_CRNL
            elif not d.strict:
                self._add_char(c)
                self._state = _IN_FIELD
            else:
                raise Error("'%s' expected after '%s'" % (d.delimiter, d.quotechar))
            return
        if state == _EAT_CRNL:
            if c == "\n" or c == "\r":
                pass
            elif c is _EOL:
                self._state = _START_RECORD
            else:
                raise Error("new-line character seen in unquoted field - do you need to open "
                            "the file in universal-newline mode?")

    def _fast(self, line):
        # a whole record from a line without quote or escape characters, or None
        for c in self._special:
            if c in line:
                return None
        body = line.rstrip("\r\n")
        if "\r" in body or "\n" in body:
            return None
        if not body:
            return []
        fields = body.split(self.dialect.delimiter)
        for f in fields:
            if len(f) > _field_limit:
                return None
        if self.dialect.quoting == QUOTE_NONNUMERIC:
            fields = [float(f) if f else f for f in fields]
        return fields

    def __next__(self):
        if self._simple:
            line = next(self._it)  # a record's start: the end of the input ends iteration
            if type(line) is str:
                self.line_num += 1
                fields = self._fast(line)
                if fields is not None:
                    return fields
            return self._records(line)
        return self._records(None)

    def _records(self, line):
        # the state machine over as many lines as the record takes; 'line' is its first
        # line when __next__ has read it already (and counted it if a str)
        self._fields = []
        self._field = []
        self._flen = 0
        self._state = _START_RECORD
        self._numeric = False
        while True:
            if line is not None:
                if not isinstance(line, str):
                    raise Error("iterator should return strings, not %s (the file should "
                                "be opened in text mode)" % type(line).__name__)
                self._feed(line)
                line = None
                if self._state == _START_RECORD:
                    break
            try:
                line = next(self._it)
            except StopIteration:
                if self._field or self._state == _IN_QUOTED_FIELD:
                    if self.dialect.strict:
                        raise Error("unexpected end of data")
                    self._save_field()
                    break
                raise
            if isinstance(line, str):
                self.line_num += 1
        fields = self._fields
        self._fields = None
        return fields


def reader(csvfile, dialect="excel", **fmtparams):
    """csv_reader = reader(iterable [, dialect='excel'] [optional keyword args])"""
    return _reader(csvfile, _Dialect(dialect, **fmtparams))


def _is_number(v):
    return isinstance(v, (int, float, complex))


class _writer:
    """CSV writer: writerow(row) and writerows(rows) to a file-like object."""

    def __init__(self, fileobj, dialect):
        if not hasattr(fileobj, "write"):
            raise TypeError('argument 1 must have a "write" method')
        self._write = fileobj.write
        self.dialect = dialect
        d = dialect
        self._specials = [c for c in (d.delimiter, d.escapechar, d.quotechar) if c is not None]
        for c in d.lineterminator:
            if c not in self._specials:
                self._specials.append(c)

    def _field(self, field, quoted):
        d = self.dialect
        if field is None:
            s = ""
        elif isinstance(field, float):
            s = repr(field)
        else:
            s = str(field)
        need = False
        for c in self._specials:
            if c in s:
                need = True
                break
        if not need:
            return s, quoted
        out = []
        for c in s:
            want_escape = False
            if c in self._specials:
                if d.quoting == QUOTE_NONE:
                    want_escape = True
                else:
                    if c == d.quotechar:
                        if d.doublequote:
                            out.append(d.quotechar)
                        else:
                            want_escape = True
                    elif c == d.escapechar:
                        want_escape = True
                    if not want_escape:
                        quoted = True
                if want_escape:
                    if d.escapechar is None:
                        raise Error("need to escape, but no escapechar set")
                    out.append(d.escapechar)
            out.append(c)
        return "".join(out), quoted

    def writerow(self, row):
        """Construct and write a CSV record from an iterable of fields."""
        d = self.dialect
        try:
            it = iter(row)
        except TypeError:
            raise Error("iterable expected, not %s" % type(row).__name__)
        parts = []
        n = 0
        for field in it:
            n += 1
            if d.quoting == QUOTE_NONNUMERIC:
                quoted = not _is_number(field)
            else:
                quoted = d.quoting == QUOTE_ALL
            s, quoted = self._field(field, quoted)
            if quoted:
                s = d.quotechar + s + d.quotechar
            parts.append(s)
        line = d.delimiter.join(parts)
        if n > 0 and line == "":
            if d.quoting == QUOTE_NONE:
                raise Error("single empty field record must be quoted")
            line = d.quotechar * 2
        return self._write(line + d.lineterminator)

    def writerows(self, rows):
        """Construct and write a series of iterables to a csv file."""
        for row in rows:
            self.writerow(row)


def writer(fileobj, dialect="excel", **fmtparams):
    """csv_writer = csv.writer(fileobj [, dialect='excel'] [optional keyword args])"""
    return _writer(fileobj, _Dialect(dialect, **fmtparams))


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect="excel",
                 *args, **kwds):
        if fieldnames is not None and iter(fieldnames) is fieldnames:
            fieldnames = list(fieldnames)
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.reader = reader(f, dialect, *args, **kwds)
        self.dialect = dialect
        self.line_num = 0

    def __iter__(self):
        return self

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    @fieldnames.setter
    def fieldnames(self, value):
        self._fieldnames = value

    def __next__(self):
        if self.line_num == 0:
            self.fieldnames
        row = next(self.reader)
        self.line_num = self.reader.line_num
        while row == []:
            row = next(self.reader)
        d = dict(zip(self.fieldnames, row))
        lf = len(self.fieldnames)
        lr = len(row)
        if lf < lr:
            d[self.restkey] = row[lf:]
        elif lf > lr:
            for key in self.fieldnames[lr:]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", dialect="excel",
                 *args, **kwds):
        if fieldnames is not None and iter(fieldnames) is fieldnames:
            fieldnames = list(fieldnames)
        self.fieldnames = fieldnames
        self.restval = restval
        if extrasaction.lower() not in ("raise", "ignore"):
            raise ValueError("extrasaction (%s) must be 'raise' or 'ignore'" % extrasaction)
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, *args, **kwds)

    def writeheader(self):
        header = dict(zip(self.fieldnames, self.fieldnames))
        return self.writerow(header)

    def _dict_to_list(self, rowdict):
        if self.extrasaction == "raise":
            wrong_fields = [k for k in rowdict if k not in self.fieldnames]
            if wrong_fields:
                raise ValueError("dict contains fields not in fieldnames: "
                                 + ", ".join([repr(x) for x in wrong_fields]))
        return [rowdict.get(key, self.restval) for key in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._dict_to_list(rowdict))

    def writerows(self, rowdicts):
        return self.writer.writerows(map(self._dict_to_list, rowdicts))
