/*
 * The sys module: sys.stdout and sys.stderr as stream objects whose write() goes to the
 * cell's output streams (print(..., file=sys.stderr) uses them directly), and a few
 * constants (argv, version, version_info, platform, maxsize, byteorder).
 */
#include "kernel/objects/collections.h"
#include "kernel/objects/objects-impl.h"

typedef struct outstream {
    kn_obj base;
    const char *stream;
} outstream;

static const kn_type type_outstream;

const char *kn__outstream_name(const kn_obj *o) {
    return kn_is(o, &type_outstream) ? ((const outstream *)o)->stream : NULL;
}

static kn_obj *os_write(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"s"};
    kn_obj *a[1];
    if (KN__BIND(args, "write", names, 1, a, err) < 0) return NULL;
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "write() argument must be str, not %s", kn_type_name(a[0]));
        return NULL;
    }
    kn_rt_write(((outstream *)self)->stream, kn_str_cstr(a[0]), kn_str_len(a[0]));
    return kn_int_new(((kn_strobj *)a[0])->ncp);
}

static kn_obj *os_flush(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "flush", err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *os_isatty(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "isatty", err) < 0) return NULL;
    return kn_bool_new(false);
}

static const kn__method outstream_methods[] = {
    {"flush", os_flush, "(self)", "Flush the stream."},
    {"isatty", os_isatty, "(self)", "Return False: the stream is not a terminal."},
    {"write", os_write, "(self, s)",
     "Write string s to the stream; return the number of characters written."},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *outstream_getattr(kn_obj *self, const char *name, kn_err *err) {
    if (strcmp(name, "name") == 0) return kn_str_printf("<%s>", ((outstream *)self)->stream);
    return kn__method_get(self, outstream_methods, name);
}

static int outstream_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    return kn__method_dir(outstream_methods, list);
}

static const kn_type type_outstream = {
    .name = "OutStream",
    .qualname = "ipykernel.iostream.OutStream",
    .doc = "A file like object that publishes the stream to a 0MQ PUB socket.",
    .getattr = outstream_getattr,
    .dir = outstream_dir,
};

static outstream out_stdout = {{KN__IMMORTAL, &type_outstream}, "stdout"};
static outstream out_stderr = {{KN__IMMORTAL, &type_outstream}, "stderr"};

/* The namespace of the sys module made last, not owned: the module forgets it when freed
 * (kn__sys_forget), so print() finds what the program assigned to sys.stdout. */
static kn_obj *sys_dict;

/* Where "stdout" and "stderr" sit in sys_dict at its version ver: every print() reads
 * sys.stdout, and a position stays right while no key is added or removed (dict versions
 * are unique across dicts, so a new dict never matches). */
static struct {
    int64_t ver, ix;
} stream_pos[2] = {{-1, -1}, {-1, -1}};

kn_obj *kn__sys_stream(const char *name) {
    if (!sys_dict) return NULL;
    int k = strcmp(name, "stdout") == 0 ? 0 : 1;
    int64_t ver = kn_dict_version(sys_dict);
    if (stream_pos[k].ver != ver) {
        kn_obj *key = kn_str_from_cstr(name);
        if (!key) return NULL; /* the cell's stream; the lost allocation is reported */
        stream_pos[k].ix = kn_dict_find_strobj(sys_dict, key);
        stream_pos[k].ver = ver;
        kn_decref(key);
    }
    return stream_pos[k].ix < 0 ? NULL : kn_dict_value_at(sys_dict, stream_pos[k].ix);
}

void kn__sys_forget(kn_obj *dict) {
    if (dict == sys_dict) sys_dict = NULL;
}

static kn_obj *sys_exc_info(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "exc_info", err) < 0) return NULL;
    kn_obj *e = kn_rt_handled();
    kn_obj *t = kn_tuple_new(3);
    if (!t) {
        kn_nomem(err);
        return NULL;
    }
    if (e) {
        kn_obj *cls = kn_call_simple(kn_type_object(&kn_type_type), &e, 1, err);
        if (!cls) {
            kn_decref(t);
            return NULL;
        }
        kn_tuple_set(t, 0, cls);
        kn_tuple_set(t, 1, kn_incref(e));
    } else {
        kn_tuple_set(t, 0, kn_none_new());
        kn_tuple_set(t, 1, kn_none_new());
    }
    kn_tuple_set(t, 2, kn_none_new()); /* no traceback objects: None */
    return t;
}

static void add_new(kn_obj *m, const char *name, kn_obj *v) {
    kn_module_add(m, name, v);
    kn_decref(v);
}

static kn_obj *sys_get_int_max_str_digits(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "get_int_max_str_digits", err) < 0) return NULL;
    return kn_int_new(kn__int_max_str_digits());
}

static kn_obj *sys_set_int_max_str_digits(kn_obj *self, const kn_args *args, kn_err *err) {
    static const char *names[] = {"maxdigits"};
    kn_obj *a[1];
    if (KN__BIND(args, "set_int_max_str_digits", names, 1, a, err) < 0) return NULL;
    int64_t n;
    if (kn_to_int64(a[0], &n, err) < 0) return NULL;
    if (n != 0 && (n < 640 || n > INT32_MAX)) {
        tc_error_set(err, TC_EXC_VALUE, "maxdigits must be 0 or larger than 640");
        return NULL;
    }
    kn__int_set_max_str_digits((int)n);
    return kn_none_new();
}

kn_obj *kn_mod_sys_init(kn_err *err) {
    kn_obj *m = kn_module_new("sys", "This module provides access to some objects used or "
                                     "maintained by the\ninterpreter and to functions that "
                                     "interact strongly with the interpreter.");
    kn_module_add(m, "stdout", &out_stdout.base);
    kn_module_add(m, "stderr", &out_stderr.base);
    kn_module_add(m, "__stdout__", &out_stdout.base);
    kn_module_add(m, "__stderr__", &out_stderr.base);
    kn_obj *argv = kn_list_new(1);
    kn_list_set(argv, 0, kn_str_from_cstr(""));
    add_new(m, "argv", argv);
    add_new(m, "version", kn_str_from_cstr("3.11.0 (tensorkernel)"));
    /* A named tuple as CPython's struct sequence: sys.version_info.major, slicing, compare. */
    static const char *const vi_fields[] = {"major", "minor", "micro", "releaselevel", "serial"};
    kn_obj *vi_vals[5] = {kn_int_new(3), kn_int_new(11), kn_int_new(0), kn_str_from_cstr("final"),
                          kn_int_new(0)};
    kn_obj *vi = kn__namedtuple_make("sys.version_info", "sys", vi_fields, 5, vi_vals, err);
    for (int i = 0; i < 5; i++)
        kn_decref(vi_vals[i]);
    if (!vi) {
        kn_decref(m);
        return NULL;
    }
    add_new(m, "version_info", vi);
    add_new(m, "platform", kn_str_from_cstr("linux"));
    add_new(m, "byteorder", kn_str_from_cstr("little"));
    add_new(m, "maxsize", kn_int_new(INT64_MAX));
    add_new(m, "exc_info",
            kn_cfunction_new("exc_info", sys_exc_info, NULL, "()",
                             "Return current exception information: (type, value, traceback).\n\n"
                             "Return information about the most recent exception caught by an "
                             "except\nclause in the current stack frame or in an older stack "
                             "frame."));
    sys_dict = kn_module_dict(m);
    add_new(m, "get_int_max_str_digits",
            kn_cfunction_new("get_int_max_str_digits", sys_get_int_max_str_digits, NULL, "()",
                             "Return the maximum string digits limit for non-binary int<->str "
                             "conversions."));
    add_new(m, "set_int_max_str_digits",
            kn_cfunction_new("set_int_max_str_digits", sys_set_int_max_str_digits, NULL,
                             "(maxdigits)",
                             "Set the maximum string digits limit for non-binary int<->str "
                             "conversions."));
    return m;
}
