/*
 * torch.save and torch.load in PyTorch's zip format, so checkpoints move between the kernel
 * and PyTorch in both directions.
 *
 * A file is a zip archive (zipstore.c) holding "<archive>/data.pkl", a pickle (protocol 2)
 * of the saved object, and one record "<archive>/data/<key>" of raw little-endian bytes per
 * storage. A tensor pickles as the call torch._utils._rebuild_tensor_v2(storage, offset,
 * size, stride, requires_grad, OrderedDict()) whose storage is a persistent id
 * ('storage', torch.FloatStorage, key, location, numel): two views of one storage save
 * the bytes once and load as views of one memory again.
 *
 * The writer pickles what a checkpoint holds: tensors, Parameters, dict, OrderedDict,
 * list, tuple, set, int (any size), float, str, bytes, bool, None, torch.dtype,
 * torch.device, torch.Size. The reader is a restricted unpickler in the spirit of
 * torch.load(weights_only=True): it knows the opcodes of protocols 0-5 that such files
 * use, resolves only the globals PyTorch's checkpoints name (the table `globals_allowed`),
 * and anything else fails with UnpicklingError, so a file can never make the kernel run
 * code. It runs without recursion and bounds its stack and memo by the input's size.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/torch/torch-impl.h"
#include "kernel/torch/zipstore.h"
#include "tensorcore/storage.h"

/* PyTorch's legacy storage class for each dtype, the name pickles use. */
static const char *const storage_class[TC_DTYPE_COUNT] = {
    [TC_DTYPE_BOOL] = "BoolStorage", [TC_DTYPE_U8] = "ByteStorage",
    [TC_DTYPE_I8] = "CharStorage",   [TC_DTYPE_I16] = "ShortStorage",
    [TC_DTYPE_I32] = "IntStorage",   [TC_DTYPE_I64] = "LongStorage",
    [TC_DTYPE_F16] = "HalfStorage",  [TC_DTYPE_BF16] = "BFloat16Storage",
    [TC_DTYPE_F32] = "FloatStorage", [TC_DTYPE_F64] = "DoubleStorage",
    [TC_DTYPE_C64] = "ComplexFloatStorage", [TC_DTYPE_C128] = "ComplexDoubleStorage",
};
_Static_assert(TC_DTYPE_COUNT == 12, "a new dtype needs its storage class name above");

/* The weights_only unpickler's preface, shortened: the kernel loads the same kinds of
 * objects whatever weights_only says, so PyTorch's advice to pass weights_only=False does
 * not apply. */
#define WEIGHTS_ONLY "Weights only load failed. WeightsUnpickler error: "

/* ==== writing ================================================================================ */

typedef struct saved_storage {
    tc_storage *s; /* borrowed: a tensor reachable from the saved object holds it */
    tc_dtype dt;
} saved_storage;

typedef struct saver {
    tc_strbuf out;
    /* memo: object address -> memo index (objects stay alive: the saved object holds them) */
    const void **memo_keys;
    int *memo_vals;
    size_t memo_cap, memo_n;
    int next_memo;
    saved_storage *st;
    size_t nst, capst;
    int depth;
    kn_err *err;
} saver;

#define MAX_DEPTH 1000

static void emit_byte(saver *s, int b) {
    tc_strbuf_putc(&s->out, (char)b);
}
static void emit_bytes(saver *s, const void *p, size_t n) {
    tc_strbuf_append(&s->out, p, n);
}
static void emit_u32(saver *s, uint32_t v) {
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    emit_bytes(s, b, 4);
}

static size_t memo_slot(const saver *s, const void *key) {
    size_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull;
    size_t i = h & (s->memo_cap - 1);
    while (s->memo_keys[i] && s->memo_keys[i] != key)
        i = (i + 1) & (s->memo_cap - 1);
    return i;
}

/* The memo index of an object already written, or -1. */
static int memo_get(const saver *s, const void *key) {
    if (!s->memo_cap) return -1;
    size_t i = memo_slot(s, key);
    return s->memo_keys[i] ? s->memo_vals[i] : -1;
}

static void emit_put(saver *s, int idx) {
    if (idx < 256) {
        emit_byte(s, 'q');
        emit_byte(s, idx);
    } else {
        emit_byte(s, 'r');
        emit_u32(s, (uint32_t)idx);
    }
}

static void emit_get(saver *s, int idx) {
    if (idx < 256) {
        emit_byte(s, 'h');
        emit_byte(s, idx);
    } else {
        emit_byte(s, 'j');
        emit_u32(s, (uint32_t)idx);
    }
}

/* Remember key under the next memo index and write the BINPUT. -1 when memory runs out. */
static int memo_put(saver *s, const void *key) {
    if ((s->memo_n + 1) * 2 > s->memo_cap) {
        size_t cap = s->memo_cap ? s->memo_cap * 2 : 64;
        const void **k = tc_calloc(cap, sizeof *k);
        int *v = tc_calloc(cap, sizeof *v);
        if (!k || !v) {
            tc_free(k);
            tc_free(v);
            return kn_nomem(s->err);
        }
        saver old = *s;
        s->memo_keys = k;
        s->memo_vals = v;
        s->memo_cap = cap;
        for (size_t i = 0; i < old.memo_cap; i++)
            if (old.memo_keys[i]) {
                size_t j = memo_slot(s, old.memo_keys[i]);
                s->memo_keys[j] = old.memo_keys[i];
                s->memo_vals[j] = old.memo_vals[i];
            }
        tc_free(old.memo_keys);
        tc_free(old.memo_vals);
    }
    size_t i = memo_slot(s, key);
    s->memo_keys[i] = key;
    s->memo_vals[i] = s->next_memo;
    s->memo_n++;
    emit_put(s, s->next_memo++);
    return 0;
}

static void emit_str(saver *s, const char *p, size_t n) {
    emit_byte(s, 'X');
    emit_u32(s, (uint32_t)n);
    emit_bytes(s, p, n);
}

/* GLOBAL "module\nname\n", memoized by its text so each global is written once. */
static int emit_global(saver *s, const char *module, const char *name) {
    /* the texts are static strings or storage_class entries: their addresses are keys */
    int idx = memo_get(s, name);
    if (idx >= 0) {
        emit_get(s, idx);
        return 0;
    }
    emit_byte(s, 'c');
    emit_bytes(s, module, strlen(module));
    emit_byte(s, '\n');
    emit_bytes(s, name, strlen(name));
    emit_byte(s, '\n');
    return memo_put(s, name);
}

static void emit_int64(saver *s, int64_t v) {
    if (v >= 0 && v < 256) {
        emit_byte(s, 'K');
        emit_byte(s, (int)v);
    } else if (v >= 0 && v < 65536) {
        emit_byte(s, 'M');
        emit_byte(s, (int)(v & 0xff));
        emit_byte(s, (int)(v >> 8));
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        emit_byte(s, 'J');
        emit_u32(s, (uint32_t)(int32_t)v);
    } else { /* LONG1: little-endian two's complement, as few bytes as Python writes */
        uint8_t b[8];
        int n = 8;
        for (int i = 0; i < 8; i++)
            b[i] = (uint8_t)((uint64_t)v >> (8 * i));
        while (n > 1 &&
               ((b[n - 1] == 0 && !(b[n - 2] & 0x80)) || (b[n - 1] == 0xff && (b[n - 2] & 0x80))))
            n--;
        emit_byte(s, 0x8a);
        emit_byte(s, n);
        emit_bytes(s, b, (size_t)n);
    }
}

/* An int beyond 64 bits: LONG1/LONG4 from its hexadecimal text. */
static int emit_bigint(saver *s, kn_obj *o) {
    kn_obj *hex = kn_format_value(o, "x", s->err);
    if (!hex) return -1;
    const char *h = kn_str_cstr(hex);
    bool neg = *h == '-';
    if (neg) h++;
    size_t nd = strlen(h), nb = nd / 2 + 2;
    uint8_t *b = tc_calloc(nb, 1);
    if (!b) {
        kn_decref(hex);
        return kn_nomem(s->err);
    }
    for (size_t i = 0; i < nd; i++) { /* digit i from the right is nibble i */
        char c = h[nd - 1 - i];
        int v = c <= '9' ? c - '0' : c - 'a' + 10;
        b[i / 2] |= (uint8_t)(v << (4 * (i % 2)));
    }
    kn_decref(hex);
    if (neg) { /* two's complement of the magnitude */
        int carry = 1;
        for (size_t i = 0; i < nb; i++) {
            int v = (uint8_t)~b[i] + carry;
            b[i] = (uint8_t)v;
            carry = v >> 8;
        }
    }
    size_t n = nb;
    while (n > 1 &&
           ((b[n - 1] == 0 && !(b[n - 2] & 0x80)) || (b[n - 1] == 0xff && (b[n - 2] & 0x80))))
        n--;
    if (n < 256) {
        emit_byte(s, 0x8a);
        emit_byte(s, (int)n);
    } else {
        emit_byte(s, 0x8b);
        emit_u32(s, (uint32_t)n);
    }
    emit_bytes(s, b, n);
    tc_free(b);
    return 0;
}

static void emit_float(saver *s, double d) {
    uint64_t u;
    memcpy(&u, &d, 8);
    emit_byte(s, 'G');
    for (int i = 7; i >= 0; i--)
        emit_byte(s, (int)(u >> (8 * i)) & 0xff);
}

static void emit_tuple_end(saver *s, int64_t n) {
    if (n == 0)
        emit_byte(s, ')');
    else if (n <= 3)
        emit_byte(s, 0x84 + (int)n); /* TUPLE1..TUPLE3 */
    else
        emit_byte(s, 't');
}

static int save_obj(saver *s, kn_obj *o);

/* The key of storage st (saved once), or -1 with an error: PyTorch refuses one storage
 * viewed as two dtypes, which the format cannot express. */
static int64_t storage_key(saver *s, tc_storage *st, tc_dtype dt) {
    for (size_t i = 0; i < s->nst; i++)
        if (s->st[i].s == st) {
            if (s->st[i].dt != dt)
                return tc_error_set(s->err, TC_EXC_RUNTIME,
                                    "Cannot save multiple tensors or storages that view the "
                                    "same data as different types");
            return (int64_t)i;
        }
    if (s->nst == s->capst) {
        size_t cap = s->capst ? s->capst * 2 : 16;
        saved_storage *n = tc_reallocarray(s->st, cap, sizeof *n);
        if (!n) return kn_nomem(s->err);
        s->st = n;
        s->capst = cap;
    }
    s->st[s->nst].s = st;
    s->st[s->nst].dt = dt;
    return (int64_t)s->nst++;
}

/* _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict()) */
static int save_tensor_data(saver *s, tc_tensor *t, bool requires_grad) {
    if (t->layout != TC_LAYOUT_STRIDED)
        return tc_error_set(s->err, TC_EXC_NOT_IMPLEMENTED,
                            "torch.save of sparse tensors is not supported yet");
    int64_t key = storage_key(s, t->storage, t->dtype);
    if (key < 0) return -1;
    if (emit_global(s, "torch._utils", "_rebuild_tensor_v2") < 0) return -1;
    emit_byte(s, '(');
    emit_byte(s, '(');
    emit_str(s, "storage", 7);
    if (emit_global(s, "torch", storage_class[t->dtype]) < 0) return -1;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)key);
    emit_str(s, buf, (size_t)n);
    tc_device_str(t->device, buf, sizeof buf);
    emit_str(s, buf, strlen(buf));
    emit_int64(s, (int64_t)(tc_storage_nbytes(t->storage) / tc_dtype_size(t->dtype)));
    emit_byte(s, 't');
    emit_byte(s, 'Q'); /* BINPERSID */
    emit_int64(s, t->offset);
    for (int pass = 0; pass < 2; pass++) {
        if (t->ndim > 3) emit_byte(s, '(');
        for (int d = 0; d < t->ndim; d++)
            emit_int64(s, pass ? t->strides[d] : t->shape[d]);
        emit_tuple_end(s, t->ndim);
    }
    emit_byte(s, requires_grad ? 0x88 : 0x89);
    if (emit_global(s, "collections", "OrderedDict") < 0) return -1;
    emit_byte(s, ')');
    emit_byte(s, 'R');
    emit_byte(s, 't');
    emit_byte(s, 'R');
    return 0;
}

static int save_tensor(saver *s, kn_obj *o) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (o->type == &kn_type_parameter) {
        /* _rebuild_parameter(data, requires_grad, OrderedDict()) */
        if (emit_global(s, "torch._utils", "_rebuild_parameter") < 0 ||
            save_tensor_data(s, t, false) < 0)
            return -1;
        emit_byte(s, t->requires_grad ? 0x88 : 0x89);
        if (emit_global(s, "collections", "OrderedDict") < 0) return -1;
        emit_byte(s, ')');
        emit_byte(s, 'R');
        emit_byte(s, 0x87);
        emit_byte(s, 'R');
    } else if (save_tensor_data(s, t, t->requires_grad) < 0) {
        return -1;
    }
    return memo_put(s, o);
}

/* SETITEMS in batches of 1000 (Python's), from an iterator of keys over a mapping. */
static int save_items(saver *s, kn_obj *mapping) {
    if (kn_is(mapping, &kn_type_dict)) {
        int64_t i = 0, batch = 0;
        kn_obj *k, *v;
        while (kn_dict_next(mapping, &i, &k, &v)) {
            if (batch == 0) emit_byte(s, '(');
            if (save_obj(s, k) < 0 || save_obj(s, v) < 0) return -1;
            if (++batch == 1000) {
                emit_byte(s, 'u');
                batch = 0;
            }
        }
        if (batch) emit_byte(s, 'u');
        return 0;
    }
    kn_obj *it = kn_iter(mapping, s->err);
    if (!it) return -1;
    int64_t batch = 0;
    kn_obj *k;
    int rc = 0;
    while ((k = kn_next(it, s->err))) {
        kn_obj *v = kn_getitem(mapping, k, s->err);
        if (batch == 0) emit_byte(s, '(');
        rc = v ? save_obj(s, k) : -1;
        if (rc == 0) rc = save_obj(s, v);
        kn_decref(v);
        kn_decref(k);
        if (rc < 0) break;
        if (++batch == 1000) {
            emit_byte(s, 'u');
            batch = 0;
        }
    }
    kn_decref(it);
    if (rc < 0 || tc_error_is_set(s->err)) return -1;
    if (batch) emit_byte(s, 'u');
    return 0;
}

static int save_obj_inner(saver *s, kn_obj *o) {
    if (o == kn_none()) {
        emit_byte(s, 'N');
        return 0;
    }
    if (kn_is(o, &kn_type_bool)) {
        emit_byte(s, o == kn_true() ? 0x88 : 0x89);
        return 0;
    }
    if (kn_is(o, &kn_type_int)) {
        if (kn_int_is_big(o)) return emit_bigint(s, o);
        emit_int64(s, kn_int_value(o));
        return 0;
    }
    if (kn_is(o, &kn_type_float)) {
        emit_float(s, kn_float_value(o));
        return 0;
    }
    if (kn_is(o, &kn_type_str)) {
        emit_str(s, kn_str_cstr(o), kn_str_len(o));
        return 0;
    }
    tc_dtype dt;
    if (kn__is_dtype(o, &dt)) return emit_global(s, "torch", tc_dtype_name(dt));
    int idx = memo_get(s, o);
    if (idx >= 0) { /* the same object again: a reference, so identity survives the trip */
        emit_get(s, idx);
        return 0;
    }
    if (kn_is_tensor(o)) return save_tensor(s, o);
    if (kn_is(o, &kn_type_list)) {
        emit_byte(s, ']');
        if (memo_put(s, o) < 0) return -1;
        int64_t n = kn_list_len(o);
        for (int64_t i = 0; i < n; i += 1000) {
            emit_byte(s, '(');
            for (int64_t j = i; j < n && j < i + 1000; j++) /* the list may not change size */
                if (save_obj(s, kn_list_items(o)[j]) < 0) return -1;
            emit_byte(s, 'e');
        }
        return 0;
    }
    if (kn_is(o, &kn_type_tuple)) {
        int64_t n = kn_tuple_len(o);
        if (n > 3) emit_byte(s, '(');
        for (int64_t i = 0; i < n; i++)
            if (save_obj(s, kn_tuple_items(o)[i]) < 0) return -1;
        emit_tuple_end(s, n);
        return n ? memo_put(s, o) : 0;
    }
    if (kn_is(o, &kn_type_dict)) {
        emit_byte(s, '}');
        if (memo_put(s, o) < 0) return -1;
        return save_items(s, o);
    }
    if (kn_is(o, kn_ordereddict_type())) {
        if (emit_global(s, "collections", "OrderedDict") < 0) return -1;
        emit_byte(s, ')');
        emit_byte(s, 'R');
        if (memo_put(s, o) < 0) return -1;
        return save_items(s, o);
    }
    if (kn_is(o, &kn_type_set) || kn_is(o, &kn_type_frozenset)) {
        /* set([items]): protocol 2 has no set opcodes */
        if (emit_global(s, "__builtin__", kn_is(o, &kn_type_set) ? "set" : "frozenset") < 0)
            return -1;
        emit_byte(s, ']');
        kn_obj *it = kn_iter(o, s->err), *k;
        if (!it) return -1;
        emit_byte(s, '(');
        int rc = 0;
        while (rc == 0 && (k = kn_next(it, s->err))) {
            rc = save_obj(s, k);
            kn_decref(k);
        }
        kn_decref(it);
        if (rc < 0 || tc_error_is_set(s->err)) return -1;
        emit_byte(s, 'e');
        emit_byte(s, 0x85);
        emit_byte(s, 'R');
        return memo_put(s, o);
    }
    if (kn_is(o, &kn_type_bytes)) {
        /* protocol 2: _codecs.encode(latin-1 text, 'latin1'), as Python 3 writes bytes */
        if (emit_global(s, "_codecs", "encode") < 0) return -1;
        const uint8_t *p = (const uint8_t *)kn_bytes_data(o);
        size_t n = kn_bytes_len(o), m = 0;
        for (size_t i = 0; i < n; i++)
            m += p[i] < 0x80 ? 1 : 2;
        emit_byte(s, 'X');
        emit_u32(s, (uint32_t)m);
        for (size_t i = 0; i < n; i++) {
            if (p[i] < 0x80) {
                emit_byte(s, p[i]);
            } else {
                emit_byte(s, 0xc0 | (p[i] >> 6));
                emit_byte(s, 0x80 | (p[i] & 0x3f));
            }
        }
        emit_str(s, "latin1", 6);
        emit_byte(s, 0x86);
        emit_byte(s, 'R');
        return memo_put(s, o);
    }
    if (kn_is(o, &kn__type_device)) {
        kn_obj *str = kn_str(o, s->err);
        if (!str || emit_global(s, "torch", "device") < 0) {
            kn_decref(str);
            return -1;
        }
        emit_str(s, kn_str_cstr(str), kn_str_len(str));
        kn_decref(str);
        emit_byte(s, 0x85);
        emit_byte(s, 'R');
        return memo_put(s, o);
    }
    if (kn__is_size(o)) {
        int n;
        const int64_t *dims = kn__size_dims(o, &n);
        if (emit_global(s, "torch", "Size") < 0) return -1;
        if (n > 3) emit_byte(s, '(');
        for (int i = 0; i < n; i++)
            emit_int64(s, dims[i]);
        emit_tuple_end(s, n);
        emit_byte(s, 0x85);
        emit_byte(s, 'R');
        return memo_put(s, o);
    }
    return tc_error_set(s->err, TC_EXC_TYPE,
                        "cannot pickle '%s' object (torch.save in tensorkernel writes tensors, "
                        "Parameters, dict, OrderedDict, list, tuple, set, int, float, str, "
                        "bytes, bool, None, torch.dtype, torch.device and torch.Size)",
                        kn_type_name(o));
}

static int save_obj(saver *s, kn_obj *o) {
    if (s->depth >= MAX_DEPTH)
        return tc_error_set(s->err, TC_EXC_RECURSION,
                            "maximum recursion depth exceeded while pickling an object");
    s->depth++;
    int rc = save_obj_inner(s, o);
    s->depth--;
    if (rc == 0 && s->out.failed) rc = kn_nomem(s->err);
    return rc;
}

/* ---- the archive ---------------------------------------------------------------------- */

static int file_sink(void *ctx, const void *p, size_t n, tc_error *err) {
    if (fwrite(p, 1, n, (FILE *)ctx) != n)
        return tc_error_set(err, TC_EXC_OS, "[Errno %d] %s", errno, strerror(errno));
    return 0;
}

static int buf_sink(void *ctx, const void *p, size_t n, tc_error *err) {
    tc_strbuf *b = ctx;
    if (tc_strbuf_append(b, p, n) < 0) {
        tc_alloc_failed_take();
        return tc_error_set(err, TC_EXC_MEMORY, "%s", "");
    }
    return 0;
}

/* A serialization id as PyTorch writes one: 40 decimal digits, different per file. */
static void serialization_id(char out[41]) {
    static uint64_t counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 48) ^
                 (++counter * 0x9E3779B97F4A7C15ull);
    for (int i = 0; i < 40; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out[i] = (char)('0' + (x * 0x2545F4914F6CDD1Dull >> 60) % 10);
    }
    out[40] = 0;
}

static int write_archive(saver *s, const char *archive, kn__zip_sink sink, void *ctx) {
    kn__zip_writer w;
    kn__zip_writer_init(&w, sink, ctx);
    char name[512];
    kn_err *err = s->err;
#define ADD(rec, p, n)                                                                             \
    (snprintf(name, sizeof name, "%s/%s", archive, rec), kn__zip_add(&w, name, p, n, err))
    if (ADD("data.pkl", s->out.data, s->out.len) < 0 || ADD(".format_version", "1", 1) < 0 ||
        ADD(".storage_alignment", "64", 2) < 0 || ADD("byteorder", "little", 6) < 0)
        goto fail;
    for (size_t i = 0; i < s->nst; i++) {
        tc_storage *st = s->st[i].s;
        size_t nb = tc_storage_nbytes(st);
        tc_device dev = tc_storage_device(st);
        void *host = NULL;
        const void *p = tc_storage_data(st);
        if (dev.type != TC_DEVICE_CPU) { /* a counted device-to-host copy */
            if (!(host = tc_malloc(nb ? nb : 1))) {
                kn_nomem(err);
                goto fail;
            }
            if (tc_transfer_d2h(dev, host, p, nb, "torch.save", err) < 0) {
                tc_free(host);
                goto fail;
            }
            p = host;
        }
        char rec[32];
        snprintf(rec, sizeof rec, "data/%zu", i);
        int rc = ADD(rec, p, nb);
        tc_free(host);
        if (rc < 0) goto fail;
    }
    char id[41];
    serialization_id(id);
    if (ADD("version", "3\n", 2) < 0 || ADD(".data/serialization_id", id, 40) < 0) goto fail;
#undef ADD
    return kn__zip_finish(&w, err);
fail:
    kn__zip_writer_free(&w);
    return -1;
}

static void saver_free(saver *s) {
    tc_strbuf_free(&s->out);
    tc_free(s->memo_keys);
    tc_free(s->memo_vals);
    tc_free(s->st);
}

/* The archive name PyTorch gives a file: its base name without the extension. */
static void archive_name_of(const char *path, char *out, size_t n) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    if (len == 0 || len >= n) {
        snprintf(out, n, "archive");
        return;
    }
    memcpy(out, base, len);
    out[len] = 0;
    for (char *c = out; *c; c++) /* a name the zip and PyTorch's reader take as one folder */
        if (*c == '\\' || (unsigned char)*c < 0x20) *c = '_';
}

/* The pickle of obj into s->out, storages listed in s->st. 0, or -1 with the error set. */
static int pickle_obj(saver *s, kn_obj *obj) {
    emit_byte(s, 0x80);
    emit_byte(s, 2);
    if (save_obj(s, obj) < 0) return -1;
    emit_byte(s, '.');
    if (s->out.failed) return kn_nomem(s->err);
    return 0;
}

int kn__torch_save_bytes(kn_obj *obj, tc_strbuf *out, kn_err *err) {
    saver s = {.err = err};
    int rc = pickle_obj(&s, obj);
    if (rc == 0) rc = write_archive(&s, "archive", buf_sink, out);
    saver_free(&s);
    return rc;
}

/* torch.save(obj, f): f a path, or an object with a write(bytes) method. */
/* o's attribute 'name' (new reference), or NULL: with err set when looking it up failed
 * otherwise than by its absence (MemoryError), with err clear when o has no such attribute. */
static kn_obj *method_of(kn_obj *o, const char *name, kn_err *err) {
    kn_obj *m = kn_getattr(o, name, err);
    if (!m && err && err->type == TC_EXC_ATTRIBUTE) tc_error_clear(err);
    return m;
}

static kn_obj *f_save(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"obj",
                                        "f",
                                        "pickle_module",
                                        "pickle_protocol",
                                        "_use_new_zipfile_serialization",
                                        "_disable_byteorder_record"};
    kn_obj *v[6] = {0};
    if (kn_args_bind(a, "save", names, 6, 2, v, err) < 0) return NULL;
    if (v[2] && v[2] != kn_none()) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                     "torch.save: pickle_module is not supported (the kernel writes protocol 2)");
        return NULL;
    }
    if (v[4] && v[4] != kn_none()) {
        int z = kn_truth(v[4], err);
        if (z < 0) return NULL;
        if (!z) {
            tc_error_set(err, TC_EXC_NOT_IMPLEMENTED,
                         "torch.save: the legacy (non-zip) format is not supported");
            return NULL;
        }
    }
    saver s = {.err = err};
    if (pickle_obj(&s, v[0]) < 0) goto fail;
    if (kn_is(v[1], &kn_type_str)) {
        const char *path = kn_str_cstr(v[1]);
        char archive[256];
        archive_name_of(path, archive, sizeof archive);
        /* PyTorch checks the folder first, with its own message */
        const char *slash = strrchr(path, '/');
        if (slash && slash != path) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
            struct stat stt;
            if (stat(dir, &stt) != 0 || !S_ISDIR(stt.st_mode)) {
                tc_error_set(err, TC_EXC_RUNTIME, "Parent directory %s does not exist.", dir);
                goto fail;
            }
        }
        FILE *fp = fopen(path, "wb");
        if (!fp) {
            tc_error_set(err, TC_EXC_OS, "[Errno %d] %s: '%s'", errno, strerror(errno), path);
            goto fail;
        }
        int rc = write_archive(&s, archive, file_sink, fp);
        if (fclose(fp) != 0 && rc == 0)
            rc = tc_error_set(err, TC_EXC_OS, "[Errno %d] %s: '%s'", errno, strerror(errno), path);
        if (rc < 0) goto fail;
    } else {
        kn_obj *write = method_of(v[1], "write", err);
        if (!write && tc_error_is_set(err)) goto fail;
        if (!write) {
            tc_error_set(err, TC_EXC_TYPE,
                         "save(): f must be a path (str) or a file-like object with write(), "
                         "not %s",
                         kn_type_name(v[1]));
            goto fail;
        }
        tc_strbuf b = {0};
        int rc = write_archive(&s, "archive", buf_sink, &b);
        kn_obj *bytes = rc == 0 ? kn_bytes_new(b.data ? b.data : "", b.len) : NULL;
        tc_strbuf_free(&b);
        kn_obj *r = bytes ? kn_call_simple(write, &bytes, 1, err) : NULL;
        if (rc == 0 && !bytes) kn_nomem(err);
        kn_decref(bytes);
        kn_decref(write);
        if (!r) goto fail;
        kn_decref(r);
    }
    saver_free(&s);
    return kn_none_new();
fail:
    saver_free(&s);
    return NULL;
}

/* ==== reading ================================================================================ */

/* What a GLOBAL names when the unpickler cannot push a real object for it. */
typedef enum gkind {
    G_REBUILD_TENSOR,
    G_REBUILD_PARAMETER,
    G_REBUILD_PARAMETER_STATE,
    G_REBUILD_FROM_TYPE,
    G_STORAGE_CLASS,
    G_CODECS_ENCODE,
} gkind;

typedef struct gmarker {
    kn_obj base;
    gkind kind;
    tc_dtype dt; /* G_STORAGE_CLASS */
} gmarker;

static kn_obj *gmarker_repr(kn_obj *self, kn_err *err) {
    return kn_str_from_cstr("<function torch._utils>");
}

static const kn_type type_gmarker = {
    .name = "function",
    .qualname = "torch.serialization._global",
    .repr = gmarker_repr,
};

/* A storage read from a record: the persistent id's value, consumed by _rebuild_tensor_v2. */
typedef struct storage_obj {
    kn_obj base;
    tc_storage *s;
    tc_dtype dt;
} storage_obj;

static void storage_dealloc(kn_obj *self) {
    tc_storage_unref(((storage_obj *)self)->s);
}

static kn_obj *storage_repr(kn_obj *self, kn_err *err) {
    storage_obj *so = (storage_obj *)self;
    return kn_str_printf("<TypedStorage of %zu bytes, dtype=torch.%s>", tc_storage_nbytes(so->s),
                         tc_dtype_name(so->dt));
}

static const kn_type type_storage = {
    .name = "TypedStorage",
    .qualname = "torch.storage.TypedStorage",
    .repr = storage_repr,
    .dealloc = storage_dealloc,
};

typedef struct loader {
    const uint8_t *start, *p, *end;
    const kn__zip *zip;
    kn_obj **stack;
    size_t n, cap;
    size_t *marks;
    size_t nmarks, capmarks;
    kn_obj **memo;
    size_t memo_cap, memo_count;
    kn_obj *storages; /* dict: key -> storage_obj */
    /* map_location */
    bool has_map;
    tc_device map_dev;
    kn_obj *map_dict; /* borrowed, or NULL */
    kn_obj *map_fn;   /* borrowed, or NULL: called with (storage, location) */
    kn_err *err;
} loader;

/* UnpicklingError with the weights-only preface; always -1. */
static int fail_pickle(loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail_pickle(loader *l, const char *fmt, ...) {
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tc_error_set(l->err, TC_EXC_UNPICKLING, WEIGHTS_ONLY "%s", msg);
}

static int push(loader *l, kn_obj *o) { /* steals o */
    if (!o) return tc_error_is_set(l->err) ? -1 : kn_nomem(l->err);
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        kn_obj **s = tc_reallocarray(l->stack, cap, sizeof *s);
        if (!s) {
            kn_decref(o);
            return kn_nomem(l->err);
        }
        l->stack = s;
        l->cap = cap;
    }
    l->stack[l->n++] = o;
    return 0;
}

/* The stack's top (new reference for the caller), or NULL with UnpicklingError. */
static kn_obj *pop(loader *l) {
    size_t floor = l->nmarks ? l->marks[l->nmarks - 1] : 0;
    if (l->n <= floor) {
        fail_pickle(l, "unpickling stack underflow");
        return NULL;
    }
    return l->stack[--l->n];
}

static kn_obj *top(loader *l) {
    size_t floor = l->nmarks ? l->marks[l->nmarks - 1] : 0;
    if (l->n <= floor) {
        fail_pickle(l, "unpickling stack underflow");
        return NULL;
    }
    return l->stack[l->n - 1];
}

/* Pop the items above the last MARK: *items points into the stack, the caller takes the
 * count *k of references (and must release them) and the stack shrinks. */
static int pop_mark(loader *l, kn_obj ***items, size_t *k) {
    if (!l->nmarks) return fail_pickle(l, "could not find MARK");
    size_t m = l->marks[--l->nmarks];
    *items = l->stack + m;
    *k = l->n - m;
    l->n = m;
    return 0;
}

static void release(kn_obj **items, size_t k) {
    for (size_t i = 0; i < k; i++)
        kn_decref(items[i]);
}

static int need(loader *l, size_t k) {
    if ((size_t)(l->end - l->p) < k) return fail_pickle(l, "pickle data was truncated");
    return 0;
}

static uint32_t rd_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Strict UTF-8 (Python's decoder refuses overlong forms, surrogates and bytes past 0x10FFFF). */
static bool utf8_valid(const uint8_t *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint8_t c = s[i];
        size_t len;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
            min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
            min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
            min = 0x10000;
        } else
            return false;
        if (n - i < len) return false;
        for (size_t j = 1; j < len; j++) {
            if ((s[i + j] & 0xc0) != 0x80) return false;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += len;
    }
    return true;
}

static kn_obj *make_str(loader *l, const uint8_t *p, size_t n) {
    if (!utf8_valid(p, n)) {
        tc_error_set(l->err, TC_EXC_UNICODE_DECODE,
                     "'utf-8' codec can't decode the text of a pickled str");
        return NULL;
    }
    kn_obj *s = kn_str_new((const char *)p, n);
    if (!s) kn_nomem(l->err);
    return s;
}

static int hexval(uint8_t c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Protocol 0's UNICODE text: latin-1 bytes with \uXXXX and \UXXXXXXXX escapes. */
static kn_obj *unicode_line(loader *l, const uint8_t *p, size_t n) {
    tc_strbuf b = {0};
    for (size_t i = 0; i < n;) {
        uint32_t c = p[i++];
        if (c == '\\' && i < n && (p[i] == 'u' || p[i] == 'U')) {
            size_t digits = p[i] == 'u' ? 4 : 8;
            if (n - i - 1 < digits) goto bad;
            c = 0;
            for (size_t j = 0; j < digits; j++) {
                int v = hexval(p[i + 1 + j]);
                if (v < 0) goto bad;
                c = c << 4 | (uint32_t)v;
            }
            i += 1 + digits;
            if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) goto bad;
        }
        char u[4];
        size_t k;
        if (c < 0x80) {
            u[0] = (char)c;
            k = 1;
        } else if (c < 0x800) {
            u[0] = (char)(0xc0 | c >> 6);
            u[1] = (char)(0x80 | (c & 0x3f));
            k = 2;
        } else if (c < 0x10000) {
            u[0] = (char)(0xe0 | c >> 12);
            u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
            u[2] = (char)(0x80 | (c & 0x3f));
            k = 3;
        } else {
            u[0] = (char)(0xf0 | c >> 18);
            u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
            u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
            u[3] = (char)(0x80 | (c & 0x3f));
            k = 4;
        }
        tc_strbuf_append(&b, u, k);
    }
    if (b.failed) {
        tc_strbuf_free(&b);
        kn_nomem(l->err);
        return NULL;
    }
    kn_obj *s = kn_str_new(b.data ? b.data : "", b.len);
    tc_strbuf_free(&b);
    if (!s) kn_nomem(l->err);
    return s;
bad:
    tc_strbuf_free(&b);
    tc_error_set(l->err, TC_EXC_UNICODE_DECODE,
                 "'rawunicodeescape' codec can't decode bytes: truncated \\uXXXX escape");
    return NULL;
}

/* A little-endian two's complement integer of n bytes (LONG1/LONG4). */
static kn_obj *make_long(loader *l, const uint8_t *p, size_t n) {
    if (n == 0) return kn_int_new(0);
    if (n <= 8) {
        uint64_t u = 0;
        for (size_t i = 0; i < n; i++)
            u |= (uint64_t)p[i] << (8 * i);
        if (n < 8 && (p[n - 1] & 0x80)) u |= ~0ull << (8 * n);
        return kn_int_new((int64_t)u);
    }
    /* beyond 64 bits: through the hexadecimal text of the magnitude */
    bool neg = p[n - 1] & 0x80;
    char *hex = tc_malloc(2 * n + 4);
    uint8_t *mag = tc_malloc(n);
    if (!hex || !mag) {
        tc_free(hex);
        tc_free(mag);
        kn_nomem(l->err);
        return NULL;
    }
    int carry = 1;
    for (size_t i = 0; i < n; i++) {
        if (neg) {
            int v = (uint8_t)~p[i] + carry;
            mag[i] = (uint8_t)v;
            carry = v >> 8;
        } else {
            mag[i] = p[i];
        }
    }
    size_t k = 0;
    if (neg) hex[k++] = '-';
    hex[k++] = '0';
    hex[k++] = 'x';
    for (size_t i = n; i-- > 0;) {
        static const char digits[] = "0123456789abcdef";
        hex[k++] = digits[mag[i] >> 4];
        hex[k++] = digits[mag[i] & 15];
    }
    kn_obj *r = kn_int_from_text(hex, k, l->err);
    tc_free(hex);
    tc_free(mag);
    return r;
}

/* ---- globals ---- */

typedef struct allowed_global {
    const char *module, *name;
    int kind; /* gkind, or -1: a real object (global_object below) */
} allowed_global;

static const allowed_global globals_allowed[] = {
    {"torch._utils", "_rebuild_tensor_v2", G_REBUILD_TENSOR},
    {"torch._utils", "_rebuild_parameter", G_REBUILD_PARAMETER},
    {"torch._utils", "_rebuild_parameter_with_state", G_REBUILD_PARAMETER_STATE},
    {"torch._tensor", "_rebuild_from_type_v2", G_REBUILD_FROM_TYPE},
    {"_codecs", "encode", G_CODECS_ENCODE},
    {"collections", "OrderedDict", -1},
    {"torch", "device", -1},
    {"torch", "Size", -1},
    {"torch", "Tensor", -1},
    {"torch.nn.parameter", "Parameter", -1},
    {"__builtin__", "set", -1},
    {"builtins", "set", -1},
    {"__builtin__", "frozenset", -1},
    {"builtins", "frozenset", -1},
    {NULL, NULL, 0},
};

static kn_obj *global_object(const char *module, const char *name) {
    if (!strcmp(name, "OrderedDict")) return kn_incref(kn_type_object(kn_ordereddict_type()));
    if (!strcmp(name, "device")) return kn_incref(kn_type_object(&kn__type_device));
    if (!strcmp(name, "Size")) return kn_incref(kn_type_object(&kn__type_size));
    if (!strcmp(name, "Tensor")) return kn_incref(kn_type_object(&kn_type_tensor));
    if (!strcmp(name, "Parameter")) return kn_incref(kn_type_object(kn_parameter_type()));
    if (!strcmp(name, "set")) return kn_incref(kn_type_object(&kn_type_set));
    return kn_incref(kn_type_object(&kn_type_frozenset));
}

static kn_obj *gmarker_new(gkind kind, tc_dtype dt) {
    gmarker *g = (gmarker *)kn_obj_alloc(&type_gmarker, sizeof *g, NULL);
    if (!g) return NULL;
    g->kind = kind;
    g->dt = dt;
    return &g->base;
}

static kn_obj *find_global(loader *l, const char *module, const char *name) {
    for (const allowed_global *g = globals_allowed; g->module; g++)
        if (!strcmp(g->module, module) && !strcmp(g->name, name))
            return g->kind < 0 ? global_object(module, name) : gmarker_new(g->kind, 0);
    if (!strcmp(module, "torch")) {
        for (int d = 0; d < TC_DTYPE_COUNT; d++) {
            if (!strcmp(name, storage_class[d])) return gmarker_new(G_STORAGE_CLASS, (tc_dtype)d);
            if (!strcmp(name, tc_dtype_name((tc_dtype)d)))
                return kn_incref(kn__dtype_obj((tc_dtype)d));
        }
    }
    fail_pickle(l,
                "Unsupported global: GLOBAL %.180s.%.180s was not an allowed global by default. "
                "tensorkernel's torch.load reads tensors, Parameters, state dicts and plain "
                "containers only (whatever weights_only says).",
                module, name);
    return NULL;
}

/* ---- storages ---- */

static bool cuda_available(void) {
    void *ctx;
    const tc_backend_i *b = tc_backend_get(TC_DEVICE_CUDA, &ctx);
    return b && b->device_count(ctx) > 0;
}

/* Where a storage saved at 'location' goes, as map_location says. */
static int target_device(loader *l, const char *location, tc_device *out) {
    kn_err *err = l->err;
    if (l->map_dict) {
        kn_obj *key = kn_str_from_cstr(location);
        if (!key) return kn_nomem(err);
        kn_obj *to = kn_dict_get(l->map_dict, key, err);
        kn_decref(key);
        if (tc_error_is_set(err)) return -1;
        if (to) return kn__parse_device(to, out, err);
    } else if (l->has_map) {
        *out = l->map_dev;
        return 0;
    }
    if (!strcmp(location, "cpu")) {
        *out = tc_device_cpu();
        return 0;
    }
    if (!strncmp(location, "cuda", 4) && (location[4] == 0 || location[4] == ':')) {
        if (!cuda_available())
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "Attempting to deserialize object on a CUDA device but "
                                "torch.cuda.is_available() is False. If you are running on a "
                                "CPU-only machine, please use torch.load with "
                                "map_location=torch.device('cpu') to map your storages to the "
                                "CPU.");
        return tc_device_parse(location, out, err);
    }
    return tc_error_set(err, TC_EXC_RUNTIME,
                        "don't know how to restore data location of "
                        "torch.storage.UntypedStorage (tagged with %.200s)",
                        location);
}

/* A new storage on dev holding the n bytes at data (a counted copy to a device). */
static tc_storage *storage_with(tc_device dev, const uint8_t *data, size_t n, kn_err *err) {
    tc_storage *st = tc_storage_new(n, dev, err);
    if (!st || !n) return st;
    if (dev.type == TC_DEVICE_CPU) {
        memcpy(tc_storage_data(st), data, n);
    } else if (tc_transfer_h2d(dev, tc_storage_data(st), data, n, err) < 0) {
        tc_storage_unref(st);
        return NULL;
    }
    return st;
}

/* map_location(storage, location): the storage itself keeps it on the CPU, None restores it
 * where it was saved. The kernel's storages have no methods, so nothing else can come
 * back. */
static int map_with_function(loader *l, storage_obj *so, const char *location) {
    kn_obj *loc = kn_str_from_cstr(location);
    if (!loc) return kn_nomem(l->err);
    kn_obj *args[2] = {&so->base, loc};
    kn_obj *r = kn_call_simple(l->map_fn, args, 2, l->err);
    kn_decref(loc);
    if (!r) return -1;
    bool same = r == &so->base, none = r == kn_none();
    kn_decref(r);
    if (same) return 0;
    if (!none)
        return tc_error_set(l->err, TC_EXC_TYPE,
                            "map_location function must return the storage it was given or "
                            "None in tensorkernel (its storages have no methods to move them)");
    tc_device dev;
    if (target_device(l, location, &dev) < 0) return -1;
    if (dev.type == TC_DEVICE_CPU) return 0;
    tc_storage *moved = storage_with(dev, tc_storage_data(so->s), tc_storage_nbytes(so->s), l->err);
    if (!moved) return -1;
    tc_storage_unref(so->s);
    so->s = moved;
    return 0;
}

/* persistent_load(('storage', storage class, key, location, numel)) */
static kn_obj *load_storage(loader *l, kn_obj *pid) {
    kn_err *err = l->err;
    kn_obj **it = kn_is(pid, &kn_type_tuple) ? kn_tuple_items(pid) : NULL;
    if (!it || kn_tuple_len(pid) != 5 || !kn_is(it[0], &kn_type_str) ||
        strcmp(kn_str_cstr(it[0]), "storage") || !kn_is(it[1], &type_gmarker) ||
        ((gmarker *)it[1])->kind != G_STORAGE_CLASS || !kn_is(it[2], &kn_type_str) ||
        !kn_is(it[3], &kn_type_str) || !kn_is(it[4], &kn_type_int) || kn_int_is_big(it[4]) ||
        kn_int_value(it[4]) < 0) {
        fail_pickle(l, "unsupported persistent id (expected ('storage', storage type, key, "
                       "location, numel))");
        return NULL;
    }
    tc_dtype dt = ((gmarker *)it[1])->dt;
    kn_obj *have = kn_dict_get(l->storages, it[2], err);
    if (have) {
        if (((storage_obj *)have)->dt != dt) {
            fail_pickle(l, "one storage is viewed with two dtypes, which tensorkernel "
                           "does not support");
            return NULL;
        }
        return kn_incref(have);
    }
    if (tc_error_is_set(err)) return NULL;
    const char *key = kn_str_cstr(it[2]);
    int64_t numel = kn_int_value(it[4]);
    char rec[300];
    snprintf(rec, sizeof rec, "data/%.250s", key);
    const uint8_t *data;
    size_t n;
    if (kn__zip_find(l->zip, rec, &data, &n, err) < 0) return NULL;
    size_t isz = tc_dtype_size(dt);
    if ((uint64_t)numel > n / isz || (uint64_t)numel * isz != n) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "PytorchStreamReader failed reading file %s: the record holds %zu bytes, "
                     "not the %lld elements of %zu bytes its tensor needs",
                     rec, n, (long long)numel, isz);
        return NULL;
    }
    /* a map_location function sees the storage on the CPU first, as PyTorch's does */
    tc_device dev = tc_device_cpu();
    if (!l->map_fn && target_device(l, kn_str_cstr(it[3]), &dev) < 0) return NULL;
    tc_storage *st = storage_with(dev, data, n, err);
    storage_obj *so = st ? (storage_obj *)kn_obj_alloc(&type_storage, sizeof *so, err) : NULL;
    if (!so) {
        tc_storage_unref(st);
        return NULL;
    }
    so->s = st;
    so->dt = dt;
    if (l->map_fn && map_with_function(l, so, kn_str_cstr(it[3])) < 0) {
        kn_decref(&so->base);
        return NULL;
    }
    if (kn_dict_set(l->storages, it[2], &so->base, err) < 0) {
        kn_decref(&so->base);
        return NULL;
    }
    return &so->base;
}

/* ---- calls ---- */

static int int_tuple(loader *l, kn_obj *o, int64_t *out, int *n) {
    kn_obj **it;
    int64_t k;
    if (kn_is(o, &kn_type_tuple)) {
        it = kn_tuple_items(o);
        k = kn_tuple_len(o);
    } else if (kn_is(o, &kn_type_list)) {
        it = kn_list_items(o);
        k = kn_list_len(o);
    } else if (kn__is_size(o)) {
        int m;
        const int64_t *d = kn__size_dims(o, &m);
        memcpy(out, d, sizeof(int64_t) * (size_t)m);
        *n = m;
        return 0;
    } else {
        return fail_pickle(l, "_rebuild_tensor_v2: size and stride must be tuples of ints");
    }
    if (k > TC_MAX_DIMS) return fail_pickle(l, "_rebuild_tensor_v2: too many dimensions");
    for (int64_t i = 0; i < k; i++) {
        if (!kn_is(it[i], &kn_type_int) || kn_int_is_big(it[i]))
            return fail_pickle(l, "_rebuild_tensor_v2: size and stride must be tuples of ints");
        out[i] = kn_int_value(it[i]);
    }
    *n = (int)k;
    return 0;
}

/* _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
 * metadata=None) */
static kn_obj *rebuild_tensor(loader *l, kn_obj **a, int64_t n) {
    kn_err *err = l->err;
    if (n < 4 || n > 7 || !kn_is(a[0], &type_storage) || !kn_is(a[1], &kn_type_int) ||
        kn_int_is_big(a[1])) {
        fail_pickle(l, "_rebuild_tensor_v2: unexpected arguments");
        return NULL;
    }
    int64_t shape[TC_MAX_DIMS], strides[TC_MAX_DIMS];
    int nd, ns;
    if (int_tuple(l, a[2], shape, &nd) < 0 || int_tuple(l, a[3], strides, &ns) < 0) return NULL;
    if (nd != ns) {
        fail_pickle(l, "_rebuild_tensor_v2: size and stride differ in length");
        return NULL;
    }
    for (int i = 0; i < nd; i++)
        if (shape[i] < 0 || strides[i] < 0) {
            fail_pickle(l, "_rebuild_tensor_v2: negative size or stride");
            return NULL;
        }
    storage_obj *so = (storage_obj *)a[0];
    tc_tensor *t =
        tc_tensor_from_storage(so->s, so->dt, shape, strides, nd, kn_int_value(a[1]), err);
    if (!t) return NULL;
    if (n > 4) {
        int rg = kn_truth(a[4], err);
        if (rg < 0 || (rg && tc_set_requires_grad(t, true, err) < 0)) {
            tc_tensor_unref(t);
            return NULL;
        }
    }
    return kn_tensor_wrap(t);
}

/* _rebuild_parameter(data, requires_grad, backward_hooks[, state]) */
static kn_obj *rebuild_parameter(loader *l, kn_obj **a, int64_t n, int64_t want) {
    if (n != want || !kn_is_tensor(a[0])) {
        fail_pickle(l, "_rebuild_parameter: unexpected arguments");
        return NULL;
    }
    int rg = kn_truth(a[1], l->err);
    if (rg < 0) return NULL;
    kn_obj *args[2] = {a[0], rg ? kn_true() : kn_false()};
    return kn_call_simple(kn_type_object(kn_parameter_type()), args, 2, l->err);
}

static kn_obj *call_marker(loader *l, gmarker *g, kn_obj *args);

/* _rebuild_from_type_v2(func, new_type, args, state): a tensor of a subclass; the kernel
 * keeps Tensor and Parameter. */
static kn_obj *rebuild_from_type(loader *l, kn_obj **a, int64_t n) {
    if (n != 4 || !kn_is(a[0], &type_gmarker) || !kn_is(a[2], &kn_type_tuple)) {
        fail_pickle(l, "_rebuild_from_type_v2: unexpected arguments");
        return NULL;
    }
    kn_obj *t = call_marker(l, (gmarker *)a[0], a[2]);
    if (!t) return NULL;
    bool empty_state = a[3] == kn_none() || (kn_is(a[3], &kn_type_dict) && kn_dict_len(a[3]) == 0);
    if (!kn_is_tensor(t) || !empty_state ||
        (a[1] != kn_type_object(&kn_type_tensor) && a[1] != kn_type_object(kn_parameter_type()))) {
        kn_decref(t);
        fail_pickle(l, "_rebuild_from_type_v2: only Tensor and Parameter without extra "
                       "state are supported");
        return NULL;
    }
    if (a[1] == kn_type_object(kn_parameter_type()) && t->type != &kn_type_parameter) {
        kn_obj *args[1] = {t};
        kn_obj *p = kn_call_simple(a[1], args, 1, l->err);
        kn_decref(t);
        return p;
    }
    return t;
}

/* _codecs.encode(text, 'latin1'): how protocol 2 spells bytes. */
static kn_obj *codecs_encode(loader *l, kn_obj **a, int64_t n) {
    if (n != 2 || !kn_is(a[0], &kn_type_str) || !kn_is(a[1], &kn_type_str) ||
        (strcmp(kn_str_cstr(a[1]), "latin1") && strcmp(kn_str_cstr(a[1]), "latin-1"))) {
        fail_pickle(l, "_codecs.encode: only (str, 'latin1') is supported");
        return NULL;
    }
    const uint8_t *s = (const uint8_t *)kn_str_cstr(a[0]);
    size_t len = kn_str_len(a[0]), k = 0;
    char *b = tc_malloc(len + 1);
    if (!b) {
        kn_nomem(l->err);
        return NULL;
    }
    for (size_t i = 0; i < len;) { /* the text is valid UTF-8: make_str checked it */
        uint32_t c = s[i];
        if (c >= 0x80) {
            if ((c & 0xe0) != 0xc0 || c > 0xc3) {
                tc_free(b);
                tc_error_set(l->err, TC_EXC_UNICODE_ENCODE,
                             "'latin-1' codec can't encode character in position %zu: ordinal "
                             "not in range(256)",
                             i);
                return NULL;
            }
            c = (c & 0x1f) << 6 | (s[i + 1] & 0x3f);
            i += 2;
        } else {
            i++;
        }
        b[k++] = (char)c;
    }
    kn_obj *r = kn_bytes_new(b, k);
    tc_free(b);
    if (!r) kn_nomem(l->err);
    return r;
}

static kn_obj *call_marker(loader *l, gmarker *g, kn_obj *args) {
    kn_obj **a = kn_tuple_items(args);
    int64_t n = kn_tuple_len(args);
    switch (g->kind) {
    case G_REBUILD_TENSOR:
        return rebuild_tensor(l, a, n);
    case G_REBUILD_PARAMETER:
        return rebuild_parameter(l, a, n, 3);
    case G_REBUILD_PARAMETER_STATE:
        return rebuild_parameter(l, a, n, 4);
    case G_REBUILD_FROM_TYPE:
        return rebuild_from_type(l, a, n);
    case G_CODECS_ENCODE:
        return codecs_encode(l, a, n);
    case G_STORAGE_CLASS:
        break;
    }
    fail_pickle(l, "a storage class is not callable here");
    return NULL;
}

/* REDUCE: callable(*args) for the allowed globals only. */
static kn_obj *reduce(loader *l, kn_obj *fn, kn_obj *args) {
    if (!kn_is(args, &kn_type_tuple)) {
        fail_pickle(l, "REDUCE: the arguments are not a tuple");
        return NULL;
    }
    if (kn_is(fn, &type_gmarker)) return call_marker(l, (gmarker *)fn, args);
    const kn_type *t = kn_is(fn, &kn_type_type) ? kn_type_object_type(fn) : NULL;
    if (t == kn_ordereddict_type() || t == &kn__type_device || t == &kn__type_size ||
        t == &kn_type_set || t == &kn_type_frozenset) {
        if (t == kn_ordereddict_type() && kn_tuple_len(args) > 0) {
            fail_pickle(l, "OrderedDict is rebuilt from no arguments");
            return NULL;
        }
        return kn_call_simple(fn, kn_tuple_items(args), (int)kn_tuple_len(args), l->err);
    }
    fail_pickle(l, "REDUCE of an object that is not an allowed callable");
    return NULL;
}

/* BUILD: the state of an OrderedDict (a state dict's _metadata) is dropped; a tensor or
 * Parameter takes no state here. */
static int build(loader *l) {
    kn_obj *state = pop(l);
    if (!state) return -1;
    kn_obj *inst = top(l);
    int rc = 0;
    if (!inst)
        rc = -1;
    else if (!kn_is(inst, kn_ordereddict_type()) &&
             !(kn_is_tensor(inst) &&
               (state == kn_none() || (kn_is(state, &kn_type_dict) && !kn_dict_len(state)))))
        rc = fail_pickle(l, "Can only build Tensor, Parameter or OrderedDict");
    kn_decref(state);
    return rc;
}

static int set_items(loader *l, kn_obj *d, kn_obj **items, size_t k) {
    if (!kn_is(d, &kn_type_dict) && !kn_is(d, kn_ordereddict_type()))
        return fail_pickle(l, "SETITEM on an object that is not a dict");
    if (k % 2) return fail_pickle(l, "odd number of items for SETITEMS");
    for (size_t i = 0; i < k; i += 2)
        if (kn_setitem(d, items[i], items[i + 1], l->err) < 0) return -1;
    return 0;
}

static kn_obj *memo_at(loader *l, uint64_t idx) {
    if (idx >= l->memo_cap || !l->memo[idx]) {
        fail_pickle(l, "Memo value not found at index %llu", (unsigned long long)idx);
        return NULL;
    }
    return kn_incref(l->memo[idx]);
}

static int memo_store(loader *l, uint64_t idx) {
    kn_obj *o = top(l);
    if (!o) return -1;
    /* a valid pickle numbers its memo entries below its own length */
    if (idx >= (uint64_t)(l->end - l->start) + 64) return fail_pickle(l, "memo index out of range");
    if (idx >= l->memo_cap) {
        size_t cap = l->memo_cap ? l->memo_cap : 64;
        while (cap <= idx)
            cap *= 2;
        kn_obj **m = tc_reallocarray(l->memo, cap, sizeof *m);
        if (!m) return kn_nomem(l->err);
        memset(m + l->memo_cap, 0, (cap - l->memo_cap) * sizeof *m);
        l->memo = m;
        l->memo_cap = cap;
    }
    if (l->memo[idx])
        kn_decref(l->memo[idx]);
    else
        l->memo_count++;
    l->memo[idx] = kn_incref(o);
    return 0;
}

/* A text line ending in '\n' (protocol 0 opcodes), NUL-terminated into buf. */
static int read_line(loader *l, char *buf, size_t n) {
    const uint8_t *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    if (!nl) return fail_pickle(l, "pickle data was truncated");
    size_t len = (size_t)(nl - l->p);
    if (len >= n) return fail_pickle(l, "line too long");
    memcpy(buf, l->p, len);
    buf[len] = 0;
    l->p = nl + 1;
    return 0;
}

/* Run the pickle; the unpickled object (new reference), or NULL with err set. */
static kn_obj *unpickle(loader *l) {
    kn_err *err = l->err;
    while (l->p < l->end) {
        if (tc_interrupt_check(err) < 0) return NULL;
        uint8_t op = *l->p++;
        kn_obj *a = NULL, *b = NULL, **items = NULL;
        size_t k = 0;
        int rc = 0;
        switch (op) {
        case 0x80: /* PROTO */
            if (need(l, 1) < 0) return NULL;
            if (*l->p++ > 5) return fail_pickle(l, "unsupported pickle protocol"), NULL;
            break;
        case 0x95: /* FRAME: an 8-byte length; frames need no handling when all is in memory */
            if (need(l, 8) < 0) return NULL;
            l->p += 8;
            break;
        case '.': { /* STOP */
            kn_obj *r = pop(l);
            return r;
        }
        case '(': /* MARK */
            if (l->nmarks == l->capmarks) {
                size_t cap = l->capmarks ? l->capmarks * 2 : 32;
                size_t *m = tc_reallocarray(l->marks, cap, sizeof *m);
                if (!m) return kn_nomem(err), NULL;
                l->marks = m;
                l->capmarks = cap;
            }
            l->marks[l->nmarks++] = l->n;
            break;
        case '0': /* POP */
            if (!(a = pop(l))) return NULL;
            kn_decref(a);
            break;
        case '1': /* POP_MARK */
            if (pop_mark(l, &items, &k) < 0) return NULL;
            release(items, k);
            break;
        case '2': /* DUP */
            if (!(a = top(l))) return NULL;
            rc = push(l, kn_incref(a));
            break;
        case 'N':
            rc = push(l, kn_none_new());
            break;
        case 0x88:
            rc = push(l, kn_bool_new(true));
            break;
        case 0x89:
            rc = push(l, kn_bool_new(false));
            break;
        case 'K': /* BININT1 */
            if (need(l, 1) < 0) return NULL;
            rc = push(l, kn_int_new(*l->p++));
            break;
        case 'M': /* BININT2 */
            if (need(l, 2) < 0) return NULL;
            rc = push(l, kn_int_new(l->p[0] | l->p[1] << 8));
            l->p += 2;
            break;
        case 'J': /* BININT */
            if (need(l, 4) < 0) return NULL;
            rc = push(l, kn_int_new((int32_t)rd_u32(l->p)));
            l->p += 4;
            break;
        case 0x8a:   /* LONG1 */
        case 0x8b: { /* LONG4 */
            size_t w = op == 0x8a ? 1 : 4, n;
            if (need(l, w) < 0) return NULL;
            n = w == 1 ? *l->p : rd_u32(l->p);
            l->p += w;
            if (need(l, n) < 0) return NULL;
            if (n > 4096) return fail_pickle(l, "int too large"), NULL;
            rc = push(l, make_long(l, l->p, n));
            l->p += n;
            break;
        }
        case 'I':   /* INT (protocol 0; "01"/"00" are True/False) */
        case 'L': { /* LONG */
            char line[128];
            if (read_line(l, line, sizeof line) < 0) return NULL;
            size_t len = strlen(line);
            if (op == 'L' && len && line[len - 1] == 'L') line[--len] = 0;
            if (op == 'I' && !strcmp(line, "01"))
                a = kn_bool_new(true);
            else if (op == 'I' && !strcmp(line, "00"))
                a = kn_bool_new(false);
            else if (line[0] == '-' && len > 1 && line[1] != '-') { /* the literal has no sign */
                kn_obj *pos = kn_int_from_text(line + 1, len - 1, err);
                a = pos ? kn_unary(KN_UNOP_NEG, pos, err) : NULL;
                kn_decref(pos);
            } else
                a = kn_int_from_text(line, len, err);
            if (!a) {
                if (tc_error_is_set(err)) tc_error_clear(err);
                return fail_pickle(l, "invalid literal in INT"), NULL;
            }
            rc = push(l, a);
            break;
        }
        case 'G': { /* BINFLOAT: big-endian */
            if (need(l, 8) < 0) return NULL;
            uint64_t u = 0;
            for (int i = 0; i < 8; i++)
                u = u << 8 | l->p[i];
            double d;
            memcpy(&d, &u, 8);
            l->p += 8;
            rc = push(l, kn_float_new(d));
            break;
        }
        case 'F': { /* FLOAT */
            char line[128], *end;
            if (read_line(l, line, sizeof line) < 0) return NULL;
            double d = strtod(line, &end);
            if (end == line || *end) return fail_pickle(l, "invalid literal in FLOAT"), NULL;
            rc = push(l, kn_float_new(d));
            break;
        }
        case 'X':    /* BINUNICODE */
        case 0x8c:   /* SHORT_BINUNICODE */
        case 0x8d:   /* BINUNICODE8 */
        case 'B':    /* BINBYTES */
        case 'C':    /* SHORT_BINBYTES */
        case 0x8e: { /* BINBYTES8 */
            size_t w = (op == 0x8c || op == 'C') ? 1 : (op == 0x8d || op == 0x8e) ? 8 : 4;
            if (need(l, w) < 0) return NULL;
            uint64_t n = w == 1   ? *l->p
                         : w == 4 ? rd_u32(l->p)
                                  : rd_u32(l->p) | (uint64_t)rd_u32(l->p + 4) << 32;
            l->p += w;
            if (need(l, n) < 0) return NULL;
            bool text = op == 'X' || op == 0x8c || op == 0x8d;
            a = text ? make_str(l, l->p, (size_t)n) : kn_bytes_new((const char *)l->p, (size_t)n);
            if (!a && !tc_error_is_set(err)) kn_nomem(err);
            l->p += n;
            rc = push(l, a);
            break;
        }
        case 'V': { /* UNICODE (protocol 0): raw-unicode-escape text up to '\n' */
            const uint8_t *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
            if (!nl) return fail_pickle(l, "pickle data was truncated"), NULL;
            a = unicode_line(l, l->p, (size_t)(nl - l->p));
            l->p = nl + 1;
            rc = push(l, a);
            break;
        }
        case ']': /* EMPTY_LIST */
            rc = push(l, kn_list_new(0));
            break;
        case '}': /* EMPTY_DICT */
            rc = push(l, kn_dict_new());
            break;
        case ')': /* EMPTY_TUPLE */
            rc = push(l, kn_tuple_new(0));
            break;
        case 0x8f: /* EMPTY_SET */
            rc = push(l, kn_set_new());
            break;
        case 0x85: /* TUPLE1..3 */
        case 0x86:
        case 0x87: {
            int n = op - 0x84;
            size_t floor = l->nmarks ? l->marks[l->nmarks - 1] : 0;
            if (l->n - floor < (size_t)n) return fail_pickle(l, "unpickling stack underflow"), NULL;
            kn_obj *t = kn_tuple_new(n);
            if (!t) return kn_nomem(err), NULL;
            for (int i = n - 1; i >= 0; i--)
                kn_tuple_set(t, i, l->stack[--l->n]);
            rc = push(l, t);
            break;
        }
        case 't':    /* TUPLE */
        case 'l':    /* LIST */
        case 0x91: { /* FROZENSET */
            if (pop_mark(l, &items, &k) < 0) return NULL;
            kn_obj *c = op == 't'   ? kn_tuple_new((int64_t)k)
                        : op == 'l' ? kn_list_new(0)
                                    : kn_set_new();
            if (!c) {
                release(items, k);
                return kn_nomem(err), NULL;
            }
            for (size_t i = 0; i < k; i++) {
                if (op == 't') {
                    kn_tuple_set(c, (int64_t)i, items[i]);
                    items[i] = NULL;
                } else if (rc == 0) {
                    rc = op == 'l' ? (kn_list_append(c, items[i]) < 0 ? kn_nomem(err) : 0)
                                   : kn_set_add(c, items[i], err);
                }
            }
            release(items, k);
            if (rc == 0 && op == 0x91) {
                kn_obj *f = kn_frozenset_new(c, err);
                kn_decref(c);
                c = f;
            }
            if (rc < 0) {
                kn_decref(c);
                return NULL;
            }
            rc = push(l, c);
            break;
        }
        case 'd': /* DICT */
            if (pop_mark(l, &items, &k) < 0) return NULL;
            a = kn_dict_new();
            rc = a ? set_items(l, a, items, k) : kn_nomem(err);
            release(items, k);
            if (rc < 0) {
                kn_decref(a);
                return NULL;
            }
            rc = push(l, a);
            break;
        case 'a': /* APPEND */
            if (!(b = pop(l))) return NULL;
            if (!(a = top(l))) {
                kn_decref(b);
                return NULL;
            }
            if (!kn_is(a, &kn_type_list))
                rc = fail_pickle(l, "APPEND to an object that is not a list");
            else if (kn_list_append(a, b) < 0)
                rc = kn_nomem(err);
            kn_decref(b);
            break;
        case 'e':    /* APPENDS */
        case 0x90: { /* ADDITEMS */
            if (pop_mark(l, &items, &k) < 0) return NULL;
            a = top(l);
            if (!a)
                rc = -1;
            else if (op == 'e' && !kn_is(a, &kn_type_list))
                rc = fail_pickle(l, "APPENDS to an object that is not a list");
            else if (op == 0x90 && !kn_is(a, &kn_type_set))
                rc = fail_pickle(l, "ADDITEMS to an object that is not a set");
            for (size_t i = 0; i < k && rc == 0; i++)
                rc = op == 'e' ? (kn_list_append(a, items[i]) < 0 ? kn_nomem(err) : 0)
                               : kn_set_add(a, items[i], err);
            release(items, k);
            break;
        }
        case 's': /* SETITEM */
            if (!(b = pop(l))) return NULL;
            if (!(a = pop(l))) {
                kn_decref(b);
                return NULL;
            }
            {
                kn_obj *d = top(l), *kv[2] = {a, b};
                rc = d ? set_items(l, d, kv, 2) : -1;
            }
            kn_decref(a);
            kn_decref(b);
            break;
        case 'u': /* SETITEMS */
            if (pop_mark(l, &items, &k) < 0) return NULL;
            a = top(l);
            rc = a ? set_items(l, a, items, k) : -1;
            release(items, k);
            break;
        case 'c': { /* GLOBAL "module\nname\n" */
            char mod[256], name[256];
            if (read_line(l, mod, sizeof mod) < 0 || read_line(l, name, sizeof name) < 0)
                return NULL;
            a = find_global(l, mod, name);
            if (!a) return NULL;
            rc = push(l, a);
            break;
        }
        case 0x93: { /* STACK_GLOBAL */
            if (!(b = pop(l))) return NULL;
            if (!(a = pop(l))) {
                kn_decref(b);
                return NULL;
            }
            kn_obj *g = NULL;
            if (!kn_is(a, &kn_type_str) || !kn_is(b, &kn_type_str))
                rc = fail_pickle(l, "STACK_GLOBAL requires str");
            else
                rc = (g = find_global(l, kn_str_cstr(a), kn_str_cstr(b))) ? 0 : -1;
            kn_decref(a);
            kn_decref(b);
            if (rc == 0) rc = push(l, g);
            break;
        }
        case 'R':  /* REDUCE: callable(*args) */
        case 0x81: { /* NEWOBJ: cls.__new__(cls, *args), the same for the allowed types */
            if (!(b = pop(l))) return NULL;
            if (!(a = pop(l))) {
                kn_decref(b);
                return NULL;
            }
            kn_obj *r = reduce(l, a, b);
            kn_decref(a);
            kn_decref(b);
            if (!r) return NULL;
            rc = push(l, r);
            break;
        }
        case 'b': /* BUILD */
            rc = build(l);
            break;
        case 'Q': { /* BINPERSID */
            if (!(a = pop(l))) return NULL;
            kn_obj *st = load_storage(l, a);
            kn_decref(a);
            if (!st) return NULL;
            rc = push(l, st);
            break;
        }
        case 'q': /* BINPUT */
            if (need(l, 1) < 0) return NULL;
            rc = memo_store(l, *l->p++);
            break;
        case 'r': /* LONG_BINPUT */
            if (need(l, 4) < 0) return NULL;
            rc = memo_store(l, rd_u32(l->p));
            l->p += 4;
            break;
        case 'p': { /* PUT */
            char line[32], *end;
            if (read_line(l, line, sizeof line) < 0) return NULL;
            unsigned long long idx = strtoull(line, &end, 10);
            if (end == line || *end) return fail_pickle(l, "invalid PUT index"), NULL;
            rc = memo_store(l, idx);
            break;
        }
        case 0x94:                             /* MEMOIZE */
            rc = memo_store(l, l->memo_count); /* Python's: len(memo) */
            break;
        case 'h': /* BINGET */
            if (need(l, 1) < 0) return NULL;
            rc = push(l, memo_at(l, *l->p++));
            break;
        case 'j': /* LONG_BINGET */
            if (need(l, 4) < 0) return NULL;
            rc = push(l, memo_at(l, rd_u32(l->p)));
            l->p += 4;
            break;
        case 'g': { /* GET */
            char line[32], *end;
            if (read_line(l, line, sizeof line) < 0) return NULL;
            unsigned long long idx = strtoull(line, &end, 10);
            if (end == line || *end) return fail_pickle(l, "invalid GET index"), NULL;
            rc = push(l, memo_at(l, idx));
            break;
        }
        default:
            return fail_pickle(l, "Unsupported operand %d", op), NULL;
        }
        if (rc < 0) return NULL;
    }
    fail_pickle(l, "pickle data was truncated");
    return NULL;
}

static void loader_free(loader *l) {
    release(l->stack, l->n);
    tc_free(l->stack);
    tc_free(l->marks);
    for (size_t i = 0; i < l->memo_cap; i++)
        kn_decref(l->memo[i]);
    tc_free(l->memo);
    kn_decref(l->storages);
}

kn_obj *kn__torch_load_bytes(const uint8_t *data, size_t n, kn_obj *map_location, kn_err *err) {
    loader l = {.err = err};
    if (map_location && map_location != kn_none()) {
        if (kn_is(map_location, &kn_type_dict)) {
            l.map_dict = map_location;
        } else if (kn_is(map_location, &kn_type_str) || kn_is(map_location, &kn__type_device)) {
            if (kn__parse_device(map_location, &l.map_dev, err) < 0) return NULL;
            l.has_map = true;
        } else {
            l.map_fn = map_location;
        }
    }
    if (n == 0) { /* PyTorch's pickle reader meets the end first */
        tc_error_set(err, TC_EXC_EOF, "%s", "");
        return NULL;
    }
    kn__zip *z = kn__zip_open(data, n, err);
    if (!z) return NULL;
    const uint8_t *pkl;
    size_t npkl;
    kn_obj *r = NULL;
    if (kn__zip_find(z, "data.pkl", &pkl, &npkl, err) == 0) {
        l.zip = z;
        l.start = l.p = pkl;
        l.end = pkl + npkl;
        l.storages = kn_dict_new();
        if (!l.storages)
            kn_nomem(err);
        else
            r = unpickle(&l);
    }
    loader_free(&l);
    kn__zip_free(z);
    if (r && kn_is(r, &type_gmarker)) { /* a bare global is nothing a user can hold */
        kn_decref(r);
        tc_error_set(err, TC_EXC_UNPICKLING, WEIGHTS_ONLY "the file holds a bare global");
        return NULL;
    }
    return r;
}

static kn_obj *read_all(const char *path, uint8_t **out, size_t *n, kn_err *err) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        tc_error_set(err, TC_EXC_OS, "[Errno %d] %s: '%s'", errno, strerror(errno), path);
        return NULL;
    }
    tc_strbuf b = {0};
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
        if (tc_strbuf_append(&b, chunk, k) < 0) break;
    bool bad = ferror(fp);
    fclose(fp);
    if (b.failed) {
        tc_strbuf_free(&b);
        kn_nomem(err);
        return NULL;
    }
    if (bad) {
        tc_strbuf_free(&b);
        tc_error_set(err, TC_EXC_OS, "[Errno %d] %s: '%s'", EIO, strerror(EIO), path);
        return NULL;
    }
    *out = (uint8_t *)b.data;
    *n = b.len;
    return kn_none();
}

/* torch.load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None) */
static kn_obj *f_load(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"f", "map_location", "pickle_module", "weights_only",
                                        "mmap"};
    kn_obj *v[5] = {0};
    if (kn_args_bind(a, "load", names, 5, 1, v, err) < 0) return NULL;
    if (v[2] && v[2] != kn_none()) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "torch.load: pickle_module is not supported");
        return NULL;
    }
    if (v[3] && v[3] != kn_none() && kn_truth(v[3], err) < 0) return NULL;
    if (kn_is(v[0], &kn_type_str)) {
        const char *path = kn_str_cstr(v[0]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            /* a regular file is mapped, not copied: its records are copied once, into the
             * storages */
            size_t n = (size_t)st.st_size;
            void *map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
            close(fd);
            if (map != MAP_FAILED) {
                madvise(map, n, MADV_SEQUENTIAL);
                kn_obj *r = kn__torch_load_bytes(map, n, v[1], err);
                munmap(map, n);
                return r;
            }
        } else if (fd >= 0) {
            close(fd);
        }
        uint8_t *data = NULL;
        size_t n = 0;
        if (!read_all(path, &data, &n, err)) return NULL;
        kn_obj *r = kn__torch_load_bytes(data, n, v[1], err);
        tc_free(data);
        return r;
    }
    if (kn_is(v[0], &kn_type_bytes)) /* not PyTorch's; handy with a file's read() */
        return kn__torch_load_bytes((const uint8_t *)kn_bytes_data(v[0]), kn_bytes_len(v[0]), v[1],
                                    err);
    kn_obj *read = method_of(v[0], "read", err);
    if (!read && tc_error_is_set(err)) return NULL;
    if (!read) {
        tc_error_set(err, TC_EXC_TYPE,
                     "load(): f must be a path (str) or a file-like object with read(), not %s",
                     kn_type_name(v[0]));
        return NULL;
    }
    kn_obj *bytes = kn_call_simple(read, NULL, 0, err);
    kn_decref(read);
    if (!bytes) return NULL;
    kn_obj *r = NULL;
    if (!kn_is(bytes, &kn_type_bytes))
        tc_error_set(err, TC_EXC_TYPE, "load(): f.read() returned %s, not bytes",
                     kn_type_name(bytes));
    else
        r = kn__torch_load_bytes((const uint8_t *)kn_bytes_data(bytes), kn_bytes_len(bytes), v[1],
                                 err);
    kn_decref(bytes);
    return r;
}

const kn__fn kn__torch_serialize_fns[] = {
    {"save", f_save,
     "(obj, f, pickle_module=pickle, pickle_protocol=2, _use_new_zipfile_serialization=True, "
     "_disable_byteorder_record=False)",
     "Saves an object to a disk file."},
    {"load", f_load, "(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None)",
     "Loads an object saved with torch.save() from a file."},
    {NULL, NULL, NULL, NULL},
};
