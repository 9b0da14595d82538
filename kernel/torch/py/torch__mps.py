"""torch.mps: Apple's Metal backend, which this kernel does not have: as PyTorch built
without it, nothing is available and the calls that need the backend raise its messages."""


def _no_mps(what):
    raise RuntimeError("Cannot execute %s() without MPS backend." % what)


def is_available():
    return False


def device_count():
    return 0


def synchronize():
    _no_mps("deviceSynchronize")


def manual_seed(seed):
    return None


def seed():
    _no_mps("getDefaultGenerator")


def get_rng_state(device="mps"):
    _no_mps("getDefaultGenerator")


def set_rng_state(new_state, device="mps"):
    _no_mps("getDefaultGenerator")


def empty_cache():
    _no_mps("emptyCache")


def current_allocated_memory():
    _no_mps("getCurrentAllocatedMemory")


def driver_allocated_memory():
    _no_mps("getDriverAllocatedMemory")


def recommended_max_memory():
    _no_mps("getRecommendedMaxMemory")


def set_per_process_memory_fraction(fraction):
    _no_mps("setMemoryFraction")
