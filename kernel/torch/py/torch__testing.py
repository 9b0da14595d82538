"""torch.testing: assert_close (and the deprecated assert_allclose) with PyTorch's rules and
messages: default tolerances per dtype, attribute checks (shape, device, dtype, stride), and
sequences and mappings compared item by item."""
import math
import warnings
import torch

__all__ = ["assert_close", "assert_allclose"]

_DTYPE_PRECISIONS = {
    torch.float16: (0.001, 1e-5),
    torch.bfloat16: (0.016, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
    torch.complex64: (1.3e-6, 1e-5),
    torch.complex128: (1e-7, 1e-7),
}


class _ErrorMeta(Exception):
    """A comparison failure: the exception type to raise, its message and the item path."""

    def __init__(self, type, msg, id=()):
        super().__init__(msg)
        self.type = type
        self.msg = msg
        self.id = id

    def to_error(self, msg=None):
        if not isinstance(msg, str):
            generated = self.msg
            if self.id:
                generated += "\n\nThe failure occurred for item %s" % "".join(str([item]) for item in self.id)
            msg = msg(generated) if callable(msg) else generated
        return self.type(msg)


class _Unsupported(Exception):
    pass


def default_tolerances(*inputs):
    rtols, atols = [], []
    for x in inputs:
        dt = x.dtype if isinstance(x, torch.Tensor) else x
        r, a = _DTYPE_PRECISIONS.get(dt, (0.0, 0.0))
        rtols.append(r)
        atols.append(a)
    return max(rtols), max(atols)


def _tolerances(*dtypes, rtol, atol, id=()):
    if (rtol is None) != (atol is None):
        raise _ErrorMeta(ValueError, "Both 'rtol' and 'atol' must be either specified or omitted, but got no %s."
                         % ("rtol" if rtol is None else "atol"), id)
    if rtol is not None:
        return rtol, atol
    return default_tolerances(*dtypes)


def _diff_msg(kind, diff, idx, tol, equality):
    if idx is None:
        m = "%s difference: %s" % (kind.title(), diff)
    else:
        m = "Greatest %s difference: %s at index %s" % (kind, diff, idx)
    if not equality:
        m += " (up to %s allowed)" % (tol,)
    return m + "\n"


def _mismatch_msg(default, identifier, extra, abs_diff, abs_idx, atol, rel_diff, rel_idx, rtol):
    equality = rtol == 0 and atol == 0
    if identifier is None:
        identifier = default
    elif callable(identifier):
        identifier = identifier(default)
    msg = "%s are not %s!\n\n" % (identifier, "equal" if equality else "close")
    if extra:
        msg += extra.strip() + "\n"
    msg += _diff_msg("absolute", abs_diff, abs_idx, atol, equality)
    msg += _diff_msg("relative", rel_diff, rel_idx, rtol, equality)
    return msg.strip()


def _scalar_msg(actual, expected, rtol, atol, identifier=None):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch_msg("Scalars", identifier, "Expected %s but got %s." % (expected, actual),
                         abs_diff, None, atol, rel_diff, None, rtol)


def _unravel(flat, shape):
    if not shape:
        return ()
    out = []
    for size in reversed(tuple(shape)):
        flat, mod = divmod(flat, size)
        out.append(mod)
    return tuple(reversed(out))


def _tensor_msg(actual, expected, matches, rtol, atol):
    n = matches.numel()
    bad = n - int(torch.sum(matches))
    extra = "Mismatched elements: %d / %d (%s)" % (bad, n, "{:.1%}".format(bad / n))
    a = actual.flatten()
    e = expected.flatten()
    m = matches.flatten()
    if not actual.dtype.is_floating_point and not actual.dtype.is_complex:
        a = a.to(torch.int64)
        e = e.to(torch.int64)
    abs_diff = torch.abs(a - e)
    abs_diff[m] = 0
    max_abs, max_abs_i = torch.max(abs_diff, 0)
    rel_diff = abs_diff / torch.abs(e)
    rel_diff[m] = 0
    max_rel, max_rel_i = torch.max(rel_diff, 0)
    return _mismatch_msg("Tensor-likes", None, extra, max_abs.item(), _unravel(int(max_abs_i), matches.shape), atol,
                         max_rel.item(), _unravel(int(max_rel_i), matches.shape), rtol)


class _Pair:
    def __init__(self, actual, expected, id):
        self.actual = actual
        self.expected = expected
        self.id = id

    def _fail(self, msg, type=AssertionError):
        raise _ErrorMeta(type, msg, self.id)


class _NonePair(_Pair):
    def __init__(self, actual, expected, id, **options):
        if not (actual is None or expected is None):
            raise _Unsupported
        _Pair.__init__(self, actual, expected, id)

    def compare(self):
        if not (self.actual is None and self.expected is None):
            self._fail("None mismatch: %s is not %s" % (self.actual, self.expected))


def _is_np_bool(x):
    return type(x).__name__ == "bool" and type(x).__module__ == "numpy"


def _is_np_number(x):
    return type(x).__module__ == "numpy" and hasattr(x, "item") and not hasattr(x, "ndim") or \
        (type(x).__module__ == "numpy" and getattr(x, "ndim", 1) == 0 and not isinstance(x, torch.Tensor)
         and type(x).__name__ != "ndarray")


class _BooleanPair(_Pair):
    def __init__(self, actual, expected, id, **options):
        ok = lambda x: isinstance(x, bool) or _is_np_bool(x)
        if not (ok(actual) and ok(expected)):
            raise _Unsupported
        _Pair.__init__(self, bool(actual), bool(expected), id)

    def compare(self):
        if self.actual is not self.expected:
            self._fail("Booleans mismatch: %s is not %s" % (self.actual, self.expected))


_TYPE_TO_DTYPE = {int: torch.int64, float: torch.float64, complex: torch.complex128}


class _NumberPair(_Pair):
    def __init__(self, actual, expected, id, rtol=None, atol=None, equal_nan=False, check_dtype=False, **options):
        def num(x):
            if type(x) in (int, float, complex):
                return x
            if _is_np_number(x) and not _is_np_bool(x):
                return x.item()
            raise _Unsupported
        actual, expected = num(actual), num(expected)
        _Pair.__init__(self, actual, expected, id)
        self.rtol, self.atol = _tolerances(_TYPE_TO_DTYPE[type(actual)], _TYPE_TO_DTYPE[type(expected)],
                                           rtol=rtol, atol=atol, id=id)
        self.equal_nan = equal_nan
        self.check_dtype = check_dtype

    def compare(self):
        a, e = self.actual, self.expected
        if self.check_dtype and type(a) is not type(e):
            self._fail("The (d)types do not match: %s != %s." % (type(a), type(e)))
        if a == e:
            return
        nan = lambda x: x != x
        if self.equal_nan and nan(a) and nan(e):
            return
        abs_diff = abs(a - e)
        tol = self.atol + self.rtol * abs(e)
        finite = not (abs_diff != abs_diff or abs_diff == float("inf"))
        if finite and abs_diff <= tol:
            return
        self._fail(_scalar_msg(a, e, self.rtol, self.atol))


class _TensorLikePair(_Pair):
    def __init__(self, actual, expected, id, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, **options):
        related = isinstance(actual, type(expected)) or isinstance(expected, type(actual))
        if not related:
            raise _Unsupported
        if not allow_subclasses and type(actual) is not type(expected):
            raise _Unsupported
        actual, expected = self._to_tensor(actual), self._to_tensor(expected)
        _Pair.__init__(self, actual, expected, id)
        self.rtol, self.atol = _tolerances(actual.dtype, expected.dtype, rtol=rtol, atol=atol, id=id)
        self.equal_nan = equal_nan
        self.check_device = check_device
        self.check_dtype = check_dtype
        self.check_stride = check_stride

    @staticmethod
    def _to_tensor(x):
        if isinstance(x, torch.Tensor):
            return x
        try:
            return torch.as_tensor(x)
        except Exception:
            raise _Unsupported

    def _mismatch(self, name, a, e):
        self._fail("The values for attribute '%s' do not match: %s != %s." % (name, a, e))

    def compare(self):
        a, e = self.actual, self.expected
        if a.shape != e.shape:
            self._mismatch("shape", a.shape, e.shape)
        if self.check_stride and a.stride() != e.stride():
            self._mismatch("stride()", a.stride(), e.stride())
        if self.check_device and a.device != e.device:
            self._mismatch("device", a.device, e.device)
        if self.check_dtype and a.dtype != e.dtype:
            self._mismatch("dtype", a.dtype, e.dtype)
        if a.device != e.device:
            a, e = a.cpu(), e.cpu()
        if a.dtype != e.dtype:
            dt = torch.promote_types(a.dtype, e.dtype)
            a, e = a.to(dt), e.to(dt)
        matches = torch.isclose(a, e, rtol=self.rtol, atol=self.atol, equal_nan=self.equal_nan)
        if bool(torch.all(matches)):
            return
        if a.shape == torch.Size([]):
            self._fail(_scalar_msg(a.item(), e.item(), self.rtol, self.atol))
        self._fail(_tensor_msg(a, e, matches, self.rtol, self.atol))


_PAIR_TYPES = (_NonePair, _BooleanPair, _NumberPair, _TensorLikePair)


def _is_sequence(x):
    return isinstance(x, (list, tuple)) and not isinstance(x, str)


def _originate(actual, expected, id, options):
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            raise _ErrorMeta(AssertionError, "The length of the sequences mismatch: %d != %d"
                             % (len(actual), len(expected)), id)
        pairs = []
        for i in range(len(actual)):
            pairs.extend(_originate(actual[i], expected[i], id + (i,), options))
        return pairs
    if isinstance(actual, dict) and isinstance(expected, dict):
        ak, ek = set(actual.keys()), set(expected.keys())
        if ak != ek:
            raise _ErrorMeta(AssertionError, "The keys of the mappings do not match:\n"
                             "Missing keys in the actual mapping: %s\nAdditional keys in the actual mapping: %s"
                             % (sorted(ek - ak), sorted(ak - ek)), id)
        keys = list(ak)
        try:
            keys = sorted(keys)
        except Exception:
            pass
        pairs = []
        for k in keys:
            pairs.extend(_originate(actual[k], expected[k], id + (k,), options))
        return pairs
    for pt in _PAIR_TYPES:
        try:
            return [pt(actual, expected, id, **options)]
        except _Unsupported:
            continue
    raise _ErrorMeta(TypeError, "No comparison pair was able to handle inputs of type %s and %s."
                     % (type(actual), type(expected)), id)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Asserts that actual and expected are close."""
    options = dict(allow_subclasses=allow_subclasses, rtol=rtol, atol=atol, equal_nan=equal_nan,
                   check_device=check_device, check_dtype=check_dtype, check_layout=check_layout,
                   check_stride=check_stride)
    try:
        pairs = _originate(actual, expected, (), options)
    except _ErrorMeta as em:
        raise em.to_error()
    for pair in pairs:
        try:
            pair.compare()
        except _ErrorMeta as em:
            raise em.to_error(msg)


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated since PyTorch 1.12: assert_close with the old defaults."""
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed in a future "
                  "release. Please use `torch.testing.assert_close()` instead. You can find detailed upgrade "
                  "instructions in https://github.com/pytorch/pytorch/issues/61844.", FutureWarning)
    if not isinstance(actual, torch.Tensor):
        actual = torch.tensor(actual)
    if not isinstance(expected, torch.Tensor):
        expected = torch.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = default_tolerances(actual, expected)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True,
                 check_dtype=False, check_stride=False, msg=msg or None)
