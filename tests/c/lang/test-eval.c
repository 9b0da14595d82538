/* Evaluator tests through the interpreter interface: cells run with a kn_io that captures
 * stdout/stderr, checking results, errors, scoping, control flow and tracebacks. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "kernel/interp.h"
#include "tensorcore/tensor.h"
#include "tensorcore/format.h"

static tc_strbuf out_buf, err_buf;

static void cap_stream(void *ctx, const char *name, const char *text, size_t n) {
    tc_strbuf_append(strcmp(name, "stderr") == 0 ? &err_buf : &out_buf, text, n);
}

static void cap_display(void *ctx, json_t *bundle) {
    json_decref(bundle);
}

static const kn_io io = {.stream = cap_stream, .display = cap_display};
static kn_interp *in;
static int count;
static char result[8192];

/* Run a cell; returns stdout, plus "=> result" or "!! Ename: evalue". */
static const char *run(const char *code) {
    kn_exec_result r;
    tc_strbuf_free(&out_buf);
    tc_strbuf_free(&err_buf);
    kn_interp_execute(in, code, &io, ++count, false, &r);
    snprintf(result, sizeof result, "%s", out_buf.data ? out_buf.data : "");
    size_t l = strlen(result);
    if (r.status == KN_EXEC_ERROR)
        snprintf(result + l, sizeof result - l, "!! %s: %s", r.ename, r.evalue);
    else if (r.result)
        snprintf(result + l, sizeof result - l, "=> %s",
                 json_string_value(json_object_get(r.result, "text/plain")));
    kn_exec_result_clear(&r);
    return result;
}

static char *traceback_of(const char *code) {
    kn_exec_result r;
    kn_interp_execute(in, code, &io, ++count, false, &r);
    tc_strbuf b = {0};
    size_t i;
    json_t *v;
    if (r.traceback) json_array_foreach(r.traceback, i, v) {
            tc_strbuf_append(&b, json_string_value(v), strlen(json_string_value(v)));
            tc_strbuf_append(&b, "\n", 1);
        }
    kn_exec_result_clear(&r);
    return b.data ? b.data : strdup("");
}

static void test_basics(void) {
    CHECK_STR(run("1 + 2"), "=> 3");
    CHECK_STR(run("x = 3\ny = 4.5\nprint(x + y, x * 2, x / 2, x // 2, x % 2, x ** 2)"),
              "7.5 6 1.5 1 1 9\n");
    CHECK_STR(run("x"), "=> 3");
    CHECK_STR(run("x;"), "");
    CHECK_STR(run("None"), "");
    CHECK_STR(run("a = b = [1]\na is b"), "=> True");
    CHECK_STR(run("a, (b, *c) = 1, (2, 3, 4)\na, b, c"), "=> (1, 2, [3, 4])");
    CHECK_STR(run("1 < 2 < 3, 1 < 3 < 2, 2 in [1, 2], 'b' not in 'abc'"),
              "=> (True, False, True, False)");
    CHECK_STR(run("0 or 'x', 1 and 0, not []"), "=> ('x', 0, True)");
    CHECK_STR(run("'yes' if x > 2 else 'no'"), "=> 'yes'");
    CHECK_STR(run("d = {'a': 1, 'b': 2}\nd['b'], list(d.keys())"), "=> (2, ['a', 'b'])");
    CHECK_STR(run("s = [1, 2, 3, 4]\ns[1:3], s[::-1], s[-1]"), "=> ([2, 3], [4, 3, 2, 1], 4)");
    CHECK_STR(run("[i * i for i in range(5) if i % 2 == 0]"), "=> [0, 4, 16]");
    CHECK_STR(run("[(i, j) for i in range(2) for j in range(i + 1)]"),
              "=> [(0, 0), (1, 0), (1, 1)]");
    CHECK_STR(run("{k: v * 2 for k, v in d.items()}"), "=> {'a': 2, 'b': 4}");
    CHECK_STR(run("sum(i for i in range(4))"), "=> 6");
    CHECK_STR(run("w = 7\nf'{x}-{y:.2f}-{w!r:>3}-{x=}-{{}}'"), "=> '3-4.50-  7-x=3-{}'");
    CHECK_STR(run("n = 5\nn += 2\nn -= 1\nn *= 3\nn"), "=> 18");
    CHECK_STR(run("l = [1]\nl2 = l\nl += [2]\nl2"), "=> [1, 2]");
    CHECK_STR(run("del n\nn"), "!! NameError: name 'n' is not defined");
    CHECK_STR(run("9223372036854775807 + 1"), "=> 9223372036854775808");
    CHECK_STR(run("x = -9223372036854775808\nx - 1, 2 ** 100 // 3 ** 40, -2**64 >> 1"),
              "=> (-9223372036854775809, 104267600099, -9223372036854775808)");
    CHECK_STR(run("123456789012345678901234567890 % 97"), "=> 52");
}

static void test_control_flow(void) {
    CHECK_STR(run("total = 0\nfor i in range(5):\n    if i % 2 == 0:\n        total += i\n"
                  "    elif i == 3:\n        continue\n    else:\n        total -= 1\ntotal"),
              "=> 5");
    CHECK_STR(run("n = 0\nwhile n < 3:\n    n += 1\nelse:\n    n += 10\nn"), "=> 13");
    CHECK_STR(run("for i in range(10):\n    if i == 2:\n        break\nelse:\n    i = -1\ni"),
              "=> 2");
    CHECK_STR(run("for i, v in enumerate([10, 20]):\n    print(i, v)"), "0 10\n1 20\n");
    CHECK_STR(run("for k in {'a': 1}:\n    print(k)"), "a\n");
    CHECK_STR(run("def f():\n    for i in range(3):\n        try:\n            return i\n"
                  "        finally:\n            print('fin', i)\nf()"),
              "fin 0\n=> 0");
}

static void test_functions(void) {
    CHECK_STR(
        run("def scale(t, factor=2.0):\n    return t * factor\nscale(3), scale(3, factor=0.5)"),
        "=> (6.0, 1.5)");
    CHECK_STR(run("def g(*a, k=1, **kw):\n    return a, k, kw\ng(1, 2, k=3, z=4)"),
              "=> ((1, 2), 3, {'z': 4})");
    CHECK_STR(run("g(*[1, 2], **{'k': 5})"), "=> ((1, 2), 5, {})");
    CHECK_STR(run("scale()"), "!! TypeError: scale() missing 1 required positional argument: 't'");
    CHECK_STR(run("scale(1, 2, 3)"),
              "!! TypeError: scale() takes from 1 to 2 positional arguments but 3 were given");
    CHECK_STR(run("scale(1, bad=2)"),
              "!! TypeError: scale() got an unexpected keyword argument 'bad'");
    CHECK_STR(run("def h(a, b):\n    pass\nh()"),
              "!! TypeError: h() missing 2 required positional arguments: 'a' and 'b'");
    CHECK_STR(run("(lambda x, y=1: x + y)(2)"), "=> 3");
    CHECK_STR(run("def adder(n):\n    return lambda x: x + n\nadder(10)(5)"), "=> 15");
    CHECK_STR(run("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nfact(10)"),
              "=> 3628800");
    CHECK_STR(run("counter = 0\ndef bump():\n    global counter\n    counter += 1\nbump(); "
                  "bump()\ncounter"),
              "=> 2");
    CHECK_STR(run("def u():\n    print(q)\n    q = 1\nu()"),
              "!! UnboundLocalError: cannot access local variable 'q' where it is not associated "
              "with a value");
    CHECK_STR(run("def r(n):\n    return r(n + 1)\nr(0)"),
              "!! RecursionError: maximum recursion depth exceeded");
    CHECK_STR(run("sorted([3, 1, 2], key=lambda v: -v)"), "=> [3, 2, 1]");
    /* a comprehension's first iterable is read in the enclosing function scope */
    CHECK_STR(run("lst = [1]\ndef shadow():\n    lst = [x for x in lst]\n    return lst\nshadow()"),
              "!! UnboundLocalError: cannot access local variable 'lst' where it is not associated "
              "with a value");
    CHECK_STR(
        run("def outer(v):\n    def helper(x):\n        return x + v\n    sq = lambda y: y * y\n"
            "    return sq(helper(1))\n[outer(i) for i in range(3)]"),
        "=> [1, 4, 9]");
    const char *rep = run("def named(): pass\nnamed");
    CHECK(strncmp(rep, "=> <function named at 0x", 24) == 0);
}

static void test_exceptions(void) {
    CHECK_STR(run("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e)\n"
                  "else:\n    print('else')\nfinally:\n    print('finally')"),
              "caught division by zero\nfinally\n");
    CHECK_STR(run("try:\n    pass\nexcept Exception:\n    print('no')\nelse:\n    print('else')\n"
                  "finally:\n    print('finally')"),
              "else\nfinally\n");
    CHECK_STR(run("try:\n    [][1]\nexcept (KeyError, IndexError):\n    print('lookup')"),
              "lookup\n");
    CHECK_STR(run("try:\n    {}['k']\nexcept LookupError:\n    print('lookup')"), "lookup\n");
    CHECK_STR(run("raise ValueError('bad value')"), "!! ValueError: bad value");
    CHECK_STR(run("try:\n    raise KeyError('k')\nexcept KeyError:\n    raise"),
              "!! KeyError: 'k'");
    CHECK_STR(run("assert 1 == 2, 'not equal'"), "!! AssertionError: not equal");
    CHECK_STR(run("assert False"), "!! AssertionError: ");
    CHECK_STR(run("try:\n    raise RuntimeError('x')\nfinally:\n    print('cleanup')"),
              "cleanup\n!! RuntimeError: x");
    CHECK_STR(run("undefined_name"), "!! NameError: name 'undefined_name' is not defined");
    CHECK_STR(run("import nothere"), "!! ModuleNotFoundError: No module named 'nothere'");
    CHECK_STR(run("class A:\n    def f(self): return 2\nprint(A().f(), A.__qualname__)"), "2 A\n");
    CHECK_STR(run("x = (1,"), "!! SyntaxError: '(' was never closed");
    CHECK_STR(run("%nosuchmagic"), "!! UsageError: Line magic function `%nosuchmagic` not found.");
    /* the traceback names the cell and points at the failing line, inner frame last */
    char *tb = traceback_of("def f(x):\n    return 1 / x\n\nf(0)");
    CHECK(
        strstr(tb, "ZeroDivisionError                         Traceback (most recent call last)") !=
        NULL);
    CHECK(strstr(tb, "----> 4 f(0)") != NULL);
    CHECK(strstr(tb, "line 2, in f(x)") != NULL);
    CHECK(strstr(tb, "----> 2     return 1 / x") != NULL);
    CHECK(strstr(tb, "----> 4") < strstr(tb, "----> 2"));
    CHECK(strstr(tb, "ZeroDivisionError: division by zero") != NULL);
    free(tb);
    /* an error swallowed by 'finally' leaves no stale frames behind */
    tb = traceback_of("def g():\n    for i in range(2):\n        try:\n            1 / 0\n"
                      "        finally:\n            break\n    return undefined_q\ng()");
    CHECK(strstr(tb, "----> 7     return undefined_q") != NULL);
    CHECK(strstr(tb, "1 / 0") == NULL);
    free(tb);
    /* an error raised in 'finally' is reported at its own line */
    tb = traceback_of("try:\n    1 / 0\nfinally:\n    [][1]");
    CHECK(strstr(tb, "----> 4     [][1]") != NULL && strstr(tb, "IndexError") != NULL);
    free(tb);
}

static void test_interp_services(void) {
    char *indent = NULL;
    CHECK_STR(kn_interp_is_complete(in, "x = 1", &indent), "complete");
    CHECK_STR(kn_interp_is_complete(in, "def f():", &indent), "incomplete");
    CHECK_STR(indent, "    ");
    free(indent);
    CHECK_STR(kn_interp_is_complete(in, "for i in x:\n    pass", &indent), "incomplete");
    free(indent);
    CHECK_STR(kn_interp_is_complete(in, "for i in x:\n    pass\n\n", &indent), "complete");
    CHECK_STR(kn_interp_is_complete(in, "x = [1,", &indent), "incomplete");
    free(indent);
    CHECK_STR(kn_interp_is_complete(in, "s = '''abc", &indent), "incomplete");
    free(indent);
    CHECK_STR(kn_interp_is_complete(in, "x = 1 +\\", &indent), "incomplete");
    free(indent);
    CHECK_STR(kn_interp_is_complete(in, "x = = 1", &indent), "invalid");
    run("alpha_value = 1\nalpha_other = 2");
    json_t *m;
    int s, e;
    kn_interp_complete(in, "print(alpha_", 12, &m, &s, &e);
    CHECK(json_array_size(m) == 2 && s == 6 && e == 12);
    json_decref(m);
    kn_interp_complete(in, "d.ke", 4, &m, &s, &e);
    CHECK(json_array_size(m) == 1 && s == 2);
    CHECK_STR(json_string_value(json_array_get(m, 0)), "keys");
    json_decref(m);
    kn_interp_complete(in, "import nu", 9, &m, &s, &e);
    CHECK(json_array_size(m) == 1 && s == 7);
    CHECK_STR(json_string_value(json_array_get(m, 0)), "numpy");
    json_decref(m);
    run("def kwf(alpha, beta=2):\n    'Add things.'\n    return alpha");
    kn_interp_complete(in, "kwf(1, be", 9, &m, &s, &e);
    CHECK(json_array_size(m) >= 1);
    CHECK_STR(json_string_value(json_array_get(m, 0)), "beta=");
    json_decref(m);
    json_t *insp = kn_interp_inspect(in, "kwf", 3, 0);
    CHECK(insp && strstr(json_string_value(json_object_get(insp, "text/plain")),
                         "Signature: kwf(alpha, beta=2)") != NULL);
    CHECK(insp &&
          strstr(json_string_value(json_object_get(insp, "text/plain")), "Add things.") != NULL);
    json_decref(insp);
    insp = kn_interp_inspect(in, "kwf", 3, 1); /* kwf?? shows the source */
    CHECK(insp &&
          strstr(json_string_value(json_object_get(insp, "text/plain")),
                 "Source:\ndef kwf(alpha, beta=2):\n    'Add things.'\n    return alpha\n") !=
              NULL);
    json_decref(insp);
    const char *w = run("%who");
    CHECK(strstr(w, "No tensors") != NULL);
    const char *t = run("%time z = 1");
    CHECK(strncmp(t, "CPU times: user ", 16) == 0 && strstr(t, "Wall time: ") != NULL);
    t = run("%time z + 41");
    CHECK(strstr(t, "Wall time: ") != NULL && strstr(t, "=> 42") != NULL);
    t = run("%%time\nz + 1\nz + 2");
    CHECK(strstr(t, "Wall time: ") != NULL && strstr(t, "=> 3") != NULL);
    t = run("%%timeit -n 5 -r 2 setup_v = 10\nsetup_v + 1");
    CHECK(strstr(t, "of 2 runs, 5 loops each") != NULL);
    t = run("%timeit -n 10 -r 3 z + 1");
    CHECK(strstr(t, " per loop (mean \xc2\xb1 std. dev. of 3 runs, 10 loops each)") != NULL);
}

static void *run_in_thread(void *code) {
    kn_exec_result r;
    kn_interp_execute(in, code, &io, 99, false, &r);
    int ok = r.status == KN_EXEC_OK;
    kn_exec_result_clear(&r);
    return ok ? (void *)1 : NULL;
}

static void test_bridge_access(void) {
    CHECK_STR(run("import torch\nt = torch.tensor([1, 2, 3])\nlst = [1]\n_hidden = torch.ones(1)"),
              "");
    json_t *names = kn_interp_tensor_names(in);
    CHECK(json_array_size(names) == 1 &&
          strcmp(json_string_value(json_array_get(names, 0)), "t") == 0);
    json_decref(names);
    tc_error err = {0};
    tc_tensor *t = NULL, *dummy = NULL;
    CHECK(kn_interp_get_tensor(in, "t", &t, &err) == 0 && t && tc_numel(t) == 3);
    CHECK(kn_interp_get_tensor(in, "missing", &dummy, &err) < 0 && err.type == TC_EXC_NAME);
    tc_error_clear(&err);
    CHECK(kn_interp_get_tensor(in, "lst", &dummy, &err) < 0 && err.type == TC_EXC_TYPE);
    tc_error_clear(&err);
    /* put: bound at once when no cell runs */
    CHECK(kn_interp_put_tensor(in, "from_py", t, &err) == 0);
    CHECK_STR(run("from_py * 2"), "=> tensor([2, 4, 6])");
    /* eval: one element comes back as a scalar, otherwise a tensor */
    json_t *scalar = NULL;
    tc_tensor *o = NULL;
    CHECK(kn_interp_eval_for_bridge(in, "t.sum()", &o, &scalar, &err) == 0 && !o &&
          json_integer_value(scalar) == 6);
    json_decref(scalar);
    scalar = NULL;
    CHECK(kn_interp_eval_for_bridge(in, "t * 2", &o, &scalar, &err) == 0 && o && !scalar &&
          tc_numel(o) == 3);
    tc_tensor_unref(o);
    o = NULL;
    CHECK(kn_interp_eval_for_bridge(in, "x = 1", &o, &scalar, &err) < 0 &&
          err.type == TC_EXC_SYNTAX);
    tc_error_clear(&err);
    /* a put during a running cell is seen at its next statement */
    pthread_t th;
    pthread_create(&th, NULL, run_in_thread,
                   "while True:\n    try:\n        stop_signal\n        break\n"
                   "    except NameError:\n        pass");
    usleep(50000);
    CHECK(kn_interp_put_tensor(in, "stop_signal", t, &err) == 0);
    void *ok = NULL;
    pthread_join(th, &ok);
    CHECK(ok != NULL);
    /* eval waits for a running cell and sees its final state */
    pthread_create(&th, NULL, run_in_thread,
                   "started_t = torch.ones(1)\ncounter_v = 0\nwhile counter_v < 20000:\n"
                   "    counter_v += 1");
    for (int i = 0; i < 5000; i++) { /* wait until the cell runs */
        tc_error e2 = {0};
        if (kn_interp_get_tensor(in, "started_t", &dummy, &e2) == 0) break;
        usleep(1000);
    }
    tc_tensor_unref(dummy);
    CHECK(kn_interp_eval_for_bridge(in, "counter_v", &o, &scalar, &err) == 0 &&
          json_integer_value(scalar) == 20000);
    json_decref(scalar);
    pthread_join(th, NULL);
    tc_tensor_unref(t);
}

int main(void) {
    in = kn_interp_new();
    CHECK(in != NULL);
    if (!in) CHECK_DONE();
    test_basics();
    test_control_flow();
    test_functions();
    test_exceptions();
    test_interp_services();
    test_bridge_access();
    kn_interp_free(in);
    tc_strbuf_free(&out_buf);
    tc_strbuf_free(&err_buf);
    CHECK_DONE();
}
