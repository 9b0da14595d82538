/*
 * Front-end helpers of the interpreter: completion (names in scope, builtins, keywords,
 * attributes through the dir slot, keyword arguments of the call at the cursor) and
 * inspection (signature and docstring). Nothing here runs user code: dotted names are
 * resolved by name lookups and attribute reads of objects that are already bound.
 * is_complete is in is_complete.c.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/lang/interp-impl.h"
#include "kernel/lang/lexer.h"
#include "tensorcore/format.h"

/* ---- UTF-8 positions ----------------------------------------------------------------- */

/* Byte offset of code point 'codepoints' in s (clamped to the end). */
static size_t cp_to_byte(const char *s, int codepoints) {
    size_t i = 0;
    for (int cp = 0; s[i] && cp < codepoints; cp++) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

/* Number of code points in the first 'bytes' bytes of s. */
static int byte_to_cp(const char *s, size_t bytes) {
    int n = 0;
    for (size_t i = 0; i < bytes && s[i]; i++)
        if ((s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* ---- resolving names without side effects ----------------------------------------------- */

static bool ident_char(unsigned char c) {
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* Completion and inspection read attributes, which may run code (a property, a package's
 * part loading on first use): they hold the interpreter's lock, as a bridge eval does, and
 * leave the namespace lock free for the code they run. */
typedef struct entered {
    const kn_runtime_hooks *saved;
} entered;

static entered enter(kn_interp *in) {
    pthread_mutex_lock(&in->exec_lock);
    entered e = {kn_runtime_install(&in->rt)};
    in->io = NULL;
    kn_eval_begin(in->ev);
    return e;
}

static void leave(kn_interp *in, entered e) {
    kn_eval_tb_clear(in->ev);
    kn_runtime_install(e.saved);
    pthread_mutex_unlock(&in->exec_lock);
}

/* Look up a dotted name ("torch.cuda") through bound names and attribute reads. */
static kn_obj *resolve(kn_interp *in, const char *dotted, size_t n) {
    char part[256];
    size_t i = 0;
    kn_obj *cur = NULL;
    while (i <= n) {
        size_t e = i;
        while (e < n && dotted[e] != '.')
            e++;
        if (e - i == 0 || e - i >= sizeof part || !ident_char((unsigned char)dotted[i]) ||
            isdigit((unsigned char)dotted[i])) {
            kn_decref(cur);
            return NULL;
        }
        memcpy(part, dotted + i, e - i);
        part[e - i] = 0;
        kn_obj *next;
        if (!cur) {
            next = kn_eval_get_global(in->ev, part);
            if (!next) next = kn_dict_get_str(in->ev->builtins, part);
            next = kn_incref(next);
        } else {
            kn_err err;
            tc_error_init(&err);
            next = kn_getattr(cur, part, &err);
            kn_decref(cur);
        }
        if (!next) return NULL;
        cur = next;
        i = e + 1;
    }
    return cur;
}

/* Names of o's attributes: the dir slot, or a module's dict. A new list or NULL. */
static kn_obj *dir_of(kn_obj *o) {
    kn_obj *list = kn_list_new(0);
    if (!list) return NULL;
    kn_err err;
    tc_error_init(&err);
    if (o->type->dir) {
        if (o->type->dir(o, list, &err) < 0) tc_error_clear(&err);
    } else if (kn_is(o, &kn_type_module)) {
        int64_t it = 0;
        kn_obj *k, *v;
        while (kn_dict_next(kn_module_dict(o), &it, &k, &v))
            kn_list_append(list, k);
    }
    return list;
}

/* ---- completion ------------------------------------------------------------------------ */

typedef struct matches {
    json_t *arr;
    const char *prefix;
    size_t plen;
} matches;

static void add_match(matches *m, const char *name, const char *suffix) {
    if (strncmp(name, m->prefix, m->plen) != 0) return;
    if (name[0] == '_' && m->prefix[0] != '_') return;
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", name, suffix);
    size_t i;
    json_t *v;
    json_array_foreach(m->arr, i, v) if (strcmp(json_string_value(v), buf) == 0) return;
    json_array_append_new(m->arr, json_string(buf));
}

static void add_list(matches *m, kn_obj *list) {
    for (int64_t i = 0; list && i < kn_list_len(list); i++)
        if (kn_is(kn_list_items(list)[i], &kn_type_str))
            add_match(m, kn_str_cstr(kn_list_items(list)[i]), "");
}

static void add_dict_keys(matches *m, kn_obj *d) {
    int64_t it = 0;
    kn_obj *k, *v;
    while (kn_dict_next(d, &it, &k, &v))
        if (kn_is(k, &kn_type_str)) add_match(m, kn_str_cstr(k), "");
}

static int cmp_json_str(const void *a, const void *b) {
    return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

static void sort_from(json_t *arr, size_t from) {
    size_t n = json_array_size(arr);
    if (n - from < 2) return;
    json_t **v = tc_malloc((n - from) * sizeof *v);
    if (!v) return;
    for (size_t i = from; i < n; i++)
        v[i - from] = json_incref(json_array_get(arr, i));
    qsort(v, n - from, sizeof *v, cmp_json_str);
    for (size_t i = from; i < n; i++)
        json_array_set_new(arr, i, v[i - from]);
    tc_free(v);
}

/* The byte range of the callee of the innermost unclosed '(' before 'pos', or -1. */
static long enclosing_call(const char *code, size_t pos, size_t *cstart) {
    char quote = 0;
    /* forward scan so string contents do not count; stack holds '(' offsets, -1 for [ { */
    long stack[128];
    int sp = 0;
    for (size_t i = 0; i < pos; i++) {
        char c = code[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '#') {
            while (i < pos && code[i] != '\n')
                i++;
            continue;
        }
        if (c == '\'' || c == '"')
            quote = c;
        else if (c == '(' || c == '[' || c == '{') {
            if (sp < 128) stack[sp] = c == '(' ? (long)i : -1;
            sp++;
        } else if ((c == ')' || c == ']' || c == '}') && sp > 0)
            sp--;
    }
    if (quote || sp == 0 || sp > 128) return -1;
    long open = stack[sp - 1];
    if (open < 0) return -1;
    size_t e = (size_t)open;
    while (e > 0 && code[e - 1] == ' ')
        e--;
    size_t s = e;
    while (s > 0 && (ident_char((unsigned char)code[s - 1]) || code[s - 1] == '.'))
        s--;
    if (s == e) return -1;
    *cstart = s;
    return (long)e;
}

/* Parameter names of a callable: user functions' params, or a cfunction's text signature. */
static void param_names(kn_obj *fn, void (*cb)(void *, const char *), void *ctx) {
    const kn_fn *info = kn_function_info(fn);
    if (info) {
        for (int i = 0; i < info->nparams; i++)
            if ((info->params[i].kind == KN_PARAM_NORMAL && !info->params[i].posonly) ||
                info->params[i].kind == KN_PARAM_KWONLY)
                cb(ctx, info->params[i].name);
        return;
    }
    kn_err err;
    tc_error_init(&err);
    kn_obj *sig = kn_getattr(fn, "__text_signature__", &err);
    if (!sig || !kn_is(sig, &kn_type_str)) {
        kn_decref(sig);
        return;
    }
    const char *s = kn_str_cstr(sig);
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '(' || *p == '[') {
            depth++;
            continue;
        }
        if (*p == ')' || *p == ']') {
            depth--;
            continue;
        }
        if (depth != 1 || !(isalpha((unsigned char)*p) || *p == '_')) continue;
        if (p > s && (ident_char((unsigned char)p[-1]) || p[-1] == '*' || p[-1] == '.' ||
                      p[-1] == '=' || p[-1] == '\'' || p[-1] == '"'))
            continue;
        const char *e = p;
        while (ident_char((unsigned char)*e))
            e++;
        const char *after = e + strspn(e, " ");
        if (*after == ',' || *after == '=' || *after == ')' || *after == ':') {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(e - p), p);
            if (strcmp(name, "self") != 0) cb(ctx, name);
        }
        /* skip a default value */
        p = e - 1;
        if (*after == '=') {
            int d = 0;
            const char *q = after + 1;
            for (; *q; q++) {
                if (*q == '(' || *q == '[')
                    d++;
                else if ((*q == ')' || *q == ']') && d-- == 0)
                    break;
                else if (*q == ',' && d == 0)
                    break;
            }
            p = q - 1;
        }
    }
    kn_decref(sig);
}

static void add_kwarg(void *ctx, const char *name) {
    add_match(ctx, name, "=");
}

/* Is the word at 'start' the module name of "import x" / "from x"? */
static bool after_import(const char *code, size_t start) {
    size_t ls = start;
    while (ls > 0 && code[ls - 1] != '\n')
        ls--;
    const char *p = code + ls + strspn(code + ls, " \t");
    size_t kl = strncmp(p, "import", 6) == 0 ? 6 : strncmp(p, "from", 4) == 0 ? 4 : 0;
    if (!kl || (p[kl] != ' ' && p[kl] != '\t')) return false;
    const char *q = p + kl + strspn(p + kl, " \t");
    return q == code + start;
}

/* Completion at the cursor (see kernel/interp.h). */
int kn_interp_complete(kn_interp *in, const char *code, int cursor_pos, json_t **out,
                       int *cursor_start, int *cursor_end) {
    size_t pos = cp_to_byte(code, cursor_pos);
    size_t start = pos;
    while (start > 0 && (ident_char((unsigned char)code[start - 1]) || code[start - 1] == '.'))
        start--;
    const char *word = code + start;
    size_t wlen = pos - start;
    const char *dot = NULL;
    for (size_t i = 0; i < wlen; i++)
        if (word[i] == '.') dot = word + i;
    const char *partial = dot ? dot + 1 : word;
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(word + wlen - partial), partial);
    matches m = {json_array(), prefix, strlen(prefix)};
    entered en = enter(in);
    if (dot && dot > word) {
        kn_obj *base = resolve(in, word, (size_t)(dot - word));
        if (base) {
            kn_obj *names = dir_of(base);
            add_list(&m, names);
            kn_decref(names);
            kn_decref(base);
        }
        sort_from(m.arr, 0);
    } else if (!dot && after_import(code, start)) {
        static const char *const mods[] = {"math", "numpy", "sys", "time", "torch"};
        for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
            add_match(&m, mods[i], "");
    } else if (!dot && !(wlen && isdigit((unsigned char)word[0]))) {
        size_t cs;
        long ce = enclosing_call(code, start, &cs);
        if (ce >= 0) {
            kn_obj *fn = resolve(in, code + cs, (size_t)ce - cs);
            if (fn) param_names(fn, add_kwarg, &m);
            kn_decref(fn);
        }
        size_t nk = json_array_size(m.arr);
        add_dict_keys(&m, in->ev->globals);
        add_dict_keys(&m, in->ev->builtins);
        for (int i = 0; kn_keywords[i]; i++)
            add_match(&m, kn_keywords[i], "");
        sort_from(m.arr, nk);
    }
    leave(in, en);
    *out = m.arr;
    *cursor_start = byte_to_cp(code, (size_t)(partial - code));
    *cursor_end = cursor_pos;
    return 0;
}

/* The kind of a completion as ipykernel names it: "function", "class", "module", "instance". */
static const char *kind_of(kn_obj *o) {
    if (kn_is(o, &kn_type_module)) return "module";
    if (kn_is(o, &kn_type_type)) return "class";
    if (kn_is(o, &kn_type_cfunction) || kn_is(o, &kn_type_function) || kn_function_info(o))
        return "function";
    return "instance";
}

static bool is_keyword(const char *name) {
    for (int i = 0; kn_keywords[i]; i++)
        if (strcmp(kn_keywords[i], name) == 0) return true;
    return false;
}

/* metadata._jupyter_types_experimental of a complete_reply (see kernel/interp.h). */
json_t *kn_interp_complete_types(kn_interp *in, const char *code, int cursor_start,
                                 int cursor_end, const json_t *matches) {
    json_t *types = json_array();
    size_t start = cp_to_byte(code, cursor_start), base = start;
    while (base > 0 && (ident_char((unsigned char)code[base - 1]) || code[base - 1] == '.'))
        base--;
    bool dotted = start > base; /* code[base..start) is "torch." */
    bool import = !dotted && after_import(code, start);
    size_t i;
    json_t *m;
    entered en = enter(in);
    json_array_foreach(matches, i, m) {
        const char *text = json_string_value(m);
        if (!text) continue;
        size_t tl = strlen(text);
        const char *kind = "instance";
        if (import) {
            kind = "module";
        } else if (tl && text[tl - 1] == '=') {
            kind = "param";
        } else if (!dotted && is_keyword(text)) {
            kind = "keyword";
        } else {
            char full[512];
            int fl = snprintf(full, sizeof full, "%.*s%s", (int)(start - base), code + base, text);
            kn_obj *o = fl > 0 && (size_t)fl < sizeof full ? resolve(in, full, (size_t)fl) : NULL;
            if (o) kind = kind_of(o);
            kn_decref(o);
        }
        json_array_append_new(types, json_pack("{s:i, s:i, s:s, s:s, s:s}", "start", cursor_start,
                                               "end", cursor_end, "text", text, "type", kind,
                                               "signature", ""));
    }
    leave(in, en);
    return types;
}

/* ---- inspection ------------------------------------------------------------------------- */

static kn_obj *attr_str(kn_obj *o, const char *name) {
    kn_err err;
    tc_error_init(&err);
    kn_obj *v = kn_getattr(o, name, &err);
    if (v && !kn_is(v, &kn_type_str)) {
        kn_decref(v);
        return NULL;
    }
    return v;
}

/* The def statement's lines: its first line, then the lines indented deeper (blank lines
 * inside the body kept, trailing ones dropped). */
static void function_source(kn_obj *o, tc_strbuf *b) {
    int line;
    const kn_ast *ast = kn_function_source(o, &line);
    if (!ast || !ast->source) return;
    int nlines = 1;
    for (const char *c = ast->source; *c; c++)
        nlines += *c == '\n';
    char text[1024];
    size_t indent = strspn(kn_ast_line(ast, line, text, sizeof text), " \t");
    int last = line;
    for (int l = line + 1; l <= nlines; l++) {
        const char *t = kn_ast_line(ast, l, text, sizeof text);
        size_t ti = strspn(t, " \t");
        if (!t[ti]) continue;
        if (ti <= indent) break;
        last = l;
    }
    tc_strbuf_printf(b, "Source:\n");
    for (int l = line; l <= last; l++)
        tc_strbuf_printf(b, "%s\n", kn_ast_line(ast, l, text, sizeof text));
}

static void describe(kn_obj *o, const char *shown, int detail, tc_strbuf *b) {
    const kn_fn *info = kn_function_info(o);
    if (info) {
        tc_strbuf_printf(b, "Signature: %s%s\nDocstring: %s\n", shown, info->signature,
                         info->doc ? info->doc : "<no docstring>");
        if (detail > 0) function_source(o, b);
        tc_strbuf_printf(b, "Type:      function\n");
        return;
    }
    kn_obj *doc = attr_str(o, "__doc__");
    if (kn_is(o, &kn_type_cfunction)) {
        kn_obj *sig = attr_str(o, "__text_signature__");
        tc_strbuf_printf(b,
                         "Signature: %s%s\nDocstring: %s\nType:      builtin_function_or_method\n",
                         shown, sig ? kn_str_cstr(sig) : "(...)",
                         doc && *kn_str_cstr(doc) ? kn_str_cstr(doc) : "<no docstring>");
        kn_decref(sig);
    } else if (kn_is(o, &kn_type_type) || kn_is(o, &kn_type_module)) {
        tc_strbuf_printf(b, "Type:      %s\nDocstring: %s\n",
                         kn_is(o, &kn_type_type) ? "type" : "module",
                         doc ? kn_str_cstr(doc) : "<no docstring>");
    } else {
        kn_err err;
        tc_error_init(&err);
        kn_obj *r = kn_repr(o, &err);
        const char *rs = r ? kn_str_cstr(r) : "";
        size_t rl = strlen(rs);
        tc_strbuf_printf(b, "Type:        %s\nString form: %.*s%s\n", kn_type_name(o),
                         (int)(rl > 600 ? 600 : rl), rs, rl > 600 ? "..." : "");
        if (o->type->doc) tc_strbuf_printf(b, "Docstring:   %s\n", o->type->doc);
        kn_decref(r);
    }
    kn_decref(doc);
}

/* Signature and docstring of the object named at the cursor (see kernel/interp.h). */
json_t *kn_interp_inspect(kn_interp *in, const char *code, int cursor_pos, int detail_level) {
    entered en = enter(in);
    json_t *bundle = kn__interp_inspect_held(in, code, cursor_pos, detail_level);
    leave(in, en);
    return bundle;
}

json_t *kn__interp_inspect_held(kn_interp *in, const char *code, int cursor_pos,
                                int detail_level) {
    size_t pos = cp_to_byte(code, cursor_pos);
    size_t s = pos, e = pos;
    while (s > 0 && (ident_char((unsigned char)code[s - 1]) || code[s - 1] == '.'))
        s--;
    while (ident_char((unsigned char)code[e]))
        e++;
    if (s == e) {
        long ce = enclosing_call(code, pos, &s);
        if (ce < 0) return NULL;
        e = (size_t)ce;
    }
    while (s < e && code[s] == '.')
        s++;
    while (e > s && code[e - 1] == '.')
        e--;
    if (s == e) return NULL;
    kn_obj *o = resolve(in, code + s, e - s);
    json_t *bundle = NULL;
    if (o) {
        char shown[256];
        snprintf(shown, sizeof shown, "%.*s", (int)(e - s), code + s);
        tc_strbuf b = {0};
        describe(o, shown, detail_level, &b);
        bundle = json_pack("{s:s}", "text/plain", b.data ? b.data : "");
        tc_strbuf_free(&b);
        kn_decref(o);
    }
    return bundle;
}
