/*
 * The wire codec: <IDS|MSG> framing, HMAC signatures (libsodium, which libzmq loads anyway,
 * so the kernel process maps no second crypto library; constant-time comparison) and the
 * replay guard. Pure functions of their inputs so the codec can be
 * unit-tested and fuzzed without sockets.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "kernel/proto/proto.h"

#define DELIM "<IDS|MSG>"
#define DELIM_LEN 9

/* ---- signer ------------------------------------------------------------------------------ */

#define MAX_DIGEST crypto_auth_hmacsha512_BYTES
_Static_assert(2 * MAX_DIGEST < KN_SIG_HEX_MAX, "hex signature buffer");

/* The key is absorbed once into a template state; each message works on a copy, so signing
 * and verifying are thread-safe without a lock. */
struct kn_signer {
    bool on;
    bool sha512; /* hmac-sha512; else hmac-sha256 */
    size_t digest_len;
    crypto_auth_hmacsha256_state t256;
    crypto_auth_hmacsha512_state t512;
};

kn_signer *kn_signer_new(const char *scheme, const char *key, size_t key_len, tc_error *err) {
    if (sodium_init() < 0) {
        tc_error_set(err, TC_EXC_RUNTIME, "cannot initialise libsodium");
        return NULL;
    }
    kn_signer *s = tc_calloc(1, sizeof *s);
    if (!s) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    if (key_len == 0) return s;
    const unsigned char *k = (const unsigned char *)key;
    if (strcmp(scheme, "hmac-sha256") == 0) {
        s->digest_len = crypto_auth_hmacsha256_BYTES;
        crypto_auth_hmacsha256_init(&s->t256, k, key_len);
    } else if (strcmp(scheme, "hmac-sha512") == 0) {
        s->sha512 = true;
        s->digest_len = crypto_auth_hmacsha512_BYTES;
        crypto_auth_hmacsha512_init(&s->t512, k, key_len);
    } else {
        tc_error_set(err, TC_EXC_VALUE,
                     "unsupported signature_scheme '%s' (hmac-sha256 and hmac-sha512 are)", scheme);
        kn_signer_free(s);
        return NULL;
    }
    s->on = true;
    return s;
}

/* The key state is wiped before the memory goes back. */
void kn_signer_free(kn_signer *s) {
    if (!s) return;
    sodium_memzero(s, sizeof *s);
    tc_free(s);
}

bool kn_signer_enabled(const kn_signer *s) { return s && s->on; }

/* Raw digest of the four parts into out (digest_len bytes). */
static void mac_parts(const kn_signer *s, const void *const parts[4], const size_t lens[4],
                      unsigned char *out) {
    if (s->sha512) {
        crypto_auth_hmacsha512_state st = s->t512;
        for (int i = 0; i < 4; i++) crypto_auth_hmacsha512_update(&st, parts[i], lens[i]);
        crypto_auth_hmacsha512_final(&st, out);
        sodium_memzero(&st, sizeof st);
    } else {
        crypto_auth_hmacsha256_state st = s->t256;
        for (int i = 0; i < 4; i++) crypto_auth_hmacsha256_update(&st, parts[i], lens[i]);
        crypto_auth_hmacsha256_final(&st, out);
        sodium_memzero(&st, sizeof st);
    }
}

void kn_signer_sign(const kn_signer *s, const void *const parts[4], const size_t lens[4],
                    char hex[KN_SIG_HEX_MAX]) {
    static const char digits[] = "0123456789abcdef";
    hex[0] = '\0';
    unsigned char raw[MAX_DIGEST];
    if (!kn_signer_enabled(s)) return;
    mac_parts(s, parts, lens, raw);
    for (size_t i = 0; i < s->digest_len; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * s->digest_len] = '\0';
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool kn_signer_verify(const kn_signer *s, const void *const parts[4], const size_t lens[4],
                      const char *sig, size_t sig_len) {
    if (!kn_signer_enabled(s)) return true;
    if (sig_len != 2 * s->digest_len) return false;
    unsigned char got[MAX_DIGEST], want[MAX_DIGEST];
    for (size_t i = 0; i < s->digest_len; i++) {
        int hi = hexval((unsigned char)sig[2 * i]), lo = hexval((unsigned char)sig[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        got[i] = (unsigned char)(hi << 4 | lo);
    }
    mac_parts(s, parts, lens, want);
    return sodium_memcmp(got, want, s->digest_len) == 0;
}

/* ---- replay guard -------------------------------------------------------------------------- */

/* A ring of the last 'cap' signatures, each kept as a 128-bit fingerprint (16 bytes rather
 * than up to 129, so the guard stays small in a long session), with a chained hash index.
 * Signatures are HMACs, so two different ones sharing a fingerprint is not a practical
 * concern; a replay has the same digest and always matches. */
typedef struct replay_fp {
    uint64_t a, b;
} replay_fp;

struct kn_replay {
    pthread_mutex_t lock;
    size_t cap, used, next; /* ring size, filled slots, slot to overwrite next */
    replay_fp *fp;
    int32_t *chain;  /* next slot in the same bucket, -1 ends */
    int32_t *bucket; /* first slot per bucket, -1 empty */
    size_t nbuckets;
};

/* Case-folded: verification decodes hex case-insensitively, so "AB.." and "ab.." are the
 * same digest and must be the same fingerprint, or re-casing a captured signature replays it. */
static uint64_t fnv1a(const char *s, size_t n, uint64_t h) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)tolower((unsigned char)s[i])) * 1099511628211ull;
    return h ^ (h >> 29);
}

static replay_fp fingerprint(const char *sig, size_t n) {
    return (replay_fp){fnv1a(sig, n, 1469598103934665603ull), fnv1a(sig, n, 0x9e3779b97f4a7c15ull)};
}

kn_replay *kn_replay_new(size_t capacity) {
    kn_replay *r = tc_calloc(1, sizeof *r);
    if (!r) return NULL;
    r->cap = capacity ? capacity : 1;
    r->nbuckets = 1;
    while (r->nbuckets < r->cap) r->nbuckets <<= 1;
    r->fp = tc_calloc(r->cap, sizeof *r->fp);
    r->chain = tc_malloc(r->cap * sizeof *r->chain);
    r->bucket = tc_malloc(r->nbuckets * sizeof *r->bucket);
    if (!r->fp || !r->chain || !r->bucket) {
        kn_replay_free(r);
        return NULL;
    }
    memset(r->bucket, 0xff, r->nbuckets * sizeof *r->bucket);
    pthread_mutex_init(&r->lock, NULL);
    return r;
}

void kn_replay_free(kn_replay *r) {
    if (!r) return;
    if (r->fp && r->chain && r->bucket) pthread_mutex_destroy(&r->lock);
    tc_free(r->fp);
    tc_free(r->chain);
    tc_free(r->bucket);
    tc_free(r);
}

static void unlink_slot(kn_replay *r, size_t slot) {
    int32_t *p = &r->bucket[r->fp[slot].a & (r->nbuckets - 1)];
    while (*p >= 0 && (size_t)*p != slot) p = &r->chain[*p];
    if (*p >= 0) *p = r->chain[slot];
}

static bool seen(const kn_replay *r, replay_fp f, size_t b) {
    for (int32_t i = r->bucket[b]; i >= 0; i = r->chain[i])
        if (r->fp[i].a == f.a && r->fp[i].b == f.b) return true;
    return false;
}

bool kn_replay_admit(kn_replay *r, const char *sig, size_t n) {
    replay_fp f = fingerprint(sig, n);
    size_t b = f.a & (r->nbuckets - 1);
    pthread_mutex_lock(&r->lock);
    bool fresh = !seen(r, f, b);
    if (fresh) {
        size_t slot = r->next;
        if (r->used == r->cap) unlink_slot(r, slot);
        else r->used++;
        r->fp[slot] = f;
        r->chain[slot] = r->bucket[b];
        r->bucket[b] = (int32_t)slot;
        r->next = (slot + 1) % r->cap;
    }
    pthread_mutex_unlock(&r->lock);
    return fresh;
}

/* ---- messages ------------------------------------------------------------------------------ */

void kn_msg_clear(kn_msg *m) {
    if (!m) return;
    for (size_t i = 0; i < m->n_ids; i++) tc_free(m->ids[i]);
    tc_free(m->ids);
    tc_free(m->ids_len);
    json_decref(m->header);
    json_decref(m->parent);
    json_decref(m->metadata);
    json_decref(m->content);
    memset(m, 0, sizeof *m);
}

const char *kn_msg_type(const kn_msg *m) {
    return json_string_value(json_object_get(m->header, "msg_type"));
}

static int drop(tc_error *err, const char *why) {
    return tc_error_set(err, TC_EXC_VALUE, "%s", why);
}

static int copy_ids(const kn_frame *frames, size_t n, kn_msg *out) {
    out->ids = tc_calloc(n ? n : 1, sizeof *out->ids);
    out->ids_len = tc_calloc(n ? n : 1, sizeof *out->ids_len);
    if (!out->ids || !out->ids_len) return -1;
    for (size_t i = 0; i < n; i++) {
        out->ids[i] = tc_malloc(frames[i].len ? frames[i].len : 1);
        if (!out->ids[i]) return -1;
        memcpy(out->ids[i], frames[i].data, frames[i].len);
        out->ids_len[i] = frames[i].len;
        out->n_ids = i + 1;
    }
    return 0;
}

static json_t *load_object(const kn_frame *f) {
    json_t *v = json_loadb(f->data, f->len, JSON_ALLOW_NUL, NULL); /* fields check NULs */
    if (v && !json_is_object(v)) {
        json_decref(v);
        v = NULL;
    }
    return v;
}

static int parse_parts(const kn_frame *p, kn_msg *out, tc_error *err) {
    json_t **dst[4] = {&out->header, &out->parent, &out->metadata, &out->content};
    static const char *const names[4] = {"header", "parent_header", "metadata", "content"};
    for (int i = 0; i < 4; i++) {
        *dst[i] = load_object(&p[i]);
        if (!*dst[i])
            return tc_error_set(err, TC_EXC_VALUE, "%s is not a JSON object", names[i]);
    }
    json_t *type = json_object_get(out->header, "msg_type");
    if (!json_is_string(type) || json_string_length(type) == 0 ||
        strlen(json_string_value(type)) != json_string_length(type))
        return drop(err, "header.msg_type is not a non-empty string");
    if (!json_is_string(json_object_get(out->header, "msg_id")))
        return drop(err, "header.msg_id is not a string");
    return 0;
}

int kn_wire_decode(const kn_frame *frames, size_t n, const kn_signer *s, kn_replay *replay,
                   kn_msg *out, tc_error *err) {
    memset(out, 0, sizeof *out);
    size_t d = 0;
    while (d < n && !(frames[d].len == DELIM_LEN && memcmp(frames[d].data, DELIM, DELIM_LEN) == 0))
        d++;
    if (d == n) return drop(err, "no <IDS|MSG> delimiter");
    if (n - d - 1 < 5) return drop(err, "truncated message (fewer than 5 frames after delimiter)");
    const kn_frame *sig = &frames[d + 1], *p = &frames[d + 2];
    const void *parts[4] = {p[0].data, p[1].data, p[2].data, p[3].data};
    size_t lens[4] = {p[0].len, p[1].len, p[2].len, p[3].len};
    if (kn_signer_enabled(s)) {
        if (sig->len == 0) return drop(err, "missing signature");
        if (!kn_signer_verify(s, parts, lens, sig->data, sig->len))
            return drop(err, "invalid signature");
        if (replay && !kn_replay_admit(replay, sig->data, sig->len))
            return drop(err, "replayed signature");
    }
    if (copy_ids(frames, d, out) < 0) {
        kn_msg_clear(out);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    if (parse_parts(p, out, err) < 0) {
        kn_msg_clear(out);
        return -1;
    }
    return 0;
}

/* ---- encoding ------------------------------------------------------------------------------ */

void kn_wire_body_clear(kn_wire_body *b) {
    if (!b) return;
    for (int i = 0; i < 4; i++) free(b->part[i]); /* from json_dumps: jansson's allocator */
    memset(b, 0, sizeof *b);
}

int kn_wire_encode(const kn_signer *s, json_t *header, json_t *parent, json_t *metadata,
                   json_t *content, kn_wire_body *out) {
    memset(out, 0, sizeof *out);
    json_t *src[4] = {header, parent, metadata, content};
    for (int i = 0; i < 4; i++) {
        out->part[i] = json_dumps(src[i], JSON_COMPACT);
        if (!out->part[i]) {
            kn_wire_body_clear(out);
            return -1;
        }
        out->len[i] = strlen(out->part[i]);
    }
    const void *parts[4] = {out->part[0], out->part[1], out->part[2], out->part[3]};
    kn_signer_sign(s, parts, out->len, out->sig);
    return 0;
}
