/*
 * Views: tensors that share their base's storage with new shape/strides/offset (view,
 * reshape, transpose, t, permute, squeeze, unsqueeze, expand, flatten, select, slice,
 * detach), with PyTorch's errors and autograd nodes.
 */
#include <stdio.h>

#include "tc-impl.h"

/* Attach a view-style graph node when t takes part in autograd. */
static tc_tensor *with_grad(tc_tensor *out, tc_tensor *t, const char *name, tc__gkind kind,
                            const tc__gargs *ga, tc_error *err) {
    if (!out || !tc__needs_grad(t, NULL)) return out;
    tc__gargs local = {0};
    if (!ga) ga = &local;
    if (tc__grad_record(out, name, kind, t, NULL, NULL, ga, err)) {
        tc_tensor_unref(out);
        return NULL;
    }
    return out;
}

static tc__gargs shape_args(const tc_tensor *t) {
    tc__gargs ga = {0};
    ga.ndim = t->ndim;
    memcpy(ga.shape, t->shape, sizeof(int64_t) * (size_t)t->ndim);
    return ga;
}

static int check_strided(tc_tensor *t, const char *op, tc_error *err) {
    if (t->layout == TC_LAYOUT_STRIDED) return 0;
    return tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                        "Could not run 'aten::%s' with arguments from the 'SparseCPU' backend.", op);
}

/* PyTorch's infer_size: resolve one -1 and check the element count. */
static int infer_size(const int64_t *shape, int ndim, int64_t numel, int64_t *out, tc_error *err) {
    int64_t newsize = 1;
    int infer = -1;
    char b[512];
    if (ndim > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
    for (int d = 0; d < ndim; d++) {
        out[d] = shape[d];
        if (shape[d] == -1) {
            if (infer >= 0) return tc_error_set(err, TC_EXC_RUNTIME, "only one dimension can be inferred");
            infer = d;
        } else if (shape[d] >= 0) {
            /* an overflowing product can never equal numel: report the shape as invalid */
            if (__builtin_mul_overflow(newsize, shape[d], &newsize)) newsize = INT64_MAX;
        } else {
            return tc_error_set(err, TC_EXC_RUNTIME, "invalid shape dimension %lld", (long long)shape[d]);
        }
    }
    if (numel == newsize || (infer >= 0 && newsize > 0 && numel % newsize == 0)) {
        if (infer < 0) return 0;
        if (newsize > 0) {
            out[infer] = numel / newsize;
            return 0;
        }
        /* 0 elements and a 0 among the given sizes: -1 could be anything (PyTorch's check) */
    }
    if (infer >= 0 && newsize == 0)
        return tc_error_set(err, TC_EXC_RUNTIME,
                            "cannot reshape tensor of 0 elements into shape %s because the "
                            "unspecified dimension size -1 can be any value and is ambiguous",
                            tc__shape_str(shape, ndim, b, sizeof b));
    return tc_error_set(err, TC_EXC_RUNTIME, "shape '%s' is invalid for input of size %lld",
                        tc__shape_str(shape, ndim, b, sizeof b), (long long)numel);
}

/* PyTorch's computeStride: strides for a view of t with newshape, or false. */
static bool compute_stride(const tc_tensor *t, const int64_t *ns, int nnd, int64_t *out) {
    int ond = t->ndim;
    const int64_t *os = t->shape, *ost = t->strides;
    if (ond == 0) {
        for (int i = 0; i < nnd; i++) out[i] = 1;
        return true;
    }
    int64_t numel = tc_numel(t);
    if (numel == 0) {
        tc__contig_strides(ns, nnd, out);
        return true;
    }
    int view_d = nnd - 1;
    int64_t chunk = ost[ond - 1], tnumel = 1, vnumel = 1;
    for (int td = ond - 1; td >= 0; td--) {
        tnumel *= os[td];
        if (td == 0 || (os[td - 1] != 1 && ost[td - 1] != tnumel * chunk)) {
            while (view_d >= 0 && (vnumel < tnumel || ns[view_d] == 1)) {
                out[view_d] = vnumel * chunk;
                vnumel *= ns[view_d];
                view_d--;
            }
            if (vnumel != tnumel) return false;
            if (td > 0) {
                chunk = ost[td - 1];
                tnumel = 1;
                vnumel = 1;
            }
        }
    }
    return view_d == -1;
}

static tc_tensor *view_impl(tc_tensor *t, const int64_t *shape, int ndim, bool allow_copy,
                            tc_error *err) {
    if (check_strided(t, "view", err)) return NULL;
    int64_t ns[TC_MAX_DIMS], st[TC_MAX_DIMS];
    if (infer_size(shape, ndim, tc_numel(t), ns, err)) return NULL;
    tc__gargs ga = shape_args(t);
    if (compute_stride(t, ns, ndim, st))
        return with_grad(tc__tensor_alias(t, ns, st, ndim, t->offset, err), t, "ViewBackward0", TC_G_VIEW, &ga, err);
    if (!allow_copy) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "view size is not compatible with input tensor's size and stride (at least one "
                     "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
        return NULL;
    }
    bool was = tc_grad_enabled();
    tc_set_grad_enabled(false);
    tc_tensor *c = tc_contiguous(t, err); /* not viewable, so not contiguous: a fresh copy */
    tc_set_grad_enabled(was);
    if (!c) return NULL;
    tc__contig_strides(ns, ndim, st);
    tc_tensor *v = tc__tensor_alias(c, ns, st, ndim, 0, err);
    tc_tensor_unref(c);
    return with_grad(v, t, "UnsafeViewBackward0", TC_G_VIEW, &ga, err);
}

/* view with PyTorch's errors; shares storage. */
tc_tensor *tc_view(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) {
    return view_impl(t, shape, ndim, false, err);
}

/* reshape: a view when strides allow, else a copy. */
tc_tensor *tc_reshape(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) {
    return view_impl(t, shape, ndim, true, err);
}

/* Swap two dims. */
tc_tensor *tc_transpose(tc_tensor *t, int d0, int d1, tc_error *err) {
    if (check_strided(t, "transpose", err)) return NULL;
    int a, b;
    if (tc__wrap_dim(d0, t->ndim, &a, err) || tc__wrap_dim(d1, t->ndim, &b, err)) return NULL;
    if (t->ndim == 0) return with_grad(tc__tensor_alias(t, t->shape, t->strides, 0, t->offset, err), t, "TransposeBackward0", TC_G_PERMUTE, NULL, err);
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    memcpy(sh, t->shape, sizeof sh);
    memcpy(st, t->strides, sizeof st);
    sh[a] = t->shape[b]; sh[b] = t->shape[a];
    st[a] = t->strides[b]; st[b] = t->strides[a];
    tc__gargs ga = {0};
    ga.ndims = t->ndim;
    for (int i = 0; i < t->ndim; i++) ga.dims[i] = i;
    ga.dims[a] = b; ga.dims[b] = a;
    return with_grad(tc__tensor_alias(t, sh, st, t->ndim, t->offset, err), t, "TransposeBackward0", TC_G_PERMUTE, &ga, err);
}

/* 2-D transpose; tensors under 2-D come back as a view of themselves. */
tc_tensor *tc_t(tc_tensor *t, tc_error *err) {
    if (t->ndim > 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "t() expects a tensor with <= 2 dimensions, but self is %dD", t->ndim);
        return NULL;
    }
    if (t->layout == TC_LAYOUT_SPARSE_COO) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "t() of a sparse tensor is not supported");
        return NULL;
    }
    tc__gargs ga = {0};
    ga.ndims = t->ndim;
    for (int i = 0; i < t->ndim; i++) ga.dims[i] = t->ndim - 1 - i;
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) {
        sh[i] = t->shape[t->ndim - 1 - i];
        st[i] = t->strides[t->ndim - 1 - i];
    }
    return with_grad(tc__tensor_alias(t, sh, st, t->ndim, t->offset, err), t, "TBackward0", TC_G_PERMUTE, &ga, err);
}

/* Reorder dims. */
tc_tensor *tc_permute(tc_tensor *t, const int *dims, int ndim, tc_error *err) {
    if (check_strided(t, "permute", err)) return NULL;
    if (ndim != t->ndim) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "permute(sparse_coo): number of dimensions in the tensor input does not match "
                     "the length of the desired ordering of dimensions i.e. input.dim() = %d is not "
                     "equal to len(dims) = %d", t->ndim, ndim);
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    bool seen[TC_MAX_DIMS] = {false};
    tc__gargs ga = {0};
    ga.ndims = ndim;
    for (int i = 0; i < ndim; i++) {
        int d;
        if (tc__wrap_dim(dims[i], t->ndim, &d, err)) return NULL;
        if (seen[d]) {
            tc_error_set(err, TC_EXC_RUNTIME, "permute(): duplicate dims are not allowed.");
            return NULL;
        }
        seen[d] = true;
        sh[i] = t->shape[d];
        st[i] = t->strides[d];
        ga.dims[i] = d;
    }
    return with_grad(tc__tensor_alias(t, sh, st, ndim, t->offset, err), t, "PermuteBackward0", TC_G_PERMUTE, &ga, err);
}

/* Drop size-1 dims (all, or the given one when it has size 1). */
tc_tensor *tc_squeeze(tc_tensor *t, int dim, tc_error *err) {
    if (check_strided(t, "squeeze", err)) return NULL;
    int only = -1;
    if (dim != TC_ALL_DIMS && tc__wrap_dim(dim, t->ndim, &only, err)) return NULL;
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    int n = 0;
    for (int i = 0; i < t->ndim; i++) {
        bool drop = t->shape[i] == 1 && (only < 0 || only == i);
        if (drop) continue;
        sh[n] = t->shape[i];
        st[n++] = t->strides[i];
    }
    tc__gargs ga = shape_args(t);
    return with_grad(tc__tensor_alias(t, sh, st, n, t->offset, err), t,
                     dim == TC_ALL_DIMS ? "SqueezeBackward0" : "SqueezeBackward1", TC_G_VIEW, &ga, err);
}

/* Insert a size-1 dim at dim (range [-ndim-1, ndim]). */
tc_tensor *tc_unsqueeze(tc_tensor *t, int dim, tc_error *err) {
    if (check_strided(t, "unsqueeze", err)) return NULL;
    int d;
    if (tc__wrap_dim(dim, t->ndim + 1, &d, err)) return NULL;
    if (t->ndim >= TC_MAX_DIMS) {
        tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    for (int i = 0, j = 0; i <= t->ndim; i++) {
        if (i == d) {
            sh[i] = 1;
            st[i] = d < t->ndim ? t->shape[d] * t->strides[d] : 1;
        } else {
            sh[i] = t->shape[j];
            st[i] = t->strides[j++];
        }
    }
    tc__gargs ga = shape_args(t);
    return with_grad(tc__tensor_alias(t, sh, st, t->ndim + 1, t->offset, err), t, "UnsqueezeBackward0", TC_G_VIEW, &ga, err);
}

/* Broadcast view to shape (-1 keeps a size); PyTorch's errors. */
tc_tensor *tc_expand(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) {
    if (check_strided(t, "expand", err)) return NULL;
    char b1[512], b2[512];
    if (ndim < t->ndim) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "expand(torch.%sTensor{%s}, size=%s): the number of sizes provided (%d) must be "
                     "greater or equal to the number of dimensions in the tensor (%d)",
                     tc__dtype_title(t->dtype), tc__shape_str(t->shape, t->ndim, b1, sizeof b1),
                     tc__shape_str(shape, ndim, b2, sizeof b2), ndim, t->ndim);
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    bool same = ndim == t->ndim;
    for (int i = ndim - 1; i >= 0; i--) {
        int j = i - (ndim - t->ndim);
        int64_t want = shape[i];
        if (j < 0) {
            if (want < 0) {
                tc_error_set(err, TC_EXC_RUNTIME,
                             "The expanded size of the tensor (%lld) isn't allowed in a leading, non-existing dimension %d",
                             (long long)want, i);
                return NULL;
            }
            sh[i] = want;
            st[i] = 0;
            continue;
        }
        int64_t have = t->shape[j];
        if (want == -1) want = have;
        if (have == want) {
            sh[i] = have;
            st[i] = t->strides[j];
        } else if (have == 1) {
            sh[i] = want;
            st[i] = 0;
            same = false;
        } else {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "The expanded size of the tensor (%lld) must match the existing size (%lld) at "
                         "non-singleton dimension %d.  Target sizes: %s.  Tensor sizes: %s",
                         (long long)want, (long long)have, i, tc__shape_str(shape, ndim, b1, sizeof b1),
                         tc__shape_str(t->shape, t->ndim, b2, sizeof b2));
            return NULL;
        }
    }
    if (same) return tc_tensor_ref(t);
    tc__gargs ga = shape_args(t);
    return with_grad(tc__tensor_alias(t, sh, st, ndim, t->offset, err), t, "ExpandBackward0", TC_G_EXPAND, &ga, err);
}

/* Merge dims start..end into one (a view when possible, else a copy). */
tc_tensor *tc_flatten(tc_tensor *t, int start_dim, int end_dim, tc_error *err) {
    int s, e;
    if (tc__wrap_dim(start_dim, t->ndim, &s, err) || tc__wrap_dim(end_dim, t->ndim, &e, err)) return NULL;
    if (s > e) {
        tc_error_set(err, TC_EXC_RUNTIME, "flatten() has invalid args: start_dim cannot come after end_dim");
        return NULL;
    }
    if (t->ndim == 0) {
        int64_t one = 1;
        return tc_reshape(t, &one, 1, err);
    }
    if (s == e) return tc_tensor_ref(t);
    int64_t sh[TC_MAX_DIMS];
    int n = 0;
    for (int i = 0; i < s; i++) sh[n++] = t->shape[i];
    int64_t m = 1;
    for (int i = s; i <= e; i++) m *= t->shape[i];
    sh[n++] = m;
    for (int i = e + 1; i < t->ndim; i++) sh[n++] = t->shape[i];
    return tc_reshape(t, sh, n, err);
}

/* Same data, cut from the graph (requires_grad false). */
tc_tensor *tc_detach(tc_tensor *t, tc_error *err) {
    if (t->layout == TC_LAYOUT_SPARSE_COO) return tc_sparse_coo(t->sp_indices, t->sp_values, t->shape, t->ndim, err);
    return tc__tensor_alias(t, t->shape, t->strides, t->ndim, t->offset, err);
}

/* t[index] along dim (dim removed); IndexError when out of range. */
tc_tensor *tc_select(tc_tensor *t, int dim, int64_t index, tc_error *err) {
    if (check_strided(t, "select", err)) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_INDEX, "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
        return NULL;
    }
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    int64_t n = t->shape[d];
    if (index < -n || index >= n) {
        tc_error_set(err, TC_EXC_INDEX, "index %lld is out of bounds for dimension %d with size %lld",
                     (long long)index, d, (long long)n);
        return NULL;
    }
    if (index < 0) index += n;
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    for (int i = 0, j = 0; i < t->ndim; i++) {
        if (i == d) continue;
        sh[j] = t->shape[i];
        st[j++] = t->strides[i];
    }
    tc__gargs ga = shape_args(t);
    ga.a = index;
    ga.c = d;
    return with_grad(tc__tensor_alias(t, sh, st, t->ndim - 1, t->offset + index * t->strides[d], err), t,
                     "SelectBackward0", TC_G_SELECT, &ga, err);
}

/* t[start:stop:step] along dim with Python's clamping; step must be positive. */
tc_tensor *tc_slice(tc_tensor *t, int dim, int64_t start, int64_t stop, int64_t step,
                    tc_error *err) {
    if (check_strided(t, "slice", err)) return NULL;
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_INDEX, "slice() cannot be applied to a 0-dim tensor.");
        return NULL;
    }
    if (step <= 0) {
        tc_error_set(err, TC_EXC_VALUE, "step must be greater than zero");
        return NULL;
    }
    int d;
    if (tc__wrap_dim(dim, t->ndim, &d, err)) return NULL;
    int64_t n = t->shape[d];
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    if (start < 0) start = 0;
    if (start > n) start = n;
    if (stop < start) stop = start;
    if (stop > n) stop = n;
    int64_t len = (stop - start + step - 1) / step;
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    memcpy(sh, t->shape, sizeof sh);
    memcpy(st, t->strides, sizeof st);
    sh[d] = len;
    st[d] = t->strides[d] * step;
    tc__gargs ga = shape_args(t);
    ga.a = start;
    ga.b = step;
    ga.c = d;
    return with_grad(tc__tensor_alias(t, sh, st, t->ndim, t->offset + start * t->strides[d], err), t,
                     "SliceBackward0", TC_G_SLICE, &ga, err);
}

/* ---- complex parts ---------------------------------------------------------------------------
 * A complex element is two reals side by side, so the parts of a complex tensor are views of
 * its storage in the real dtype: strides and offset double (counted in real elements), the
 * imaginary part starts one real element later. No gradient is recorded (complex tensors do
 * not require grad in tensorcore). */

static tc_tensor *part_view(tc_tensor *t, tc_dtype dt, const int64_t *shape, const int64_t *strides,
                            int ndim, int64_t offset, tc_error *err) {
    tc_tensor *r = tc__tensor_alias(t, shape, strides, ndim, offset, err);
    if (r) r->dtype = dt;
    return r;
}

/* The real (part 0) or imaginary (part 1) part of a complex tensor as a view. */
static tc_tensor *complex_part(tc_tensor *t, int part, tc_error *err) {
    int64_t st[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) st[i] = t->strides[i] * 2;
    return part_view(t, tc_dtype_to_real(t->dtype), t->shape, st, t->ndim, t->offset * 2 + part, err);
}

/* t.real: the real part as a view; a real tensor is its own real part. */
tc_tensor *tc_real(tc_tensor *t, tc_error *err) {
    if (check_strided(t, "real", err)) return NULL;
    return tc_dtype_is_complex(t->dtype) ? complex_part(t, 0, err) : tc_tensor_ref(t);
}

/* t.imag: the imaginary part as a view; PyTorch refuses real tensors. */
tc_tensor *tc_imag(tc_tensor *t, tc_error *err) {
    if (check_strided(t, "imag", err)) return NULL;
    if (!tc_dtype_is_complex(t->dtype)) {
        tc_error_set(err, TC_EXC_TYPE, "imag is not implemented for tensors with non-complex dtypes.");
        return NULL;
    }
    return complex_part(t, 1, err);
}

/* t.view(dtype): the same bytes seen as another dtype. Equal sizes keep the shape; a smaller
 * element multiplies the last dim (which must have stride 1), a larger one divides it (its
 * size, the offset and the other strides must divide evenly); PyTorch's checks and messages.
 * No gradient is recorded, as in PyTorch. */
tc_tensor *tc_view_dtype(tc_tensor *t, tc_dtype dt, tc_error *err) {
    if (check_strided(t, "view", err)) return NULL;
    int64_t from = (int64_t)tc_dtype_size(t->dtype), to = (int64_t)tc_dtype_size(dt);
    if (from == to) return part_view(t, dt, t->shape, t->strides, t->ndim, t->offset, err);
    const char *a = tc__dtype_title(t->dtype), *b = tc__dtype_title(dt);
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "self.dim() cannot be 0 to view %s as %s (different element sizes)", a, b);
        return NULL;
    }
    int last = t->ndim - 1;
    if (t->strides[last] != 1) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "self.stride(-1) must be 1 to view %s as %s (different element sizes), but got %lld",
                     a, b, (long long)t->strides[last]);
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    memcpy(sh, t->shape, sizeof sh);
    memcpy(st, t->strides, sizeof st);
    if (from > to) {
        int64_t r = from / to;
        for (int i = 0; i < last; i++) st[i] *= r;
        sh[last] *= r;
        return part_view(t, dt, sh, st, t->ndim, t->offset * r, err);
    }
    int64_t r = to / from;
    if (t->shape[last] % r) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "self.size(-1) must be divisible by %lld to view %s as %s (different element "
                     "sizes), but got %lld", (long long)r, a, b, (long long)t->shape[last]);
        return NULL;
    }
    if (t->offset % r) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "self.storage_offset() must be divisible by %lld to view %s as %s (different "
                     "element sizes), but got %lld", (long long)r, a, b, (long long)t->offset);
        return NULL;
    }
    for (int i = 0; i < last; i++) {
        if (t->strides[i] % r) {
            tc_error_set(err, TC_EXC_RUNTIME,
                         "self.stride(%d) must be divisible by %lld to view %s as %s (different "
                         "element sizes), but got %lld", i, (long long)r, a, b, (long long)t->strides[i]);
            return NULL;
        }
        st[i] /= r;
    }
    sh[last] /= r;
    return part_view(t, dt, sh, st, t->ndim, t->offset / r, err);
}

/* torch.view_as_real: [..., 2] real view of a complex tensor. */
tc_tensor *tc_view_as_real(tc_tensor *t, tc_error *err) {
    if (check_strided(t, "view_as_real", err)) return NULL;
    if (!tc_dtype_is_complex(t->dtype)) {
        tc_error_set(err, TC_EXC_TYPE, "view_as_real is only supported for complex tensors");
        return NULL;
    }
    if (t->ndim >= TC_MAX_DIMS) {
        tc_error_set(err, TC_EXC_RUNTIME, "too many dimensions");
        return NULL;
    }
    int64_t sh[TC_MAX_DIMS], st[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++) {
        sh[i] = t->shape[i];
        st[i] = t->strides[i] * 2;
    }
    sh[t->ndim] = 2;
    st[t->ndim] = 1;
    return part_view(t, tc_dtype_to_real(t->dtype), sh, st, t->ndim + 1, t->offset * 2, err);
}

/* torch.view_as_complex: a float32/float64 tensor whose last dim is 2 with stride 1, seen as
 * complex; PyTorch's checks and messages. */
tc_tensor *tc_view_as_complex(tc_tensor *t, tc_error *err) {
    if (check_strided(t, "view_as_complex", err)) return NULL;
    if (t->dtype != TC_DTYPE_F32 && t->dtype != TC_DTYPE_F64 && t->dtype != TC_DTYPE_F16) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "view_as_complex is only supported for half, float and double tensors, but got a "
                     "tensor of scalar type: %s", tc__dtype_title(t->dtype));
        return NULL;
    }
    if (t->dtype == TC_DTYPE_F16) { /* PyTorch's complex32, which tensorcore lacks */
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "complex32 (ComplexHalf) tensors are not supported");
        return NULL;
    }
    if (t->ndim == 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "Input tensor must have one or more dimensions");
        return NULL;
    }
    if (t->shape[t->ndim - 1] != 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "Tensor must have a last dimension of size 2");
        return NULL;
    }
    if (t->strides[t->ndim - 1] != 1) {
        tc_error_set(err, TC_EXC_RUNTIME, "Tensor must have a last dimension with stride 1");
        return NULL;
    }
    int64_t st[TC_MAX_DIMS];
    for (int i = 0; i < t->ndim - 1; i++) {
        if (t->strides[i] % 2) {
            tc_error_set(err, TC_EXC_RUNTIME, "Tensor must have a stride divisible by 2 for all but last dimension");
            return NULL;
        }
        st[i] = t->strides[i] / 2;
    }
    if (t->offset % 2) {
        tc_error_set(err, TC_EXC_RUNTIME, "Tensor must have a storage_offset divisible by 2");
        return NULL;
    }
    return part_view(t, tc_dtype_to_complex(t->dtype), t->shape, st, t->ndim - 1, t->offset / 2, err);
}
