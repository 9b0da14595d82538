/*
 * The bridge server's life: binding the socket beside the connection file (or at a short
 * path with a redirect file when the path is too long for sun_path), the accept thread
 * that checks each peer's uid, one thread per client that authenticates and serves its
 * requests, and an orderly stop that drops every lease and removes every file it made.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "kernel/bridge/bridge-impl.h"

#define STOP_WAIT_SECONDS 3
/* A client must send its first signed request this soon after the hello (the Python
 * client pings at once), so idle unauthenticated connections cannot hold slots. */
#define HANDSHAKE_SECONDS 10

/* ---- socket files --------------------------------------------------------------------- */

static bool fits_sun_path(const char *p) {
    struct sockaddr_un a;
    return strlen(p) < sizeof a.sun_path;
}

static bool is_stale(const char *path);

/* A redirect file is stale when the socket it names is gone or dead. */
static bool redirect_is_stale(const char *path) {
    char target[256] = {0};
    FILE *f = fopen(path, "r");
    if (!f) return false;
    bool got = fgets(target, sizeof target, f) != NULL;
    fclose(f);
    target[strcspn(target, "\n")] = '\0';
    struct stat st;
    if (!got || !target[0] || lstat(target, &st) < 0) return true;
    /* the name came from a file: unlink it only when it is one of our own short sockets */
    const char *base = strrchr(target, '/');
    char prefix[32];
    snprintf(prefix, sizeof prefix, "tkb-%u-", (unsigned)geteuid());
    bool ours = base && strncmp(base + 1, prefix, strlen(prefix)) == 0 && st.st_uid == geteuid();
    if (S_ISSOCK(st.st_mode) && is_stale(target)) {
        if (ours) unlink(target);
        return true;
    }
    return false;
}

/* A path left by a kernel that died without cleaning up: no listener answers. */
static bool is_stale(const char *path) {
    struct stat st;
    if (lstat(path, &st) < 0) return false;
    if (S_ISREG(st.st_mode)) return redirect_is_stale(path);
    if (!S_ISSOCK(st.st_mode) || !fits_sun_path(path)) return false;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, path);
    bool stale = connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno == ECONNREFUSED;
    close(fd);
    return stale;
}

static void random_hex(char *out, size_t nbytes) {
    unsigned char raw[64];
    static const char hex[] = "0123456789abcdef";
    if (nbytes > sizeof raw) nbytes = sizeof raw;
    if (sodium_init() >= 0) {
        randombytes_buf(raw, nbytes);
    } else {
        FILE *f = fopen("/dev/urandom", "rb");
        if (!f || fread(raw, 1, nbytes, f) != nbytes) TC_ASSERT(!"no source of randomness");
        fclose(f);
    }
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[raw[i] >> 4];
        out[2 * i + 1] = hex[raw[i] & 15];
    }
    out[2 * nbytes] = '\0';
}

/* Where short socket paths go: $XDG_RUNTIME_DIR when usable, else /tmp. */
static const char *short_socket_dir(void) {
    const char *dir = getenv("XDG_RUNTIME_DIR");
    struct stat st;
    if (!dir || strlen(dir) > 60 || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) dir = "/tmp";
    return dir;
}

/* A short socket path in $XDG_RUNTIME_DIR or /tmp; from tc_malloc. */
static char *short_socket_path(void) {
    const char *dir = short_socket_dir();
    char rnd[33], buf[128];
    random_hex(rnd, 16);
    snprintf(buf, sizeof buf, "%s/tkb-%u-%s.sock", dir, (unsigned)geteuid(), rnd);
    return tc_strdup(buf);
}

static int write_redirect(const char *path, const char *target, tc_error *err) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        tc_error_set(err, TC_EXC_OS, "bridge: cannot create %s: %s", path, strerror(e));
        errno = e; /* make_socket tells EEXIST apart */
        return -1;
    }
    size_t n = strlen(target);
    bool ok = write(fd, target, n) == (ssize_t)n && write(fd, "\n", 1) == 1;
    close(fd);
    if (!ok) {
        unlink(path);
        return tc_error_set(err, TC_EXC_OS, "bridge: cannot write %s", path);
    }
    return 0;
}

static int bind_listen(tkb_server *s, tc_error *err) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return tc_error_set(err, TC_EXC_OS, "bridge: socket: %s", strerror(errno));
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, s->sock_path);
    fchmod(fd, 0600); /* Linux applies the socket inode's mode at bind: no 0777 window */
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || chmod(s->sock_path, 0600) < 0 ||
        listen(fd, 64) < 0) {
        int e = errno;
        close(fd);
        tc_error_set(err, TC_EXC_OS, "bridge: cannot listen on %s: %s", s->sock_path, strerror(e));
        errno = e; /* make_socket tells EADDRINUSE apart */
        return -1;
    }
    s->listen_fd = fd;
    s->bound = true;
    return 0;
}

/* Bind at the first free bridge path (see tkb_socket_path_nth): a dead socket left by a
 * killed kernel is removed, but anything else found there (a file, directory, FIFO or
 * symlink someone planted, or a live kernel's socket) is left alone and the next name is
 * tried, so a squatter cannot leave the kernel without a bridge. */
static int make_socket(tkb_server *s, const char *connection_file, tc_error *err) {
    for (int i = 0; i < TKB_PATH_TRIES; i++) {
        tc_free(s->path);
        tc_free(s->sock_path);
        s->sock_path = NULL;
        if (!(s->path = tkb_socket_path_nth(connection_file, i)))
            return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        struct stat st;
        if (is_stale(s->path)) unlink(s->path);
        if (lstat(s->path, &st) == 0) continue; /* taken */
        bool direct = fits_sun_path(s->path);
        s->sock_path = direct ? tc_strdup(s->path) : short_socket_path();
        if (!s->sock_path) return tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        if (bind_listen(s, err) < 0) {
            if (!direct || errno != EADDRINUSE) return -1;
            tc_error_clear(err); /* created between lstat and bind: try the next name */
            continue;
        }
        s->moved = i > 0;
        if (direct) return 0;
        if (write_redirect(s->path, s->sock_path, err) == 0) {
            s->redirected = true;
            return 0;
        }
        close(s->listen_fd);
        s->listen_fd = -1;
        unlink(s->sock_path);
        s->bound = false;
        if (errno != EEXIST) return -1;
        tc_error_clear(err);
    }
    return tc_error_set(err, TC_EXC_OS, "bridge: every bridge path beside %s is taken", connection_file);
}

/* ---- connections ---------------------------------------------------------------------- */

static bool peer_allowed(tkb_server *s, int fd, char *why, size_t n) {
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
        snprintf(why, n, "bridge: connection refused: cannot read the peer's credentials");
        return false;
    }
    if (cred.uid != s->expect_uid) {
        snprintf(why, n, "bridge: connection refused: peer uid %u is not the kernel's uid %u",
                 (unsigned)cred.uid, (unsigned)s->expect_uid);
        return false;
    }
    return true;
}

static int send_hello(tkb_conn *c) {
    json_t *j = json_pack("{s:s, s:i, s:s, s:I}", "op", "hello", "version", TKB_PROTOCOL_VERSION,
                          "nonce", c->nonce, "pid", (json_int_t)getpid());
    if (!j) return -1;
    int rc = tkb__write_json(c->fd, j, -1);
    json_decref(j);
    return rc;
}

static void release_listed(tkb_conn *c, const tkb_request *r) {
    for (size_t i = 0; i < r->nrelease; i++) tkb__lease_release(c, r->release[i]);
}

/* Read, authenticate and serve one request. Returns false when the connection ends. */
static bool serve_one(tkb_conn *c) {
    tkb_server *s = c->srv;
    char *buf;
    int fd;
    long n = tkb__read_frame(c->fd, TKB_MAX_FRAME, &buf, &fd);
    if (n == -2) {
        atomic_fetch_add(&s->n_rejected, 1);
        tkb__write_error(c->fd, 0, "ValueError", "bridge request too large (the limit is 1 MiB)");
    }
    if (n <= 0) {
        if (fd >= 0) close(fd);
        return false;
    }
    tkb_request r;
    tc_error err = {0};
    int rc = tkb_request_decode(buf, (size_t)n, c->nonce, s->key, s->key_len, c->next_seq, &r, &err);
    tc_free(buf);
    if (rc == -2) {
        atomic_fetch_add(&s->n_rejected, 1);
        if (fd >= 0) close(fd);
        tkb__write_error(c->fd, 0, "PermissionError", err.msg);
        return false;
    }
    c->next_seq++;
    if (!atomic_exchange(&c->authenticated, true)) { /* signed: no more handshake deadline */
        struct timeval none = {0, 0};
        setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
    }
    release_listed(c, &r);
    bool keep = true;
    if (rc < 0) {
        if (fd >= 0) close(fd);
        keep = tkb__write_error(c->fd, r.seq, tc_exc_name(err.type), err.msg) == 0;
    } else {
        atomic_fetch_add(&s->n_requests, 1);
        keep = tkb__handle(c, &r, fd) == 0;
    }
    tkb_request_clear(&r);
    return keep;
}

static void conn_remove(tkb_conn *c) {
    tkb_server *s = c->srv;
    pthread_mutex_lock(&s->mu);
    for (tkb_conn **p = &s->conns; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    atomic_fetch_sub(&s->n_conns, 1);
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

/* Keep the process's asynchronous signals (SIGINT interrupts, SIGTERM, ...) off the
 * bridge threads, so they reach the threads that act on them. */
static void block_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&set, sigs[i]);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void *conn_main(void *arg) {
    tkb_conn *c = arg;
    block_signals();
    if (send_hello(c) == 0)
        while (!atomic_load(&c->srv->stopping) && serve_one(c)) {
        }
    tkb__lease_release_all(c);
    conn_remove(c); /* after this the server may be freed: touch only c */
    close(c->fd);   /* closed once off the list, so stop never shuts down a reused fd */
    tc_free(c);
    return NULL;
}

/* Make room when every slot is taken: end the oldest connection that has not yet sent a
 * signed request (its thread sees EOF and leaves). False when every client is signed in. */
static bool evict_unauthenticated(tkb_server *s) {
    tkb_conn *oldest = NULL;
    pthread_mutex_lock(&s->mu);
    for (tkb_conn *c = s->conns; c; c = c->next) /* newest first */
        if (!atomic_load(&c->authenticated)) oldest = c;
    if (oldest) {
        atomic_store(&oldest->authenticated, true); /* evicted once */
        shutdown(oldest->fd, SHUT_RDWR);
    }
    pthread_mutex_unlock(&s->mu);
    return oldest != NULL;
}

static void start_conn(tkb_server *s, int fd) {
    char why[160];
    if (!peer_allowed(s, fd, why, sizeof why)) {
        atomic_fetch_add(&s->n_rejected, 1);
        tkb__write_error(fd, 0, "PermissionError", why);
        close(fd);
        return;
    }
    if (atomic_load(&s->n_conns) >= TKB_MAX_CONNECTIONS && !evict_unauthenticated(s)) {
        atomic_fetch_add(&s->n_rejected, 1);
        tkb__write_error(fd, 0, "ConnectionRefusedError",
                         "bridge: too many clients connected (the limit is 64)");
        close(fd);
        return;
    }
    tkb_conn *c = tc_calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return;
    }
    c->srv = s;
    c->fd = fd;
    c->next_seq = 1;
    struct timeval handshake = {HANDSHAKE_SECONDS, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &handshake, sizeof handshake);
    random_hex(c->nonce, TKB_NONCE_HEX / 2);
    pthread_mutex_lock(&s->mu);
    c->next = s->conns;
    s->conns = c;
    atomic_fetch_add(&s->n_conns, 1);
    pthread_t th;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &at, conn_main, c) != 0) {
        s->conns = c->next;
        atomic_fetch_sub(&s->n_conns, 1);
        close(fd);
        tc_free(c);
    }
    pthread_attr_destroy(&at);
    pthread_mutex_unlock(&s->mu);
}

static void *accept_main(void *arg) {
    tkb_server *s = arg;
    block_signals();
    while (!atomic_load(&s->stopping)) {
        struct pollfd p[2] = {{s->listen_fd, POLLIN, 0}, {s->wake_fd, POLLIN, 0}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (p[1].revents) break;
        if (!(p[0].revents & POLLIN)) continue;
        int fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) {
            start_conn(s, fd);
        } else if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
            struct timespec pause = {0, 100 * 1000 * 1000}; /* out of descriptors: no spin */
            nanosleep(&pause, NULL);
        }
    }
    return NULL;
}

/* ---- public --------------------------------------------------------------------------- */

/* Remove the socket and the redirect file, if this server made them. */
static void remove_files(tkb_server *s) {
    if (s->bound) unlink(s->sock_path);
    if (s->redirected) unlink(s->path);
    s->bound = s->redirected = false;
}

static void server_free(tkb_server *s) {
    if (s->listen_fd >= 0) close(s->listen_fd);
    if (s->wake_fd >= 0) close(s->wake_fd);
    remove_files(s);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    tc_free(s->path);
    tc_free(s->sock_path);
    tc_free(s->key);
    tc_free(s);
}

/* The short sockets of killed kernels (tkb-<uid>-*.sock): their redirect files may live in
 * a runtime directory no kernel starts in again, so they are swept where they are. */
static void sweep_short_sockets(void) {
    const char *dir = short_socket_dir();
    char prefix[32];
    snprintf(prefix, sizeof prefix, "tkb-%u-", (unsigned)geteuid());
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || len < 5 ||
            strcmp(e->d_name + len - 5, ".sock") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) < 0 || !S_ISSOCK(st.st_mode) || st.st_uid != geteuid() ||
            time(NULL) - st.st_mtime < 10)
            continue;
        if (is_stale(path)) unlink(path);
    }
    closedir(d);
}

/* A kernel killed with SIGKILL cannot remove its socket. So that such leftovers do not pile
 * up, each start removes the dead *.tkbridge sockets (and redirect files) in its runtime
 * directory: only those nobody listens on any more (connect refused) and older than 10 s. */
static void sweep_dead_sockets(const char *connection_file) {
    char dir[4096];
    const char *slash = strrchr(connection_file, '/');
    int n = slash ? (int)(slash - connection_file) : 1;
    snprintf(dir, sizeof dir, "%.*s", n, slash ? connection_file : ".");
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len <= 9 || strcmp(e->d_name + len - 9, ".tkbridge") != 0) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        /* A kernel starting right now may have bound but not yet listened: leave young ones. */
        struct stat st;
        if (lstat(path, &st) < 0 || time(NULL) - st.st_mtime < 10) continue;
        if (is_stale(path)) unlink(path);
    }
    closedir(d);
    sweep_short_sockets();
}

/* Start serving beside connection_file; see bridge.h. */
tkb_server *tkb_server_start(const char *connection_file, const char *key, kn_interp *in,
                             tc_error *err) {
    tkb_server *s = tc_calloc(1, sizeof *s);
    if (!s) {
        tc_error_set(err, TC_EXC_MEMORY, "out of memory");
        return NULL;
    }
    s->listen_fd = s->wake_fd = -1;
    s->in = in;
    s->expect_uid = geteuid();
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->key = tc_strdup(key ? key : "");
    s->key_len = s->key ? strlen(s->key) : 0;
    sweep_dead_sockets(connection_file);
    if (!s->key || make_socket(s, connection_file, err) < 0 ||
        (s->wake_fd = eventfd(0, EFD_CLOEXEC)) < 0 ||
        pthread_create(&s->accept_thread, NULL, accept_main, s) != 0) {
        tc_error_set(err, TC_EXC_OS, "bridge: cannot start: %s", strerror(errno));
        server_free(s);
        return NULL;
    }
    s->accept_started = true;
    return s;
}

bool tkb_server_moved(const tkb_server *s) { return s && s->moved; }

void tkb_server_remove_files(tkb_server *s) {
    if (!s) return;
    if (s->bound) unlink(s->sock_path);
    if (s->redirected) unlink(s->path);
}

/* The path clients look up (the socket or its redirect file). */
const char *tkb_server_path(const tkb_server *s) { return s ? s->path : NULL; }

/* Wait until every connection thread has ended; false after STOP_WAIT_SECONDS. */
static bool wait_conns(tkb_server *s) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += STOP_WAIT_SECONDS;
    pthread_mutex_lock(&s->mu);
    for (tkb_conn *c = s->conns; c; c = c->next) shutdown(c->fd, SHUT_RDWR);
    while (s->conns)
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT) break;
    bool done = s->conns == NULL;
    pthread_mutex_unlock(&s->mu);
    return done;
}

/* Stop, drop every lease, remove the files. */
void tkb_server_stop(tkb_server *s) {
    if (!s) return;
    atomic_store(&s->stopping, true);
    if (s->accept_started) {
        uint64_t one = 1;
        if (write(s->wake_fd, &one, sizeof one) < 0) { /* the thread also sees 'stopping' */
        }
        pthread_join(s->accept_thread, NULL);
    }
    remove_files(s);
    if (!wait_conns(s)) return; /* a client thread is stuck in an evaluation: leave it be */
    server_free(s);
}

/* A snapshot of the counters. */
void tkb_server_stats(const tkb_server *s, tkb_stats *out) {
    tkb_server *m = (tkb_server *)s;
    out->connections = atomic_load(&m->n_conns);
    out->leases = atomic_load(&m->n_leases);
    out->requests = atomic_load(&m->n_requests);
    out->rejected = atomic_load(&m->n_rejected);
}

/* Test hook: the uid peers must have. */
void tkb_server_set_expected_uid(tkb_server *s, uid_t uid) { s->expect_uid = uid; }
