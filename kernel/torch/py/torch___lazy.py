"""torch._lazy: the names torch_extras defines (functions composed in Python), as stubs that
load it on first use, so that `import torch` stays small. Loading replaces each stub on
torch by the function; a stub kept elsewhere (`from torch import hstack`) forwards to it.
The Tensor methods of torch_extras load the same way, on the first method lookup that the
C methods do not answer. tests/py/test_tensor_api.py checks that NAMES lists every name
torch_extras adds."""
import torch


def _load():
    import torch_extras
    return torch_extras


class _Stub:
    """torch.<name> before torch_extras is loaded."""

    def __init__(self, name):
        self.__name__ = name

    def _target(self):
        _load()
        return getattr(self._owner(), self.__name__)

    def _owner(self):
        return torch


    def __call__(self, *args, **kwargs):
        return self._target()(*args, **kwargs)

    def __getattr__(self, attr):
        if attr.startswith("__"):  # special names are the stub's own (calls look up __call__)
            raise AttributeError(attr)
        return getattr(self._target(), attr)

    def __repr__(self):
        return repr(self._target())


class _LinalgStub(_Stub):
    """torch.linalg.<name> before torch_extras is loaded."""

    def _owner(self):
        return torch.linalg


NAMES = """
BFloat16Tensor BoolTensor ByteTensor CharTensor DoubleTensor FloatTensor HalfTensor
IntTensor LongTensor ShortTensor TypedStorage UntypedStorage absolute acosh addbmm addcdiv
addcmul addmv addr alpha_dropout arccosh arcsinh arctanh
are_deterministic_algorithms_enabled asinh atanh atleast_1d atleast_2d atleast_3d
bitwise_left_shift bitwise_not bitwise_right_shift block_diag broadcast_shapes
broadcast_tensors bucketize can_cast cartesian_prod cdist chain_matmul clamp_ clamp_max
clamp_max_ clamp_min clamp_min_ clip_ column_stack compile copysign corrcoef cov
cumulative_trapezoid deg2rad deg2rad_ diagflat diff digamma dist dropout dropout_ dsplit
dstack erfc erfc_ erfinv erfinv_ exp2 exp2_ feature_dropout finfo float_power fmax fmin gcd
get_default_device get_num_threads greater greater_equal heaviside hsplit hstack hypot iinfo
index_copy index_put inner is_nonzero is_storage isneginf isposinf lcm ldexp less
less_equal lgamma logaddexp logaddexp2 logcumsumexp logical_xor logit logit_ logspace
nanmedian nanquantile narrow_copy not_equal positive rad2deg rad2deg_ random
ravel renorm result_type row_stack round_ rsub searchsorted select set_num_threads sgn_ signbit
sinc std_mean take_along_dim trapezoid trapz tril_indices triu_indices typename unflatten
unravel_index use_deterministic_algorithms vander var_mean vdot vsplit vstack xlogy
"""
LINALG_NAMES = """
diagonal multi_dot vander vecdot
"""

# (membership in the module dicts, not hasattr: no AttributeError made per name)
_d = torch.__dict__
for _n in NAMES.split():
    if _n not in _d:
        setattr(torch, _n, _Stub(_n))
_d = torch.linalg.__dict__
for _n in LINALG_NAMES.split():
    if _n not in _d:
        setattr(torch.linalg, _n, _LinalgStub(_n))
del _d
_registry = torch._tensor_method_loader(_load)
