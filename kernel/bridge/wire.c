/*
 * Bridge framing over a Unix stream socket: a 4-byte little-endian length then the
 * payload, with memfd descriptors riding along as SCM_RIGHTS ancillary data. Also the
 * socket path rule shared with the Python client.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kernel/bridge/bridge-impl.h"

#define MAX_FDS_PER_READ 4

/* Keep the first descriptor that arrives in *fd; close any other. */
static void take_fds(struct msghdr *mh, int *fd) {
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
        if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS) continue;
        size_t n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        int fds[MAX_FDS_PER_READ];
        if (n > MAX_FDS_PER_READ) n = MAX_FDS_PER_READ;
        memcpy(fds, CMSG_DATA(cm), n * sizeof(int));
        for (size_t i = 0; i < n; i++) {
            if (*fd < 0)
                *fd = fds[i];
            else
                close(fds[i]);
        }
    }
}

/* Read exactly n bytes, collecting descriptors. 1 done, 0 closed before any byte, -1 error. */
static int read_full(int sock, char *p, size_t n, int *fd) {
    size_t got = 0;
    while (got < n) {
        union {
            char buf[CMSG_SPACE(MAX_FDS_PER_READ * sizeof(int))];
            struct cmsghdr align;
        } ctl;
        struct iovec iov = {p + got, n - got};
        struct msghdr mh = {0};
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = ctl.buf;
        mh.msg_controllen = sizeof ctl.buf;
        ssize_t r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return (r == 0 && got == 0) ? 0 : -1;
        take_fds(&mh, fd);
        got += (size_t)r;
    }
    return 1;
}

/* Read one frame; see bridge-impl.h. */
long tkb__read_frame(int sock, size_t max, char **buf, int *fd) {
    unsigned char hdr[4];
    *buf = NULL;
    *fd = -1;
    int r = read_full(sock, (char *)hdr, 4, fd);
    if (r <= 0) return r == 0 ? 0 : -1;
    size_t n = (size_t)hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16 | (size_t)hdr[3] << 24;
    if (n > max) return -2;
    char *p = tc_malloc(n + 1);
    if (!p) return -1;
    if (n && read_full(sock, p, n, fd) != 1) {
        tc_free(p);
        return -1;
    }
    p[n] = '\0';
    *buf = p;
    return (long)n;
}

static int send_all(int sock, const char *p, size_t n, int fd) {
    while (n > 0) {
        union {
            char buf[CMSG_SPACE(sizeof(int))];
            struct cmsghdr align;
        } ctl;
        struct iovec iov = {(void *)p, n};
        struct msghdr mh = {0};
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        if (fd >= 0) {
            memset(&ctl, 0, sizeof ctl);
            mh.msg_control = ctl.buf;
            mh.msg_controllen = sizeof ctl.buf;
            struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
            cm->cmsg_level = SOL_SOCKET;
            cm->cmsg_type = SCM_RIGHTS;
            cm->cmsg_len = CMSG_LEN(sizeof(int));
            memcpy(CMSG_DATA(cm), &fd, sizeof(int));
        }
        ssize_t w = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        fd = -1; /* the descriptor travels with the first byte only */
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Write one JSON frame, passing fd along when >= 0. */
int tkb__write_json(int sock, json_t *j, int fd) {
    char *s = json_dumps(j, JSON_COMPACT);
    size_t n = s ? strlen(s) : 0;
    if (!s || n > TKB_MAX_REPLY) {
        /* the client would drop a frame this large (or none could be made): answer with an
         * error reply so the connection, and the client's other arrays, live on */
        free(s); /* from json_dumps: jansson's allocator */
        json_int_t seq = json_integer_value(json_object_get(j, "seq"));
        char msg[160];
        if (n) snprintf(msg, sizeof msg, "bridge: the reply is %zu bytes, over the limit of %u bytes",
                        n, (unsigned)TKB_MAX_REPLY);
        else snprintf(msg, sizeof msg, "bridge: the reply could not be encoded");
        json_t *e = json_pack("{s:b, s:I, s:s, s:s}", "ok", 0, "seq", seq, "etype",
                              n ? "ValueError" : "MemoryError", "msg", msg);
        s = e ? json_dumps(e, JSON_COMPACT) : NULL;
        json_decref(e);
        if (!s) return -1;
        n = strlen(s);
        fd = -1;
    }
    char *frame = tc_malloc(n + 4);
    if (!frame) {
        free(s); /* from json_dumps: jansson's allocator */
        return -1;
    }
    frame[0] = (char)(n & 0xff);
    frame[1] = (char)((n >> 8) & 0xff);
    frame[2] = (char)((n >> 16) & 0xff);
    frame[3] = (char)((n >> 24) & 0xff);
    memcpy(frame + 4, s, n);
    int rc = send_all(sock, frame, n + 4, fd);
    tc_free(frame);
    free(s); /* from json_dumps: jansson's allocator */
    return rc;
}

/* Write an error reply. */
int tkb__write_error(int sock, int64_t seq, const char *etype, const char *msg) {
    json_t *j = json_pack("{s:b, s:I, s:s, s:s}", "ok", 0, "seq", (json_int_t)seq, "etype",
                          etype, "msg", msg);
    if (!j) return -1;
    int rc = tkb__write_json(sock, j, -1);
    json_decref(j);
    return rc;
}

/* "dir/kernel-1.json" → "dir/kernel-1.tkbridge". */
char *tkb_socket_path_for(const char *connection_file) {
    return tkb_socket_path_nth(connection_file, 0);
}

/* "dir/kernel-1.json", n → "dir/kernel-1.tkbridge" (n = 0) or "dir/kernel-1.<n>.tkbridge". */
char *tkb_socket_path_nth(const char *connection_file, int n) {
    size_t len = strlen(connection_file);
    if (len >= 5 && strcmp(connection_file + len - 5, ".json") == 0) len -= 5;
    char mid[16] = "";
    if (n > 0) snprintf(mid, sizeof mid, ".%d", n);
    size_t m = strlen(mid);
    char *p = tc_malloc(len + m + sizeof ".tkbridge");
    if (!p) return NULL;
    memcpy(p, connection_file, len);
    memcpy(p + len, mid, m);
    memcpy(p + len + m, ".tkbridge", sizeof ".tkbridge");
    return p;
}
