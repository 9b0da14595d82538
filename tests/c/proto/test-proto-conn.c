/*
 * Connection-file reader tests: a file as jupyter_client writes it, ipc transport, and the
 * malformed files that must be refused with a clear message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kernel/proto/proto.h"

#define GOOD                                                                                   \
    "{\"shell_port\": 5001, \"iopub_port\": 5002, \"stdin_port\": 5003, \"control_port\": "    \
    "5004, \"hb_port\": 5005, \"ip\": \"127.0.0.1\", \"key\": \"a0b1-c2\", \"transport\": "    \
    "\"tcp\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"tensorkernel\"}"

static void test_good(void) {
    kn_conn c;
    tc_error err = {0};
    CHECK(kn_conn_parse(GOOD, strlen(GOOD), &c, &err) == 0);
    CHECK(c.shell_port == 5001 && c.iopub_port == 5002 && c.stdin_port == 5003);
    CHECK(c.control_port == 5004 && c.hb_port == 5005);
    CHECK(strcmp(c.key, "a0b1-c2") == 0 && strcmp(c.scheme, "hmac-sha256") == 0);
    CHECK(strcmp(c.kernel_name, "tensorkernel") == 0);
    char ep[64];
    CHECK(kn_conn_endpoint(&c, c.shell_port, ep, sizeof ep) > 0);
    CHECK(strcmp(ep, "tcp://127.0.0.1:5001") == 0);
    CHECK(kn_conn_endpoint(&c, c.shell_port, ep, 8) == -1);
    kn_conn_clear(&c);
    kn_conn_clear(NULL);
}

static void test_ipc_and_defaults(void) {
    const char *text = "{\"transport\":\"ipc\",\"ip\":\"/tmp/kernel-x\",\"shell_port\":1,"
                       "\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5}";
    kn_conn c;
    CHECK(kn_conn_parse(text, strlen(text), &c, NULL) == 0);
    char ep[64];
    kn_conn_endpoint(&c, c.iopub_port, ep, sizeof ep);
    CHECK(strcmp(ep, "ipc:///tmp/kernel-x-2") == 0);
    CHECK(strcmp(c.key, "") == 0 && strcmp(c.scheme, "hmac-sha256") == 0);
    kn_conn_clear(&c);
}

static void test_bad(void) {
    const char *cases[][2] = {
        {"", "invalid JSON"},
        {"[1]", "object"},
        {"{\"shell_port\": 1}", "iopub_port"},
        {"{\"shell_port\":\"1\",\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5}",
         "shell_port"},
        {"{\"shell_port\":70000,\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5}",
         "out of range"},
        {"{\"transport\":\"udp\",\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,"
         "\"control_port\":4,\"hb_port\":5}",
         "transport"},
        {"{\"key\":5,\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,"
         "\"hb_port\":5}",
         "key"},
        {"{\"ip\":[],\"shell_port\":1,\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,"
         "\"hb_port\":5}",
         "ip"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        kn_conn c;
        tc_error err = {0};
        CHECK(kn_conn_parse(cases[i][0], strlen(cases[i][0]), &c, &err) < 0);
        CHECK(err.type == TC_EXC_VALUE);
        if (!strstr(err.msg, cases[i][1])) fprintf(stderr, "case %zu: %s\n", i, err.msg);
        CHECK(strstr(err.msg, cases[i][1]) != NULL);
        CHECK(c.key == NULL);
    }
}

static void test_read_file(void) {
    char path[] = "/tmp/tk-conn-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, GOOD, strlen(GOOD)) == (ssize_t)strlen(GOOD));
    close(fd);
    kn_conn c;
    tc_error err = {0};
    CHECK(kn_conn_read(path, &c, &err) == 0 && c.hb_port == 5005);
    kn_conn_clear(&c);
    unlink(path);
    CHECK(kn_conn_read(path, &c, &err) < 0 && err.type == TC_EXC_OS);
}

int main(void) {
    test_good();
    test_ipc_and_defaults();
    test_bad();
    test_read_file();
    return CHECK_DONE();
}
