/*
 * The bridge request handlers: names, info, get, eval, put, release, stats, ping. Each
 * writes exactly one reply. Tensors are reached only through kernel/interp.h's thread-safe
 * functions, so a fetch is answered while a cell runs. Arrays are described by their
 * memfd, the page-aligned window of it to map, the byte offset of element 0 and byte
 * strides, and are leased to the connection until released.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/bridge/bridge-impl.h"
#include "tensorcore/storage.h"

static int reply_err(tkb_conn *c, int64_t seq, const tc_error *err) {
    const char *etype = err->type == TC_EXC_NONE ? "RuntimeError" : tc_exc_name(err->type);
    const char *msg = err->type == TC_EXC_NONE ? "bridge: unknown error" : err->msg;
    return tkb__write_error(c->fd, seq, etype, msg);
}

/* Send j (stolen) as a successful reply, with fd attached when >= 0. */
static int reply_ok(tkb_conn *c, int64_t seq, json_t *j, int fd) {
    if (!j) return tkb__write_error(c->fd, seq, "MemoryError", "bridge: out of memory");
    json_object_set_new(j, "ok", json_true());
    json_object_set_new(j, "seq", json_integer(seq));
    int rc = tkb__write_json(c->fd, j, fd);
    json_decref(j);
    return rc;
}

static json_t *int_list(const int64_t *v, int n, int64_t scale) {
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        int64_t x; /* only a size-1 dim can carry a stride this large; its value is unused */
        if (__builtin_mul_overflow(v[i], scale, &x)) x = v[i] < 0 ? INT64_MIN : INT64_MAX;
        json_array_append_new(a, json_integer(x));
    }
    return a;
}

static int need_interp(tkb_conn *c, int64_t seq) {
    if (c->srv->in) return 0;
    tkb__write_error(c->fd, seq, "RuntimeError", "bridge: no interpreter attached");
    return -1;
}

static int handle_names(tkb_conn *c, tkb_request *r) {
    json_t *names = kn_interp_tensor_names(c->srv->in);
    if (!names) names = json_array();
    return reply_ok(c, r->seq, json_pack("{s:o}", "names", names), -1);
}

static json_t *tensor_info(const tc_tensor *t) {
    char dev[32];
    bool sparse = t->layout == TC_LAYOUT_SPARSE_COO;
    int64_t numel = tc_numel(t);
    return json_pack("{s:o, s:s, s:s, s:o, s:b, s:I, s:b, s:b}", "shape",
                     int_list(t->shape, t->ndim, 1), "dtype", tc_dtype_name(t->dtype), "device",
                     tc_device_str(t->device, dev, sizeof dev), "strides",
                     sparse ? json_null() : int_list(t->strides, t->ndim, 1), "requires_grad",
                     (int)t->requires_grad, "nbytes",
                     (json_int_t)(numel * (int64_t)tc_dtype_size(t->dtype)), "is_sparse",
                     (int)sparse, "is_contiguous", (int)(!sparse && tc_is_contiguous(t)));
}

static int handle_info(tkb_conn *c, tkb_request *r) {
    tc_error err = {0};
    tc_tensor *t = NULL;
    if (kn_interp_get_tensor(c->srv->in, r->name, &t, &err) < 0 || !t) return reply_err(c, r->seq, &err);
    json_t *info = tensor_info(t);
    tc_tensor_unref(t);
    return reply_ok(c, r->seq, json_pack("{s:o}", "info", info), -1);
}

/* Apply Tensor.numpy()'s rules; with force, a device tensor is copied to the host here
 * (ledger cause "bridge") and *copied is set. *out is a new reference. */
static int prepare(tc_tensor *t, bool force, tc_tensor **out, bool *copied, tc_error *err) {
    *copied = false;
    if (!force || t->layout != TC_LAYOUT_STRIDED || t->device.type == TC_DEVICE_CPU)
        return tc_numpy_check(t, force, out, err);
    tc_tensor *d = tc_detach(t, err);
    if (!d) return -1;
    tc_tensor *h = tc_to(d, d->dtype, tc_device_cpu(), "bridge", err);
    tc_tensor_unref(d);
    if (!h) return -1;
    *copied = true;
    int rc = tc_numpy_check(h, false, out, err);
    tc_tensor_unref(h);
    return rc;
}

/* Describe t's memory for the client, lease its storage and send it with its memfd. */
static int send_array(tkb_conn *c, int64_t seq, tc_tensor *t, bool copied, tc_device from) {
    char dev[32];
    int64_t isz = (int64_t)tc_dtype_size(t->dtype);
    json_t *a = json_pack("{s:s, s:o, s:o, s:b, s:s}", "dtype", tc_dtype_numpy_name(t->dtype),
                          "shape", int_list(t->shape, t->ndim, 1), "strides",
                          int_list(t->strides, t->ndim, isz), "copied", (int)copied, "device",
                          tc_device_str(from, dev, sizeof dev));
    if (!a) return tkb__write_error(c->fd, seq, "MemoryError", "bridge: out of memory");
    if (tc_numel(t) == 0) {
        json_object_set_new(a, "empty", json_true());
        return reply_ok(c, seq, json_pack("{s:o}", "array", a), -1);
    }
    tc_storage *s = tc_tensor_storage(t);
    int fd = -1;
    size_t fd_off = 0;
    if (!s || tc_storage_memfd(s, &fd, &fd_off) < 0 || fd < 0) {
        json_decref(a);
        return tkb__write_error(c->fd, seq, "RuntimeError",
                                "bridge: this tensor's memory cannot be shared");
    }
    int64_t first = 0;
    size_t nbytes = tc_storage_nbytes(s);
    tc_error verr = {0};
    if (tc_view_check(t->shape, t->strides, t->ndim, t->offset, (size_t)isz, nbytes, NULL, NULL,
                      &verr) < 0 ||
        __builtin_mul_overflow(t->offset, isz, &first)) {
        json_decref(a);
        return tkb__write_error(c->fd, seq, "RuntimeError",
                                "bridge: the view lies outside its storage");
    }
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t map_off = fd_off / page * page;
    int64_t lease = tkb__lease_add(c, s);
    if (lease < 0) {
        json_decref(a);
        return tkb__write_error(c->fd, seq, "MemoryError", "bridge: out of memory");
    }
    json_object_set_new(a, "map_offset", json_integer((json_int_t)map_off));
    json_object_set_new(a, "map_len", json_integer((json_int_t)(fd_off - map_off + nbytes)));
    json_object_set_new(a, "data_offset", json_integer((json_int_t)(fd_off - map_off + first)));
    json_object_set_new(a, "storage_offset", json_integer((json_int_t)(fd_off - map_off)));
    json_object_set_new(a, "lease", json_integer(lease));
    return reply_ok(c, seq, json_pack("{s:o}", "array", a), fd);
}

static int send_tensor(tkb_conn *c, int64_t seq, tc_tensor *t, bool force) {
    tc_error err = {0};
    tc_tensor *out = NULL;
    bool copied = false;
    if (prepare(t, force, &out, &copied, &err) < 0 || !out) return reply_err(c, seq, &err);
    int rc = send_array(c, seq, out, copied, t->device);
    tc_tensor_unref(out);
    return rc;
}

static int handle_get(tkb_conn *c, tkb_request *r) {
    tc_error err = {0};
    tc_tensor *t = NULL;
    if (kn_interp_get_tensor(c->srv->in, r->name, &t, &err) < 0 || !t) return reply_err(c, r->seq, &err);
    int rc = send_tensor(c, r->seq, t, r->force);
    tc_tensor_unref(t);
    return rc;
}

/* A scalar as a reply: JSON numbers, plus "special" for NaN and infinities. */
static int send_scalar(tkb_conn *c, int64_t seq, tc_scalar v) {
    json_t *j = json_object();
    if (v.kind == TC_SCALAR_BOOL) {
        json_object_set_new(j, "scalar", json_boolean(v.v.b));
    } else if (v.kind == TC_SCALAR_INT) {
        json_object_set_new(j, "scalar", json_integer(v.v.i));
    } else if (isfinite(v.v.f)) {
        json_object_set_new(j, "scalar", json_real(v.v.f));
        json_object_set_new(j, "kind", json_string("float"));
    } else {
        const char *sp = isnan(v.v.f) ? "nan" : v.v.f > 0 ? "inf" : "-inf";
        json_object_set_new(j, "special", json_string(sp));
        json_object_set_new(j, "kind", json_string("float"));
    }
    return reply_ok(c, seq, j, -1);
}

static int handle_eval(tkb_conn *c, tkb_request *r) {
    tc_error err = {0};
    tc_tensor *t = NULL;
    json_t *scalar = NULL;
    if (kn_interp_eval_for_bridge(c->srv->in, r->expr, &t, &scalar, &err) < 0) {
        tc_tensor_unref(t);
        json_decref(scalar);
        return reply_err(c, r->seq, &err);
    }
    if (!t) {
        json_t *j = json_object();
        if (json_is_object(scalar)) { /* {"special": "nan" | "inf" | "-inf"} */
            json_object_update(j, scalar);
            json_decref(scalar);
            json_object_set_new(j, "kind", json_string("float"));
            return reply_ok(c, r->seq, j, -1);
        }
        json_object_set_new(j, "scalar", scalar ? scalar : json_null());
        if (json_is_real(scalar)) json_object_set_new(j, "kind", json_string("float"));
        return reply_ok(c, r->seq, j, -1);
    }
    json_decref(scalar);
    int rc;
    if (t->layout == TC_LAYOUT_STRIDED && tc_numel(t) == 1 && !tc_dtype_is_complex(t->dtype)) {
        tc_scalar v;
        rc = tc_item(t, &v, &err) < 0 ? reply_err(c, r->seq, &err) : send_scalar(c, r->seq, v);
    } else {
        rc = send_tensor(c, r->seq, t, r->force);
    }
    tc_tensor_unref(t);
    return rc;
}

/* Copy nbytes from the start of fd into dst with pread (a short file is an error, never
 * a SIGBUS). Returns 0 or -1. */
static int pread_all(int fd, char *dst, size_t nbytes) {
    size_t got = 0;
    while (got < nbytes) {
        ssize_t n = pread(fd, dst + got, nbytes - got, (off_t)got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 0;
}

/* Seal the client's memfd against shrinking so the kernel's mapping can never fault. */
static bool seal_shrink(int fd) {
    int seals = fcntl(fd, F_GET_SEALS);
    if (seals >= 0 && (seals & F_SEAL_SHRINK)) return true;
    return fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK) == 0;
}

/* Storage over the client's memfd (zero-copy when it can be sealed and mapped), else a
 * copy of its bytes. Takes ownership of fd. NULL with err set on failure. */
static tc_storage *storage_from_fd(int fd, size_t nbytes, tc_error *err) {
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size < nbytes) {
        close(fd);
        tc_error_set(err, TC_EXC_VALUE, "bridge put: the memory descriptor is smaller than the array");
        return NULL;
    }
    if (nbytes > 0 && seal_shrink(fd)) {
        void *map = mmap(NULL, nbytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map != MAP_FAILED) {
            tc_storage *s = tc_storage_adopt_memfd(fd, map, nbytes, 0, nbytes, err);
            if (!s) { /* tensorcore keeps fd and mapping only on success */
                munmap(map, nbytes);
                close(fd);
            }
            return s;
        }
    }
    tc_storage *s = tc_storage_new(nbytes ? nbytes : 1, tc_device_cpu(), err);
    if (s && nbytes && pread_all(fd, tc_storage_data(s), nbytes) < 0) {
        tc_storage_unref(s);
        s = NULL;
        tc_error_set(err, TC_EXC_VALUE, "bridge put: could not read the array's memory");
    }
    close(fd);
    return s;
}

/* A tensor over memory the connection leases: zero-copy both ways. */
static tc_tensor *tensor_over_lease(tkb_conn *c, tkb_request *r, tc_error *err) {
    tc_storage *s = tkb__lease_storage(c, r->from_lease);
    if (!s) {
        tc_error_set(err, TC_EXC_VALUE, "bridge put: lease %lld is not held by this client",
                     (long long)r->from_lease);
        return NULL;
    }
    /* byte strides and offset were checked to be multiples of the item size when decoded;
     * the bounds check is overflow-safe (a wrapped product must never pass it) */
    int64_t isz = (int64_t)tc_dtype_size(r->dtype), st[TC_MAX_DIMS];
    for (int i = 0; i < r->ndim; i++) st[i] = r->strides[i] / isz;
    tc_error verr = {0};
    if (r->offset % isz != 0 ||
        tc_view_check(r->shape, st, r->ndim, r->offset / isz, (size_t)isz, tc_storage_nbytes(s),
                      NULL, NULL, &verr) < 0) {
        tc_error_set(err, TC_EXC_VALUE, "bridge put: the view lies outside the leased memory");
        return NULL;
    }
    return tc_tensor_from_storage(s, r->dtype, r->shape, st, r->ndim, r->offset / isz, err);
}

static int put_view(tkb_conn *c, tkb_request *r) {
    tc_error err = {0};
    tc_tensor *t = tensor_over_lease(c, r, &err);
    int rc = t ? kn_interp_put_tensor(c->srv->in, r->name, t, &err) : -1;
    tc_tensor_unref(t);
    if (rc < 0) return reply_err(c, r->seq, &err);
    return reply_ok(c, r->seq, json_object(), -1);
}

static int handle_put(tkb_conn *c, tkb_request *r, int fd) {
    tc_error err = {0};
    if (r->from_lease >= 0) {
        if (fd >= 0) close(fd);
        return put_view(c, r);
    }
    if (fd < 0)
        return tkb__write_error(c->fd, r->seq, "ValueError",
                                "malformed bridge request: put needs a memory descriptor");
    tc_storage *s = storage_from_fd(fd, r->nbytes, &err);
    if (!s) return reply_err(c, r->seq, &err);
    int64_t strides[TC_MAX_DIMS], acc = 1;
    for (int i = r->ndim - 1; i >= 0; i--) {
        strides[i] = acc;
        acc *= r->shape[i] > 1 ? r->shape[i] : 1;
    }
    tc_tensor *t = tc_tensor_from_storage(s, r->dtype, r->shape, strides, r->ndim, 0, &err);
    tc_storage_unref(s);
    int rc = -1;
    if (t) rc = kn_interp_put_tensor(c->srv->in, r->name, t, &err);
    tc_tensor_unref(t);
    if (rc < 0) return reply_err(c, r->seq, &err);
    return reply_ok(c, r->seq, json_object(), -1);
}

static int handle_stats(tkb_conn *c, tkb_request *r) {
    tc_storage_stats st;
    tc_storage_stats_get(&st);
    tkb_server *s = c->srv;
    return reply_ok(c, r->seq,
                    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "leases",
                              (json_int_t)c->nleases, "leases_total",
                              (json_int_t)atomic_load(&s->n_leases), "connections",
                              (json_int_t)atomic_load(&s->n_conns), "requests",
                              (json_int_t)atomic_load(&s->n_requests), "rejected",
                              (json_int_t)atomic_load(&s->n_rejected), "live_storages",
                              (json_int_t)st.live_storages, "live_bytes",
                              (json_int_t)st.live_bytes),
                    -1);
}

/* Serve one request; owns in_fd. */
int tkb__handle(tkb_conn *c, tkb_request *r, int in_fd) {
    if (r->op != TKB_OP_PUT && in_fd >= 0) close(in_fd);
    bool needs_interp = r->op == TKB_OP_NAMES || r->op == TKB_OP_INFO || r->op == TKB_OP_GET ||
                        r->op == TKB_OP_EVAL || r->op == TKB_OP_PUT;
    if (needs_interp && need_interp(c, r->seq) < 0) {
        if (r->op == TKB_OP_PUT && in_fd >= 0) close(in_fd);
        return 0;
    }
    switch (r->op) {
    case TKB_OP_NAMES: return handle_names(c, r);
    case TKB_OP_INFO: return handle_info(c, r);
    case TKB_OP_GET: return handle_get(c, r);
    case TKB_OP_EVAL: return handle_eval(c, r);
    case TKB_OP_PUT: return handle_put(c, r, in_fd);
    case TKB_OP_STATS: return handle_stats(c, r);
    case TKB_OP_RELEASE:
    case TKB_OP_PING:
    default: return reply_ok(c, r->seq, json_object(), -1);
    }
}
