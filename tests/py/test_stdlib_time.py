"""Differential tests of the time module's calendar functions (kernel/objects/mod_time.c:
gmtime, localtime, mktime, asctime, ctime, strftime, struct_time, timezone/tzname) against
CPython 3.11: each program runs in the kernel and in python3 with the same TZ and must print
the same and end with the same exception line. Seeded random timestamps and time tuples
cover the conversions and every strftime directive in several time zones. (That an
interrupt stops time.sleep is checked with the other interrupts, test_reliability.py.)"""
import os
import sys

import pytest

from cpython_diff import assert_same

pytestmark = pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                reason="the oracle is CPython 3.11")

ZONES = ["UTC", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Berlin"]

PROG_BASICS = r"""
import time
t = time.struct_time((2024, 1, 2, 3, 4, 5, 6, 7, 0))
print(t, t.tm_zone, t.tm_gmtoff, len(t), t[0], t[-1], t[1:3], type(t), time.struct_time.__name__)
print(t.tm_year, t.tm_isdst, t.n_fields, t.n_sequence_fields, t == tuple(t), t < (2025,), list(t)[:3])
print(time.struct_time((2024, 1, 2, 3, 4, 5, 6, 7, 0, 'X', 3600)).tm_zone, hash(t) == hash(tuple(t)))
print(time.gmtime(0), time.gmtime(0).tm_zone, time.gmtime(0).tm_gmtoff, time.gmtime(-1.5))
print(time.asctime(time.gmtime(0)), time.strftime('%Z %z', time.gmtime(0)), repr(time.strftime('')))
print(time.strftime('%a %b %d %j %U %W %c %x %X %% %y %G %V %u %w %e %I %p %M %S', time.gmtime(1e9)))
print(time.timezone, time.altzone, time.tzname, time.daylight)
lt = time.localtime(1e9)
print(lt, lt.tm_zone, lt.tm_gmtoff, time.mktime(lt), time.ctime(1e9), time.strftime('%c %Z %z', lt))
print(time.strftime('%Z %z', tuple(lt)), time.asctime(lt), time.mktime((2024, 6, 1, 12, 0, 0, 0, 0, -1)))
print(time.mktime((2024, 13, 40, 12, 0, 0, 0, 0, -1)), time.mktime((2024, 3, 31, 2, 30, 0, 0, 0, -1)))
print(type(time.time_ns()), type(time.perf_counter_ns()), type(time.monotonic_ns()), type(time.process_time()))
print(abs(time.time_ns() / 1e9 - time.time()) < 5, time.localtime().tm_year >= 2024)
for bad in [(2024, 1, 1, 24, 0, 0, 0, 1, 0), (2024, 1, 32, 0, 0, 0, 0, 1, 0), (2024, 1, 1, 0, 0, 62, 0, 1, 0),
            (2024, 1, 1, 0, 0, 0, -1, 1, 0), (2024, 1, 1, 0, 0, 0, -2, 1, 0), (2024, 1, 1, 0, 0, 0, 0, 367, 0),
            (2024, 0, 0, 0, 0, 0, 0, 0, 0), (2024, 1, 1, 0, 0, 0, 0, 1, 5), (2024, 13, 1, 0, 0, 0, 0, 1, 0),
            (2024, 1, 1, 0, 60, 0, 0, 1, 0)]:
    try:
        print(time.strftime('%Y-%m-%d %H %j %a', bad), time.asctime(bad))
    except Exception as e:
        print(type(e).__name__, e)
for f in [lambda: time.struct_time((1, 2, 3)), lambda: time.strftime('%Y', (1, 2, 3)),
          lambda: time.strftime('%Y', [2024, 1, 1, 0, 0, 0, 0, 1, 0]), lambda: time.strftime(3),
          lambda: time.gmtime('x'), lambda: time.gmtime(1e30), lambda: time.mktime((1, 2, 3)),
          lambda: time.gmtime(float('nan')), lambda: time.mktime(5), lambda: time.struct_time(5),
          lambda: time.gmtime(2 ** 70), lambda: time.strftime('%Y', (2024, 1, 1, 0, 0, 0.5, 0, 1, 0)),
          lambda: time.strftime('%Y', (2024, 1, 1, 0, 0, 'x', 0, 1, 0)), lambda: time.sleep(-1),
          lambda: time.sleep('x'), lambda: setattr(t, 'tm_year', 1)]:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
"""

PROG_RANDOM = r"""
import random, time
random.seed(%d)
directives = 'aAbBcdHIjmMpSUwWxXyYZz%%GuVe'
for i in range(150):
    secs = random.randint(-2 * 10 ** 9, 4 * 10 ** 9) + random.choice([0, 0.25, 0.5, 0.999])
    g = time.gmtime(secs)
    l = time.localtime(secs)
    fmt = ' '.join('%%' + random.choice(directives) for _ in range(4))
    print(g, l, l.tm_zone, l.tm_gmtoff, time.mktime(l), time.asctime(g), time.ctime(secs))
    print(repr(time.strftime(fmt, g)), repr(time.strftime(fmt, l)), repr(time.strftime(fmt, tuple(l))))
    tup = (random.randint(1900, 2100), random.randint(1, 12), random.randint(1, 28), random.randint(0, 23),
           random.randint(0, 59), random.randint(0, 61), random.randint(0, 6), random.randint(1, 366), random.randint(-1, 1))
    print(time.mktime(tup), time.strftime(fmt, tup), time.asctime(tup))
"""


def test_time_basics():
    for tz in ZONES:
        os.environ["TZ"] = tz
        try:
            assert_same(PROG_BASICS)
        finally:
            del os.environ["TZ"]


@pytest.mark.parametrize("seed", [1, 2])
def test_time_random(seed):
    for tz in ZONES[:4] if seed == 1 else ZONES[1:]:
        os.environ["TZ"] = tz
        try:
            assert_same(PROG_RANDOM % seed)
        finally:
            del os.environ["TZ"]

