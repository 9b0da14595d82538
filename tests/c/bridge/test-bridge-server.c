/*
 * Unit tests for the bridge server without an interpreter: the socket file and its mode,
 * the hello and signed requests, refusal of a wrong key, of a peer with another uid (test
 * hook), of oversized and malformed frames, the long-path redirect file, and that stop
 * removes every file it made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "kernel/bridge/bridge-impl.h"

static int failures;
#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            failures++;                                                       \
        }                                                                     \
    } while (0)

static const char *KEY = "0123-test-key";

static int dial(const char *path) {
    char target[256];
    struct stat st;
    snprintf(target, sizeof target, "%s", path);
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) { /* redirect file */
        FILE *f = fopen(path, "r");
        if (!f || !fgets(target, sizeof target, f)) return -1;
        fclose(f);
        target[strcspn(target, "\n")] = '\0';
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(target) >= sizeof a.sun_path) {
        close(fd);
        return -1;
    }
    memcpy(a.sun_path, target, strlen(target) + 1);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static json_t *read_json(int fd) {
    char *buf;
    int rfd;
    long n = tkb__read_frame(fd, 1 << 24, &buf, &rfd);
    if (rfd >= 0) close(rfd);
    if (n <= 0) return NULL;
    json_t *j = json_loads(buf, 0, NULL);
    free(buf);
    return j;
}

static void send_raw(int fd, const char *p, size_t n) {
    unsigned char h[4] = {n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255};
    CHECK(write(fd, h, 4) == 4);
    if (n) CHECK(write(fd, p, n) == (ssize_t)n);
}

static json_t *request(int fd, const char *key, const char *nonce, const char *body) {
    char sig[TKB_SIG_HEX + 1], buf[4096];
    tkb_sign(key, strlen(key), nonce, body, strlen(body), sig);
    int n = snprintf(buf, sizeof buf, "%s\n%s", sig, body);
    send_raw(fd, buf, (size_t)n);
    return read_json(fd);
}

static const char *str(json_t *j, const char *k) {
    const char *s = json_string_value(json_object_get(j, k));
    return s ? s : "";
}

static void test_session(const char *cf) {
    tc_error err = {0};
    tkb_server *s = tkb_server_start(cf, KEY, NULL, &err);
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "start: %s\n", err.msg);
        return;
    }
    const char *path = tkb_server_path(s);
    struct stat st;
    CHECK(lstat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

    int fd = dial(path);
    CHECK(fd >= 0);
    json_t *hello = read_json(fd);
    CHECK(strcmp(str(hello, "op"), "hello") == 0 && strlen(str(hello, "nonce")) == TKB_NONCE_HEX);
    char nonce[TKB_NONCE_HEX + 1];
    snprintf(nonce, sizeof nonce, "%s", str(hello, "nonce"));
    json_decref(hello);

    json_t *r = request(fd, KEY, nonce, "{\"op\":\"ping\",\"seq\":1}");
    CHECK(json_is_true(json_object_get(r, "ok")));
    json_decref(r);
    r = request(fd, KEY, nonce, "{\"op\":\"stats\",\"seq\":2}");
    CHECK(json_integer_value(json_object_get(r, "connections")) == 1);
    CHECK(json_integer_value(json_object_get(r, "leases")) == 0);
    json_decref(r);
    /* without an interpreter, data requests are a clean error */
    r = request(fd, KEY, nonce, "{\"op\":\"names\",\"seq\":3}");
    CHECK(json_is_false(json_object_get(r, "ok")) && strcmp(str(r, "etype"), "RuntimeError") == 0);
    json_decref(r);
    /* malformed but authentic: an error reply, the connection stays */
    r = request(fd, KEY, nonce, "{\"op\":\"get\",\"seq\":4}");
    CHECK(strcmp(str(r, "etype"), "ValueError") == 0);
    json_decref(r);
    r = request(fd, KEY, nonce, "{\"op\":\"ping\",\"seq\":5}");
    CHECK(json_is_true(json_object_get(r, "ok")));
    json_decref(r);
    /* a replayed request: refused and disconnected */
    r = request(fd, KEY, nonce, "{\"op\":\"ping\",\"seq\":5}");
    CHECK(strcmp(str(r, "etype"), "PermissionError") == 0);
    json_decref(r);
    CHECK(read_json(fd) == NULL);
    close(fd);

    /* wrong key */
    fd = dial(path);
    hello = read_json(fd);
    r = request(fd, "wrong", str(hello, "nonce"), "{\"op\":\"ping\",\"seq\":1}");
    CHECK(strcmp(str(r, "etype"), "PermissionError") == 0);
    CHECK(read_json(fd) == NULL);
    json_decref(r);
    json_decref(hello);
    close(fd);

    /* oversized frame: an error reply and a disconnect, no allocation of 1 GiB */
    fd = dial(path);
    hello = read_json(fd);
    unsigned char h[4] = {0, 0, 0, 0x40};
    CHECK(write(fd, h, 4) == 4);
    r = read_json(fd);
    CHECK(strcmp(str(r, "etype"), "ValueError") == 0);
    CHECK(read_json(fd) == NULL);
    json_decref(r);
    json_decref(hello);
    close(fd);

    /* garbage then hang-up */
    fd = dial(path);
    CHECK(write(fd, "\x05\0\0\0abc", 7) == 7);
    close(fd);

    /* a peer with another uid (test hook) */
    tkb_server_set_expected_uid(s, geteuid() + 1);
    fd = dial(path);
    r = read_json(fd);
    CHECK(strcmp(str(r, "etype"), "PermissionError") == 0 && strstr(str(r, "msg"), "uid") != NULL);
    CHECK(read_json(fd) == NULL);
    json_decref(r);
    close(fd);
    tkb_server_set_expected_uid(s, geteuid());

    tkb_stats stats;
    tkb_server_stats(s, &stats);
    CHECK(stats.rejected >= 4);

    /* a connected client does not keep stop from finishing */
    fd = dial(path);
    json_decref(read_json(fd));
    char *p = strdup(path);
    char *sp = strdup(s->sock_path);
    tkb_server_stop(s);
    CHECK(access(p, F_OK) != 0 && access(sp, F_OK) != 0);
    CHECK(read_json(fd) == NULL);
    close(fd);
    free(p);
    free(sp);
}

int main(void) {
    char dir[] = "/tmp/tkb-test-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char cf[1024];
    snprintf(cf, sizeof cf, "%s/kernel-1234.json", dir);
    test_session(cf);
    /* beyond sun_path: the socket goes to a short path and a redirect file stays beside */
    char deep[512];
    snprintf(deep, sizeof deep, "%s/%s", dir,
             "a-very-long-directory-name-for-the-runtime-dir-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    CHECK(mkdir(deep, 0700) == 0);
    snprintf(cf, sizeof cf, "%s/kernel-0f0f0f0f-1234-5678-9abc-def012345678.json", deep);
    test_session(cf);
    /* a stale socket left by a killed kernel is replaced */
    snprintf(cf, sizeof cf, "%s/kernel-stale.json", dir);
    char *sp = tkb_socket_path_for(cf);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", sp);
    CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
    close(fd); /* bound, never listening: what SIGKILL leaves */
    tc_error err = {0};
    tkb_server *s = tkb_server_start(cf, KEY, NULL, &err);
    CHECK(s != NULL);
    tkb_server_stop(s);
    CHECK(access(sp, F_OK) != 0);
    tc_free(sp);
    rmdir(deep);
    rmdir(dir);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    else printf("bridge server: all checks passed\n");
    return failures ? 1 : 0;
}
