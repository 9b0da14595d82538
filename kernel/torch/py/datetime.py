"""Dates, times, durations and fixed-offset time zones.

The types date, time, datetime, timedelta, tzinfo and timezone behave as CPython 3.11's
datetime module does (its C implementation's reprs and messages): construction and its
checks, arithmetic, comparison, the ISO formats, strftime and strptime."""
# Internal layout: a timedelta keeps its value as a whole number of microseconds (`_us`)
# besides the normalised days/seconds/microseconds CPython shows; dates and datetimes keep
# their fields. Day arithmetic goes through proleptic Gregorian ordinals (0001-01-01 is
# day 1), converted by the era/day-of-era method that counts years from March, so the
# leap day is the last day of its year. Local time (timestamp(), fromtimestamp(),
# astimezone()) comes from the time module's localtime().
import time as _time

__all__ = ("date", "datetime", "time", "timedelta", "timezone", "tzinfo", "MINYEAR", "MAXYEAR",
           "UTC")

MINYEAR = 1
MAXYEAR = 9999
_LAST_ORDINAL = 3652059            # 9999-12-31
_US_PER_SECOND = 1000000
_US_PER_DAY = 86400 * _US_PER_SECOND

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_YEAR_DAYS_BEFORE = [0, 0]          # days of a common year before month m
for _m in range(2, 13):
    _YEAR_DAYS_BEFORE.append(_YEAR_DAYS_BEFORE[-1] + _MONTH_DAYS[_m - 1])
del _m

_ABBR_MONTHS = (None, "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec")
_ABBR_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_MONTHS = (None, "January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---- the calendar ------------------------------------------------------------------------

def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _month_length(y, m):
    if m == 2 and _leap(y):
        return 29
    return _MONTH_DAYS[m]


def _ordinal(y, m, d):
    """Day number of y-m-d, 0001-01-01 being 1."""
    if m <= 2:
        y -= 1
        shifted = m + 9             # March is month 0 of the shifted year
    else:
        shifted = m - 3
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * shifted + 2) // 5 + d - 1
    day_of_era = (year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year)
    return era * 146097 + day_of_era - 305


def _from_ordinal(n):
    """(y, m, d) of day number n."""
    z = n + 305
    era = z // 146097
    day_of_era = z - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524
                   - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted = (5 * day_of_year + 2) // 153
    d = day_of_year - (153 * shifted + 2) // 5 + 1
    if shifted < 10:
        return year_of_era + era * 400, shifted + 3, d
    return year_of_era + era * 400 + 1, shifted - 9, d


def _day_of_year(y, m, d):
    return _YEAR_DAYS_BEFORE[m] + d + (m > 2 and _leap(y))


def _iso_week_one(y):
    """Ordinal of the Monday that starts ISO week 1 of year y (the week holding Jan 4)."""
    jan4 = _ordinal(y, 1, 4)
    return jan4 - (jan4 + 6) % 7


def _iso_year_weeks(y):
    """52 or 53: the ISO week number of Dec 28 (always in the year's last week)."""
    return (_ordinal(y, 12, 28) - _iso_week_one(y)) // 7 + 1


def _struct_time(y, m, d, hh, mm, ss, isdst):
    wday = (_ordinal(y, m, d) + 6) % 7
    return _time.struct_time((y, m, d, hh, mm, ss, wday, _day_of_year(y, m, d), isdst))


# ---- argument checks ---------------------------------------------------------------------

_NEEDED = object()        # marks a required argument that was not passed
_KEEP = object()          # replace(): keep this field


def _as_int(x):
    """An int argument as C's 'i' format takes it (__index__ allowed, C int range)."""
    if type(x) is not int:
        if isinstance(x, int):
            x = int(x)
        elif hasattr(type(x), '__index__') and not isinstance(x, float):
            x = type(x).__index__(x)
        else:
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)
    if x > 2147483647:
        raise OverflowError("signed integer is greater than maximum")
    if x < -2147483648:
        raise OverflowError("signed integer is less than minimum")
    return x


def _required(value, name, pos):
    if value is _NEEDED:
        raise TypeError("function missing required argument '%s' (pos %d)" % (name, pos))
    return value


def _valid_date(year, month, day):
    if (type(year) is int and type(month) is int and type(day) is int and 0 < year < 10000
            and 0 < month < 13 and 0 < day and (day < 29 or day <= _month_length(year, month))):
        return year, month, day      # the common case: plain ints in range
    year = _as_int(_required(year, "year", 1))
    month = _as_int(_required(month, "month", 2))
    day = _as_int(_required(day, "day", 3))
    if year < MINYEAR or year > MAXYEAR:
        raise ValueError("year %d is out of range" % year)
    if month < 1 or month > 12:
        raise ValueError("month must be in 1..12")
    if day < 1 or day > _month_length(year, month):
        raise ValueError("day is out of range for month")
    return year, month, day


def _valid_clock(hour, minute, second, microsecond, fold):
    if (type(hour) is int and type(minute) is int and type(second) is int
            and type(microsecond) is int and (fold == 0 or fold == 1) and type(fold) is int
            and 0 <= hour < 24 and 0 <= minute < 60 and 0 <= second < 60
            and 0 <= microsecond < 1000000):
        return hour, minute, second, microsecond, fold
    hour = _as_int(hour)
    minute = _as_int(minute)
    second = _as_int(second)
    microsecond = _as_int(microsecond)
    fold = _as_int(fold)
    if not 0 <= hour < 24:
        raise ValueError("hour must be in 0..23")
    if not 0 <= minute < 60:
        raise ValueError("minute must be in 0..59")
    if not 0 <= second < 60:
        raise ValueError("second must be in 0..59")
    if not 0 <= microsecond < 1000000:
        raise ValueError("microsecond must be in 0..999999")
    if fold != 0 and fold != 1:
        raise ValueError("fold must be either 0 or 1")
    return hour, minute, second, microsecond, fold


def _valid_tz(tz):
    if tz is not None and not isinstance(tz, tzinfo):
        raise TypeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'"
                        % type(tz).__name__)


def _shown_name(obj, own_type):
    """How a repr names obj's class: 'datetime.X' for the module's own type, else bare."""
    t = type(obj)
    if t is own_type:
        return "datetime." + t.__name__
    return t.__name__


def _qualified_type(obj):
    t = type(obj)
    if t in (date, datetime, time, timedelta, timezone, tzinfo):
        return "datetime." + t.__name__
    return t.__name__


def _checked_offset(kind, value):
    """A tzinfo method's utcoffset()/dst() result, checked as CPython checks it."""
    if value is None:
        return None
    if not isinstance(value, timedelta):
        raise TypeError("tzinfo.%s() must return None or timedelta, not '%s'"
                        % (kind, type(value).__name__))
    if not -_US_PER_DAY < value._us < _US_PER_DAY:
        raise ValueError("offset must be a timedelta strictly between -timedelta(hours=24) and "
                         "timedelta(hours=24).")
    return value


def _checked_name(value):
    if value is not None and not isinstance(value, str):
        raise TypeError("tzinfo.tzname() must return None or a string, not '%s'"
                        % type(value).__name__)
    return value


def _zone_answer(zone, kind, dt):
    """utcoffset(), dst() or tzname() (kind) of a time (dt None) or a datetime (dt itself):
    its tzinfo zone's answer for dt, checked as CPython checks it; None without a zone."""
    if zone is None:
        return None
    if kind == "tzname":
        return _checked_name(zone.tzname(dt))
    return _checked_offset(kind, getattr(zone, kind)(dt))


# ---- text helpers ------------------------------------------------------------------------

def _clock_text(hh, mm, ss, us, timespec):
    if timespec == "auto":
        timespec = "microseconds" if us else "seconds"
    if timespec == "seconds":
        return "%02d:%02d:%02d" % (hh, mm, ss)
    if timespec == "microseconds":
        return "%02d:%02d:%02d.%06d" % (hh, mm, ss, us)
    if timespec == "milliseconds":
        return "%02d:%02d:%02d.%03d" % (hh, mm, ss, us // 1000)
    if timespec == "minutes":
        return "%02d:%02d" % (hh, mm)
    if timespec == "hours":
        return "%02d" % hh
    raise ValueError("Unknown timespec value")


def _offset_text(offset, sep):
    """'+HH<sep>MM' (with <sep>SS and .ffffff only when non-zero) for a timedelta, '' for None."""
    if offset is None:
        return ""
    us = offset._us
    sign = "+"
    if us < 0:
        sign = "-"
        us = -us
    secs, frac = divmod(us, _US_PER_SECOND)
    mins, secs = divmod(secs, 60)
    hours, mins = divmod(mins, 60)
    text = "%s%02d%s%02d" % (sign, hours, sep, mins)
    if secs or frac:
        text += "%s%02d" % (sep, secs)
        if frac:
            text += ".%06d" % frac
    return text


def _strftime(obj, fmt, tt):
    """strftime with %f, %z and %Z filled in from obj; the rest goes to time.strftime."""
    if not isinstance(fmt, str):
        raise TypeError("strftime() argument 1 must be str, not %s" % type(fmt).__name__)
    if 'f' not in fmt and 'z' not in fmt and 'Z' not in fmt:
        return _time.strftime(fmt, tt)
    pieces = []
    start = 0
    at = fmt.find('%')
    n = len(fmt)
    while at >= 0 and at + 1 < n:
        code = fmt[at + 1]
        if code == 'f':
            pieces.append(fmt[start:at])
            pieces.append("%06d" % getattr(obj, "microsecond", 0))
            start = at + 2
        elif code == 'z':
            pieces.append(fmt[start:at])
            off = obj.utcoffset() if hasattr(obj, "utcoffset") else None
            pieces.append(_offset_text(off, ""))
            start = at + 2
        elif code == 'Z':
            pieces.append(fmt[start:at])
            name = obj.tzname() if hasattr(obj, "tzname") else None
            if name is not None:
                pieces.append(name.replace("%", "%%"))
            start = at + 2
        at = fmt.find('%', at + 2)
    pieces.append(fmt[start:])
    return _time.strftime("".join(pieces), tt)


def _format_with(obj, fmt):
    if not isinstance(fmt, str):
        raise TypeError("must be str, not %s" % type(fmt).__name__)
    if fmt:
        return obj.strftime(fmt)
    return str(obj)


# ---- integer helpers ---------------------------------------------------------------------

def _nearest_div(a, b):
    """a / b rounded to the nearest int, ties to even."""
    if b < 0:
        a, b = -a, -b
    q, r = divmod(a, b)
    if 2 * r > b or (2 * r == b and q & 1):
        q += 1
    return q


def _float_ratio(f):
    """f as (numerator, denominator) of ints, exactly."""
    if f != f:
        raise ValueError("cannot convert NaN to integer ratio")
    if f == float("inf") or f == float("-inf"):
        raise OverflowError("cannot convert Infinity to integer ratio")
    den = 1
    while f != int(f):
        f *= 2.0
        den *= 2
    return int(f), den


def _split_float(x):
    """(fractional part, integral part) of a finite or infinite float, like C's modf."""
    whole = float(int(x))
    return x - whole, whole


# ---- timedelta ---------------------------------------------------------------------------

# microseconds per unit, in the order C accumulates the constructor's arguments
_UNITS = (("microseconds", 1), ("milliseconds", 1000), ("seconds", _US_PER_SECOND),
          ("minutes", 60 * _US_PER_SECOND), ("hours", 3600 * _US_PER_SECOND),
          ("days", _US_PER_DAY), ("weeks", 7 * _US_PER_DAY))


def _delta(us):
    """A timedelta of us microseconds (OverflowError past +-999999999 days)."""
    days, rest = divmod(us, _US_PER_DAY)
    if days > 999999999 or days < -999999999:
        raise OverflowError("days=%d; must have magnitude <= 999999999" % days)
    obj = object.__new__(timedelta)
    obj._us = us
    obj._days = days
    obj._secs, obj._micro = divmod(rest, _US_PER_SECOND)
    obj._hash = None
    return obj


class timedelta:
    """A duration: days, seconds and microseconds, normalised so that only days is negative."""
    __slots__ = ("_us", "_days", "_secs", "_micro", "_hash")

    def __new__(cls, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0,
                weeks=0):
        values = (microseconds, milliseconds, seconds, minutes, hours, days, weeks)
        total = 0
        spare = 0.0          # fractional microseconds, rounded once at the end
        all_ints = True
        for k in range(7):
            v = values[k]
            unit = _UNITS[k][1]
            if isinstance(v, int):
                total += v * unit
            elif isinstance(v, float):
                all_ints = False
                frac, whole = _split_float(v)
                total += int(whole) * unit
                if frac:
                    frac, whole = _split_float(unit * frac)
                    total += int(whole)
                    spare += frac
            else:
                raise TypeError("unsupported type for timedelta %s component: %s"
                                % (_UNITS[k][0], type(v).__name__))
        if not all_ints and spare:
            near = round(spare)
            if abs(spare - near) == 0.5:
                # halfway: pick the neighbour that makes the whole total even
                low = int(spare - 0.5)
                near = low if (total + low) % 2 == 0 else low + 1
            total += int(near)
        if cls is timedelta:
            return _delta(total)
        base = _delta(total)
        obj = object.__new__(cls)
        obj._us = total
        obj._days = base._days
        obj._secs = base._secs
        obj._micro = base._micro
        obj._hash = None
        return obj

    @property
    def days(self):
        return self._days

    @property
    def seconds(self):
        return self._secs

    @property
    def microseconds(self):
        return self._micro

    def total_seconds(self):
        """The duration in seconds, as a float."""
        return self._us / _US_PER_SECOND

    def __repr__(self):
        fields = []
        if self._days:
            fields.append("days=%d" % self._days)
        if self._secs:
            fields.append("seconds=%d" % self._secs)
        if self._micro:
            fields.append("microseconds=%d" % self._micro)
        return "%s(%s)" % (_shown_name(self, timedelta), ", ".join(fields) or "0")

    def __str__(self):
        minutes, s = divmod(self._secs, 60)
        h, minutes = divmod(minutes, 60)
        text = "%d:%02d:%02d" % (h, minutes, s)
        if self._micro:
            text += ".%06d" % self._micro
        if self._days:
            plural = "" if self._days in (1, -1) else "s"
            text = "%d day%s, %s" % (self._days, plural, text)
        return text

    # -- arithmetic --

    def __add__(self, other):
        if isinstance(other, timedelta):
            return _delta(self._us + other._us)
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, timedelta):
            return _delta(other._us + self._us)
        return NotImplemented

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return _delta(self._us - other._us)
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, timedelta):
            return _delta(other._us - self._us)
        return NotImplemented

    def __neg__(self):
        return _delta(-self._us)

    def __pos__(self):
        return self

    def __abs__(self):
        if self._us < 0:
            return _delta(-self._us)
        return self

    def __mul__(self, other):
        if isinstance(other, int):
            return _delta(self._us * other)
        if isinstance(other, float):
            num, den = _float_ratio(other)
            return _delta(_nearest_div(self._us * num, den))
        return NotImplemented

    def __rmul__(self, other):
        return self.__mul__(other)

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer division or modulo by zero")
            return self._us // other._us
        if isinstance(other, int):
            if not other:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _delta(self._us // other)
        return NotImplemented

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("division by zero")
            return self._us / other._us
        if isinstance(other, int):
            if not other:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _delta(_nearest_div(self._us, other))
        if isinstance(other, float):
            num, den = _float_ratio(other)
            if not num:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _delta(_nearest_div(self._us * den, num))
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer division or modulo by zero")
            return _delta(self._us % other._us)
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, timedelta):
            if not other._us:
                raise ZeroDivisionError("integer division or modulo by zero")
            q, r = divmod(self._us, other._us)
            return q, _delta(r)
        return NotImplemented

    # -- comparison --

    def __eq__(self, other):
        if isinstance(other, timedelta):
            return self._us == other._us
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, timedelta):
            return self._us != other._us
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, timedelta):
            return self._us < other._us
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, timedelta):
            return self._us <= other._us
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, timedelta):
            return self._us > other._us
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, timedelta):
            return self._us >= other._us
        return NotImplemented

    def __hash__(self):
        h = self._hash
        if h is None:
            h = self._hash = hash(self._us)
        return h

    def __bool__(self):
        return self._us != 0

    def __reduce__(self):
        return (type(self), (self._days, self._secs, self._micro))


timedelta.min = _delta(-999999999 * _US_PER_DAY)
timedelta.max = _delta(1000000000 * _US_PER_DAY - 1)
timedelta.resolution = _delta(1)
_ZERO = _delta(0)


# ---- ISO calendar result -----------------------------------------------------------------

class IsoCalendarDate(tuple):
    # built as IsoCalendarDate((year, week, weekday))

    @property
    def year(self):
        return self[0]

    @property
    def week(self):
        return self[1]

    @property
    def weekday(self):
        return self[2]

    def __repr__(self):
        if type(self) is _IsoCalendarDate:
            name = "datetime.IsoCalendarDate"
        else:
            name = type(self).__name__
        return "%s(year=%d, week=%d, weekday=%d)" % (name, self[0], self[1], self[2])


_IsoCalendarDate = IsoCalendarDate
del IsoCalendarDate          # CPython's module does not export the name


def _iso_to_ordinal(year, week, day):
    """Ordinal of ISO year/week/weekday, with fromisocalendar()'s errors."""
    if year < MINYEAR or year > MAXYEAR:
        raise ValueError("Year is out of range: %d" % year)
    if week < 1 or week > 53 or (week == 53 and _iso_year_weeks(year) != 53):
        raise ValueError("Invalid week: %d" % week)
    if day < 1 or day > 7:
        raise ValueError("Invalid day: %d (range is [1, 7])" % day)
    return _iso_week_one(year) + (week - 1) * 7 + day - 1


# ---- ISO 8601 parsing --------------------------------------------------------------------
# Any failure here raises ValueError; the fromisoformat() methods turn it into their
# "Invalid isoformat string" message. Field values are range-checked later by the
# constructors, so those errors keep the constructors' messages.

def _num(s, at, width):
    """The int written by exactly `width` ASCII digits at s[at:]."""
    piece = s[at:at + width]
    if len(piece) != width or not (piece.isascii() and piece.isdigit()):
        raise ValueError("digits expected")
    return int(piece)


def _read_date(s, size):
    """(y, m, d) from the date at the start of s; `size` is the length the date may take
    (only a week date's optional weekday looks at it)."""
    year = _num(s, 0, 4)
    at = 4
    dashed = s[at:at + 1] == "-"
    if dashed:
        at += 1
    if s[at:at + 1] == "W":
        week = _num(s, at + 1, 2)
        at += 3
        weekday = 1
        if at < size:
            if dashed:
                if s[at:at + 1] != "-":
                    raise ValueError("dash expected")
                at += 1
            weekday = _num(s, at, 1)
        return _from_ordinal(_iso_to_ordinal(year, week, weekday))
    month = _num(s, at, 2)
    at += 2
    if dashed:
        if s[at:at + 1] != "-":
            raise ValueError("dash expected")
        at += 1
    return year, month, _num(s, at, 2)


_FRACTION_SCALE = (None, 100000, 10000, 1000, 100, 10, 1)


def _read_clock(s, start, stop):
    """(h, m, s, us, tail) from 'HH[[:]MM[[:]SS]][{.,:}digits]' in s[start:stop] (stop is
    the offset's sign, or the end). tail is True when anything follows what was read; the
    caller only accepts that when an offset follows."""
    n = len(s)
    fields = [0, 0, 0]
    at = start
    colons = True
    for k in range(3):
        fields[k] = _num(s, at, 2)
        at += 2
        c = s[at] if at < n else ""
        at += 1
        if k == 0:
            colons = c == ":"
        if not c or at >= stop:
            return fields[0], fields[1], fields[2], 0, c != ""
        if colons and c == ":":
            continue
        if c == "." or c == ",":
            break
        if colons:
            raise ValueError("bad separator")
        at -= 1                      # no separators: the next field starts here
    width = min(stop - at, 6)
    micro = _num(s, at, width) * _FRACTION_SCALE[width]
    at += width
    while at < n and "0" <= s[at] <= "9":
        at += 1                      # digits past the sixth are dropped
    return fields[0], fields[1], fields[2], micro, at < n


def _read_time(s, start):
    """(h, m, s, us, zone) from the time and optional UTC offset at s[start:]; zone is None,
    or (seconds, microseconds) of the offset for _zone()."""
    n = len(s)
    tz_at = n
    for sign in "Z+-":
        k = s.find(sign, start)
        if 0 <= k < tz_at:
            tz_at = k
    h, m, sec, us, tail = _read_clock(s, start, tz_at)
    if tz_at == n:
        if tail:
            raise ValueError("trailing text")
        return h, m, sec, us, None
    if s[tz_at] == "Z":
        if tz_at + 1 != n:
            raise ValueError("trailing text")
        return h, m, sec, us, (0, 0)
    oh, om, osec, ous, tail = _read_clock(s, tz_at + 1, n)
    if tail:
        raise ValueError("trailing text")
    seconds = oh * 3600 + om * 60 + osec
    if s[tz_at] == "-":
        return h, m, sec, us, (-seconds, -ous)
    return h, m, sec, us, (seconds, ous)


def _zone(spec):
    """The tzinfo for an offset _read_time found (built outside the parse: a parsed offset
    out of range keeps timezone()'s own error)."""
    if spec is None:
        return None
    if spec[0] == 0:
        return timezone.utc
    return timezone(_delta(spec[0] * _US_PER_SECOND + spec[1]))


def _date_end(s):
    """Where the date part of a datetime string ends (its separator's index)."""
    n = len(s)
    if n == 7:
        return 7
    if s[4] == "-":
        if s[5] != "W":
            return 10                        # YYYY-MM-DD
        if n < 8:
            raise ValueError("short week date")
        if n > 8 and s[8] == "-":
            if n == 9:
                raise ValueError("short week date")
            if n > 10 and "0" <= s[10] <= "9":
                return 8                     # YYYY-Www, '-' separator, then the time
            return 10                        # YYYY-Www-D
        return 8
    if s[4] == "W":
        # YYYYWww[D]: the digits after the week run on into the time's; the run's parity
        # decides whether a weekday digit is there
        end = 7
        while end < n and "0" <= s[end] <= "9":
            end += 1
        if end < 9:
            return end
        return 7 if end % 2 == 0 else 8
    return 8                                 # YYYYMMDD


# ---- tzinfo ------------------------------------------------------------------------------

class tzinfo:
    """Abstract base of time zone objects: subclasses give utcoffset, dst and tzname."""
    __slots__ = ()

    def tzname(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement tzname()")

    def utcoffset(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement utcoffset()")

    def dst(self, dt):
        raise NotImplementedError("a tzinfo subclass must implement dst()")

    def fromutc(self, dt):
        """The local time in this zone of dt, a datetime holding UTC with tzinfo self."""
        if not isinstance(dt, datetime):
            raise TypeError("fromutc: argument must be a datetime")
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        offset = dt.utcoffset()
        if offset is None:
            raise ValueError("fromutc: non-None utcoffset() result required")
        saving = dt.dst()
        if saving is None:
            raise ValueError("fromutc: non-None dst() result required")
        standard = offset - saving
        if standard:
            dt += standard
            saving = dt.dst()
            if saving is None:
                raise ValueError("fromutc(): dt.dst gave inconsistent results; cannot convert")
        return dt + saving


# ---- date --------------------------------------------------------------------------------

def _make_date(cls, y, m, d):
    if cls is date:
        obj = object.__new__(date)
        obj._year = y
        obj._month = m
        obj._day = d
        obj._hash = None
        return obj
    return cls(y, m, d)


class date:
    """A calendar date (proleptic Gregorian): date(year, month, day)."""
    __slots__ = ("_year", "_month", "_day", "_hash")

    def __new__(cls, year=_NEEDED, month=_NEEDED, day=_NEEDED):
        y, m, d = _valid_date(year, month, day)
        obj = object.__new__(cls)
        obj._year = y
        obj._month = m
        obj._day = d
        obj._hash = None
        return obj

    # -- other constructors --

    @classmethod
    def fromtimestamp(cls, t):
        """The local date at POSIX timestamp t."""
        if not isinstance(t, (int, float)):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(t).__name__)
        tm = _time.localtime(t)
        return cls(tm[0], tm[1], tm[2])

    @classmethod
    def today(cls):
        return cls.fromtimestamp(_time.time())

    @classmethod
    def fromordinal(cls, n):
        """The date of proleptic Gregorian day n (0001-01-01 is 1)."""
        n = _as_int(n)
        if n < 1:
            raise ValueError("ordinal must be >= 1")
        if n > _LAST_ORDINAL:
            raise ValueError("year %d is out of range" % _from_ordinal(n)[0])
        y, m, d = _from_ordinal(n)
        return cls(y, m, d)

    @classmethod
    def fromisoformat(cls, date_string):
        """The date an ISO 8601 string writes (YYYY-MM-DD, YYYYMMDD or a week date)."""
        if not isinstance(date_string, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(date_string) not in (7, 8, 10):
                raise ValueError("bad length")
            y, m, d = _read_date(date_string, len(date_string))
        except ValueError:
            raise ValueError("Invalid isoformat string: %r" % (date_string,)) from None
        return cls(y, m, d)

    @classmethod
    def fromisocalendar(cls, year, week, day):
        """The date of an ISO year, week number and weekday (1 = Monday)."""
        n = _iso_to_ordinal(_as_int(year), _as_int(week), _as_int(day))
        y, m, d = _from_ordinal(n)
        return cls(y, m, d)

    # -- fields --

    @property
    def year(self):
        return self._year

    @property
    def month(self):
        return self._month

    @property
    def day(self):
        return self._day

    def toordinal(self):
        return _ordinal(self._year, self._month, self._day)

    def weekday(self):
        """0 for Monday ... 6 for Sunday."""
        return (_ordinal(self._year, self._month, self._day) + 6) % 7

    def isoweekday(self):
        """1 for Monday ... 7 for Sunday."""
        return (_ordinal(self._year, self._month, self._day) + 6) % 7 + 1

    def isocalendar(self):
        """(ISO year, week number, weekday) as a named tuple."""
        n = _ordinal(self._year, self._month, self._day)
        weekday = (n + 6) % 7
        # an ISO week belongs to the year its Thursday is in
        thursday = n - weekday + 3
        iso_year = self._year
        if thursday < _ordinal(iso_year, 1, 1):
            iso_year -= 1
        elif thursday > _ordinal(iso_year, 12, 31):
            iso_year += 1
        week = (thursday - _ordinal(iso_year, 1, 1)) // 7 + 1
        return _IsoCalendarDate((iso_year, week, weekday + 1))

    def timetuple(self):
        return _struct_time(self._year, self._month, self._day, 0, 0, 0, -1)

    def replace(self, year=_KEEP, month=_KEEP, day=_KEEP):
        """A copy with the given fields changed."""
        return type(self)(self._year if year is _KEEP else year,
                          self._month if month is _KEEP else month,
                          self._day if day is _KEEP else day)

    # -- text --

    def __repr__(self):
        return "%s(%d, %d, %d)" % (_shown_name(self, date), self._year, self._month, self._day)

    def isoformat(self):
        return "%04d-%02d-%02d" % (self._year, self._month, self._day)

    def __str__(self):
        return "%04d-%02d-%02d" % (self._year, self._month, self._day)

    def ctime(self):
        return "%s %s %2d 00:00:00 %04d" % (_ABBR_DAYS[self.weekday()],
                                            _ABBR_MONTHS[self._month], self._day, self._year)

    def strftime(self, format):
        return _strftime(self, format, self.timetuple())

    def __format__(self, fmt):
        return _format_with(self, fmt)

    # -- comparison --
    # a date and a datetime never compare as dates: datetime's methods answer

    def _plain(self, other):
        return isinstance(other, date) and not isinstance(other, datetime)

    def _fields(self):
        return (self._year, self._month, self._day)

    def __eq__(self, other):
        if self._plain(other):
            return self._fields() == other._fields()
        return NotImplemented

    def __ne__(self, other):
        if self._plain(other):
            return self._fields() != other._fields()
        return NotImplemented

    def __lt__(self, other):
        if self._plain(other):
            return self._fields() < other._fields()
        return NotImplemented

    def __le__(self, other):
        if self._plain(other):
            return self._fields() <= other._fields()
        return NotImplemented

    def __gt__(self, other):
        if self._plain(other):
            return self._fields() > other._fields()
        return NotImplemented

    def __ge__(self, other):
        if self._plain(other):
            return self._fields() >= other._fields()
        return NotImplemented

    def __hash__(self):
        h = self._hash
        if h is None:
            h = self._hash = hash(self._fields())
        return h

    # -- arithmetic --

    def _shifted(self, days):
        n = _ordinal(self._year, self._month, self._day) + days
        if n < 1 or n > _LAST_ORDINAL:
            raise OverflowError("date value out of range")
        y, m, d = _from_ordinal(n)
        return _make_date(type(self), y, m, d)

    def __add__(self, other):
        if isinstance(other, timedelta):
            return self._shifted(other._days)
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, timedelta):
            return self._shifted(other._days)
        return NotImplemented

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self._shifted(-other._days)
        if self._plain(other):
            return _delta((self.toordinal() - other.toordinal()) * _US_PER_DAY)
        return NotImplemented

    def __reduce__(self):
        return (type(self), (self._year, self._month, self._day))


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = _delta(_US_PER_DAY)


# ---- time --------------------------------------------------------------------------------

class time:
    """A time of day, optionally with a tzinfo: time(hour, minute, second, microsecond, tzinfo)."""
    __slots__ = ("_hour", "_minute", "_second", "_microsecond", "_tzinfo", "_fold", "_hash")

    def __new__(cls, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        h, m, s, us, fold = _valid_clock(hour, minute, second, microsecond, fold)
        _valid_tz(tzinfo)
        obj = object.__new__(cls)
        obj._hour = h
        obj._minute = m
        obj._second = s
        obj._microsecond = us
        obj._tzinfo = tzinfo
        obj._fold = fold
        obj._hash = None
        return obj

    @property
    def hour(self):
        return self._hour

    @property
    def minute(self):
        return self._minute

    @property
    def second(self):
        return self._second

    @property
    def microsecond(self):
        return self._microsecond

    @property
    def tzinfo(self):
        return self._tzinfo

    @property
    def fold(self):
        return self._fold

    @classmethod
    def fromisoformat(cls, time_string):
        """The time an ISO 8601 string writes ('T' prefix allowed)."""
        if not isinstance(time_string, str):
            raise TypeError("fromisoformat: argument must be str")
        start = 1 if time_string[:1] == "T" else 0
        try:
            h, m, s, us, zone = _read_time(time_string, start)
        except ValueError:
            raise ValueError("Invalid isoformat string: %r" % (time_string,)) from None
        return cls(h, m, s, us, _zone(zone))

    # -- zone --

    def utcoffset(self):
        return _zone_answer(self._tzinfo, "utcoffset", None)

    def dst(self):
        return _zone_answer(self._tzinfo, "dst", None)

    def tzname(self):
        return _zone_answer(self._tzinfo, "tzname", None)

    def replace(self, hour=_KEEP, minute=_KEEP, second=_KEEP, microsecond=_KEEP, tzinfo=_KEEP,
                *, fold=_KEEP):
        """A copy with the given fields changed."""
        return type(self)(self._hour if hour is _KEEP else hour,
                          self._minute if minute is _KEEP else minute,
                          self._second if second is _KEEP else second,
                          self._microsecond if microsecond is _KEEP else microsecond,
                          self._tzinfo if tzinfo is _KEEP else tzinfo,
                          fold=self._fold if fold is _KEEP else fold)

    # -- text --

    def __repr__(self):
        args = "%d, %d" % (self._hour, self._minute)
        if self._microsecond:
            args += ", %d, %d" % (self._second, self._microsecond)
        elif self._second:
            args += ", %d" % self._second
        if self._tzinfo is not None:
            args += ", tzinfo=%r" % (self._tzinfo,)
        if self._fold:
            args += ", fold=1"
        return "%s(%s)" % (_shown_name(self, time), args)

    def isoformat(self, timespec="auto"):
        return (_clock_text(self._hour, self._minute, self._second, self._microsecond, timespec)
                + _offset_text(self.utcoffset(), ":"))

    def __str__(self):
        return self.isoformat()

    def strftime(self, format):
        tt = (1900, 1, 1, self._hour, self._minute, self._second, 0, 1, -1)
        return _strftime(self, format, tt)

    def __format__(self, fmt):
        return _format_with(self, fmt)

    # -- comparison --

    def _order(self, other, equality):
        """self - other as a sign, or None for naive against aware when only equality asks."""
        mine = (self._hour * 3600 + self._minute * 60 + self._second, self._microsecond)
        theirs = (other._hour * 3600 + other._minute * 60 + other._second, other._microsecond)
        if self._tzinfo is not other._tzinfo:
            a = self.utcoffset()
            b = other.utcoffset()
            if (a is None) != (b is None):
                if equality:
                    return None
                raise TypeError("can't compare offset-naive and offset-aware times")
            if a is not None and a != b:
                mine = (mine[0] - a._days * 86400 - a._secs, mine[1])
                theirs = (theirs[0] - b._days * 86400 - b._secs, theirs[1])
        return (mine > theirs) - (mine < theirs)

    def __eq__(self, other):
        if isinstance(other, time):
            return self._order(other, True) == 0
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, time):
            return self._order(other, True) != 0
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, time):
            return self._order(other, False) < 0
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, time):
            return self._order(other, False) <= 0
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, time):
            return self._order(other, False) > 0
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, time):
            return self._order(other, False) >= 0
        return NotImplemented

    def __hash__(self):
        h = self._hash
        if h is None:
            secs = self._hour * 3600 + self._minute * 60 + self._second
            off = self.utcoffset()
            if off:
                secs -= off._days * 86400 + off._secs
            h = self._hash = hash((secs, self._microsecond))
        return h

    def __bool__(self):
        return True

    def __reduce__(self):
        return (type(self), (self._hour, self._minute, self._second, self._microsecond,
                             self._tzinfo))


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999999)
time.resolution = _delta(1)


# ---- local time --------------------------------------------------------------------------
# A local clock reading is handled as "naive seconds": the POSIX timestamp the reading would
# have if the local zone were UTC. Its difference from the true timestamp is the UTC offset.

_EPOCH_ORDINAL = _ordinal(1970, 1, 1)


def _naive_seconds(y, m, d, hh, mm, ss):
    return (_ordinal(y, m, d) - _EPOCH_ORDINAL) * 86400 + hh * 3600 + mm * 60 + ss


def _wall(u):
    """The local clock reading at POSIX second u, in naive seconds."""
    tm = _time.localtime(u)
    return _naive_seconds(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5] if tm[5] < 60 else 59)


def _posix_of_wall(naive, fold):
    """The POSIX second at which the local clock reads `naive`. A reading that happens twice
    gives the earlier (fold 0) or later (fold 1) instant; one skipped by a jump forward is
    read with the offset before the jump (fold 0) or after it (fold 1)."""
    before = _wall(naive - 86400) - (naive - 86400)     # UTC offsets around the reading
    after = _wall(naive + 86400) - (naive + 86400)
    hits = []
    for off in (before, after):
        u = naive - off
        if _wall(u) == naive and u not in hits:
            hits.append(u)
    if hits:
        return max(hits) if fold else min(hits)
    first = naive - before
    second = naive - after
    return min(first, second) if fold else max(first, second)


def _local_zone_at(u):
    tm = _time.localtime(u)
    return timezone(_delta(tm.tm_gmtoff * _US_PER_SECOND), tm.tm_zone)


# ---- datetime ----------------------------------------------------------------------------

def _make_datetime(cls, y, m, d, hh, mm, ss, us, tz):
    if cls is datetime:
        obj = object.__new__(datetime)
        obj._year = y
        obj._month = m
        obj._day = d
        obj._hour = hh
        obj._minute = mm
        obj._second = ss
        obj._microsecond = us
        obj._tzinfo = tz
        obj._fold = 0
        obj._hash = None
        return obj
    return cls(y, m, d, hh, mm, ss, us, tz)


class datetime(date):
    """A date with a time of day: datetime(year, month, day, hour, minute, second,
    microsecond, tzinfo)."""
    __slots__ = ("_hour", "_minute", "_second", "_microsecond", "_tzinfo", "_fold")

    def __new__(cls, year=_NEEDED, month=_NEEDED, day=_NEEDED, hour=0, minute=0, second=0,
                microsecond=0, tzinfo=None, *, fold=0):
        y, mo, d = _valid_date(year, month, day)
        h, mi, s, us, fold = _valid_clock(hour, minute, second, microsecond, fold)
        _valid_tz(tzinfo)
        obj = object.__new__(cls)
        obj._year = y
        obj._month = mo
        obj._day = d
        obj._hour = h
        obj._minute = mi
        obj._second = s
        obj._microsecond = us
        obj._tzinfo = tzinfo
        obj._fold = fold
        obj._hash = None
        return obj

    @property
    def hour(self):
        return self._hour

    @property
    def minute(self):
        return self._minute

    @property
    def second(self):
        return self._second

    @property
    def microsecond(self):
        return self._microsecond

    @property
    def tzinfo(self):
        return self._tzinfo

    @property
    def fold(self):
        return self._fold

    def _total_us(self):
        """Microseconds since 0001-01-01 00:00 of the fields (the zone not applied)."""
        days = _ordinal(self._year, self._month, self._day)
        return ((days * 86400 + self._hour * 3600 + self._minute * 60 + self._second)
                * _US_PER_SECOND + self._microsecond)

    # -- other constructors --

    @classmethod
    def _from_posix(cls, t, utc, tz):
        if isinstance(t, float):
            if t != t:
                raise ValueError("Invalid value NaN (not a number)")
            if t - t != 0.0:
                raise OverflowError("timestamp out of range for platform time_t")
            frac, whole = _split_float(t)
            us = round(frac * 1e6)
            secs = int(whole)
            if us >= _US_PER_SECOND:
                secs += 1
                us -= _US_PER_SECOND
            elif us < 0:
                secs -= 1
                us += _US_PER_SECOND
        else:
            secs = t
            us = 0
        tm = (_time.gmtime if utc else _time.localtime)(secs)
        result = cls(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5] if tm[5] < 60 else 59, us, tz)
        if tz is not None:
            return tz.fromutc(result)
        if not utc:
            # fold 1 when the clock already showed this reading earlier (it was set back)
            w = _wall(secs)
            change = (w - secs) - (_wall(secs - 86400) - (secs - 86400))
            if change < 0 and _wall(secs + change) == w:
                result._fold = 1
        return result

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        """Local time (or tz's time) at POSIX timestamp t."""
        _valid_tz(tz)
        if not isinstance(t, (int, float)):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(t).__name__)
        return cls._from_posix(t, tz is not None, tz)

    @classmethod
    def utcfromtimestamp(cls, t):
        """Naive UTC time at POSIX timestamp t."""
        if not isinstance(t, (int, float)):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(t).__name__)
        return cls._from_posix(t, True, None)

    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return cls.utcfromtimestamp(_time.time())

    @classmethod
    def combine(cls, date, time, tzinfo=_KEEP):
        """A datetime from a date and a time (tzinfo from the time unless given)."""
        if not isinstance(date, _DATE):
            raise TypeError("combine() argument 1 must be datetime.date, not %s"
                            % type(date).__name__)
        if not isinstance(time, _TIME):
            raise TypeError("combine() argument 2 must be datetime.time, not %s"
                            % type(time).__name__)
        if tzinfo is _KEEP:
            tzinfo = time.tzinfo
        return cls(date.year, date.month, date.day, time.hour, time.minute, time.second,
                   time.microsecond, tzinfo, fold=time.fold)

    @classmethod
    def fromisoformat(cls, date_string):
        """The datetime an ISO 8601 string writes."""
        if not isinstance(date_string, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(date_string) < 7:
                raise ValueError("too short")
            cut = _date_end(date_string)
            y, m, d = _read_date(date_string, cut)
            if len(date_string) > cut:
                hh, mm, ss, us, zone = _read_time(date_string, cut + 1)
            else:
                hh = mm = ss = us = 0
                zone = None
        except (ValueError, IndexError):
            raise ValueError("Invalid isoformat string: %r" % (date_string,)) from None
        return cls(y, m, d, hh, mm, ss, us, _zone(zone))

    @classmethod
    def strptime(cls, date_string, format):
        """The datetime a string writes in the given format (see time.strptime)."""
        return _strptime_datetime(cls, date_string, format)

    # -- parts --

    def date(self):
        return date(self._year, self._month, self._day)

    def time(self):
        return time(self._hour, self._minute, self._second, self._microsecond, fold=self._fold)

    def timetz(self):
        return time(self._hour, self._minute, self._second, self._microsecond, self._tzinfo,
                    fold=self._fold)

    def replace(self, year=_KEEP, month=_KEEP, day=_KEEP, hour=_KEEP, minute=_KEEP,
                second=_KEEP, microsecond=_KEEP, tzinfo=_KEEP, *, fold=_KEEP):
        """A copy with the given fields changed."""
        return type(self)(self._year if year is _KEEP else year,
                          self._month if month is _KEEP else month,
                          self._day if day is _KEEP else day,
                          self._hour if hour is _KEEP else hour,
                          self._minute if minute is _KEEP else minute,
                          self._second if second is _KEEP else second,
                          self._microsecond if microsecond is _KEEP else microsecond,
                          self._tzinfo if tzinfo is _KEEP else tzinfo,
                          fold=self._fold if fold is _KEEP else fold)

    # -- zone --

    def utcoffset(self):
        return _zone_answer(self._tzinfo, "utcoffset", self)

    def dst(self):
        return _zone_answer(self._tzinfo, "dst", self)

    def tzname(self):
        return _zone_answer(self._tzinfo, "tzname", self)

    def timetuple(self):
        saving = self.dst()
        flag = -1 if saving is None else (1 if saving else 0)
        return _struct_time(self._year, self._month, self._day, self._hour, self._minute,
                            self._second, flag)

    def utctimetuple(self):
        """The time tuple of this time in UTC (isdst 0)."""
        t = self
        off = self.utcoffset()
        if off:
            t = self - off
        return _struct_time(t._year, t._month, t._day, t._hour, t._minute, t._second, 0)

    def _posix_seconds(self):
        """Whole POSIX seconds of this (naive, local) datetime."""
        return _posix_of_wall(_naive_seconds(self._year, self._month, self._day, self._hour,
                                             self._minute, self._second), self._fold)

    def timestamp(self):
        """POSIX timestamp (a naive datetime is read as local time)."""
        if self._tzinfo is None:
            return self._posix_seconds() + self._microsecond / 1e6
        return (self - _EPOCH).total_seconds()

    def astimezone(self, tz=None):
        """This instant as local time in tz (the system's zone when tz is None)."""
        if tz is not None and not isinstance(tz, tzinfo):
            raise TypeError("astimezone() argument 1 must be datetime.tzinfo, not %s"
                            % type(tz).__name__)
        source = self._tzinfo
        offset = None
        if source is not None:
            offset = source.utcoffset(self)
        if offset is None:
            naive = self if source is None else self.replace(tzinfo=None)
            source = _local_zone_at(naive._posix_seconds())
            offset = source.utcoffset(self)
        if tz is source:
            return self
        utc = (self - offset).replace(tzinfo=timezone.utc)
        if tz is None:
            tz = _local_zone_at((utc - _EPOCH) // _delta(_US_PER_SECOND))
        return tz.fromutc(utc.replace(tzinfo=tz))

    # -- text --

    def __repr__(self):
        fields = [self._year, self._month, self._day, self._hour, self._minute]
        if self._microsecond:
            fields += [self._second, self._microsecond]
        elif self._second:
            fields.append(self._second)
        args = ", ".join(["%d" % v for v in fields])
        if self._tzinfo is not None:
            args += ", tzinfo=%r" % (self._tzinfo,)
        if self._fold:
            args += ", fold=1"
        return "%s(%s)" % (_shown_name(self, datetime), args)

    def isoformat(self, sep="T", timespec="auto"):
        if not isinstance(sep, str) or len(sep) != 1:
            raise TypeError("isoformat() argument 1 must be a unicode character, not %s"
                            % type(sep).__name__)
        return ("%04d-%02d-%02d%s" % (self._year, self._month, self._day, sep)
                + _clock_text(self._hour, self._minute, self._second, self._microsecond,
                              timespec)
                + _offset_text(self.utcoffset(), ":"))

    def __str__(self):
        return self.isoformat(" ")

    def ctime(self):
        return "%s %s %2d %02d:%02d:%02d %04d" % (
            _ABBR_DAYS[self.weekday()], _ABBR_MONTHS[self._month], self._day, self._hour,
            self._minute, self._second, self._year)

    def strftime(self, format):
        return _strftime(self, format, self.timetuple())

    # -- comparison --

    def _other_fold_differs(self, offset):
        # True when flipping fold changes the UTC offset (the reading is ambiguous)
        flipped = self.replace(fold=1 - self._fold).utcoffset()
        return flipped != offset

    def _order(self, other, equality):
        """Sign of self - other; None for "unequal" (naive against aware, or an ambiguous
        reading across zones) when equality asks."""
        if self._tzinfo is other._tzinfo:
            a = (self._year, self._month, self._day, self._hour, self._minute, self._second,
                 self._microsecond)
            b = (other._year, other._month, other._day, other._hour, other._minute,
                 other._second, other._microsecond)
            return (a > b) - (a < b)
        a_off = self.utcoffset()
        b_off = other.utcoffset()
        if (a_off is None) != (b_off is None):
            if equality:
                return None
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        a = self._total_us()
        b = other._total_us()
        if a_off is not None:
            a -= a_off._us
            b -= b_off._us
        sign = (a > b) - (a < b)
        if sign == 0 and equality and a_off is not None:
            if self._other_fold_differs(a_off) or other._other_fold_differs(b_off):
                return None
        return sign

    def __eq__(self, other):
        if isinstance(other, datetime):
            return self._order(other, True) == 0
        if isinstance(other, date):
            return False
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, datetime):
            return self._order(other, True) != 0
        if isinstance(other, date):
            return True
        return NotImplemented

    def _refuse(self, other):
        raise TypeError("can't compare %s to %s" % (_qualified_type(self), _qualified_type(other)))

    def __lt__(self, other):
        if isinstance(other, datetime):
            return self._order(other, False) < 0
        if isinstance(other, date):
            self._refuse(other)
        return NotImplemented

    def __le__(self, other):
        if isinstance(other, datetime):
            return self._order(other, False) <= 0
        if isinstance(other, date):
            self._refuse(other)
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, datetime):
            return self._order(other, False) > 0
        if isinstance(other, date):
            self._refuse(other)
        return NotImplemented

    def __ge__(self, other):
        if isinstance(other, datetime):
            return self._order(other, False) >= 0
        if isinstance(other, date):
            self._refuse(other)
        return NotImplemented

    def __hash__(self):
        h = self._hash
        if h is None:
            base = self.replace(fold=0) if self._fold else self
            off = base.utcoffset()
            if off is None:
                h = hash(self._total_us())
            else:
                h = hash(self._total_us() - off._us)
            self._hash = h
        return h

    # -- arithmetic --

    def _plus(self, us):
        days, rest = divmod(self._total_us() + us, _US_PER_DAY)
        if days < 1 or days > _LAST_ORDINAL:
            raise OverflowError("date value out of range")
        secs, micro = divmod(rest, _US_PER_SECOND)
        hh, secs = divmod(secs, 3600)
        mm, ss = divmod(secs, 60)
        y, m, d = _from_ordinal(days)
        return _make_datetime(type(self), y, m, d, hh, mm, ss, micro, self._tzinfo)

    def __add__(self, other):
        if isinstance(other, timedelta):
            return self._plus(other._us)
        return NotImplemented

    def __radd__(self, other):
        if isinstance(other, timedelta):
            return self._plus(other._us)
        return NotImplemented

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self._plus(-other._us)
        if not isinstance(other, datetime):
            return NotImplemented
        diff = self._total_us() - other._total_us()
        if self._tzinfo is not other._tzinfo:
            a = self.utcoffset()
            b = other.utcoffset()
            if (a is None) != (b is None):
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            if a is not None:
                diff -= a._us - b._us
        return _delta(diff)

    def __reduce__(self):
        return (type(self), (self._year, self._month, self._day, self._hour, self._minute,
                             self._second, self._microsecond, self._tzinfo))


_DATE = date
_TIME = time

datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = _delta(1)


# ---- timezone ----------------------------------------------------------------------------

_NO_NAME = object()
_OFFSET_LIMIT = _US_PER_DAY        # |offset| must stay below one day


class timezone(tzinfo):
    """A tzinfo with a fixed offset from UTC and an optional name."""
    __slots__ = ("_offset", "_name")

    def __new__(cls, offset, name=_NO_NAME):
        if not isinstance(offset, timedelta):
            raise TypeError("timezone() argument 1 must be datetime.timedelta, not %s"
                            % type(offset).__name__)
        if name is _NO_NAME:
            if not offset._us:
                return _UTC
            name = None
        elif not isinstance(name, str):
            raise TypeError("timezone() argument 2 must be str, not %s" % type(name).__name__)
        if not -_OFFSET_LIMIT < offset._us < _OFFSET_LIMIT:
            raise ValueError("offset must be a timedelta strictly between "
                             "-timedelta(hours=24) and timedelta(hours=24),"
                             " not %r." % (offset,))
        return cls._raw(offset, name)

    @classmethod
    def _raw(cls, offset, name):
        obj = object.__new__(cls)
        obj._offset = offset
        obj._name = name
        return obj

    def _check_arg(self, dt, what):
        if dt is not None and not isinstance(dt, datetime):
            raise TypeError("%s(dt) argument must be a datetime instance or None, not %s"
                            % (what, _qualified_type(dt)))

    def utcoffset(self, dt):
        self._check_arg(dt, "utcoffset")
        return self._offset

    def dst(self, dt):
        self._check_arg(dt, "dst")
        return None

    def tzname(self, dt):
        self._check_arg(dt, "tzname")
        if self._name is not None:
            return self._name
        us = self._offset._us
        if not us:
            return "UTC"
        return "UTC" + _offset_text(self._offset, ":")

    def fromutc(self, dt):
        if not isinstance(dt, datetime):
            raise TypeError("fromutc: argument must be a datetime")
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        return dt + self._offset

    def __eq__(self, other):
        if isinstance(other, timezone):
            return self._offset == other._offset
        return NotImplemented

    def __hash__(self):
        return hash(self._offset)

    def __repr__(self):
        if self is _UTC:
            return "datetime.timezone.utc"
        cls = _shown_name(self, timezone)
        if self._name is None:
            return "%s(%r)" % (cls, self._offset)
        return "%s(%r, %r)" % (cls, self._offset, self._name)

    def __str__(self):
        return self.tzname(None)

    def __getinitargs__(self):
        if self._name is None:
            return (self._offset,)
        return (self._offset, self._name)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (type(self), self.__getinitargs__())


_UTC = timezone._raw(_ZERO, None)
timezone.utc = _UTC
timezone.min = timezone._raw(_delta(-(23 * 3600 + 59 * 60) * _US_PER_SECOND), None)
timezone.max = timezone._raw(_delta((23 * 3600 + 59 * 60) * _US_PER_SECOND), None)
UTC = _UTC
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)

# ---- strptime: a small backtracking matcher over the format's directives ----------

def _digits(s, i, lo, hi):
    # candidate ends for lo..hi digits at s[i:], longest first
    n = 0
    while n < hi and i + n < len(s) and s[i + n] in "0123456789":
        n += 1
    return [i + k for k in range(n, lo - 1, -1)] if n >= lo else []


def _ranged(lo, hi, width):
    # a number between lo and hi in 1..width digits (leading zeros allowed), as the
    # alternatives of _strptime's patterns try them: the widest match first
    def match(s, i):
        return [end for end in _digits(s, i, 1, width) if lo <= int(s[i:end]) <= hi]
    return match


def _ranged_d(s, i):
    # %d: 3[01]|[12]\d|0[1-9]|[1-9]| [1-9]
    out = _ranged(1, 31, 2)(s, i)
    if not out and s[i:i + 1] == " " and s[i + 1:i + 2] in "123456789" and s[i + 1:i + 2]:
        out.append(i + 2)
    return out


def _names(names):
    names = sorted([n.lower() for n in names if n], key=len, reverse=True)

    def match(s, i):
        low = s[i:i + 12].lower()
        return [i + len(n) for n in names if low.startswith(n)]
    return match


def _z_match(s, i):
    if s[i:i + 1] == "Z":
        return [i + 1]
    if s[i:i + 1] not in ("+", "-") or not s[i:i + 1]:
        return []
    j = i + 1
    if len(_digits(s, j, 2, 2)) == 0:
        return []
    j += 2
    out = []
    k = j + 1 if s[j:j + 1] == ":" else j
    if not (s[k:k + 1] and s[k] in "012345" and s[k + 1:k + 2] and s[k + 1] in "0123456789"):
        return []
    k += 2
    m = k + 1 if s[k:k + 1] == ":" else k
    if s[m:m + 1] and s[m] in "012345" and s[m + 1:m + 2] and s[m + 1] in "0123456789":
        e = m + 2
        if s[e:e + 1] == "." and _digits(s, e + 1, 1, 6):
            out.append(_digits(s, e + 1, 1, 6)[0])
        out.append(e)
    out.append(k)
    return out


def _iso_week_num(s, i):
    # %V: 01..53 in two digits, or any single digit (0 included)
    out = [end for end in _digits(s, i, 2, 2) if 1 <= int(s[i:end]) <= 53]
    if s[i:i + 1] and s[i] in "0123456789":
        out.append(i + 1)
    return out


def _tz_names():
    return ["utc", "gmt"] + [n.lower() for n in _time.tzname]


_DIRECTIVES = {
    "d": _ranged_d,
    "f": lambda s, i: _digits(s, i, 1, 6),
    "H": _ranged(0, 23, 2),
    "I": _ranged(1, 12, 2),
    "G": lambda s, i: _digits(s, i, 4, 4),
    "j": _ranged(1, 366, 3),
    "m": _ranged(1, 12, 2),
    "M": _ranged(0, 59, 2),
    "S": _ranged(0, 61, 2),
    "U": _ranged(0, 53, 2),
    "w": _ranged(0, 6, 1),
    "u": _ranged(1, 7, 1),
    "V": _iso_week_num,
    "W": _ranged(0, 53, 2),
    "y": lambda s, i: _digits(s, i, 2, 2),
    "Y": lambda s, i: _digits(s, i, 4, 4),
    "z": _z_match,
    "a": _names(_ABBR_DAYS),
    "A": _names(_LONG_DAYS),
    "b": _names(_ABBR_MONTHS[1:]),
    "B": _names(_LONG_MONTHS[1:]),
    "p": _names(["am", "pm"]),
    "Z": lambda s, i: _names(_tz_names())(s, i),
}

# composite directives of the C locale
# the C locale's composite directives
_COMPOSITE = {"c": "%a %b %d %H:%M:%S %Y", "x": "%m/%d/%y", "X": "%H:%M:%S"}
_WHITESPACE = " \t\n\r\f\v"
# characters CPython escapes before it looks up a directive: a '%' before one of them is
# reported as a bad '%' directive
_ESCAPED = "\\.^$*+?(){}[]|" + _WHITESPACE


def _compile_format(format, whole=None):
    """The format as a list of ("lit", char), ("ws", None) and ("dir", code) items."""
    whole = format if whole is None else whole
    items = []
    at = 0
    n = len(format)
    while at < n:
        c = format[at]
        if c in _WHITESPACE:
            while at < n and format[at] in _WHITESPACE:
                at += 1
            items.append(("ws", None))
            continue
        at += 1
        if c != "%":
            items.append(("lit", c))
            continue
        if at >= n:
            raise ValueError("stray %% in format '%s'" % whole)
        code = format[at]
        at += 1
        if code == "%":
            items.append(("lit", "%"))
        elif code in _COMPOSITE:
            items.extend(_compile_format(_COMPOSITE[code], whole))
        elif code in _DIRECTIVES:
            items.append(("dir", code))
        else:
            shown = "%" if code in _ESCAPED else code
            raise ValueError("'%s' is a bad directive in format '%s'" % (shown, whole))
    return items


def _match(items, k, s, i, pieces):
    """End of the first match of items[k:] at s[i:] (-1 for none). The directives' texts on
    the successful path are appended to pieces, last directive first."""
    if k == len(items):
        return i
    kind, arg = items[k]
    if kind == "lit":
        if s[i:i + 1] and s[i].lower() == arg.lower():
            return _match(items, k + 1, s, i + 1, pieces)
        return -1
    if kind == "ws":
        # one or more whitespace characters, as many as possible first
        j = i
        while j < len(s) and s[j] in " \t\n\r\f\v":
            j += 1
        while j > i:
            end = _match(items, k + 1, s, j, pieces)
            if end >= 0:
                return end
            j -= 1
        return -1
    for stop in _DIRECTIVES[arg](s, i):
        end = _match(items, k + 1, s, stop, pieces)
        if end >= 0:
            pieces.append((arg, s[i:stop]))
            return end
    return -1


def _index_of_name(names, text):
    low = text.lower()
    for k in range(len(names)):
        if names[k].lower() == low:
            return k
    raise ValueError("unknown name %r" % (text,))


class _Fields:
    """What a parsed string says, directive by directive (`d_<code>` methods). A directive
    later in the format overrides an earlier one that sets the same thing."""

    def __init__(self):
        self.year = None
        self.iso_year = None
        self.month = 1
        self.day = 1
        self.hour = 0
        self.twelve_hour = False
        self.minute = 0
        self.second = 0
        self.micro = 0
        self.weekday = None          # 0 = Monday
        self.yday = None
        self.week = None             # %U / %W number and the weekday it starts on
        self.week_starts = None
        self.iso_week = None
        self.dst_flag = -1
        self.offset = None           # seconds east of UTC, from %z
        self.offset_us = 0
        self.zone_name = None
        self.ampm = ""

    def d_Y(self, v):
        self.year = int(v)

    def d_y(self, v):
        n = int(v)
        self.year = n + (2000 if n < 69 else 1900)

    def d_G(self, v):
        self.iso_year = int(v)

    def d_m(self, v):
        self.month = int(v)

    def d_B(self, v):
        self.month = _index_of_name(_LONG_MONTHS[1:], v) + 1

    def d_b(self, v):
        self.month = _index_of_name(_ABBR_MONTHS[1:], v) + 1

    def d_d(self, v):
        self.day = int(v)

    def d_H(self, v):
        self.hour = int(v)
        self.twelve_hour = False

    def d_I(self, v):
        self.hour = int(v)
        self.twelve_hour = True

    def d_p(self, v):
        self.ampm = v.lower()

    def d_M(self, v):
        self.minute = int(v)

    def d_S(self, v):
        self.second = int(v)

    def d_f(self, v):
        self.micro = int((v + "00000")[:6])

    def d_A(self, v):
        self.weekday = _index_of_name(_LONG_DAYS, v)

    def d_a(self, v):
        self.weekday = _index_of_name(_ABBR_DAYS, v)

    def d_w(self, v):
        self.weekday = (int(v) + 6) % 7          # %w counts from Sunday

    def d_u(self, v):
        self.weekday = int(v) - 1

    def d_j(self, v):
        self.yday = int(v)

    def d_U(self, v):
        self.week = int(v)
        self.week_starts = 6                     # Sunday

    def d_W(self, v):
        self.week = int(v)
        self.week_starts = 0                     # Monday

    def d_V(self, v):
        self.iso_week = int(v)

    def d_z(self, v):
        if v == "Z":
            self.offset = 0
            self.offset_us = 0
            return
        body = v[1:]
        if body[2:3] == ":":
            # with colons, every separator must be one
            if len(body) > 5 and body[5] != ":":
                raise ValueError("Inconsistent use of : in %s" % v)
            body = body.replace(":", "")
        secs = int(body[0:2]) * 3600 + int(body[2:4]) * 60 + int(body[4:6] or 0)
        frac = body[7:]
        us = int((frac + "000000")[:6]) if frac else 0
        if v[0] == "-":
            secs, us = -secs, -us
        self.offset = secs
        self.offset_us = us

    def d_Z(self, v):
        self.zone_name = v
        low = v.lower()
        std, summer = _time.tzname[0].lower(), _time.tzname[1].lower()
        if low in (std, "utc", "gmt"):
            flag = 0
        elif low == summer:
            flag = 1
        else:
            return
        if std == summer and _time.daylight and low not in ("utc", "gmt"):
            return                               # the name cannot tell standard from DST
        self.dst_flag = flag


def _week_day_of_year(year, week, weekday, week_starts):
    """Day of year (1-based, may fall outside the year) of weekday in week `week` of a
    %U/%W calendar: week 1 starts on the year's first Sunday/Monday and week 0 is the
    week holding Jan 1."""
    jan1 = _ordinal(year, 1, 1)
    if week_starts == 6:                         # count days from Sunday
        first = (jan1 + 7) % 7
        weekday = (weekday + 1) % 7
    else:
        first = (jan1 + 6) % 7
    if week == 0:
        start = jan1 - first
    else:
        start = jan1 + (7 - first) % 7 + 7 * (week - 1)
    return start + weekday - jan1 + 1


def _strptime(data_string, format="%a %b %d %H:%M:%S %Y"):
    """((year, month, day, hour, minute, second, weekday, yday, isdst, zone name, gmtoff),
    microseconds, gmtoff microseconds) from data_string read with format."""
    items = _compile_format(format)
    pieces = []
    end = _match(items, 0, data_string, 0, pieces)
    if end < 0:
        raise ValueError("time data %r does not match format %r" % (data_string, format))
    if end != len(data_string):
        raise ValueError("unconverted data remains: %s" % data_string[end:])
    f = _Fields()
    for code, text in reversed(pieces):
        getattr(f, "d_" + code)(text)
    if f.twelve_hour:
        if f.ampm == "pm":
            if f.hour != 12:
                f.hour += 12
        elif f.hour == 12:
            f.hour = 0

    weekday_codes = "('%A', '%a', '%w', or '%u')"
    if f.year is None and f.iso_year is not None:
        if f.iso_week is None or f.weekday is None:
            raise ValueError("ISO year directive '%G' must be used with the ISO week directive "
                             "'%V' and a weekday directive " + weekday_codes + ".")
        if f.yday is not None:
            raise ValueError("Day of the year directive '%j' is not compatible with ISO year "
                             "directive '%G'. Use '%Y' instead.")
    elif f.iso_week is not None:
        if f.year is None or f.weekday is None:
            raise ValueError("ISO week directive '%V' must be used with the ISO year directive "
                             "'%G' and a weekday directive " + weekday_codes + ".")
        raise ValueError("ISO week directive '%V' is incompatible with the year directive "
                         "'%Y'. Use the ISO year '%G' instead.")

    year, month, day, yday = f.year, f.month, f.day, f.yday
    no_year_leap_day = year is None and month == 2 and day == 29
    if year is None:
        year = 1904 if no_year_leap_day else 1900   # a leap year, so Feb 29 passes
    if yday is None and f.weekday is not None:
        if f.week is not None:
            yday = _week_day_of_year(year, f.week, f.weekday, f.week_starts)
        elif f.iso_year is not None and f.iso_week is not None:
            n = _iso_week_one(f.iso_year) + (f.iso_week - 1) * 7 + f.weekday
            year, month, day = _from_ordinal(n)
        if yday is not None and yday < 1:
            year -= 1
            yday += 366 if _leap(year) else 365
    if yday is None:
        yday = _ordinal(year, month, day) - _ordinal(year, 1, 1) + 1
    else:
        year, month, day = _from_ordinal(_ordinal(year, 1, 1) + yday - 1)
    weekday = f.weekday
    if weekday is None:
        weekday = (_ordinal(year, month, day) + 6) % 7
    if no_year_leap_day:
        year = 1900
    return ((year, month, day, f.hour, f.minute, f.second, weekday, yday, f.dst_flag,
             f.zone_name, f.offset), f.micro, f.offset_us)


def _strptime_datetime(cls, data_string, format="%a %b %d %H:%M:%S %Y"):
    """cls built from what data_string says in format (an aware one when %z was given)."""
    for pos, arg in ((1, data_string), (2, format)):
        if not isinstance(arg, str):
            raise TypeError("strptime() argument %d must be str, not %s"
                            % (pos, type(arg).__name__))
    fields, micro, offset_us = _strptime(data_string, format)
    args = list(fields[:6]) + [micro]
    name, offset = fields[9], fields[10]
    if offset is not None:
        delta = _delta(offset * _US_PER_SECOND + offset_us)
        args.append(timezone(delta, name) if name else timezone(delta))
    return cls(*args)
