/*
 * Unit tests for str, list, tuple, dict, range, set, bytes and complex: methods, slicing
 * (including slice assignment), dict insertion order across deletions and growth, set slot
 * order, views, argument binding errors, the format mini-language and the builtins called as
 * a user calls them.
 */
#include <math.h>

#include "check.h"

static kn_obj *builtins;

/* Call builtin 'name' with n positional args (stolen). */
static kn_obj *call_bi(const char *name, kn_err *err, int n, ...) {
    kn_obj *pos[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        pos[i] = va_arg(ap, kn_obj *);
    va_end(ap);
    kn_obj *r = kn_call_simple(kn_dict_get_str(builtins, name), pos, n, err);
    for (int i = 0; i < n; i++)
        kn_decref(pos[i]);
    return r;
}

/* Call self.name(*args) with n positional args (stolen); consumes self. */
static kn_obj *callm(kn_obj *self, const char *name, kn_err *err, int n, ...) {
    kn_obj *pos[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        pos[i] = va_arg(ap, kn_obj *);
    va_end(ap);
    kn_obj *r = meth(self, name, n, pos, err);
    for (int i = 0; i < n; i++)
        kn_decref(pos[i]);
    kn_decref(self);
    return r;
}

static void test_str(void) {
    CHECK_REPR(S("it's"), "\"it's\"");
    CHECK_REPR(S("say \"hi\""), "'say \"hi\"'");
    CHECK_REPR(S("both ' and \""), "'both \\' and \"'");
    CHECK_REPR(S("tab\there\n\x01\x7f"), "'tab\\there\\n\\x01\\x7f'");
    CHECK_REPR(S("caf\xc3\xa9 \xe2\x80\xa8"), "'caf\xc3\xa9 \\u2028'");
    CHECK_REPR(bin(KN_BINOP_MUL, S("ab"), I(3), err), "'ababab'");
    CHECK_REPR(bin(KN_BINOP_MUL, I(2), S("ab"), err), "'abab'");
    CHECK_ERR_PTR(bin(KN_BINOP_ADD, S("a"), I(1), err), TC_EXC_TYPE,
                  "can only concatenate str (not \"int\") to str");
    CHECK_ERR_PTR(bin(KN_BINOP_MUL, S("a"), F(2.0), err), TC_EXC_TYPE,
                  "can't multiply sequence by non-int of type 'float'");
    kn_obj *s = S("h\xc3\xa9llo");
    kn_err e = {0};
    CHECK(kn_len(s, &e) == 5);
    kn_obj *one = I(1), *m1 = I(-1), *none = kn_none();
    CHECK_REPR(kn_getitem(s, one, err), "'\xc3\xa9'");
    kn_obj *rev = kn_slice_new(none, none, m1);
    CHECK_REPR(kn_getitem(s, rev, err), "'oll\xc3\xa9h'");
    kn_decref(rev), kn_decref(one), kn_decref(m1), kn_decref(s);
    CHECK_ERR_PTR(kn_getitem(s = S("abc"), none, err), TC_EXC_TYPE,
                  "string indices must be integers, not 'NoneType'");
    kn_decref(s);
    CHECK_REPR(callm(S("Hello, World"), "upper", err, 0), "'HELLO, WORLD'");
    CHECK_REPR(callm(S("Hello, World"), "split", err, 1, S(", ")), "['Hello', 'World']");
    CHECK_REPR(callm(S("  a b  c "), "split", err, 0), "['a', 'b', 'c']");
    CHECK_REPR(callm(S(" a b c "), "split", err, 2, kn_none_new(), I(1)), "['a', 'b c ']");
    CHECK_REPR(callm(S("a,b,,c"), "split", err, 1, S(",")), "['a', 'b', '', 'c']");
    CHECK_REPR(callm(S("a,b,c"), "rsplit", err, 2, S(","), I(1)), "['a,b', 'c']");
    CHECK_ERR_PTR(callm(S("abc"), "split", err, 1, S("")), TC_EXC_VALUE, "empty separator");
    CHECK_REPR(callm(S(","), "join", err, 1, L(2, S("a"), S("b"))), "'a,b'");
    CHECK_ERR_PTR(callm(S(","), "join", err, 1, L(2, S("a"), I(1))), TC_EXC_TYPE,
                  "sequence item 1: expected str instance, int found");
    CHECK_REPR(callm(S("xxhixx"), "strip", err, 1, S("x")), "'hi'");
    CHECK_REPR(callm(S(" \t hi \n"), "strip", err, 0), "'hi'");
    CHECK_REPR(callm(S("hello"), "replace", err, 3, S("l"), S("L"), I(1)), "'heLlo'");
    CHECK_REPR(callm(S("abc"), "replace", err, 2, S(""), S("-")), "'-a-b-c-'");
    CHECK_REPR(callm(S("hello"), "find", err, 1, S("l")), "2");
    CHECK_REPR(callm(S("hello"), "rfind", err, 1, S("l")), "3");
    CHECK_REPR(callm(S("hello"), "find", err, 2, S("l"), I(-2)), "3");
    CHECK_REPR(callm(S("hello"), "count", err, 1, S("l")), "2");
    CHECK_ERR_PTR(callm(S("abc"), "index", err, 1, S("z")), TC_EXC_VALUE, "substring not found");
    CHECK_REPR(callm(S("Hello"), "startswith", err, 1, S("He")), "True");
    CHECK_REPR(callm(S("Hello"), "endswith", err, 1, T(2, S("x"), S("lo"))), "True");
    CHECK_ERR_PTR(callm(S("abc"), "startswith", err, 1, I(1)), TC_EXC_TYPE,
                  "startswith first arg must be str or a tuple of str, not int");
    CHECK_REPR(callm(S("hello world"), "title", err, 0), "'Hello World'");
    CHECK_REPR(callm(S("12"), "isdigit", err, 0), "True");
    CHECK_REPR(callm(S(""), "isdigit", err, 0), "False");
    CHECK_REPR(callm(S("abc"), "center", err, 2, I(9), S("*")), "'***abc***'");
    CHECK_REPR(callm(S("x"), "center", err, 1, I(4)), "' x  '");
    CHECK_REPR(callm(S("-42"), "zfill", err, 1, I(5)), "'-0042'");
    CHECK_REPR(callm(S("aXbXc"), "partition", err, 1, S("X")), "('a', 'X', 'bXc')");
    CHECK_REPR(callm(S("a\nb\r\nc"), "splitlines", err, 0), "['a', 'b', 'c']");
    CHECK_ERR_PTR(callm(S("abc"), "nope", err, 0), TC_EXC_ATTRIBUTE,
                  "'str' object has no attribute 'nope'");
    kn_obj *bound = kn_getattr(s = S("x"), "upper", NULL);
    kn_obj *br = kn_repr(bound, NULL);
    CHECK(strncmp(kn_str_cstr(br), "<built-in method upper of str object at 0x", 42) == 0);
    kn_decref(br), kn_decref(bound), kn_decref(s);
    CHECK_REPR(kn_incref(kn_dict_get_str(builtins, "print")), "<built-in function print>");
}

static void test_str_format(void) {
    kn_obj *pos[2] = {I(1), S("ab")};
    kn_args a = {.pos = pos, .npos = 2};
    kn_err err = {0};
    kn_obj *t = S("{0} {1!r:>6}|{0:03d}");
    kn_obj *f = kn_getattr(t, "format", &err);
    CHECK_REPR(kn_call(f, &a, err), "\"1   'ab'|001\"");
    kn_decref(f), kn_decref(t);
    t = S("{} {}");
    a.npos = 1;
    CHECK_ERR_PTR(meth(t, "format", 1, pos, err), TC_EXC_INDEX,
                  "Replacement index 1 out of range for positional args tuple");
    kn_decref(t);
    t = S("%s=%5.2f|%-4d|%x%%");
    kn_obj *args = T(4, S("pi"), F(3.14159), I(7), I(255));
    CHECK_REPR(kn_binary(KN_BINOP_MOD, t, args, err), "'pi= 3.14|7   |ff%'");
    kn_decref(args);
    args = T(1, I(1));
    kn_decref(t);
    t = S("%d %d");
    CHECK_ERR_PTR(kn_binary(KN_BINOP_MOD, t, args, err), TC_EXC_TYPE,
                  "not enough arguments for format string");
    kn_decref(t), kn_decref(args);
    kn_decref(pos[0]), kn_decref(pos[1]);
}

static void check_fmt(kn_obj *v, const char *spec, const char *want) {
    kn_err err = {0};
    kn_obj *r = kn_format_value(v, spec, &err);
    check_count++;
    if (!r || strcmp(kn_str_cstr(r), want) != 0) {
        check_failures++;
        fprintf(stderr, "format(.., '%s') = %s, want '%s'\n", spec, r ? kn_str_cstr(r) : err.msg,
                want);
    }
    kn_decref(r);
    kn_decref(v);
}

static void test_format_spec(void) {
    check_fmt(F(1234.5678), ",.2f", "1,234.57");
    check_fmt(I(255), "#x", "0xff");
    check_fmt(F(0.25), "%", "25.000000%");
    check_fmt(S("ab"), "^6", "  ab  ");
    check_fmt(I(3), "08b", "00000011");
    check_fmt(F(-1.5), "+.3e", "-1.500e+00");
    check_fmt(F(1e100), "g", "1e+100");
    check_fmt(F(12345.678), "10.3f", " 12345.678");
    check_fmt(F(1.0), ".3", "1.0");
    check_fmt(F(100.0), ".3", "1e+02");
    check_fmt(F(1.5), ".1", "2e+00");
    check_fmt(I(1234), "09,", "0,001,234");
    check_fmt(F(1234.5), "010,.1f", "0,001,234.5");
    check_fmt(I(-1234), "=+10", "-     1234");
    check_fmt(I(255), "#010x", "0x000000ff");
    check_fmt(I(12345678), "_x", "bc_614e");
    check_fmt(F(-0.0), "z.1f", "0.0");
    check_fmt(F(2.5), ".0f", "2");
    check_fmt(F(1.0), "#g", "1.00000");
    check_fmt(I(12), "*^9", "***12****");
    check_fmt(S("abc"), ".2", "ab");
    check_fmt(S("abc"), "05", "abc00");
    check_fmt(I(-5), "05", "-0005");
    check_fmt(F(-1.5), "010", "-0000001.5");
    check_fmt(F(1e16), "", "1e+16");
    check_fmt(kn_bool_new(true), "", "True");
    check_fmt(kn_bool_new(true), ">5", "    1");
    check_fmt(I(65), "c", "A");
    check_fmt(F(INFINITY), "+010", "+000000inf");
    check_fmt(F(0.1), ".17", "0.10000000000000001");
    CHECK_ERR_PTR(kn_format_value(kn_none(), "5", err), TC_EXC_TYPE,
                  "unsupported format string passed to NoneType.__format__");
    kn_obj *v = F(1.5), *i = I(1), *s = S("a");
    CHECK_ERR_PTR(kn_format_value(v, "d", err), TC_EXC_VALUE,
                  "Unknown format code 'd' for object of type 'float'");
    CHECK_ERR_PTR(kn_format_value(i, ".2d", err), TC_EXC_VALUE,
                  "Precision not allowed in integer format specifier");
    CHECK_ERR_PTR(kn_format_value(i, "5.5.5", err), TC_EXC_VALUE,
                  "Invalid format specifier '5.5.5' for object of type 'int'");
    CHECK_ERR_PTR(kn_format_value(s, "=5", err), TC_EXC_VALUE,
                  "'=' alignment not allowed in string format specifier");
    CHECK_ERR_PTR(kn_format_value(s, "+", err), TC_EXC_VALUE,
                  "Sign not allowed in string format specifier");
    CHECK_ERR_PTR(kn_format_value(i, ",x", err), TC_EXC_VALUE, "Cannot specify ',' with 'x'.");
    kn_decref(v), kn_decref(i), kn_decref(s);
}

static void test_list(void) {
    kn_err err = {0};
    kn_obj *l = L(3, I(3), I(1), I(2));
    kn_decref(callm(kn_incref(l), "append", &err, 1, I(5)));
    kn_decref(callm(kn_incref(l), "extend", &err, 1, T(2, I(7), I(0))));
    kn_decref(callm(kn_incref(l), "insert", &err, 2, I(0), I(9)));
    CHECK_REPR(kn_incref(l), "[9, 3, 1, 2, 5, 7, 0]");
    CHECK_REPR(callm(kn_incref(l), "pop", err, 0), "0");
    CHECK_REPR(callm(kn_incref(l), "pop", err, 1, I(0)), "9");
    CHECK_REPR(callm(kn_incref(l), "index", err, 1, I(2)), "2");
    CHECK_REPR(callm(kn_incref(l), "count", err, 1, I(1)), "1");
    kn_decref(callm(kn_incref(l), "sort", &err, 0));
    CHECK_REPR(kn_incref(l), "[1, 2, 3, 5, 7]");
    kn_obj *rev = kn_bool_new(true);
    const char *kw[] = {"reverse"};
    kn_args a = {.kwnames = kw, .kwvals = &rev, .nkw = 1};
    kn_obj *sort = kn_getattr(l, "sort", &err);
    kn_decref(kn_call(sort, &a, &err));
    kn_decref(sort);
    kn_decref(rev);
    CHECK_REPR(kn_incref(l), "[7, 5, 3, 2, 1]");
    kn_decref(callm(kn_incref(l), "remove", &err, 1, I(3)));
    kn_decref(callm(kn_incref(l), "reverse", &err, 0));
    CHECK_REPR(kn_incref(l), "[1, 2, 5, 7]");
    CHECK_ERR_PTR(callm(kn_incref(l), "index", err, 1, S("a")), TC_EXC_VALUE, "'a' is not in list");
    CHECK_ERR_PTR(callm(kn_incref(l), "remove", err, 1, I(42)), TC_EXC_VALUE,
                  "list.remove(x): x not in list");
    CHECK_ERR_PTR(callm(L(0), "pop", err, 0), TC_EXC_INDEX, "pop from empty list");
    kn_obj *nine = I(9);
    CHECK_ERR_PTR(kn_getitem(l, nine, err), TC_EXC_INDEX, "list index out of range");
    CHECK_ERR_INT(kn_setitem(l, nine, nine, err), TC_EXC_INDEX,
                  "list assignment index out of range");
    kn_decref(nine);
    /* slice assignment and deletion */
    kn_obj *one = I(1), *three = I(3), *two = I(2);
    kn_obj *sl = kn_slice_new(one, three, NULL);
    kn_obj *repl = L(3, S("a"), S("b"), S("c"));
    CHECK(kn_setitem(l, sl, repl, &err) == 0);
    CHECK_REPR(kn_incref(l), "[1, 'a', 'b', 'c', 7]");
    kn_decref(sl), kn_decref(repl);
    sl = kn_slice_new(NULL, NULL, two);
    CHECK(kn_delitem(l, sl, &err) == 0);
    CHECK_REPR(kn_incref(l), "['a', 'c']");
    repl = L(2, I(0), I(0));
    CHECK_ERR_INT(kn_setitem(l, sl, repl, err), TC_EXC_VALUE,
                  "attempt to assign sequence of size 2 to extended slice of size 1");
    kn_decref(sl), kn_decref(repl), kn_decref(one), kn_decref(three), kn_decref(two);
    /* self-reference, comparison, concatenation */
    kn_list_append(l, l);
    CHECK_REPR(kn_incref(l), "['a', 'c', [...]]");
    kn_list_set(l, 2, kn_none_new());
    kn_decref(l);
    CHECK_REPR(bin(KN_BINOP_ADD, L(1, I(1)), L(1, I(2)), err), "[1, 2]");
    CHECK_ERR_PTR(bin(KN_BINOP_ADD, L(1, I(1)), T(1, I(2)), err), TC_EXC_TYPE,
                  "can only concatenate list (not \"tuple\") to list");
    CHECK_REPR(bin(KN_BINOP_MUL, T(1, I(1)), I(3), err), "(1, 1, 1)");
    CHECK_REPR(kn_compare(KN_CMP_LT, l = L(2, I(1), I(2)), rev = L(3, I(1), I(2), I(0)), err),
               "True");
    kn_decref(l), kn_decref(rev);
    CHECK_REPR(T(1, I(1)), "(1,)");
    CHECK_REPR(kn_tuple_new(0), "()");
    CHECK_ERR_PTR(callm(T(1, I(1)), "index", err, 1, I(2)), TC_EXC_VALUE,
                  "tuple.index(x): x not in tuple");
}

static void test_dict(void) {
    kn_err err = {0};
    kn_obj *d = kn_dict_new();
    for (int i = 0; i < 100; i++) {
        kn_obj *k = I(i), *v = I(i * i);
        kn_dict_set(d, k, v, &err);
        kn_decref(k), kn_decref(v);
    }
    for (int i = 0; i < 100; i += 2) {
        kn_obj *k = I(i);
        CHECK(kn_dict_del(d, k, &err) == 0);
        kn_decref(k);
    }
    kn_obj *k0 = I(0), *z = S("zero");
    kn_dict_set(d, k0, z, &err);
    CHECK(kn_dict_len(d) == 51);
    int64_t it = 0, prev = -1;
    kn_obj *k, *v;
    bool ordered = true;
    int n = 0;
    while (kn_dict_next(d, &it, &k, &v)) {
        if (n++ < 50) {
            ordered = ordered && kn_int_value(k) > prev && kn_int_value(k) % 2 == 1;
            prev = kn_int_value(k);
        } else {
            ordered = ordered && kn_int_value(k) == 0;
        }
    }
    CHECK(ordered && n == 51);
    CHECK(kn_dict_get(d, z, &err) == NULL && !tc_error_is_set(&err));
    CHECK_ERR_INT(kn_dict_del(d, z, err), TC_EXC_KEY, "'zero'");
    kn_obj *f1 = F(1.0);
    CHECK(kn_dict_get(d, f1, &err) != NULL); /* 1.0 == 1 finds key 1 */
    kn_decref(f1), kn_decref(k0), kn_decref(z), kn_decref(d);

    d = kn_dict_new();
    kn_dict_set_str(d, "a", k0 = I(1));
    kn_decref(k0);
    kn_dict_set_str(d, "b", k0 = I(2));
    kn_decref(k0);
    CHECK_REPR(kn_incref(d), "{'a': 1, 'b': 2}");
    CHECK_REPR(callm(kn_incref(d), "keys", err, 0), "dict_keys(['a', 'b'])");
    CHECK_REPR(callm(kn_incref(d), "values", err, 0), "dict_values([1, 2])");
    CHECK_REPR(callm(kn_incref(d), "items", err, 0), "dict_items([('a', 1), ('b', 2)])");
    CHECK_REPR(callm(kn_incref(d), "get", err, 1, S("z")), "None");
    CHECK_REPR(callm(kn_incref(d), "get", err, 2, S("z"), I(0)), "0");
    CHECK_REPR(callm(kn_incref(d), "pop", err, 1, S("a")), "1");
    CHECK_ERR_PTR(callm(kn_incref(d), "pop", err, 1, S("a")), TC_EXC_KEY, "'a'");
    CHECK_REPR(callm(kn_incref(d), "setdefault", err, 2, S("q"), L(0)), "[]");
    CHECK_REPR(kn_incref(d), "{'b': 2, 'q': []}");
    kn_obj *lk = L(0);
    CHECK_ERR_INT(kn_dict_set(d, lk, lk, err), TC_EXC_TYPE, "unhashable type: 'list'");
    kn_decref(lk);
    kn_obj *keys = kn_getattr(d, "keys", &err);
    kn_obj *view = kn_call_simple(keys, NULL, 0, &err);
    kn_obj *q = S("q");
    CHECK(kn_contains(view, q, &err) == 1);
    CHECK(kn_contains(d, q, &err) == 1);
    kn_decref(q), kn_decref(view), kn_decref(keys);
    /* mutation during iteration */
    kn_obj *iter = kn_iter(d, &err);
    kn_decref(kn_next(iter, &err));
    kn_dict_set_str(d, "new", kn_none());
    CHECK_ERR_PTR(kn_next(iter, err), TC_EXC_RUNTIME, "dictionary changed size during iteration");
    kn_decref(iter), kn_decref(d);
}

static void test_args_bind(void) {
    static const char *names[] = {"a", "b", "c"};
    kn_obj *out[3];
    kn_obj *one = I(1);
    kn_obj *pos[4] = {one, one, one, one};
    kn_args a = {.pos = pos, .npos = 0};
    CHECK_ERR_INT(kn_args_bind(&a, "f", names, 3, 2, out, err), TC_EXC_TYPE,
                  "f() missing 2 required positional arguments: 'a' and 'b'");
    CHECK_ERR_INT(kn_args_bind(&a, "f", names, 3, 3, out, err), TC_EXC_TYPE,
                  "f() missing 3 required positional arguments: 'a', 'b', and 'c'");
    a.npos = 1;
    CHECK_ERR_INT(kn_args_bind(&a, "f", names, 3, 2, out, err), TC_EXC_TYPE,
                  "f() missing 1 required positional argument: 'b'");
    a.npos = 4;
    CHECK_ERR_INT(kn_args_bind(&a, "f", names, 3, 3, out, err), TC_EXC_TYPE,
                  "f() takes 3 positional arguments but 4 were given");
    CHECK_ERR_INT(kn_args_bind(&a, "f", names, 3, 1, out, err), TC_EXC_TYPE,
                  "f() takes from 1 to 3 positional arguments but 4 were given");
    const char *kw[] = {"d"};
    kn_args b = {.pos = pos, .npos = 1, .kwnames = kw, .kwvals = pos, .nkw = 1};
    CHECK_ERR_INT(kn_args_bind(&b, "f", names, 3, 1, out, err), TC_EXC_TYPE,
                  "f() got an unexpected keyword argument 'd'");
    kw[0] = "a";
    CHECK_ERR_INT(kn_args_bind(&b, "f", names, 3, 1, out, err), TC_EXC_TYPE,
                  "f() got multiple values for argument 'a'");
    kw[0] = "c";
    kn_err err = {0};
    CHECK(kn_args_bind(&b, "f", names, 3, 1, out, &err) == 0 && out[0] == one && !out[1] &&
          out[2] == one);
    kn_decref(one);
}

static void test_builtins(void) {
    CHECK_REPR(call_bi("len", err, 1, S("h\xc3\xa9")), "2");
    CHECK_REPR(call_bi("abs", err, 1, I(-3)), "3");
    CHECK_REPR(call_bi("min", err, 3, I(3), I(1), I(2)), "1");
    CHECK_REPR(call_bi("max", err, 1, L(3, I(1), I(5), I(3))), "5");
    CHECK_ERR_PTR(call_bi("max", err, 1, L(0)), TC_EXC_VALUE, "max() arg is an empty sequence");
    CHECK_REPR(call_bi("sum", err, 1, L(3, I(1), I(2), I(3))), "6");
    CHECK_REPR(call_bi("sum", err, 1,
                       L(10, F(.1), F(.1), F(.1), F(.1), F(.1), F(.1), F(.1), F(.1), F(.1), F(.1))),
               "0.9999999999999999");
    CHECK_REPR(call_bi("round", err, 1, F(2.5)), "2");
    CHECK_REPR(call_bi("round", err, 1, F(3.5)), "4");
    CHECK_REPR(call_bi("round", err, 2, F(0.125), I(2)), "0.12");
    CHECK_REPR(call_bi("round", err, 2, F(2.675), I(2)), "2.67");
    CHECK_REPR(call_bi("round", err, 2, F(1234.5678), I(-2)), "1200.0");
    CHECK_REPR(call_bi("round", err, 2, I(15), I(-1)), "20");
    CHECK_REPR(call_bi("round", err, 2, I(25), I(-1)), "20");
    CHECK_REPR(call_bi("sorted", err, 1, L(3, I(3), I(1), I(2))), "[1, 2, 3]");
    CHECK_REPR(call_bi("list", err, 1, call_bi("reversed", err, 1, L(3, I(1), I(2), I(3)))),
               "[3, 2, 1]");
    CHECK_REPR(call_bi("list", err, 1, call_bi("zip", err, 2, L(2, I(1), I(2)), S("ab"))),
               "[(1, 'a'), (2, 'b')]");
    CHECK_REPR(call_bi("list", err, 1, call_bi("enumerate", err, 2, S("ab"), I(1))),
               "[(1, 'a'), (2, 'b')]");
    CHECK_REPR(call_bi("hex", err, 1, I(-255)), "'-0xff'");
    CHECK_REPR(call_bi("bin", err, 1, I(5)), "'0b101'");
    CHECK_REPR(call_bi("ord", err, 1, S("\xc3\xa9")), "233");
    CHECK_REPR(call_bi("chr", err, 1, I(233)), "'\xc3\xa9'");
    CHECK_REPR(call_bi("divmod", err, 2, I(-7), I(2)), "(-4, 1)");
    CHECK_REPR(call_bi("divmod", err, 2, F(7.5), I(2)), "(3.0, 1.5)");
    CHECK_ERR_PTR(call_bi("divmod", err, 2, F(1), F(0)), TC_EXC_ZERO_DIVISION, "float divmod()");
    CHECK_REPR(call_bi("pow", err, 3, I(3), I(-1), I(7)), "5");
    CHECK_REPR(call_bi("pow", err, 3, I(2), I(10), I(1000)), "24");
    CHECK_REPR(
        call_bi("isinstance", err, 2, kn_bool_new(true), kn_incref(kn_type_object(&kn_type_int))),
        "True");
    CHECK_REPR(call_bi("isinstance", err, 2, F(1),
                       T(2, kn_incref(kn_type_object(&kn_type_int)),
                         kn_incref(kn_type_object(&kn_type_str)))),
               "False");
    CHECK_ERR_PTR(call_bi("isinstance", err, 2, I(1), I(1)), TC_EXC_TYPE,
                  "isinstance() arg 2 must be a type, a tuple of types, or a union");
    CHECK_REPR(call_bi("getattr", err, 3, I(1), S("nope"), S("dflt")), "'dflt'");
    CHECK_REPR(call_bi("hasattr", err, 2, S("x"), S("upper")), "True");
    CHECK_REPR(call_bi("callable", err, 1, I(1)), "False");
    CHECK_REPR(call_bi("any", err, 1, L(2, I(0), I(1))), "True");
    CHECK_REPR(call_bi("all", err, 1, L(0)), "True");
    CHECK_REPR(call_bi("list", err, 1, call_bi("range", err, 3, I(10), I(0), I(-3))),
               "[10, 7, 4, 1]");
    CHECK_REPR(call_bi("range", err, 3, I(0), I(10), I(2)), "range(0, 10, 2)");
    CHECK_ERR_PTR(call_bi("range", err, 3, I(1), I(2), I(0)), TC_EXC_VALUE,
                  "range() arg 3 must not be zero");
    CHECK_REPR(call_bi("dir", err, 1, L(0)),
               "['append', 'clear', 'copy', 'count', 'extend', 'index', 'insert', 'pop', "
               "'remove', 'reverse', 'sort']");
    CHECK_ERR_PTR(call_bi("next", err, 1, call_bi("iter", err, 1, L(0))), TC_EXC_STOP_ITERATION,
                  "");
    CHECK_ERR_PTR(call_bi("len", err, 0), TC_EXC_TYPE, "len() takes exactly one argument (0 given)");
    kn_obj *ve = kn_dict_get_str(builtins, "ValueError");
    kn_obj *msg = S("m");
    CHECK_REPR(kn_call_simple(ve, &msg, 1, NULL), "ValueError('m')");
    kn_decref(msg);
}

static void test_math(void) {
    kn_err err = {0};
    kn_obj *m = kn_mod_math_init(&err);
    kn_obj *sqrt_ = kn_getattr(m, "sqrt", &err), *fact = kn_getattr(m, "factorial", &err);
    kn_obj *two = I(2), *neg = I(-1), *twenty = I(20), *big = I(21);
    CHECK_REPR(kn_call_simple(sqrt_, &two, 1, err), "1.4142135623730951");
    CHECK_ERR_PTR(kn_call_simple(sqrt_, &neg, 1, err), TC_EXC_VALUE, "math domain error");
    CHECK_REPR(kn_call_simple(fact, &twenty, 1, err), "2432902008176640000");
    CHECK_REPR(kn_call_simple(fact, &big, 1, err), "51090942171709440000");
    CHECK_ERR_PTR(kn_call_simple(fact, &neg, 1, err), TC_EXC_VALUE,
                  "factorial() not defined for negative values");
    CHECK_REPR(kn_getattr(m, "pi", err), "3.141592653589793");
    CHECK_REPR(kn_incref(sqrt_), "<built-in function sqrt>");
    kn_decref(two), kn_decref(neg), kn_decref(twenty), kn_decref(big);
    kn_decref(sqrt_), kn_decref(fact), kn_decref(m);
}

/* The set C API keeps CPython's slot order; bytes and complex reprs are CPython's. */
static void test_set_bytes_complex(void) {
    kn_err err = {0};
    kn_obj *s = kn_set_new();
    int64_t keys[] = {3, 1, 2, 10, -1, -2, 7};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        kn_obj *k = I(keys[i]);
        CHECK(kn_set_add(s, k, &err) == 0);
        CHECK(kn_set_add(s, k, &err) == 0); /* again: no change */
        kn_decref(k);
    }
    CHECK(kn_set_len(s) == 7);
    /* CPython's order for 3, 1, 2, 10, -1, -2, 7 added one by one */
    CHECK_REPR(kn_incref(s), "{1, 2, 3, 7, 10, -2, -1}");
    kn_obj *l = L(2, I(100), I(1));
    CHECK(kn_set_update(s, l, &err) == 0 && kn_set_len(s) == 8);
    kn_decref(l);
    kn_obj *f1 = F(1.0), *hundred = I(100), *nine = I(9);
    CHECK(kn_contains(s, f1, &err) == 1 && kn_contains(s, hundred, &err) == 1);
    CHECK(kn_contains(s, nine, &err) == 0);
    kn_decref(f1), kn_decref(hundred), kn_decref(nine);
    kn_obj *lk = L(0);
    CHECK_ERR_INT(kn_set_add(s, lk, err), TC_EXC_TYPE, "unhashable type: 'list'");
    kn_decref(lk);
    CHECK_ERR_INT(kn_hash(s, &(int64_t){0}, err), TC_EXC_TYPE, "unhashable type: 'set'");
    kn_obj *t = T(3, I(1), I(2), I(3));
    kn_obj *fs = kn_frozenset_new(t, &err);
    int64_t h = 0;
    CHECK(fs && kn_hash(fs, &h, &err) == 0 && h == -272375401224217160LL); /* CPython's */
    CHECK_REPR(kn_incref(fs), "frozenset({1, 2, 3})");
    CHECK_REPR(bin(KN_BINOP_AND, kn_incref(s), kn_incref(fs), err), "{1, 2, 3}");
    kn_obj *it = kn_iter(s, &err);
    kn_decref(kn_next(it, &err));
    kn_obj *k = I(55);
    kn_set_add(s, k, &err);
    kn_decref(k);
    CHECK_ERR_PTR(kn_next(it, err), TC_EXC_RUNTIME, "Set changed size during iteration");
    kn_decref(it), kn_decref(t), kn_decref(fs), kn_decref(s);

    CHECK_REPR(kn_bytes_new("\0a\\'\xff\n", 6), "b\"\\x00a\\\\'\\xff\\n\"");
    kn_obj *b = kn_bytes_new("abc", 3);
    CHECK(kn_bytes_len(b) == 3 && strcmp(kn_bytes_data(b), "abc") == 0);
    CHECK_REPR(kn_getitem(b, k = I(-1), err), "99");
    kn_decref(k), kn_decref(b);
    CHECK_REPR(kn_complex_new(0.0, 1.0), "1j");
    CHECK_REPR(kn_complex_new(-0.0, -1.0), "(-0-1j)");
    CHECK_REPR(kn_complex_new(NAN, INFINITY), "(nan+infj)");
    CHECK_REPR(kn_complex_new(1.5, -2e16), "(1.5-2e+16j)");
    CHECK_ERR_PTR(bin(KN_BINOP_TRUEDIV, kn_complex_new(1, 1), kn_complex_new(0, 0), err),
                  TC_EXC_ZERO_DIVISION, "complex division by zero");
}

int main(void) {
    builtins = kn_builtins_new(NULL);
    test_str();
    test_str_format();
    test_format_spec();
    test_list();
    test_dict();
    test_args_bind();
    test_builtins();
    test_math();
    test_set_bytes_complex();
    kn_decref(builtins);
    return check_report("test-containers");
}
