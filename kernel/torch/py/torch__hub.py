"""torch.hub: the cache directory functions (get_dir, set_dir) as PyTorch's. Loading models
needs network access to GitHub or a download URL, which this kernel does not have: list,
load, help and the download functions raise an OSError saying so."""
import os

__all__ = ["get_dir", "set_dir", "list", "load", "help", "download_url_to_file", "load_state_dict_from_url"]

_hub_dir = None


def _torch_home():
    return os.path.expanduser(os.getenv("TORCH_HOME", os.path.join(os.getenv("XDG_CACHE_HOME", "~/.cache"), "torch")))


def get_dir():
    """Get the Torch Hub cache directory used for storing downloaded models & weights."""
    if os.getenv("TORCH_HUB"):
        import warnings
        warnings.warn("TORCH_HUB is deprecated, please use env TORCH_HOME instead")
    if _hub_dir is not None:
        return _hub_dir
    return os.path.join(_torch_home(), "hub")


def set_dir(d):
    """Optionally set the Torch Hub directory used to save downloaded models & weights."""
    global _hub_dir
    _hub_dir = os.path.expanduser(d)


def _offline(what):
    raise OSError("torch.hub.%s needs network access to download models, which this kernel does not have" % what)


def list(github, force_reload=False, skip_validation=False, trust_repo=None, verbose=True):
    _offline("list")


def help(github, model, force_reload=False, skip_validation=False, trust_repo=None):
    _offline("help")


def load(repo_or_dir, model, *args, source="github", trust_repo=None, force_reload=False, verbose=True,
         skip_validation=False, **kwargs):
    _offline("load")


def download_url_to_file(url, dst, hash_prefix=None, progress=True):
    _offline("download_url_to_file")


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True, check_hash=False,
                             file_name=None, weights_only=False):
    _offline("load_state_dict_from_url")
