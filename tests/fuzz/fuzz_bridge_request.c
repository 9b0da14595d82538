/*
 * libFuzzer target for the bridge request decoder. The input is split at its first byte:
 * odd first byte → the rest is signed with the test key and nonce (so the fuzzer reaches
 * the JSON decoding behind the signature check); even → the rest is passed as is (so it
 * also exercises signature and framing refusal).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/bridge/bridge.h"

static const char KEY[] = "fuzz-key";
static const char NONCE[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > TKB_MAX_FRAME) return 0;
    bool sign = data[0] & 1;
    const char *body = (const char *)data + 1;
    size_t n = size - 1;
    char *payload;
    size_t len;
    if (sign) {
        len = TKB_SIG_HEX + 1 + n;
        payload = malloc(len + 1);
        char sig[TKB_SIG_HEX + 1];
        tkb_sign(KEY, strlen(KEY), NONCE, body, n, sig);
        memcpy(payload, sig, TKB_SIG_HEX);
        payload[TKB_SIG_HEX] = '\n';
        memcpy(payload + TKB_SIG_HEX + 1, body, n);
    } else {
        len = n;
        payload = malloc(len + 1);
        memcpy(payload, body, n);
    }
    payload[len] = '\0';
    tkb_request r;
    tc_error err = {0};
    if (tkb_request_decode(payload, len, NONCE, KEY, strlen(KEY), 1, &r, &err) == 0)
        tkb_request_clear(&r);
    free(payload);
    return 0;
}
