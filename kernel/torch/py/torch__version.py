"""torch.version: the build this kernel mirrors (PyTorch 2.15.0, a CPU build: no CUDA, HIP,
ROCm or XPU toolkit version)."""
__all__ = ["__version__", "debug", "cuda", "git_version", "hip", "rocm", "xpu"]
__version__ = "2.15.0"
debug = False
cuda = None
git_version = "d0f2af8b66b20da4baa50644c0cd3f887a2eae2e"
hip = None
rocm = None
xpu = None
