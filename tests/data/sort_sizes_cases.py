"""Inputs of tests/py/test_sort_sizes.py, made by integer arithmetic and exact float steps so
that tensorkernel's numpy and real NumPy build the same bits: lines of lengths on either side
of np.sort's algorithm changes (insertion sort below 48, the most-significant-digit radix
sort's leaves of 16 and its 8192-key limit for 32-bit types, 11-bit LSD digits from 65536,
threads from 131072), with NaNs of both signs, -0.0 and 0.0, infinities, subnormals, long
runs of duplicates, sorted and reversed lines, and clustered and full-range keys.
Read by gen_sort_sizes.py (the oracle) and by the test (tensorkernel); uses numpy only."""
import numpy as np

SIZES = (1, 2, 3, 15, 16, 17, 33, 47, 48, 49, 100, 1000, 4097, 8191, 8192, 8193, 65535, 65536, 131071, 131072)


def hashes(n, seed):
    """Two pseudo-random int64 arrays in [0, 2**31 - 1) (a Lehmer step over a Weyl sequence)."""
    i = np.arange(n, dtype=np.int64)
    h = (i * 2654435761 + seed) % 2147483647 * 48271 % 2147483647
    return h, h * 16807 % 2147483647


def cases():
    """(name, array) pairs."""
    for n in SIZES:
        h, g = hashes(n, 12345 + n)
        wide = (h - 2**30) / 2.0 ** (g % 80)  # exponents spread over 80 binades
        nan = np.where(h % 2 == 0, np.nan, 1.0)
        special = np.where(g % 9 == 0, nan, np.where(g % 9 == 1, -nan, wide))
        special = np.where(g % 9 == 2, 0.0, np.where(g % 9 == 3, -0.0, special))
        special = np.where(g % 9 == 4, np.inf, np.where(g % 9 == 5, -np.inf, special))
        special = np.where(g % 9 == 6, 5e-324 * (h % 7 - 3), special)  # subnormals
        unit = h / 2.0**31  # in [0, 1): floats sharing their exponents' high bits
        yield "f64wide%d" % n, wide
        yield "f64special%d" % n, special
        yield "f64unit%d" % n, unit
        yield "f64dup%d" % n, (h % 5 - 2) * 0.5 + np.where(g % 3 == 0, -0.0, 0.0)
        yield "f64sorted%d" % n, np.arange(n, dtype=np.int64) * 0.25 - n / 8
        yield "f64reversed%d" % n, -(np.arange(n, dtype=np.int64) * 0.25) + n / 8
        yield "f64zeros%d" % n, np.where(h % 2 == 0, -0.0, 0.0)
        yield "f32wide%d" % n, wide.astype(np.float32)
        yield "f32special%d" % n, special.astype(np.float32)
        yield "f32unit%d" % n, unit.astype(np.float32)
        yield "f32reversed%d" % n, (-(np.arange(n, dtype=np.int64) * 0.25) + n / 8).astype(np.float32)
        yield "i64full%d" % n, (h - 2**30) * 2**32 + g * 2 + h % 2
        yield "i64narrow%d" % n, h - 2**30
        yield "i64dup%d" % n, (g % 4 - 2) * 2**40
        yield "i64sorted%d" % n, np.arange(n, dtype=np.int64) * 3 - n
        yield "i32full%d" % n, (h * 2 + g % 2 - 2**31).astype(np.int32)
        yield "i32dup%d" % n, (g % 7).astype(np.int32)
        yield "i32reversed%d" % n, (n - np.arange(n, dtype=np.int64)).astype(np.int32)
