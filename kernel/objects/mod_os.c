/*
 * Small standard modules notebooks import for a name or two: string (its constants), os
 * (environ, getcwd, getenv, listdir, makedirs, mkdir, stat, remove, rmdir, rename, fspath,
 * sep, and os.path's join/split/basename/dirname/splitext/normpath/abspath/realpath/exists/
 * lexists/isfile/isdir/islink/getsize/getmtime as posixpath computes them; each takes an
 * os.PathLike argument too) and __future__ (the
 * feature names, which the parser accepts as no-ops).
 *
 * os.environ is a dict snapshot of the process environment taken at import: reading it is
 * as CPython's, but its repr is a dict's and writing it does not change the environment.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/objects/collections.h"
#include "kernel/objects/objects-impl.h"

extern char **environ;

static void add_new(kn_obj *m, const char *name, kn_obj *v) {
    kn_module_add(m, name, v);
    kn_decref(v);
}

static void add_str(kn_obj *m, const char *name, const char *v) {
    add_new(m, name, kn_str_from_cstr(v));
}

/* ---- string -------------------------------------------------------------------------- */

kn_obj *kn_mod_string_init(kn_err *err) {
    kn_obj *m = kn_module_new("string", "A collection of string constants.");
    add_str(m, "ascii_letters", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    add_str(m, "ascii_lowercase", "abcdefghijklmnopqrstuvwxyz");
    add_str(m, "ascii_uppercase", "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    add_str(m, "digits", "0123456789");
    add_str(m, "hexdigits", "0123456789abcdefABCDEF");
    add_str(m, "octdigits", "01234567");
    add_str(m, "punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    add_str(m, "printable", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c");
    add_str(m, "whitespace", " \t\n\r\x0b\x0c");
    return m;
}

/* ---- __future__ ---------------------------------------------------------------------- */

kn_obj *kn_mod_future_init(kn_err *err) {
    static const char *const features[] = {
        "nested_scopes",  "generators",       "division",       "absolute_import",
        "with_statement", "print_function",   "unicode_literals", "barry_as_FLUFL",
        "generator_stop", "annotations",
    };
    kn_obj *m = kn_module_new("__future__", "Record of phased-in incompatible language changes.");
    kn_obj *all = kn_list_new(0);
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        add_str(m, features[i], features[i]);
        kn_obj *s = kn_str_from_cstr(features[i]);
        kn_list_append(all, s);
        kn_decref(s);
    }
    add_new(m, "all_feature_names", all);
    return m;
}

/* ---- os.path ------------------------------------------------------------------------- */

/* The str argument of an os.path function, with CPython's TypeError for other types. */
static int path_arg(kn_obj *o, const char *fname, const char **s, size_t *n, kn_err *err) {
    if (!kn_is(o, &kn_type_str)) {
        if (fname)
            return tc_error_set(err, TC_EXC_TYPE, "%s: expected str, bytes or os.PathLike object, "
                                                  "not %s", fname, kn_type_name(o));
        return tc_error_set(err, TC_EXC_TYPE,
                            "expected str, bytes or os.PathLike object, not %s", kn_type_name(o));
    }
    *s = kn_str_cstr(o);
    *n = kn_str_len(o);
    return 0;
}

static int one_path(const kn_args *args, const char *fname, const char **s, size_t *n,
                    kn_err *err) {
    static const char *names[] = {"p"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return -1;
    return path_arg(a[0], NULL, s, n, err);
}

static int64_t rfind(const char *s, size_t n, char c) {
    for (int64_t i = (int64_t)n - 1; i >= 0; i--)
        if (s[i] == c) return i;
    return -1;
}

static kn_obj *p_join(kn_obj *self, const kn_args *args, kn_err *err) {
    if (args->nkw) {
        tc_error_set(err, TC_EXC_TYPE, "join() got an unexpected keyword argument '%s'",
                     args->kwnames[0]);
        return NULL;
    }
    if (args->npos < 1) {
        tc_error_set(err, TC_EXC_TYPE, "join() missing 1 required positional argument: 'a'");
        return NULL;
    }
    const char *s = NULL;
    size_t n = 0;
    for (int i = 0; i < args->npos; i++)
        if (!kn_is(args->pos[i], &kn_type_str)) {
            if (i == 0 || !kn_is(args->pos[0], &kn_type_str))
                return path_arg(args->pos[i], NULL, &s, &n, err), NULL;
            tc_error_set(err, TC_EXC_TYPE,
                         "join() argument must be str, bytes, or os.PathLike object, not '%s'",
                         kn_type_name(args->pos[i]));
            return NULL;
        }
    tc_strbuf b = {0};
    tc_strbuf_append(&b, kn_str_cstr(args->pos[0]), kn_str_len(args->pos[0]));
    for (int i = 1; i < args->npos; i++) {
        s = kn_str_cstr(args->pos[i]);
        n = kn_str_len(args->pos[i]);
        if (n && s[0] == '/') {
            b.len = 0;
        } else if (b.len && b.data[b.len - 1] != '/') {
            tc_strbuf_putc(&b, '/');
        }
        tc_strbuf_append(&b, s, n);
    }
    if (!b.data) return kn_str_new("", 0);
    return kn__strbuf_finish(&b, err);
}

/* The head of split(p): everything up to the last '/', trailing slashes removed unless
 * the head is all slashes. */
static size_t head_len(const char *s, size_t n) {
    size_t i = (size_t)(rfind(s, n, '/') + 1);
    size_t h = i;
    bool all_slash = true;
    for (size_t k = 0; k < i; k++)
        if (s[k] != '/') all_slash = false;
    if (h && !all_slash)
        while (h > 0 && s[h - 1] == '/')
            h--;
    return h;
}

static kn_obj *p_basename(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "basename", &s, &n, err) < 0) return NULL;
    size_t i = (size_t)(rfind(s, n, '/') + 1);
    return kn_str_new(s + i, n - i);
}

static kn_obj *p_dirname(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "dirname", &s, &n, err) < 0) return NULL;
    return kn_str_new(s, head_len(s, n));
}

static kn_obj *p_split(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "split", &s, &n, err) < 0) return NULL;
    size_t i = (size_t)(rfind(s, n, '/') + 1);
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_str_new(s, head_len(s, n)));
    kn_tuple_set(t, 1, kn_str_new(s + i, n - i));
    return t;
}

static kn_obj *p_splitext(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "splitext", &s, &n, err) < 0) return NULL;
    int64_t sep = rfind(s, n, '/'), dot = rfind(s, n, '.');
    size_t cut = n;
    if (dot > sep) {
        for (int64_t f = sep + 1; f < dot; f++)
            if (s[f] != '.') {
                cut = (size_t)dot;
                break;
            }
    }
    kn_obj *t = kn_tuple_new(2);
    kn_tuple_set(t, 0, kn_str_new(s, cut));
    kn_tuple_set(t, 1, kn_str_new(s + cut, n - cut));
    return t;
}

/* posixpath.normpath */
static kn_obj *normpath(const char *s, size_t n, kn_err *err) {
    if (n == 0) return kn_str_from_cstr(".");
    int initial = 0;
    if (s[0] == '/') {
        initial = 1;
        if (n > 1 && s[1] == '/' && !(n > 2 && s[2] == '/')) initial = 2;
    }
    /* components */
    const char **cs = tc_malloc((n + 1) * sizeof(char *));
    size_t *cl = tc_malloc((n + 1) * sizeof(size_t));
    size_t nc = 0;
    if (!cs || !cl) {
        tc_free(cs);
        tc_free(cl);
        return NULL;
    }
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        size_t len = j - i;
        const char *c = s + i;
        if (len == 0 || (len == 1 && c[0] == '.')) {
            /* skip */
        } else if (len == 2 && c[0] == '.' && c[1] == '.' &&
                   ((!initial && nc == 0) ||
                    (nc > 0 && cl[nc - 1] == 2 && cs[nc - 1][0] == '.' && cs[nc - 1][1] == '.'))) {
            cs[nc] = c;
            cl[nc++] = len;
        } else if (len == 2 && c[0] == '.' && c[1] == '.') {
            if (nc) nc--;
        } else {
            cs[nc] = c;
            cl[nc++] = len;
        }
        i = j + 1;
    }
    tc_strbuf b = {0};
    for (int k = 0; k < initial; k++)
        tc_strbuf_putc(&b, '/');
    for (size_t k = 0; k < nc; k++) {
        if (k) tc_strbuf_putc(&b, '/');
        tc_strbuf_append(&b, cs[k], cl[k]);
    }
    tc_free(cs);
    tc_free(cl);
    if (b.len == 0) tc_strbuf_putc(&b, '.');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *p_normpath(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "normpath", &s, &n, err) < 0) return NULL;
    kn_obj *r = normpath(s, n, err);
    if (!r) kn_nomem(err);
    return r;
}

static kn_obj *p_abspath(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "abspath", &s, &n, err) < 0) return NULL;
    tc_strbuf b = {0};
    if (!(n && s[0] == '/')) {
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd)) {
            tc_error_set(err, TC_EXC_OS, "[Errno %d] %s", errno, strerror(errno));
            return NULL;
        }
        tc_strbuf_puts(&b, cwd);
        tc_strbuf_putc(&b, '/');
    }
    tc_strbuf_append(&b, s, n);
    kn_obj *r = normpath(b.data ? b.data : "", b.len, err);
    tc_strbuf_free(&b);
    if (!r) kn_nomem(err);
    return r;
}

static int stat_path(const kn_args *args, const char *fname, struct stat *st, kn_err *err) {
    static const char *names[] = {"path"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return -1;
    if (!kn_is(a[0], &kn_type_str)) {
        if (kn__is_int(a[0])) return fstat((int)kn_int_value(a[0]), st) == 0 ? 1 : 0;
        return tc_error_set(err, TC_EXC_TYPE, "%s: path should be string, bytes, os.PathLike "
                                              "or integer, not %s", "stat", kn_type_name(a[0]));
    }
    return stat(kn_str_cstr(a[0]), st) == 0 ? 1 : 0;
}

#define STAT_PRED(fname, cond)                                                                     \
    static kn_obj *p_##fname(kn_obj *self, const kn_args *args, kn_err *err) {                     \
        struct stat st;                                                                            \
        int ok = stat_path(args, #fname, &st, err);                                                \
        if (ok < 0) return NULL;                                                                   \
        return kn_bool_new(ok && (cond));                                                          \
    }
STAT_PRED(exists, 1)
STAT_PRED(isfile, S_ISREG(st.st_mode))
STAT_PRED(isdir, S_ISDIR(st.st_mode))

static kn_obj *p_isabs(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "isabs", &s, &n, err) < 0) return NULL;
    return kn_bool_new(n > 0 && s[0] == '/');
}

/* posixpath.expanduser: a leading "~" or "~/" becomes $HOME ("~user" is left alone). */
static kn_obj *p_expanduser(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "expanduser", &s, &n, err) < 0) return NULL;
    const char *home = getenv("HOME");
    if (n == 0 || s[0] != '~' || (n > 1 && s[1] != '/') || !home) return kn_str_new(s, n);
    size_t hl = strlen(home);
    while (hl > 1 && home[hl - 1] == '/')
        hl--;
    tc_strbuf b = {0};
    tc_strbuf_append(&b, home, hl);
    tc_strbuf_append(&b, s + 1, n - 1);
    if (b.len == 0) tc_strbuf_putc(&b, '/');
    return kn__strbuf_finish(&b, err);
}

/* The OSError subclass CPython raises, worded as CPython's ("[Errno 2] No such file or
 * directory: 'x'"). */
static kn_obj *os_error(const char *path, kn_err *err) {
    int e = errno;
    kn_obj *r = kn_str_from_cstr(path);
    if (!r) kn_nomem(err);
    else kn__os_error(e, r, err);
    kn_decref(r);
    return NULL;
}

/* The same for a call naming two paths (rename): "[Errno 2] ...: 'a' -> 'b'". */
static kn_obj *os_error2(const char *a, const char *b, kn_err *err) {
    int e = errno;
    kn_obj *ra = kn_str_from_cstr(a), *rb = kn_str_from_cstr(b);
    kn_obj *pa = ra && rb ? kn_repr(ra, err) : NULL, *pb = pa ? kn_repr(rb, err) : NULL;
    if (!ra || !rb) kn_nomem(err);
    if (pa && pb) {
        kn__os_error(e, NULL, err); /* for the subclass */
        tc_exc k = err->type;
        tc_error_clear(err);
        tc_error_set(err, k, "[Errno %d] %s: %s -> %s", e, strerror(e), kn_str_cstr(pa),
                     kn_str_cstr(pb));
    }
    kn_decref(ra);
    kn_decref(rb);
    kn_decref(pa);
    kn_decref(pb);
    return NULL;
}

static kn_obj *p_lexists(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "lexists", &s, &n, err) < 0) return NULL;
    struct stat st;
    return kn_bool_new(lstat(s, &st) == 0);
}

static kn_obj *p_islink(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "islink", &s, &n, err) < 0) return NULL;
    struct stat st;
    return kn_bool_new(lstat(s, &st) == 0 && S_ISLNK(st.st_mode));
}

/* posixpath.realpath: the absolute path with '.', '..' and repeated slashes gone and each
 * symbolic link met on the way replaced by where it leads; the part past the last
 * existing component is kept as written (strict: FileNotFoundError for it). */
static kn_obj *p_realpath(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"filename", "strict"};
    kn_obj *a[2];
    if (KN__BIND(args, "realpath", names, 1, a, err) < 0) return NULL;
    const char *s = NULL;
    size_t n = 0;
    if (path_arg(a[0], NULL, &s, &n, err) < 0) return NULL;
    int strict = 0;
    if (a[1] && (strict = kn_truth(a[1], err)) < 0) return NULL;
    tc_strbuf in = {0}, out = {0};
    if (!(n && s[0] == '/')) {
        char cwd[4096];
        if (!getcwd(cwd, sizeof cwd)) {
            tc_error_set(err, TC_EXC_OS, "[Errno %d] %s", errno, strerror(errno));
            return NULL;
        }
        tc_strbuf_puts(&in, cwd);
        tc_strbuf_putc(&in, '/');
    }
    tc_strbuf_append(&in, s, n);
    tc_strbuf_putc(&in, 0);
    tc_strbuf_putc(&out, '/');
    if (in.failed || out.failed) {
        tc_strbuf_free(&in);
        tc_strbuf_free(&out);
        kn_nomem(err);
        return NULL;
    }
    const char *p = in.data;
    bool exists = true;
    while (*p && !out.failed) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (out.len > 1 && out.data[out.len - 1] != '/')
                out.len--;
            if (out.len > 1) out.len--;
        } else {
            if (out.len > 1) tc_strbuf_putc(&out, '/');
            tc_strbuf_append(&out, p, len);
            struct stat st;
            if (tc_strbuf_putc(&out, 0) < 0) break;
            out.len--;
            if (exists && lstat(out.data, &st) == 0) {
                if (S_ISLNK(st.st_mode)) {
                    char *r = realpath(out.data, NULL);
                    if (r) {
                        out.len = 0;
                        tc_strbuf_puts(&out, r);
                        free(r);
                    }
                }
            } else if (strict && exists) {
                os_error(out.data, err);
                tc_strbuf_free(&in);
                tc_strbuf_free(&out);
                return NULL;
            } else {
                exists = false;
            }
        }
        p = e;
    }
    tc_strbuf_free(&in);
    return kn__strbuf_finish(&out, err);
}

static double stat_time(struct timespec t) {
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static kn_obj *p_getmtime(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "getmtime", &s, &n, err) < 0) return NULL;
    struct stat st;
    if (stat(s, &st) != 0) return os_error(s, err);
    return kn_float_new(stat_time(st.st_mtim));
}

static kn_obj *p_getsize(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = NULL;
    size_t n = 0;
    if (one_path(args, "getsize", &s, &n, err) < 0) return NULL;
    struct stat st;
    if (stat(s, &st) != 0) return os_error(s, err);
    return kn_int_new((int64_t)st.st_size);
}

/* ---- os.PathLike arguments ------------------------------------------------------------ */

/* o's __fspath__() when o is an instance of a class defining it (pathlib's paths): a new
 * reference, or NULL with err set (or NULL and no error when o is no such object). */
static kn_obj *fspath_of(kn_obj *o, kn_err *err) {
    kn_obj *f = kn_instance_method(o, "__fspath__");
    if (!f) return NULL;
    kn_obj *r = kn_call_simple(f, &o, 1, err);
    if (r && !kn_is(r, &kn_type_str) && !kn_is(r, &kn_type_bytes)) {
        tc_error_set(err, TC_EXC_TYPE, "expected %s.__fspath__() to return str or bytes, not %s",
                     kn_type_name(o), kn_type_name(r));
        kn_decref(r);
        return NULL;
    }
    return r;
}

/* Call fn with each os.PathLike argument replaced by its __fspath__() (as CPython's os
 * functions take any path-like object); the functions themselves read str arguments. */
static kn_obj *fspath_call(kn_cfunc fn, kn_obj *self, const kn_args *args, kn_err *err) {
    int n = args->npos + args->nkw;
    bool any = false;
    for (int i = 0; i < n && !any; i++) {
        kn_obj *o = i < args->npos ? args->pos[i] : args->kwvals[i - args->npos];
        any = kn_instance_method(o, "__fspath__") != NULL;
    }
    if (!any) return fn(self, args, err);
    kn_obj **v = tc_malloc((size_t)n * sizeof(kn_obj *));
    if (!v) {
        kn_nomem(err);
        return NULL;
    }
    int done = 0;
    kn_obj *r = NULL;
    for (; done < n; done++) {
        kn_obj *o = done < args->npos ? args->pos[done] : args->kwvals[done - args->npos];
        kn_obj *c = fspath_of(o, err);
        if (!c && tc_error_is_set(err)) goto out;
        v[done] = c ? c : kn_incref(o);
    }
    kn_args a = {v, args->npos, args->kwnames, v + args->npos, args->nkw};
    r = fn(self, &a, err);
out:
    for (int i = 0; i < done; i++)
        kn_decref(v[i]);
    tc_free(v);
    return r;
}

#define FSPATH_FUNCS(X)                                                                            \
    X(p_abspath) X(p_basename) X(p_dirname) X(p_expanduser) X(p_getsize) X(p_getmtime)             \
    X(p_isabs) X(p_islink) X(p_lexists) X(p_exists) X(p_isdir) X(p_isfile) X(p_join)              \
    X(p_normpath) X(p_realpath) X(p_split) X(p_splitext)
#define FSPATH_WRAP(fn)                                                                            \
    static kn_obj *fn##_fs(kn_obj *self, const kn_args *args, kn_err *err) {                       \
        return fspath_call(fn, self, args, err);                                                   \
    }
FSPATH_FUNCS(FSPATH_WRAP)

static const kn__method path_funcs[] = {
    {"abspath", p_abspath_fs, "(path)", "Return an absolute path."},
    {"basename", p_basename_fs, "(p)", "Returns the final component of a pathname"},
    {"dirname", p_dirname_fs, "(p)", "Returns the directory component of a pathname"},
    {"expanduser", p_expanduser_fs, "(path)", "Expand ~ and ~user constructions."},
    {"getsize", p_getsize_fs, "(filename)", "Return the size of a file, reported by os.stat()."},
    {"getmtime", p_getmtime_fs, "(filename)",
     "Return the last modification time of a file, reported by os.stat()."},
    {"isabs", p_isabs_fs, "(s)", "Test whether a path is absolute"},
    {"islink", p_islink_fs, "(path)", "Test whether a path is a symbolic link"},
    {"lexists", p_lexists_fs, "(path)", "Test whether a path exists.  Returns True for broken "
                                     "symbolic links"},
    {"exists", p_exists_fs, "(path)",
     "Test whether a path exists.  Returns False for broken symbolic links"},
    {"isdir", p_isdir_fs, "(s)", "Return true if the pathname refers to an existing directory."},
    {"isfile", p_isfile_fs, "(path)", "Test whether a path is a regular file"},
    {"join", p_join_fs, "(a, *p)",
     "Join two or more pathname components, inserting '/' as needed."},
    {"normpath", p_normpath_fs, "(path)", "Normalize path, eliminating double slashes, etc."},
    {"realpath", p_realpath_fs, "(filename, *, strict=False)",
     "Return the canonical path of the specified filename, eliminating any symbolic links "
     "encountered in the path."},
    {"split", p_split_fs, "(p)", "Split a pathname.  Returns tuple \"(head, tail)\"."},
    {"splitext", p_splitext_fs, "(p)", "Split the extension from a pathname."},
    {NULL, NULL, NULL, NULL},
};

/* ---- os ------------------------------------------------------------------------------ */

static kn_obj *o_getcwd(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "getcwd", err) < 0) return NULL;
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) {
        tc_error_set(err, TC_EXC_OS, "[Errno %d] %s", errno, strerror(errno));
        return NULL;
    }
    return kn_str_from_cstr(cwd);
}

static kn_obj *o_getenv(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"key", "default"};
    kn_obj *a[2];
    if (KN__BIND(args, "getenv", names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "str expected, not %s", kn_type_name(a[0]));
        return NULL;
    }
    const char *v = getenv(kn_str_cstr(a[0]));
    if (v) return kn_str_from_cstr(v);
    return kn_incref(a[1] ? a[1] : kn_none());
}

static kn_obj *o_listdir(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"path"};
    kn_obj *a[1];
    if (KN__BIND(args, "listdir", names, 0, a, err) < 0) return NULL;
    const char *path = ".";
    if (a[0] && a[0] != kn_none()) {
        if (!kn_is(a[0], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "listdir: path should be string, bytes, os.PathLike, "
                                           "integer or None, not %s", kn_type_name(a[0]));
            return NULL;
        }
        path = kn_str_cstr(a[0]);
    }
    DIR *d = opendir(path);
    if (!d) return os_error(path, err);
    kn_obj *l = kn_list_new(0);
    struct dirent *e;
    while (l && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        kn_obj *s = kn_str_from_cstr(e->d_name);
        if (!s || kn_list_append(l, s) < 0) {
            kn_decref(l);
            l = NULL;
        }
        kn_decref(s);
    }
    closedir(d);
    if (!l) kn_nomem(err);
    return l;
}

static kn_obj *o_makedirs(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"name", "mode", "exist_ok"};
    kn_obj *a[3];
    if (KN__BIND(args, "makedirs", names, 1, a, err) < 0) return NULL;
    const char *s = NULL;
    size_t n = 0;
    if (path_arg(a[0], "mkdir", &s, &n, err) < 0) return NULL;
    int64_t mode = 0777;
    if (a[1] && kn_to_int64(a[1], &mode, err) < 0) return NULL;
    int exist_ok = 0;
    if (a[2] && (exist_ok = kn_truth(a[2], err)) < 0) return NULL;
    char *p = tc_malloc(n + 1);
    if (!p) {
        kn_nomem(err);
        return NULL;
    }
    memcpy(p, s, n + 1);
    for (size_t i = 1; i < n; i++) { /* the parents, quietly */
        if (p[i] != '/') continue;
        p[i] = 0;
        mkdir(p, (mode_t)mode);
        p[i] = '/';
    }
    tc_free(p);
    if (mkdir(s, (mode_t)mode) != 0) {
        struct stat st;
        if (!(errno == EEXIST && exist_ok && stat(s, &st) == 0 && S_ISDIR(st.st_mode)))
            return os_error(s, err);
    }
    return kn_none_new();
}

/* The one path argument 'names[0]' of an os function (str only), borrowed. */
static const char *str_path(const kn_args *args, const char *fname, kn_err *err) {
    static const char *names[] = {"path"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 1, a, err) < 0) return NULL;
    const char *s = NULL;
    size_t n = 0;
    if (path_arg(a[0], fname, &s, &n, err) < 0) return NULL;
    return s;
}

/* os.stat / os.lstat: an os.stat_result named tuple. Unlike CPython's, its items 7-9 are
 * the float times (CPython's tuple items are whole seconds, its attributes floats). */
static kn_obj *stat_result(const char *fname, const kn_args *args, bool follow, kn_err *err) {
    const char *s = str_path(args, fname, err);
    if (!s) return NULL;
    struct stat st;
    if ((follow ? stat(s, &st) : lstat(s, &st)) != 0) return os_error(s, err);
    static const char *const fields[] = {"st_mode", "st_ino", "st_dev", "st_nlink", "st_uid",
                                         "st_gid", "st_size", "st_atime", "st_mtime",
                                         "st_ctime"};
    kn_obj *v[10] = {
        kn_int_new((int64_t)st.st_mode),  kn_int_new((int64_t)st.st_ino),
        kn_int_new((int64_t)st.st_dev),   kn_int_new((int64_t)st.st_nlink),
        kn_int_new((int64_t)st.st_uid),   kn_int_new((int64_t)st.st_gid),
        kn_int_new((int64_t)st.st_size),  kn_float_new(stat_time(st.st_atim)),
        kn_float_new(stat_time(st.st_mtim)), kn_float_new(stat_time(st.st_ctim)),
    };
    kn_obj *r = NULL;
    bool ok = true;
    for (int i = 0; i < 10; i++)
        if (!v[i]) ok = false;
    if (ok) r = kn__namedtuple_make("stat_result", "os", fields, 10, v, err);
    else kn_nomem(err);
    for (int i = 0; i < 10; i++)
        kn_decref(v[i]);
    return r;
}

static kn_obj *o_stat(kn_obj *self, const kn_args *args, kn_err *err) {
    return stat_result("stat", args, true, err);
}

static kn_obj *o_lstat(kn_obj *self, const kn_args *args, kn_err *err) {
    return stat_result("lstat", args, false, err);
}

static kn_obj *o_remove(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = str_path(args, "remove", err);
    if (!s) return NULL;
    if (unlink(s) != 0) return os_error(s, err);
    return kn_none_new();
}

static kn_obj *o_unlink(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = str_path(args, "unlink", err);
    if (!s) return NULL;
    if (unlink(s) != 0) return os_error(s, err);
    return kn_none_new();
}

static kn_obj *o_rmdir(kn_obj *self, const kn_args *args, kn_err *err) {
    const char *s = str_path(args, "rmdir", err);
    if (!s) return NULL;
    if (rmdir(s) != 0) return os_error(s, err);
    return kn_none_new();
}

static kn_obj *o_mkdir(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"path", "mode"};
    kn_obj *a[2];
    if (KN__BIND(args, "mkdir", names, 1, a, err) < 0) return NULL;
    const char *s = NULL;
    size_t n = 0;
    if (path_arg(a[0], "mkdir", &s, &n, err) < 0) return NULL;
    int64_t mode = 0777;
    if (a[1] && kn_to_int64(a[1], &mode, err) < 0) return NULL;
    if (mkdir(s, (mode_t)mode) != 0) return os_error(s, err);
    return kn_none_new();
}

static kn_obj *rename_to(const kn_args *args, const char *fname, kn_err *err) {
    static const char *names[] = {"src", "dst"};
    kn_obj *a[2];
    if (KN__BIND(args, fname, names, 2, a, err) < 0) return NULL;
    const char *s = NULL, *d = NULL;
    size_t n = 0;
    if (path_arg(a[0], fname, &s, &n, err) < 0 || path_arg(a[1], fname, &d, &n, err) < 0)
        return NULL;
    if (rename(s, d) != 0) return os_error2(s, d, err);
    return kn_none_new();
}

static kn_obj *o_rename(kn_obj *self, const kn_args *args, kn_err *err) {
    return rename_to(args, "rename", err);
}

static kn_obj *o_replace(kn_obj *self, const kn_args *args, kn_err *err) {
    return rename_to(args, "replace", err);
}

/* os.fspath: a str or bytes as it is, else what its class's __fspath__ returns. */
static kn_obj *o_fspath(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"path"};
    kn_obj *a[1];
    if (KN__BIND(args, "fspath", names, 1, a, err) < 0) return NULL;
    if (kn_is(a[0], &kn_type_str) || kn_is(a[0], &kn_type_bytes)) return kn_incref(a[0]);
    kn_obj *r = fspath_of(a[0], err);
    if (!r && !tc_error_is_set(err))
        tc_error_set(err, TC_EXC_TYPE, "expected str, bytes or os.PathLike object, not %s",
                     kn_type_name(a[0]));
    return r;
}

#define FSPATH_OS_FUNCS(X)                                                                         \
    X(o_listdir) X(o_makedirs) X(o_mkdir) X(o_stat) X(o_lstat) X(o_remove) X(o_unlink)             \
    X(o_rmdir) X(o_rename) X(o_replace)
FSPATH_OS_FUNCS(FSPATH_WRAP)

static const kn__method os_funcs[] = {
    {"fspath", o_fspath, "(path)", "Return the file system path representation of the "
                                   "object."},
    {"getcwd", o_getcwd, "()", "Return a unicode string representing the current working "
                               "directory."},
    {"getenv", o_getenv, "(key, default=None)",
     "Get an environment variable, return None if it doesn't exist."},
    {"listdir", o_listdir_fs, "(path=None)",
     "Return a list containing the names of the files in the directory."},
    {"makedirs", o_makedirs_fs, "(name, mode=0o777, exist_ok=False)",
     "makedirs(name [, mode=0o777][, exist_ok=False])\n\nSuper-mkdir; create a leaf directory "
     "and all intermediate ones."},
    {"lstat", o_lstat_fs, "(path)", "Perform a stat system call on the given path, without "
                                 "following symbolic links."},
    {"mkdir", o_mkdir_fs, "(path, mode=511)", "Create a directory."},
    {"remove", o_remove_fs, "(path)", "Remove a file (same as unlink())."},
    {"rename", o_rename_fs, "(src, dst)", "Rename a file or directory."},
    {"replace", o_replace_fs, "(src, dst)", "Rename a file or directory, overwriting the "
                                         "destination."},
    {"rmdir", o_rmdir_fs, "(path)", "Remove a directory."},
    {"stat", o_stat_fs, "(path)", "Perform a stat system call on the given path."},
    {"unlink", o_unlink_fs, "(path)", "Remove a file (same as remove())."},
    {NULL, NULL, NULL, NULL},
};

kn_obj *kn_mod_os_init(kn_err *err) {
    kn_obj *m = kn_module_new("os", "OS routines for NT or Posix depending on what system "
                                    "we're on.");
    kn__module_add_funcs(m, os_funcs);
    kn_obj *path = kn_module_new("posixpath", "Common operations on Posix pathnames.");
    kn__module_add_funcs(path, path_funcs);
    add_str(path, "sep", "/");
    add_new(m, "path", path);
    kn_obj *env = kn_dict_new();
    for (char **e = environ; e && *e; e++) {
        const char *eq = strchr(*e, '=');
        if (!eq) continue;
        kn_obj *k = kn_str_new(*e, (size_t)(eq - *e));
        kn_obj *v = kn_str_from_cstr(eq + 1);
        kn_dict_set(env, k, v, err);
        kn_decref(k);
        kn_decref(v);
    }
    add_new(m, "environ", env);
    add_str(m, "sep", "/");
    add_str(m, "pathsep", ":");
    add_str(m, "linesep", "\n");
    add_str(m, "curdir", ".");
    add_str(m, "pardir", "..");
    add_str(m, "extsep", ".");
    add_str(m, "name", "posix");
    return m;
}
