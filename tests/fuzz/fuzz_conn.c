/*
 * libFuzzer target for the connection-file reader (kn_conn_parse) and the endpoint
 * formatter. Build and run: fuzz_conn.sh.
 */
#include <stdint.h>
#include <string.h>

#include "kernel/proto/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    kn_conn c;
    tc_error err = {0};
    if (kn_conn_parse((const char *)data, size, &c, &err) == 0) {
        char ep[300];
        kn_conn_endpoint(&c, c.shell_port, ep, sizeof ep);
        kn_conn_clear(&c);
    }
    return 0;
}
