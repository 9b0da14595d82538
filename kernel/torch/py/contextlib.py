"""Helpers for `with` statements: contextmanager (a generator as a context manager),
ExitStack (a run-time list of exits), and the small managers suppress, nullcontext,
closing, chdir, redirect_stdout and redirect_stderr. Behaves as CPython 3.11's contextlib.

In the kernel, redirect_stdout/redirect_stderr replace sys.stdout/sys.stderr: writes that
go through them (sys.stdout.write, print(..., file=sys.stdout)) are redirected, a bare
print() still reaches the cell's output. There are no asynchronous variants (the kernel has
no `async`)."""
import sys
from functools import wraps

__all__ = ["contextmanager", "closing", "nullcontext", "AbstractContextManager",
           "ContextDecorator", "ExitStack", "redirect_stdout", "redirect_stderr",
           "suppress", "chdir"]


class AbstractContextManager:
    """Base for context managers: entering gives the manager itself; a subclass defines
    __exit__."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    """Mixin that lets a context manager decorate a function: each call of the function
    runs inside `with` of the manager (of a fresh one, see _recreate_cm)."""

    def _recreate_cm(self):
        # a manager that can be entered many times serves every call itself
        return self

    def __call__(self, func):
        manager = self

        @wraps(func)
        def run_inside(*args, **kwds):
            with manager._recreate_cm():
                return func(*args, **kwds)
        return run_inside


class _GeneratorContextManager(ContextDecorator, AbstractContextManager):
    """What a @contextmanager function returns: drives the generator through one `with`."""

    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func = func
        self.args = args
        self.kwds = kwds
        doc = getattr(func, '__doc__', None)
        self.__doc__ = type(self).__doc__ if doc is None else doc

    def _recreate_cm(self):
        # a generator runs once, so each decorated call needs a new one
        return type(self)(self.func, self.args, self.kwds)

    def __enter__(self):
        # once entered the manager cannot be recreated: let the arguments go
        del self.func, self.args, self.kwds
        for first in self.gen:
            return first
        raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            # normal end of the block: the generator must be finished now
            for _ in self.gen:
                self._give_up("generator didn't stop")
            return False
        if value is None:
            value = typ()
        # the block raised: raise it inside the generator at its yield
        try:
            self.gen.throw(typ, value, traceback)
        except StopIteration as stop:
            # the generator finished (it swallowed the exception), unless the block's
            # own exception was a StopIteration that came back out
            return stop is not value
        except RuntimeError as err:
            if err is value:
                err.__traceback__ = traceback
                return False
            # a StopIteration from the block, turned into RuntimeError by the generator
            if isinstance(value, StopIteration) and err.__cause__ is value:
                value.__traceback__ = traceback
                return False
            raise
        except BaseException as err:
            if err is not value:
                raise
            # the same exception came back: let the with statement re-raise it
            err.__traceback__ = traceback
            return False
        self._give_up("generator didn't stop after throw()")

    def _give_up(self, why):
        # the generator yielded once too often: close it (its finally blocks run) and fail
        try:
            raise RuntimeError(why)
        finally:
            self.gen.close()


def contextmanager(func):
    """Decorator: turns a generator function that yields once into a factory of context
    managers. The code before the yield runs on entry, the yielded value is what `as`
    binds, the code after it runs on exit; an exception from the block is raised at the
    yield."""
    @wraps(func)
    def make_manager(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    return make_manager


class closing(AbstractContextManager):
    """with closing(thing) as t: ... calls thing.close() at the end."""

    def __init__(self, thing):
        self.thing = thing

    def __exit__(self, *exc_info):
        self.thing.close()

    def __enter__(self):
        return self.thing


class nullcontext(AbstractContextManager):
    """A manager that does nothing; entering it gives enter_result."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class suppress(AbstractContextManager):
    """with suppress(E1, E2): ... ignores those exceptions (and their subclasses) raised in
    the block; execution goes on after the with statement."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class _SwapSysStream(AbstractContextManager):
    # sys.<_stream> is replaced on entry and put back on exit; the saved streams form a
    # stack so one instance can be entered again while already active
    _stream = None

    def __init__(self, new_target):
        self._new_target = new_target
        self._saved = []

    def __enter__(self):
        name = self._stream
        self._saved.append(getattr(sys, name))
        setattr(sys, name, self._new_target)
        return self._new_target

    def __exit__(self, exctype, excinst, exctb):
        previous = self._saved.pop()
        setattr(sys, self._stream, previous)


class redirect_stdout(_SwapSysStream):
    """with redirect_stdout(f): ... makes sys.stdout be f inside the block."""
    _stream = 'stdout'


class redirect_stderr(_SwapSysStream):
    """with redirect_stderr(f): ... makes sys.stderr be f inside the block."""
    _stream = 'stderr'


class chdir(AbstractContextManager):
    """with chdir(path): ... runs the block in another working directory."""

    def __init__(self, path):
        self.path = path
        self._came_from = []

    def __exit__(self, *excinfo):
        import os
        os.chdir(self._came_from.pop())

    def __enter__(self):
        import os
        self._came_from.append(os.getcwd())
        os.chdir(self.path)


def _special(obj, name):
    # special methods are looked up on the type, as the with statement does
    return getattr(type(obj), name, None)


def _set_context(exc, context):
    """Chain context under exc as the interpreter would have, avoiding a cycle."""
    if exc is context or context is None:
        return
    seen = exc.__context__
    while seen is not None:
        if seen is context:
            return
        seen = seen.__context__
    try:
        exc.__context__ = context
    except (AttributeError, TypeError):
        pass


class ExitStack(AbstractContextManager):
    """A stack of exit callbacks, run last-in first-out when the with block ends (or at
    close()). Managers entered with enter_context() are exited there; push() adds an
    __exit__-like callable, callback() any function with its arguments.

        with ExitStack() as stack:
            files = [stack.enter_context(open(name)) for name in names]
    """

    def __init__(self):
        # entries are (True, exit function); the flag marks synchronous exits
        self._exit_callbacks = []

    def _push_exit_callback(self, cb, is_sync=True):
        self._exit_callbacks.append((is_sync, cb))

    def pop_all(self):
        """Move every registered exit to a new stack (returned); this one is left empty."""
        moved = type(self)()
        moved._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return moved

    def push(self, exit):
        """Register exit: an object with __exit__ (its __exit__ is registered) or a
        callable taking (exc_type, exc, tb) that may return true to suppress. Returns exit,
        so push can decorate a function."""
        method = _special(exit, '__exit__')
        if method is None:
            self._push_exit_callback(exit)
        else:
            self._push_cm_exit(exit, method)
        return exit

    def enter_context(self, cm):
        """Enter the manager cm, register its exit, and return what entering gave."""
        enter = _special(cm, '__enter__')
        leave = _special(cm, '__exit__')
        if enter is None or leave is None:
            cls = type(cm)
            raise TypeError("'%s.%s' object does not support the context manager protocol"
                            % (cls.__module__, cls.__qualname__))
        result = enter(cm)
        self._push_cm_exit(cm, leave)
        return result

    def callback(*args, **kwds):
        """callback(fn, *args, **kwds): register fn(*args, **kwds) to run at exit (it
        cannot suppress exceptions). Returns fn, so callback can decorate a function."""
        if len(args) < 2:
            missing = 'self' if not args else 'callback'
            raise TypeError("_BaseExitStack.callback() missing 1 required positional argument: "
                            "'%s'" % missing)
        self, fn, args = args[0], args[1], args[2:]

        def run_callback(exc_type, exc, tb):
            fn(*args, **kwds)
        run_callback.__wrapped__ = fn
        self._push_exit_callback(run_callback)
        return fn

    def _push_cm_exit(self, cm, cm_exit):
        def run_exit(exc_type, exc, tb):
            return cm_exit(cm, exc_type, exc, tb)
        self._push_exit_callback(run_exit)

    def close(self):
        """Run every registered exit now."""
        self.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc_details):
        had_error = exc_details[0] is not None
        # `current` is the exception in flight for the next callback; `raised` says
        # whether it came from a callback (then it is raised at the end)
        current = exc_details[1]
        details = exc_details
        suppressed = False
        raised = False
        stack = self._exit_callbacks
        while stack:
            cb = stack.pop()[1]
            try:
                if cb(*details):
                    suppressed = True
                    raised = False
                    current = None
                    details = (None, None, None)
            except BaseException as err:
                _set_context(err, current)
                current = err
                details = (type(err), err, err.__traceback__)
                raised = True
        if raised:
            context = current.__context__
            try:
                raise current
            except BaseException:
                current.__context__ = context
                raise
        return had_error and suppressed
