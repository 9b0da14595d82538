/*
 * The bridge request decoder: checks the HMAC signature and the sequence number of one
 * request frame, then parses its JSON into a tkb_request with every field validated
 * (types, bounds, sizes), so the handlers only ever see well-formed requests. Anything
 * malformed is an error, never a crash: this is the code the fuzz target drives.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kernel/bridge/bridge.h"

static const char *const op_names[] = {
#define TKB__OP_NAME(id, name) name,
    TKB_OP_LIST(TKB__OP_NAME)
#undef TKB__OP_NAME
};

/* The wire name of an op. */
const char *tkb_op_name(tkb_op op) {
    return (op >= 0 && op < TKB_OP_COUNT) ? op_names[op] : "?";
}

/* HMAC-SHA256(key, nonce_hex || body) as lowercase hex (libsodium, as the Jupyter wire). */
void tkb_sign(const char *key, size_t key_len, const char *nonce_hex, const char *body,
              size_t body_len, char out[TKB_SIG_HEX + 1]) {
    static const char hex[] = "0123456789abcdef";
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    _Static_assert(2 * crypto_auth_hmacsha256_BYTES == TKB_SIG_HEX, "signature length");
    out[0] = '\0';
    if (sodium_init() < 0) return;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)(key_len ? key : ""), key_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)nonce_hex, strlen(nonce_hex));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(&st, sizeof st);
    for (unsigned i = 0; i < crypto_auth_hmacsha256_BYTES; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[TKB_SIG_HEX] = '\0';
}

/* Free what a decoded request owns. */
void tkb_request_clear(tkb_request *r) {
    if (!r) return;
    tc_free(r->expr);
    tc_free(r->release);
    memset(r, 0, sizeof *r);
}

static int bad(tc_error *err, const char *what) {
    return tc_error_set(err, TC_EXC_VALUE, "malformed bridge request: %s", what);
}

static int parse_op(json_t *j, tkb_op *op, tc_error *err) {
    const char *s = json_string_value(json_object_get(j, "op"));
    if (!s) return bad(err, "'op' must be a string");
    for (int i = 0; i < TKB_OP_COUNT; i++)
        if (strcmp(s, op_names[i]) == 0) {
            *op = (tkb_op)i;
            return 0;
        }
    return tc_error_set(err, TC_EXC_VALUE, "unknown bridge request '%.64s'", s);
}

static int parse_name(json_t *j, char *out, tc_error *err) {
    json_t *v = json_object_get(j, "name");
    const char *s = json_string_value(v);
    if (!s) return bad(err, "'name' must be a string");
    size_t n = json_string_length(v);
    if (n == 0 || n > TKB_MAX_NAME || strlen(s) != n) return bad(err, "'name' has a bad length");
    memcpy(out, s, n + 1);
    return 0;
}

static int parse_bool(json_t *j, const char *key, bool *out, tc_error *err) {
    json_t *v = json_object_get(j, key);
    if (!v) return 0;
    if (!json_is_boolean(v)) return bad(err, "a flag must be true or false");
    *out = json_is_true(v);
    return 0;
}

static int parse_release(json_t *j, tkb_request *r, tc_error *err) {
    json_t *v = json_object_get(j, "release");
    if (!v) return 0;
    size_t n = json_array_size(v);
    if (!json_is_array(v) || n > TKB_MAX_RELEASE) return bad(err, "'release' must be a short list");
    if (n == 0) return 0;
    r->release = tc_malloc(n * sizeof *r->release);
    if (!r->release) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_integer(e)) return bad(err, "lease ids must be integers");
        r->release[r->nrelease++] = json_integer_value(e);
    }
    return 0;
}

/* The optional "lease"/"offset"/"strides" of a put over leased memory. */
static int parse_put_view(json_t *j, tkb_request *r, tc_error *err) {
    json_t *lease = json_object_get(j, "lease");
    r->from_lease = -1;
    if (!lease) return 0;
    json_t *off = json_object_get(j, "offset"), *st = json_object_get(j, "strides");
    if (!json_is_integer(lease) || json_integer_value(lease) < 0 || !json_is_integer(off) ||
        json_integer_value(off) < 0 || !json_is_array(st) || json_array_size(st) != (size_t)r->ndim)
        return bad(err, "'lease', 'offset' and 'strides' must describe a view");
    int64_t isz = (int64_t)tc_dtype_size(r->dtype);
    for (int i = 0; i < r->ndim; i++) {
        json_t *e = json_array_get(st, (size_t)i);
        int64_t v = json_is_integer(e) ? json_integer_value(e) : -1;
        if (v < 0 || v % isz != 0 || v > ((int64_t)1 << 48))
            return bad(err, "strides must be non-negative multiples of the item size");
        r->strides[i] = v;
    }
    r->from_lease = json_integer_value(lease);
    r->offset = json_integer_value(off);
    return 0;
}

static int parse_put(json_t *j, tkb_request *r, tc_error *err) {
    const char *dt = json_string_value(json_object_get(j, "dtype"));
    if (!dt || tc_dtype_from_name(dt, &r->dtype) < 0 || !tc_dtype_numpy_name(r->dtype))
        return bad(err, "'dtype' must be a NumPy dtype name");
    json_t *shape = json_object_get(j, "shape");
    size_t nd = json_array_size(shape);
    if (!json_is_array(shape) || nd > TC_MAX_DIMS) return bad(err, "'shape' must be a list");
    size_t total = tc_dtype_size(r->dtype);
    r->ndim = (int)nd;
    for (size_t i = 0; i < nd; i++) {
        json_t *e = json_array_get(shape, i);
        if (!json_is_integer(e) || json_integer_value(e) < 0)
            return bad(err, "dimensions must be non-negative integers");
        r->shape[i] = json_integer_value(e);
        if (r->shape[i] != 0 && total > SIZE_MAX / 2 / (size_t)r->shape[i])
            return bad(err, "the array is too large");
        total *= (size_t)r->shape[i];
    }
    json_t *nb = json_object_get(j, "nbytes");
    if (!json_is_integer(nb) || json_integer_value(nb) < 0 ||
        (size_t)json_integer_value(nb) != total)
        return bad(err, "'nbytes' does not match dtype and shape");
    r->nbytes = total;
    return parse_put_view(j, r, err);
}

static int parse_body(json_t *j, tkb_request *r, tc_error *err) {
    if (!json_is_object(j)) return bad(err, "not a JSON object");
    if (parse_op(j, &r->op, err) < 0 || parse_release(j, r, err) < 0) return -1;
    switch (r->op) {
    case TKB_OP_INFO:
        return parse_name(j, r->name, err);
    case TKB_OP_GET:
        if (parse_name(j, r->name, err) < 0) return -1;
        return parse_bool(j, "force", &r->force, err);
    case TKB_OP_EVAL: {
        json_t *v = json_object_get(j, "expr");
        const char *s = json_string_value(v);
        if (!s || strlen(s) != json_string_length(v)) return bad(err, "'expr' must be a string");
        if (!(r->expr = tc_strdup(s))) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return parse_bool(j, "force", &r->force, err);
    }
    case TKB_OP_PUT:
        if (parse_name(j, r->name, err) < 0) return -1;
        return parse_put(j, r, err);
    default:
        return 0;
    }
}

static int check_seq(json_t *j, int64_t expect_seq, tkb_request *r, tc_error *err) {
    json_t *v = json_object_get(j, "seq");
    if (!json_is_integer(v) || json_integer_value(v) != expect_seq) {
        tc_error_set(err, TC_EXC_VALUE,
                     "bridge request refused: sequence number is not the expected one "
                     "(replayed or reordered request)");
        return -2;
    }
    r->seq = expect_seq;
    return 0;
}

/* Verify the signature and sequence number, then decode the JSON body. */
int tkb_request_decode(const char *payload, size_t n, const char *nonce_hex, const char *key,
                       size_t key_len, int64_t expect_seq, tkb_request *out, tc_error *err) {
    memset(out, 0, sizeof *out);
    if (n < TKB_SIG_HEX + 1 || n > TKB_MAX_FRAME || payload[TKB_SIG_HEX] != '\n') {
        tc_error_set(err, TC_EXC_VALUE, "bridge request refused: missing signature");
        return -2;
    }
    char want[TKB_SIG_HEX + 1];
    const char *body = payload + TKB_SIG_HEX + 1;
    size_t body_len = n - TKB_SIG_HEX - 1;
    tkb_sign(key, key_len, nonce_hex, body, body_len, want);
    if (strlen(want) != TKB_SIG_HEX || sodium_memcmp(want, payload, TKB_SIG_HEX) != 0) {
        tc_error_set(err, TC_EXC_VALUE,
                     "bridge request refused: the signature does not match the kernel's key");
        return -2;
    }
    json_error_t jerr;
    json_t *j = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) return bad(err, "invalid JSON");
    int rc = json_is_object(j) ? check_seq(j, expect_seq, out, err) : bad(err, "not an object");
    if (rc == 0 && parse_body(j, out, err) < 0) rc = -1;
    json_decref(j);
    if (rc < 0) {
        int64_t seq = out->seq;
        tkb_request_clear(out);
        out->seq = seq;
    }
    return rc;
}
