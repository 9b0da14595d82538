/*
 * libFuzzer target for the bridge request handlers (get, put, eval, info, names, release,
 * stats) behind the decoder: each input is one signed request served on a socketpair by
 * tkb__handle, against a small fake interpreter holding tensors of several layouts. The
 * first input byte picks the memory descriptor sent with it (none, or a memfd of one of
 * several sizes, possibly too small); the rest is the JSON body, signed with the test key.
 * Puts over leases are reachable: each run first fetches "big", leasing its storage as
 * lease 1, so crafted shapes/strides/offsets over that lease reach tensor_over_lease.
 * Every tensor a put binds is summed at once, so a view outside its memory faults here.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel/bridge/bridge-impl.h"
#include "kernel/interp.h"
#include "tensorcore/tensor.h"

static const char KEY[] = "fuzz-key";
static const char NONCE[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/* ---- a fake interpreter: a few named tensors ------------------------------------------ */

#define NSLOTS 8
static struct { char name[32]; tc_tensor *t; } slots[NSLOTS];

static void bind_name(const char *name, tc_tensor *t) {
    for (int i = 0; i < NSLOTS; i++)
        if (!slots[i].t || !strcmp(slots[i].name, name)) {
            tc_tensor_unref(slots[i].t);
            snprintf(slots[i].name, sizeof slots[i].name, "%s", name);
            slots[i].t = t;
            return;
        }
    tc_tensor_unref(slots[NSLOTS - 1].t); /* full: the last slot is reused */
    snprintf(slots[NSLOTS - 1].name, sizeof slots[NSLOTS - 1].name, "%s", name);
    slots[NSLOTS - 1].t = t;
}

static tc_tensor *lookup(const char *name) {
    for (int i = 0; i < NSLOTS; i++)
        if (slots[i].t && !strcmp(slots[i].name, name)) return slots[i].t;
    return NULL;
}

static void setup(void) {
    static bool done;
    if (done) return;
    done = true;
    tc_error err = {0};
    tc_device cpu = tc_device_cpu();
    tc_tensor *x = tc_arange(0, 6, 1, TC_DTYPE_F32, cpu, &err);
    bind_name("x", tc_view(x, (int64_t[]){2, 3}, 2, &err));
    bind_name("t", tc_transpose(lookup("x"), 0, 1, &err));
    bind_name("s", tc_slice(x, 0, 1, 5, 2, &err));
    bind_name("e", tc_zeros((int64_t[]){0, 4}, 2, TC_DTYPE_I64, cpu, &err));
    bind_name("b", tc_ones((int64_t[]){3}, 1, TC_DTYPE_BOOL, cpu, &err));
    bind_name("big", tc_zeros((int64_t[]){70000}, 1, TC_DTYPE_U8, cpu, &err));
    bind_name("one", tc_full(NULL, 0, 2.5, TC_DTYPE_F64, cpu, &err));
    tc_tensor_unref(x);
}

int kn_interp_get_tensor(kn_interp *in, const char *name, tc_tensor **out, tc_error *err) {
    tc_tensor *t = name ? lookup(name) : NULL;
    if (!t) return tc_error_set(err, TC_EXC_NAME, "name '%s' is not defined", name ? name : "");
    *out = tc_tensor_ref(t);
    return 0;
}

json_t *kn_interp_tensor_names(kn_interp *in) {
    json_t *a = json_array();
    for (int i = 0; i < NSLOTS; i++)
        if (slots[i].t) json_array_append_new(a, json_string(slots[i].name));
    return a;
}

int kn_interp_put_tensor(kn_interp *in, const char *name, tc_tensor *t, tc_error *err) {
    /* touch every element, as evil.sum() in a cell would */
    tc_tensor *s = t->layout == TC_LAYOUT_STRIDED ? tc_reduce(TC_RED_SUM, t, NULL, 0, false, err) : NULL;
    tc_tensor_unref(s);
    bind_name(name, tc_tensor_ref(t));
    return 0;
}

int kn_interp_eval_for_bridge(kn_interp *in, const char *expr, tc_tensor **out, json_t **scalar,
                              tc_error *err) {
    *out = NULL;
    *scalar = NULL;
    tc_tensor *t = lookup(expr);
    if (t) {
        *out = tc_tensor_ref(t);
        return 0;
    }
    if (!strcmp(expr, "nan") || !strcmp(expr, "inf") || !strcmp(expr, "-inf")) {
        *scalar = json_pack("{s:s}", "special", expr);
        return 0;
    }
    if (!strncmp(expr, "str:", 4)) { /* a long string reply: over the limit is an error reply */
        long n = strtol(expr + 4, NULL, 10);
        if (n < 0 || n > (80l << 20)) n = 0;
        /* a reply that fits the limit but not the socket buffers would block this
         * single-threaded harness, which reads only after the handler returns */
        if (n > (4l << 20) && n <= (long)TKB_MAX_REPLY) n = 4l << 20;
        char *s = malloc((size_t)n + 1);
        if (!s) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        memset(s, 'x', (size_t)n);
        s[n] = 0;
        *scalar = json_string(s);
        free(s);
        return 0;
    }
    char *end;
    double d = strtod(expr, &end);
    if (*expr && !*end) {
        *scalar = json_real(d);
        return 0;
    }
    return tc_error_set(err, TC_EXC_SYNTAX, "invalid syntax");
}

/* ---- one request -------------------------------------------------------------------- */

static void drain(int fd) {
    char buf[65536];
    for (;;) {
        union { char b[CMSG_SPACE(4 * sizeof(int))]; struct cmsghdr a; } ctl;
        struct iovec iov = {buf, sizeof buf};
        struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.b,
                            .msg_controllen = sizeof ctl.b};
        ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT);
        if (n <= 0) return;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
                for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++)
                    close(((int *)CMSG_DATA(c))[i]);
    }
}

static int serve(tkb_conn *c, const char *body, size_t n, int fd) {
    size_t len = TKB_SIG_HEX + 1 + n;
    char *payload = malloc(len + 1);
    char sig[TKB_SIG_HEX + 1];
    tkb_sign(KEY, strlen(KEY), NONCE, body, n, sig);
    memcpy(payload, sig, TKB_SIG_HEX);
    payload[TKB_SIG_HEX] = '\n';
    memcpy(payload + TKB_SIG_HEX + 1, body, n);
    payload[len] = 0;
    tkb_request r;
    tc_error err = {0};
    int rc = tkb_request_decode(payload, len, NONCE, KEY, strlen(KEY), c->next_seq, &r, &err);
    free(payload);
    if (rc == 0) {
        c->next_seq++;
        for (size_t i = 0; i < r.nrelease; i++) tkb__lease_release(c, r.release[i]);
        tkb__handle(c, &r, fd);
        tkb_request_clear(&r);
    } else if (fd >= 0) {
        close(fd);
    }
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > TKB_MAX_FRAME) return 0;
    setup();
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) return 0;
    /* big enough that a reply never blocks the single-threaded handler */
    int sz = 8 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    struct tkb_server srv;
    memset(&srv, 0, sizeof srv);
    srv.in = (kn_interp *)&srv; /* never dereferenced by the fake */
    tkb_conn c;
    memset(&c, 0, sizeof c);
    c.srv = &srv;
    c.fd = sv[0];
    c.next_seq = 1;
    memcpy(c.nonce, NONCE, sizeof NONCE);
    static const char lease_big[] = "{\"op\":\"get\",\"seq\":1,\"name\":\"big\"}";
    serve(&c, lease_big, sizeof lease_big - 1, -1); /* lease 1: big's storage */
    drain(sv[1]);
    int fd = -1;
    static const size_t sizes[] = {0, 1, 7, 24, 64, 4096, 70000, 1 << 20};
    if (data[0] & 1) {
        fd = memfd_create("fuzz", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        if (fd >= 0 && ftruncate(fd, (off_t)sizes[(data[0] >> 1) & 7]) != 0) {
            close(fd);
            fd = -1;
        }
    }
    /* the request's seq must be 2: the fuzzer finds it from the seeds */
    serve(&c, (const char *)data + 1, size - 1, fd);
    drain(sv[1]);
    tkb__lease_release_all(&c);
    close(sv[0]);
    close(sv[1]);
    return 0;
}
