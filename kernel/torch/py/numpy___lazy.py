"""numpy._lazy: the names numpy_extras defines (functions composed in Python), as stubs that
load it on first use, so that `import numpy` stays small (as torch._lazy for torch). The
ndarray methods of numpy_extras load on the first method lookup the C methods do not
answer. tests/py/test_tensor_api.py checks that NAMES lists every name numpy_extras adds."""
import numpy as np
import torch


def _load():
    import numpy_extras
    return numpy_extras


class _Stub:
    """numpy.<name> before numpy_extras is loaded."""

    def __init__(self, name):
        self.__name__ = name

    def _target(self):
        _load()
        return getattr(np, self.__name__)

    def __call__(self, *args, **kwargs):
        return self._target()(*args, **kwargs)

    def __getattr__(self, attr):
        if attr.startswith("__"):  # special names are the stub's own (calls look up __call__)
            raise AttributeError(attr)
        return getattr(self._target(), attr)

    def __repr__(self):
        return repr(self._target())


NAMES = """
add allclose amax amin arccos arcsin arctan arctan2 argsort argwhere around array_equal
array_split atleast_1d atleast_2d average bincount broadcast_to clip column_stack
concatenate copysign corrcoef cosh count_nonzero cov cross cumprod cumsum deg2rad degrees
diag diff digitize divide einsum empty_like exp2 expand_dims expm1 flip floor_divide fmax
fmin full_like heaviside histogram hstack hypot identity inner interp isclose isfinite isin
isinf isnan isscalar kron linalg log1p logaddexp logical_and logical_not logical_or
logical_xor logspace maximum median meshgrid minimum mod moveaxis multiply nan_to_num nanmax
nanmean nanmin nansum ndim nonzero outer pad percentile power ptp quantile rad2deg radians
ravel reciprocal remainder repeat rint roll round row_stack searchsorted shape signbit sinc
sinh size sort split squeeze stack std subtract swapaxes take tan tensordot tile trace tril
tril_indices triu triu_indices true_divide trunc unique var vdot vstack where
"""

# (membership in the module dict, not hasattr: no AttributeError made per name)
_d = np.__dict__
for _n in NAMES.split():
    if _n not in _d:
        setattr(np, _n, _Stub(_n))
del _d
_registry = torch._tensor_method_loader(_load, True)
