"""torch.nn.functional: the functional forms of the layers and losses, over torch's C ops."""
import math
import torch


def _named(t, name):
    """The result of a composed op, with the grad_fn name of PyTorch's fused op."""
    return torch._grad_fn_as(t, name)


def linear(input, weight, bias=None):
    if bias is not None and input.dim() == 2:
        return torch.addmm(bias, input, weight.t())
    out = input.matmul(weight.t())
    if bias is not None:
        out = out + bias
    return out


def relu(input, inplace=False):
    return input.relu_() if inplace else torch.relu(input)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


_KERNEL_TITLE = {torch.bool: "Bool", torch.uint8: "Byte", torch.int8: "Char", torch.int16: "Short",
                 torch.int32: "Int", torch.int64: "Long"}


def _float_kernel(input, kernel):
    """PyTorch's error for an integer input to a floating-point-only CPU kernel."""
    if input.dtype in _KERNEL_TITLE:
        raise NotImplementedError('"%s" not implemented for \'%s\'' % (kernel, _KERNEL_TITLE[input.dtype]))


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError('min_val cannot be greater than max_val')
    if input.dtype == torch.bool:
        raise NotImplementedError('Bool inputs not supported for hardtanh')
    out = torch._act('hardtanh', input, min_val, max_val, inplace)
    if out is not None:
        return out
    if inplace or not input.is_floating_point():
        if not input.is_floating_point():  # integral bounds keep the integer dtype
            min_val, max_val = [int(v) if float(v).is_integer() else v for v in (min_val, max_val)]
        return input.clamp_(min_val, max_val) if inplace else input.clamp(min_val, max_val)
    # PyTorch's gradient is 1 strictly inside (min_val, max_val) and 0 at the ends
    inside = (input > min_val) & (input < max_val)
    out = torch.where(inside, input, input.detach().clamp(min_val, max_val))
    return _named(out, 'HardtanhBackward0')


def leaky_relu(input, negative_slope=0.01, inplace=False):
    out = torch._act('leaky_relu', input, negative_slope, 0.0, inplace)
    if out is not None:
        return out
    _float_kernel(input, 'leaky_relu_cpu')
    out = torch.where(input > 0, input, input * negative_slope)
    if inplace:
        return input.copy_(out)
    return _named(out, 'LeakyReluBackward0')


def _fused(name, input, inplace=False):
    """The activation's C kernel (PyTorch's formula and rounding, its grad_fn)."""
    out = torch._unary(name, input)
    return input.copy_(out) if inplace else out


def elu(input, alpha=1.0, inplace=False):
    if alpha == 1.0 and input.is_floating_point():
        return _fused('elu', input, inplace)
    out = torch.where(input > 0, input, alpha * (torch.exp(input) - 1))
    if inplace:
        return input.copy_(out)
    return _named(out, 'EluBackward0')


def selu(input, inplace=False):
    return _fused('selu', input, inplace)


def gelu(input, approximate='none'):
    if approximate not in ('none', 'tanh'):
        raise RuntimeError('approximate argument must be either none or tanh.')
    _float_kernel(input, 'GeluKernelImpl')
    if input.is_floating_point():
        return _fused('gelu' if approximate == 'none' else 'gelu_tanh', input)
    if approximate == 'tanh':
        out = 0.5 * input * (1 + torch.tanh(0.7978845608028654 * (input + 0.044715 * input ** 3)))
    else:
        out = 0.5 * input * (1 + torch.erf(input * 0.7071067811865476))
    return _named(out, 'GeluBackward0')


def silu(input, inplace=False):
    if input.is_floating_point():
        return _fused('silu', input, inplace)
    return _named(input * torch.sigmoid(input), 'SiluBackward0')


def mish(input, inplace=False):
    return _fused('mish', input, inplace)


def logsigmoid(input):
    return _fused('log_sigmoid', input)


def sigmoid(input):
    return torch.sigmoid(input)


def tanh(input):
    return torch.tanh(input)


def softplus(input, beta=1.0, threshold=20.0):
    if beta == 1.0 and threshold == 20.0 and input.is_floating_point():
        return _fused('softplus', input)
    scaled = input * beta
    return _named(torch.where(scaled > threshold, input, torch.log1p(torch.exp(scaled)) / beta),
                  'SoftplusBackward0')


def _softmax_dim(ndim):
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is not None:
        input = input.to(dtype)
    return input.softmax(dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is not None:
        input = input.to(dtype)
    return input.log_softmax(dim)


def dropout(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    return _dropout_impl(input, p, training, inplace, False, False)


def one_hot(tensor, num_classes=-1):
    if tensor.dtype != torch.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if num_classes == -1:
        num_classes = int(tensor.max().item()) + 1 if tensor.numel() else 0
    out = torch.zeros(tuple(tensor.shape) + (num_classes,), dtype=torch.int64, device=tensor.device)
    try:
        return out.scatter_(-1, tensor.unsqueeze(-1), 1)
    except RuntimeError:  # a class outside [0, num_classes), in PyTorch's words
        if tensor.numel() and tensor.min() < 0:
            raise RuntimeError("Class values must be non-negative.") from None
        if tensor.numel() and tensor.max() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.") from None
        raise


def _reduce(loss, reduction):
    if reduction == 'mean':
        return loss.mean()
    if reduction == 'sum':
        return loss.sum()
    if reduction == 'none':
        return loss
    raise ValueError(f"{reduction} is not a valid value for reduction")


def mse_loss(input, target, size_average=None, reduce=None, reduction='mean', weight=None):
    if target.size() != input.size():
        import warnings
        warnings.warn(
            f"Using a target size ({target.size()}) that is different to the input size ({input.size()}). "
            "This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=2,
        )
    input, target = torch.broadcast_tensors(input, target)
    if weight is not None:
        if weight.size() != input.size():
            raise ValueError("Weights and input must have the same size.")
        weighted = torch.pow(input - target, 2) * weight
        if reduction == 'none':
            return weighted
        if reduction == 'sum':
            return torch.sum(weighted)
        if reduction == 'mean':
            return torch.sum(weighted) / torch.sum(weight)
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', 'sum'.")
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return torch._mse_loss(input, target, _REDUCTIONS[reduction])


def l1_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0):
    d = (input - target).abs()
    if beta == 0.0:  # PyTorch's l1_loss, MeanBackward0 and all
        return _reduce(d, reduction)
    return _named(_reduce(torch.where(d < beta, 0.5 * d ** 2 / beta, d - 0.5 * beta), reduction),
                  'SmoothL1LossBackward0')


def huber_loss(input, target, reduction='mean', delta=1.0, weight=None):
    d = (input - target).abs()
    return _named(_reduce(torch.where(d < delta, 0.5 * d ** 2, delta * (d - 0.5 * delta)),
                          reduction), 'HuberLossBackward0')


_REDUCTIONS = {'none': 0, 'mean': 1, 'sum': 2}
_SCALAR_NAMES = {torch.float32: 'Float', torch.float64: 'Double', torch.float16: 'Half',
                 torch.bfloat16: 'BFloat16', **_KERNEL_TITLE}


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction='mean'):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if input.dim() < 1:
        raise ValueError(f'Expected 1 or more dimensions (got {input.dim()})')
    batch = target.shape[0] if target.dim() >= 1 else 0
    if input.dim() != 1 and input.shape[0] != batch:
        raise ValueError(f'Expected input batch_size ({input.shape[0]}) to match target '
                         f'batch_size ({batch}).')
    if input.dim() == 1 and target.dim() == 1:
        if target.shape[0] != 1:
            raise ValueError('For 1D input, 1D target must have size 1, but got target size: '
                             f'{target.shape[0]}')
        target = target.reshape(())
    if input.dim() > 2:
        # (N, C, d1, ...): the class dim moved last, every position one row (PyTorch's
        # nll_loss2d sums them in this order)
        c = input.shape[1]
        if tuple(target.shape) != (input.shape[0],) + tuple(input.shape[2:]):
            raise RuntimeError(f'size mismatch (got input: {list(input.shape)}, target: '
                               f'{list(target.shape)})')
        rows = input.movedim(1, -1).reshape(-1, c)
        out = nll_loss(rows, target.reshape(-1), weight, ignore_index=ignore_index,
                       reduction=reduction)
        return out.reshape(target.shape) if reduction == 'none' else out
    if target.dim() > 1:
        raise RuntimeError('0D or 1D target tensor expected, multi-target not supported')
    n_classes = input.shape[-1]
    if weight is not None and (weight.dim() != 1 or weight.numel() != n_classes):
        raise RuntimeError(f'weight tensor should be defined either for all {n_classes} classes '
                           f'or no classes but got weight tensor of shape: {list(weight.shape)}')
    if target.dtype not in (torch.int64, torch.uint8):
        raise RuntimeError('expected target dtype to be Long or Byte, but got '
                           + _SCALAR_NAMES.get(target.dtype, str(target.dtype)))
    if weight is not None and weight.dtype != input.dtype:
        raise RuntimeError(f'expected scalar type {_SCALAR_NAMES.get(input.dtype, input.dtype)} but '
                           f'found {_SCALAR_NAMES.get(weight.dtype, weight.dtype)}')
    if input.device.type == 'cpu' and input.dtype in (torch.float32, torch.float64):
        return torch._nll_loss(input, target, weight, ignore_index, _REDUCTIONS[reduction])
    # other devices and dtypes: composed ops
    if input.dim() == 1:
        input = input.unsqueeze(0)
        target = target.unsqueeze(0)
        squeeze = True
    else:
        squeeze = False
    valid = target != ignore_index
    # the picked entries through a one-hot comparison rather than gather, so that device
    # tensors never send their indices to the host (a row sum of one value and zeros is exact)
    hit = target.unsqueeze(1) == torch.arange(input.shape[1], device=input.device)
    zeros = torch.zeros_like(input)
    picked = -torch.where(hit, input, zeros).sum(1)
    if weight is not None:
        w = torch.where(hit, weight, zeros).sum(1) * valid
    else:
        w = valid.to(input.dtype)
    loss = picked * w
    if reduction == 'none':
        return _named(loss.squeeze(0) if squeeze else loss, 'NllLossBackward0')
    if reduction == 'sum':
        return _named(loss.sum(), 'NllLossBackward0')
    return _named(loss.sum() / w.sum(), 'NllLossBackward0')


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction='mean', label_smoothing=0.0):
    logp = log_softmax(input, 1 if input.dim() > 1 else 0)
    if target.dtype.is_floating_point:
        cdim = 1 if logp.dim() > 1 else 0
        n = logp.shape[cdim]
        if label_smoothing > 0.0:
            target = target * (1 - label_smoothing) + label_smoothing / n
        prod = logp * target
        if weight is not None:
            shape = [1] * logp.dim()
            shape[cdim] = -1
            prod = prod * weight.reshape(shape)
        if reduction == 'none':
            return -prod.sum(cdim)
        if reduction == 'sum':
            return -prod.sum()
        if reduction == 'mean':
            return _named(-prod.sum() / (logp.numel() // n), 'DivBackward1')
        raise ValueError(f"{reduction} is not a valid value for reduction")
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing <= 0.0:
        return nll
    # PyTorch's label smoothing: the (weighted) sum of -logp over the classes, 0 where the
    # target is ignored, normalised as nll_loss is
    cdim = 1 if logp.dim() > 1 else 0
    n = logp.shape[cdim]
    ignored = target == ignore_index
    if weight is not None:
        shape = [1] * logp.dim()
        shape[cdim] = -1
        smooth = -(logp * weight.to(logp.dtype).reshape(shape)).sum(cdim)
    else:
        smooth = -logp.sum(cdim)
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == 'mean':
        if weight is not None:
            kept = target.masked_select(ignored.logical_not()).flatten()
            smooth = smooth.sum() / weight.to(logp.dtype).gather(0, kept).sum()
        else:
            smooth = smooth.sum() / ignored.logical_not().sum()
    elif reduction == 'sum':
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction='mean'):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if target.size() != input.size():
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input size "
                         f"({input.size()}) is deprecated. Please ensure they have the same size.")
    if (input.device.type == 'cpu' and input.dtype in (torch.float32, torch.float64) and
            target.dtype == input.dtype and target.device.type == 'cpu'):
        if weight is not None and weight.size() != input.size():
            weight = weight.expand(input.size())
        return torch._binary_cross_entropy(input, target, weight, _REDUCTIONS[reduction])
    loss = -(target * torch.clamp(torch.log(input), min=-100) +
             (1 - target) * torch.clamp(torch.log(1 - input), min=-100))
    if weight is not None:
        loss = loss * weight
    return _named(_reduce(loss, reduction), 'BinaryCrossEntropyBackward0')


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction='mean', pos_weight=None):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if not (target.size() == input.size()):
        raise ValueError(f"Target size ({target.size()}) must be the same as input size ({input.size()})")
    return torch._bce_with_logits(input, target, weight, pos_weight, _REDUCTIONS[reduction])


def kl_div(input, target, size_average=None, reduce=None, reduction='mean', log_target=False):
    if log_target:
        loss = torch.exp(target) * (target - input)
    else:
        loss = torch.where(target > 0, target * (torch.log(target) - input), target * 0)
    if reduction == 'batchmean':
        return loss.sum() / input.shape[0]
    return _reduce(loss, reduction)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    denom = input.norm(p, dim, keepdim=True).clamp(min=eps).expand_as(input)
    return input / denom


def pad(input, pad, mode='constant', value=None):
    if mode in ('reflect', 'replicate', 'circular'):
        if value:
            raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument.')
        return _pad_other(input, pad, mode)
    if mode != 'constant':
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    value = 0 if value is None else value
    if (len(pad) % 2 == 0 and len(pad) // 2 <= input.dim() and min(pad, default=0) >= 0
            and not (input.requires_grad and torch.is_grad_enabled())):
        if (input.device.type == 'cpu' and not input.is_complex() and len(pad) <= 16
                and isinstance(value, (bool, int, float))):
            return torch._constant_pad(input, pad, value)
        return _pad_into(input, pad, 'constant', value)
    out = input
    for i in range(len(pad) // 2):
        dim = out.dim() - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        if left > 0:
            shape = list(out.shape)
            shape[dim] = left
            out = torch.cat([torch.full(shape, value, dtype=out.dtype, device=out.device), out], dim)
        elif left < 0:
            out = out.narrow(dim, -left, out.shape[dim] + left)
        if right > 0:
            shape = list(out.shape)
            shape[dim] = right
            out = torch.cat([out, torch.full(shape, value, dtype=out.dtype, device=out.device)], dim)
        elif right < 0:
            out = out.narrow(dim, 0, out.shape[dim] + right)
    if out is not input and out.grad_fn is not None:
        out = _named(out, 'ConstantPadNdBackward0')
    return out


# ---- convolution and pooling: argument forms here, the work in torch._conv & co (conv.c) ----

def _pair(v, n=2):
    if isinstance(v, (tuple, list)):
        return tuple(v)
    return (v,) * n


def _conv_param(v, nd, name):
    """PyTorch's expand_param_if_needed: one int, or a list of one or nd ints."""
    if isinstance(v, (tuple, list)):
        v = list(v)
        if len(v) == 1:
            return v * nd
        if len(v) != nd:
            raise RuntimeError(f'expected {name} to be a single integer value or a list of {nd} '
                               f'values to match the convolution dimensions, but got {name}={v}')
        return v
    return [v] * nd


def _conv_batch(input, nd, name):
    """input with its batch dim ([N, C, *spatial]) and whether the caller gave one."""
    batched = input.dim() == nd + 2
    if not batched and input.dim() != nd + 1:
        raise RuntimeError(f'Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to '
                           f'{name}, but got input of size: {list(input.shape)}')
    return (input if batched else input.unsqueeze(0)), batched


_same_uneven_warned = []


def _same_padding(dilation, kernel, stacklevel):
    """padding='same': the padding before and after each dim (after one more where the
    total is odd, which PyTorch warns of once)."""
    total = [d * (k - 1) for d, k in zip(dilation, kernel)]
    before = [t // 2 for t in total]
    after = [t - t // 2 for t in total]
    if before != after and not _same_uneven_warned:
        _same_uneven_warned.append(True)
        import warnings
        warnings.warn("Using padding='same' with even kernel lengths and odd dilation may require "
                      "a zero-padded copy of the input be created (Triggered internally at "
                      "/__w/pytorch/pytorch/aten/src/ATen/native/Convolution.cpp:1135.)",
                      stacklevel=stacklevel)
    return before, after


def _conv_padding(padding, stride, dilation, weight, nd, stacklevel):
    """The padding before and after each of nd dims: 'valid', 'same' (unstrided only) or
    _conv_param's forms; stacklevel reaches the user's call from here."""
    if not isinstance(padding, str):
        p = _conv_param(padding, nd, 'padding')
        return p, p
    if padding == 'valid':
        return [0] * nd, [0] * nd
    if padding == 'same':
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        return _same_padding(dilation, list(weight.shape)[2:], stacklevel)
    raise RuntimeError(f"Invalid padding string: '{padding}'")


def _convnd(input, weight, bias, stride, padding, dilation, groups, nd):
    input, batched = _conv_batch(input, nd, f'conv{nd}d')
    stride = _conv_param(stride, nd, 'stride')
    dilation = _conv_param(dilation, nd, 'dilation')
    before, after = _conv_padding(padding, stride, dilation, weight, nd, 5)
    out = torch._conv(input, weight, bias, nd, stride, before, after, dilation, groups)
    return out if batched else out.squeeze(0)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _convnd(input, weight, bias, stride, padding, dilation, groups, 1)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    out = _convnd(input, weight, bias, stride, padding, dilation, groups, 2)
    if input.dim() == 4 and not input.is_contiguous() and input.is_contiguous(memory_format=torch.channels_last):
        return out.contiguous(memory_format=torch.channels_last)  # PyTorch keeps the input's layout
    return out


def _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, nd):
    input, batched = _conv_batch(input, nd, f'conv_transpose{nd}d')
    out = torch._conv_transpose(input, weight, bias, nd, _conv_param(stride, nd, 'stride'),
                                _conv_param(padding, nd, 'padding'),
                                _conv_param(output_padding, nd, 'output_padding'),
                                _conv_param(dilation, nd, 'dilation'), groups)
    return out if batched else out.squeeze(0)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 1)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    return _conv_transpose(input, weight, bias, stride, padding, output_padding, groups, dilation, 2)


# ---- 3-d convolutions: the depth taps gathered into channels, then one 2-d convolution ----

def _shape_text(t):
    return str(list(t.shape))


def _conv3d_weight_dims(weight, stride):
    if weight.dim() < 3:
        raise RuntimeError('weight should have at least three dimensions')
    if weight.dim() != 5:
        raise RuntimeError(f'expected stride to be a single integer value or a list of '
                           f'{weight.dim() - 2} values to match the convolution dimensions, but '
                           f'got stride={stride}')


def _conv3d_dims_groups(weight, groups):
    """The weight's first dim against the groups, as conv.c's check_dims_groups."""
    ws = _shape_text(weight)
    if weight.shape[0] < groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be at least {groups} at '
                           f'dimension 0, but got weight of size {ws} instead')
    if weight.shape[0] % groups:
        raise RuntimeError(f'Given groups={groups}, expected weight to be divisible by {groups} at '
                           f'dimension 0, but got weight of size [{ws}] instead')


def _conv3d_check(input, weight, bias, stride, before, after, dilation, groups):
    """PyTorch's check_shape_forward for conv3d, in its order (the dtype checks are the
    2-d convolution's, whose texts hold no shapes)."""
    _conv3d_weight_dims(weight, stride)
    if groups <= 0:
        raise RuntimeError('non-positive groups is not supported')
    if any(p < 0 for p in before + after):
        raise RuntimeError('negative padding is not supported')
    if any(s <= 0 for s in stride):
        raise RuntimeError('non-positive stride is not supported')
    if any(d <= 0 for d in dilation):
        raise RuntimeError('non-positive dilation is not supported')
    _conv3d_dims_groups(weight, groups)
    ws, xs = _shape_text(weight), _shape_text(input)
    if input.shape[1] != weight.shape[1] * groups:
        raise RuntimeError(f'Given groups={groups}, weight of size {ws}, expected input{xs} to have '
                           f'{weight.shape[1] * groups} channels, but got {input.shape[1]} '
                           f'channels instead')
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != weight.shape[0]):
        raise RuntimeError(f'Given weight of size {ws}, expected bias to be 1-dimensional with '
                           f'{weight.shape[0]} elements, but got bias of size {_shape_text(bias)} '
                           f'instead')
    padded = [input.shape[2 + i] + before[i] + after[i] for i in range(3)]
    kernel = [dilation[i] * (weight.shape[2 + i] - 1) + 1 for i in range(3)]
    if any(p < k for p, k in zip(padded, kernel)):
        raise RuntimeError(f'Calculated padded input size per channel: '
                           f'({" x ".join(map(str, padded))}). Kernel size: '
                           f'({" x ".join(map(str, kernel))}). Kernel size can\'t be greater than '
                           f'actual input size')
    if input.dtype == torch.bool and weight.dtype == torch.bool:
        raise NotImplementedError('"compute_columns3d" not implemented for \'Bool\'')


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """The depth taps of every output depth gathered into channels ([N*OD, C*KD, H, W], in
    the weight's (C, KD) order), then one 2-d convolution with the weight seen as
    [O, C/groups*KD, KH, KW]: the gradients are those of the gather and of conv2d."""
    input, batched = _conv_batch(input, 3, 'conv3d')
    stride = _conv_param(stride, 3, 'stride')
    dilation = _conv_param(dilation, 3, 'dilation')
    before, after = _conv_padding(padding, stride, dilation, weight, 3, 4)
    _conv3d_check(input, weight, bias, stride, before, after, dilation, groups)
    n, c, depth = input.shape[0], input.shape[1], input.shape[2]
    o, kd = weight.shape[0], weight.shape[2]
    x = input
    if before[0] or after[0]:
        x = pad(x, [0, 0, 0, 0, before[0], after[0]])
        depth += before[0] + after[0]
    od = (depth - dilation[0] * (kd - 1) - 1) // stride[0] + 1
    span = stride[0] * (od - 1) + 1
    taps = [x[:, :, k * dilation[0]:k * dilation[0] + span:stride[0]] for k in range(kd)]
    cols = taps[0].unsqueeze(3) if kd == 1 else torch.stack(taps, 3)   # [N, C, OD, KD, H, W]
    cols = cols.transpose(1, 2).reshape(n * od, c * kd, x.shape[3], x.shape[4])
    w2 = weight.reshape(o, weight.shape[1] * kd, weight.shape[3], weight.shape[4])
    out = torch._conv(cols, w2, bias, 2, stride[1:], before[1:], after[1:], dilation[1:], groups)
    out = out.reshape(n, od, o, out.shape[2], out.shape[3]).transpose(1, 2).contiguous()
    out = _named(out, 'ConvolutionBackward0')
    return out if batched else out.squeeze(0)


def _conv_transpose3d_check(input, weight, bias, stride, padding, output_padding, dilation,
                            groups):
    """PyTorch's checks for conv_transpose3d in its order (_convolution's, then
    slow_conv_transpose3d's shape and dtype checks); the output's spatial sizes."""
    _conv3d_weight_dims(weight, stride)
    if groups <= 0:
        raise RuntimeError('non-positive groups is not supported')
    if any(p < 0 for p in padding):
        raise RuntimeError('negative padding is not supported')
    if any(p < 0 for p in output_padding):
        raise RuntimeError('negative output_padding is not supported')
    if any(s <= 0 for s in stride):
        raise RuntimeError('non-positive stride is not supported')
    if any(d < 0 for d in dilation):
        raise RuntimeError('dilation should be greater than zero')
    _conv3d_dims_groups(weight, groups)
    ws, xs = _shape_text(weight), _shape_text(input)
    if input.shape[1] != weight.shape[0]:
        raise RuntimeError(f'Given transposed=1, weight of size {ws}, expected input{xs} to have '
                           f'{weight.shape[0]} channels, but got {input.shape[1]} channels instead')
    o = weight.shape[1] * groups
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != o):
        raise RuntimeError(f'Given transposed=1, weight of size {ws}, expected bias to be '
                           f'1-dimensional with {o} elements, but got bias of size '
                           f'{_shape_text(bias)} instead')
    outs = [(input.shape[2 + i] - 1) * stride[i] - 2 * padding[i]
            + dilation[i] * (weight.shape[2 + i] - 1) + output_padding[i] + 1 for i in range(3)]
    if input.shape[0] == 0 or input.shape[1] == 0:
        return outs
    if input.numel() == 0:
        raise RuntimeError(f'Only zero batch or zero channel inputs are supported, but got input '
                           f'shape: {xs}')
    names = ('depth', 'height', 'width')
    if any(d <= 0 for d in dilation):
        raise RuntimeError('dilation should be greater than zero, but got ' + ', '.join(
            f'dilation_{names[i]}: {dilation[i]}' for i in range(3)))
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise RuntimeError('output padding must be smaller than either stride or dilation, but got '
                           + ' '.join([f'output_padding_{m}: {v}' for m, v in zip(names, output_padding)]
                                      + [f'stride_{m}: {v}' for m, v in zip(names, stride)]
                                      + [f'dilation_{m}: {v}' for m, v in zip(names, dilation)]))
    if weight.numel() == 0:
        raise RuntimeError('non-empty 5D (n_output_plane x n_input_plane x kernel_depth x '
                           'kernel_height x kernel_width) tensor expected for weight, but got: '
                           + _shape_text(weight))
    if min(outs) < 1:
        raise RuntimeError(f'Given input size per channel: ({" x ".join(map(str, input.shape[2:]))}). '
                           f'Calculated output size per channel: ({" x ".join(map(str, outs))}). '
                           f'Output size is too small')
    if input.dtype not in (torch.float32, torch.float64, torch.float16, torch.bfloat16, torch.int64):
        raise NotImplementedError(f'"slow_conv_transpose3d_out_cpu" not implemented for '
                                  f"'{_dtype_title(input.dtype)}'")
    for other, what in ((weight, 'weight'), (bias, 'bias')):
        if other is None or (other.dtype == input.dtype and other.device == input.device):
            continue
        if input.dtype == torch.float32 or other.device != input.device:
            raise RuntimeError(f'Input type ({input.type()}) and {what} type ({other.type()}) '
                               f'should be the same or input should be a MKLDNN tensor and '
                               f'{what} is a dense tensor')
        raise RuntimeError(f'expected scalar type {_dtype_title(input.dtype)} but found '
                           f'{_dtype_title(other.dtype)}')
    return outs


def _dtype_title(dtype):
    return {torch.float32: 'Float', torch.float64: 'Double', torch.float16: 'Half',
            torch.bfloat16: 'BFloat16', torch.int64: 'Long', torch.int32: 'Int',
            torch.int16: 'Short', torch.int8: 'Char', torch.uint8: 'Byte',
            torch.bool: 'Bool'}.get(dtype, str(dtype).split('.')[-1])


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """One 2-d transposed convolution of every input depth with the weight seen as
    [C, O/groups*KD, KH, KW], whose KD planes per output channel are then added at their
    output depths (input depth i, tap k: i*stride + k*dilation - padding)."""
    input, batched = _conv_batch(input, 3, 'conv_transpose3d')
    stride = _conv_param(stride, 3, 'stride')
    padding = _conv_param(padding, 3, 'padding')
    output_padding = _conv_param(output_padding, 3, 'output_padding')
    dilation = _conv_param(dilation, 3, 'dilation')
    outs = _conv_transpose3d_check(input, weight, bias, stride, padding, output_padding, dilation,
                                   groups)
    n, c, depth = input.shape[0], input.shape[1], input.shape[2]
    kd = weight.shape[2]
    o = weight.shape[1] * groups
    x = input.transpose(1, 2).reshape(n * depth, c, input.shape[3], input.shape[4])
    w2 = weight.reshape(c, weight.shape[1] * kd, weight.shape[3], weight.shape[4])
    planes = torch._conv_transpose(x, w2, None, 2, stride[1:], padding[1:], output_padding[1:],
                                   dilation[1:], groups)
    oh, ow = planes.shape[2], planes.shape[3]
    planes = planes.reshape(n, depth, o, kd, oh, ow).transpose(2, 3).reshape(n, depth * kd, o, oh, ow)
    full = max((depth - 1) * stride[0] + (kd - 1) * dilation[0] + 1, padding[0] + outs[0])
    where = torch.tensor([i * stride[0] + k * dilation[0] for i in range(depth) for k in range(kd)],
                         device=input.device)
    acc = torch.zeros(n, full, o, oh, ow, dtype=planes.dtype, device=planes.device)
    out = acc.index_add(1, where, planes).narrow(1, padding[0], outs[0])
    out = out.transpose(1, 2).contiguous()
    if bias is not None:
        out = out + bias.reshape(o, 1, 1, 1)
    out = _named(out, 'ConvolutionBackward0')
    return out if batched else out.squeeze(0)


def _pool_arg(v, fname, what, default=None):
    """One int or a tuple of one or two ints (stride: also omitted), as [h, w]."""
    if default is not None and (v is None or (isinstance(v, (tuple, list)) and len(v) == 0)):
        return default
    if isinstance(v, (tuple, list)):
        if len(v) == 1:
            return [v[0], v[0]]
        if len(v) == 2:
            return list(v)
        how = {'kernel_size': 'must either be a single int, or a tuple of two ints',
               'stride': 'must either be omitted, a single int, or a tuple of two ints',
               'padding': 'must either be a single int, or a tuple of two ints',
               'dilation': 'must be either a single int, or a tuple of two ints'}[what]
        raise RuntimeError(f'{fname}: {what} {how}')
    return [v, v]


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    kernel = _pool_arg(kernel_size, 'max_pool2d', 'kernel_size')
    stride = _pool_arg(stride, 'max_pool2d', 'stride', kernel)
    padding = _pool_arg(padding, 'max_pool2d', 'padding')
    dilation = _pool_arg(dilation, 'max_pool2d', 'dilation')
    return torch._max_pool2d(input, kernel, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _single(v):
    return v[0] if isinstance(v, (tuple, list)) else v


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    if input.dim() not in (2, 3):
        raise RuntimeError(f'max_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}')
    k = _single(kernel_size)
    s = k if stride is None or stride == () or stride == [] else _single(stride)
    out = max_pool2d(input.unsqueeze(-2), [1, k], [1, s], [0, _single(padding)],
                     [1, _single(dilation)], ceil_mode, return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    kernel = _pool_arg(kernel_size, 'avg_pool2d', 'kernel_size')
    stride = _pool_arg(stride, 'avg_pool2d', 'stride', kernel)
    padding = _pool_arg(padding, 'avg_pool2d', 'padding')
    return torch._avg_pool2d(input, kernel, stride, padding, ceil_mode, count_include_pad,
                             divisor_override)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    if input.dim() not in (2, 3):
        raise RuntimeError(f'avg_pool1d() Expected 2D or 3D input tensor, but got {list(input.shape)}')
    k = _single(kernel_size)
    s = k if stride is None or stride == () or stride == [] else _single(stride)
    out = avg_pool2d(input.unsqueeze(-2), [1, k], [1, s], [0, _single(padding)], ceil_mode,
                     count_include_pad)
    return out.squeeze(-2)


def adaptive_avg_pool2d(input, output_size):
    oh, ow = _pair(output_size)
    oh = input.shape[-2] if oh is None else oh
    ow = input.shape[-1] if ow is None else ow
    if oh == 1 and ow == 1 and input.dim() in (3, 4) and input.numel() > 0:
        # PyTorch's shortcut for global pooling: a mean over the plane (MeanBackward1)
        return input.mean((-1, -2), keepdim=True)
    return torch._adaptive_avg_pool2d(input, oh, ow)


def adaptive_avg_pool1d(input, output_size):
    if input.dim() not in (2, 3):
        raise RuntimeError(f'adaptive_avg_pool1d() argument \'input\' (position 1) must be 2D or 3D, '
                           f'but got {list(input.shape)}')
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _single(output_size))).squeeze(-2)


def flatten(input, start_dim=0, end_dim=-1):
    return input.flatten(start_dim, end_dim)


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    return _named(_embedding_rows(weight, input, padding_idx), 'EmbeddingBackward0')


def _embedding_rows(weight, input, padding_idx):
    """weight's rows at input, with PyTorch's checks (an index outside the rows is
    index_select's error); the rows taken at padding_idx pass no gradient back (their values
    are the weight's, as in PyTorch)."""
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input.dtype != torch.int64 and input.dtype != torch.int32:
        got = 'CPUBoolType' if input.dtype == torch.bool else input.type()
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar "
                           f"types: Long, Int; but got {got} instead (while checking arguments for embedding)")
    out = weight.index_select(0, input.reshape(-1)).view(*input.shape, weight.shape[1])
    if padding_idx is None or not out.requires_grad:
        return out
    keep = (input != padding_idx).unsqueeze(-1)
    return torch.where(keep, out, weight.detach()[input])


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode='mean', sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError('if input is 2D, then offsets has to be None, as input is treated is a '
                             'mini-batch of fixed length sequences. However, found offsets of type '
                             f'{type(offsets)}')
        offsets = torch.arange(0, input.numel(), input.shape[1])
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError('offsets has to be a 1D Tensor but got None')
        if offsets.dim() != 1:
            raise ValueError('offsets has to be a 1D Tensor')
    else:
        raise ValueError(f'input has to be 1D or 2D Tensor, but got Tensor of dimension {input.dim()}')
    if mode not in ('sum', 'mean', 'max'):
        raise ValueError('mode has to be one of sum, mean or max')
    if per_sample_weights is not None and mode != 'sum':
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is "
                                  f"only supported for mode='sum' (got mode='{mode}'). Please open a "
                                  "feature request on GitHub.")
    if offsets.numel() and offsets[0].item() != 0:
        raise RuntimeError('offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to '
                           f'start from position 0. However, got {offsets[0].item()}\n[ torch.LongTensor{{}} ]')
    if padding_idx is not None and padding_idx < 0:
        padding_idx += weight.shape[0]
    n, d = input.shape[0], weight.shape[1]
    nbags = offsets.shape[0] - (1 if include_last_offset else 0)
    starts = offsets[:nbags]
    # the bag of each position, and the positions that count (not padding, before the end)
    bag = torch.searchsorted(starts, torch.arange(n, device=input.device), right=True) - 1
    keep = None
    if include_last_offset and offsets.numel():
        keep = torch.arange(n, device=input.device) < offsets[-1]
    if padding_idx is not None:
        kp = input != padding_idx
        keep = kp if keep is None else keep & kp
    if keep is not None:
        bag, input = bag[keep], input[keep]
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights[keep]
    rows = weight[input]
    if per_sample_weights is not None:
        rows = rows * per_sample_weights.unsqueeze(1)
    zeros = torch.zeros(nbags, d, dtype=weight.dtype, device=weight.device)
    if mode == 'max':
        # each column's first maximal row in its bag, gathered (an empty bag takes the zero row)
        m = rows.shape[0]
        with torch.no_grad():
            bags = bag.unsqueeze(1).expand(-1, d)
            top = zeros.scatter_reduce(0, bags, rows, 'amax', include_self=False)
            pos = torch.where(rows == top[bag], torch.arange(m, device=rows.device).unsqueeze(1), m)
            first = torch.full((nbags, d), m, device=rows.device).scatter_reduce(0, bags, pos, 'amin')
        out = torch.cat([rows, zeros[:1]]).gather(0, first)
    else:
        out = zeros.index_add(0, bag, rows)  # each bag's rows added in input order
        if mode == 'mean':  # the bag's sum over its length (an empty bag stays 0)
            count = torch.bincount(bag, minlength=nbags).clamp(min=1).to(weight.dtype)
            out = out / count.unsqueeze(1)
    return _named(out, 'EmbeddingBagBackward0')


def _native_norm_ok(input, *params, half=False):
    """Whether torch.native_layer_norm / native_batch_norm serve these tensors: float32 or
    float64 (float16/bfloat16 too where half: layer norm computes them in float32) on the
    CPU, the parameters of the input's dtype; the rest is composed of ops."""
    if input.device.type != 'cpu' or not (input.dtype in (torch.float32, torch.float64) or
                                          half and input.dtype in (torch.float16, torch.bfloat16)):
        return False
    for p in params:
        if p is not None and (p.dtype != input.dtype or p.device.type != 'cpu'):
            return False
    return True


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    normalized_shape = list(normalized_shape)
    if _native_norm_ok(input, weight, bias, half=True):
        return torch.native_layer_norm(input, normalized_shape, weight, bias, eps)[0]
    dims = tuple(range(-len(normalized_shape), 0))
    mean = input.mean(dims, keepdim=True)
    var = ((input - mean) ** 2).mean(dims, keepdim=True)
    out = (input - mean) / torch.sqrt(var + eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return _named(out, 'NativeLayerNormBackward0')


def _verify_batch_size(size):
    n = size[0]
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f'Expected more than 1 value per channel when training, got input size {size}')


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-05):
    if training:
        _verify_batch_size(input.size())
    if _native_norm_ok(input, weight, bias, running_mean, running_var) and \
            (running_mean is None or running_mean.is_contiguous()) and \
            (running_var is None or running_var.is_contiguous()):
        return torch.native_batch_norm(input, weight, bias, running_mean, running_var, training,
                                       momentum, eps)[0]
    dims = [0] + list(range(2, input.dim()))
    shape = [1, -1] + [1] * (input.dim() - 2)
    if training:
        mean = input.mean(dims)
        var = input.var(dims, unbiased=False)
        if running_mean is not None:
            n = input.numel() // input.size(1)
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach() * momentum)
                running_var.mul_(1 - momentum).add_(var.detach() * (n / max(n - 1, 1)) * momentum)
    else:
        mean, var = running_mean, running_var
    out = (input - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return _named(out, 'NativeBatchNormBackward0')


_UPSAMPLE_MODES = {'nearest': 0, 'nearest-exact': 1, 'linear': 2, 'bilinear': 2, 'trilinear': 2,
                   'bicubic': 3}
_UPSAMPLE_DIMS = {'linear': 3, 'bilinear': 4, 'trilinear': 5, 'bicubic': 4}


def interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
                recompute_scale_factor=None, antialias=False):
    # PyTorch's argument handling and messages (torch/nn/functional.py); the resampling is
    # torch._upsample's (tensorcore's upsample.c).
    if mode in ('nearest', 'area', 'nearest-exact'):
        if align_corners is not None:
            raise ValueError('align_corners option can only be set with the interpolating modes: '
                             'linear | bilinear | bicubic | trilinear')
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError('only one of size or scale_factor should be defined')
    elif size is not None:
        scale_factors = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError('Input and output must have the same number of spatial dimensions, '
                                 f'but got input with spatial dimensions of {list(input.shape[2:])} '
                                 f'and output size of {size}. Please provide input tensor in '
                                 '(N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) '
                                 'format.')
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in size):
                raise TypeError('expected size to be one of int or Tuple[int] or Tuple[int, int] or '
                                f'Tuple[int, int, int], but got size with types {[type(x) for x in size]}')
            output_size = list(size)
        else:
            output_size = [size for _ in range(dim)]
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError('Input and scale_factor must have the same number of spatial '
                                 'dimensions, but got input with spatial dimensions of '
                                 f'{list(input.shape[2:])} and scale_factor of shape {scale_factor}. '
                                 'Please provide input tensor in (N, C, d1, d2, ...,dK) format and '
                                 'scale_factor in (s1, s2, ...,sK) format.')
            scale_factors = list(scale_factor)
        else:
            scale_factors = [scale_factor for _ in range(dim)]
    else:
        raise ValueError('either size or scale_factor should be defined')
    if recompute_scale_factor is not None and recompute_scale_factor and size is not None:
        raise ValueError('recompute_scale_factor is not meaningful with an explicit size.')
    if mode == 'area' and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor is not None and recompute_scale_factor:
        output_size = [math.floor(float(input.size(i + 2)) * scale_factors[i]) for i in range(dim)]
        scale_factors = None
    if antialias and not (mode in ('bilinear', 'bicubic', 'lanczos') and input.ndim == 4):
        raise ValueError('Anti-alias option is restricted to bilinear, bicubic, and lanczos modes '
                         'and requires a 4-D tensor as input')
    if mode == 'lanczos' and input.ndim == 4:
        raise NotImplementedError("interpolate: mode='lanczos' is not supported yet")
    if mode == 'area':
        if input.dim() == 3:
            return adaptive_avg_pool1d(input, output_size)
        if input.dim() == 4:
            return adaptive_avg_pool2d(input, output_size)
        if input.dim() == 5:
            return adaptive_avg_pool3d(input, output_size)
    code = _UPSAMPLE_MODES.get(mode)
    if code is not None and 3 <= input.dim() <= 5 and _UPSAMPLE_DIMS.get(mode, input.dim()) == input.dim():
        if antialias:
            raise NotImplementedError(f'interpolate: antialias=True is not supported yet (mode={mode!r})')
        if output_size is None:   # the size the C++ op computes from the scales
            output_size = [int(float(input.size(i + 2)) * scale_factors[i]) for i in range(dim)]
        for i in range(dim):
            if output_size[i] <= 0 or input.size(i + 2) <= 0:
                raise RuntimeError('Input and output sizes should be greater than 0, but got input '
                                   f'({_upsample_sizes_text(input.shape[2:])}) output '
                                   f'({_upsample_sizes_text(output_size)})')
        if input.device.type != 'cpu':
            return _upsample_on_device(input, code, output_size, scale_factors, bool(align_corners))
        return torch._upsample(input, code, output_size, scale_factors, bool(align_corners))
    for d, m, want in ((3, 'bilinear', 4), (3, 'trilinear', 5), (4, 'linear', 3), (4, 'trilinear', 5),
                       (5, 'linear', 3), (5, 'bilinear', 4)):
        if input.dim() == d and mode == m:
            raise NotImplementedError(f'Got {d}D input, but {m} mode needs {want}D input')
    raise NotImplementedError('Input Error: Only 3D, 4D and 5D input Tensors supported'
                              f' (got {input.dim()}D) for the modes: nearest | linear | bilinear | '
                              f'bicubic | trilinear | lanczos | area | nearest-exact (got {mode})')


def _upsample_taps(code, n_in, n_out, scale, align_corners):
    """The source indices and weights of each output position along one dim, as ATen's
    UpSample.h computes them: [(indices, weights or None)] per tap."""
    if code <= 1:   # nearest, nearest-exact
        s = 1.0 / scale if scale is not None and scale > 0 else n_in / n_out
        off = 0.5 if code == 1 else 0.0
        return [([min(int(math.floor((o + off) * s)), n_in - 1) for o in range(n_out)], None)]
    if align_corners:
        s = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
    else:
        s = 1.0 / scale if scale is not None and scale > 0 else n_in / n_out
    src = [s * o if align_corners else s * (o + 0.5) - 0.5 for o in range(n_out)]
    if code == 2:   # linear
        taps0, taps1, w0, w1 = [], [], [], []
        for r in src:
            r = max(r, 0.0)
            i = min(int(math.floor(r)), n_in - 1)
            lam = min(max(r - i, 0.0), 1.0)
            taps0.append(i)
            taps1.append(i + (1 if i < n_in - 1 else 0))
            w0.append(1.0 - lam)
            w1.append(lam)
        return [(taps0, w0), (taps1, w1)]
    a = -0.75   # bicubic: ATen's cubic convolution coefficients, clamped taps
    c1 = lambda x: ((a + 2) * x - (a + 3)) * x * x + 1
    c2 = lambda x: ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    taps = [([], []) for _ in range(4)]
    for r in src:
        i = int(math.floor(r))
        t = r - i
        for k, w in enumerate((c2(t + 1), c1(t), c1(1 - t), c2(2 - t))):
            taps[k][0].append(min(max(i - 1 + k, 0), n_in - 1))
            taps[k][1].append(w)
    return taps


def _upsample_on_device(input, code, output_size, scale_factors, align_corners):
    # A tensor on a GPU is resampled there, one spatial dim at a time, by indexing with host
    # index tensors and weighting on the device: nothing crosses to the host.
    out = input
    dims = input.dim() - 2
    for d in range(dims):
        n_in, n_out = input.size(d + 2), output_size[d]
        scale = scale_factors[d] if scale_factors is not None else None
        lead = (slice(None),) * (d + 2)
        shape = [n_out] + [1] * (dims - 1 - d)
        acc = None
        for idx, w in _upsample_taps(code, n_in, n_out, scale, align_corners):
            part = out[lead + (torch.tensor(idx),)]
            if w is not None:
                part = part * torch.tensor(w, dtype=out.dtype, device=out.device).reshape(shape)
            acc = part if acc is None else acc + part
        out = acc
    return out


def _upsample_sizes_text(sizes):
    names = ('D', 'H', 'W')[3 - len(sizes):]
    return ', '.join(f'{n}: {v}' for n, v in zip(names, sizes))


# ---- spatial transformers: affine_grid, grid_sample --------------------------------------------
# Composed from differentiable ops in the order of ATen's CPU kernels: the 2-D sampler follows
# the vectorised kernel (GridSamplerKernel.cpp: weights as products of 1 - fraction, corner
# values masked to 0), the 3-D one the scalar kernel (GridSampler.cpp: weights as products of
# distances, in-bounds corners added to 0). Gradients come from the composition; they equal
# the fused backward's formulas (clipped borders and nearest sampling pass none to the grid).

_ALIGN_CORNERS_WARNING = ("Default grid_sample and affine_grid behavior has changed "
                          "to align_corners=False since 1.3.0. Please specify "
                          "align_corners=True if the old behavior is desired. "
                          "See the documentation of grid_sample for details.")


def _linspace_from_neg_one(theta, n, align_corners):
    if n <= 1:
        return torch.tensor(0, dtype=theta.dtype, device=theta.device)
    r = torch.linspace(-1, 1, n, dtype=theta.dtype, device=theta.device)
    return r if align_corners else r * (n - 1) / n


def affine_grid(theta, size, align_corners=None):
    import warnings
    if align_corners is None:
        warnings.warn(_ALIGN_CORNERS_WARNING, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    if len(size) == 4:
        if theta.dim() != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. "
                             f"Got {theta.shape}.")
        spatial = list(size[-2:])
    elif len(size) == 5:
        if theta.dim() != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. "
                             f"Got {theta.shape}.")
        spatial = list(size[-3:])
    else:
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine "
                                  f"transforms, respectively. Got size {size}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids "
                      "when align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    # ATen's base grid: (x, y[, z], 1) per output point, times theta transposed
    n, d = size[0], len(spatial)
    base = torch.empty([n] + spatial + [d + 1], dtype=theta.dtype, device=theta.device)
    for k in range(d):
        r = _linspace_from_neg_one(theta, spatial[d - 1 - k], align_corners)
        base.select(-1, k).copy_(r.reshape([-1] + [1] * k) if r.dim() else r)
    base.select(-1, d).fill_(1)
    grid = base.view(n, -1, d + 1).bmm(theta.transpose(1, 2))
    return _named(grid.view([n] + spatial + [d]), 'AffineGridGeneratorBackward0')


def grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None):
    if mode not in ('bilinear', 'nearest', 'bicubic'):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' "
                         f"or 'bicubic', but got: '{mode}'")
    if padding_mode not in ('zeros', 'border', 'reflection'):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        import warnings
        warnings.warn(_ALIGN_CORNERS_WARNING, stacklevel=2)
        align_corners = False
    return _grid_sampler(input, grid, mode, padding_mode, align_corners)


def _grid_sampler_check(input, grid, mode):
    def sizes(t):
        return list(t.shape)
    if input.device != grid.device:
        raise RuntimeError("grid_sampler(): expected input and grid to be on same device, but input "
                           f"is on {input.device} and grid is on {grid.device}")
    if input.dim() < 2 or grid.dim() < 1 or grid.shape[-1] != input.dim() - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.dim() - 2} in last "
                           f"dimension, but got grid with sizes {sizes(grid)}")
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, but got "
                           f"input with sizes {sizes(input)} and grid with sizes {sizes(grid)}")
    for i in range(2, input.dim()):
        if input.shape[i] <= 0:
            raise RuntimeError("grid_sampler(): expected input to have non-empty spatial dimensions, "
                               f"but input has sizes {sizes(input)} with dimension {i} being empty")
    nd = 4 if input.dim() == 4 else 5
    if input.dim() not in (4, 5) or grid.dim() != input.dim():
        raise RuntimeError(f"grid_sampler(): expected {nd}D input and grid with same number of "
                           f"dimensions, but got input with sizes {sizes(input)} and grid with "
                           f"sizes {sizes(grid)}")
    if input.dim() == 5 and mode == 'bicubic':
        raise NotImplementedError("grid_sampler(): bicubic interpolation only supports 4D input")
    if input.dtype != grid.dtype:
        raise RuntimeError(f"expected scalar type {_SCALAR_NAMES.get(input.dtype, input.dtype)} but "
                           f"found {_SCALAR_NAMES.get(grid.dtype, grid.dtype)}")
    if not input.is_floating_point():
        kernel = 'grid_sampler_2d_cpu_kernel_impl' if nd == 4 else 'grid_sampler3d_cpu'
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_SCALAR_NAMES.get(input.dtype, input.dtype)}'")


class _GridSource:
    """Where one grid coordinate samples along a spatial dimension of `size` elements."""

    def __init__(self, size, padding_mode, align_corners, vector_form):
        self.size, self.padding_mode = size, padding_mode
        self.align_corners, self.vector_form = align_corners, vector_form

    def unnormalize(self, c):
        size = self.size
        if self.vector_form:
            if self.align_corners:
                return (c + 1) * ((size - 1) / 2)
            return (c + 1) * (size / 2) - 0.5
        if self.align_corners:
            return ((c + 1) / 2) * (size - 1)
        return ((c + 1) * size - 1) / 2

    def pad(self, c):
        """The padding mode's coordinate (compute_coordinates)."""
        if self.padding_mode == 'reflection':
            c = self._reflect(c)
        if self.padding_mode != 'zeros':
            c = c.clamp(0, self.size - 1)
        return c

    def _reflect(self, c):
        size = self.size
        if self.vector_form:
            if self.align_corners and size <= 1:
                return torch.zeros_like(c)
            twice_span = (size - 1) * 2 if self.align_corners else size * 2
            a = c.abs() if self.align_corners else (c + 0.5).abs()
            extra = a - torch.trunc(a / twice_span) * twice_span
            r = torch.minimum(extra, twice_span - extra)
            return r if self.align_corners else r - 0.5
        twice_low, twice_high = (0, 2 * (size - 1)) if self.align_corners else (-1, 2 * size - 1)
        if twice_low == twice_high:
            return torch.zeros_like(c)
        low, span = twice_low / 2, (twice_high - twice_low) / 2
        a = (c - low).abs()
        extra = torch.fmod(a, span)
        flips = torch.floor(a / span)
        return torch.where(torch.fmod(flips, 2) == 0, extra + low, span - extra + low)


_GRID_MODES = {'bilinear': 0, 'nearest': 1, 'bicubic': 2}
_GRID_PADDINGS = {'zeros': 0, 'border': 1, 'reflection': 2}


def _grid_sampler(input, grid, mode, padding_mode, align_corners):
    import itertools
    _grid_sampler_check(input, grid, mode)
    d = input.dim() - 2
    if d == 2 and input.device.type == 'cpu' and input.dtype in (torch.float32, torch.float64):
        return torch._grid_sampler_2d(input, grid, _GRID_MODES[mode], _GRID_PADDINGS[padding_mode],
                                      align_corners)
    n, c = input.shape[0], input.shape[1]
    dims = [input.shape[input.dim() - 1 - k] for k in range(d)]     # W, H[, D]
    out_shape = [n, c] + list(grid.shape[1:-1])
    flat = input.reshape(n, c, -1)
    g = grid.reshape(n, -1, d)
    points = g.shape[1]
    vector_form = d == 2
    src = [_GridSource(dims[k], padding_mode, align_corners, vector_form) for k in range(d)]

    def value(at):
        """input at integer-valued coordinates `at` (x, y[, z]); 0 outside."""
        inside, lin = None, None
        for k in range(d):
            ok = (at[k] >= 0) & (at[k] <= dims[k] - 1)
            inside = ok if inside is None else inside & ok
        for k in reversed(range(d)):
            i = torch.where(inside, at[k], 0).long()
            lin = i if lin is None else lin * dims[k] + i
        v = flat.gather(2, lin.unsqueeze(1).expand(n, c, points))
        return torch.where(inside.unsqueeze(1), v, 0), inside.unsqueeze(1)

    if mode == 'bicubic':
        x = [src[k].unnormalize(g[..., k]) for k in range(2)]
        lo = [torch.floor(v) for v in x]
        coeff = [_cubic_coefficients(x[k] - lo[k]) for k in range(2)]
        rows = []
        for j in range(4):
            yj = src[1].pad(lo[1] + (j - 1))
            row = None
            for i in range(4):
                v, _ = value([src[0].pad(lo[0] + (i - 1)), yj])
                term = coeff[0][i].unsqueeze(1) * v
                row = term if row is None else row + term
            rows.append(row)
        out = None
        for j in range(4):
            term = coeff[1][j].unsqueeze(1) * rows[j]
            out = term if out is None else out + term
    else:
        x = [src[k].pad(src[k].unnormalize(g[..., k])) for k in range(d)]
        if mode == 'nearest':
            out, _ = value([torch.round(v) for v in x])
            if grid.requires_grad and torch.is_grad_enabled() and grid.numel():
                # the grid's gradient is zero, as PyTorch's backward writes it: join the grid
                # as the branch a where never takes (its gradient is +0 everywhere)
                never = torch.zeros((), dtype=torch.bool, device=out.device)
                out = torch.where(never, g.reshape(-1)[:1], out)
        else:
            lo = [torch.floor(v) for v in x]
            if vector_form:       # nw = s * e with w = x - x_w, e = 1 - w, ...
                frac = [x[k] - lo[k] for k in range(d)]
                wts = [(1 - f, f) for f in frac]
            else:                 # tnw = (ix_bse - ix) * (iy_bse - iy) * (iz_bse - iz)
                wts = [((lo[k] + 1) - x[k], x[k] - lo[k]) for k in range(d)]
            out = None
            for corner in itertools.product((0, 1), repeat=d):     # z, y, x; x fastest
                bits = corner[::-1]                                  # x, y[, z]
                v, inside = value([lo[k] + bits[k] for k in range(d)])
                if vector_form:
                    w = wts[1][bits[1]] * wts[0][bits[0]]
                    term = v * w.unsqueeze(1)
                else:
                    w = wts[0][bits[0]]
                    for k in range(1, d):
                        w = w * wts[k][bits[k]]
                    term = torch.where(inside, v * w.unsqueeze(1), 0)
                out = (term if vector_form else 0 + term) if out is None else out + term
    out = out.reshape(out_shape)
    return _named(out, 'GridSampler2DBackward0' if d == 2 else 'GridSampler3DBackward0')


def _cubic_coefficients(t):
    """ATen's cubic convolution weights (A = -0.75) of the taps at -1, 0, 1, 2 from t."""
    a = -0.75
    def far(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    def near(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1
    return (far(t + 1), near(t), near(1 - t), far(2 - t))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    num = (x1 * x2).sum(dim)
    den = (x1.norm(2, dim) * x2.norm(2, dim)).clamp(min=eps)
    return num / den


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    return (x1 - x2 + eps).norm(p, -1, keepdim=keepdim)


# ---- more activations: composites of differentiable ops, in PyTorch's CPU kernels' order ----

def _inplace(input, out, inplace):
    return input.copy_(out) if inplace else out


def relu_(input):
    return input.relu_()


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


def threshold(input, threshold, value, inplace=False):
    out = torch._act('threshold', input, threshold, value, inplace)
    if out is not None:
        return out
    out = torch.where(input > threshold, input, torch.full_like(input, value))
    return _inplace(input, _named(out, 'ThresholdBackward0'), inplace)


def threshold_(input, threshold, value):
    return _threshold(input, threshold, value, True)


_threshold = threshold


def selu_(input):
    return selu(input, True)


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError('ZeroDivisionError')
    out = torch.where(input > 0, input, torch.expm1(input * (1.0 / alpha)) * alpha)
    return _inplace(input, _named(out, 'EluBackward0'), inplace)


def celu_(input, alpha=1.0):
    return celu(input, alpha, True)


def glu(input, dim=-1):
    if input.dim() == 0:
        raise RuntimeError('glu does not support scalars because halving size must be even')
    d = dim + input.dim() if dim < 0 else dim
    n = input.shape[d]
    if n % 2:
        raise RuntimeError(f'Halving dimension must be even, but dimension {d} is size {n}')
    a, b = input.chunk(2, d)
    return _named(a * torch.sigmoid(b), 'GluBackward0')


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    if dim is None:
        dim = _softmax_dim(input.dim())
    if dtype is not None:
        input = input.to(dtype)
    return (-input).softmax(dim)


def softsign(input):
    return input / (input.abs() + 1)


def softshrink(input, lambd=0.5):
    if lambd < 0:
        big, name = ('1.79769e+308', 'Double') if input.dtype == torch.float64 else ('3.40282e+38', 'Float')
        raise RuntimeError(f'lambda must be in range [0, {big}] for input dtype {name}, but found '
                           f'{lambd:g}')
    zeros = input * 0   # PyTorch keeps the sign of a shrunk negative: -0.
    out = torch.where(input > lambd, input - lambd,
                      torch.where(input < -lambd, input + lambd, zeros))
    return _named(out, 'SoftshrinkBackward0')


def hardshrink(input, lambd=0.5):
    out = torch.where((input >= -lambd) & (input <= lambd), torch.zeros_like(input), input)
    return _named(out, 'HardshrinkBackward0')


def tanhshrink(input):
    return input - input.tanh()


def hardsigmoid(input, inplace=False):
    out = torch._act('hardsigmoid', input, 0.0, 0.0, inplace)
    if out is not None:
        return out
    _float_kernel(input, 'hardsigmoid_cpu')
    out = torch.clamp(input + 3, 0, 6) / 6
    return _inplace(input, _named(out, 'HardsigmoidBackward0'), inplace)


def hardswish(input, inplace=False):
    out = torch._act('hardswish', input, 0.0, 0.0, inplace)
    if out is not None:
        return out
    _float_kernel(input, 'hardswish_cpu')
    out = input * torch.clamp(input + 3, 0, 6) / 6
    return _inplace(input, _named(out, 'HardswishBackward0'), inplace)


def prelu(input, weight):
    if weight.numel() != 1:
        if input.dim() == 0:
            raise RuntimeError('Not allow zero-dim input tensor.')
        channels = input.shape[1] if input.dim() >= 2 else 1
        if weight.numel() != channels:
            raise RuntimeError('Mismatch of parameter numbers and input channel size. Found '
                               f'parameter numbers = {weight.numel()} and channel size = {channels}.')
    if weight.dim() > 1:
        raise RuntimeError(f'prelu: Expected `weight` to be a scalar or 1D tensor, but got: '
                           f'ndim = {weight.dim()}')
    w = weight
    if input.dim() >= 2 and weight.numel() != 1:
        w = weight.reshape([-1] + [1] * (input.dim() - 2))
    elif weight.numel() == 1:
        w = weight.reshape([])
    out = torch.where(input > 0, input, w * input)
    return _named(out, 'PreluKernelBackward0')


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    # PyTorch's CPU kernel walks the elements in order and draws one double from
    # uniform(lower, upper) for each element <= 0: the same stream as a float64 uniform_
    neg = input <= 0
    k = int(neg.sum().item())
    noise = torch.ones_like(input)
    if k:
        draws = torch.empty(k, dtype=torch.float64).uniform_(lower, upper).to(input.dtype)
        noise = noise.masked_scatter(neg.to(noise.device), draws.to(noise.device))
    out = _named(input * noise, 'RreluWithNoiseBackward0')
    return _inplace(input, out, inplace)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, True)


# ---- padding in every mode: an index per padded dim, so autograd is index_select's ----

def _pad_index(n, left, right, mode):
    idx = []
    for i in range(-left, n + right):
        if mode == 'reflect':
            j = -i if i < 0 else (2 * (n - 1) - i if i >= n else i)
        elif mode == 'replicate':
            j = 0 if i < 0 else (n - 1 if i >= n else i)
        else:
            j = i % n
        idx.append(j)
    return idx


def _pad_into(input, pad, mode, value=0):
    """F.pad with pads >= 0 where nothing needs a gradient: the input copied once into the
    middle of a new tensor, then each padded dim's borders (last dim first, over the rows
    already padded) copied from the tensor itself, or filled with value (constant mode)."""
    nd = input.dim()
    shape = list(input.shape)
    for i in range(len(pad) // 2):
        shape[nd - 1 - i] += pad[2 * i] + pad[2 * i + 1]
    if mode == 'constant':
        out = torch.full(shape, value, dtype=input.dtype, device=input.device)
    else:
        out = torch.empty(shape, dtype=input.dtype, device=input.device)
    inner = out
    for i in range(len(pad) // 2):
        dim = nd - 1 - i
        inner = inner.narrow(dim, pad[2 * i], input.shape[dim])
    inner.copy_(input)
    if mode == 'constant':
        return out
    for i in range(len(pad) // 2):
        dim = nd - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        n = input.shape[dim]
        v = out  # the dims after this one are padded already, the ones before are not yet
        for j in range(i + 1, len(pad) // 2):
            d = nd - 1 - j
            v = v.narrow(d, pad[2 * j], input.shape[d])
        for side, k in ((0, left), (1, right)):
            if k == 0:
                continue
            dst = v.narrow(dim, 0, k) if side == 0 else v.narrow(dim, left + n, k)
            if mode == 'replicate':
                src = v.narrow(dim, left if side == 0 else left + n - 1, 1).expand_as(dst)
            elif mode == 'reflect':
                src = (v.narrow(dim, left + 1, k) if side == 0 else v.narrow(dim, left + n - 1 - k, k)).flip(dim)
            else:  # circular
                src = v.narrow(dim, left + n - k, k) if side == 0 else v.narrow(dim, left, k)
            dst.copy_(src)
    return out


def _pad_other(input, pad, mode):
    npairs = len(pad) // 2
    nd = input.dim()
    if len(pad) % 2:
        raise RuntimeError('Padding length must be divisible by 2')
    if len(pad) > 2 * nd:
        raise RuntimeError('Padding length should be less than or equal to two times the input '
                           f'dimension but got padding length {len(pad)} and input of dimension {nd}')
    if npairs > 3 or nd not in (npairs + 1, npairs + 2):
        raise NotImplementedError(
            f'Padding size {len(pad)} is not supported for {nd}D input tensor.\n'
            'Supported combinations for non-constant padding:\n'
            '  - 2D or 3D input: padding size = 2 (pads last dimension)\n'
            '  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n'
            '  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)')
    fits = all(0 <= pad[2 * i + j] < input.shape[nd - 1 - i] if mode == 'reflect'
               else 0 <= pad[2 * i + j] <= input.shape[nd - 1 - i] and input.shape[nd - 1 - i] > 0
               for i in range(npairs) for j in (0, 1))
    if fits and not (input.requires_grad and torch.is_grad_enabled()):
        return _pad_into(input, pad, mode)
    out = input
    for i in range(npairs):
        dim = nd - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        n = out.shape[dim]
        if mode == 'reflect' and (left >= n or right >= n):
            raise RuntimeError(f'Argument #4: Padding size should be less than the corresponding '
                               f'input dimension, but got: padding ({left}, {right}) at dimension '
                               f'{dim} of input {list(input.shape)}')
        if mode == 'circular' and (left > n or right > n):
            raise RuntimeError('Padding value causes wrapping around more than once.')
        if mode == 'circular':
            # PyTorch crops first (negative pads), then wraps around what is left
            if left < 0 or right < 0:
                out = out.narrow(dim, max(-left, 0), n - max(-left, 0) - max(-right, 0))
                n = out.shape[dim]
                left, right = max(left, 0), max(right, 0)
        idx = torch.tensor(_pad_index(n, left, right, mode), device=out.device)
        out = out.index_select(dim, idx)
    name = {'reflect': 'ReflectionPad', 'replicate': 'ReplicationPad'}.get(mode)
    # PyTorch's circular padding copies slices into a new tensor: its node is CopySlices
    return _named(out, f'{name}{npairs}DBackward0' if name else 'CopySlices')


# ---- group, instance, RMS and local response normalisation ----

def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    if input.dim() < 2:
        raise RuntimeError(f'Expected at least 2 dimensions for input tensor but received {input.dim()}')
    n, c = input.shape[0], input.shape[1]
    if c % num_groups:
        raise RuntimeError(f'Expected number of channels in input to be divisible by num_groups, '
                           f'but got input of shape {list(input.shape)} and num_groups={num_groups}')
    # each group normalized as a row of layer norm: the same moments (ATen's RowwiseMoments)
    x = input.reshape(n, num_groups, -1)
    out = layer_norm(x, [x.shape[-1]], None, None, eps).reshape(input.shape)
    shape = [1, -1] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return _named(out, 'NativeGroupNormBackward0')


def _verify_spatial_size(size):
    n = 1
    for s in size[2:]:
        n *= s
    if n == 1:
        raise ValueError(f'Expected more than 1 spatial element when training, got input size {size}')


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-05):
    if use_input_stats:
        _verify_spatial_size(input.size())
    if _native_norm_ok(input, weight, bias, running_mean, running_var) and \
            (use_input_stats or (running_mean is not None and running_var is not None)):
        # ATen's instance_norm: a batch norm of one image whose channels are the (image,
        # channel) pairs, the running statistics averaged back over the images
        b, c = input.shape[0], input.shape[1]
        rep = [None if t is None else t.repeat(b) for t in (weight, bias, running_mean, running_var)]
        x = input.contiguous().view([1, b * c] + list(input.shape[2:]))
        out = torch.native_batch_norm(x, rep[0], rep[1], rep[2], rep[3], use_input_stats,
                                      momentum, eps)[0]
        with torch.no_grad():
            if running_mean is not None:
                running_mean.copy_(rep[2].view(b, c).mean(0))
            if running_var is not None:
                running_var.copy_(rep[3].view(b, c).mean(0))
        return out.view(input.shape)
    dims = list(range(2, input.dim()))
    shape = [input.shape[0], input.shape[1]] + [1] * (input.dim() - 2)
    if use_input_stats:
        mean = input.mean(dims)
        var = input.var(dims, unbiased=False)
        if running_mean is not None:
            n = input.numel() // (input.shape[0] * input.shape[1])
            with torch.no_grad():
                running_mean.mul_(1 - momentum).add_(mean.detach().mean(0) * momentum)
                unbiased = var.detach() * (n / max(n - 1, 1))
                running_var.mul_(1 - momentum).add_(unbiased.mean(0) * momentum)
        out = (input - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
    else:
        cshape = [1, -1] + [1] * (input.dim() - 2)
        out = (input - running_mean.reshape(cshape)) / torch.sqrt(running_var.reshape(cshape) + eps)
    cshape = [1, -1] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(cshape)
    if bias is not None:
        out = out + bias.reshape(cshape)
    return _named(out, 'NativeBatchNormBackward0')


def rms_norm(input, normalized_shape, weight=None, eps=None):
    if isinstance(normalized_shape, int):
        normalized_shape = (normalized_shape,)
    nd = len(normalized_shape)
    if tuple(input.shape[input.dim() - nd:]) != tuple(normalized_shape):
        raise RuntimeError(f'Given normalized_shape={list(normalized_shape)}, expected input with '
                           f'shape [*{", ".join(str(s) for s in normalized_shape)}], but got input '
                           f'of size{list(input.shape)}')
    if eps is None:
        eps = torch.finfo(input.dtype).eps
    dims = tuple(range(-nd, 0))
    out = input * torch.rsqrt((input * input).mean(dims, keepdim=True) + eps)
    if weight is not None:
        out = out * weight
    return out


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    dim = input.dim()
    if dim < 3:
        # PyTorch's message carries the indentation of its source's continued line
        raise ValueError('Expected 3D or higher dimensionality' + ' ' * 26 +
                         f'input (got {dim} dimensions)')
    if input.numel() == 0:
        return input
    div = input.mul(input)
    sizes = list(input.shape)
    # PyTorch averages over a window of channels (avg_pool2d for 3D input, avg_pool3d above);
    # the spatial dims flattened into one make every rank an avg_pool2d over (size, 1)
    div = div.reshape(sizes[0], 1, sizes[1], -1)
    div = pad(div, (0, 0, size // 2, (size - 1) // 2))
    div = avg_pool2d(div, (size, 1), stride=1).squeeze(1).reshape(sizes)
    div = div.mul(alpha).add(k).pow(beta)
    return input / div


# ---- attention, pixel shuffles, unfold/fold, distances, feature dropouts, more pooling ----

def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """PyTorch's math formulation: q and k each scaled by sqrt(scale), the mask added
    (False masks to -inf), softmax over the keys, dropout, then the values."""
    if is_causal and attn_mask is not None:
        raise RuntimeError('_scaled_dot_product_attention: Explicit attn_mask should not be set '
                           'when is_causal=True')
    L, S = query.shape[-2], key.shape[-2]
    scale_factor = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    if enable_gqa and query.dim() >= 3 and key.shape[-3] != query.shape[-3]:
        rep = query.shape[-3] // key.shape[-3]
        key = key.repeat_interleave(rep, -3)
        value = value.repeat_interleave(rep, -3)
    root = math.sqrt(scale_factor)
    q = query * root
    k = q if key is query else key * root  # self-attention scales its one operand once
    attn = torch.matmul(q, k.transpose(-2, -1))
    if is_causal:
        attn_mask = torch.ones(L, S, dtype=torch.bool, device=query.device).tril()
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn = attn.masked_fill(attn_mask.logical_not(), float('-inf'))
        else:
            attn = attn + attn_mask
    attn = attn.softmax(-1)
    if dropout_p > 0.0:
        attn = dropout(attn, dropout_p, True)
    return torch.matmul(attn, value)


def pixel_shuffle(input, upscale_factor):
    if input.dim() < 3:
        raise RuntimeError(f'pixel_shuffle expects input to have at least 3 dimensions, but got '
                           f'input with {input.dim()} dimension(s)')
    r = upscale_factor
    c, h, w = input.shape[-3], input.shape[-2], input.shape[-1]
    if c % (r * r):
        raise RuntimeError('pixel_shuffle expects its input\'s \'channel\' dimension to be '
                           f'divisible by the square of upscale_factor, but input.size(-3)={c} '
                           f'is not divisible by {r * r}')
    lead = list(input.shape[:-3])
    nb = len(lead)
    x = input.reshape(lead + [c // (r * r), r, r, h, w])
    x = x.permute(list(range(nb + 1)) + [nb + 3, nb + 1, nb + 4, nb + 2])
    return _named(x.reshape(lead + [c // (r * r), h * r, w * r]), 'PixelShuffleBackward0')


def pixel_unshuffle(input, downscale_factor):
    if input.dim() < 3:
        raise RuntimeError(f'pixel_unshuffle expects input to have at least 3 dimensions, but '
                           f'got input with {input.dim()} dimension(s)')
    r = downscale_factor
    c, h, w = input.shape[-3], input.shape[-2], input.shape[-1]
    if h % r:
        raise RuntimeError('pixel_unshuffle expects height to be divisible by downscale_factor, '
                           f'but input.size(-2)={h} is not divisible by {r}')
    if w % r:
        raise RuntimeError('pixel_unshuffle expects width to be divisible by downscale_factor, '
                           f'but input.size(-1)={w} is not divisible by {r}')
    lead = list(input.shape[:-3])
    nb = len(lead)
    x = input.reshape(lead + [c, h // r, r, w // r, r])
    x = x.permute(list(range(nb + 1)) + [nb + 2, nb + 4, nb + 1, nb + 3])
    return _named(x.reshape(lead + [c * r * r, h // r, w // r]), 'PixelUnshuffleBackward0')


def _unfold_geometry(size, kernel, dilation, padding, stride):
    return [(size[d] + 2 * padding[d] - dilation[d] * (kernel[d] - 1) - 1) // stride[d] + 1
            for d in range(2)]


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    k, d, p, s = _pair(kernel_size), _pair(dilation), _pair(padding), _pair(stride)
    if input.dim() not in (3, 4):
        raise RuntimeError(f'Input Error: Only 3D or 4D input Tensors are supported (got '
                           f'{input.dim()}D)')
    batched = input.dim() == 4
    x = input if batched else input.unsqueeze(0)
    n, c, h, w = x.shape
    oh, ow = _unfold_geometry((h, w), k, d, p, s)
    if oh < 1 or ow < 1:
        raise RuntimeError(f'Given input with spatial size ({h}, {w}), kernel_size=({k[0]}, '
                           f'{k[1]}), dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), '
                           f'calculated shape of the array of sliding blocks as ({oh}, {ow}), '
                           'but its components must be at least one.')
    if p[0] or p[1]:
        x = pad(x, (p[1], p[1], p[0], p[0]))
    hp, wp = x.shape[2], x.shape[3]
    idx = []
    for i in range(k[0]):
        for j in range(k[1]):
            for a in range(oh):
                row = (a * s[0] + i * d[0]) * wp
                for b in range(ow):
                    idx.append(row + b * s[1] + j * d[1])
    cols = x.reshape(n, c, hp * wp).index_select(2, torch.tensor(idx, device=x.device))
    out = cols.reshape(n, c * k[0] * k[1], oh * ow)
    out = _named(out, 'Im2ColBackward0')
    return out if batched else out.squeeze(0)


def _spread(block, step, dim):
    """block with step - 1 zeros after each entry along dim, the trailing zeros cut."""
    if step == 1:
        return block
    n = block.shape[dim]
    parts = [block.unsqueeze(dim + 1)]
    zshape = list(block.shape)
    zshape.insert(dim + 1, step - 1)
    parts.append(torch.zeros(zshape, dtype=block.dtype, device=block.device))
    shape = list(block.shape)
    shape[dim] = n * step
    return torch.cat(parts, dim + 1).reshape(shape).narrow(dim, 0, (n - 1) * step + 1)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    k, d, p, s = _pair(kernel_size), _pair(dilation), _pair(padding), _pair(stride)
    size = _pair(output_size)
    if input.dim() not in (2, 3):
        raise RuntimeError(f'Input Error: Only unbatched (2D) or batched (3D) input Tensors are '
                           f'supported (got {input.dim()}D)')
    batched = input.dim() == 3
    x = input if batched else input.unsqueeze(0)
    n, ck, L = x.shape
    kk = k[0] * k[1]
    if ck % kk:
        raise RuntimeError(f'Expected size of input\'s dimension 1 to be divisible by the product '
                           f'of kernel_size, but got input.size(1)={ck} and '
                           f'kernel_size=({k[0]}, {k[1]})')
    oh, ow = _unfold_geometry(size, k, d, p, s)
    if oh * ow != L:
        raise RuntimeError(f'Given output_size=({size[0]}, {size[1]}), kernel_size=({k[0]}, '
                           f'{k[1]}), dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]}), '
                           f'stride=({s[0]}, {s[1]}), expected size of input\'s dimension 2 to '
                           f'match the calculated number of sliding blocks {oh} * {ow} = '
                           f'{oh * ow}, but got input.size(2)={L}.')
    c = ck // kk
    hp, wp = size[0] + 2 * p[0], size[1] + 2 * p[1]
    blocks = x.reshape(n, c, k[0], k[1], oh, ow)
    out = None
    for i in range(k[0]):
        for j in range(k[1]):
            b = _spread(_spread(blocks[:, :, i, j], s[0], 2), s[1], 3)
            top, left = i * d[0], j * d[1]
            b = pad(b, (left, wp - left - b.shape[3], top, hp - top - b.shape[2]))
            out = b if out is None else out + b
    if p[0] or p[1]:
        out = out[:, :, p[0]:p[0] + size[0], p[1]:p[1] + size[1]]
    out = _named(out, 'Col2ImBackward0')
    return out if batched else out.squeeze(0)


def pdist(input, p=2):
    if input.dim() != 2:
        raise RuntimeError(f'pdist only supports 2D tensors, got: {input.dim()}D')
    n = input.shape[0]
    if n < 2:
        return input.new_zeros(0)
    ij = torch.triu_indices(n, n, 1, device=input.device)
    diff = input.index_select(0, ij[0]) - input.index_select(0, ij[1])
    return diff.norm(p, 1)


def _feature_dropout(input, p, training, inplace, alpha, fname, dims):
    if p < 0.0 or p > 1.0:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    if dims is not None:
        if input.dim() not in dims:
            raise RuntimeError(f'{fname}: Expected {dims[0]}D or {dims[1]}D input, but received '
                               f'a {input.dim()}D input. Note that {fname} exists to provide '
                               'channel-wise dropout on inputs with '
                               f'{dims[1] - 2} spatial dimension{"s" if dims[1] > 3 else ""}, a '
                               'channel dimension, and an optional batch dimension (i.e. '
                               f'{dims[0]}D or {dims[1]}D inputs).')
        if input.dim() == dims[0]:
            out = _feature_dropout(input.unsqueeze(0), p, training, False, alpha, fname, None)
            out = out.squeeze(0)
            return input.copy_(out) if inplace else out
    return _dropout_impl(input, p, training, inplace, alpha, True)


def _dropout_impl(input, p, training, inplace, alpha, feature):
    """ATen's _dropout_impl (what dropout runs on the CPU): a Bernoulli noise (per channel
    for the feature forms) divided by 1 - p, or scaled for the alpha forms so that the mean
    and variance stay, then multiplied in (in place for inplace=True)."""
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        zero = torch.zeros([], dtype=input.dtype, device=input.device)
        return input.mul_(zero) if inplace else input * zero
    if feature:
        shape = list(input.shape[:2]) + [1] * (input.dim() - 2)
        noise = torch.empty(shape, dtype=input.dtype, device=input.device)
    else:
        noise = torch.empty_like(input)
    noise.bernoulli_(1 - p)
    if alpha:
        a_ = 1.7580993408473766
        a = 1.0 / math.sqrt((a_ * a_ * p + 1) * (1 - p))
        b = noise.add(-1).mul_(a_ * a).add_(a_ * a * p)
        noise.mul_(a)
        return input.mul_(noise).add_(b) if inplace else input.mul(noise).add_(b)
    noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def dropout1d(input, p=0.5, training=True, inplace=False):
    return _feature_dropout(input, p, training, inplace, False, 'dropout1d', (2, 3))


def dropout2d(input, p=0.5, training=True, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    if input.dim() not in (3, 4):
        raise RuntimeError(f'dropout2d: Received a {input.dim()}-D input to dropout2d, which is '
                           'deprecated and will result in an error in a future release.')
    # a 3D input is taken as (N, C, L), as PyTorch does (with a warning)
    return _dropout_impl(input, p, training, inplace, False, True)


def dropout3d(input, p=0.5, training=True, inplace=False):
    return _feature_dropout(input, p, training, inplace, False, 'dropout3d', (4, 5))


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    return _dropout_impl(input, p, training, inplace, True, False)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    if p < 0.0 or p > 1.0:
        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')
    return _dropout_impl(input, p, training, inplace, True, True)


def _adaptive_bounds(n_in, n_out):
    return [(i * n_in // n_out, -(-(i + 1) * n_in // n_out)) for i in range(n_out)]


def adaptive_max_pool2d(input, output_size, return_indices=False):
    if input.dim() not in (3, 4):
        raise RuntimeError(f'adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: '
                           f'{list(input.shape)}')
    oh, ow = _pair(output_size)
    h, w = input.shape[-2], input.shape[-1]
    oh = h if oh is None else oh
    ow = w if ow is None else ow
    vals, idxs = [], []
    for hs, he in _adaptive_bounds(h, oh):
        for ws, we in _adaptive_bounds(w, ow):
            win = input[..., hs:he, ws:we].reshape(list(input.shape[:-2]) + [-1])
            v, i = win.max(-1)
            vals.append(v)
            idxs.append((hs + i // (we - ws)) * w + ws + i % (we - ws))
    shape = list(input.shape[:-2]) + [oh, ow]
    out = _named(torch.stack(vals, -1).reshape(shape), 'AdaptiveMaxPool2DBackward0')
    if return_indices:
        return out, torch.stack(idxs, -1).reshape(shape)
    return out


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    if input.dim() not in (2, 3):
        raise RuntimeError(f'adaptive_max_pool1d(): Expected 2D or 3D tensor, but got '
                           f'{list(input.shape)}')
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, _single(output_size)), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool1d(input, output_size, True)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    if stride is not None:
        out = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (torch.sign(out) * relu(torch.abs(out))).mul(kernel_size).pow(1.0 / norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kw, kh = _pair(kernel_size)
    if stride is not None:
        out = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (torch.sign(out) * relu(torch.abs(out))).mul(kw * kh).pow(1.0 / norm_type)


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    gumbels = -torch.empty_like(logits).exponential_().log()
    gumbels = (logits + gumbels) / tau
    y_soft = gumbels.softmax(dim)
    if hard:
        index = y_soft.max(dim, keepdim=True)[1]
        y_hard = torch.zeros_like(logits).scatter_(dim, index, 1.0)
        return y_hard - y_soft.detach() + y_soft
    return y_soft


# ---- margin, embedding and likelihood losses: ATen's formulas ----

def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction='mean'):
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError('margin_ranking_loss : All input tensors should have same dimension '
                           f'but got sizes: input1: {input1.shape}, input2: {input2.shape}, '
                           f'target: {target.shape} ')
    out = torch.clamp(-target * (input1 - input2) + margin, min=0)
    return _reduce(out, reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction='mean'):
    zeros = torch.zeros_like(input)
    margin_clamp = (margin - input).clamp(min=0)
    out = torch.where(target != 1, margin_clamp, zeros) + torch.where(target != -1, input, zeros)
    return _reduce(out, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    out = torch.log1p(torch.exp(-target * input))
    return _named(_reduce(out, reduction), 'SoftMarginLossBackward0')


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction='mean'):
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(class_dim) / input.size(class_dim)
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction='mean'):
    if input1.dim() != input2.dim():
        raise RuntimeError('cosine_embedding_loss : All input tensors should have same '
                           f'dimension but got sizes: input1: {input1.shape}, input2: '
                           f'{input2.shape}, target: {target.shape} ')
    d = 1 if input1.dim() == 2 else 0
    prod_sum = (input1 * input2).sum(d)
    mag1 = (input1 * input1).sum(d) + 1e-12
    mag2 = (input2 * input2).sum(d) + 1e-12
    cos = prod_sum / (mag1 * mag2).sqrt()
    zeros = torch.zeros_like(cos)
    out = torch.where(target == 1, 1 - cos, zeros) + \
        torch.where(target == -1, (cos - margin).clamp(min=0), zeros)
    return _reduce(out, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,
                        size_average=None, reduce=None, reduction='mean'):
    if not (anchor.dim() == positive.dim() == negative.dim()):
        raise RuntimeError(f'The anchor, positive, and negative tensors are expected to have the '
                           f'same number of dimensions, but got: anchor {anchor.dim()}D, '
                           f'positive {positive.dim()}D, and negative {negative.dim()}D inputs')
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = torch.minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _reduce(torch.clamp(margin + dist_pos - dist_neg, min=0), reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-08,
                     reduce=None, reduction='mean'):
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(reduction + ' is not a valid value for reduction')
    if log_input:
        loss = torch.exp(input) - target * input
    else:
        loss = input - target * torch.log(input + eps)
    if full:
        stirling = target * torch.log(target) - target + 0.5 * torch.log(2 * math.pi * target)
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-06, reduction='mean'):
    if isinstance(var, float):
        if var < 0:
            raise ValueError('var has negative entry/entries')
        var = var * torch.ones_like(input)
    elif torch.any(var < 0):
        raise ValueError('var has negative entry/entries')
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = torch.unsqueeze(var, -1)
        elif input.dim() == var.dim() and \
                sum(y for x, y in zip(input.shape, var.shape) if x != y) == 1:
            pass
        else:
            raise ValueError('var is of incorrect size')
    if reduction not in ('none', 'mean', 'sum'):
        raise ValueError(reduction + ' is not valid')
    # the clamp is not differentiated (PyTorch clamps a clone under no_grad)
    var = var + (var.detach().clamp(min=eps) - var.detach())
    loss = 0.5 * (torch.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def _class_targets(input, target, fname):
    if input.dim() > 2:
        raise RuntimeError(f'{fname}: Expected non-empty vector or matrix with optional '
                           f'0-dim batch size, but got: {list(input.shape)}')
    x = input if input.dim() == 2 else input.reshape(1, -1)
    return x


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction='mean'):
    if p not in (1, 2):
        raise ValueError('only p == 1 and p == 2 supported')
    x = _class_targets(input, target, 'multi_margin_loss')
    t = target.reshape(-1)
    n, c = x.shape
    if t.numel() != n:
        raise RuntimeError(f'inconsistent target size, expected {n} but got {list(target.shape)}')
    hit = t.unsqueeze(1) == torch.arange(c, device=x.device)
    x_y = torch.where(hit, x, torch.zeros_like(x)).sum(1, keepdim=True)
    z = (margin - x_y + x).clamp(min=0)
    h = z if p == 1 else z * z
    if weight is not None:
        h = h * weight.index_select(0, t).unsqueeze(1)
    h = torch.where(hit, torch.zeros_like(h), h)
    loss = h.sum(1) / c
    if input.dim() < 2 and reduction == 'none':
        loss = loss.reshape(target.shape)
    return _named(_reduce(loss, reduction), 'MultiMarginLossBackward0')


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction='mean'):
    x = _class_targets(input, target, 'multilabel_margin_loss')
    t = target.reshape(x.shape)
    n, c = x.shape
    rows = t.tolist()
    is_target = []
    firsts = []
    for row in rows:
        mark = [False] * c
        picks = []
        for j in row:
            if j < 0:
                break
            mark[j] = True
            picks.append(j)
        is_target.append(mark)
        firsts.append(picks)
    loss_rows = []
    for b in range(n):
        total = x[b].sum() * 0
        others = torch.tensor([not m for m in is_target[b]], device=x.device)
        for j in firsts[b]:
            z = (1 - (x[b, j] - x[b])).clamp(min=0)
            total = total + torch.where(others, z, torch.zeros_like(z)).sum()
        loss_rows.append(total / c)
    loss = torch.stack(loss_rows)
    if input.dim() < 2:
        loss = loss.reshape([]) if reduction == 'none' else loss
    return _named(_reduce(loss, reduction), 'MultilabelMarginLossBackward0')


# ---- smaller forms: channel shuffle, unpooling, bilinear, upsample aliases ----

def channel_shuffle(input, groups):
    if input.dim() < 3:
        raise RuntimeError(f'channel_shuffle expects input to have at least 3 dimensions, but '
                           f'got input with {input.dim()} dimension(s)')
    if groups <= 0:
        raise RuntimeError(f'Number of groups to divide channels in must be positive. Value of '
                           f'groups:{groups}')
    c = input.shape[1]
    if c % groups:
        raise RuntimeError(f'Number of channels must be divisible by groups. Got {c} channels '
                           f'and {groups} groups.')
    n = input.shape[0]
    rest = list(input.shape[2:])
    x = input.reshape([n, groups, c // groups] + rest).transpose(1, 2)
    return x.reshape(input.shape)


native_channel_shuffle = channel_shuffle


def _max_unpool(input, indices, out_spatial, nd):
    lead = list(input.shape[:-nd])
    numel_out = 1
    for s in out_spatial:
        numel_out *= s
    flat_in = input.reshape(lead + [-1])
    flat_idx = indices.reshape(lead + [-1])
    L = flat_in.shape[-1]
    if L and int(flat_idx.max().item()) >= numel_out:
        raise RuntimeError(f'Found an invalid max index: {int(flat_idx.max().item())} (output '
                           f'volumes are of size {"x".join(str(s) for s in out_spatial)}')
    # each output place gathers the input that names it, the others a trailing zero
    src = torch.arange(L, device=input.device).expand(lead + [L])
    inverse = torch.full(lead + [numel_out], L, dtype=torch.int64, device=input.device)
    inverse = inverse.scatter(len(lead), flat_idx, src)
    padded = torch.cat([flat_in, torch.zeros(lead + [1], dtype=input.dtype, device=input.device)],
                       -1)
    return padded.gather(len(lead), inverse).reshape(lead + list(out_spatial))


def _unpool_size(input, kernel, stride, padding, output_size, nd):
    default = [(input.shape[input.dim() - nd + d] - 1) * stride[d] + kernel[d] - 2 * padding[d]
               for d in range(nd)]
    if output_size is None:
        return default
    size = list(output_size)
    if len(size) == nd + 2:
        size = size[2:]
    elif len(size) == nd + 1:
        size = size[1:]
    return size


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    k = [_single(kernel_size)]
    s = [_single(stride) if stride is not None else k[0]]
    p = [_single(padding)]
    return _max_unpool(input, indices, _unpool_size(input, k, s, p, output_size, 1), 1)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    k = list(_pair(kernel_size))
    s = list(_pair(stride)) if stride is not None else k
    p = list(_pair(padding))
    return _max_unpool(input, indices, _unpool_size(input, k, s, p, output_size, 2), 2)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    k = list(_pair(kernel_size, 3))
    s = list(_pair(stride, 3)) if stride is not None else k
    p = list(_pair(padding, 3))
    return _max_unpool(input, indices, _unpool_size(input, k, s, p, output_size, 3), 3)


def bilinear(input1, input2, weight, bias=None):
    lead = list(input1.shape[:-1])
    out = torch.einsum('bi,oij,bj->bo', input1.reshape(-1, input1.shape[-1]), weight,
                       input2.reshape(-1, input2.shape[-1]))
    out = out.reshape(lead + [weight.shape[0]])
    return out + bias if bias is not None else out


def upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None):
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode='nearest')


def upsample_bilinear(input, size=None, scale_factor=None):
    return interpolate(input, size, scale_factor, mode='bilinear', align_corners=True)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction='mean'):
    if margin <= 0:
        raise ValueError(f'margin must be greater than 0, got {margin}')
    a, p, n = anchor.dim(), positive.dim(), negative.dim()
    if not (a == p == n):
        raise RuntimeError(f'The anchor, positive, and negative tensors are expected to have the '
                           f'same number of dimensions, but got: anchor {a}D, positive {p}D, '
                           f'and negative {n}D inputs')
    dist = distance_function if distance_function is not None else pairwise_distance
    dist_pos = dist(anchor, positive)
    dist_neg = dist(anchor, negative)
    if swap:
        dist_neg = torch.minimum(dist_neg, dist(positive, negative))
    return _reduce(torch.clamp(margin + dist_pos - dist_neg, min=0), reduction)


# ---- 3-d pooling: every window's input positions gathered at once (an index built here) ----

def _triple(v, name, fname, default=None):
    if default is not None and (v is None or (isinstance(v, (tuple, list)) and len(v) == 0)):
        return default
    if isinstance(v, (tuple, list)):
        if len(v) == 1:
            return [v[0]] * 3
        if len(v) == 3:
            return list(v)
        raise RuntimeError(f'{fname}: {name} must either be a single int, or a tuple of three ints')
    return [v, v, v]


def _pool_out(n, k, s, p, d, ceil_mode):
    span = n + 2 * p - d * (k - 1) - 1
    out = (span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _windows3d(input, kernel, stride, padding, dilation, ceil_mode, fname):
    if input.dim() not in (4, 5):
        raise RuntimeError('non-empty 4D or 5D (batch mode) tensor expected for input')
    size = list(input.shape[-3:])
    for d in range(3):
        if padding[d] * 2 > kernel[d]:
            raise RuntimeError(f'{fname}: pad should be at most half of effective kernel size, '
                               f'but got pad={padding[d]}, kernel_size={kernel[d]} and '
                               f'dilation={dilation[d]}')
    outs = [_pool_out(size[d], kernel[d], stride[d], padding[d], dilation[d], ceil_mode)
            for d in range(3)]
    if min(outs) < 1:
        raise RuntimeError(f'Given input size: ({"x".join(str(s) for s in input.shape[-4:])}). '
                           f'Calculated output size: ({input.shape[-4]}x'
                           f'{"x".join(str(o) for o in outs)}). Output size is too small')
    return size, outs


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    k = _triple(kernel_size, 'kernel_size', 'max_pool3d')
    s = _triple(stride, 'stride', 'max_pool3d', k)
    p = _triple(padding, 'padding', 'max_pool3d')
    d = _triple(dilation, 'dilation', 'max_pool3d')
    size, outs = _windows3d(input, k, s, p, d, ceil_mode, 'max_pool3d')
    numel = size[0] * size[1] * size[2]
    idx = []
    axes = [[[o * s[a] - p[a] + j * d[a] for j in range(k[a])] for o in range(outs[a])]
            for a in range(3)]
    for pd in axes[0]:
        for ph in axes[1]:
            for pw in axes[2]:
                for z in pd:
                    for y in ph:
                        for x in pw:
                            ok = 0 <= z < size[0] and 0 <= y < size[1] and 0 <= x < size[2]
                            idx.append((z * size[1] + y) * size[2] + x if ok else numel)
    lead = list(input.shape[:-3])
    flat = input.reshape(lead + [numel])
    fill = torch.full(lead + [1], float('-inf'), dtype=input.dtype, device=input.device)
    where = torch.tensor(idx, device=input.device)
    kk = k[0] * k[1] * k[2]
    vals = torch.cat([flat, fill], -1).index_select(len(lead), where)
    vals = vals.reshape(lead + [len(idx) // kk, kk])
    v, am = vals.max(-1)
    out = _named(v.reshape(lead + outs), 'MaxPool3DWithIndicesBackward0')
    if not return_indices:
        return out
    table = where.reshape(-1, kk)
    rows = torch.arange(table.shape[0], device=input.device)
    flat_am = am.reshape(-1, table.shape[0])
    ind = table[rows.expand_as(flat_am), flat_am].reshape(lead + outs)
    return out, ind


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    k = _triple(kernel_size, 'kernel_size', 'avg_pool3d')
    s = _triple(stride, 'stride', 'avg_pool3d', k)
    p = _triple(padding, 'padding', 'avg_pool3d')
    size, outs = _windows3d(input, k, s, p, [1, 1, 1], ceil_mode, 'avg_pool3d')
    numel = size[0] * size[1] * size[2]
    idx, divisors = [], []

    def span(a, o):
        start = o * s[a] - p[a]
        end = min(start + k[a], size[a] + p[a])
        pool = end - start
        return start, pool, max(start, 0), min(end, size[a])

    kk = k[0] * k[1] * k[2]
    for od in range(outs[0]):
        zs, zp, z0, z1 = span(0, od)
        for oh in range(outs[1]):
            ys, yp, y0, y1 = span(1, oh)
            for ow in range(outs[2]):
                xs, xp, x0, x1 = span(2, ow)
                for z in range(zs, zs + k[0]):
                    for y in range(ys, ys + k[1]):
                        for x in range(xs, xs + k[2]):
                            ok = z0 <= z < z1 and y0 <= y < y1 and x0 <= x < x1
                            idx.append((z * size[1] + y) * size[2] + x if ok else numel)
                if divisor_override:
                    divisors.append(divisor_override)
                elif count_include_pad:
                    divisors.append(zp * yp * xp)
                else:
                    divisors.append((z1 - z0) * (y1 - y0) * (x1 - x0))
    lead = list(input.shape[:-3])
    flat = input.reshape(lead + [numel])
    zero = torch.zeros(lead + [1], dtype=input.dtype, device=input.device)
    vals = torch.cat([flat, zero], -1).index_select(len(lead), torch.tensor(idx, device=input.device))
    total = vals.reshape(lead + [len(divisors), kk]).sum(-1)
    div = torch.tensor(divisors, dtype=input.dtype, device=input.device)
    return _named((total / div).reshape(lead + outs), 'AvgPool3DBackward0')


def _adaptive3d(input, output_size, reduce_max, return_indices, fname):
    if input.dim() not in (4, 5):
        raise RuntimeError(f'{fname}(): Expected 4D or 5D tensor, but got: {list(input.shape)}')
    outs = list(_pair(output_size, 3))
    size = list(input.shape[-3:])
    outs = [size[a] if outs[a] is None else outs[a] for a in range(3)]
    lead = list(input.shape[:-3])
    vals, idxs = [], []
    for zs, ze in _adaptive_bounds(size[0], outs[0]):
        for ys, ye in _adaptive_bounds(size[1], outs[1]):
            for xs, xe in _adaptive_bounds(size[2], outs[2]):
                win = input[..., zs:ze, ys:ye, xs:xe].reshape(lead + [-1])
                if not reduce_max:
                    vals.append(win.mean(-1))
                    continue
                v, i = win.max(-1)
                vals.append(v)
                hw = (ye - ys) * (xe - xs)
                z = zs + i // hw
                y = ys + (i % hw) // (xe - xs)
                x = xs + i % (xe - xs)
                idxs.append((z * size[1] + y) * size[2] + x)
    out = _named(torch.stack(vals, -1).reshape(lead + outs),
                 'AdaptiveMaxPool3DBackward0' if reduce_max else 'AdaptiveAvgPool3DBackward0')
    if return_indices:
        return out, torch.stack(idxs, -1).reshape(lead + outs)
    return out


def adaptive_avg_pool3d(input, output_size):
    if input.dim() in (4, 5) and input.numel() > 0 and all(
            (input.shape[a - 3] if o is None else o) == 1
            for a, o in enumerate(_pair(output_size, 3))):
        # PyTorch's shortcut for global pooling: a mean over the volume (MeanBackward1)
        return input.mean((-1, -2, -3), keepdim=True)
    return _adaptive3d(input, output_size, False, False, 'adaptive_avg_pool3d')


def adaptive_max_pool3d(input, output_size, return_indices=False):
    return _adaptive3d(input, output_size, True, return_indices, 'adaptive_max_pool3d')


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    return adaptive_max_pool3d(input, output_size, True)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kd, kw, kh = _pair(kernel_size, 3)
    if stride is not None:
        out = avg_pool3d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    else:
        out = avg_pool3d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    return (torch.sign(out) * relu(torch.abs(out))).mul(kd * kw * kh).pow(1.0 / norm_type)


# ---- the names torch.nn.functional re-exports for its own signatures and dispatch ----

from typing import Callable, Optional
Tensor = torch.Tensor
DType = torch.dtype


def has_torch_function(args):
    """No tensor subclass here overrides torch functions (__torch_function__)."""
    return False


def has_torch_function_unary(arg):
    return False


def has_torch_function_variadic(*args):
    return False


def handle_torch_function(public_api, relevant_args, *args, **kwargs):
    return public_api(*args, **kwargs)


def boolean_dispatch(arg_name, arg_index, default, if_true, if_false, module_name, func_name):
    def fn(*args, **kwargs):
        flag = kwargs[arg_name] if arg_name in kwargs else (
            args[arg_index] if arg_index < len(args) else default)
        return if_true(*args, **kwargs) if flag else if_false(*args, **kwargs)
    fn.__name__ = func_name
    return fn


def assert_int_or_pair(arg, arg_name, message):
    if not (isinstance(arg, int) or len(arg) == 2):
        raise AssertionError(message.format(arg_name))
