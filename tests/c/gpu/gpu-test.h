/*
 * Small helpers shared by the device-layer tests: checks that count and report, and
 * tensor construction and comparison through tensorcore's public API only.
 */
#ifndef GPU_TEST_H
#define GPU_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gpu/gpu.h"
#include "tensorcore/backend.h"
#include "tensorcore/format.h"
#include "tensorcore/storage.h"
#include "tensorcore/tensor.h"

static int gt_checks, gt_failures;

#define GT_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        gt_checks++;                                                                               \
        if (!(cond)) {                                                                             \
            gt_failures++;                                                                         \
            if (gt_failures <= 40) {                                                               \
                fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                               \
                fprintf(stderr, __VA_ARGS__);                                                      \
                fputc('\n', stderr);                                                               \
            }                                                                                      \
        }                                                                                          \
    } while (0)

/* Abort the test on an error that means the set-up itself is broken. */
static inline tc_tensor *gt_must(tc_tensor *t, const tc_error *err, const char *what) {
    if (!t) {
        fprintf(stderr, "setup failed: %s: %s: %s\n", what, tc_exc_name(err->type), err->msg);
        exit(2);
    }
    return t;
}

static inline tc_device gt_cuda(void) {
    tc_device d = {TC_DEVICE_CUDA, 0};
    return d;
}

static inline int gt_finish(const char *name) {
    printf("%s: %d checks, %d failed\n", name, gt_checks, gt_failures);
    return gt_failures ? 1 : 0;
}

#endif
