"""torch.amp: the autocast context manager and decorator with PyTorch's per-device state
(torch.is_autocast_enabled, get_autocast_dtype, ...) and GradScaler with its scale, unscale,
inf check, skipped step and growth/backoff. This kernel's ops do not change dtype under
autocast: inside `with torch.autocast('cpu')` a matmul stays float32 where PyTorch computes it
in bfloat16 (the flags and dtypes read back as PyTorch's)."""
import warnings
import torch

__all__ = ["autocast", "GradScaler", "is_autocast_available", "custom_fwd", "custom_bwd"]

_DEVICES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia", "xla",
            "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_enabled = {}
_dtype = {"cpu": torch.bfloat16, "cuda": torch.float16, "mps": torch.float16, "xpu": torch.bfloat16}
_nesting = [0]


def _check_device(device_type):
    if not isinstance(device_type, str):
        raise ValueError("Expected `device_type` of type `str`, got: `%s`" % type(device_type))
    base = device_type.split(":")[0]
    if base not in _DEVICES:
        raise RuntimeError("Expected one of %s device type at start of device string: %s"
                           % (", ".join(_DEVICES), device_type))
    return base


def is_autocast_available(device_type):
    """Return a bool indicating if autocast is available on device_type."""
    return _check_device(device_type) in ("cpu", "cuda", "xpu", "mps", "hpu", "xla", "mtia", "maia")


def is_autocast_enabled(device_type=None):
    return _enabled.get("cuda" if device_type is None else _check_device(device_type), False)


def set_autocast_enabled(device_type, enabled=None):
    if enabled is None:  # the older one-argument form is CUDA's
        device_type, enabled = "cuda", device_type
    _enabled[_check_device(device_type)] = bool(enabled)


def get_autocast_dtype(device_type):
    return _dtype.get(_check_device(device_type), torch.float16)


def set_autocast_dtype(device_type, dtype):
    _dtype[_check_device(device_type)] = dtype


def is_autocast_cpu_enabled():
    warnings.warn("torch.is_autocast_cpu_enabled() is deprecated. Please use torch.is_autocast_enabled('cpu') "
                  "instead.", DeprecationWarning)
    return is_autocast_enabled("cpu")


def get_autocast_cpu_dtype():
    return get_autocast_dtype("cpu")


def get_autocast_gpu_dtype():
    return get_autocast_dtype("cuda")


def autocast_increment_nesting():
    _nesting[0] += 1
    return _nesting[0]


def autocast_decrement_nesting():
    _nesting[0] -= 1
    return _nesting[0]


def clear_autocast_cache():
    pass


class autocast:
    """Instances of autocast serve as context managers or decorators that allow regions of your
    script to run in mixed precision."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        self.device = _check_device(device_type)
        self.fast_dtype = get_autocast_dtype(self.device) if dtype is None else dtype
        self._cache_enabled = True if cache_enabled is None else cache_enabled
        enabled = bool(enabled)
        if self.device == "cuda" and enabled and not torch.cuda.is_available():
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.")
            enabled = False
        if self.device == "cpu" and enabled and self.fast_dtype not in (torch.bfloat16, torch.float16):
            warnings.warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                          "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.")
            enabled = False
        self._enabled = enabled

    def __enter__(self):
        self.prev = is_autocast_enabled(self.device)
        self.prev_fastdtype = get_autocast_dtype(self.device)
        set_autocast_enabled(self.device, self._enabled)
        set_autocast_dtype(self.device, self.fast_dtype)
        autocast_increment_nesting()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        autocast_decrement_nesting()
        set_autocast_enabled(self.device, self.prev)
        set_autocast_dtype(self.device, self.prev_fastdtype)
        return False

    def __call__(self, func):
        def decorate_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        decorate_autocast.__name__ = getattr(func, "__name__", "decorate_autocast")
        return decorate_autocast

    def __repr__(self):
        return "<torch.amp.autocast_mode.autocast object at 0x%x>" % id(self)


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    if fwd is None:
        return lambda f: f
    return fwd


def custom_bwd(bwd=None, *, device_type):
    if bwd is None:
        return lambda f: f
    return bwd


class GradScaler:
    """Helps perform the steps of gradient scaling conveniently."""

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if device == "cuda" and enabled and not torch.cuda.is_available():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.")
            self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
        self._init_scale = init_scale
        self._growth_factor = growth_factor
        self._backoff_factor = backoff_factor
        self._growth_interval = growth_interval
        self._init_growth_tracker = 0
        self._scale = None
        self._growth_tracker = None
        self._unscaled = {}
        self._found_inf = {}

    def _lazy_init(self):
        if self._scale is None:
            self._scale = torch.full((), self._init_scale, dtype=torch.float32)
            self._growth_tracker = torch.full((), self._init_growth_tracker, dtype=torch.int32)

    def scale(self, outputs):
        if not self._enabled:
            return outputs
        self._lazy_init()
        if isinstance(outputs, torch.Tensor):
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def unscale_(self, optimizer):
        if not self._enabled:
            return
        key = id(optimizer)
        if self._unscaled.get(key):
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        self._lazy_init()
        inv = self._scale.double().reciprocal().float()
        found = torch.zeros((), dtype=torch.float32)
        with torch.no_grad():
            for group in optimizer.param_groups:
                for p in group["params"]:
                    if p.grad is None:
                        continue
                    if not bool(torch.isfinite(p.grad).all()):
                        found = torch.ones((), dtype=torch.float32)
                    p.grad.mul_(inv)
        self._found_inf[key] = found
        self._unscaled[key] = True

    def step(self, optimizer, *args, **kwargs):
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        key = id(optimizer)
        if not self._unscaled.get(key):
            self.unscale_(optimizer)
        if self._found_inf[key].item() == 0:
            return optimizer.step(*args, **kwargs)
        return None

    def update(self, new_scale=None):
        if not self._enabled:
            return
        self._lazy_init()
        if new_scale is not None:
            v = new_scale if isinstance(new_scale, float) else new_scale.item()
            self._scale = torch.full((), v, dtype=torch.float32)
        else:
            found = sum(f.item() for f in self._found_inf.values())
            if found > 0:
                self._scale = self._scale * self._backoff_factor
                self._growth_tracker = torch.zeros((), dtype=torch.int32)
            else:
                t = self._growth_tracker.item() + 1
                if t == self._growth_interval:
                    self._scale = self._scale * self._growth_factor
                    t = 0
                self._growth_tracker = torch.full((), t, dtype=torch.int32)
        self._unscaled = {}
        self._found_inf = {}

    def get_scale(self):
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self):
        return self._growth_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def get_growth_interval(self):
        return self._growth_interval

    def is_enabled(self):
        return self._enabled

    def state_dict(self):
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor, "backoff_factor": self._backoff_factor,
                "growth_interval": self._growth_interval,
                "_growth_tracker": self._init_growth_tracker if self._growth_tracker is None else self._growth_tracker.item()}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved from a disabled "
                               "instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        self._scale = torch.full((), state_dict["scale"], dtype=torch.float32)
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        self._growth_tracker = torch.full((), state_dict["_growth_tracker"], dtype=torch.int32)


for _c in (autocast, GradScaler):
    _c.__module__ = "torch.amp"
