/*
 * The native ops under torch.special and torch.fft (and numpy.fft), as private functions of
 * the torch and numpy modules: torch._special(name, x, n), torch._special2(name, a, b),
 * torch._fft_c2c(x, dims, norm, forward), torch._fft_r2c(x, dims, norm, onesided),
 * torch._fft_c2r(x, dims, norm, last_n), and numpy's same-named functions on arrays. The
 * public names (argument parsing, promotion, n=, norm strings) are Python:
 * py/torch__special.py, py/torch__fft.py, py/numpy__fft.py.
 */
#include <string.h>

#include "kernel/torch/torch-impl.h"
#include "tensorcore/fft.h"
#include "tensorcore/special.h"

static tc_tensor *tensor_arg(kn_obj *o, const char *fname, kn_err *err) {
    tc_tensor *t = o ? kn_tensor_unwrap(o) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): expected a Tensor, not %s", fname, o ? kn_type_name(o) : "NoneType");
    return t;
}

static kn_obj *result(tc_tensor *r, bool ndarray, kn_err *err) {
    if (!r) return NULL;
    if (ndarray) return kn__ndarray_result(r, err);
    return kn_tensor_wrap(r);
}

static const char *const special_names[] = {
#define SP_NAME(id, name, bw) name,
    TC_SPECIAL_LIST(SP_NAME)
#undef SP_NAME
};
static const char *const special2_names[] = {
#define SP2_NAME(id, name, bw) name,
    TC_SPECIAL2_LIST(SP2_NAME)
#undef SP2_NAME
};

static int find_name(kn_obj *o, const char *const *names, int n, const char *fname, kn_err *err) {
    if (o && kn_is(o, &kn_type_str))
        for (int i = 0; i < n; i++)
            if (!strcmp(names[i], kn_str_cstr(o))) return i;
    return tc_error_set(err, TC_EXC_VALUE, "%s(): unknown function", fname);
}

static kn_obj *f_special(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"name", "input", "n"};
    kn_obj *v[3];
    int64_t n = 0;
    if (kn_args_bind(a, "_special", names, 3, 2, v, err) < 0) return NULL;
    int op = find_name(v[0], special_names, TC_SPECIAL_COUNT, "_special", err);
    tc_tensor *x = op < 0 ? NULL : tensor_arg(v[1], "_special", err);
    if (!x || (v[2] && kn_to_int64(v[2], &n, err) < 0)) return NULL;
    return result(tc_special((tc_special_op)op, x, n, err), kn_is_ndarray(v[1]), err);
}

static kn_obj *f_special2(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    static const char *const names[] = {"name", "input", "other", "variant"};
    kn_obj *v[4];
    int64_t variant = 0;
    if (kn_args_bind(a, "_special2", names, 4, 3, v, err) < 0 || (v[3] && kn_to_int64(v[3], &variant, err) < 0))
        return NULL;
    int op = find_name(v[0], special2_names, TC_SPECIAL2_COUNT, "_special2", err);
    tc_tensor *x = op < 0 ? NULL : tensor_arg(v[1], "_special2", err);
    tc_tensor *y = x ? tensor_arg(v[2], "_special2", err) : NULL;
    if (!y) return NULL;
    return result(tc_special2((tc_special2_op)op, x, y, (int)variant, err), kn_is_ndarray(v[1]), err);
}

/* dims: an int or a list/tuple of ints. */
static int dims_arg(kn_obj *o, int *dims, int *nd, kn_err *err) {
    kn_obj **items = NULL;
    int64_t n = 0;
    if (kn_is(o, &kn_type_list)) {
        items = kn_list_items(o);
        n = kn_list_len(o);
    } else if (kn_is(o, &kn_type_tuple)) {
        items = kn_tuple_items(o);
        n = kn_tuple_len(o);
    } else {
        int64_t d;
        if (kn_to_int64(o, &d, err) < 0) return -1;
        dims[0] = (int)d;
        *nd = 1;
        return 0;
    }
    if (n < 1 || n > TC_MAX_DIMS) return tc_error_set(err, TC_EXC_RUNTIME, "fft: invalid dims");
    for (int64_t i = 0; i < n; i++) {
        int64_t d;
        if (kn_to_int64(items[i], &d, err) < 0) return -1;
        dims[i] = (int)d;
    }
    *nd = (int)n;
    return 0;
}

typedef enum { FFT_C2C, FFT_R2C, FFT_C2R } fft_kind;

static kn_obj *fft_common(const kn_args *a, fft_kind kind, const char *fname, kn_err *err) {
    static const char *const names[] = {"input", "dims", "norm", "flag"};
    kn_obj *v[4];
    int dims[TC_MAX_DIMS], nd = 0;
    int64_t norm = 0, flag = 0;
    if (kn_args_bind(a, fname, names, 4, 4, v, err) < 0) return NULL;
    tc_tensor *x = tensor_arg(v[0], fname, err);
    if (!x || dims_arg(v[1], dims, &nd, err) < 0 || kn_to_int64(v[2], &norm, err) < 0 ||
        kn_to_int64(v[3], &flag, err) < 0)
        return NULL;
    if (norm < 0 || norm > 2) {
        tc_error_set(err, TC_EXC_VALUE, "%s(): bad norm", fname);
        return NULL;
    }
    tc_tensor *r = kind == FFT_C2C   ? tc_fft_c2c(x, dims, nd, (tc_fft_norm)norm, flag != 0, err)
                   : kind == FFT_R2C ? tc_fft_r2c(x, dims, nd, (tc_fft_norm)norm, flag != 0, err)
                                     : tc_fft_c2r(x, dims, nd, (tc_fft_norm)norm, flag, err);
    return result(r, kn_is_ndarray(v[0]), err);
}

static kn_obj *f_fft_c2c(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    return fft_common(a, FFT_C2C, "_fft_c2c", err);
}
static kn_obj *f_fft_r2c(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    return fft_common(a, FFT_R2C, "_fft_r2c", err);
}
static kn_obj *f_fft_c2r(kn_obj *self, const kn_args *a, kn_err *err) {
    (void)self;
    return fft_common(a, FFT_C2R, "_fft_c2r", err);
}

const kn__fn kn__torch_fft_fns[] = {
    {"_special", f_special, "(name, input, n=0)", "A torch.special function by its ATen name."},
    {"_special2", f_special2, "(name, input, other, variant=0)", "A two-argument torch.special function."},
    {"_fft_c2c", f_fft_c2c, "(input, dims, norm, forward)", "Complex FFT over dims (norm 0 none, 1 ortho, 2 by n)."},
    {"_fft_r2c", f_fft_r2c, "(input, dims, norm, onesided)", "Real-to-complex FFT over dims."},
    {"_fft_c2r", f_fft_c2r, "(input, dims, norm, last_n)", "Complex-to-real inverse FFT over dims."},
    {NULL, NULL, NULL, NULL},
};
