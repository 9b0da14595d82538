/*
 * Placeholders for tensorcore entry points that are not written yet; each fails with
 * NotImplementedError so callers link and report cleanly. Shrinks as modules land.
 */
#include <stdio.h>
#include <string.h>

#include "tensorcore/backend.h"
#include "tensorcore/storage.h"
#include "tensorcore/tensor.h"

#define NI(err) tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "%s is not implemented yet", __func__)
#define NIT { NI(err); return NULL; }
#define NII { return NI(err); }

const char *tc_device_str(tc_device d, char *buf, size_t n) {
    if (d.type == TC_DEVICE_CPU) snprintf(buf, n, "cpu");
    else snprintf(buf, n, "cuda:%d", d.index);
    return buf;
}
int tc_device_parse(const char *s, tc_device *out, tc_error *err) NII
tc_storage *tc_storage_new(size_t nbytes, tc_device dev, tc_error *err) NIT
tc_storage *tc_storage_ref(tc_storage *s) { return s; }
void tc_storage_unref(tc_storage *s) { (void)s; }
size_t tc_storage_nbytes(const tc_storage *s) { return 0; }
tc_device tc_storage_device(const tc_storage *s) { return tc_device_cpu(); }
void *tc_storage_data(const tc_storage *s) { return NULL; }
int tc_storage_memfd(const tc_storage *s, int *fd, size_t *fd_offset) { return -1; }
tc_storage *tc_storage_adopt_memfd(int fd, void *map, size_t map_len, size_t data_offset,
                                   size_t nbytes, tc_error *err) NIT
void tc_storage_stats_get(tc_storage_stats *out) { memset(out, 0, sizeof *out); }
void tc_alloc_fail_after(int64_t n) { (void)n; }
void tc_backend_register(tc_device_type type, const tc_backend_i *iface, void *ctx) {}
const tc_backend_i *tc_backend_get(tc_device_type type, void **ctx) { return NULL; }
const tc_backend_i *tc_backend_cpu(void) { return NULL; }
void tc_transfer_set_hook(tc_transfer_hook hook) {}
int tc_transfer_d2h(tc_device src, void *host_dst, const void *dev_src, size_t n,
                    const char *cause, tc_error *err) NII
int tc_transfer_h2d(tc_device dst, void *dev_dst, const void *host_src, size_t n, tc_error *err) NII
tc_tensor *tc_tensor_ref(tc_tensor *t) { return t; }
void tc_tensor_unref(tc_tensor *t) { (void)t; }
int64_t tc_numel(const tc_tensor *t) { return 0; }
bool tc_is_contiguous(const tc_tensor *t) { return true; }
size_t tc_element_size(const tc_tensor *t) { return tc_dtype_size(t->dtype); }
void *tc_data_ptr(const tc_tensor *t) { return NULL; }
tc_storage *tc_tensor_storage(const tc_tensor *t) { return t->storage; }
tc_tensor *tc_from_buffer(const void *data, tc_dtype dtype, const int64_t *shape, int ndim,
                          tc_device dev, tc_error *err) NIT
tc_tensor *tc_empty(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) NIT
tc_tensor *tc_zeros(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) NIT
tc_tensor *tc_ones(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) NIT
tc_tensor *tc_full(const int64_t *shape, int ndim, double value, tc_dtype dtype, tc_device dev,
                   tc_error *err) NIT
tc_tensor *tc_arange(double start, double end, double step, tc_dtype dtype, tc_device dev,
                     tc_error *err) NIT
tc_tensor *tc_linspace(double start, double end, int64_t steps, tc_dtype dtype, tc_device dev,
                       tc_error *err) NIT
tc_tensor *tc_eye(int64_t n, int64_t m, tc_dtype dtype, tc_device dev, tc_error *err) NIT
void tc_manual_seed(uint64_t seed) {}
tc_tensor *tc_rand(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) NIT
tc_tensor *tc_randn(const int64_t *shape, int ndim, tc_dtype dtype, tc_device dev, tc_error *err) NIT
tc_tensor *tc_randint(int64_t low, int64_t high, const int64_t *shape, int ndim, tc_dtype dtype,
                      tc_device dev, tc_error *err) NIT
tc_tensor *tc_tensor_from_storage(tc_storage *s, tc_dtype dtype, const int64_t *shape,
                                  const int64_t *strides, int ndim, int64_t offset, tc_error *err) NIT
tc_tensor *tc_view(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) NIT
tc_tensor *tc_reshape(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) NIT
tc_tensor *tc_transpose(tc_tensor *t, int d0, int d1, tc_error *err) NIT
tc_tensor *tc_t(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_permute(tc_tensor *t, const int *dims, int ndim, tc_error *err) NIT
tc_tensor *tc_squeeze(tc_tensor *t, int dim, tc_error *err) NIT
tc_tensor *tc_unsqueeze(tc_tensor *t, int dim, tc_error *err) NIT
tc_tensor *tc_expand(tc_tensor *t, const int64_t *shape, int ndim, tc_error *err) NIT
tc_tensor *tc_flatten(tc_tensor *t, int start_dim, int end_dim, tc_error *err) NIT
tc_tensor *tc_detach(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_select(tc_tensor *t, int dim, int64_t index, tc_error *err) NIT
tc_tensor *tc_slice(tc_tensor *t, int dim, int64_t start, int64_t stop, int64_t step,
                    tc_error *err) NIT
tc_tensor *tc_contiguous(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_clone(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_to(tc_tensor *t, tc_dtype dtype, tc_device dev, const char *cause, tc_error *err) NIT
int tc_copy_(tc_tensor *dst, tc_tensor *src, tc_error *err) NII
int tc_fill_(tc_tensor *t, double v, tc_error *err) NII
const char *tc_binary_op_name(tc_binary_op op) { return "op"; }
const char *tc_unary_op_name(tc_unary_op op) { return "op"; }
tc_tensor *tc_binary(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) NIT
tc_tensor *tc_binary_scalar(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err) NIT
tc_tensor *tc_rbinary_scalar(tc_binary_op op, tc_scalar a, tc_tensor *b, tc_error *err) NIT
int tc_binary_(tc_binary_op op, tc_tensor *a, tc_tensor *b, tc_error *err) NII
int tc_binary_scalar_(tc_binary_op op, tc_tensor *a, tc_scalar b, tc_error *err) NII
tc_tensor *tc_unary(tc_unary_op op, tc_tensor *a, tc_error *err) NIT
int tc_unary_(tc_unary_op op, tc_tensor *a, tc_error *err) NII
tc_tensor *tc_clamp(tc_tensor *a, const double *min, const double *max, tc_error *err) NIT
tc_tensor *tc_where(tc_tensor *cond, tc_tensor *a, tc_tensor *b, tc_error *err) NIT
tc_tensor *tc_reduce(tc_reduce_op op, tc_tensor *t, const int *dims, int ndims, bool keepdim,
                     tc_error *err) NIT
int tc_reduce_with_indices(tc_reduce_op op, tc_tensor *t, int dim, bool keepdim,
                           tc_tensor **values, tc_tensor **indices, tc_error *err) NII
tc_tensor *tc_matmul(tc_tensor *a, tc_tensor *b, tc_error *err) NIT
tc_tensor *tc_cat(tc_tensor **ts, int n, int dim, tc_error *err) NIT
tc_tensor *tc_stack(tc_tensor **ts, int n, int dim, tc_error *err) NIT
tc_tensor *tc_index_mask(tc_tensor *t, tc_tensor *mask, tc_error *err) NIT
tc_tensor *tc_index_select0(tc_tensor *t, tc_tensor *idx, tc_error *err) NIT
int tc_index_mask_put_(tc_tensor *t, tc_tensor *mask, tc_tensor *value, tc_error *err) NII
int tc_item(tc_tensor *t, tc_scalar *out, tc_error *err) NII
bool tc_grad_enabled(void) { return true; }
void tc_set_grad_enabled(bool on) {}
int tc_set_requires_grad(tc_tensor *t, bool on, tc_error *err) NII
const char *tc_grad_fn_name(const tc_tensor *t) { return NULL; }
int tc_backward(tc_tensor *t, tc_error *err) NII
tc_tensor *tc_sparse_coo(tc_tensor *indices, tc_tensor *values, const int64_t *size, int ndim,
                         tc_error *err) NIT
tc_tensor *tc_sparse_to_dense(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_dense_to_sparse(tc_tensor *t, tc_error *err) NIT
tc_tensor *tc_sparse_coalesce(tc_tensor *t, tc_error *err) NIT
int64_t tc_sparse_nnz(const tc_tensor *t) { return 0; }
int tc_numpy_check(tc_tensor *t, bool force, tc_tensor **out, tc_error *err) NII
