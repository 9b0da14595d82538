/*
 * PyTorch's argument parser (torch/csrc/utils/python_arg_parser.cpp) for the torch
 * functions and Tensor methods whose overloads decide what a call may pass: which forms of
 * 'dim' (an int, a tuple, None), the NumPy aliases 'axis'/'keepdims', and the TypeError a
 * call that no overload accepts gets, word for word ("argument 'dim' (position 2) must be
 * int, not tuple", "received an invalid combination of arguments - got ..., but expected
 * one of: ..."). The overloads are listed once, in the text PyTorch prints (function form;
 * the method form drops 'input' and 'out'); the op itself still parses its arguments.
 *
 * Table notation beyond PyTorch's printed text: a leading '!' marks a function-only
 * overload; the type "int[]" prints as "tuple of ints" but takes no lone int (PyTorch's
 * int[] against int[1]); a type ending in '?' takes None without a default.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kernel/torch/torch-impl.h"

#define SIG_MAX_PARAMS 9
#define SIG_MAX_OVERLOADS 5

/* One row per name: the overloads in PyTorch's order, hidden ones (Dimname) left out. */
#define KN__SIG_ROWS(X)                                                                      \
    X(prod, "(Tensor input, *, torch.dtype dtype = None)",                                   \
      "(Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)") \
    X(max, "(Tensor input, *, Tensor out = None)", "(Tensor input, Tensor other, *, Tensor out = None)", \
      "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)")       \
    X(min, "(Tensor input, *, Tensor out = None)", "(Tensor input, Tensor other, *, Tensor out = None)", \
      "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)")       \
    X(argmax, "(Tensor input, int dim = None, bool keepdim = False, *, Tensor out = None)")    \
    X(argmin, "(Tensor input, int dim = None, bool keepdim = False, *, Tensor out = None)")    \
    X(count_nonzero, "(Tensor input, int dim = None)", "(Tensor input, int[] dim)")           \
    X(median, "(Tensor input)",                                                              \
      "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)")       \
    X(nanmedian, "(Tensor input)",                                                           \
      "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)")       \
    X(mode, "(Tensor input, int dim = -1, bool keepdim = False, *, tuple of Tensors out = None)") \
    X(kthvalue, "(Tensor input, int k, int dim = -1, bool keepdim = False, *, tuple of Tensors out = None)") \
    X(topk, "(Tensor input, int k, int dim = -1, bool largest = True, bool sorted = True, *, tuple of Tensors out = None)") \
    X(cumsum, "(Tensor input, int dim, *, torch.dtype dtype = None, Tensor out = None)")     \
    X(cumprod, "(Tensor input, int dim, *, torch.dtype dtype = None, Tensor out = None)")    \
    X(cummax, "(Tensor input, int dim, *, tuple of Tensors out = None)")                     \
    X(cummin, "(Tensor input, int dim, *, tuple of Tensors out = None)")                     \
    X(softmax, "(Tensor input, int dim, torch.dtype dtype = None, *, Tensor out = None)")    \
    X(log_softmax, "(Tensor input, int dim, torch.dtype dtype = None, *, Tensor out = None)") \
    X(squeeze, "(Tensor input)", "(Tensor input, int dim)", "(Tensor input, int[] dim)")      \
    X(squeeze_, "(Tensor input)", "(Tensor input, int dim)", "(Tensor input, int[] dim)")     \
    X(unsqueeze, "(Tensor input, int dim)")                                                  \
    X(hypot, "(Tensor input, Tensor other, *, Tensor out = None)")                           \
    X(unsqueeze_, "(Tensor input, int dim)")                                                 \
    X(aminmax, "(Tensor input, *, int dim = None, bool keepdim = False, tuple of Tensors out = None)") \
    X(logsumexp, "(Tensor input, tuple of ints dim, bool keepdim = False, *, Tensor out = None)") \
    X(sort, "(Tensor input, *, bool? stable, int dim = -1, bool descending = False, tuple of Tensors out = None)", \
      "(Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None)") \
    X(argsort, "(Tensor input, *, bool? stable, int dim = -1, bool descending = False, Tensor out = None)", \
      "(Tensor input, int dim = -1, bool descending = False)")                               \
    X(sum, "(Tensor input, *, torch.dtype dtype = None)",                                    \
      "(Tensor input, tuple of ints? dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)") \
    X(mean, "(Tensor input, *, torch.dtype dtype = None, Tensor out = None)",                \
      "(Tensor input, tuple of ints? dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)") \
    X(any, "(Tensor input, *, Tensor out = None)",                                           \
      "(Tensor input, int[] dim = None, bool keepdim = False, *, Tensor out = None)",         \
      "(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)")                 \
    X(all, "(Tensor input, *, Tensor out = None)",                                           \
      "(Tensor input, int[] dim = None, bool keepdim = False, *, Tensor out = None)",         \
      "(Tensor input, int dim, bool keepdim = False, *, Tensor out = None)")                 \
    X(amax, "(Tensor input, tuple of ints? dim = (), bool keepdim = False, *, Tensor out = None)") \
    X(amin, "(Tensor input, tuple of ints? dim = (), bool keepdim = False, *, Tensor out = None)") \
    X(nansum, "(Tensor input, tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)") \
    X(nanmean, "(Tensor input, tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)") \
    X(std, "(Tensor input, tuple of ints? dim, bool unbiased = True, bool keepdim = False, *, Tensor out = None)", \
      "(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False, Tensor out = None)", \
      "(Tensor input, bool unbiased = True)")                                                \
    X(var, "(Tensor input, tuple of ints? dim, bool unbiased = True, bool keepdim = False, *, Tensor out = None)", \
      "(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False, Tensor out = None)", \
      "(Tensor input, bool unbiased = True)")                                                \
    X(flip, "(Tensor input, int[] dims)")                                                    \
    X(transpose, "(Tensor input, int dim0, int dim1)")                                       \
    X(movedim, "(Tensor input, int source, int destination)",                                \
      "(Tensor input, int[] source, int[] destination)")                                     \
    X(chunk, "(Tensor input, int chunks, int dim = 0)")                                      \
    X(roll, "(Tensor input, tuple of ints shifts, tuple of ints dims = ())")                 \
    X(flatten, "(Tensor input, int start_dim = 0, int end_dim = -1)")                        \
    X(gather, "(Tensor input, int dim, Tensor index, *, bool sparse_grad = False, Tensor out = None)") \
    X(index_select, "(Tensor input, int dim, Tensor index, *, Tensor out = None)")           \
    X(narrow, "(Tensor input, int dim, Tensor start, int length)",                           \
      "(Tensor input, int dim, int start, int length)")                                      \
    X(cumsum_, "(Tensor input, int dim, *, torch.dtype dtype = None)")                       \
    X(cumprod_, "(Tensor input, int dim, *, torch.dtype dtype = None)")                      \
    X(quantile, "(Tensor input, Tensor q, int dim = None, bool keepdim = False, *, str interpolation = \"linear\", Tensor out = None)", \
      "(Tensor input, float q, int dim = None, bool keepdim = False, *, str interpolation = \"linear\", Tensor out = None)") \
    X(nanquantile, "(Tensor input, Tensor q, int dim = None, bool keepdim = False, *, str interpolation = \"linear\", Tensor out = None)", \
      "(Tensor input, float q, int dim = None, bool keepdim = False, *, str interpolation = \"linear\", Tensor out = None)") \
    X(logcumsumexp, "(Tensor input, int dim, *, Tensor out = None)")                         \
    X(select, "(Tensor input, int dim, int index)")                                          \
    X(diff, "(Tensor input, int n = 1, int dim = -1, Tensor prepend = None, Tensor append = None, *, Tensor out = None)") \
    X(take_along_dim, "(Tensor input, Tensor indices, int dim = None, *, Tensor out = None)") \
    X(renorm, "(Tensor input, Number p, int dim, Number maxnorm, *, Tensor out = None)")     \
    X(std_mean, "(Tensor input, tuple of ints? dim, bool unbiased = True, bool keepdim = False)", \
      "(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)", \
      "(Tensor input, bool unbiased = True)")                                                \
    X(var_mean, "(Tensor input, tuple of ints? dim, bool unbiased = True, bool keepdim = False)", \
      "(Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = False)", \
      "(Tensor input, bool unbiased = True)") \
    X(group_norm, "(Tensor input, int num_groups, Tensor weight = None, Tensor bias = None, float eps = 1e-05, bool cudnn_enabled = True)") \
    X(pixel_shuffle, "(Tensor input, int upscale_factor)")                                   \
    X(pixel_unshuffle, "(Tensor input, int downscale_factor)")                               \
    X(channel_shuffle, "(Tensor input, int groups)")                                         \
    X(conv_transpose1d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints output_padding = 0, int groups = 1, tuple of ints dilation = 1)") \
    X(conv_transpose2d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints output_padding = 0, int groups = 1, tuple of ints dilation = 1)") \
    X(conv_transpose3d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints output_padding = 0, int groups = 1, tuple of ints dilation = 1)") \
    X(bilinear, "(Tensor input1, Tensor input2, Tensor weight, Tensor bias = None)")          \
    X(instance_norm, "(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool use_input_stats, float momentum, float eps, bool cudnn_enabled)") \
    X(margin_ranking_loss, "(Tensor input1, Tensor input2, Tensor target, float margin = 0.0, int reduction = at::Reduction::Mean)") \
    X(hinge_embedding_loss, "(Tensor input, Tensor target, float margin = 1.0, int reduction = at::Reduction::Mean)") \
    X(triplet_margin_loss, "(Tensor anchor, Tensor positive, Tensor negative, float margin = 1.0, float p = 2, float eps = 1e-06, bool swap = False, int reduction = at::Reduction::Mean)") \
    X(poisson_nll_loss, "(Tensor input, Tensor target, bool log_input, bool full, float eps, int reduction)") \
    X(cosine_embedding_loss, "(Tensor input1, Tensor input2, Tensor target, float margin = 0.0, int reduction = at::Reduction::Mean)") \
    X(conv1d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)", \
      "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = \"valid\", tuple of ints dilation = 1, int groups = 1)") \
    X(conv2d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)", \
      "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = \"valid\", tuple of ints dilation = 1, int groups = 1)") \
    X(conv3d, "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints padding = 0, tuple of ints dilation = 1, int groups = 1)", \
      "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = \"valid\", tuple of ints dilation = 1, int groups = 1)") \
    X(layer_norm, "(Tensor input, tuple of ints normalized_shape, Tensor weight = None, Tensor bias = None, float eps = 1e-05, bool cudnn_enable = True)") \
    X(batch_norm, "(Tensor input, Tensor? weight, Tensor? bias, Tensor? running_mean, Tensor? running_var, bool training, float momentum, float eps, bool cudnn_enabled)") \
    X(embedding, "(Tensor weight, Tensor indices, int padding_idx = -1, bool scale_grad_by_freq = False, bool sparse = False)") \
    X(kl_div, "(Tensor input, Tensor target, int reduction = at::Reduction::Mean, *, bool log_target = False)") \
    X(binary_cross_entropy_with_logits, "(Tensor input, Tensor target, Tensor weight = None, Tensor pos_weight = None, int reduction = at::Reduction::Mean)") \
    X(dropout, "(Tensor input, float p, bool train)")                                        \
    X(alpha_dropout, "(Tensor input, float p, bool train)")                                  \
    X(feature_dropout, "(Tensor input, float p, bool train)")                                \
    X(prelu, "(Tensor input, Tensor weight)")                                                \
    X(hardshrink, "(Tensor input, Number lambd = 0.5, *, Tensor out = None)")                \
    X(threshold, "(Tensor input, Number threshold, Number value, *, Tensor out = None)")     \
    X(cosine_similarity, "(Tensor x1, Tensor x2, int dim = 1, float eps = 1e-08)")           \
    X(pairwise_distance, "(Tensor x1, Tensor x2, float p = 2, float eps = 1e-06, bool keepdim = False)") \
    X(pdist, "(Tensor input, float p = 2)")                                                  \
    X(rrelu, "(Tensor input, Number lower = 0.125, Number upper = 0.3333333333333333, bool training = False, torch.Generator generator = None)") \
    X(where, "!(Tensor condition)", "(Tensor condition, Tensor input, Tensor other, *, Tensor out = None)", \
      "!(Tensor condition, Number self, Tensor other)", "(Tensor condition, Tensor input, Number other)", \
      "!(Tensor condition, Number self, Number other)")

enum {
#define ROW_ENUM(name, ...) SIG_ROW_##name,
    KN__SIG_ROWS(ROW_ENUM)
#undef ROW_ENUM
    SIG_NROWS
};

static const struct {
    const char *name;
    const char *sigs[SIG_MAX_OVERLOADS + 1];
} rows[] = {
#define ROW_ENTRY(name, ...) {#name, {__VA_ARGS__, NULL}},
    KN__SIG_ROWS(ROW_ENTRY)
#undef ROW_ENTRY
};

typedef enum { SP_TENSOR, SP_INT, SP_INTLIST, SP_INTS, SP_BOOL, SP_DTYPE, SP_NUMBER, SP_FLOAT,
               SP_TENSORS, SP_STR, SP_GENERATOR } sp_type;

/* The names PyTorch prints for the parameter types (FunctionParameter::type_name). */
static const char *const sp_names[] = {"Tensor", "int", "tuple of ints", "tuple of ints", "bool",
                                       "torch.dtype", "Number", "float", "tuple of Tensors", "str",
                                       "torch.Generator"};

typedef struct sparam {
    sp_type type;
    const char *name, *dflt; /* into the row's text; dflt NULL when there is none */
    int name_len, dflt_len;
    bool kwonly, optional, allow_none;
} sparam;

typedef struct ssig {
    sparam p[SIG_MAX_PARAMS];
    int n;
    bool fn_only;
} ssig;

static ssig parsed[SIG_NROWS][SIG_MAX_OVERLOADS];
static int parsed_n[SIG_NROWS];
static bool parsed_ready[SIG_NROWS];

static sp_type type_of(const char *s, int len, bool *nullable) {
    static const struct { const char *text; sp_type t; } types[] = {
        {"Tensor", SP_TENSOR}, {"int", SP_INT}, {"tuple of ints", SP_INTLIST}, {"int[]", SP_INTS},
        {"bool", SP_BOOL}, {"torch.dtype", SP_DTYPE}, {"Number", SP_NUMBER}, {"float", SP_FLOAT},
        {"tuple of Tensors", SP_TENSORS}, {"str", SP_STR}, {"torch.Generator", SP_GENERATOR}};
    *nullable = len > 0 && s[len - 1] == '?';
    if (*nullable) len--;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if ((int)strlen(types[i].text) == len && !strncmp(types[i].text, s, len)) return types[i].t;
    TC_ASSERT(!"unknown parameter type in a torch signature row");
    return SP_TENSOR;
}

/* "(Tensor input, int dim = None, *, Tensor out = None)" → its parameters. */
static void sig_parse_text(const char *s, ssig *out) {
    out->n = 0;
    out->fn_only = *s == '!';
    if (out->fn_only) s++;
    TC_ASSERT(*s == '(');
    s++;
    const char *close = s + strlen(s) - 1; /* the final ')' (a default may hold "()") */
    TC_ASSERT(*close == ')');
    bool kwonly = false;
    while (s < close) {
        const char *end = s;
        while (end < close && !(end[0] == ',' && end[1] == ' ')) end++;
        if (end - s == 1 && *s == '*') {
            kwonly = true;
        } else {
            TC_ASSERT(out->n < SIG_MAX_PARAMS);
            sparam *p = &out->p[out->n++];
            const char *eq = NULL;
            for (const char *q = s; q + 2 < end; q++)
                if (q[0] == ' ' && q[1] == '=' && q[2] == ' ') { eq = q; break; }
            const char *decl_end = eq ? eq : end;
            const char *sp = decl_end - 1;
            while (sp > s && *sp != ' ') sp--;
            bool nullable;
            p->type = type_of(s, (int)(sp - s), &nullable);
            p->name = sp + 1;
            p->name_len = (int)(decl_end - sp - 1);
            p->dflt = eq ? eq + 3 : NULL;
            p->dflt_len = eq ? (int)(end - eq - 3) : 0;
            p->kwonly = kwonly;
            p->optional = eq != NULL;
            p->allow_none = nullable || (eq && p->dflt_len == 4 && !strncmp(p->dflt, "None", 4));
        }
        s = end < close ? end + 2 : close;
    }
}

static void row_ready(int row) {
    if (parsed_ready[row]) return;
    int n = 0;
    for (; rows[row].sigs[n]; n++) sig_parse_text(rows[row].sigs[n], &parsed[row][n]);
    parsed_n[row] = n;
    parsed_ready[row] = true;
}

/* One overload as a call in one form sees it: the method form has no 'input' and no 'out'. */
typedef struct sview {
    const sparam *p[SIG_MAX_PARAMS];
    int n, min_args, max_pos;
} sview;

static void view_of(const ssig *s, bool method, sview *v) {
    v->n = v->min_args = v->max_pos = 0;
    bool self_dropped = false;
    for (int i = 0; i < s->n; i++) {
        const sparam *p = &s->p[i];
        bool is_self = !self_dropped && p->type == SP_TENSOR && p->name_len == 5 &&
                       !strncmp(p->name, "input", 5);
        if (method && (is_self || (p->name_len == 3 && !strncmp(p->name, "out", 3)))) {
            self_dropped |= is_self;
            continue;
        }
        v->p[v->n++] = p;
        if (!p->optional) v->min_args++;
        if (!p->kwonly) v->max_pos++;
    }
}

/* ---- the parameter checks (FunctionParameter::check) ---------------------------------- */

static bool is_tensor_obj(kn_obj *o) { return kn_is_tensor(o); }

static bool zero_dim_int_tensor(kn_obj *o) {
    tc_tensor *t = is_tensor_obj(o) ? kn_tensor_unwrap(o) : NULL;
    return t && t->ndim == 0 && tc_dtype_kind_of(t->dtype) == TC_KIND_INT;
}

static bool np_scalar_of(kn_obj *o, bool (*pred)(tc_dtype)) {
    for (int i = 0; i < TC_DTYPE_COUNT; i++)
        if (o->type == &kn__np_scalar_types[i]) return pred((tc_dtype)i);
    return false;
}
static bool dt_int(tc_dtype d) { return tc_dtype_kind_of(d) == TC_KIND_INT; }
static bool dt_any(tc_dtype d) { (void)d; return true; }

static bool is_long(kn_obj *o) { return kn_is(o, &kn_type_int) || np_scalar_of(o, dt_int); }

/* The items of a tuple or list (borrowed), false for other values. */
static bool seq_items(kn_obj *o, kn_obj ***items, int64_t *n) {
    if (kn_is(o, &kn_type_tuple)) {
        *items = kn_tuple_items(o);
        *n = kn_tuple_len(o);
        return true;
    }
    if (kn_is(o, &kn_type_list)) {
        *items = kn_list_items(o);
        *n = kn_list_len(o);
        return true;
    }
    return false;
}

static bool check_param(const sparam *p, kn_obj *o) {
    switch (p->type) {
    case SP_TENSOR: return is_tensor_obj(o);
    case SP_INT: return is_long(o) || zero_dim_int_tensor(o);
    case SP_INTLIST:
    case SP_INTS: {
        if (p->type == SP_INTLIST && (is_long(o) || zero_dim_int_tensor(o))) return true;
        if (kn__is_size(o)) return true;
        kn_obj **items;
        int64_t n;
        if (!seq_items(o, &items, &n)) return false;
        return n == 0 || is_long(items[0]) || zero_dim_int_tensor(items[0]);
    }
    case SP_BOOL: return kn_is(o, &kn_type_bool) || o->type == &kn__np_scalar_types[TC_DTYPE_BOOL];
    case SP_DTYPE: {
        tc_dtype d;
        if (kn__is_dtype(o, &d)) return true;
        if (!kn_is(o, &kn_type_type)) return false;
        const kn_type *t = kn_type_object_type(o);
        return t == &kn_type_float || t == &kn_type_int || t == &kn_type_bool || t == &kn_type_complex;
    }
    case SP_NUMBER:
        if (kn_is(o, &kn_type_int) || kn_is(o, &kn_type_float) || kn_is(o, &kn_type_complex) ||
            np_scalar_of(o, dt_any))
            return true;
        return is_tensor_obj(o) && kn_tensor_unwrap(o)->ndim == 0;
    case SP_FLOAT:
        if (kn_is(o, &kn_type_int) || kn_is(o, &kn_type_float) || np_scalar_of(o, dt_any))
            return true;
        return is_tensor_obj(o) && kn_tensor_unwrap(o)->ndim == 0;
    case SP_TENSORS: {
        kn_obj **items;
        int64_t n;
        if (!seq_items(o, &items, &n)) return false;
        for (int64_t i = 0; i < n; i++)
            if (!is_tensor_obj(items[i])) return false;
        return true;
    }
    case SP_STR: return kn_is(o, &kn_type_str);
    case SP_GENERATOR: return kn_is(o, &kn__type_generator);
    }
    return false;
}

/* checkIndex: what a lone positional int may be when an int list takes varargs. */
static bool check_index(kn_obj *o) { return is_long(o) || zero_dim_int_tensor(o); }

/* ---- one call against one overload (FunctionSignature::parse) ------------------------- */

typedef struct scall {
    const char *fname;
    kn_obj *const *args;
    int nargs;
    const char *const *kwnames;
    kn_obj *const *kwvals;
    int nkw;
} scall;

static bool name_is(const sparam *p, const char *s) {
    return (int)strlen(s) == p->name_len && !strncmp(p->name, s, p->name_len);
}

/* NumPy's names for parameters (PyTorch's numpy_compatibility_arg_names). */
static const struct { const char *name, *alias; } np_names[] = {
    {"dim", "axis"}, {"keepdim", "keepdims"}, {"input", "x"}, {"input", "a"},
    {"input", "x1"}, {"other", "x2"}};

/* The keyword value for p: its own name first, then NumPy's names for it. */
static kn_obj *kw_lookup(const scall *c, const sparam *p) {
    for (int k = 0; k < c->nkw; k++)
        if (name_is(p, c->kwnames[k])) return c->kwvals[k];
    for (size_t i = 0; i < sizeof np_names / sizeof np_names[0]; i++) {
        if (!name_is(p, np_names[i].name)) continue;
        for (int k = 0; k < c->nkw; k++)
            if (!strcmp(c->kwnames[k], np_names[i].alias)) return c->kwvals[k];
    }
    return NULL;
}

static int extra_args(const scall *c, const sview *v, kn_err *err) {
    if (v->min_args != v->max_pos)
        return tc_error_set(err, TC_EXC_TYPE,
                            "%s() takes from %d to %d positional arguments but %d were given",
                            c->fname, v->min_args, v->max_pos, c->nargs);
    return tc_error_set(err, TC_EXC_TYPE, "%s() takes %d positional argument%s but %d %s given",
                        c->fname, v->max_pos, v->max_pos == 1 ? "" : "s", c->nargs,
                        c->nargs == 1 ? "was" : "were");
}

/* PyTorch's text says "arguments" for one missing argument and "argument" for more. */
static int missing_args(const scall *c, const sview *v, int idx, kn_err *err) {
    char buf[256];
    int len = 0, missing = 0;
    buf[0] = 0;
    for (int i = idx; i < v->n; i++) {
        if (v->p[i]->optional) continue;
        len += snprintf(buf + len, sizeof buf - len, "%s\"%.*s\"", missing ? ", " : "",
                        v->p[i]->name_len, v->p[i]->name);
        if (len >= (int)sizeof buf) len = (int)sizeof buf - 1;
        missing++;
    }
    return tc_error_set(err, TC_EXC_TYPE, "%s() missing %d required positional argument%s: %s",
                        c->fname, missing, missing == 1 ? "s" : "", buf);
}

static int extra_kwargs(const scall *c, const sview *v, kn_err *err) {
    for (int k = 0; k < c->nkw; k++) {
        int idx = -1;
        for (int i = 0; i < v->n && idx < 0; i++)
            if (name_is(v->p[i], c->kwnames[k])) idx = i;
        if (idx < 0)
            return tc_error_set(err, TC_EXC_TYPE, "%s() got an unexpected keyword argument '%s'",
                                c->fname, c->kwnames[k]);
        if (idx < c->nargs)
            return tc_error_set(err, TC_EXC_TYPE, "%s() got multiple values for argument '%s'",
                                c->fname, c->kwnames[k]);
    }
    return tc_error_set(err, TC_EXC_TYPE, "invalid keyword arguments");
}

/* true when the overload takes the call; with raise set, false comes with PyTorch's error. */
static bool sig_accepts(const scall *c, const sview *v, bool raise, bool *packed, kn_err *err) {
    bool varargs = v->max_pos == 1 && (v->p[0]->type == SP_INTLIST || v->p[0]->type == SP_INTS);
    if (c->nargs > v->max_pos && !varargs) {
        if (raise) extra_args(c, v, err);
        return false;
    }
    int arg_pos = 0, remaining = c->nkw;
    for (int i = 0; i < v->n; i++) {
        const sparam *p = v->p[i];
        kn_obj *o = NULL;
        bool is_kwd = false;
        if (arg_pos < c->nargs) {
            if (p->kwonly) {
                if (raise) extra_args(c, v, err);
                return false;
            }
            o = c->args[arg_pos];
        } else {
            o = kw_lookup(c, p);
            is_kwd = true;
        }
        if ((!o && p->optional) || (o && kn_is(o, &kn_type_none) && p->allow_none)) {
        } else if (!o) {
            if (raise) missing_args(c, v, i, err);
            return false;
        } else if (check_param(p, o)) {
        } else if (varargs && arg_pos == 0 && !is_kwd && check_index(o)) {
            arg_pos = c->nargs;
            if (packed) *packed = true;
            continue;
        } else {
            if (raise) {
                if (is_kwd)
                    tc_error_set(err, TC_EXC_TYPE, "%s(): argument '%.*s' must be %s, not %s",
                                 c->fname, p->name_len, p->name, sp_names[p->type], kn_type_name(o));
                else
                    tc_error_set(err, TC_EXC_TYPE,
                                 "%s(): argument '%.*s' (position %d) must be %s, not %s", c->fname,
                                 p->name_len, p->name, arg_pos + 1, sp_names[p->type],
                                 kn_type_name(o));
            }
            return false;
        }
        if (!is_kwd) arg_pos++;
        else if (o) remaining--;
    }
    if (remaining > 0) {
        if (raise) extra_kwargs(c, v, err);
        return false;
    }
    return true;
}

/* ---- "received an invalid combination of arguments" (invalid_arguments.cpp) ----------- */

typedef struct sbuf {
    char s[TC_ERROR_MSG_MAX];
    int len;
} sbuf;

static void put(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sbuf *b, const char *fmt, ...) {
    if (b->len >= (int)sizeof b->s - 1) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->s + b->len, sizeof b->s - b->len, fmt, ap);
    va_end(ap);
    b->len += n;
    if (b->len > (int)sizeof b->s - 1) b->len = (int)sizeof b->s - 1;
}
static void unput(sbuf *b, int n) {
    b->len = b->len >= n ? b->len - n : 0;
    b->s[b->len] = 0;
}

/* FunctionSignature::toString of a view. */
static void view_text(const sview *v, sbuf *b) {
    bool kw = false;
    put(b, "(");
    for (int i = 0; i < v->n; i++) {
        const sparam *p = v->p[i];
        if (i) put(b, ", ");
        if (p->kwonly && !kw) {
            put(b, "*, ");
            kw = true;
        }
        put(b, "%s %.*s", sp_names[p->type], p->name_len, p->name);
        if (p->dflt) put(b, " = %.*s", p->dflt_len, p->dflt);
    }
    put(b, ")");
}

/* The keywords in the order PyTorch's unordered_map visits them; for the few keywords
 * of a call that is the reverse of the call's order. */
static int kw_order(const scall *c, int i) { return c->nkw - 1 - i; }

/* The printed option, split as _parseOption splits it: each ", "-separated token is an
 * argument whose name is the text after its last space (the default's text when it has
 * one) and whose type matches only the Python types named "Tensor", "int", "float", ... */
typedef struct opt_arg {
    const char *tok;
    int tok_len, name_off;
} opt_arg;

static int option_args(const char *text, opt_arg *out, int max) {
    int n = 0;
    int len = (int)strlen(text);
    const char *s = text + 1, *end = text + len - 1; /* without the parentheses */
    while (n < max) {
        const char *e = s;
        while (e < end && !(e[0] == ',' && e[1] == ' ')) e++;
        out[n].tok = s;
        out[n].tok_len = (int)(e - s);
        int sp = out[n].tok_len - 1;
        while (sp >= 0 && s[sp] != ' ') sp--;
        out[n].name_off = sp + 1;
        n++;
        if (e >= end) break;
        s = e + 2;
    }
    return n;
}

static bool opt_name_is(const opt_arg *a, const char *name) {
    int nl = a->tok_len - a->name_off;
    return (int)strlen(name) == nl && !strncmp(a->tok + a->name_off, name, nl);
}

static bool opt_type_matches(const opt_arg *a, kn_obj *o) {
    int tl = a->name_off > 0 ? a->name_off - 1 : 0;
    const char *t = a->tok;
    const char *pn = kn_type_name(o);
    if (tl == 3 && !strncmp(t, "int", 3)) return !strcmp(pn, "int");
    if (tl == 5 && !strncmp(t, "float", 5)) return !strcmp(pn, "float") || !strcmp(pn, "int");
    return (int)strlen(pn) == tl && !strncmp(t, pn, tl);
}

static void type_desc(sbuf *b, kn_obj *o) {
    kn_obj **items;
    int64_t n;
    if (!seq_items(o, &items, &n)) {
        put(b, "%s", kn_type_name(o));
        return;
    }
    bool tup = kn_is(o, &kn_type_tuple);
    put(b, "%s of %s", kn_type_name(o), tup ? "(" : "[");
    for (int64_t i = 0; i < n; i++) put(b, "%s%s", i ? ", " : "", kn_type_name(items[i]));
    put(b, "%s", tup ? (n == 1 ? ",)" : ")") : "]");
}

static kn_obj *kw_value(const scall *c, const char *name, int len) {
    for (int k = 0; k < c->nkw; k++)
        if ((int)strlen(c->kwnames[k]) == len && !strncmp(c->kwnames[k], name, len))
            return c->kwvals[k];
    return NULL;
}

static int invalid_combination(const scall *c, const sview *views, int nviews, kn_err *err) {
    sbuf b = {.len = 0};
    b.s[0] = 0;
    put(&b, "%s() received an invalid combination of arguments - got (", c->fname);
    for (int i = 0; i < c->nargs; i++) put(&b, "%s, ", kn_type_name(c->args[i]));
    for (int i = 0; i < c->nkw; i++) {
        int k = kw_order(c, i);
        put(&b, "%s=%s, ", c->kwnames[k], kn_type_name(c->kwvals[k]));
    }
    if (c->nargs) unput(&b, 2);
    put(&b, "), but expected one of:\n");
    int num_got = c->nargs + c->nkw;
    for (int s = 0; s < nviews; s++) {
        sbuf text = {.len = 0};
        text.s[0] = 0;
        view_text(&views[s], &text);
        put(&b, " * %s\n", text.s);
        opt_arg oa[SIG_MAX_PARAMS + 1];
        int na = option_args(text.s, oa, SIG_MAX_PARAMS + 1);
        if (na != num_got) continue;
        /* _tryMatchKwargs: each keyword must name one of the last arguments */
        int start = na - c->nkw;
        if (start < 0) start = 0;
        bool any_bad = false;
        for (int i = 0; i < c->nkw; i++) {
            int k = kw_order(c, i);
            bool found = false;
            for (int j = start; j < na && !found; j++) found = opt_name_is(&oa[j], c->kwnames[k]);
            if (!found) {
                if (!any_bad) put(&b, "      didn't match because some of the keywords were incorrect: ");
                put(&b, "%s, ", c->kwnames[k]);
                any_bad = true;
            }
        }
        if (any_bad) {
            unput(&b, 2);
            put(&b, "\n");
            continue;
        }
        put(&b, "      didn't match because some of the arguments have invalid types: (");
        for (int i = 0; i < num_got; i++) {
            bool is_kw = i >= c->nargs;
            kn_obj *o = is_kw ? kw_value(c, oa[i].tok + oa[i].name_off, oa[i].tok_len - oa[i].name_off)
                              : c->args[i];
            if (!o) continue;
            bool ok = opt_type_matches(&oa[i], o);
            put(&b, "%s", ok ? "" : "!");
            if (is_kw) put(&b, "%.*s=", oa[i].tok_len - oa[i].name_off, oa[i].tok + oa[i].name_off);
            type_desc(&b, o);
            put(&b, "%s, ", ok ? "" : "!");
        }
        if (c->nargs) unput(&b, 2);
        put(&b, ")\n");
    }
    return tc_error_set(err, TC_EXC_TYPE, "%s", b.s);
}

/* ---- entry points -------------------------------------------------------------------- */

static int row_find(const char *name) {
    for (int r = 0; r < SIG_NROWS; r++)
        if (!strcmp(rows[r].name, name)) return r;
    return -1;
}

/* PythonArgParser::parse: 0 when an overload takes the call (a copy of its view in *took
 * when took is not NULL), else -1 with PyTorch's error. */
static int sig_check_row(int row, bool method, const kn_args *a, bool *packed, sview *took,
                         kn_err *err) {
    row_ready(row);
    sview views[SIG_MAX_OVERLOADS];
    int nv = 0;
    for (int s = 0; s < parsed_n[row]; s++)
        if (!(method && parsed[row][s].fn_only)) view_of(&parsed[row][s], method, &views[nv++]);
    scall c = {rows[row].name, a->pos, a->npos, a->kwnames, a->kwvals, a->nkw};
    for (int s = 0; s < nv; s++) {
        if (packed) *packed = false;
        if (sig_accepts(&c, &views[s], false, packed, err)) {
            if (took) *took = views[s];
            return 0;
        }
    }
    if (nv == 1) {
        sig_accepts(&c, &views[0], true, NULL, err);
        return -1;
    }
    int num = c.nargs + c.nkw, plausible = -1, count = 0;
    for (int s = 0; s < nv; s++) {
        int max_args = views[s].n;
        if (num >= views[s].min_args && num <= max_args) {
            plausible = s;
            count++;
        }
    }
    if (count == 1) {
        sig_accepts(&c, &views[plausible], true, NULL, err);
        return -1;
    }
    return invalid_combination(&c, views, nv, err);
}

/* The parameter a keyword that is no parameter's own name of view v stands for (kw_lookup's
 * NumPy names), or NULL. */
static const sparam *kw_alias_of(const sview *v, const char *kw) {
    for (int i = 0; i < v->n; i++)
        if (name_is(v->p[i], kw)) return NULL;
    for (size_t k = 0; k < sizeof np_names / sizeof np_names[0]; k++)
        for (int i = 0; i < v->n; i++)
            if (name_is(v->p[i], np_names[k].name) && !strcmp(kw, np_names[k].alias))
                return v->p[i];
    return NULL;
}

int kn__sig_check(const char *name, bool method, const kn_args *a, kn_obj **renames,
                  kn_err *err) {
    if (renames) *renames = NULL;
    int row = row_find(name);
    sview took;
    if (row < 0) return 0;
    if (sig_check_row(row, method, a, NULL, &took, err) < 0) return -1;
    for (int k = 0; renames && k < a->nkw; k++) {
        const sparam *p = kw_alias_of(&took, a->kwnames[k]);
        if (!p) continue;
        kn_obj *to = kn_str_new(p->name, (size_t)p->name_len);
        if ((!*renames && !(*renames = kn_dict_new())) || !to ||
            kn_dict_set_str(*renames, a->kwnames[k], to) < 0) {
            kn_decref(to);
            kn_decref(*renames);
            *renames = NULL;
            kn_nomem(err);
            return -1;
        }
        kn_decref(to);
    }
    return 0;
}

/* torch.<name>(input, ...) forwards to the method with the input taken out: it records its
 * call here so that the method checks the call in the function form. */
static const kn_args *fwd_rest, *fwd_full;

void kn__sig_forwarding(const kn_args *rest, const kn_args *full, const kn_args **saved) {
    saved[0] = fwd_rest;
    saved[1] = fwd_full;
    fwd_rest = rest;
    fwd_full = full;
}

void kn__sig_forwarded(const kn_args *const *saved) {
    fwd_rest = saved[0];
    fwd_full = saved[1];
}

bool kn__sig_as_function(const kn_args *a) { return a && a == fwd_rest; }

/* The methods with a row: each checks its call, then runs the method the tables hold. */
static kn__fn checked[SIG_NROWS];
static kn_cfunc raw_fn[SIG_NROWS];

static kn_obj *checked_call(int row, kn_obj *self, const kn_args *a, kn_err *err) {
    bool as_fn = kn__sig_as_function(a), packed = false;
    if (sig_check_row(row, !as_fn, as_fn ? fwd_full : a, &packed, NULL, err) < 0) return NULL;
    if (!packed) return raw_fn[row](self, a, err);
    /* x.squeeze(0, 1): the ints of a lone int-list parameter given one by one */
    kn_obj *tup = kn_tuple_new(a->npos);
    if (!tup) {
        kn_nomem(err);
        return NULL;
    }
    for (int i = 0; i < a->npos; i++) kn_tuple_set(tup, i, kn_incref(a->pos[i]));
    kn_args one = *a;
    one.pos = &tup;
    one.npos = 1;
    kn_obj *r = raw_fn[row](self, &one, err);
    kn_decref(tup);
    return r;
}

#define ROW_TRAMPOLINE(name, ...)                                                             \
    static kn_obj *checked_##name(kn_obj *self, const kn_args *a, kn_err *err) {              \
        return checked_call(SIG_ROW_##name, self, a, err);                                    \
    }
KN__SIG_ROWS(ROW_TRAMPOLINE)
#undef ROW_TRAMPOLINE

static const kn_cfunc trampolines[] = {
#define ROW_TRAMP_REF(name, ...) checked_##name,
    KN__SIG_ROWS(ROW_TRAMP_REF)
#undef ROW_TRAMP_REF
};

const kn__fn *kn__sig_method(const kn__fn *raw) {
    if (!raw) return NULL;
    int row = row_find(raw->name);
    if (row < 0) return raw;
    if (!raw_fn[row]) {
        raw_fn[row] = raw->fn;
        checked[row] = *raw;
        checked[row].fn = trampolines[row];
    }
    return &checked[row];
}
