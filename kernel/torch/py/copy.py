"""copy: shallow and deep copies (copy.copy, copy.deepcopy), as Python's copy module for the
values notebooks copy: containers, instances of user classes (torch.nn modules included)
and tensors (a deep copy of a tensor clones its data, keeps requires_grad and copies .grad,
as Tensor.__deepcopy__ does)."""
import torch


class Error(Exception):
    pass


_module_type = type(torch)
_atomic = (type(None), int, float, bool, str, type(len), type, range, _module_type)


def _is_instance(x):
    return hasattr(x, '__dict__') and not isinstance(x, (type, _module_type)) and \
        type(x).__module__ != 'builtins'


def copy(x):
    cls = type(x)
    if isinstance(x, _atomic) or callable(x) and not _is_instance(x):
        return x
    if cls is list:
        return list(x)
    if cls is dict:
        return dict(x)
    if cls is tuple:
        return x
    if hasattr(x, '__copy__'):
        return x.__copy__()
    if isinstance(x, torch.Tensor):
        return x
    if _is_instance(x):
        new = object.__new__(cls)
        for k, v in x.__dict__.items():
            object.__setattr__(new, k, v)
        return new
    if hasattr(x, 'copy'):
        return x.copy()
    return x


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if isinstance(x, _atomic) or (callable(x) and not _is_instance(x) and not isinstance(x, torch.Tensor)):
        return x
    if isinstance(x, torch.Tensor):
        if not x.is_leaf:
            raise RuntimeError('Only Tensors created explicitly by the user (graph leaves) support '
                               'the deepcopy protocol at the moment.  If you were attempting to '
                               'deepcopy a module, this may be because of a torch.nn.utils.weight_norm '
                               'usage, see https://github.com/pytorch/pytorch/pull/103001')
        with torch.no_grad():
            data = x.clone()
        if isinstance(x, torch._Parameter):
            y = torch._Parameter(data, x.requires_grad)
        else:
            y = data.requires_grad_(x.requires_grad) if x.requires_grad else data
        if x.grad is not None:
            y.grad = deepcopy(x.grad, memo)
        memo[key] = y
        return y
    if cls is list:
        y = []
        memo[key] = y
        for v in x:
            y.append(deepcopy(v, memo))
        return y
    if cls is tuple:
        y = tuple(deepcopy(v, memo) for v in x)
        memo[key] = y
        return y
    if cls is dict:
        y = {}
        memo[key] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
        return y
    if hasattr(x, '__deepcopy__'):
        y = x.__deepcopy__(memo)
        memo[key] = y
        return y
    if _is_instance(x):
        y = object.__new__(cls)
        memo[key] = y
        for k, v in x.__dict__.items():
            object.__setattr__(y, k, deepcopy(v, memo))
        return y
    if hasattr(x, 'copy'):
        y = x.copy()
        memo[key] = y
        return y
    return x
