/*
 * Discrete Fourier transforms along tensor dimensions (torch.fft, numpy.fft): on Intel MKL's
 * DFTI configured as PyTorch's CPU build configures it where MKL is installed (PyTorch's
 * bits, its result strides), otherwise our own mixed-radix Stockham passes of radix 4, 2, 3
 * and 5 (other small primes by their direct sums) and Bluestein's chirp convolution for
 * lengths with a large prime factor, in the element type's precision (complex64 in float,
 * complex128 in double).
 *
 *     int dims[] = {1};
 *     tc_tensor *y = tc_fft_c2c(x, dims, 1, TC_FFT_NORM_NONE, true, &err);   // new tensor
 *
 * The transform length along a dimension is that dimension's size: the caller pads or
 * trims first (torch.fft's n=). norm scales the result: NONE by 1, ORTHO by 1/sqrt(N),
 * BY_N by 1/N, N being the product of the transformed lengths (the logical lengths for
 * c2r). Results live on the input's device (the work runs on the host); autograd nodes
 * are recorded with PyTorch's names (FftC2CBackward0, FftR2CBackward0, FftC2RBackward0).
 */
#ifndef TENSORCORE_FFT_H
#define TENSORCORE_FFT_H

#include "tensorcore/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tc_fft_norm { TC_FFT_NORM_NONE = 0, TC_FFT_NORM_ORTHO = 1, TC_FFT_NORM_BY_N = 2 } tc_fft_norm;

/* Complex-to-complex over dims (forward: e^{-2 pi i jk/n}, else e^{+...}). x complex64 or
 * complex128. New tensor of x's shape and dtype. */
tc_tensor *tc_fft_c2c(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, bool forward,
                      tc_error *err);
/* Real-to-complex: x float32/float64; the forward transform over dims, the last of which
 * keeps n/2 + 1 entries (onesided) or all n (onesided false). New complex tensor. */
tc_tensor *tc_fft_r2c(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, bool onesided,
                      tc_error *err);
/* Complex-to-real: the inverse transform (e^{+...}) over dims of a Hermitian half-spectrum
 * whose last dim holds at least last_n/2 + 1 entries (the first last_n/2 + 1 are used);
 * the result's last transformed dim has last_n entries. New real tensor. */
tc_tensor *tc_fft_c2r(tc_tensor *x, const int *dims, int ndims, tc_fft_norm norm, int64_t last_n,
                      tc_error *err);

#ifdef __cplusplus
}
#endif

#endif
