/*
 * The FFTs through Intel MKL's DFTI (fft-mkl.c), the library PyTorch's CPU build runs them
 * on: one batched transform as ATen's _plan_mkl_fft configures it. Descriptors are kept for
 * reuse (planning a large transform costs more than running it).
 */
#ifndef TENSORCORE_FFT_MKL_H
#define TENSORCORE_FFT_MKL_H

#include <stdbool.h>
#include <stdint.h>

#include "tensorcore/error.h"

#define TC_DFTI_MAX_RANK 7 /* DFTI's limit on the dimensions of one transform */

/* batch transforms of rank dims each, out of place. A real transform (r2c forward, c2r
 * backward) keeps its complex side in the conjugate-even CCE layout (len[rank-1]/2+1
 * entries on the last dim). Strides and distances count elements of each side's type
 * (complex entries on a complex side); lengths are the full (two-sided) ones. */
typedef struct tc__dfti_spec {
    bool dbl;     /* double precision */
    bool real;    /* a real-domain transform */
    bool forward;
    bool scaled;  /* scale set (any normalisation but none), else MKL's default */
    int rank;
    int64_t len[TC_DFTI_MAX_RANK];
    int64_t istride[TC_DFTI_MAX_RANK], ostride[TC_DFTI_MAX_RANK];
    int64_t batch, idist, odist;
    double scale;
} tc__dfti_spec;

/* Whether MKL's DFTI could be opened (the first call tries; TK_MKL_LIB="" turns it off). */
bool tc__dfti_available(void);

/* Runs the transform from in to out; 0, or -1 with err set (MemoryError when MKL runs out of
 * memory, RuntimeError "MKL FFT error: ..." otherwise). */
int tc__dfti_run(const tc__dfti_spec *s, const void *in, void *out, tc_error *err);

#endif
