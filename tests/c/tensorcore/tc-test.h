/*
 * Minimal test harness for the tensorcore unit tests: CHECK macros that count failures,
 * helpers to build tensors from literals and read them back, and an exact error check.
 */
#ifndef TC_TEST_H
#define TC_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tensorcore/backend.h"
#include "tensorcore/storage.h"
#include "tensorcore/tensor.h"

static int tc_test_failures, tc_test_checks;

#define CHECK(cond)                                                               \
    do {                                                                          \
        tc_test_checks++;                                                         \
        if (!(cond)) {                                                            \
            tc_test_failures++;                                                   \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                         \
    } while (0)

/* The call must have failed with exactly this exception type and message. */
#define CHECK_ERR(err, exc, text)                                                             \
    do {                                                                                      \
        tc_test_checks++;                                                                     \
        if ((err)->type != (exc) || strcmp((err)->msg, (text)) != 0) {                       \
            tc_test_failures++;                                                               \
            fprintf(stderr, "%s:%d: expected %s: %s\n   got %s: %s\n", __FILE__, __LINE__,    \
                    tc_exc_name(exc), text, tc_exc_name((err)->type), (err)->msg);            \
        }                                                                                     \
        tc_error_clear(err);                                                                  \
    } while (0)

#define CHECK_OK(err)                                                                          \
    do {                                                                                       \
        tc_test_checks++;                                                                      \
        if (tc_error_is_set(err)) {                                                            \
            tc_test_failures++;                                                                \
            fprintf(stderr, "%s:%d: unexpected %s: %s\n", __FILE__, __LINE__,                  \
                    tc_exc_name((err)->type), (err)->msg);                                     \
            tc_error_clear(err);                                                               \
        }                                                                                      \
    } while (0)

static inline tc_tensor *tt_f32(const float *v, const int64_t *shape, int ndim) {
    return tc_from_buffer(v, TC_DTYPE_F32, shape, ndim, tc_device_cpu(), NULL);
}

static inline tc_tensor *tt_i64(const int64_t *v, const int64_t *shape, int ndim) {
    return tc_from_buffer(v, TC_DTYPE_I64, shape, ndim, tc_device_cpu(), NULL);
}

/* Element i (row-major) of any CPU tensor as double. */
static inline double tt_at(tc_tensor *t, int64_t i) {
    int64_t off = 0;
    for (int d = t->ndim - 1; d >= 0; d--) {
        off += (i % t->shape[d]) * t->strides[d];
        i /= t->shape[d];
    }
    return tc_load_f64((char *)tc_data_ptr(t) + off * (int64_t)tc_element_size(t), t->dtype);
}

/* True when t has the given shape and row-major values (within 1e-5 relative). */
static inline bool tt_equals(tc_tensor *t, const double *want, const int64_t *shape, int ndim) {
    if (!t || t->ndim != ndim) return false;
    for (int d = 0; d < ndim; d++)
        if (t->shape[d] != shape[d]) return false;
    for (int64_t i = 0; i < tc_numel(t); i++) {
        double g = tt_at(t, i), w = want[i];
        if (isnan(w) ? !isnan(g) : fabs(g - w) > 1e-5 * (1 + fabs(w))) return false;
    }
    return true;
}

static inline int tt_finish(const char *name) {
    printf("%s: %d checks, %d failed\n", name, tc_test_checks, tc_test_failures);
    return tc_test_failures ? 1 : 0;
}

#endif
