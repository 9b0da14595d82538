/*
 * The bridge server: lifecycle (start, path, stop). The full server (socket thread,
 * authentication, leases, requests) is filled in by the other files of kernel/bridge.
 */
#include "kernel/bridge/bridge.h"

#include <stdlib.h>
#include <string.h>

struct tkb_server {
    char *path;
};

/* Start serving beside connection_file; for now only records the socket path. */
tkb_server *tkb_server_start(const char *connection_file, const char *key, kn_interp *in,
                             tc_error *err) {
    (void)key;
    (void)in;
    tkb_server *s = calloc(1, sizeof *s);
    if (!s) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    size_t n = strlen(connection_file);
    s->path = malloc(n + 16);
    if (!s->path) {
        free(s);
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(s->path, connection_file, n + 1);
    if (n > 5 && strcmp(s->path + n - 5, ".json") == 0) s->path[n - 5] = '\0';
    strcat(s->path, ".tkbridge");
    return s;
}

/* The socket path (borrowed). */
const char *tkb_server_path(const tkb_server *s) { return s ? s->path : NULL; }

/* Stop serving and free the server. NULL is fine. */
void tkb_server_stop(tkb_server *s) {
    if (!s) return;
    free(s->path);
    free(s);
}
