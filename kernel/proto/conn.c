/*
 * The connection-file reader: the JSON a Jupyter launcher writes (transport, ip, five
 * ports, key, signature_scheme) turned into a kn_conn, with every field checked so a bad
 * file is a clear error rather than a socket bound somewhere surprising.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/proto/proto.h"

#define CONN_FILE_MAX (1 << 20)

static int bad(tc_error *err, const char *what) {
    return tc_error_set(err, TC_EXC_VALUE, "connection file: %s", what);
}

static int get_port(json_t *root, const char *name, int *out, tc_error *err) {
    json_t *v = json_object_get(root, name);
    if (!json_is_integer(v))
        return tc_error_set(err, TC_EXC_VALUE, "connection file: '%s' must be an integer", name);
    json_int_t p = json_integer_value(v);
    if (p < 1 || p > 65535)
        return tc_error_set(err, TC_EXC_VALUE, "connection file: '%s' out of range", name);
    *out = (int)p;
    return 0;
}

/* Copy an optional string field into buf; def when absent. */
static int get_str(json_t *root, const char *name, const char *def, char *buf, size_t size,
                   tc_error *err) {
    json_t *v = json_object_get(root, name);
    if (!v) {
        snprintf(buf, size, "%s", def);
        return 0;
    }
    if (!json_is_string(v))
        return tc_error_set(err, TC_EXC_VALUE, "connection file: '%s' must be a string", name);
    if (json_string_length(v) >= size || strlen(json_string_value(v)) != json_string_length(v))
        return tc_error_set(err, TC_EXC_VALUE, "connection file: '%s' is too long", name);
    memcpy(buf, json_string_value(v), json_string_length(v) + 1);
    return 0;
}

static int parse_fields(json_t *root, kn_conn *c, tc_error *err) {
    if (get_str(root, "transport", "tcp", c->transport, sizeof c->transport, err) < 0 ||
        get_str(root, "ip", "127.0.0.1", c->ip, sizeof c->ip, err) < 0 ||
        get_str(root, "signature_scheme", "hmac-sha256", c->scheme, sizeof c->scheme, err) < 0 ||
        get_str(root, "kernel_name", "", c->kernel_name, sizeof c->kernel_name, err) < 0)
        return -1;
    if (strcmp(c->transport, "tcp") != 0 && strcmp(c->transport, "ipc") != 0)
        return bad(err, "transport must be \"tcp\" or \"ipc\"");
    if (!c->ip[0]) return bad(err, "'ip' is empty");
    if (get_port(root, "shell_port", &c->shell_port, err) < 0 ||
        get_port(root, "iopub_port", &c->iopub_port, err) < 0 ||
        get_port(root, "stdin_port", &c->stdin_port, err) < 0 ||
        get_port(root, "control_port", &c->control_port, err) < 0 ||
        get_port(root, "hb_port", &c->hb_port, err) < 0)
        return -1;
    json_t *key = json_object_get(root, "key");
    if (key && !json_is_string(key)) return bad(err, "'key' must be a string");
    const char *k = key ? json_string_value(key) : "";
    size_t klen = key ? json_string_length(key) : 0;
    if (strlen(k) != klen) return bad(err, "'key' contains a NUL character");
    c->key = tc_malloc(klen + 1);
    if (!c->key) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    memcpy(c->key, k, klen + 1);
    return 0;
}

/* Parse connection-file JSON text into *out. */
int kn_conn_parse(const char *text, size_t n, kn_conn *out, tc_error *err) {
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *root = json_loadb(text, n, 0, &jerr);
    if (!root)
        return tc_error_set(err, TC_EXC_VALUE, "connection file: invalid JSON (line %d: %s)",
                            jerr.line, jerr.text);
    int rc = json_is_object(root) ? parse_fields(root, out, err)
                                  : bad(err, "top level must be an object");
    json_decref(root);
    if (rc < 0) kn_conn_clear(out);
    return rc;
}

/* Read and parse the connection file at path. */
int kn_conn_read(const char *path, kn_conn *out, tc_error *err) {
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) return tc_error_set(err, TC_EXC_OS, "cannot open connection file %s: %s", path,
                                strerror(errno));
    char *buf = tc_malloc(CONN_FILE_MAX);
    if (!buf) {
        fclose(f);
        return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
    }
    size_t n = fread(buf, 1, CONN_FILE_MAX, f);
    bool too_big = n == CONN_FILE_MAX;
    fclose(f);
    int rc = too_big ? bad(err, "file too large") : kn_conn_parse(buf, n, out, err);
    tc_free(buf);
    return rc;
}

/* Release the key and zero the struct. */
void kn_conn_clear(kn_conn *c) {
    if (!c) return;
    tc_free(c->key);
    memset(c, 0, sizeof *c);
}

/* ZeroMQ endpoint for one port of the connection. */
int kn_conn_endpoint(const kn_conn *c, int port, char *buf, size_t size) {
    int n = strcmp(c->transport, "ipc") == 0 ? snprintf(buf, size, "ipc://%s-%d", c->ip, port)
                                             : snprintf(buf, size, "tcp://%s:%d", c->ip, port);
    return n < 0 || (size_t)n >= size ? -1 : n;
}
