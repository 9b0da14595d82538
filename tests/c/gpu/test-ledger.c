/*
 * The transfer ledger: the exact warning texts, the threshold, the one summary for many
 * small syncs in a cell, thread safety, and — through tensorcore with the emulated device —
 * the bytes real operations move: a 64 MiB .cpu() warns once with size and cause, 150
 * .item()s give one summary, and printing a 1e7-element device tensor moves a few KiB.
 */
#include <pthread.h>

#include "gpu-test.h"
#include "gpu/gpu-impl.h"

#define MAXW 16
static char warnings[MAXW][512];
static int nwarn;

static void capture(const char *text) {
    if (nwarn < MAXW) snprintf(warnings[nwarn], sizeof warnings[0], "%s", text);
    nwarn++;
}

static void reset(void) {
    gpu_ledger_reset();
    nwarn = 0;
}

static const tc_device cuda0 = {TC_DEVICE_CUDA, 0};

/* ---- the ledger alone ---------------------------------------------------------------- */

static void test_texts(void) {
    reset();
    gpu_ledger_begin_cell(7);
    gpu__ledger_hook(cuda0, (size_t)256 << 20, 0.0123, ".cpu()");
    GT_CHECK(nwarn == 1 &&
                 strcmp(warnings[0],
                        "UserWarning: costly GPU-to-CPU transfer: 256.0 MiB from cuda:0 by "
                        ".cpu() (12.3 ms); keep the data on the GPU or reduce it first\n") == 0,
             "large warning text: %s", warnings[0]);
    size_t n;
    const gpu_transfer *r = gpu_ledger_records(&n);
    GT_CHECK(n == 1 && r[0].bytes == (size_t)256 << 20 && r[0].cell == 7 &&
                 strcmp(r[0].cause, ".cpu()") == 0 && strcmp(r[0].device, "cuda:0") == 0,
             "record fields");
    /* exactly at the threshold warns; one byte below does not */
    gpu__ledger_hook(cuda0, (size_t)1 << 20, 0.001, ".tolist()");
    gpu__ledger_hook(cuda0, ((size_t)1 << 20) - 1, 0.001, ".tolist()");
    GT_CHECK(nwarn == 2 && strstr(warnings[1], "1.0 MiB from cuda:0 by .tolist() (1.0 ms)"),
             "threshold edge: %d %s", nwarn, warnings[1]);
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 2, "one small sync makes no summary");

    /* 250 small syncs: one summary at the end of the cell, none before */
    reset();
    gpu_ledger_begin_cell(8);
    for (int i = 0; i < 250; i++)
        gpu__ledger_hook(cuda0, 8, 0.0000124, ".item()");
    GT_CHECK(nwarn == 0, "no warning while the cell runs");
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 1 &&
                 strcmp(warnings[0],
                        "UserWarning: 250 small GPU-to-CPU transfers in this cell (.item() "
                        "x250, 2.0 KiB in all, 3.1 ms); each one synchronizes the GPU \xe2\x80\x94 "
                        "batch them, e.g. t.tolist() once\n") == 0,
             "summary text: %s", warnings[0]);
    GT_CHECK(gpu_ledger_total_bytes() == 2000, "total bytes %zu", gpu_ledger_total_bytes());

    /* 99 is under the limit; causes are listed; a new cell starts from zero */
    reset();
    gpu_ledger_begin_cell(9);
    for (int i = 0; i < 99; i++)
        gpu__ledger_hook(cuda0, 4, 0, ".item()");
    gpu_ledger_begin_cell(10);
    for (int i = 0; i < 60; i++)
        gpu__ledger_hook(cuda0, 4, 0, ".item()");
    for (int i = 0; i < 40; i++)
        gpu__ledger_hook(cuda0, 4, 0, ".tolist()");
    for (int i = 0; i < 40; i++)
        gpu__ledger_hook(cuda0, 4, 0, "bridge");
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 1 &&
                 strstr(warnings[0], "100 small GPU-to-CPU transfers in this cell (.item() x60, "
                                     ".tolist() x40, 400 B in all"),
             "mixed summary: %d %s", nwarn, warnings[0]);

    /* threshold setter */
    reset();
    gpu_ledger_set_threshold(4 << 20);
    GT_CHECK(gpu_ledger_threshold() == (size_t)4 << 20, "threshold");
    gpu__ledger_hook(cuda0, (size_t)3 << 20, 0.002, ".cpu()");
    GT_CHECK(nwarn == 0, "3 MiB under a 4 MiB threshold");
    gpu_ledger_set_threshold((size_t)1 << 20);
    GT_CHECK(gpu_ledger_total_bytes() == (size_t)3 << 20, "unwarned transfers are still counted");
}

static void *hammer(void *arg) {
    (void)arg;
    for (int i = 0; i < 5000; i++)
        gpu__ledger_hook(cuda0, 3, 0, "bridge");
    return NULL;
}

static void test_threads(void) {
    reset();
    pthread_t th[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, hammer, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    GT_CHECK(gpu_ledger_total_bytes() == 4 * 5000 * 3, "bytes from 4 threads: %zu",
             gpu_ledger_total_bytes());
    size_t n;
    gpu_ledger_records(&n);
    GT_CHECK(n > 0 && n <= 4096, "records kept bounded: %zu", n);
}

/* ---- through tensorcore on the emulated device ------------------------------------------ */

static void test_through_tensorcore(void) {
    tc_error err = {0};
    /* 64 MiB .cpu(): one warning naming size and cause, bytes counted exactly */
    reset();
    gpu_ledger_begin_cell(1);
    int64_t n64[] = {16 << 20};
    tc_tensor *d = gt_must(tc_ones(n64, 1, TC_DTYPE_F32, cuda0, &err), &err, "ones cuda");
    GT_CHECK(gpu_ledger_total_bytes() == 0, "creating on the device moves nothing back");
    tc_tensor *h = gt_must(tc_to(d, d->dtype, tc_device_cpu(), ".cpu()", &err), &err, "cpu()");
    GT_CHECK(gpu_ledger_total_bytes() == (size_t)64 << 20, "64 MiB counted: %zu",
             gpu_ledger_total_bytes());
    GT_CHECK(nwarn == 1 && strstr(warnings[0],
                                  "costly GPU-to-CPU transfer: 64.0 MiB from cuda:0 by .cpu() ("),
             "64 MiB warning: %d %s", nwarn, warnings[0]);
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 1, "no summary after one large copy");
    const float *hv = tc_data_ptr(h);
    GT_CHECK(hv && hv[0] == 1 && hv[(16 << 20) - 1] == 1, "copied values");
    tc_tensor_unref(h);

    /* 150 one-element .item()s: one summary at the end of the cell */
    reset();
    gpu_ledger_begin_cell(2);
    int64_t one[] = {1};
    tc_tensor *s = gt_must(tc_full(one, 1, 3.0, TC_DTYPE_I64, cuda0, &err), &err, "full cuda");
    for (int i = 0; i < 150; i++) {
        tc_scalar v;
        if (tc_item(s, &v, &err) != 0 || v.v.i != 3) {
            GT_CHECK(0, "item %d: %s", i, err.msg);
            break;
        }
    }
    GT_CHECK(nwarn == 0, "no warning during the loop");
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 1 && strstr(warnings[0], "UserWarning: 150 small GPU-to-CPU transfers in "
                                               "this cell (.item() x150, 1.2 KiB in all, "),
             "item summary: %d %s", nwarn, warnings[0]);
    GT_CHECK(gpu_ledger_total_bytes() == 150 * 8, "150 items move 1200 bytes: %zu",
             gpu_ledger_total_bytes());
    tc_tensor_unref(s);

    /* printing a 1e7-element device tensor copies only the shown edges */
    reset();
    gpu_ledger_begin_cell(3);
    int64_t big[] = {10000000};
    tc_tensor *b = gt_must(tc_arange(0, 1e7, 1, TC_DTYPE_F32, cuda0, &err), &err, "arange cuda");
    int64_t s2[] = {2500, 4000};
    tc_tensor *b2 = gt_must(tc_view(b, s2, 2, &err), &err, "view");
    (void)big;
    tc_strbuf out = {0};
    int rc = tc_format_tensor(b, tc_printopts_get(), &out, &err);
    GT_CHECK(rc == 0 && out.data && strstr(out.data, "device='cuda:0'"), "repr: %s",
             rc ? err.msg : out.data);
    size_t moved1 = gpu_ledger_total_bytes();
    GT_CHECK(moved1 > 0 && moved1 <= 4096, "printing 1e7 elements moved %zu bytes", moved1);
    tc_strbuf_free(&out);
    tc_strbuf out2 = {0};
    rc = tc_format_tensor(b2, tc_printopts_get(), &out2, &err);
    size_t moved2 = gpu_ledger_total_bytes() - moved1;
    GT_CHECK(rc == 0 && moved2 > 0 && moved2 <= 4096, "printing [2500,4000] moved %zu bytes",
             moved2);
    size_t nrec;
    const gpu_transfer *r = gpu_ledger_records(&nrec);
    GT_CHECK(nrec > 0 && strcmp(r[0].cause, "print") == 0, "print cause: %s",
             nrec ? r[0].cause : "");
    tc_strbuf_free(&out2);
    gpu_ledger_end_cell();
    GT_CHECK(nwarn == 0, "printing warns about nothing: %s", nwarn ? warnings[0] : "");

    /* a transfer group: the reads of two prints (several runs each) are one record holding
     * their total, under the group's cause; nested groups join the outer one */
    reset();
    tc_transfer_group_begin("display");
    tc_transfer_group_begin("inner");
    tc_strbuf g1 = {0}, g2 = {0};
    GT_CHECK(tc_format_tensor(b2, tc_printopts_get(), &g1, &err) == 0, "group print 1");
    tc_transfer_group_end();
    GT_CHECK(gpu_ledger_records(&nrec) && nrec == 0, "nothing recorded inside the group");
    GT_CHECK(tc_format_tensor(b2, tc_printopts_get(), &g2, &err) == 0, "group print 2");
    tc_transfer_group_end();
    r = gpu_ledger_records(&nrec);
    GT_CHECK(nrec == 1 && strcmp(r[0].cause, "display") == 0 && r[0].bytes == 2 * moved2,
             "one record of %zu bytes by display: %zu records, %s, %zu bytes", 2 * moved2, nrec,
             nrec ? r[0].cause : "", nrec ? r[0].bytes : 0);
    tc_transfer_group_begin("display");
    tc_transfer_group_end();
    GT_CHECK(gpu_ledger_records(&nrec) && nrec == 1, "an empty group records nothing");
    tc_strbuf_free(&g1);
    tc_strbuf_free(&g2);
    tc_tensor_unref(b2);
    tc_tensor_unref(b);
    tc_tensor_unref(d);
}

int main(void) {
    gpu_init();
    gpu_ledger_set_warn(capture);
    test_texts();
    test_threads();
    const char *name = gpu_backend_name();
    if (name && strcmp(name, "cuda-emulated") == 0)
        test_through_tensorcore();
    else
        printf("device part skipped: needs TENSORKERNEL_EMULATE_CUDA=1\n");
    return gt_finish("ledger");
}
