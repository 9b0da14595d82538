"""torch.autograd.function: Functions whose forward and backward the user writes.

Function.apply runs forward with gradient recording off, then gives each output tensor a
graph node whose gradient is the user's backward (torch.autograd._record_function). A
Function with several outputs gets a node per output; each calls backward with its own
output's gradient and zeros for the others, and the engine adds the results up."""
import torch


class FunctionCtx:
    """The ctx a Function's forward and backward share."""

    def __init__(self):
        self.to_save = ()
        self.needs_input_grad = ()
        self.materialize_grads = True
        self._non_differentiable = []
        self._dirty = []

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, torch.Tensor):
                raise TypeError('save_for_backward can only save variables, but argument '
                                f'{tensors.index(t)} is of type {type(t).__name__}')
        self.to_save = tensors
        self._saved_versions = tuple(t._version if t is not None else 0 for t in tensors)
        self._saved_of = {}

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    @property
    def saved_tensors(self):
        # PyTorch's unpacking: a saved tensor written in place since fails the backward
        for t, v in zip(self.to_save, getattr(self, '_saved_versions', ())):
            if t is not None and t._version != v:
                of = self._saved_of.get(id(t)) or (t.grad_fn.name() if t.grad_fn is not None else None)
                base = of.rstrip('0123456789') if of else None
                if base and base.endswith('Backward'):
                    of = base[:-8]
                raise RuntimeError(
                    'one of the variables needed for gradient computation has been modified by an '
                    'inplace operation: [%s %s]%s is at version %d; expected version %d instead. Hint: '
                    'enable anomaly detection to find the operation that failed to compute its gradient, '
                    'with torch.autograd.set_detect_anomaly(True, check_nan=False).'
                    % (t.type(), list(t.shape), ', which is output 0 of %s,' % of if of else '', t._version, v))
        return tuple(self.to_save)

    def mark_non_differentiable(self, *args):
        self._non_differentiable.extend(args)

    def mark_dirty(self, *args):
        self._dirty.extend(args)

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)


class BackwardCFunction(FunctionCtx):
    pass


def _is_overridden(cls, name):
    return getattr(cls, name) is not getattr(Function, name)


class _FunctionMeta(type):
    pass


class Function:
    """Base class of the user's differentiable operations: define forward(ctx, *args) (or
    forward(*args) with setup_context(ctx, inputs, output)) and backward(ctx, *grads), and
    call Cls.apply(*args)."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError('Legacy autograd function with non-static forward method is deprecated. '
                           'Please use new-style autograd function with static forward method. '
                           '(Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)')

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError('You must implement the forward function for custom autograd.Function.')

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError('setup_context is not implemented.')

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError('You must implement either the backward or vjp method for your custom '
                                  'autograd.Function to use it with backward mode AD.')

    vjp = backward

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError('You must implement the jvp function for custom autograd.Function '
                                  'to use it with forward mode AD.')

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = BackwardCFunction()
        recording = torch.is_grad_enabled()
        ctx.needs_input_grad = tuple(recording and isinstance(a, torch.Tensor) and a.requires_grad
                                     for a in args)
        with torch.no_grad():
            if _is_overridden(cls, 'setup_context'):
                out = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, out)
            else:
                out = cls.forward(ctx, *args, **kwargs)
        if not any(ctx.needs_input_grad):
            return out
        outs = out if isinstance(out, tuple) else (out,)
        skip = [id(t) for t in ctx._non_differentiable]
        tensors = tuple(a if isinstance(a, torch.Tensor) else None for a in args)
        name = cls.__name__ + 'Backward'
        for o in outs:  # a saved output names this node in the error above
            if any(o is t for t in ctx.to_save):
                ctx._saved_of[id(o)] = name
        for k, o in enumerate(outs):
            if not isinstance(o, torch.Tensor) or id(o) in skip or not (o.is_floating_point() or o.is_complex()):
                continue
            torch.autograd._record_function(o, name, tensors, _backward_of(cls, ctx, outs, k, len(args)))
        return out


def _backward_of(cls, ctx, outs, k, nargs):
    """The gradient function of output k: the user's backward with output k's gradient (zeros
    for the other outputs), its results checked as PyTorch checks them."""
    shapes = [(o.shape, o.dtype) if isinstance(o, torch.Tensor) else None for o in outs]

    def grad_fn(g):
        grads = []
        for j, sd in enumerate(shapes):
            if j == k:
                grads.append(g)
            elif sd is None:
                grads.append(None)
            else:
                grads.append(torch.zeros(sd[0], dtype=sd[1]) if ctx.materialize_grads else None)
        if not _is_overridden(cls, 'backward') and not _is_overridden(cls, 'vjp'):
            raise NotImplementedError('You must implement either the backward or vjp method for your '
                                      'custom autograd.Function to use it with backward mode AD.')
        back = cls.backward if _is_overridden(cls, 'backward') else cls.vjp
        r = back(ctx, *grads)
        if not isinstance(r, tuple):
            r = (r,)
        if len(r) != nargs:
            if len(r) > nargs and all(v is None for v in r[nargs:]):
                r = r[:nargs]
            else:
                raise RuntimeError(f'function {cls.__name__}Backward returned an incorrect number of '
                                   f'gradients (expected {nargs}, got {len(r)})')
        return tuple(r)

    return grad_fn


class InplaceFunction(Function):
    def __init__(self, inplace=False):
        self.inplace = inplace


class NestedIOFunction(Function):
    pass


def once_differentiable(fn):
    """Marks a backward that is not itself differentiable (its result is used as given)."""
    return fn


torch.autograd.Function = Function
torch.autograd.function_ctx = FunctionCtx
