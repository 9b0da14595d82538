/*
 * Unit tests for the scalar builtin types: repr/str of every type, int and float
 * arithmetic with Python's floor semantics, overflow, ZeroDivisionError texts, float repr
 * (shortest round trip), hashing, comparisons, conversions and the generic TypeErrors.
 */
#include <math.h>

#include "check.h"

static void test_singletons(void) {
    CHECK_REPR(kn_none_new(), "None");
    CHECK_REPR(kn_bool_new(true), "True");
    CHECK_REPR(kn_bool_new(false), "False");
    CHECK_REPR(kn_incref(kn_notimpl()), "NotImplemented");
    CHECK_REPR(kn_incref(kn_ellipsis()), "Ellipsis");
    kn_err err = {0};
    CHECK(kn_truth(kn_none(), &err) == 0);
    CHECK(kn_truth(kn_true(), &err) == 1);
}

static void test_float_repr(void) {
    struct {
        double v;
        const char *want;
    } cases[] = {
        {0.1, "0.1"},
        {1e-05, "1e-05"},
        {1e16, "1e+16"},
        {1e15, "1000000000000000.0"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
        {NAN, "nan"},
        {-0.0, "-0.0"},
        {7.5, "7.5"},
        {1.0, "1.0"},
        {1.0 / 3, "0.3333333333333333"},
        {1e-7, "1e-07"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {0.0001, "0.0001"},
        {0.30000000000000004, "0.30000000000000004"},
        {100.0, "100.0"},
        {1e22, "1e+22"},
        {-1e-300, "-1e-300"},
        {9007199254740992.0, "9007199254740992.0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_REPR(F(cases[i].v), cases[i].want);
}

static void test_int_arith(void) {
    CHECK_REPR(bin(KN_BINOP_FLOORDIV, I(7), I(2), err), "3");
    CHECK_REPR(bin(KN_BINOP_FLOORDIV, I(-7), I(2), err), "-4");
    CHECK_REPR(bin(KN_BINOP_MOD, I(7), I(-2), err), "-1");
    CHECK_REPR(bin(KN_BINOP_MOD, I(-7), I(2), err), "1");
    CHECK_REPR(bin(KN_BINOP_POW, I(2), I(10), err), "1024");
    CHECK_REPR(bin(KN_BINOP_POW, I(2), I(-1), err), "0.5");
    CHECK_REPR(bin(KN_BINOP_TRUEDIV, I(3), I(2), err), "1.5");
    CHECK_REPR(bin(KN_BINOP_TRUEDIV, I(4), I(2), err), "2.0");
    CHECK_REPR(bin(KN_BINOP_ADD, kn_bool_new(true), kn_bool_new(true), err), "2");
    CHECK_REPR(bin(KN_BINOP_AND, kn_bool_new(true), kn_bool_new(false), err), "False");
    CHECK_REPR(bin(KN_BINOP_OR, kn_bool_new(true), I(2), err), "3");
    CHECK_REPR(bin(KN_BINOP_LSHIFT, I(1), I(10), err), "1024");
    CHECK_REPR(bin(KN_BINOP_RSHIFT, I(-9), I(1), err), "-5");
    CHECK_REPR(bin(KN_BINOP_XOR, I(6), I(3), err), "5");
    kn_obj *t = kn_bool_new(true);
    CHECK_REPR(kn_unary(KN_UNOP_NEG, t, err), "-1");
    CHECK_REPR(kn_unary(KN_UNOP_INVERT, t, err), "-2");
    kn_decref(t);
}

static void test_int_errors(void) {
    CHECK_ERR_PTR(bin(KN_BINOP_TRUEDIV, I(1), I(0), err), TC_EXC_ZERO_DIVISION, "division by zero");
    CHECK_ERR_PTR(bin(KN_BINOP_FLOORDIV, I(1), I(0), err), TC_EXC_ZERO_DIVISION,
                  "integer division or modulo by zero");
    CHECK_ERR_PTR(bin(KN_BINOP_MOD, I(1), I(0), err), TC_EXC_ZERO_DIVISION,
                  "integer modulo by zero");
    CHECK_ERR_PTR(bin(KN_BINOP_POW, I(0), I(-1), err), TC_EXC_ZERO_DIVISION,
                  "0.0 cannot be raised to a negative power");
    /* int64 overflow promotes to the big form */
    CHECK_REPR(bin(KN_BINOP_ADD, I(INT64_MAX), I(1), err), "9223372036854775808");
    CHECK_REPR(bin(KN_BINOP_MUL, I(INT64_MAX / 2), I(3), err), "13835058055282163709");
    CHECK_REPR(bin(KN_BINOP_POW, I(2), I(63), err), "9223372036854775808");
    CHECK_REPR(bin(KN_BINOP_LSHIFT, I(1), I(64), err), "18446744073709551616");
    CHECK_REPR(bin(KN_BINOP_SUB, bin(KN_BINOP_POW, I(2), I(64), err), I(1), err),
               "18446744073709551615");
    CHECK_REPR(bin(KN_BINOP_FLOORDIV, I(INT64_MIN), I(-1), err), "9223372036854775808");
    CHECK_ERR_PTR(bin(KN_BINOP_LSHIFT, I(1), I(-1), err), TC_EXC_VALUE, "negative shift count");
    CHECK_REPR(bin(KN_BINOP_POW, I(-2), I(63), err), "-9223372036854775808");
    CHECK_ERR_PTR(bin(KN_BINOP_ADD, I(1), S("a"), err), TC_EXC_TYPE,
                  "unsupported operand type(s) for +: 'int' and 'str'");
    CHECK_ERR_PTR(bin(KN_BINOP_POW, S("a"), I(1), err), TC_EXC_TYPE,
                  "unsupported operand type(s) for ** or pow(): 'str' and 'int'");
    CHECK_ERR_PTR(bin(KN_BINOP_AND, F(1.0), I(1), err), TC_EXC_TYPE,
                  "unsupported operand type(s) for &: 'float' and 'int'");
}

static void test_float_arith(void) {
    CHECK_REPR(bin(KN_BINOP_FLOORDIV, F(7.5), I(2), err), "3.0");
    CHECK_REPR(bin(KN_BINOP_MOD, F(-7.5), I(2), err), "0.5");
    CHECK_REPR(bin(KN_BINOP_MOD, F(7.5), F(-2), err), "-0.5");
    CHECK_REPR(bin(KN_BINOP_FLOORDIV, F(-0.5), F(1), err), "-1.0");
    CHECK_REPR(bin(KN_BINOP_ADD, I(3), F(4.5), err), "7.5");
    CHECK_REPR(bin(KN_BINOP_ADD, F(0.1), F(0.2), err), "0.30000000000000004");
    CHECK_REPR(bin(KN_BINOP_POW, F(2), F(0.5), err), "1.4142135623730951");
    CHECK_ERR_PTR(bin(KN_BINOP_TRUEDIV, F(1), I(0), err), TC_EXC_ZERO_DIVISION,
                  "float division by zero");
    CHECK_ERR_PTR(bin(KN_BINOP_FLOORDIV, F(1), F(0), err), TC_EXC_ZERO_DIVISION,
                  "float floor division by zero");
    CHECK_ERR_PTR(bin(KN_BINOP_MOD, F(1), F(0), err), TC_EXC_ZERO_DIVISION, "float modulo");
    CHECK_ERR_PTR(bin(KN_BINOP_POW, F(0), I(-1), err), TC_EXC_ZERO_DIVISION,
                  "0.0 cannot be raised to a negative power");
    CHECK_ERR_PTR(bin(KN_BINOP_POW, F(10), I(400), err), TC_EXC_OVERFLOW,
                  "(34, 'Numerical result out of range')");
}

static bool cmp(kn_cmpop op, kn_obj *a, kn_obj *b) {
    kn_err err = {0};
    kn_obj *r = kn_compare(op, a, b, &err);
    bool t = r && kn_truth(r, &err) == 1;
    kn_decref(r);
    kn_decref(a);
    kn_decref(b);
    return t;
}

static void test_compare_hash(void) {
    CHECK(cmp(KN_CMP_EQ, I(1), F(1.0)));
    CHECK(cmp(KN_CMP_EQ, kn_bool_new(true), I(1)));
    CHECK(cmp(KN_CMP_LT, I(INT64_MAX), F(9223372036854775808.0)));
    CHECK(!cmp(KN_CMP_EQ, F(NAN), F(NAN)));
    CHECK(cmp(KN_CMP_NE, F(NAN), F(NAN)));
    CHECK(cmp(KN_CMP_LT, S("a"), S("b")));
    CHECK(!cmp(KN_CMP_LT, S("a"), S("B")));
    CHECK(cmp(KN_CMP_GT, S("b"), S("abc")));
    CHECK(!cmp(KN_CMP_EQ, I(1), S("1")));
    CHECK_ERR_PTR(kn_compare(KN_CMP_LT, kn_int_new(1), kn_none(), err), TC_EXC_TYPE,
                  "'<' not supported between instances of 'int' and 'NoneType'");
    kn_err err = {0};
    int64_t h1, h2;
    kn_obj *a = I(-1), *b = F(1.5), *c = F(2.0), *d = I(2);
    CHECK(kn_hash(a, &h1, &err) == 0 && h1 == -2);
    CHECK(kn_hash(b, &h1, &err) == 0 && h1 == 1152921504606846977LL);
    CHECK(kn_hash(c, &h1, &err) == 0 && kn_hash(d, &h2, &err) == 0 && h1 == h2);
    kn_decref(a), kn_decref(b), kn_decref(c), kn_decref(d);
    kn_obj *t = T(2, I(1), I(2)), *e = kn_tuple_new(0), *l = L(0);
    CHECK(kn_hash(t, &h1, &err) == 0 && h1 == -3550055125485641917LL);
    CHECK(kn_hash(e, &h1, &err) == 0 && h1 == 5740354900026072187LL);
    CHECK_ERR_INT(kn_hash(l, &h1, err), TC_EXC_TYPE, "unhashable type: 'list'");
    kn_decref(t), kn_decref(e), kn_decref(l);
}

static void test_generic_errors(void) {
    kn_obj *five = I(5), *s = S("a");
    CHECK_ERR_INT(kn_len(five, err), TC_EXC_TYPE, "object of type 'int' has no len()");
    CHECK_ERR_PTR(kn_getitem(five, five, err), TC_EXC_TYPE, "'int' object is not subscriptable");
    CHECK_ERR_PTR(kn_call_simple(five, NULL, 0, err), TC_EXC_TYPE, "'int' object is not callable");
    CHECK_ERR_PTR(kn_iter(five, err), TC_EXC_TYPE, "'int' object is not iterable");
    CHECK_ERR_PTR(kn_getattr(five, "foo", err), TC_EXC_ATTRIBUTE,
                  "'int' object has no attribute 'foo'");
    CHECK_ERR_PTR(kn_unary(KN_UNOP_NEG, s, err), TC_EXC_TYPE,
                  "bad operand type for unary -: 'str'");
    CHECK_ERR_INT(kn_setitem(s, five, five, err), TC_EXC_TYPE,
                  "'str' object does not support item assignment");
    CHECK_ERR_PTR(kn_getattr(kn_type_object(&kn_type_int), "foo", err), TC_EXC_ATTRIBUTE,
                  "type object 'int' has no attribute 'foo'");
    kn_obj *m = kn_mod_math_init(NULL);
    CHECK_ERR_PTR(kn_getattr(m, "foo", err), TC_EXC_ATTRIBUTE,
                  "module 'math' has no attribute 'foo'");
    CHECK_REPR(kn_incref(m), "<module 'math'>");
    kn_decref(m);
    kn_decref(five);
    kn_decref(s);
}

static void test_type_objects(void) {
    CHECK(kn_type_object(&kn_type_int) == kn_type_object(&kn_type_int));
    CHECK(kn_type_object_type(kn_type_object(&kn_type_str)) == &kn_type_str);
    CHECK_REPR(kn_incref(kn_type_object(&kn_type_int)), "<class 'int'>");
    CHECK_REPR(kn_incref(kn_type_object(&kn_type_none)), "<class 'NoneType'>");
    kn_obj *arg = S(" 42 ");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_int), &arg, 1, err), "42");
    kn_decref(arg);
    arg = S("1.5");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_float), &arg, 1, err), "1.5");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_list), &arg, 1, err), "['1', '.', '5']");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_tuple), &arg, 1, err), "('1', '.', '5')");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_bool), &arg, 1, err), "True");
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_type), &arg, 1, err), "<class 'str'>");
    kn_decref(arg);
    arg = S("abc");
    CHECK_ERR_PTR(kn_call_simple(kn_type_object(&kn_type_int), &arg, 1, err), TC_EXC_VALUE,
                  "invalid literal for int() with base 10: 'abc'");
    CHECK_ERR_PTR(kn_call_simple(kn_type_object(&kn_type_float), &arg, 1, err), TC_EXC_VALUE,
                  "could not convert string to float: 'abc'");
    kn_decref(arg);
    arg = F(-3.9);
    CHECK_REPR(kn_call_simple(kn_type_object(&kn_type_int), &arg, 1, err), "-3");
    kn_decref(arg);
    arg = F(INFINITY);
    CHECK_ERR_PTR(kn_call_simple(kn_type_object(&kn_type_int), &arg, 1, err), TC_EXC_OVERFLOW,
                  "cannot convert float infinity to integer");
    kn_decref(arg);
    kn_obj *none = kn_none();
    CHECK_ERR_PTR(kn_call_simple(kn_type_object(&kn_type_int), &none, 1, err), TC_EXC_TYPE,
                  "int() argument must be a string, a bytes-like object or a real number, not "
                  "'NoneType'");
}

static void test_exceptions(void) {
    kn_obj *e = kn_exception_new(TC_EXC_VALUE, "bad value");
    CHECK_REPR(kn_incref(e), "ValueError('bad value')");
    CHECK_STR(kn_incref(e), "bad value");
    CHECK(kn_exception_kind(e) == TC_EXC_VALUE);
    CHECK(strcmp(kn_type_name(e), "ValueError") == 0);
    kn_decref(e);
    kn_obj *builtins = kn_builtins_new(NULL);
    kn_obj *cls = kn_dict_get_str(builtins, "KeyError");
    tc_exc kind;
    CHECK(kn_is_exception_class(cls, &kind) && kind == TC_EXC_KEY);
    CHECK_REPR(kn_incref(cls), "<class 'KeyError'>");
    kn_obj *k = S("k");
    kn_obj *ke = kn_call_simple(cls, &k, 1, NULL);
    CHECK_REPR(kn_incref(ke), "KeyError('k')");
    CHECK_STR(ke, "'k'");
    kn_decref(k);
    CHECK(kn_exc_from_name("ValueError") == TC_EXC_VALUE);
    CHECK(kn_exc_from_name("Exception") == TC_EXC_EXCEPTION);
    CHECK(kn_exc_from_name("BaseException") == TC_EXC_EXCEPTION);
    CHECK(kn_exc_from_name("Nope") == TC_EXC_NONE);
    CHECK(kn_exc_matches(TC_EXC_KEY, "LookupError"));
    CHECK(kn_exc_matches(TC_EXC_INDEX, "LookupError"));
    CHECK(kn_exc_matches(TC_EXC_ZERO_DIVISION, "ArithmeticError"));
    CHECK(kn_exc_matches(TC_EXC_OVERFLOW, "ArithmeticError"));
    CHECK(kn_exc_matches(TC_EXC_VALUE, "Exception"));
    CHECK(!kn_exc_matches(TC_EXC_KEYBOARD_INTERRUPT, "Exception"));
    CHECK(kn_exc_matches(TC_EXC_KEYBOARD_INTERRUPT, "BaseException"));
    CHECK(kn_exc_matches(TC_EXC_NOT_IMPLEMENTED, "RuntimeError"));
    CHECK(!kn_exc_matches(TC_EXC_VALUE, "TypeError"));
    kn_decref(builtins);
}

static void test_slices(void) {
    kn_err err = {0};
    int64_t a, z, st, n;
    kn_obj *none = kn_none();
    kn_obj *m1 = I(-1), *big = I(100), *zero = I(0);
    kn_obj *s = kn_slice_new(none, none, m1);
    CHECK(kn_slice_indices(s, 4, &a, &z, &st, &n, &err) == 0 && a == 3 && z == -1 && st == -1 &&
          n == 4);
    CHECK_REPR(kn_incref(s), "slice(None, None, -1)");
    kn_decref(s);
    s = kn_slice_new(m1, big, NULL);
    CHECK(kn_slice_indices(s, 3, &a, &z, &st, &n, &err) == 0 && a == 2 && z == 3 && n == 1);
    kn_decref(s);
    s = kn_slice_new(NULL, NULL, zero);
    CHECK_ERR_INT(kn_slice_indices(s, 3, &a, &z, &st, &n, err), TC_EXC_VALUE,
                  "slice step cannot be zero");
    kn_decref(s);
    kn_decref(m1), kn_decref(big), kn_decref(zero);
}

/* ---- runtime hooks and the contains / format slots ----------------------------------- */

static char hook_out[64];
static int hook_count_calls;

static void hook_write(void *ctx, const char *stream, const char *text, size_t n) {
    snprintf(hook_out, sizeof hook_out, "%s:%s:%.*s", (const char *)ctx, stream, (int)n, text);
}
static int hook_count(void *ctx) {
    hook_count_calls++;
    return 7;
}

static void test_runtime_hooks(void) {
    kn_err err = {0};
    /* nothing installed: the fallbacks */
    CHECK(kn_runtime_current() == NULL);
    CHECK(kn_rt_execution_count() == 0 && kn_rt_globals() == NULL);
    CHECK(kn_rt_input("? ", false, &err) == NULL && err.type == TC_EXC_NOT_IMPLEMENTED);
    tc_error_clear(&err);
    /* installed: every service goes through the hooks; a NULL hook keeps its fallback */
    kn_runtime_hooks h = {.ctx = "cell", .write = hook_write, .execution_count = hook_count};
    CHECK(kn_runtime_install(&h) == NULL);
    kn_rt_write("stdout", "hi", 2);
    CHECK(strcmp(hook_out, "cell:stdout:hi") == 0);
    kn_rt_warn("UserWarning", "careful");
    CHECK(strcmp(hook_out, "cell:stderr:UserWarning: careful\n") == 0);
    CHECK(kn_rt_execution_count() == 7 && hook_count_calls == 1);
    CHECK(kn_rt_globals() == NULL);
    kn_rt_display(json_object()); /* no display hook: dropped, not leaked */
    /* a nested run puts the previous hooks back */
    kn_runtime_hooks inner = {.ctx = "bridge", .write = hook_write};
    CHECK(kn_runtime_install(&inner) == &h);
    kn_rt_write("stdout", "x", 1);
    CHECK(strcmp(hook_out, "bridge:stdout:x") == 0);
    CHECK(kn_runtime_install(&h) == &inner);
    CHECK(kn_runtime_install(NULL) == &h);
}

static void test_contains_and_format(void) {
    kn_err err = {0};
    kn_obj *args[2] = {kn_int_new(0), kn_int_new(INT64_C(1000000000000))};
    kn_obj *r = kn_call_simple(kn_type_object(&kn_type_range), args, 2, &err);
    kn_obj *big = kn_int_new(INT64_C(1000000000));
    CHECK(r && kn_contains(r, big, &err) == 1 && kn_contains(r, args[1], &err) == 0);
    kn_obj *hay = kn_str_new("a\0b", 3), *b = kn_str_from_cstr("b"), *c = kn_str_from_cstr("c");
    CHECK(kn_contains(hay, b, &err) == 1 && kn_contains(hay, c, &err) == 0);
    CHECK(!tc_error_is_set(&err));
    CHECK_ERR_INT(kn_contains(hay, big, err), TC_EXC_TYPE,
                  "'in <string>' requires string as left operand, not int");
    CHECK_ERR_INT(kn_contains(big, big, err), TC_EXC_TYPE,
                  "argument of type 'int' is not iterable");
    kn_obj *s = kn_format_value(big, ">14,", &err);
    CHECK(s && strcmp(kn_str_cstr(s), " 1,000,000,000") == 0);
    kn_decref(s);
    kn_obj *l = kn_list_new(0);
    CHECK_ERR_PTR(kn_format_value(l, "x", err), TC_EXC_TYPE,
                  "unsupported format string passed to list.__format__");
    s = kn_format_value(l, "", &err); /* object.__format__: str(x) */
    CHECK(s && strcmp(kn_str_cstr(s), "[]") == 0);
    kn_decref(s);
    kn_decref(l);
    kn_decref(c);
    kn_decref(b);
    kn_decref(hay);
    kn_decref(big);
    kn_decref(r);
    kn_decref(args[0]);
    kn_decref(args[1]);
}

int main(void) {
    test_singletons();
    test_float_repr();
    test_int_arith();
    test_int_errors();
    test_float_arith();
    test_compare_hash();
    test_generic_errors();
    test_type_objects();
    test_exceptions();
    test_slices();
    test_runtime_hooks();
    test_contains_and_format();
    return check_report("test-objects");
}
