/*
 * Unit tests for the bridge request decoder: signatures, per-connection nonces, sequence
 * numbers, field validation, and a mutation loop that must never crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bridge/bridge.h"

static int failures;
#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

static const char *KEY = "a0b1c2d3-secret";
static const char *NONCE = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/* "<sig>\n<body>" signed with key and nonce; malloc'd. */
static char *signed_payload(const char *key, const char *nonce, const char *body, size_t *n) {
    char sig[TKB_SIG_HEX + 1];
    tkb_sign(key, strlen(key), nonce, body, strlen(body), sig);
    *n = TKB_SIG_HEX + 1 + strlen(body);
    char *p = malloc(*n + 1);
    snprintf(p, *n + 1, "%s\n%s", sig, body);
    return p;
}

static int decode(const char *key, const char *nonce, const char *body, int64_t seq,
                  tkb_request *r, tc_error *err) {
    size_t n;
    char *p = signed_payload(key, nonce, body, &n);
    int rc = tkb_request_decode(p, n, NONCE, KEY, strlen(KEY), seq, r, err);
    free(p);
    return rc;
}

static void test_valid_requests(void) {
    tkb_request r;
    tc_error err = {0};
    CHECK(decode(KEY, NONCE, "{\"op\":\"names\",\"seq\":1}", 1, &r, &err) == 0);
    CHECK(r.op == TKB_OP_NAMES && r.seq == 1);
    tkb_request_clear(&r);

    CHECK(decode(KEY, NONCE, "{\"op\":\"get\",\"seq\":7,\"name\":\"x\",\"force\":true,"
                             "\"release\":[3,4]}", 7, &r, &err) == 0);
    CHECK(r.op == TKB_OP_GET && strcmp(r.name, "x") == 0 && r.force);
    CHECK(r.nrelease == 2 && r.release[0] == 3 && r.release[1] == 4);
    tkb_request_clear(&r);

    CHECK(decode(KEY, NONCE, "{\"op\":\"eval\",\"seq\":2,\"expr\":\"t.sum()\"}", 2, &r, &err) == 0);
    CHECK(r.op == TKB_OP_EVAL && strcmp(r.expr, "t.sum()") == 0 && !r.force);
    tkb_request_clear(&r);

    CHECK(decode(KEY, NONCE, "{\"op\":\"put\",\"seq\":3,\"name\":\"y\",\"dtype\":\"float32\","
                             "\"shape\":[2,3],\"nbytes\":24}", 3, &r, &err) == 0);
    CHECK(r.op == TKB_OP_PUT && r.dtype == TC_DTYPE_F32 && r.ndim == 2 && r.shape[1] == 3 &&
          r.nbytes == 24);
    CHECK(r.from_lease == -1);
    tkb_request_clear(&r);

    CHECK(decode(KEY, NONCE, "{\"op\":\"put\",\"seq\":4,\"name\":\"v\",\"dtype\":\"int64\","
                             "\"shape\":[2,2],\"nbytes\":32,\"lease\":3,\"offset\":40,"
                             "\"strides\":[32,8]}", 4, &r, &err) == 0);
    CHECK(r.from_lease == 3 && r.offset == 40 && r.strides[0] == 32 && r.strides[1] == 8);
    tkb_request_clear(&r);
    CHECK(!tc_error_is_set(&err));
    CHECK(strcmp(tkb_op_name(TKB_OP_STATS), "stats") == 0);
}

static void test_authentication(void) {
    tkb_request r;
    tc_error err = {0};
    /* wrong key */
    CHECK(decode("other-key", NONCE, "{\"op\":\"names\",\"seq\":1}", 1, &r, &err) == -2);
    CHECK(strstr(err.msg, "signature") != NULL);
    /* a request signed for another connection (other nonce): a replay fails */
    tc_error_clear(&err);
    const char *other = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
    CHECK(decode(KEY, other, "{\"op\":\"names\",\"seq\":1}", 1, &r, &err) == -2);
    /* replayed or reordered on the same connection */
    tc_error_clear(&err);
    CHECK(decode(KEY, NONCE, "{\"op\":\"names\",\"seq\":1}", 2, &r, &err) == -2);
    CHECK(strstr(err.msg, "sequence") != NULL);
    /* no signature at all */
    tc_error_clear(&err);
    const char *bare = "{\"op\":\"names\",\"seq\":1}";
    CHECK(tkb_request_decode(bare, strlen(bare), NONCE, KEY, strlen(KEY), 1, &r, &err) == -2);
    /* a tampered body */
    size_t n;
    char *p = signed_payload(KEY, NONCE, "{\"op\":\"get\",\"seq\":1,\"name\":\"a\"}", &n);
    p[n - 3] = 'b';
    tc_error_clear(&err);
    CHECK(tkb_request_decode(p, n, NONCE, KEY, strlen(KEY), 1, &r, &err) == -2);
    free(p);
    /* empty key (Jupyter allows it): still signed, still checked */
    tc_error_clear(&err);
    size_t m;
    char *q = signed_payload("", NONCE, "{\"op\":\"ping\",\"seq\":1}", &m);
    CHECK(tkb_request_decode(q, m, NONCE, "", 0, 1, &r, &err) == 0);
    tkb_request_clear(&r);
    free(q);
}

static void expect_malformed(const char *body, const char *what) {
    tkb_request r;
    tc_error err = {0};
    int rc = decode(KEY, NONCE, body, 1, &r, &err);
    if (rc != -1 || err.type != TC_EXC_VALUE) {
        fprintf(stderr, "expected a ValueError for %s (%s): rc=%d\n", what, body, rc);
        failures++;
    }
    CHECK(r.expr == NULL && r.release == NULL);
}

static void test_malformed(void) {
    expect_malformed("{\"op\":\"names\",\"seq\":1", "truncated JSON");
    expect_malformed("{\"op\":\"fly\",\"seq\":1}", "unknown op");
    expect_malformed("{\"op\":7,\"seq\":1}", "op not a string");
    expect_malformed("{\"op\":\"get\",\"seq\":1}", "missing name");
    expect_malformed("{\"op\":\"get\",\"seq\":1,\"name\":\"\"}", "empty name");
    expect_malformed("{\"op\":\"get\",\"seq\":1,\"name\":\"x\",\"force\":1}", "force not a bool");
    expect_malformed("{\"op\":\"get\",\"seq\":1,\"name\":\"a\\u0000b\"}", "NUL in name");
    expect_malformed("{\"op\":\"eval\",\"seq\":1,\"expr\":[1]}", "expr not a string");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"y\",\"dtype\":\"bfloat16\","
                     "\"shape\":[1],\"nbytes\":2}", "bfloat16 put");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"y\",\"dtype\":\"float32\","
                     "\"shape\":[2],\"nbytes\":4}", "nbytes mismatch");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"y\",\"dtype\":\"float32\","
                     "\"shape\":[-1],\"nbytes\":4}", "negative dim");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"y\",\"dtype\":\"int64\","
                     "\"shape\":[4611686018427387904,4611686018427387904],\"nbytes\":0}",
                     "overflowing shape");
    expect_malformed("{\"op\":\"names\",\"seq\":1,\"release\":[\"a\"]}", "bad lease id");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"v\",\"dtype\":\"int64\",\"shape\":[2],"
                     "\"nbytes\":16,\"lease\":1,\"offset\":0,\"strides\":[-8]}", "negative stride");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"v\",\"dtype\":\"int64\",\"shape\":[2],"
                     "\"nbytes\":16,\"lease\":1,\"offset\":0,\"strides\":[4]}", "misaligned stride");
    expect_malformed("{\"op\":\"put\",\"seq\":1,\"name\":\"v\",\"dtype\":\"int64\",\"shape\":[2],"
                     "\"nbytes\":16,\"lease\":1,\"offset\":0,\"strides\":[8,8]}", "strides rank");
    char big[400];
    memset(big, 'x', sizeof big);
    big[sizeof big - 1] = '\0';
    char body[600];
    snprintf(body, sizeof body, "{\"op\":\"info\",\"seq\":1,\"name\":\"%s\"}", big);
    expect_malformed(body, "name too long");
    tkb_request r;
    tc_error err = {0};
    CHECK(decode(KEY, NONCE, "[1,2]", 1, &r, &err) == -1);
}

/* Random byte mutations of valid requests: any outcome but a crash or a leak. */
static void test_mutations(void) {
    const char *bodies[] = {
        "{\"op\":\"get\",\"seq\":1,\"name\":\"x\",\"force\":true,\"release\":[1,2,3]}",
        "{\"op\":\"put\",\"seq\":1,\"name\":\"y\",\"dtype\":\"int16\",\"shape\":[2,2],\"nbytes\":8}",
        "{\"op\":\"eval\",\"seq\":1,\"expr\":\"a @ b\"}",
    };
    srand(12345);
    for (int i = 0; i < 20000; i++) {
        const char *b = bodies[i % 3];
        size_t n = strlen(b);
        char *m = strdup(b);
        for (int k = 0; k < 1 + rand() % 4; k++) m[rand() % n] = (char)(rand() % 256);
        size_t len = strlen(m); /* a mutation may plant a NUL */
        char sig[TKB_SIG_HEX + 1];
        tkb_sign(KEY, strlen(KEY), NONCE, m, len, sig);
        char *p = malloc(TKB_SIG_HEX + 2 + len);
        memcpy(p, sig, TKB_SIG_HEX);
        p[TKB_SIG_HEX] = '\n';
        memcpy(p + TKB_SIG_HEX + 1, m, len);
        tkb_request r;
        tc_error err = {0};
        int rc = tkb_request_decode(p, TKB_SIG_HEX + 1 + len, NONCE, KEY, strlen(KEY), 1, &r, &err);
        CHECK(rc == 0 || tc_error_is_set(&err));
        if (rc == 0) tkb_request_clear(&r);
        free(p);
        free(m);
    }
}

int main(void) {
    test_valid_requests();
    test_authentication();
    test_malformed();
    test_mutations();
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    else printf("bridge request decoder: all checks passed\n");
    return failures ? 1 : 0;
}
