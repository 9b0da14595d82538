"""torch.func: vmap, grad, grad_and_value, jacrev, jacfwd, hessian, vjp, jvp and
functional_call, composed from the kernel's autograd. vmap runs the function once per slice
of the mapped dimension and stacks the results: the values are those of the unbatched calls
(randomness inside vmap and nested input structures other than flat tuples are not supported
here)."""
import torch

__all__ = ["vmap", "grad", "grad_and_value", "jacrev", "jacfwd", "hessian", "vjp", "jvp", "functional_call"]


def _name(f):
    return getattr(f, "__name__", type(f).__name__)


def _in_dims_of(func, in_dims, args):
    if isinstance(in_dims, int):
        return (in_dims,) * len(args)
    if isinstance(in_dims, tuple):
        if len(in_dims) != len(args):
            raise ValueError("vmap(%s, in_dims=%s, ...)(<inputs>): in_dims is not compatible with the structure of "
                             "`inputs`. in_dims has %d entries but inputs has %d."
                             % (_name(func), in_dims, len(in_dims), len(args)))
        return in_dims
    raise ValueError("vmap(%s, in_dims=%s, ...)(<inputs>): expected `in_dims` to be int or a (potentially nested) "
                     "tuple matching the structure of inputs, got: %s." % (_name(func), in_dims, type(in_dims)))


def _vmap_call(func, in_dims, out_dims, args, kwargs):
    dims = _in_dims_of(func, in_dims, args)
    sizes, nd = [], []
    for a, d in zip(args, dims):
        if d is None:
            nd.append(None)
            continue
        if not isinstance(a, torch.Tensor):
            raise ValueError("vmap(%s, in_dims=%s, ...)(<inputs>): Got in_dim=%d for an input but the input is of type "
                             "%s. We cannot vmap over non-Tensor arguments, please use None as the respective in_dim"
                             % (_name(func), in_dims, d, type(a)))
        if d < -a.dim() or d >= a.dim():
            raise ValueError("vmap(%s, in_dims=%s, ...)(<inputs>): Got in_dim=%d for some input, but that input is a "
                             "Tensor of dimensionality %d so expected in_dim to satisfy -%d <= in_dim < %d."
                             % (_name(func), in_dims, d, a.dim(), a.dim(), a.dim()))
        d = d + a.dim() if d < 0 else d
        nd.append(d)
        sizes.append(a.shape[d])
    if not sizes:
        raise ValueError("vmap(%s, in_dims=%s, ...)(<inputs>): at least one input must be a Tensor with a mapped "
                         "dimension" % (_name(func), in_dims))
    if any(s != sizes[0] for s in sizes):
        raise ValueError("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes %s for "
                         "the mapped dimension" % (sizes,))
    results, is_tuple = [], False
    for k in range(sizes[0]):
        out = func(*[a if d is None else a.select(d, k) for a, d in zip(args, nd)], **kwargs)
        is_tuple = isinstance(out, tuple)
        outs = out if is_tuple else (out,)
        for o in outs:
            if not isinstance(o, torch.Tensor):
                raise ValueError("vmap(%s, ...): `%s` must only return Tensors, got type %s. Did you mean to set "
                                 "out_dims= to None for output?" % (_name(func), _name(func), type(o)))
        results.append(outs)
    if not results:
        raise ValueError("vmap(%s, ...): the mapped dimension has size 0, which this kernel cannot vmap over"
                         % _name(func))
    n = len(results[0])
    od = out_dims if isinstance(out_dims, tuple) else (out_dims,) * n
    stacked = tuple(results[0][j] if od[j] is None else torch.stack([r[j] for r in results], od[j]) for j in range(n))
    return stacked if is_tuple else stacked[0]


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """vmap is the vectorizing map; vmap(func) returns a new function that maps func over some
    dimension of the inputs."""

    def wrapped(*args, **kwargs):
        return _vmap_call(func, in_dims, out_dims, args, kwargs)

    wrapped.__name__ = _name(func)
    wrapped.__wrapped__ = func
    return wrapped


def _prep(args, argnums):
    args = list(args)
    nums = argnums if isinstance(argnums, tuple) else (argnums,)
    create = False
    for i in nums:
        a = args[i]
        if a.requires_grad:  # inside an outer transform: keep its graph
            create = True
            args[i] = a.view_as(a)
        else:
            args[i] = a.detach().requires_grad_()
    return args, nums, create


def grad_and_value(func, argnums=0, has_aux=False):
    """Returns a function to compute a tuple of the gradient and primal, or forward, computation."""

    def wrapper(*args, **kwargs):
        with torch.enable_grad():
            args2, nums, create = _prep(args, argnums)
            out = func(*args2, **kwargs)
            aux = None
            if has_aux:
                if not (isinstance(out, tuple) and len(out) == 2):
                    raise RuntimeError("grad_and_value(f)(*args): output of function f should be a tuple: "
                                       "(output, aux) if has_aux is True")
                out, aux = out
            if not isinstance(out, torch.Tensor):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a Tensor, got %s"
                                   % type(out))
            if out.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor "
                                   "with %d dims. Maybe you wanted to use the vjp or jacrev APIs instead?" % out.dim())
            gs = torch.autograd.grad(out, [args2[i] for i in nums], create_graph=create, allow_unused=True)
            gs = tuple(torch.zeros_like(args2[i]) if g is None else g for g, i in zip(gs, nums))
        g = gs if isinstance(argnums, tuple) else gs[0]
        value = out if create else out.detach()
        if has_aux:
            return g, (value, aux)
        return g, value

    return wrapper


def grad(func, argnums=0, has_aux=False):
    """grad operator helps computing gradients of func with respect to the input(s) specified by argnums."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, v = gv(*args, **kwargs)
        if has_aux:
            return g, v[1]
        return g

    return wrapper


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """Computes the Jacobian of func with respect to the arg(s) at index argnum using reverse mode autodiff."""

    def wrapper(*args):
        nums = argnums if isinstance(argnums, tuple) else (argnums,)

        def f(*xs):
            a = list(args)
            for i, x in zip(nums, xs):
                a[i] = x
            return func(*a)
        j = torch.autograd.functional.jacobian(f, tuple(args[i] for i in nums))
        if isinstance(j, tuple) and not isinstance(argnums, tuple):
            j = j[0]
        return j

    return wrapper


jacfwd = jacrev


def hessian(func, argnums=0):
    """Computes the Hessian of func with respect to the arg(s) at index argnum."""
    return jacrev(jacrev(func, argnums), argnums)


def vjp(func, *primals, has_aux=False):
    """Standing for the vector-Jacobian product, returns (func(*primals), vjp_fn)."""
    with torch.enable_grad():
        xs = [p.detach().requires_grad_() for p in primals]
        out = func(*xs)

    def vjp_fn(cotangent):
        return torch.autograd.grad(out, xs, cotangent, retain_graph=True, allow_unused=True)

    return out.detach(), vjp_fn


def jvp(func, primals, tangents):
    """Standing for the Jacobian-vector product, returns (func(*primals), J @ tangents)."""
    out, j = torch.autograd.functional.jvp(func, tuple(primals), tuple(tangents))
    return out, j


def _submodule(module, path):
    for p in path:
        module = getattr(module, p)
    return module


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *, tie_weights=True, strict=False):
    """Performs a functional call on the module by replacing the module parameters and buffers with the provided ones."""
    if isinstance(parameter_and_buffer_dicts, (list, tuple)):
        merged = {}
        for d in parameter_and_buffer_dicts:
            merged.update(d)
        parameter_and_buffer_dicts = merged
    saved = []
    for name, value in parameter_and_buffer_dicts.items():
        parts = name.split(".")
        m = _submodule(module, parts[:-1])
        leaf = parts[-1]
        store = m._parameters if leaf in m._parameters else (m._buffers if leaf in m._buffers else None)
        if store is None:
            raise AttributeError("%s has no parameter or buffer named %s" % (type(m).__name__, leaf))
        saved.append((store, leaf, store[leaf]))
        store[leaf] = value
    try:
        if args is None:
            args = ()
        elif not isinstance(args, tuple):
            args = (args,)
        return module(*args, **(kwargs or {}))
    finally:
        for store, leaf, old in reversed(saved):
            store[leaf] = old
