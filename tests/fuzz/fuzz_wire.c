/*
 * libFuzzer target for the Jupyter wire decoder (kn_wire_decode): the input is cut into
 * frames (first byte: frame count; each frame: a 2-byte length, then its bytes) and decoded
 * twice, with signing on (every message is then dropped at the signature) and with signing
 * off (so the JSON and field checks see arbitrary bytes). Build and run: fuzz_wire.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/proto/proto.h"

#define MAX_FRAMES 64

static size_t split(const uint8_t *data, size_t size, kn_frame *frames) {
    if (size == 0) return 0;
    size_t want = data[0] % MAX_FRAMES, n = 0, pos = 1;
    while (n < want && pos + 2 <= size) {
        size_t len = (size_t)data[pos] << 8 | data[pos + 1];
        pos += 2;
        if (len > size - pos) len = size - pos;
        frames[n++] = (kn_frame){data + pos, len};
        pos += len;
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static kn_signer *on, *off;
    static kn_replay *replay;
    if (!on) {
        on = kn_signer_new("hmac-sha256", "fuzz-key", 8, NULL);
        off = kn_signer_new("hmac-sha256", "", 0, NULL);
        replay = kn_replay_new(64);
    }
    kn_frame frames[MAX_FRAMES];
    size_t n = split(data, size, frames);
    kn_signer *signers[2] = {on, off};
    for (int i = 0; i < 2; i++) {
        kn_msg m;
        tc_error err = {0};
        if (kn_wire_decode(frames, n, signers[i], i == 0 ? replay : NULL, &m, &err) == 0) {
            kn_wire_body b;
            if (kn_wire_encode(on, m.header, m.parent, m.metadata, m.content, &b) == 0)
                kn_wire_body_clear(&b);
            kn_msg_clear(&m);
        }
    }
    return 0;
}
