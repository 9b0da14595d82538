"""torch.jit: the parts whose behaviour does not need TorchScript's compiler: is_scripting()
and is_tracing() (False: code here always runs eagerly), the ignore/unused/export markers
and annotate. script, trace and load need PyTorch's TorchScript compiler and runtime, which
this kernel does not have: they raise NotImplementedError instead of returning something
that merely looks compiled."""
__all__ = ["is_scripting", "is_tracing", "ignore", "unused", "export", "annotate", "Final", "script", "trace",
           "load", "save"]


def is_scripting():
    """Function that returns True when in compilation and False otherwise."""
    return False


def is_tracing():
    """Return a boolean value: True in tracing (inside torch.jit.trace), False otherwise."""
    return False


def ignore(drop=False, **kwargs):
    """This decorator indicates to the compiler that a function or method should be ignored."""
    if callable(drop):
        return drop

    def decorator(fn):
        return fn
    return decorator


def unused(fn):
    """This decorator indicates to the compiler that a function or method should be ignored and replaced with the raising of an exception."""
    return fn


def export(fn):
    """This decorator indicates that a method on an nn.Module is used as an entry point into a ScriptModule."""
    return fn


def annotate(the_type, the_value):
    """Use to give type of the_value in TorchScript compiler; in eager code it returns the_value."""
    return the_value


class _FinalType:
    def __getitem__(self, t):
        return t

    def __repr__(self):
        return "typing.Final"


Final = _FinalType()


def _no_torchscript(name):
    raise NotImplementedError("torch.jit.%s needs PyTorch's TorchScript compiler, which this kernel does not have; "
                              "call the function or module directly (eager mode)" % name)


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    _no_torchscript("script")


def trace(func, example_inputs=None, *args, **kwargs):
    _no_torchscript("trace")


def load(f, map_location=None, _extra_files=None):
    _no_torchscript("load")


def save(m, f, _extra_files=None):
    _no_torchscript("save")
