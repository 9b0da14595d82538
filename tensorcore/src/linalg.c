/*
 * matmul (torch.matmul's 1-D/2-D/batched rules over the backend's 2-D product), cat,
 * stack, boolean-mask and integer-index selection, .item() and the .numpy() checks,
 * all with PyTorch's messages.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "tc-impl.h"

/* ---- matmul -------------------------------------------------------------------------------- */

/* c = a @ b for 2-D a, b of one dtype; no autograd. */
static tc_tensor *mm_raw(tc_tensor *a, tc_tensor *b, tc_error *err) {
    int64_t shape[2] = {a->shape[0], b->shape[1]};
    void *ctx;
    const tc_backend_i *be = tc__backend(a->device, &ctx, err);
    if (!be) return NULL;
    tc_tensor *c = tc__tensor_new(shape, 2, a->dtype, a->device, err);
    if (!c || tc_numel(c) == 0) return c;
    tc_kview kc, ka, kb;
    tc__kview(c, &kc);
    tc__kview(a, &ka);
    tc__kview(b, &kb);
    if (be->matmul(ctx, &kc, &ka, &kb, err) != 0) {
        tc_tensor_unref(c);
        return NULL;
    }
    return c;
}

static tc_tensor *as_shape(tc_tensor *t, int64_t r, int64_t c, int nd, tc_error *err) {
    int64_t sh[2] = {r, c}, st[2];
    if (nd == 2) {
        /* [k] as [1, k] or [k, 1] */
        st[0] = r == 1 ? (t->ndim ? t->strides[0] * t->shape[0] : 1) : t->strides[0];
        st[1] = r == 1 ? t->strides[0] : 1;
    } else {
        st[0] = 1;
    }
    return tc__tensor_alias(t, sh, st, nd, t->offset, err);
}

static tc_tensor *grad_wrap(tc_tensor *out, const char *name, tc__gkind kind, tc_tensor *a,
                            tc_tensor *b, tc_error *err) {
    if (out && tc__needs_grad(a, b) && tc__grad_record(out, name, kind, a, b, NULL, NULL, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

static tc_tensor *matmul_dot(tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (a->shape[0] != b->shape[0]) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "inconsistent tensor size, expected tensor [%lld] and src [%lld] to have the same "
                     "number of elements, but got %lld and %lld elements respectively",
                     (long long)a->shape[0], (long long)b->shape[0], (long long)a->shape[0], (long long)b->shape[0]);
        return NULL;
    }
    tc_tensor *ra = as_shape(a, 1, a->shape[0], 2, err);
    tc_tensor *cb = ra ? as_shape(b, b->shape[0], 1, 2, err) : NULL;
    if (cb) { cb->strides[0] = b->strides[0]; cb->strides[1] = 1; }
    tc_tensor *c = cb ? mm_raw(ra, cb, err) : NULL;
    tc_tensor_unref(ra);
    tc_tensor_unref(cb);
    if (!c) return NULL;
    tc_tensor *s = tc__tensor_alias(c, NULL, NULL, 0, 0, err);
    tc_tensor_unref(c);
    return grad_wrap(s, "DotBackward0", TC_G_DOT, a, b, err);
}

static int mm_shape_error(const tc_tensor *a, const tc_tensor *b, int64_t ar, int64_t ac,
                          int64_t br, int64_t bc, tc_error *err) {
    return tc_error_set(err, TC_EXC_RUNTIME, "mm: mat1 and mat2 shapes cannot be multiplied (%lldx%lld and %lldx%lld)",
                        (long long)ar, (long long)ac, (long long)br, (long long)bc);
}

static tc_tensor *matmul_mv(tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (a->shape[1] != b->shape[0]) {
        tc_error_set(err, TC_EXC_RUNTIME, "size mismatch, got input (%lld), mat (%lldx%lld), vec (%lld)",
                     (long long)a->shape[0], (long long)a->shape[0], (long long)a->shape[1], (long long)b->shape[0]);
        return NULL;
    }
    int64_t sh[2] = {b->shape[0], 1}, st[2] = {b->strides[0], 1};
    tc_tensor *cb = tc__tensor_alias(b, sh, st, 2, b->offset, err);
    tc_tensor *c = cb ? mm_raw(a, cb, err) : NULL;
    tc_tensor_unref(cb);
    if (!c) return NULL;
    int64_t s1[1] = {c->shape[0]}, t1[1] = {1};
    tc_tensor *v = tc__tensor_alias(c, s1, t1, 1, 0, err);
    tc_tensor_unref(c);
    return grad_wrap(v, "MvBackward0", TC_G_MV, a, b, err);
}

/* One batch of a batched product: out[i] = EA[i] @ EB[i] over the broadcast batch dims. */
typedef struct bmm_job {
    const tc_tensor *out, *EA, *EB;
    const int64_t *batch;
    int nb;
    atomic_int failed; /* a helper ran out of memory: err says so */
    tc_error err;
} bmm_job;

/* Products of at most this many multiply-adds go one per thread (see matmul_batched). */
#define BMM_SMALL ((int64_t)1 << 23)

/* The 2-D kernel views of batch i. */
static void bmm_views(const bmm_job *j, int64_t i, tc_kview *kc, tc_kview *ka, tc_kview *kb) {
    const tc_tensor *out = j->out, *EA = j->EA, *EB = j->EB;
    int nb = j->nb;
    size_t es = tc_dtype_size(EA->dtype);
    tc__kview(out, kc);
    tc__kview(EA, ka);
    tc__kview(EB, kb);
    int64_t rem = i, oa = 0, ob = 0, oc = 0;
    for (int d = nb - 1; d >= 0; d--) {
        int64_t idx = rem % j->batch[d];
        rem /= j->batch[d];
        oa += idx * EA->strides[d];
        ob += idx * EB->strides[d];
        oc += idx * out->strides[d];
    }
    kc->data = (char *)kc->data + oc * (int64_t)es;
    ka->data = (char *)ka->data + oa * (int64_t)es;
    kb->data = (char *)kb->data + ob * (int64_t)es;
    kc->ndim = ka->ndim = kb->ndim = 2;
    for (int d = 0; d < 2; d++) {
        kc->shape[d] = out->shape[nb + d]; kc->strides[d] = out->strides[nb + d];
        ka->shape[d] = EA->shape[nb + d]; ka->strides[d] = EA->strides[nb + d];
        kb->shape[d] = EB->shape[nb + d]; kb->strides[d] = EB->strides[nb + d];
    }
}

static void bmm_range(void *ctx, int64_t b, int64_t e) {
    bmm_job *j = ctx;
    for (int64_t i = b; i < e && !atomic_load(&j->failed); i++) {
        tc_kview kc, ka, kb;
        tc_error err = {0};
        bmm_views(j, i, &kc, &ka, &kb);
        if (tc__cpu_gemm(&kc, &ka, &kb, &err) != 0) {
            int no = 0;
            if (atomic_compare_exchange_strong(&j->failed, &no, 1)) j->err = err;
        }
    }
}

static tc_tensor *matmul_batched(tc_tensor *a, tc_tensor *b, tc_error *err) {
    bool a1 = a->ndim == 1, b1 = b->ndim == 1;
    tc_tensor *A = a1 ? tc_unsqueeze(a, 0, err) : tc_tensor_ref(a);
    tc_tensor *B = A ? (b1 ? tc_unsqueeze(b, 1, err) : tc_tensor_ref(b)) : NULL;
    tc_tensor *out = NULL;
    if (!B) goto done;
    int64_t m = A->shape[A->ndim - 2], k = A->shape[A->ndim - 1];
    int64_t k2 = B->shape[B->ndim - 2], n = B->shape[B->ndim - 1];
    if (k != k2) {
        char s1[256], s2[256];
        tc_error_set(err, TC_EXC_RUNTIME,
                     "Expected size for first two dimensions of batch2 tensor to be: %s but got: %s.",
                     tc__shape_str((int64_t[]){1, k}, 2, s1, sizeof s1), tc__shape_str((int64_t[]){1, k2}, 2, s2, sizeof s2));
        goto done;
    }
    int64_t batch[TC_MAX_DIMS], full[TC_MAX_DIMS];
    int nb;
    if (tc__broadcast_shapes(A->shape, A->ndim - 2, B->shape, B->ndim - 2, batch, &nb, err)) goto done;
    memcpy(full, batch, sizeof(int64_t) * (size_t)nb);
    full[nb] = m; full[nb + 1] = k;
    tc_tensor *EA = tc_expand(A, full, nb + 2, err);
    full[nb] = k; full[nb + 1] = n;
    tc_tensor *EB = EA ? tc_expand(B, full, nb + 2, err) : NULL;
    full[nb] = m; full[nb + 1] = n;
    out = EB ? tc__tensor_new(full, nb + 2, A->dtype, A->device, err) : NULL;
    void *ctx;
    const tc_backend_i *be = out ? tc__backend(A->device, &ctx, err) : NULL;
    bmm_job j = {out, EA, EB, batch, nb, 0, {0}};
    int64_t nbatch = tc__shape_numel(batch, nb);
    if (be && m * n > 0 && A->device.type == TC_DEVICE_CPU && nbatch >= tc__cpu_threads() &&
        (A->dtype == TC_DTYPE_F32 || A->dtype == TC_DTYPE_F64) && m * n * k <= BMM_SMALL) {
        /* small products: one per thread, which beats splitting each across the threads */
        tc__cpu_blas_parallel(nbatch, bmm_range, &j);
        if (j.failed) {
            *err = j.err;
            tc_tensor_unref(out);
            out = NULL;
        } else if (tc_interrupt_check(err)) {
            tc_tensor_unref(out);
            out = NULL;
        }
        be = NULL;
    }
    for (int64_t i = 0; be && i < nbatch && m * n > 0; i++) {
        tc_kview kc, ka, kb;
        bmm_views(&j, i, &kc, &ka, &kb);
        if (be->matmul(ctx, &kc, &ka, &kb, err) != 0) {
            tc_tensor_unref(out);
            out = NULL;
            break;
        }
    }
    tc_tensor_unref(EA);
    tc_tensor_unref(EB);
    if (out && tc__needs_grad(A, B) && tc__grad_record(out, "UnsafeViewBackward0", TC_G_MM, A, B, NULL, NULL, err)) {
        tc_tensor_unref(out);
        out = NULL;
    }
    if (out && (a1 || b1)) {
        tc_tensor *sq = tc_squeeze(out, a1 ? -2 : -1, err);
        tc_tensor_unref(out);
        out = sq;
    }
done:
    tc_tensor_unref(A);
    tc_tensor_unref(B);
    return out;
}

/* torch.matmul. */
/* matmul's shape and dtype checks in PyTorch's order and words for the op it folds to:
 * dot (dtype first), mv ("size mismatch" / addmv), mm ("mm: mat1 and mat2 ..." / m1 m2)
 * and bmm ("Expected size for first two dimensions of batch2" / scalar type). */
static int matmul_check(const tc_tensor *a, const tc_tensor *b, tc_error *err) {
    if (a->ndim == 1 && b->ndim == 1) {
        if (a->dtype != b->dtype)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "dot : expected both vectors to have same dtype, but found %s and %s",
                                tc__dtype_title(a->dtype), tc__dtype_title(b->dtype));
        return 0; /* the size check is matmul_dot's */
    }
    int64_t rows = 1, k = a->shape[a->ndim - 1];
    for (int i = 0; i < a->ndim - 1; i++) rows *= a->shape[i];
    if (b->ndim == 1) {
        if (k != b->shape[0])
            return tc_error_set(err, TC_EXC_RUNTIME, "size mismatch, got input (%lld), mat (%lldx%lld), vec (%lld)",
                                (long long)rows, (long long)rows, (long long)k, (long long)b->shape[0]);
        if (a->dtype != b->dtype)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "addmv input tensors must have the same dtype, but got %s, %s, and %s",
                                tc__dtype_title(b->dtype), tc__dtype_title(a->dtype), tc__dtype_title(b->dtype));
        return 0;
    }
    if (b->ndim == 2) {
        if (k != b->shape[0])
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "mm: mat1 and mat2 shapes cannot be multiplied (%lldx%lld and %lldx%lld)",
                                (long long)rows, (long long)k, (long long)b->shape[0], (long long)b->shape[1]);
        if (a->dtype != b->dtype)
            return tc_error_set(err, TC_EXC_RUNTIME, "expected m1 and m2 to have the same dtype, but got: %s != %s",
                                tc_dtype_cpp_name(a->dtype), tc_dtype_cpp_name(b->dtype));
        return 0;
    }
    int an = a->ndim == 1 ? 0 : a->ndim - 2;
    int64_t batch[TC_MAX_DIMS], k2 = b->shape[b->ndim - 2];
    int nb;
    if (tc__broadcast_shapes(a->shape, an, b->shape, b->ndim - 2, batch, &nb, err)) return -1;
    int64_t bs = tc__shape_numel(batch, nb);
    if (k != k2) {
        char s1[64], s2[64];
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "Expected size for first two dimensions of batch2 tensor to be: %s but got: %s.",
                            tc__shape_str((int64_t[]){bs, k}, 2, s1, sizeof s1),
                            tc__shape_str((int64_t[]){bs, k2}, 2, s2, sizeof s2));
    }
    if (a->dtype != b->dtype)
        return tc_error_set(err, TC_EXC_RUNTIME, "expected scalar type %s but found %s",
                            tc__dtype_title(a->dtype), tc__dtype_title(b->dtype));
    return 0;
}

tc_tensor *tc_matmul(tc_tensor *a, tc_tensor *b, tc_error *err) {
    if (a->layout == TC_LAYOUT_SPARSE_COO || b->layout == TC_LAYOUT_SPARSE_COO) {
        /* sparse @ dense gives a dense result: multiply the dense forms */
        tc_tensor *da = tc_sparse_to_dense(a, err), *db = da ? tc_sparse_to_dense(b, err) : NULL;
        tc_tensor *r = db ? tc_matmul(da, db, err) : NULL;
        tc_tensor_unref(da);
        tc_tensor_unref(db);
        return r;
    }
    tc_tensor *ts[2] = {a, b};
    if (tc__check_devices(ts, 2, err)) return NULL;
    if (a->ndim == 0 || b->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "both arguments to matmul need to be at least 1D, but they are %dD and %dD",
                     a->ndim, b->ndim);
        return NULL;
    }
    if (matmul_check(a, b, err)) return NULL;
    if (a->dtype == TC_DTYPE_BOOL) { /* named by the kernel matmul folds into */
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "\"%s\" not implemented for 'Bool'",
                     a->ndim == 1 && b->ndim == 1 ? "dot"
                     : b->ndim == 1               ? "addmv_impl_cpu"
                     : b->ndim == 2               ? "addmm_impl_cpu_"
                                                  : "bmm");
        return NULL;
    }
    if (a->ndim == 1 && b->ndim == 1) return matmul_dot(a, b, err);
    if (a->ndim == 2 && b->ndim == 1) return matmul_mv(a, b, err);
    if (a->ndim == 2 && b->ndim == 2) {
        if (a->shape[1] != b->shape[0]) {
            mm_shape_error(a, b, a->shape[0], a->shape[1], b->shape[0], b->shape[1], err);
            return NULL;
        }
        return grad_wrap(mm_raw(a, b, err), "MmBackward0", TC_G_MM, a, b, err);
    }
    if (a->ndim == 1 && b->ndim == 2) {
        if (a->shape[0] != b->shape[0]) {
            mm_shape_error(a, b, 1, a->shape[0], b->shape[0], b->shape[1], err);
            return NULL;
        }
        tc_tensor *u = tc_unsqueeze(a, 0, err);
        tc_tensor *m = u ? tc_matmul(u, b, err) : NULL;
        tc_tensor *r = m ? tc_squeeze(m, 0, err) : NULL;
        tc_tensor_unref(u);
        tc_tensor_unref(m);
        return r;
    }
    return matmul_batched(a, b, err);
}

/* ---- cat / stack ---------------------------------------------------------------------------- */

static bool skipped_in_cat(const tc_tensor *t) { return t->ndim == 1 && t->shape[0] == 0; }

/* Concatenate along dim with PyTorch's checks and dtype promotion. */
tc_tensor *tc_cat(tc_tensor **ts, int n, int dim, tc_error *err) {
    if (n <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "torch.cat(): expected a non-empty list of Tensors");
        return NULL;
    }
    if (tc__check_devices(ts, n, err)) return NULL;
    for (int i = 0; i < n; i++)
        if (tc__require_strided(ts[i], "cat", err)) return NULL;
    int ref = -1;
    tc_dtype dt = ts[0]->dtype;
    for (int i = 0; i < n; i++) {
        if (ts[i]->ndim == 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "zero-dimensional tensor (at position %d) cannot be concatenated", i);
            return NULL;
        }
        dt = i ? tc_dtype_promote(dt, ts[i]->dtype) : dt;
        if (ref < 0 && !skipped_in_cat(ts[i])) ref = i;
    }
    if (ref < 0) ref = 0;
    const tc_tensor *r = ts[ref];
    int d;
    if (tc__wrap_dim(dim, r->ndim, &d, err)) return NULL;
    int64_t shape[TC_MAX_DIMS];
    memcpy(shape, r->shape, sizeof shape);
    shape[d] = 0;
    for (int i = 0; i < n; i++) {
        const tc_tensor *t = ts[i];
        if (skipped_in_cat(t)) continue;
        if (t->ndim != r->ndim) {
            tc_error_set(err, TC_EXC_RUNTIME, "Tensors must have same number of dimensions: got %d and %d", r->ndim, t->ndim);
            return NULL;
        }
        for (int j = 0; j < r->ndim; j++) {
            if (j != d && t->shape[j] != r->shape[j]) {
                tc_error_set(err, TC_EXC_RUNTIME,
                             "Sizes of tensors must match except in dimension %d. Expected size %lld but got "
                             "size %lld for tensor number %d in the list.",
                             d, (long long)r->shape[j], (long long)t->shape[j], i);
                return NULL;
            }
        }
        shape[d] += t->shape[d];
    }
    tc_tensor *out = tc__tensor_new(shape, r->ndim, dt, r->device, err);
    if (!out) return NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int64_t pos = 0;
    bool grad = false;
    for (int i = 0; i < n && out; i++) {
        tc_tensor *t = ts[i];
        grad = grad || t->requires_grad;
        if (skipped_in_cat(t)) continue;
        tc_tensor *sl = tc_slice(out, d, pos, pos + t->shape[d], 1, err);
        if (!sl || tc_copy_(sl, t, err) != 0) {
            tc_tensor_unref(out);
            out = NULL;
        }
        tc_tensor_unref(sl);
        pos += t->shape[d];
    }
    tc_set_grad_enabled(was);
    if (out && grad && was && tc_dtype_is_float(dt)) {
        tc__gargs ga = {0};
        ga.c = d;
        if (tc__grad_record_n(out, "CatBackward0", TC_G_CAT, ts, n, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* Stack equal-shaped tensors along a new dim. */
tc_tensor *tc_stack(tc_tensor **ts, int n, int dim, tc_error *err) {
    if (n <= 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "stack expects a non-empty TensorList");
        return NULL;
    }
    for (int i = 1; i < n; i++) {
        if (ts[i]->ndim != ts[0]->ndim ||
            memcmp(ts[i]->shape, ts[0]->shape, sizeof(int64_t) * (size_t)ts[0]->ndim) != 0) {
            char s1[256], s2[256];
            tc_error_set(err, TC_EXC_RUNTIME, "stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d",
                         tc__shape_str(ts[0]->shape, ts[0]->ndim, s1, sizeof s1),
                         tc__shape_str(ts[i]->shape, ts[i]->ndim, s2, sizeof s2), i);
            return NULL;
        }
    }
    int d;
    if (tc__wrap_dim(dim, ts[0]->ndim + 1, &d, err)) return NULL;
    tc_tensor **us = tc__calloc((size_t)n, sizeof *us);
    if (!us) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *out = NULL;
    int i = 0;
    for (; i < n; i++)
        if (!(us[i] = tc_unsqueeze(ts[i], d, err))) break;
    if (i == n) out = tc_cat(us, n, d, err);
    for (int j = 0; j < i; j++) tc_tensor_unref(us[j]);
    tc__free(us);
    tc_set_grad_enabled(was);
    bool grad = false;
    for (int j = 0; j < n; j++) grad = grad || ts[j]->requires_grad;
    if (out && grad && was && tc_dtype_is_float(out->dtype)) {
        tc__gargs ga = {0};
        ga.c = d;
        if (tc__grad_record_n(out, "StackBackward0", TC_G_STACK, ts, n, &ga, err)) {
            tc_tensor_unref(out);
            return NULL;
        }
    }
    return out;
}

/* ---- indexing ----------------------------------------------------------------------------------- */

/* A CPU contiguous copy of t (for masks and indices living on a device). */
static tc_tensor *host_contig(tc_tensor *t, const char *cause, tc_error *err) {
    tc_tensor *h = tc_to(t, t->dtype, tc_device_cpu(), cause, err);
    if (!h) return NULL;
    tc_tensor *c = tc_contiguous(h, err);
    tc_tensor_unref(h);
    return c;
}

static int check_mask(tc_tensor *t, tc_tensor *mask, tc_error *err) {
    if (tc__require_strided(t, "index.Tensor", err) || tc__require_strided(mask, "index.Tensor", err)) return -1;
    if (mask->dtype != TC_DTYPE_BOOL && mask->dtype != TC_DTYPE_U8)
        return tc_error_set(err, TC_EXC_INDEX, "tensors used as indices must be long, int, byte or bool tensors");
    if (mask->ndim > t->ndim)
        return tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension %d", t->ndim);
    for (int d = 0; d < mask->ndim; d++)
        if (mask->shape[d] != t->shape[d])
            return tc_error_set(err, TC_EXC_INDEX,
                                "The shape of the mask [%lld] at index %d does not match the shape of the "
                                "indexed tensor [%lld] at index %d",
                                (long long)mask->shape[d], d, (long long)t->shape[d], d);
    return 0;
}

/* Element offsets (in t's elements) of the mask's true positions; caller frees. */
static int64_t *mask_offsets(tc_tensor *t, tc_tensor *hm, int64_t *count, tc_error *err) {
    int64_t n = tc_numel(hm), k = 0;
    const bool *m = tc_data_ptr(hm);
    for (int64_t i = 0; i < n; i++) k += m[i] != 0;
    int64_t *offs = tc__malloc((size_t)(k ? k : 1) * sizeof *offs);
    if (!offs) {
        tc_error_set(err, TC_EXC_RUNTIME, "CPU out of memory");
        return NULL;
    }
    int64_t idx[TC_MAX_DIMS] = {0}, off = t->offset, j = 0;
    for (int64_t i = 0; i < n; i++) {
        if (m[i]) offs[j++] = off;
        for (int d = hm->ndim - 1; d >= 0; d--) {
            off += t->strides[d];
            if (++idx[d] < hm->shape[d]) break;
            off -= t->strides[d] * hm->shape[d];
            idx[d] = 0;
        }
    }
    *count = k;
    return offs;
}

/* t[mask]: rows of t where the mask (over t's leading dims) is true. */
tc_tensor *tc_index_mask(tc_tensor *t, tc_tensor *mask, tc_error *err) {
    if (check_mask(t, mask, err)) return NULL;
    tc_tensor *hm = mask->dtype == TC_DTYPE_BOOL ? host_contig(mask, "index", err) : NULL;
    if (!hm && mask->dtype == TC_DTYPE_U8) {
        tc_tensor *b = tc__cast(mask, TC_DTYPE_BOOL, err);
        hm = b ? host_contig(b, "index", err) : NULL;
        tc_tensor_unref(b);
    }
    if (!hm) return NULL;
    int64_t k;
    int64_t *offs = mask_offsets(t, hm, &k, err);
    int nd = hm->ndim;
    tc_tensor_unref(hm);
    if (!offs) return NULL;
    int64_t shape[TC_MAX_DIMS];
    shape[0] = k;
    int rn = t->ndim - nd;
    for (int d = 0; d < rn; d++) shape[d + 1] = t->shape[nd + d];
    tc_tensor *out = tc__tensor_new(shape, rn + 1, t->dtype, t->device, err);
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    for (int64_t i = 0; out && i < k; i++) {
        tc_tensor *src = tc__tensor_alias(t, t->shape + nd, t->strides + nd, rn, offs[i], err);
        tc_tensor *dst = src ? tc_select(out, 0, i, err) : NULL;
        if (!dst || tc_copy_(dst, src, err) != 0) {
            tc_tensor_unref(out);
            out = NULL;
        }
        tc_tensor_unref(src);
        tc_tensor_unref(dst);
    }
    tc_set_grad_enabled(was);
    tc__free(offs);
    if (out && tc__needs_grad(t, NULL) && tc_dtype_is_float(t->dtype) &&
        tc__grad_record(out, "IndexBackward0", TC_G_INDEX_MASK, t, NULL, mask, NULL, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

/* t[mask] = value (value broadcast to each selected row, or one row per true). */
int tc_index_mask_put_(tc_tensor *t, tc_tensor *mask, tc_tensor *value, tc_error *err) {
    if (check_mask(t, mask, err)) return -1;
    if (tc_check_inplace(t, err)) return -1;
    tc_tensor *hm = host_contig(mask, "index", err);
    if (!hm) return -1;
    int64_t k;
    int64_t *offs = mask_offsets(t, hm, &k, err);
    int nd = hm->ndim;
    tc_tensor_unref(hm);
    if (!offs) return -1;
    int rn = t->ndim - nd;
    bool per_row = value->ndim == rn + 1 && value->shape[0] == k && k != 1;
    int r = 0;
    bool fast = value->ndim == 0 && rn == 0 && t->device.type == TC_DEVICE_CPU && value->device.type == TC_DEVICE_CPU;
    if (fast) {
        unsigned char v[8];
        tc_store_f64(v, t->dtype, tc_load_f64(tc_data_ptr(value), value->dtype));
        if (!tc_dtype_is_float(t->dtype)) tc_store_i64(v, t->dtype, tc_load_i64(tc_data_ptr(value), value->dtype));
        size_t es = tc_dtype_size(t->dtype);
        char *base = tc_storage_data(t->storage);
        for (int64_t i = 0; i < k; i++) memcpy(base + offs[i] * (int64_t)es, v, es);
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    for (int64_t i = 0; !fast && r == 0 && i < k; i++) {
        tc_tensor *dst = tc__tensor_alias(t, t->shape + nd, t->strides + nd, rn, offs[i], err);
        tc_tensor *src = dst ? (per_row ? tc_select(value, 0, i, err) : tc_tensor_ref(value)) : NULL;
        r = src ? tc_copy_(dst, src, err) : -1;
        tc_tensor_unref(dst);
        tc_tensor_unref(src);
    }
    tc_set_grad_enabled(was);
    tc__free(offs);
    return r;
}

/* t[idx] for an integer index tensor along dim 0 (result shape idx.shape + t.shape[1:]). */
tc_tensor *tc_index_select0(tc_tensor *t, tc_tensor *idx, tc_error *err) {
    if (tc__require_strided(t, "index.Tensor", err) || tc__require_strided(idx, "index.Tensor", err)) return NULL;
    if (idx->dtype == TC_DTYPE_BOOL || idx->dtype == TC_DTYPE_U8) return tc_index_mask(t, idx, err);
    if (tc_dtype_is_float(idx->dtype)) {
        tc_error_set(err, TC_EXC_INDEX, "tensors used as indices must be long, int, byte or bool tensors");
        return NULL;
    }
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_INDEX, "too many indices for tensor of dimension 0");
        return NULL;
    }
    tc_tensor *l = tc__cast(idx, TC_DTYPE_I64, err);
    tc_tensor *hi = l ? host_contig(l, "index", err) : NULL;
    tc_tensor_unref(l);
    if (!hi) return NULL;
    int64_t n = tc_numel(hi);
    const int64_t *ix = tc_data_ptr(hi);
    int64_t shape[TC_MAX_DIMS];
    memcpy(shape, hi->shape, sizeof(int64_t) * (size_t)hi->ndim);
    memcpy(shape + hi->ndim, t->shape + 1, sizeof(int64_t) * (size_t)(t->ndim - 1));
    int ond = hi->ndim + t->ndim - 1;
    tc_tensor *out = NULL;
    for (int64_t i = 0; i < n; i++) {
        if (ix[i] < -t->shape[0] || ix[i] >= t->shape[0]) {
            tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for dimension 0 with size %lld",
                         (long long)ix[i], (long long)t->shape[0]);
            tc_tensor_unref(hi);
            return NULL;
        }
    }
    if (ond <= TC_MAX_DIMS) out = tc__tensor_new(shape, ond, t->dtype, t->device, err);
    int64_t flat_shape[TC_MAX_DIMS];
    flat_shape[0] = n;
    memcpy(flat_shape + 1, t->shape + 1, sizeof(int64_t) * (size_t)(t->ndim - 1));
    tc_tensor *flat = out ? tc_view(out, flat_shape, t->ndim, err) : NULL;
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    for (int64_t i = 0; flat && i < n; i++) {
        tc_tensor *src = tc_select(t, 0, ix[i], err);
        tc_tensor *dst = src ? tc_select(flat, 0, i, err) : NULL;
        if (!dst || tc_copy_(dst, src, err) != 0) {
            tc_tensor_unref(src);
            tc_tensor_unref(dst);
            tc_tensor_unref(flat);
            flat = NULL;
            break;
        }
        tc_tensor_unref(src);
        tc_tensor_unref(dst);
    }
    tc_set_grad_enabled(was);
    if (!flat) {
        tc_tensor_unref(hi);
        tc_tensor_unref(out);
        return NULL;
    }
    tc_tensor_unref(flat);
    if (tc__needs_grad(t, NULL) && tc_dtype_is_float(t->dtype)) {
        /* wrap negative indices once so the backward adds rows at real positions */
        tc_set_grad_enabled(false);
        tc_tensor *saved = tc_clone(hi, err); /* hi may be the caller's own index tensor */
        tc_set_grad_enabled(was);
        int64_t *w = saved ? tc_data_ptr(saved) : NULL;
        for (int64_t i = 0; w && i < n; i++)
            if (w[i] < 0) w[i] += t->shape[0];
        if (!saved || tc__grad_record(out, "IndexBackward0", TC_G_INDEX_SEL, t, NULL, saved, NULL, err)) {
            tc_tensor_unref(out);
            out = NULL;
        }
        tc_tensor_unref(saved);
    }
    tc_tensor_unref(hi);
    return out;
}

/* ---- scalars out, numpy rules ------------------------------------------------------------------------- */

/* .item(): the single element as a Python bool/int/float. */
int tc_item(tc_tensor *t, tc_scalar *out, tc_error *err) {
    tc_tensor *d = t;
    if (t->layout == TC_LAYOUT_SPARSE_COO) {
        if (!(d = tc_sparse_to_dense(t, err))) return -1;
    } else {
        tc_tensor_ref(d);
    }
    int64_t n = tc_numel(d);
    int r = 0;
    if (n != 1) {
        r = tc_error_set(err, TC_EXC_RUNTIME, "a Tensor with %lld elements cannot be converted to Scalar", (long long)n);
    } else {
        _Alignas(16) unsigned char buf[16];
        size_t es = tc_dtype_size(d->dtype);
        const char *src = (const char *)tc_storage_data(d->storage) + d->offset * (int64_t)es;
        r = tc_transfer_d2h(d->device, buf, src, es, ".item()", err);
        if (r == 0) {
            if (d->dtype == TC_DTYPE_BOOL) { out->kind = TC_SCALAR_BOOL; out->v.b = buf[0] != 0; }
            else if (tc_dtype_is_complex(d->dtype)) {
                out->kind = TC_SCALAR_COMPLEX;
                tc_load_c128(buf, d->dtype, &out->v.c.re, &out->v.c.im);
            }
            else if (tc_dtype_is_float(d->dtype)) { out->kind = TC_SCALAR_FLOAT; out->v.f = tc_load_f64(buf, d->dtype); }
            else { out->kind = TC_SCALAR_INT; out->v.i = tc_load_i64(buf, d->dtype); }
        }
    }
    tc_tensor_unref(d);
    return r;
}

/* Tensor.numpy() checks in PyTorch's order and words. */
int tc_numpy_check(tc_tensor *t, bool force, tc_tensor **out, tc_error *err) {
    *out = NULL;
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(err, TC_EXC_TYPE, "can't convert Sparse layout tensor to numpy. Use Tensor.to_dense() first.");
    if (!force) {
        char b[32];
        if (t->device.type != TC_DEVICE_CPU)
            return tc_error_set(err, TC_EXC_TYPE,
                                "can't convert %s device type tensor to numpy. Use Tensor.cpu() to copy the "
                                "tensor to host memory first.", tc_device_str(t->device, b, sizeof b));
        if (tc_grad_enabled() && t->requires_grad)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    }
    if (t->dtype == TC_DTYPE_BF16) return tc_error_set(err, TC_EXC_TYPE, "Got unsupported ScalarType BFloat16");
    if (!force) {
        *out = tc_tensor_ref(t);
        return 0;
    }
    tc_tensor *d = tc_detach(t, err);
    if (!d) return -1;
    *out = tc_to(d, d->dtype, tc_device_cpu(), ".numpy()", err);
    tc_tensor_unref(d);
    return *out ? 0 : -1;
}
