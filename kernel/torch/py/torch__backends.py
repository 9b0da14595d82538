"""torch.backends: what the CUDA build of PyTorch from PyPI reports (CUDA and cuDNN built,
no MPS; the kernel's GPU work goes through torch.cuda), with the flags tutorials set kept
as set."""


class _Flags:
    def __init__(self, name, **flags):
        self._name = name
        for k in flags:
            setattr(self, k, flags[k])

    def __repr__(self):
        return "<module 'torch.backends.%s'>" % self._name


def _false():
    return False


def _true():
    return True


def _none():
    return None


cuda = _Flags("cuda", is_built=_true, matmul=_Flags("cuda.matmul", allow_tf32=False,
                                                     allow_fp16_reduced_precision_reduction=True,
                                                     allow_bf16_reduced_precision_reduction=True),
              cufft_plan_cache=None, preferred_linalg_library=_none,
              flash_sdp_enabled=_true, mem_efficient_sdp_enabled=_true, math_sdp_enabled=_true)
def _cudnn_version():
    return 92600  # the cuDNN of the CUDA build of PyTorch 2.15 the kernel mirrors


cudnn = _Flags("cudnn", is_available=_true, version=_cudnn_version, enabled=True, benchmark=False,
               deterministic=False, allow_tf32=True)
mps = _Flags("mps", is_available=_false, is_built=_false)
mkldnn = _Flags("mkldnn", is_available=_true, enabled=True)
def _has_mkl():
    import torch
    return torch._has_mkl()


mkl = _Flags("mkl", is_available=_has_mkl)
openmp = _Flags("openmp", is_available=_true)
opt_einsum = _Flags("opt_einsum", is_available=_false, enabled=False, strategy=None)
