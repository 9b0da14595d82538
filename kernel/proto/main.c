/*
 * tensorkernel's entry point: parse the command line (-f / --connection-file, --debug),
 * register the device backends, create the interpreter, start the bridge, serve the
 * Jupyter protocol until shutdown, then tear everything down in reverse.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gpu/gpu.h"
#include "kernel/bridge/bridge.h"
#include "kernel/proto/proto.h"

static void usage(void) {
    fprintf(stderr, "usage: tensorkernel -f CONNECTION_FILE [--debug]\n"
                    "--debug (or TENSORKERNEL_DEBUG=1): log info and debug lines on stderr.\n"
                    "A Jupyter kernel for a PyTorch-flavoured Python subset.\n");
}

/* The connection file from argv (-f X, -fX, --connection-file X, --connection-file=X). */
static const char *parse_args(int argc, char **argv, bool *debug) {
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--debug") == 0) *debug = true;
        else if ((strcmp(a, "-f") == 0 || strcmp(a, "--connection-file") == 0) && i + 1 < argc)
            file = argv[++i];
        else if (strncmp(a, "--connection-file=", 18) == 0) file = a + 18;
        else if (strncmp(a, "-f", 2) == 0 && a[2]) file = a + 2;
        else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return NULL;
        else fprintf(stderr, "tensorkernel: ignoring argument %s\n", a);
    }
    return file;
}

static char *bridge_text(const tkb_server *b, const char *file) {
    const char *path = b ? tkb_server_path(b) : NULL;
    char *text = tc_malloc(1024);
    if (!text) return NULL;
    if (path)
        snprintf(text, 1024,
                 "Attach from any Python process on this machine:\n"
                 "    import tensorkernel\n"
                 "    k = tensorkernel.connect()   # or tensorkernel.connect(\"%s\")\n"
                 "    a = k[\"name\"]                # a NumPy view on the tensor, no copy\n"
                 "bridge socket: %s%s",
                 file, path,
                 tkb_server_moved(b) ? "\n(the usual path beside the connection file was taken "
                                            "by something else, so the bridge listens on a fresh "
                                            "name; tensorkernel.connect() finds it)"
                                          : "");
    else
        snprintf(text, 1024, "The bridge is not running in this kernel (see the kernel log).");
    return text;
}

static double ms_since(const struct timespec *t0) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Start the bridge (a failure is logged, not fatal) and tell the interpreter how to attach.
 * Its threads are created with SIGINT/SIGTERM blocked so the signals reach the shell. */
static tkb_server *start_bridge(const char *file, const char *key, kn_interp *in) {
    tc_error err = {0};
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    tkb_server *bridge = tkb_server_start(file, key, in, &err);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!bridge) kn_log(KN_LOG_WARN, "bridge not started: %s", err.msg);
    char *info = bridge_text(bridge, file);
    if (info) kn_interp_set_bridge_info(in, info);
    tc_free(info);
    return bridge;
}

static void remove_bridge_files(void *bridge) { tkb_server_remove_files(bridge); }

int main(int argc, char **argv) {
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool debug = false;
    const char *file = parse_args(argc, argv, &debug);
    if (!file) {
        usage();
        return 2;
    }
    const char *env = getenv("TENSORKERNEL_DEBUG");
    kn_log_set_verbose(debug || (env && *env && strcmp(env, "0") != 0));
    kn_conn conn;
    tc_error err = {0};
    if (kn_conn_read(file, &conn, &err) < 0) {
        kn_log(KN_LOG_ERROR, "%s", err.msg);
        return 1;
    }
    kn_log(KN_LOG_DEBUG, "connection file read after %.2f ms", ms_since(&t0));
    gpu_init();
    kn_log(KN_LOG_DEBUG, "devices ready after %.2f ms", ms_since(&t0));
    kn_interp *in = kn_interp_new();
    kn_log(KN_LOG_DEBUG, "interpreter ready after %.2f ms", ms_since(&t0));
    kn_kernel *k = in ? kn_kernel_new(&conn, in, &err) : NULL;
    if (!k) {
        kn_log(KN_LOG_ERROR, "%s", in ? err.msg : "cannot create the interpreter");
        kn_interp_free(in);
        kn_conn_clear(&conn);
        return 1;
    }
    kn_log(KN_LOG_DEBUG, "sockets bound after %.2f ms", ms_since(&t0));
    gpu_ledger_set_warn(kn_kernel_gpu_warn);
    tkb_server *bridge = start_bridge(file, conn.key, in);
    if (bridge) kn_kernel_set_exit_hook(k, remove_bridge_files, bridge);
    kn_log(KN_LOG_DEBUG, "serving after %.2f ms", ms_since(&t0));
    int rc = kn_kernel_serve(k);
    kn_kernel_free(k);
    tkb_server_stop(bridge);
    gpu_ledger_set_warn(NULL);
    kn_interp_free(in);
    kn_conn_clear(&conn);
    return rc == 0 ? 0 : 1;
}
