/*
 * The `_warnings` module under the Python-written `warnings` (kernel/torch/py/warnings.py):
 * the filter table the kernel's own warnings (kn_rt_warn: torch's deprecations, autograd's
 * notes) obey, kept in step by warnings.py whenever its filters change, and the one place
 * a warning's text reaches the cell's stderr. warnings.py matches filters for the warnings
 * Python code raises (subclasses, "error", "once"); here the category is compared by name
 * (the kernel's warnings are the builtin categories, all direct subclasses of Warning).
 */
#include "kernel/objects/objects-impl.h"

#include <ctype.h>

typedef struct wfilter {
    char action[16];   /* "ignore", "error", "always", "default", "once", "module" */
    char *message;     /* the message must start with this (case-insensitive); "" for any */
    char *category;    /* a warning class name; "Warning" for all */
} wfilter;

static wfilter *filters;
static int nfilters;

static void filters_clear(void) {
    for (int i = 0; i < nfilters; i++) {
        tc_free(filters[i].message);
        tc_free(filters[i].category);
    }
    tc_free(filters);
    filters = NULL;
    nfilters = 0;
}

/* re.match(pat, s, re.I) for the patterns filters use: literal text, '.', '.*' and
 * backslash escapes (other regular-expression syntax is taken literally). */
static bool rx_match(const char *pat, const char *s) {
    if (!*pat) return true; /* re.match: a prefix suffices */
    if (pat[0] == '.' && pat[1] == '*') {
        for (const char *t = s;; t++) {
            if (rx_match(pat + 2, t)) return true;
            if (!*t) return false;
        }
    }
    if (!*s) return false;
    if (pat[0] == '.') return rx_match(pat + 1, s + 1);
    if (pat[0] == '\\' && pat[1]) pat++;
    return tolower((unsigned char)*pat) == tolower((unsigned char)*s) && rx_match(pat + 1, s + 1);
}

/* Whether a warning of 'category' with text 'msg' is to be shown (no filter, or the first
 * matching filter's action is not "ignore"). */
bool kn__warning_shown(const char *category, const char *msg) {
    for (int i = 0; i < nfilters; i++) {
        const wfilter *f = &filters[i];
        bool cat = strcmp(f->category, "Warning") == 0 || strcmp(f->category, category) == 0;
        if (cat && rx_match(f->message, msg)) return strcmp(f->action, "ignore") != 0;
    }
    return true;
}

/* _set_filters([(action, message, category_name), ...]): the table kn_rt_warn consults. */
static kn_obj *w_set_filters(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"filters"};
    kn_obj *a[1];
    if (KN__BIND(args, "_set_filters", names, 1, a, err) < 0) return NULL;
    int64_t n = kn_len(a[0], err);
    if (n < 0) return NULL;
    wfilter *nf = n ? tc_calloc((size_t)n, sizeof *nf) : NULL;
    if (n && !nf) {
        kn_nomem(err);
        return NULL;
    }
    int64_t got = 0;
    bool ok = true;
    for (int64_t i = 0; i < n && ok; i++) {
        kn_obj *idx = kn_int_new(i), *t = idx ? kn_getitem(a[0], idx, err) : NULL;
        kn_decref(idx);
        kn_obj *part[3] = {NULL, NULL, NULL};
        for (int k = 0; t && k < 3; k++) {
            kn_obj *ki = kn_int_new(k);
            part[k] = ki ? kn_getitem(t, ki, err) : NULL;
            kn_decref(ki);
        }
        ok = t && part[0] && part[1] && part[2] && kn_is(part[0], &kn_type_str) &&
             kn_is(part[1], &kn_type_str) && kn_is(part[2], &kn_type_str);
        if (ok) {
            snprintf(nf[i].action, sizeof nf[i].action, "%s", kn_str_cstr(part[0]));
            nf[i].message = tc_strdup(kn_str_cstr(part[1]));
            nf[i].category = tc_strdup(kn_str_cstr(part[2]));
            got = i + 1;
            ok = nf[i].message && nf[i].category;
            if (!ok) kn_nomem(err);
        } else if (!tc_error_is_set(err)) {
            tc_error_set(err, TC_EXC_TYPE, "_set_filters() takes (action, message, category) str triples");
        }
        for (int k = 0; k < 3; k++) kn_decref(part[k]);
        kn_decref(t);
    }
    if (!ok) {
        for (int64_t i = 0; i < got; i++) {
            tc_free(nf[i].message);
            tc_free(nf[i].category);
        }
        tc_free(nf);
        return NULL;
    }
    filters_clear();
    filters = nf;
    nfilters = (int)n;
    return kn_none_new();
}

/* _match(pattern, text): re.match(pattern, text, re.I) as filters use it (see rx_match). */
static kn_obj *w_match(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"pattern", "text"};
    kn_obj *a[2];
    if (KN__BIND(args, "_match", names, 2, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str) || !kn_is(a[1], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "_match() takes two str");
        return NULL;
    }
    return kn_bool_new(rx_match(kn_str_cstr(a[0]), kn_str_cstr(a[1])));
}

/* _emit(category_name, text): "Category: text" on the cell's stderr. */
static kn_obj *w_emit(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"category", "text"};
    kn_obj *a[2];
    if (KN__BIND(args, "_emit", names, 2, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str) || !kn_is(a[1], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "_emit() takes two str");
        return NULL;
    }
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "%s: ", kn_str_cstr(a[0]));
    tc_strbuf_append(&b, kn_str_cstr(a[1]), kn_str_len(a[1]));
    tc_strbuf_putc(&b, '\n');
    if (b.failed) {
        tc_strbuf_free(&b);
        kn_nomem(err);
        return NULL;
    }
    kn__write_stderr(b.data, b.len);
    tc_strbuf_free(&b);
    return kn_none_new();
}

static const kn__method warnings_funcs[] = {
    {"_set_filters", w_set_filters, "(filters)", "Set the filters the kernel's own warnings obey."},
    {"_emit", w_emit, "(category, text)", "Show a warning on stderr."},
    {"_match", w_match, "(pattern, text)", "Whether a filter's message pattern matches text."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn_mod__warnings_init(kn_err *err) {
    kn_obj *m = kn_module_new("_warnings", "The kernel side of the warnings module.");
    if (!m) {
        kn_nomem(err);
        return NULL;
    }
    kn__module_add_funcs(m, warnings_funcs);
    return m;
}
