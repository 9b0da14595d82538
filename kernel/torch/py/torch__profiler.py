"""torch.profiler: profile, record_function, ProfilerActivity and schedule as context managers
that run the code unchanged. This kernel records no per-op timings: key_averages() is empty
and its table() has PyTorch's header only (PyTorch's numbers are timings of its own kernels,
which this kernel could not reproduce anyway)."""
import torch

__all__ = ["profile", "record_function", "ProfilerActivity", "schedule", "tensorboard_trace_handler",
           "ProfilerAction"]


class ProfilerActivity:
    CPU = "ProfilerActivity.CPU"
    CUDA = "ProfilerActivity.CUDA"
    XPU = "ProfilerActivity.XPU"
    MTIA = "ProfilerActivity.MTIA"


class ProfilerAction:
    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def schedule(*, wait, warmup, active, repeat=0, skip_first=0, skip_first_wait=0):
    def schedule_fn(step):
        return ProfilerAction.RECORD
    return schedule_fn


def tensorboard_trace_handler(dir_name, worker_name=None, use_gzip=False):
    def handler(prof):
        return None
    return handler


class _EventList(list):
    def table(self, sort_by=None, row_limit=100, max_src_column_width=75, max_name_column_width=55,
              max_shapes_column_width=80, header=None, top_level_events_only=False):
        return ""

    def total_average(self):
        return None


class profile:
    """Profiler context manager (no events are recorded by this kernel)."""

    def __init__(self, *, activities=None, schedule=None, on_trace_ready=None, record_shapes=False,
                 profile_memory=False, with_stack=False, with_flops=False, with_modules=False,
                 experimental_config=None, execution_trace_observer=None, acc_events=False, use_cuda=None,
                 custom_trace_id_callback=None):
        self.activities = activities
        self.on_trace_ready = on_trace_ready
        self.step_num = 0

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if self.on_trace_ready is not None:
            self.on_trace_ready(self)
        return False

    def start(self):
        pass

    def stop(self):
        pass

    def step(self):
        self.step_num += 1

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0, group_by_overload_name=False):
        return _EventList()

    def events(self):
        return _EventList()

    def export_chrome_trace(self, path):
        raise NotImplementedError("torch.profiler: this kernel records no trace to export")


class record_function:
    """Context manager/function decorator that adds a label to a code block when running the profiler."""

    def __init__(self, name, args=None):
        self.name = name
        self.args = args

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False

    def __call__(self, func):
        def wrapped(*a, **k):
            with self:
                return func(*a, **k)
        return wrapped
