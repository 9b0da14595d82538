/*
 * Wire codec tests: HMAC signatures against Python's hmac module, decoding of valid
 * messages and every kind of bad input the kernel must drop (bad, missing and replayed
 * signatures, truncated frames, invalid JSON, wrong field types), and encode/decode
 * round trips.
 */
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include "check.h"
#include "kernel/proto/proto.h"

#define HDR "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}"
/* hmac.new(b"secret", HDR + "{}" * 3, sha256 / sha512).hexdigest() */
#define SIG256 "0fca6e189cdcc0095e523565e0900c86cd24e5e0bfab2105ab98d33a07a29a4e"
#define SIG512                                                                                 \
    "e0e3ebc62853bbb9b80ce02cab0177b69f218781e2e99c891dde31f58c5f5eed172fa0992c974855e59d7e7" \
    "05faab203396160173ebe43743f33b71e0b24d999"

static const void *parts[4] = {HDR, "{}", "{}", "{}"};
static const size_t lens[4] = {sizeof HDR - 1, 2, 2, 2};

static kn_frame fr(const char *s) { return (kn_frame){s, strlen(s)}; }

static void test_sign_matches_python(void) {
    kn_signer *s = kn_signer_new("hmac-sha256", "secret", 6, NULL);
    char hex[KN_SIG_HEX_MAX];
    kn_signer_sign(s, parts, lens, hex);
    CHECK(strcmp(hex, SIG256) == 0);
    CHECK(kn_signer_verify(s, parts, lens, SIG256, 64));
    char upper[65];
    for (int i = 0; i < 64; i++) upper[i] = (char)(SIG256[i] >= 'a' ? SIG256[i] - 32 : SIG256[i]);
    CHECK(kn_signer_verify(s, parts, lens, upper, 64)); /* hex case does not matter */
    char bad[65];
    memcpy(bad, SIG256, 65);
    bad[10] = bad[10] == '0' ? '1' : '0';
    CHECK(!kn_signer_verify(s, parts, lens, bad, 64));
    CHECK(!kn_signer_verify(s, parts, lens, SIG256, 63));
    CHECK(!kn_signer_verify(s, parts, lens, "zz", 2));
    kn_signer_free(s);

    s = kn_signer_new("hmac-sha512", "secret", 6, NULL);
    kn_signer_sign(s, parts, lens, hex);
    CHECK(strcmp(hex, SIG512) == 0);
    kn_signer_free(s);
}

static void test_signer_schemes(void) {
    tc_error err = {0};
    CHECK(kn_signer_new("hmac-nope", "k", 1, &err) == NULL);
    CHECK(err.type == TC_EXC_VALUE && strstr(err.msg, "hmac-nope"));
    tc_error_clear(&err);
    CHECK(kn_signer_new("rsa", "k", 1, &err) == NULL);
    kn_signer *off = kn_signer_new("hmac-sha256", "", 0, NULL);
    CHECK(off && !kn_signer_enabled(off));
    char hex[KN_SIG_HEX_MAX];
    kn_signer_sign(off, parts, lens, hex);
    CHECK(hex[0] == '\0');
    CHECK(kn_signer_verify(off, parts, lens, "", 0));
    kn_signer_free(off);
    kn_signer_free(NULL);
}

static int decode(const kn_frame *f, size_t n, kn_signer *s, kn_replay *r, kn_msg *m,
                  tc_error *err) {
    tc_error_clear(err);
    return kn_wire_decode(f, n, s, r, m, err);
}

static void test_decode(void) {
    kn_signer *s = kn_signer_new("hmac-sha256", "secret", 6, NULL);
    kn_replay *r = kn_replay_new(16);
    tc_error err = {0};
    kn_msg m;
    kn_frame ok[] = {fr("client-id"), fr("<IDS|MSG>"), fr(SIG256), fr(HDR), fr("{}"), fr("{}"),
                     fr("{}"), fr("extra buffer")};
    CHECK(decode(ok, 8, s, r, &m, &err) == 0);
    CHECK(m.n_ids == 1 && m.ids_len[0] == 9 && memcmp(m.ids[0], "client-id", 9) == 0);
    CHECK(strcmp(kn_msg_type(&m), "kernel_info_request") == 0);
    CHECK(json_is_object(m.content) && json_object_size(m.content) == 0);
    kn_msg_clear(&m);

    /* the same frames again: a replay */
    CHECK(decode(ok, 8, s, r, &m, &err) < 0 && strstr(err.msg, "replayed"));
    /* the same digest with its hex re-cased is still a replay */
    char upper[] = SIG256, mixed[] = SIG256;
    for (char *c = upper; *c; c++) *c = (char)toupper((unsigned char)*c);
    for (char *c = mixed; *c; c += 2) *c = (char)toupper((unsigned char)*c);
    kn_frame up[] = {fr("<IDS|MSG>"), fr(upper), fr(HDR), fr("{}"), fr("{}"), fr("{}")};
    kn_frame mx[] = {fr("<IDS|MSG>"), fr(mixed), fr(HDR), fr("{}"), fr("{}"), fr("{}")};
    CHECK(decode(up, 6, s, r, &m, &err) < 0 && strstr(err.msg, "replayed"));
    CHECK(decode(mx, 6, s, r, &m, &err) < 0 && strstr(err.msg, "replayed"));

    kn_frame badsig[] = {fr("<IDS|MSG>"), fr("0fca6e189cdcc0095e523565e0900c86cd24e5e0bfab2105ab98d33a07a29a4f"),
                         fr(HDR), fr("{}"), fr("{}"), fr("{}")};
    CHECK(decode(badsig, 6, s, r, &m, &err) < 0 && strstr(err.msg, "invalid signature"));
    kn_frame nosig[] = {fr("<IDS|MSG>"), fr(""), fr(HDR), fr("{}"), fr("{}"), fr("{}")};
    CHECK(decode(nosig, 6, s, r, &m, &err) < 0 && strstr(err.msg, "missing signature"));
    CHECK(decode(ok, 6, s, r, &m, &err) < 0 && strstr(err.msg, "truncated"));
    kn_frame nodelim[] = {fr("a"), fr("b")};
    CHECK(decode(nodelim, 2, s, r, &m, &err) < 0 && strstr(err.msg, "delimiter"));
    CHECK(decode(NULL, 0, s, r, &m, &err) < 0);
    kn_signer_free(s);
    kn_replay_free(r);
}

/* Messages signed with an empty key (signing off) exercise the JSON checks. */
static void test_decode_json_checks(void) {
    kn_signer *off = kn_signer_new("hmac-sha256", "", 0, NULL);
    tc_error err = {0};
    kn_msg m;
    struct {
        const char *header, *content, *why;
    } cases[] = {
        {"{not json", "{}", "header is not a JSON object"},
        {"[1,2]", "{}", "header is not a JSON object"},
        {HDR, "\"text\"", "content is not a JSON object"},
        {HDR, "{\"a\":", "content is not a JSON object"},
        {"{\"msg_id\":\"1\",\"msg_type\":5}", "{}", "msg_type"},
        {"{\"msg_id\":\"1\"}", "{}", "msg_type"},
        {"{\"msg_id\":7,\"msg_type\":\"x\"}", "{}", "msg_id"},
        {"{\"msg_id\":\"1\",\"msg_type\":\"\"}", "{}", "msg_type"},
        {"{\"msg_id\":\"1\",\"msg_type\":\"execute_request\\u0000x\"}", "{}", "msg_type"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kn_frame f[] = {fr("<IDS|MSG>"), fr(""), fr(cases[i].header), fr("{}"), fr("{}"),
                        fr(cases[i].content)};
        CHECK(decode(f, 6, off, NULL, &m, &err) < 0);
        CHECK(strstr(err.msg, cases[i].why) != NULL);
    }
    kn_frame nul[] = {fr("<IDS|MSG>"), fr(""), {"{\"msg_id\":\"1\0\"}", 15}, fr("{}"), fr("{}"),
                      fr("{}")};
    CHECK(decode(nul, 6, off, NULL, &m, &err) < 0);
    kn_signer_free(off);
}

static void test_roundtrip(void) {
    kn_signer *s = kn_signer_new("hmac-sha256", "k3y", 3, NULL);
    json_t *h = json_pack("{s:s, s:s}", "msg_id", "abc", "msg_type", "execute_reply");
    json_t *p = json_pack("{s:s}", "msg_id", "parent");
    json_t *md = json_object();
    json_t *c = json_pack("{s:s, s:s}", "status", "ok", "text", "h\xc3\xa9llo \xe2\x9c\x93");
    kn_wire_body b;
    CHECK(kn_wire_encode(s, h, p, md, c, &b) == 0);
    CHECK(strlen(b.sig) == 64);
    kn_frame f[] = {fr("id1"), fr("id2"), fr("<IDS|MSG>"), fr(b.sig), {b.part[0], b.len[0]},
                    {b.part[1], b.len[1]}, {b.part[2], b.len[2]}, {b.part[3], b.len[3]}};
    kn_msg m;
    tc_error err = {0};
    CHECK(kn_wire_decode(f, 8, s, NULL, &m, &err) == 0);
    CHECK(m.n_ids == 2 && json_equal(m.content, c) && json_equal(m.parent, p));
    kn_msg_clear(&m);
    kn_signer *other = kn_signer_new("hmac-sha256", "other", 5, NULL);
    CHECK(kn_wire_decode(f, 8, other, NULL, &m, &err) < 0);
    kn_signer_free(other);
    kn_wire_body_clear(&b);
    json_decref(h), json_decref(p), json_decref(md), json_decref(c);
    kn_signer_free(s);
}

static void test_replay_is_bounded(void) {
    kn_replay *r = kn_replay_new(4);
    char sig[8];
    for (int i = 0; i < 100; i++) {
        snprintf(sig, sizeof sig, "s%d", i);
        CHECK(kn_replay_admit(r, sig, strlen(sig)));
        CHECK(!kn_replay_admit(r, sig, strlen(sig)));
    }
    /* the oldest were forgotten, the last four are still refused */
    CHECK(kn_replay_admit(r, "s0", 2));
    CHECK(!kn_replay_admit(r, "s99", 3));
    CHECK(!kn_replay_admit(r, "s98", 3));
    kn_replay_free(r);

    /* arbitrary bytes (NULs included) are remembered and forgotten just the same */
    r = kn_replay_new(3);
    char raw[4][4] = {{0, 1, 0, 2}, {0, 1, 0, 3}, {0, 0, 0, 0}, {9, 0, 9, 0}};
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 4; i++) CHECK(kn_replay_admit(r, raw[i], 4));
    CHECK(!kn_replay_admit(r, raw[3], 4));
    kn_replay_free(r);
}

int main(void) {
    test_sign_matches_python();
    test_signer_schemes();
    test_decode();
    test_decode_json_checks();
    test_roundtrip();
    test_replay_is_bounded();
    return CHECK_DONE();
}
