/*
 * torch's random functions over tensorcore/random.h: torch.Generator and the default
 * generator (manual_seed, seed, initial_seed, get_rng_state/set_rng_state), the random
 * creation functions (rand, randn, randint, randperm, the *_like forms, normal, bernoulli,
 * multinomial, poisson) and the in-place Tensor methods (uniform_, normal_, random_,
 * bernoulli_, exponential_). Each accepts generator= as PyTorch does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"
#include "tensorcore/random.h"

#define NARGS(names) ((int)(sizeof(names) / sizeof(*(names))))

static bool absent(kn_obj *o) { return !o || kn_is(o, &kn_type_none); }

/* ---- torch.Generator ------------------------------------------------------------------- */

typedef struct gen_obj {
    kn_obj base;
    tc_generator *g; /* owned reference (the default generator is never freed) */
} gen_obj;

static void gen_dealloc(kn_obj *self) { tc_generator_unref(((gen_obj *)self)->g); }

static kn_obj *gen_repr(kn_obj *self, kn_err *err) {
    return kn_str_printf("<torch._C.Generator object at %p>", (void *)self);
}

static kn_obj *gen_getattr(kn_obj *self, const char *name, kn_err *err);
static kn_obj *gen_construct(const kn_type *type, const kn_args *a, kn_err *err);

const kn_type kn__type_generator = {
    .name = "Generator", .qualname = "torch._C.Generator",
    .doc = "Creates and returns a generator object that manages the state of the algorithm "
           "which produces pseudo random numbers.",
    .dealloc = gen_dealloc, .repr = gen_repr, .getattr = gen_getattr, .construct = gen_construct,
};

static gen_obj default_gen_obj = {{INT64_C(1) << 40, &kn__type_generator}, NULL};

static kn_obj *default_generator(void) {
    default_gen_obj.g = tc_generator_default();
    return &default_gen_obj.base;
}

/* The generator= argument: NULL for None/absent (the default generator). */
static int get_generator(kn_obj *o, tc_generator **out, kn_err *err) {
    *out = NULL;
    if (absent(o)) return 0;
    if (!kn_is(o, &kn__type_generator))
        return tc_error_set(err, TC_EXC_TYPE, "expected a Generator, but got %s", kn_type_name(o));
    *out = ((gen_obj *)o)->g;
    return 0;
}

/* Seeds as PyTorch takes them: any Python int, negative ones as their two's complement. */
static int get_seed(kn_obj *o, uint64_t *out, kn_err *err) {
    int64_t s;
    if (!kn_is(o, &kn_type_int) && !kn_is(o, &kn_type_bool) && !kn_tensor_unwrap(o))
        return tc_error_set(err, TC_EXC_TYPE, "manual_seed expected a long, but got %s",
                            kn_type_name(o));
    if (kn_to_int64(o, &s, err) < 0) return -1;
    *out = (uint64_t)s;
    return 0;
}

static kn_obj *seed_int(uint64_t s) { return kn_int_new((int64_t)s); }

static kn_obj *state_tensor(tc_generator *g, kn_err *err) {
    uint8_t buf[TC_RNG_STATE_SIZE];
    tc_generator_get_state(g, buf);
    int64_t shape[1] = {TC_RNG_STATE_SIZE};
    tc_tensor *t = tc_from_buffer(buf, TC_DTYPE_U8, shape, 1, tc_device_cpu(), err);
    return t ? kn_tensor_wrap(t) : NULL;
}

static int set_state(tc_generator *g, kn_obj *o, kn_err *err) {
    tc_tensor *t = kn_tensor_unwrap(o);
    if (!t || !kn_is_tensor(o))
        return tc_error_set(err, TC_EXC_TYPE, "expected a torch.ByteTensor, but got %s",
                            kn_type_name(o));
    if (t->dtype != TC_DTYPE_U8 || t->device.type != TC_DEVICE_CPU)
        return tc_error_set(err, TC_EXC_TYPE,
                            "expected a torch.ByteTensor, but got torch.%s",
                            t->dtype == TC_DTYPE_U8 ? "cuda.ByteTensor" : "Tensor");
    tc_tensor *c = tc_contiguous(t, err);
    if (!c) return -1;
    int rc = tc_generator_set_state(g, tc_data_ptr(c), (size_t)tc_numel(c), err);
    tc_tensor_unref(c);
    return rc;
}

static kn_obj *g_manual_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"seed"};
    kn_obj *v[1];
    uint64_t s = 0;
    if (kn_args_bind(a, "manual_seed", names, 1, 1, v, err) < 0 || get_seed(v[0], &s, err) < 0)
        return NULL;
    tc_generator_manual_seed(((gen_obj *)self)->g, s);
    return kn_incref(self);
}

static kn_obj *g_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "seed", NULL, 0, 0, NULL, err) < 0) return NULL;
    return seed_int(tc_generator_seed(((gen_obj *)self)->g));
}

static kn_obj *g_initial_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "initial_seed", NULL, 0, 0, NULL, err) < 0) return NULL;
    return seed_int(tc_generator_initial_seed(((gen_obj *)self)->g));
}

static kn_obj *g_get_state(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "get_state", NULL, 0, 0, NULL, err) < 0) return NULL;
    return state_tensor(((gen_obj *)self)->g, err);
}

static kn_obj *g_set_state(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"new_state"};
    kn_obj *v[1];
    if (kn_args_bind(a, "set_state", names, 1, 1, v, err) < 0 ||
        set_state(((gen_obj *)self)->g, v[0], err) < 0)
        return NULL;
    return kn_incref(self);
}

static const kn__fn gen_methods[] = {
    {"manual_seed", g_manual_seed, "(seed)", "Sets the seed for generating random numbers. Returns a torch.Generator object."},
    {"seed", g_seed, "()", "Gets a non-deterministic random number from std::random_device or the current time and uses it to seed a Generator."},
    {"initial_seed", g_initial_seed, "()", "Returns the initial seed for generating random numbers."},
    {"get_state", g_get_state, "()", "Returns the Generator state as a torch.ByteTensor."},
    {"set_state", g_set_state, "(new_state)", "Sets the Generator state."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *gen_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (!strcmp(name, "device")) return kn__device_new(TC_DEVICE_CPU, -1);
    const kn__fn *f = kn__fn_find(gen_methods, name);
    return f ? kn_cfunction_new(f->name, f->fn, self, f->sig, f->doc) : NULL;
}

static kn_obj *gen_construct(const kn_type *type, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"device"};
    kn_obj *v[1];
    tc_device dev;
    if (kn_args_bind(a, "Generator", names, 1, 0, v, err) < 0 || kn__parse_device(v[0], &dev, err) < 0)
        return NULL;
    if (dev.type != TC_DEVICE_CPU) {
        tc_error_set(err, TC_EXC_RUNTIME,
                     "torch.Generator(device='cuda') is not supported: tensorkernel has only the "
                     "CPU generator (CUDA tensors are filled from it)");
        return NULL;
    }
    gen_obj *g = (gen_obj *)kn_obj_alloc(&kn__type_generator, sizeof(gen_obj), err);
    if (!g) return NULL;
    g->g = tc_generator_new();
    if (!g->g) {
        kn_decref(&g->base);
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    return &g->base;
}

/* ---- default-generator functions --------------------------------------------------------- */

static kn_obj *f_manual_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"seed"};
    kn_obj *v[1];
    uint64_t s = 0;
    if (kn_args_bind(a, "manual_seed", names, 1, 1, v, err) < 0 || get_seed(v[0], &s, err) < 0)
        return NULL;
    tc_generator_manual_seed(NULL, s);
    return kn_incref(default_generator());
}

static kn_obj *f_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    return g_seed(default_generator(), a, err);
}

static kn_obj *f_initial_seed(kn_obj *self, const kn_args *a, kn_err *err) {
    return g_initial_seed(default_generator(), a, err);
}

static kn_obj *f_get_rng_state(kn_obj *self, const kn_args *a, kn_err *err) {
    if (kn_args_bind(a, "get_rng_state", NULL, 0, 0, NULL, err) < 0) return NULL;
    return state_tensor(NULL, err);
}

static kn_obj *f_set_rng_state(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"new_state"};
    kn_obj *v[1];
    if (kn_args_bind(a, "set_rng_state", names, 1, 1, v, err) < 0 || set_state(NULL, v[0], err) < 0)
        return NULL;
    return kn_none_new();
}

/* ---- creation ------------------------------------------------------------------------------- */

typedef struct ropts {
    bool has_dtype;
    tc_dtype dtype;
    bool has_device;
    tc_device dev;
    bool requires_grad;
    tc_generator *g;
} ropts;

static const char *const opt_names[] = {"dtype", "device", "requires_grad", "generator", "layout",
                                        "pin_memory", "out", "memory_format"};
#define NOPT 8

/* Keyword options plus extra[] names (values in xv, borrowed). */
static int parse(const kn_args *a, const char *fname, ropts *o, const char *const *extra,
                 int nextra, kn_obj **xv, kn_err *err) {
    const char *names[16];
    kn_obj *v[16];
    int n = 0;
    for (int i = 0; i < NOPT; i++) names[n++] = opt_names[i];
    for (int i = 0; i < nextra; i++) names[n++] = extra[i];
    if (kn__kwargs(a, fname, names, n, v, err) < 0) return -1;
    memset(o, 0, sizeof *o);
    o->dev = tc_device_cpu();
    o->has_dtype = !absent(v[0]);
    if (o->has_dtype && kn__parse_dtype(v[0], &o->dtype, err) < 0) return -1;
    o->has_device = !absent(v[1]);
    if (kn__parse_device(v[1], &o->dev, err) < 0) return -1;
    if (!absent(v[2]) && kn__to_bool(v[2], &o->requires_grad, err) < 0) return -1;
    if (get_generator(v[3], &o->g, err) < 0) return -1;
    if (!absent(v[6]))
        return tc_error_set(err, TC_EXC_TYPE, "%s(): out= is not supported by tensorkernel", fname);
    for (int i = 0; i < nextra; i++) xv[i] = v[NOPT + i];
    return 0;
}

static kn_obj *finish(tc_tensor *t, const ropts *o, kn_err *err) {
    return kn__factory_result(t, o->requires_grad, err);
}

static int check_size(const int64_t *shape, int n, kn_err *err) {
    for (int i = 0; i < n; i++)
        if (shape[i] < 0) {
            tc_error_set(err, TC_EXC_RUNTIME, "Trying to create tensor with negative dimension %lld: [",
                         (long long)shape[i]);
            size_t len = strlen(err->msg);
            for (int j = 0; j < n; j++)
                len += (size_t)snprintf(err->msg + len, sizeof err->msg - len, "%s%lld",
                                        j ? ", " : "", (long long)shape[j]);
            snprintf(err->msg + len, sizeof err->msg - len, "]");
            return -1;
        }
    return 0;
}

typedef tc_tensor *(*gen_ctor)(const int64_t *, int, tc_dtype, tc_device, tc_generator *, tc_error *);

static kn_obj *sized(const kn_args *a, const char *fname, gen_ctor fn, kn_err *err) {
    static const char *const extra[] = {"size"};
    kn_obj *xv[1] = {NULL};
    ropts o;
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    if (parse(a, fname, &o, extra, 1, xv, err) < 0) return NULL;
    if (xv[0] ? kn__shape_of(xv[0], shape, &n, err) < 0 : kn__parse_shape(a, 0, shape, &n, err) < 0)
        return NULL;
    if (check_size(shape, n, err) < 0) return NULL;
    return finish(fn(shape, n, o.has_dtype ? o.dtype : tc_default_float(), o.dev, o.g, err), &o, err);
}

static kn_obj *f_rand(kn_obj *self, const kn_args *a, kn_err *err) {
    return sized(a, "rand", tc_rand_gen, err);
}
static kn_obj *f_randn(kn_obj *self, const kn_args *a, kn_err *err) {
    return sized(a, "randn", tc_randn_gen, err);
}

/* The input tensor of a *_like function (borrowed). */
static tc_tensor *like_input(const kn_args *a, kn_obj *kw, const char *fname, kn_err *err) {
    kn_obj *in = a->npos > 0 ? a->pos[0] : kw;
    tc_tensor *t = in ? kn_tensor_unwrap(in) : NULL;
    if (!t)
        tc_error_set(err, TC_EXC_TYPE, "%s(): argument 'input' (position 1) must be Tensor, not %s",
                     fname, in ? kn_type_name(in) : "NoneType");
    return t;
}

static kn_obj *like(const kn_args *a, const char *fname, gen_ctor fn, kn_err *err) {
    static const char *const extra[] = {"input"};
    kn_obj *xv[1] = {NULL};
    ropts o;
    if (parse(a, fname, &o, extra, 1, xv, err) < 0) return NULL;
    tc_tensor *t = like_input(a, xv[0], fname, err);
    if (!t) return NULL;
    return finish(fn(t->shape, t->ndim, o.has_dtype ? o.dtype : t->dtype,
                     o.has_device ? o.dev : t->device, o.g, err), &o, err);
}

static kn_obj *f_rand_like(kn_obj *self, const kn_args *a, kn_err *err) {
    return like(a, "rand_like", tc_rand_gen, err);
}
static kn_obj *f_randn_like(kn_obj *self, const kn_args *a, kn_err *err) {
    return like(a, "randn_like", tc_randn_gen, err);
}

static kn_obj *f_randint(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"low", "high", "size"};
    kn_obj *xv[3] = {NULL}, *p[3] = {NULL, NULL, NULL};
    ropts o;
    int64_t low = 0, high, shape[TC_MAX_DIMS];
    int n = 0;
    if (parse(a, "randint", &o, extra, 3, xv, err) < 0) return NULL;
    if (a->npos == 2) {
        p[1] = a->pos[0];
        p[2] = a->pos[1];
    } else if (a->npos == 1) {
        p[1] = a->pos[0];
    } else {
        for (int i = 0; i < a->npos && i < 3; i++) p[i] = a->pos[i];
    }
    for (int i = 0; i < 3; i++)
        if (xv[i]) p[i] = xv[i];
    if (!p[1] || !p[2]) {
        tc_error_set(err, TC_EXC_TYPE, "randint() missing required argument '%s'",
                     !p[1] ? "high" : "size");
        return NULL;
    }
    if ((p[0] && (kn__long_fits(p[0], err) < 0 || kn_to_int64(p[0], &low, err) < 0)) ||
        kn__long_fits(p[1], err) < 0 || kn_to_int64(p[1], &high, err) < 0 ||
        kn__shape_of(p[2], shape, &n, err) < 0 || check_size(shape, n, err) < 0)
        return NULL;
    tc_dtype dt = o.has_dtype ? o.dtype : TC_DTYPE_I64;
    return finish(tc_randint_gen(low, high, shape, n, dt, o.dev, o.g, err), &o, err);
}

static kn_obj *f_randint_like(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"input", "low", "high"};
    kn_obj *xv[3] = {NULL}, *lo = NULL, *hi = NULL;
    ropts o;
    if (parse(a, "randint_like", &o, extra, 3, xv, err) < 0) return NULL;
    tc_tensor *t = like_input(a, xv[0], "randint_like", err);
    if (!t) return NULL;
    if (a->npos == 2) hi = a->pos[1];
    else if (a->npos >= 3) { lo = a->pos[1]; hi = a->pos[2]; }
    if (xv[1]) lo = xv[1];
    if (xv[2]) hi = xv[2];
    int64_t low = 0, high;
    if (!hi) {
        tc_error_set(err, TC_EXC_TYPE, "randint_like() missing required argument 'high'");
        return NULL;
    }
    if ((lo && kn_to_int64(lo, &low, err) < 0) || kn_to_int64(hi, &high, err) < 0) return NULL;
    return finish(tc_randint_gen(low, high, t->shape, t->ndim, o.has_dtype ? o.dtype : t->dtype,
                                 o.has_device ? o.dev : t->device, o.g, err), &o, err);
}

static kn_obj *f_randperm(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"n"};
    kn_obj *xv[1] = {NULL};
    ropts o;
    int64_t n;
    if (parse(a, "randperm", &o, extra, 1, xv, err) < 0) return NULL;
    kn_obj *nv = a->npos > 0 ? a->pos[0] : xv[0];
    if (!nv || a->npos > 1) {
        tc_error_set(err, TC_EXC_TYPE, "randperm() takes 1 positional argument but %d were given",
                     a->npos);
        return NULL;
    }
    if (kn_to_int64(nv, &n, err) < 0) return NULL;
    return finish(tc_randperm(n, o.has_dtype ? o.dtype : TC_DTYPE_I64, o.dev, o.g, err), &o, err);
}

/* Broadcast shape of two tensors (PyTorch's message on mismatch). */
static int bshape(const tc_tensor *x, const tc_tensor *y, int64_t *out, int *nout, kn_err *err) {
    int n = x->ndim > y->ndim ? x->ndim : y->ndim;
    for (int i = 0; i < n; i++) {
        int ix = x->ndim - n + i, iy = y->ndim - n + i;
        int64_t a = ix >= 0 ? x->shape[ix] : 1, b = iy >= 0 ? y->shape[iy] : 1;
        if (a != b && a != 1 && b != 1)
            return tc_error_set(err, TC_EXC_RUNTIME,
                                "The size of tensor a (%lld) must match the size of tensor b "
                                "(%lld) at non-singleton dimension %d",
                                (long long)a, (long long)b, i);
        out[i] = a == 1 ? b : a;
    }
    *nout = n;
    return 0;
}

/* torch.normal's four forms, as PyTorch composes them: draw N(0, std) or N(0, 1) into the
 * output, then multiply by a std tensor and add the mean. */
static kn_obj *f_normal(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"mean", "std", "size"};
    kn_obj *xv[3] = {NULL}, *p[3] = {NULL, NULL, NULL};
    ropts o;
    if (parse(a, "normal", &o, extra, 3, xv, err) < 0) return NULL;
    for (int i = 0; i < a->npos && i < 3; i++) p[i] = a->pos[i];
    for (int i = 0; i < 3; i++)
        if (xv[i]) p[i] = xv[i];
    tc_tensor *mt = p[0] ? kn_tensor_unwrap(p[0]) : NULL, *st = p[1] ? kn_tensor_unwrap(p[1]) : NULL;
    double mean = 0, std = 1;
    if (!p[0]) {
        tc_error_set(err, TC_EXC_TYPE, "normal() missing required argument 'mean'");
        return NULL;
    }
    if (!mt && kn_to_double(p[0], &mean, err) < 0) return NULL;
    if (p[1] && !st && kn_to_double(p[1], &std, err) < 0) return NULL;
    tc_tensor *out = NULL;
    int64_t shape[TC_MAX_DIMS];
    int n = 0;
    if (!mt && !st) {
        if (!p[2]) {
            tc_error_set(err, TC_EXC_TYPE, "normal() received an invalid combination of arguments - got (float, float), but expected one of: (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None) (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None) (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None) (float mean, float std, tuple of ints size, *, torch.Generator generator = None, Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, bool pin_memory = False, bool requires_grad = False)");
            return NULL;
        }
        if (kn__shape_of(p[2], shape, &n, err) < 0 || check_size(shape, n, err) < 0) return NULL;
        if (!(std >= 0)) {
            tc_error_set(err, TC_EXC_RUNTIME, "normal expects std >= 0.0, but found std %g", std);
            return NULL;
        }
        out = tc_empty(shape, n, o.has_dtype ? o.dtype : tc_default_float(), o.dev, err);
        if (out && tc_normal_(out, mean, std, o.g, err) < 0) goto fail;
        return finish(out, &o, err);
    }
    bool rg = tc_grad_enabled();
    tc_set_grad_enabled(false);
    int rc = -1;
    if (mt && !st) {
        if (!(std >= 0)) {
            tc_error_set(err, TC_EXC_RUNTIME, "normal expects std >= 0.0, but found std %g", std);
        } else if ((out = tc_empty(mt->shape, mt->ndim, mt->dtype, mt->device, err))) {
            rc = tc_normal_(out, 0, std, o.g, err);
            if (!rc) rc = tc_binary_(TC_OP_ADD, out, mt, err);
        }
    } else {
        tc_tensor *ref = mt ? mt : st;
        bool bad = false;
        if (tc_dtype_is_float(st->dtype) && tc_numel(st) > 0) {
            tc_tensor *m = tc_reduce(TC_RED_MIN, st, NULL, 0, false, err);
            tc_scalar s;
            if (m && tc_item(m, &s, err) == 0) bad = s.v.f < 0;
            tc_tensor_unref(m);
        }
        if (bad) {
            tc_error_set(err, TC_EXC_RUNTIME, "normal expects all elements of std >= 0.0");
        } else if (mt ? bshape(mt, st, shape, &n, err) == 0
                      : (n = st->ndim, memcpy(shape, st->shape, sizeof(int64_t) * (size_t)n), true)) {
            if ((out = tc_empty(shape, n, ref->dtype, ref->device, err))) {
                rc = tc_normal_(out, 0, 1, o.g, err);
                if (!rc) rc = tc_binary_(TC_OP_MUL, out, st, err);
                if (!rc) {
                    if (mt) {
                        rc = tc_binary_(TC_OP_ADD, out, mt, err);
                    } else {
                        tc_scalar ms = {.kind = TC_SCALAR_FLOAT, .v.f = mean};
                        rc = tc_binary_scalar_(TC_OP_ADD, out, ms, err);
                    }
                }
            }
        }
    }
    tc_set_grad_enabled(rg);
    if (rc) goto fail;
    return finish(out, &o, err);
fail:
    tc_tensor_unref(out);
    return NULL;
}

static kn_obj *bernoulli_out(tc_tensor *in, kn_obj *p, tc_generator *g, kn_err *err) {
    tc_tensor *out = tc_empty(in->shape, in->ndim, in->dtype, in->device, err);
    if (!out) return NULL;
    int rc;
    double pv;
    if (absent(p)) rc = tc_bernoulli_tensor_(out, in, g, err);
    else if (kn_tensor_unwrap(p)) rc = tc_bernoulli_tensor_(out, kn_tensor_unwrap(p), g, err);
    else rc = kn_to_double(p, &pv, err) < 0 ? -1 : tc_bernoulli_(out, pv, g, err);
    if (rc) {
        tc_tensor_unref(out);
        return NULL;
    }
    return kn_tensor_wrap(out);
}

static kn_obj *f_bernoulli(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"input", "p"};
    kn_obj *xv[2] = {NULL};
    ropts o;
    if (parse(a, "bernoulli", &o, extra, 2, xv, err) < 0) return NULL;
    tc_tensor *t = like_input(a, xv[0], "bernoulli", err);
    if (!t) return NULL;
    return bernoulli_out(t, a->npos > 1 ? a->pos[1] : xv[1], o.g, err);
}

static kn_obj *multinomial(tc_tensor *t, const kn_args *a, int first, kn_obj **xv, tc_generator *g,
                           kn_err *err) {
    kn_obj *nv = a->npos > first ? a->pos[first] : xv[0];
    kn_obj *rv = a->npos > first + 1 ? a->pos[first + 1] : xv[1];
    int64_t n;
    bool repl = false;
    if (!nv) {
        tc_error_set(err, TC_EXC_TYPE, "multinomial() missing required argument 'num_samples'");
        return NULL;
    }
    if (kn_to_int64(nv, &n, err) < 0 || (!absent(rv) && kn__to_bool(rv, &repl, err) < 0)) return NULL;
    tc_tensor *r = tc_multinomial(t, n, repl, g, err);
    return r ? kn_tensor_wrap(r) : NULL;
}

static kn_obj *f_multinomial(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"num_samples", "replacement", "input"};
    kn_obj *xv[3] = {NULL};
    ropts o;
    if (parse(a, "multinomial", &o, extra, 3, xv, err) < 0) return NULL;
    tc_tensor *t = like_input(a, xv[2], "multinomial", err);
    return t ? multinomial(t, a, 1, xv, o.g, err) : NULL;
}

static kn_obj *f_poisson(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const extra[] = {"input"};
    kn_obj *xv[1] = {NULL};
    ropts o;
    if (parse(a, "poisson", &o, extra, 1, xv, err) < 0) return NULL;
    tc_tensor *t = like_input(a, xv[0], "poisson", err);
    tc_tensor *r = t ? tc_poisson(t, o.g, err) : NULL;
    return r ? kn_tensor_wrap(r) : NULL;
}

#define RANDOM_OUT_FN(name)                                                                  \
    static kn_obj *f_##name##_out(kn_obj *self, const kn_args *a, kn_err *err) {             \
        return kn__factory_with_out(#name, self, a, f_##name, err);                          \
    }
RANDOM_OUT_FN(rand)
RANDOM_OUT_FN(randn)
RANDOM_OUT_FN(randint)
RANDOM_OUT_FN(randperm)
#undef RANDOM_OUT_FN

const kn__fn kn__torch_random_fns[] = {
    {"manual_seed", f_manual_seed, "(seed)", "Sets the seed for generating random numbers on all devices. Returns a torch.Generator object."},
    {"seed", f_seed, "()", "Sets the seed for generating random numbers to a non-deterministic random number on all devices. Returns a 64 bit number used to seed the RNG."},
    {"initial_seed", f_initial_seed, "()", "Returns the initial seed for generating random numbers as a Python long."},
    {"get_rng_state", f_get_rng_state, "()", "Returns the random number generator state as a torch.ByteTensor."},
    {"set_rng_state", f_set_rng_state, "(new_state)", "Sets the random number generator state."},
    {"rand", f_rand_out, "(*size, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with random numbers from a uniform distribution on the interval [0, 1)."},
    {"randn", f_randn_out, "(*size, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with random numbers from a normal distribution with mean 0 and variance 1."},
    {"rand_like", f_rand_like, "(input, *, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor with the same size as input that is filled with random numbers from a uniform distribution on the interval [0, 1)."},
    {"randn_like", f_randn_like, "(input, *, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor with the same size as input that is filled with random numbers from a normal distribution with mean 0 and variance 1."},
    {"randint", f_randint_out, "(low=0, high, size, *, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor filled with random integers generated uniformly between low (inclusive) and high (exclusive)."},
    {"randint_like", f_randint_like, "(input, low=0, high, *, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor with the same shape as Tensor input filled with random integers generated uniformly between low (inclusive) and high (exclusive)."},
    {"randperm", f_randperm_out, "(n, *, generator=None, dtype=torch.int64, device=None, requires_grad=False)",
     "Returns a random permutation of integers from 0 to n - 1."},
    {"normal", f_normal, "(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False)",
     "Returns a tensor of random numbers drawn from separate normal distributions whose mean and standard deviation are given."},
    {"bernoulli", f_bernoulli, "(input, p=None, *, generator=None)",
     "Draws binary random numbers (0 or 1) from a Bernoulli distribution."},
    {"multinomial", f_multinomial, "(input, num_samples, replacement=False, *, generator=None)",
     "Returns a tensor where each row contains num_samples indices sampled from the multinomial probability distribution located in the corresponding row of tensor input."},
    {"poisson", f_poisson, "(input, generator=None)",
     "Returns a tensor of the same size as input with each element sampled from a Poisson distribution with rate parameter given by the corresponding element in input."},
    {NULL, NULL, NULL, NULL},
};

/* ---- Tensor methods -------------------------------------------------------------------------- */

static tc_tensor *T(kn_obj *o) { return ((kn_tensor_obj *)o)->t; }

/* Positional-or-keyword numbers with defaults, plus generator=. */
static int method_args(const kn_args *a, const char *fname, const char *const *names, int n,
                       kn_obj **v, tc_generator **g, kn_err *err) {
    const char *all[8];
    kn_obj *vals[8];
    for (int i = 0; i < n; i++) all[i] = names[i];
    all[n] = "generator";
    if (kn_args_bind(a, fname, all, n + 1, 0, vals, err) < 0) return -1;
    for (int i = 0; i < n; i++) v[i] = vals[i];
    return get_generator(vals[n], g, err);
}

static int num(kn_obj *o, double dflt, double *out, kn_err *err) {
    if (absent(o)) {
        *out = dflt;
        return 0;
    }
    return kn_to_double(o, out, err);
}

static kn_obj *m_uniform_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"from", "to"};
    kn_obj *v[2];
    tc_generator *g;
    double lo, hi;
    if (method_args(a, "uniform_", names, 2, v, &g, err) < 0 || num(v[0], 0, &lo, err) < 0 ||
        num(v[1], 1, &hi, err) < 0 || tc_uniform_(T(self), lo, hi, g, err) < 0)
        return NULL;
    return kn_incref(self);
}

static kn_obj *m_normal_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mean", "std"};
    kn_obj *v[2];
    tc_generator *g;
    double m, s;
    if (method_args(a, "normal_", names, 2, v, &g, err) < 0 || num(v[0], 0, &m, err) < 0 ||
        num(v[1], 1, &s, err) < 0 || tc_normal_(T(self), m, s, g, err) < 0)
        return NULL;
    return kn_incref(self);
}

static kn_obj *m_random_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"from", "to"};
    kn_obj *v[2];
    tc_generator *g;
    int64_t from = 0, to = 0;
    if (method_args(a, "random_", names, 2, v, &g, err) < 0) return NULL;
    int rc;
    if (absent(v[0]) && absent(v[1])) {
        rc = tc_random_(T(self), false, 0, 0, g, err);
    } else if (absent(v[1])) {
        /* random_(to) */
        rc = kn_to_int64(v[0], &to, err) < 0 ? -1 : tc_random_(T(self), true, 0, to, g, err);
    } else {
        rc = kn_to_int64(v[0], &from, err) < 0 || kn_to_int64(v[1], &to, err) < 0
                 ? -1 : tc_random_(T(self), true, from, to, g, err);
    }
    return rc ? NULL : kn_incref(self);
}

static kn_obj *m_bernoulli_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"p"};
    kn_obj *v[1];
    tc_generator *g;
    double p;
    if (method_args(a, "bernoulli_", names, 1, v, &g, err) < 0) return NULL;
    tc_tensor *pt = absent(v[0]) ? NULL : kn_tensor_unwrap(v[0]);
    int rc = pt ? tc_bernoulli_tensor_(T(self), pt, g, err)
                : num(v[0], 0.5, &p, err) < 0 ? -1 : tc_bernoulli_(T(self), p, g, err);
    return rc ? NULL : kn_incref(self);
}

static kn_obj *m_bernoulli(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"p"};
    kn_obj *v[1];
    tc_generator *g;
    if (method_args(a, "bernoulli", names, 1, v, &g, err) < 0) return NULL;
    return bernoulli_out(T(self), v[0], g, err);
}

static kn_obj *m_exponential_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"lambd"};
    kn_obj *v[1];
    tc_generator *g;
    double l;
    if (method_args(a, "exponential_", names, 1, v, &g, err) < 0 || num(v[0], 1, &l, err) < 0 ||
        tc_exponential_(T(self), l, g, err) < 0)
        return NULL;
    return kn_incref(self);
}

/* Two numbers with defaults (plus generator=) for the in-place samplers below. */
static kn_obj *sampler2(kn_obj *self, const kn_args *a, const char *fname, const char *const *names,
                        double d0, double d1,
                        int (*fill)(tc_tensor *, double, double, tc_generator *, tc_error *),
                        kn_err *err) {
    kn_obj *v[2];
    tc_generator *g;
    double x, y;
    if (method_args(a, fname, names, 2, v, &g, err) < 0 || num(v[0], d0, &x, err) < 0 ||
        num(v[1], d1, &y, err) < 0 || fill(T(self), x, y, g, err) < 0)
        return NULL;
    return kn_incref(self);
}

static kn_obj *m_log_normal_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"mean", "std"};
    return sampler2(self, a, "log_normal_", names, 1, 2, tc_log_normal_, err);
}

static kn_obj *m_cauchy_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"median", "sigma"};
    return sampler2(self, a, "cauchy_", names, 0, 1, tc_cauchy_, err);
}

static kn_obj *m_geometric_(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"p"};
    kn_obj *v[1];
    tc_generator *g;
    double p;
    if (method_args(a, "geometric_", names, 1, v, &g, err) < 0) return NULL;
    if (absent(v[0])) {
        tc_error_set(err, TC_EXC_TYPE, "geometric_() missing 1 required positional arguments: \"p\"");
        return NULL;
    }
    if (kn_to_double(v[0], &p, err) < 0 || tc_geometric_(T(self), p, g, err) < 0) return NULL;
    return kn_incref(self);
}

static kn_obj *m_multinomial(kn_obj *self, const kn_args *a, kn_err *err) {
    static const char *const names[] = {"num_samples", "replacement"};
    kn_obj *v[2];
    tc_generator *g;
    if (method_args(a, "multinomial", names, 2, v, &g, err) < 0) return NULL;
    kn_args none = {0};
    return multinomial(T(self), &none, 0, v, g, err);
}

const kn__fn kn__tensor_random_methods[] = {
    {"uniform_", m_uniform_, "(from=0, to=1, *, generator=None)",
     "Fills self tensor with numbers sampled from the continuous uniform distribution."},
    {"normal_", m_normal_, "(mean=0, std=1, *, generator=None)",
     "Fills self tensor with elements samples from the normal distribution parameterized by mean and std."},
    {"random_", m_random_, "(from=0, to=None, *, generator=None)",
     "Fills self tensor with numbers sampled from the discrete uniform distribution over [from, to - 1]."},
    {"bernoulli_", m_bernoulli_, "(p=0.5, *, generator=None)",
     "Fills each location of self with an independent sample from Bernoulli(p)."},
    {"bernoulli", m_bernoulli, "(p=None, *, generator=None)",
     "Returns a result tensor where each result[i] is independently sampled from Bernoulli(self[i])."},
    {"exponential_", m_exponential_, "(lambd=1, *, generator=None)",
     "Fills self tensor with elements drawn from the PDF (probability density function)."},
    {"geometric_", m_geometric_, "(p, *, generator=None)",
     "Fills self tensor with elements drawn from the geometric distribution."},
    {"log_normal_", m_log_normal_, "(mean=1, std=2, *, generator=None)",
     "Fills self tensor with numbers samples from the log-normal distribution parameterized by the given mean and standard deviation."},
    {"cauchy_", m_cauchy_, "(median=0, sigma=1, *, generator=None)",
     "Fills the tensor with numbers drawn from the Cauchy distribution."},
    {"multinomial", m_multinomial, "(num_samples, replacement=False, *, generator=None)",
     "See torch.multinomial()."},
    {NULL, NULL, NULL, NULL},
};

/* Add the random functions, torch.Generator and torch.default_generator to torch. */
int kn__torch_random_init(kn_obj *m, kn_err *err) {
    if (kn__module_add_fns(m, kn__torch_random_fns, err) < 0) return -1;
    kn_module_add(m, "Generator", kn_type_object(&kn__type_generator));
    kn_module_add(m, "default_generator", default_generator());
    return 0;
}
