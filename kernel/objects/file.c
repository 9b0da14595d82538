/*
 * open() and its file objects, as CPython's io module makes them: TextIOWrapper for text
 * modes, BufferedReader / BufferedWriter / BufferedRandom for binary ones, over a POSIX file
 * descriptor with this file's own read and write buffers. Text is decoded with the codecs
 * str.encode/bytes.decode know (utf-8, ascii, latin-1), in chunks cut on character
 * boundaries, with universal newlines (newline=None) as the default. The `_io` module
 * carries open, the types and io.UnsupportedOperation for the Python-written `io` module.
 *
 * Every loop over a file's contents reads in chunks and polls the interrupt flag, so a large
 * file can be interrupted; a file object that is dropped without close() is flushed and
 * closed then, as CPython's are.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "objects-impl.h"

#define CHUNK ((size_t)65536)

typedef struct fileobj {
    kn_obj base;
    int fd;               /* -1 once closed */
    bool readable, writable, append, binary, closefd, seekable;
    char nl;              /* newline: 'u' (None), 'e' (''), 'n' ("\n"), 'r' ("\r"), 'c' ("\r\n") */
    kn_obj *name;         /* what open() was given: str, bytes or int */
    kn_obj *mode;         /* the mode attribute (str) */
    kn_obj *encoding;     /* text: the codec name as given ("UTF-8" by default); else NULL */
    kn_obj *errors;       /* text: "strict" unless given */
    bool utf8;            /* text in UTF-8: written without a codec call */
    /* bytes read from fd, not yet taken: rb[rpos..rlen) */
    char *rb;
    size_t rpos, rlen, rcap;
    bool eof;
    /* text: decoded UTF-8 text not yet returned: dec.data[dpos..dec.len) */
    tc_strbuf dec;
    size_t dpos;
    bool cr_pending; /* newline=None: the last decoded chunk ended in '\r' (held back) */
    /* bytes written, not yet given to fd */
    tc_strbuf wb;
} fileobj;

#define FO(o) ((fileobj *)(o))

static const kn_type type_text, type_reader, type_writer, type_random;

/* ---- errors ------------------------------------------------------------------------------ */

/* OSError for errno e, as the subclass CPython picks ("[Errno 2] No such file or directory:
 * 'x'"); path may be NULL. Returns -1. */
int kn__os_error(int e, kn_obj *path, kn_err *err) {
    tc_exc k = TC_EXC_OS;
    switch (e) {
    case ENOENT: k = TC_EXC_FILE_NOT_FOUND; break;
    case EEXIST: k = TC_EXC_FILE_EXISTS; break;
    case EACCES:
    case EPERM: k = TC_EXC_PERMISSION; break;
    case EISDIR: k = TC_EXC_IS_A_DIRECTORY; break;
    case ENOTDIR: k = TC_EXC_NOT_A_DIRECTORY; break;
    default: break;
    }
    if (!path || kn__is_int(path)) return tc_error_set(err, k, "[Errno %d] %s", e, strerror(e));
    kn_obj *rp = kn_repr(path, err);
    if (!rp) return -1;
    tc_error_set(err, k, "[Errno %d] %s: %s", e, strerror(e), kn_str_cstr(rp));
    kn_decref(rp);
    return -1;
}

/* ValueError for an operation on a closed file, in CPython's words, which differ by layer
 * (text or binary) and operation. */
static int closed_error(const fileobj *f, const char *op, kn_err *err) {
    static const char *const dotless[] = {"fileno", "isatty", "readable", "writable", "seekable", NULL};
    static const char *const bin_of[][2] = {{"read", "read of closed file"},
                                            {"readline", "readline of closed file"},
                                            {"seek", "seek of closed file"},
                                            {"truncate", "truncate of closed file"},
                                            {"write", "write to closed file"},
                                            {"tell", "I/O operation on closed file"}};
    if (f->binary) {
        for (size_t i = 0; i < sizeof bin_of / sizeof bin_of[0]; i++)
            if (strcmp(op, bin_of[i][0]) == 0) return tc_error_set(err, TC_EXC_VALUE, "%s", bin_of[i][1]);
        if (strcmp(op, "flush") == 0 && f->writable && !f->readable)
            return tc_error_set(err, TC_EXC_VALUE, "flush of closed file");
    }
    for (size_t i = 0; dotless[i]; i++)
        if (strcmp(op, dotless[i]) == 0) return tc_error_set(err, TC_EXC_VALUE, "I/O operation on closed file");
    return tc_error_set(err, TC_EXC_VALUE, "I/O operation on closed file.");
}

static int check_open(fileobj *f, const char *op, kn_err *err) {
    return f->fd < 0 ? closed_error(f, op, err) : 0;
}

/* Reading on a file not open for it: io.UnsupportedOperation, named by the operation for
 * binary files ("read"), "not readable" for text; binary files check this first. */
static int check_readable(fileobj *f, const char *op, kn_err *err) {
    if (f->binary && !f->readable) return tc_error_set(err, TC_EXC_UNSUPPORTED_OPERATION, "read");
    if (check_open(f, op, err) < 0) return -1;
    return f->readable ? 0 : tc_error_set(err, TC_EXC_UNSUPPORTED_OPERATION, "not readable");
}

static int check_writable(fileobj *f, const char *op, kn_err *err) {
    if (f->binary && !f->writable) return tc_error_set(err, TC_EXC_UNSUPPORTED_OPERATION, "%s", op);
    if (check_open(f, op, err) < 0) return -1;
    return f->writable ? 0 : tc_error_set(err, TC_EXC_UNSUPPORTED_OPERATION, "not writable");
}

/* ---- the descriptor ------------------------------------------------------------------------ */

/* write(2) all n bytes, retrying on EINTR. */
static int write_all(fileobj *f, const char *p, size_t n, kn_err *err) {
    while (n > 0) {
        ssize_t w = write(f->fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                if (tc_interrupt_check(err) < 0) return -1;
                continue;
            }
            return kn__os_error(errno, NULL, err);
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int flush_writes(fileobj *f, kn_err *err) {
    if (f->wb.len == 0) return 0;
    int rc = write_all(f, f->wb.data, f->wb.len, err);
    f->wb.len = 0;
    return rc;
}

/* Read up to CHUNK more bytes into rb: 1 when some came, 0 at end of file, -1 on error. */
static int fill_raw(fileobj *f, kn_err *err) {
    if (f->eof) return 0;
    if (f->rpos > 0 && f->rpos == f->rlen) f->rpos = f->rlen = 0;
    if (f->rcap - f->rlen < CHUNK) {
        if (f->rpos > 0) { /* slide what is left to the front first */
            memmove(f->rb, f->rb + f->rpos, f->rlen - f->rpos);
            f->rlen -= f->rpos;
            f->rpos = 0;
        }
        if (f->rcap - f->rlen < CHUNK) {
            size_t cap = f->rlen + CHUNK;
            char *p = tc_realloc(f->rb, cap);
            if (!p) return kn_nomem(err);
            f->rb = p;
            f->rcap = cap;
        }
    }
    for (;;) {
        if (tc_interrupt_check(err) < 0) return -1;
        ssize_t r = read(f->fd, f->rb + f->rlen, CHUNK);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return kn__os_error(errno, NULL, err);
        if (r == 0) {
            f->eof = true;
            return 0;
        }
        f->rlen += (size_t)r;
        return 1;
    }
}

/* Bytes that were read from fd but not given to the program: raw, and decoded text (its
 * UTF-8 length, which is the encoded length for UTF-8 files without translated newlines). */
static int64_t unread_bytes(const fileobj *f) {
    return (int64_t)(f->rlen - f->rpos) + (int64_t)(f->dec.len - f->dpos) + (f->cr_pending ? 1 : 0);
}

/* Forget what was read ahead and move fd back to where the program is. */
static int drop_readahead(fileobj *f, kn_err *err) {
    int64_t back = unread_bytes(f);
    f->rpos = f->rlen = 0;
    f->dec.len = f->dpos = 0;
    f->cr_pending = false;
    f->eof = false;
    if (back > 0 && f->seekable && lseek(f->fd, -back, SEEK_CUR) < 0) return kn__os_error(errno, NULL, err);
    return 0;
}

/* ---- text decoding ------------------------------------------------------------------------- */

/* Length of the longest prefix of p[0..n) that ends on a UTF-8 character boundary. */
static size_t utf8_whole(const char *p, size_t n) {
    size_t k = n, back = 0;
    while (k > 0 && back < 4 && ((unsigned char)p[k - 1] & 0xc0) == 0x80) {
        k--;
        back++;
    }
    if (k == 0) return n;
    unsigned char lead = (unsigned char)p[k - 1];
    size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    return need > back + 1 ? k - 1 : n;
}

/* Whether p[0..n) is well-formed UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF), as the utf-8 codec accepts it in strict mode. */
static bool utf8_valid(const char *p, size_t n) {
    const unsigned char *s = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        if (i + 8 <= n) { /* eight ASCII bytes at a time */
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        if (len == 0 || c > 0xf4 || i + len > n) return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xc0) != 0x80) return false;
        if (c == 0xe0 && s[i + 1] < 0xa0) return false; /* overlong */
        if (c == 0xed && s[i + 1] >= 0xa0) return false; /* surrogate */
        if (c == 0xf0 && s[i + 1] < 0x90) return false; /* overlong */
        if (c == 0xf4 && s[i + 1] >= 0x90) return false; /* past U+10FFFF */
        i += len;
    }
    return true;
}

static bool all_ascii(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80) return false;
    return true;
}

/* Append text (UTF-8) to the decoded buffer, translating "\r\n" and "\r" to "\n" when
 * newline=None. A trailing '\r' is held back until the next chunk (or the end) shows whether
 * "\n" follows. */
static int add_decoded(fileobj *f, const char *s, size_t n, bool last, kn_err *err) {
    if (f->dpos > 0 && f->dpos == f->dec.len) f->dec.len = f->dpos = 0;
    if (f->dpos > (1u << 20) && f->dpos * 2 > f->dec.len) { /* compact */
        memmove(f->dec.data, f->dec.data + f->dpos, f->dec.len - f->dpos);
        f->dec.len -= f->dpos;
        f->dpos = 0;
    }
    if (f->nl != 'u') {
        tc_strbuf_append(&f->dec, s, n);
        return f->dec.failed ? kn_nomem(err) : 0;
    }
    size_t i = 0;
    if (f->cr_pending && n > 0) {
        tc_strbuf_putc(&f->dec, '\n');
        if (s[0] == '\n') i = 1;
        f->cr_pending = false;
    }
    while (i < n) {
        const char *cr = memchr(s + i, '\r', n - i);
        size_t end = cr ? (size_t)(cr - s) : n;
        tc_strbuf_append(&f->dec, s + i, end - i);
        if (!cr) break;
        if (end + 1 == n) {
            f->cr_pending = true;
            i = n;
            break;
        }
        tc_strbuf_putc(&f->dec, '\n');
        i = end + (s[end + 1] == '\n' ? 2 : 1);
    }
    if (last && f->cr_pending) {
        tc_strbuf_putc(&f->dec, '\n');
        f->cr_pending = false;
    }
    return f->dec.failed ? kn_nomem(err) : 0;
}

/* Decode the next chunk of the file into dec: 1 when text was added, 0 at end, -1 on error. */
static int fill_text(fileobj *f, kn_err *err) {
    for (;;) {
        int r = fill_raw(f, err);
        if (r < 0) return -1;
        size_t avail = f->rlen - f->rpos;
        if (r == 0 && avail == 0) {
            if (f->cr_pending) return add_decoded(f, "", 0, true, err) < 0 ? -1 : 1;
            return 0;
        }
        size_t take = r == 0 ? avail : f->utf8 ? utf8_whole(f->rb + f->rpos, avail) : avail;
        if (take < avail) continue; /* the chunk ends inside a character: read on first */
        const char *p = f->rb + f->rpos;
        size_t before = f->dec.len - f->dpos;
        /* UTF-8 that is well-formed, and ASCII in every codec, reads as it is in the file */
        if (f->utf8 ? utf8_valid(p, take) : all_ascii(p, take)) {
            if (add_decoded(f, p, take, r == 0, err) < 0) return -1;
        } else {
            kn_obj *raw = kn_bytes_new(p, take);
            kn_obj *s = raw ? kn__bytes_decode_args(raw, f->encoding, f->errors, err) : NULL;
            kn_decref(raw);
            if (!s) {
                if (!tc_error_is_set(err)) kn_nomem(err);
                return -1;
            }
            int rc = add_decoded(f, kn_str_cstr(s), kn_str_len(s), r == 0, err);
            kn_decref(s);
            if (rc < 0) return -1;
        }
        f->rpos += take;
        if (f->dec.len - f->dpos > before || r == 0) return 1;
    }
}

/* Take n bytes of decoded text as a str. */
static kn_obj *take_text(fileobj *f, size_t n, kn_err *err) {
    kn_obj *s = kn_str_new(f->dec.data ? f->dec.data + f->dpos : "", n);
    if (!s) {
        kn_nomem(err);
        return NULL;
    }
    f->dpos += n;
    return s;
}

/* ---- reading ------------------------------------------------------------------------------- */

/* Everything left: text as str, binary as bytes. */
static kn_obj *read_all(fileobj *f, kn_err *err) {
    int r;
    if (f->binary) {
        while ((r = fill_raw(f, err)) > 0) {
        }
        if (r < 0) return NULL;
        kn_obj *b = kn_bytes_new(f->rb ? f->rb + f->rpos : "", f->rlen - f->rpos);
        if (!b) kn_nomem(err);
        else f->rpos = f->rlen = 0;
        return b;
    }
    while ((r = fill_text(f, err)) > 0) {
    }
    if (r < 0) return NULL;
    return take_text(f, f->dec.len - f->dpos, err);
}

/* Up to n characters (text) or bytes (binary). */
static kn_obj *read_n(fileobj *f, int64_t n, kn_err *err) {
    if (f->binary) {
        while ((int64_t)(f->rlen - f->rpos) < n) {
            int r = fill_raw(f, err);
            if (r < 0) return NULL;
            if (r == 0) break;
        }
        size_t k = (int64_t)(f->rlen - f->rpos) < n ? f->rlen - f->rpos : (size_t)n;
        kn_obj *b = kn_bytes_new(f->rb ? f->rb + f->rpos : "", k);
        if (!b) kn_nomem(err);
        else f->rpos += k;
        return b;
    }
    /* text: n code points; the byte offset of the n-th one in the decoded UTF-8 */
    size_t at = f->dpos;
    int64_t got = 0;
    for (;;) {
        while (at < f->dec.len && got < n) {
            at++;
            while (at < f->dec.len && ((unsigned char)f->dec.data[at] & 0xc0) == 0x80) at++;
            got++;
        }
        if (got >= n) break;
        size_t off = at - f->dpos;
        int r = fill_text(f, err);
        if (r < 0) return NULL;
        if (r == 0) break;
        at = f->dpos + off; /* dec may have been compacted */
    }
    return take_text(f, at - f->dpos, err);
}

/* Where the line starting at data[from..len) ends (just past its terminator), or 0 when the
 * buffer holds no complete line. */
static size_t line_end(const fileobj *f, const char *data, size_t from, size_t len) {
    const char *p = data + from;
    size_t n = len - from;
    if (f->binary || f->nl == 'u' || f->nl == 'n') {
        const char *q = memchr(p, '\n', n);
        return q ? (size_t)(q - data) + 1 : 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (f->nl == 'r' && p[i] == '\r') return from + i + 1;
        if (f->nl == 'c' && p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') return from + i + 2;
        if (f->nl == 'e') { /* newline='': any of \n, \r, \r\n ends a line, kept as it is */
            if (p[i] == '\n') return from + i + 1;
            if (p[i] == '\r') {
                if (i + 1 < n) return from + i + (p[i + 1] == '\n' ? 2 : 1);
                return 0; /* a '\n' may follow in the next chunk */
            }
        }
    }
    return 0;
}

/* One line, its terminator included; limit >= 0 caps its length (characters or bytes). An
 * empty result means the end of the file. */
static kn_obj *read_line(fileobj *f, int64_t limit, kn_err *err) {
    if (f->binary) {
        for (;;) {
            size_t avail = f->rlen - f->rpos;
            const char *nl = avail ? memchr(f->rb + f->rpos, '\n', avail) : NULL;
            size_t k = nl ? (size_t)(nl - (f->rb + f->rpos)) + 1 : 0;
            if (limit >= 0 && (k ? (int64_t)k > limit : (int64_t)avail >= limit)) k = (size_t)limit;
            if (k || (limit == 0)) {
                kn_obj *b = kn_bytes_new(f->rb ? f->rb + f->rpos : "", k);
                if (!b) kn_nomem(err);
                else f->rpos += k;
                return b;
            }
            int r = fill_raw(f, err);
            if (r < 0) return NULL;
            if (r == 0) return read_n(f, (int64_t)(f->rlen - f->rpos), err);
        }
    }
    size_t scanned = 0;
    for (;;) {
        size_t e = f->dec.len > f->dpos ? line_end(f, f->dec.data, f->dpos + scanned, f->dec.len) : 0;
        if (e) {
            if (limit >= 0) {
                int64_t chars = kn__utf8_count(f->dec.data + f->dpos, e - f->dpos, NULL);
                if (chars > limit) return read_n(f, limit, err);
            }
            return take_text(f, e - f->dpos, err);
        }
        if (limit >= 0 && kn__utf8_count(f->dec.data + f->dpos, f->dec.len - f->dpos, NULL) >= limit)
            return read_n(f, limit, err);
        scanned = f->dec.len - f->dpos;
        if (scanned > 0 && f->nl == 'e' && f->dec.data[f->dec.len - 1] == '\r') scanned--;
        int r = fill_text(f, err);
        if (r < 0) return NULL;
        if (r == 0) return take_text(f, f->dec.len - f->dpos, err);
    }
}

/* ---- writing -------------------------------------------------------------------------------- */

static int add_write(fileobj *f, const char *p, size_t n, kn_err *err) {
    if (f->readable && (f->rlen > f->rpos || f->dec.len > f->dpos || f->cr_pending) &&
        drop_readahead(f, err) < 0)
        return -1;
    f->rpos = f->rlen = 0;
    f->eof = false;
    if (f->wb.len + n > CHUNK && flush_writes(f, err) < 0) return -1;
    if (n >= CHUNK) return write_all(f, p, n, err);
    tc_strbuf_append(&f->wb, p, n);
    if (f->wb.failed) {
        f->wb.failed = false;
        f->wb.len = 0;
        return kn_nomem(err);
    }
    return 0;
}

/* Text: the str encoded (newlines translated for newline='\r' or '\r\n'). */
static int write_text(fileobj *f, kn_obj *s, kn_err *err) {
    const char *p = kn_str_cstr(s);
    size_t n = kn_str_len(s);
    kn_obj *tmp = NULL;
    if ((f->nl == 'r' || f->nl == 'c') && memchr(p, '\n', n)) {
        tc_strbuf b = {0};
        for (size_t i = 0; i < n; i++) {
            if (p[i] == '\n') tc_strbuf_puts(&b, f->nl == 'r' ? "\r" : "\r\n");
            else tc_strbuf_putc(&b, p[i]);
        }
        if (!(tmp = kn__strbuf_finish(&b, err))) return -1;
        p = kn_str_cstr(tmp);
        n = kn_str_len(tmp);
    }
    int rc;
    if (f->utf8) {
        rc = add_write(f, p, n, err);
    } else {
        kn_obj *pos[2] = {f->encoding, f->errors};
        kn_args a = {.pos = pos, .npos = 2};
        kn_obj *b = kn__str_encode(tmp ? tmp : s, &a, err);
        rc = b ? add_write(f, kn_bytes_data(b), kn_bytes_len(b), err) : -1;
        kn_decref(b);
    }
    kn_decref(tmp);
    return rc;
}

/* ---- closing ---------------------------------------------------------------------------------- */

static int file_close(fileobj *f, kn_err *err) {
    if (f->fd < 0) return 0;
    int rc = flush_writes(f, err);
    if (f->closefd && close(f->fd) != 0 && rc == 0) rc = kn__os_error(errno, NULL, err);
    f->fd = -1;
    tc_free(f->rb);
    f->rb = NULL;
    f->rpos = f->rlen = f->rcap = 0;
    tc_strbuf_free(&f->dec);
    tc_strbuf_free(&f->wb);
    f->dpos = 0;
    return rc;
}

static void file_dealloc(kn_obj *self) {
    fileobj *f = FO(self);
    kn_err e;
    tc_error_init(&e);
    file_close(f, &e); /* a write that fails here has no one to tell, as in CPython */
    kn_decref(f->name);
    kn_decref(f->mode);
    kn_decref(f->encoding);
    kn_decref(f->errors);
}

/* ---- methods ---------------------------------------------------------------------------------- */

/* An optional size argument: -1 (or None) for "all". */
static int size_arg(const kn_args *args, const char *fname, int64_t *n, kn_err *err) {
    static const char *names[] = {"size"};
    kn_obj *a[1];
    if (KN__BIND(args, fname, names, 0, a, err) < 0) return -1;
    *n = -1;
    if (!a[0] || a[0] == kn_none()) return 0;
    if (!kn__is_int(a[0]))
        return tc_error_set(err, TC_EXC_TYPE, "argument should be integer or None, not '%s'",
                            kn_type_name(a[0]));
    return kn_to_int64(a[0], n, err);
}

static kn_obj *m_read(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    int64_t n;
    if (size_arg(args, "read", &n, err) < 0 || check_readable(f, "read", err) < 0) return NULL;
    if (flush_writes(f, err) < 0) return NULL;
    return n < 0 ? read_all(f, err) : read_n(f, n, err);
}

static kn_obj *m_readline(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    int64_t n;
    if (size_arg(args, "readline", &n, err) < 0 || check_readable(f, "readline", err) < 0) return NULL;
    if (flush_writes(f, err) < 0) return NULL;
    return read_line(f, n, err);
}

static kn_obj *m_readlines(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    int64_t hint;
    if (size_arg(args, "readlines", &hint, err) < 0 || check_readable(f, "readlines", err) < 0) return NULL;
    if (flush_writes(f, err) < 0) return NULL;
    kn_obj *list = kn_list_new(0);
    if (!list) {
        kn_nomem(err);
        return NULL;
    }
    int64_t total = 0;
    for (uint64_t i = 1;; i++) {
        kn_obj *line = read_line(f, -1, err);
        int64_t n = line ? kn_len(line, err) : -1;
        if (!line || n == 0 || kn_list_append(list, line) < 0 || kn__poll(i, err) < 0) {
            bool failed = !line || n != 0;
            if (failed && !tc_error_is_set(err)) kn_nomem(err);
            kn_decref(line);
            if (failed) {
                kn_decref(list);
                return NULL;
            }
            return list;
        }
        kn_decref(line);
        total += n;
        if (hint > 0 && total >= hint) return list;
    }
}

static kn_obj *m_write(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    static const char *names[] = {"s"};
    kn_obj *a[1];
    if (KN__BIND(args, "write", names, 1, a, err) < 0 || check_writable(f, "write", err) < 0) return NULL;
    if (f->binary) {
        if (!kn_is(a[0], &kn_type_bytes)) {
            tc_error_set(err, TC_EXC_TYPE, "a bytes-like object is required, not '%s'", kn_type_name(a[0]));
            return NULL;
        }
        if (add_write(f, kn_bytes_data(a[0]), kn_bytes_len(a[0]), err) < 0) return NULL;
        return kn_int_new((int64_t)kn_bytes_len(a[0]));
    }
    if (!kn_is(a[0], &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "write() argument must be str, not %s", kn_type_name(a[0]));
        return NULL;
    }
    if (write_text(f, a[0], err) < 0) return NULL;
    return kn_int_new(kn__utf8_count(kn_str_cstr(a[0]), kn_str_len(a[0]), NULL));
}

static kn_obj *m_writelines(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    static const char *names[] = {"lines"};
    kn_obj *a[1];
    if (KN__BIND(args, "writelines", names, 1, a, err) < 0 || check_writable(f, "write", err) < 0) return NULL;
    kn_obj *it = kn_iter(a[0], err);
    if (!it) return NULL;
    kn_obj *x;
    int rc = 0;
    for (uint64_t i = 1; rc == 0 && (x = kn_next(it, err)); i++) {
        kn_obj *pos[1] = {x};
        kn_args wa = {.pos = pos, .npos = 1};
        kn_obj *r = m_write(self, &wa, err);
        rc = r && kn__poll(i, err) == 0 ? 0 : -1;
        kn_decref(r);
        kn_decref(x);
    }
    kn_decref(it);
    if (rc < 0 || tc_error_is_set(err)) return NULL;
    return kn_none_new();
}

static kn_obj *m_flush(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    if (kn__no_args(args, "flush", err) < 0 || check_open(f, "flush", err) < 0) return NULL;
    if (flush_writes(f, err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *m_close(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "close", err) < 0) return NULL;
    if (file_close(FO(self), err) < 0) return NULL;
    return kn_none_new();
}

static kn_obj *m_tell(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    if (kn__no_args(args, "tell", err) < 0 || check_open(f, "tell", err) < 0) return NULL;
    off_t at = lseek(f->fd, 0, SEEK_CUR);
    if (at < 0) {
        kn__os_error(errno, NULL, err);
        return NULL;
    }
    return kn_int_new((int64_t)at + (int64_t)f->wb.len - unread_bytes(f));
}

static kn_obj *m_seek(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    static const char *names[] = {"cookie", "whence"};
    kn_obj *a[2];
    int64_t off, whence = 0;
    if (KN__BIND(args, "seek", names, 1, a, err) < 0 || check_open(f, "seek", err) < 0) return NULL;
    if (!kn__is_int(a[0])) {
        tc_error_set(err, TC_EXC_TYPE, "'%s' object cannot be interpreted as an integer", kn_type_name(a[0]));
        return NULL;
    }
    if (kn_to_int64(a[0], &off, err) < 0 || (a[1] && kn_to_int64(a[1], &whence, err) < 0)) return NULL;
    if (whence < 0 || whence > 2) {
        tc_error_set(err, TC_EXC_VALUE, f->binary ? "whence value %lld unsupported" : "invalid whence (%lld, should be 0, 1 or 2)",
                     (long long)whence);
        return NULL;
    }
    if (!f->binary && whence != 0 && off != 0) {
        tc_error_set(err, TC_EXC_UNSUPPORTED_OPERATION,
                     whence == 1 ? "can't do nonzero cur-relative seeks" : "can't do nonzero end-relative seeks");
        return NULL;
    }
    if (!f->binary && whence == 0 && off < 0) {
        tc_error_set(err, TC_EXC_VALUE, "negative seek position %lld", (long long)off);
        return NULL;
    }
    if (flush_writes(f, err) < 0) return NULL;
    if (whence == 1 && f->binary) off -= unread_bytes(f);
    if (whence == 1 && !f->binary && drop_readahead(f, err) < 0) return NULL;
    f->rpos = f->rlen = 0;
    f->dec.len = f->dpos = 0;
    f->cr_pending = false;
    f->eof = false;
    off_t at = lseek(f->fd, (off_t)off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
    if (at < 0) {
        kn__os_error(errno, NULL, err);
        return NULL;
    }
    return kn_int_new((int64_t)at);
}

static kn_obj *m_truncate(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    static const char *names[] = {"pos"};
    kn_obj *a[1];
    if (KN__BIND(args, "truncate", names, 0, a, err) < 0 || check_writable(f, "truncate", err) < 0) return NULL;
    if (flush_writes(f, err) < 0 || drop_readahead(f, err) < 0) return NULL;
    int64_t at;
    if (a[0] && a[0] != kn_none()) {
        if (kn_to_int64(a[0], &at, err) < 0) return NULL;
    } else {
        off_t cur = lseek(f->fd, 0, SEEK_CUR);
        if (cur < 0) {
            kn__os_error(errno, NULL, err);
            return NULL;
        }
        at = (int64_t)cur;
    }
    if (ftruncate(f->fd, (off_t)at) != 0) {
        kn__os_error(errno, NULL, err);
        return NULL;
    }
    return kn_int_new(at);
}

static kn_obj *m_fileno(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    if (kn__no_args(args, "fileno", err) < 0 || check_open(f, "fileno", err) < 0) return NULL;
    return kn_int_new(f->fd);
}

static kn_obj *m_isatty(kn_obj *self, const kn_args *args, kn_err *err) {
    fileobj *f = FO(self);
    if (kn__no_args(args, "isatty", err) < 0 || check_open(f, "isatty", err) < 0) return NULL;
    return kn_bool_new(isatty(f->fd));
}

static kn_obj *flag(kn_obj *self, const kn_args *args, const char *name, int which, kn_err *err) {
    fileobj *f = FO(self);
    if (kn__no_args(args, name, err) < 0 || check_open(f, name, err) < 0) return NULL;
    return kn_bool_new(which == 0 ? f->readable : which == 1 ? f->writable : f->seekable);
}
static kn_obj *m_readable(kn_obj *self, const kn_args *args, kn_err *err) { return flag(self, args, "readable", 0, err); }
static kn_obj *m_writable(kn_obj *self, const kn_args *args, kn_err *err) { return flag(self, args, "writable", 1, err); }
static kn_obj *m_seekable(kn_obj *self, const kn_args *args, kn_err *err) { return flag(self, args, "seekable", 2, err); }

static kn_obj *m_enter(kn_obj *self, const kn_args *args, kn_err *err) {
    if (kn__no_args(args, "__enter__", err) < 0 || check_open(FO(self), "enter", err) < 0) return NULL;
    return kn_incref(self);
}

static kn_obj *m_exit(kn_obj *self, const kn_args *args, kn_err *err) {
    (void)args;
    if (file_close(FO(self), err) < 0) return NULL;
    return kn_none_new();
}

static const kn__method file_methods[] = {
    {"read", m_read, "(size=-1, /)", "Read at most size characters (bytes), or to the end of the file."},
    {"readline", m_readline, "(size=-1, /)", "Read until newline or EOF."},
    {"readlines", m_readlines, "(hint=-1, /)", "Return a list of lines from the stream."},
    {"write", m_write, "(s, /)", "Write string (bytes) s to stream; return the number written."},
    {"writelines", m_writelines, "(lines, /)", "Write a list of lines to stream."},
    {"flush", m_flush, "()", "Flush the write buffers of the stream if applicable."},
    {"close", m_close, "()", "Flush and close the IO object."},
    {"tell", m_tell, "()", "Return current stream position."},
    {"seek", m_seek, "(cookie, whence=0, /)", "Change the stream position to the given offset."},
    {"truncate", m_truncate, "(pos=None, /)", "Truncate file to size pos (or the current position)."},
    {"fileno", m_fileno, "()", "Return the underlying file descriptor (an integer)."},
    {"isatty", m_isatty, "()", "True if the file is connected to a TTY device."},
    {"readable", m_readable, "()", "True if the file was opened for reading."},
    {"writable", m_writable, "()", "True if the file was opened for writing."},
    {"seekable", m_seekable, "()", "True if the file supports random access."},
    {"__enter__", m_enter, "()", NULL},
    {"__exit__", m_exit, "(*args)", NULL},
    {NULL, NULL, NULL, NULL},
};

static kn_obj *file_getattr(kn_obj *self, const char *name, kn_err *err) {
    fileobj *f = FO(self);
    if (strcmp(name, "closed") == 0) return kn_bool_new(f->fd < 0);
    if (strcmp(name, "name") == 0) return kn_incref(f->name);
    if (strcmp(name, "mode") == 0) return kn_incref(f->mode);
    if (!f->binary) {
        if (strcmp(name, "encoding") == 0) return kn_incref(f->encoding);
        if (strcmp(name, "errors") == 0) return kn_incref(f->errors);
        if (strcmp(name, "line_buffering") == 0) return kn_bool_new(false);
    }
    (void)err;
    return kn__method_get(self, file_methods, name);
}

static int file_dir(kn_obj *self, kn_obj *list, kn_err *err) {
    static const char *attrs[] = {"closed", "name", "mode", "encoding", "errors", "line_buffering"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++) {
        if (i >= 3 && FO(self)->binary) break;
        kn_obj *s = kn_str_from_cstr(attrs[i]);
        if (!s || kn_list_append(list, s) < 0) {
            kn_decref(s);
            return kn_nomem(err);
        }
        kn_decref(s);
    }
    return kn__method_dir(file_methods, list);
}

static kn_obj *file_repr(kn_obj *self, kn_err *err) {
    fileobj *f = FO(self);
    tc_strbuf b = {0};
    tc_strbuf_printf(&b, "<_io.%s name=", self->type->name);
    if (kn__strbuf_repr(&b, f->name, err) < 0) {
        tc_strbuf_free(&b);
        return NULL;
    }
    if (!f->binary) {
        tc_strbuf_puts(&b, " mode=");
        kn__strbuf_repr(&b, f->mode, err);
        tc_strbuf_puts(&b, " encoding=");
        kn__strbuf_repr(&b, f->encoding, err);
    }
    tc_strbuf_putc(&b, '>');
    return kn__strbuf_finish(&b, err);
}

static kn_obj *file_iter(kn_obj *self, kn_err *err) {
    if (check_open(FO(self), "iter", err) < 0) return NULL;
    return kn_incref(self);
}

static kn_obj *file_next(kn_obj *self, kn_err *err) {
    fileobj *f = FO(self);
    if (check_readable(f, "readline", err) < 0 || flush_writes(f, err) < 0) return NULL;
    kn_obj *line = read_line(f, -1, err);
    if (line && (f->binary ? kn_bytes_len(line) : kn_str_len(line)) == 0) {
        kn_decref(line);
        return NULL; /* the end: StopIteration */
    }
    return line;
}

static kn_obj *file_enter(kn_obj *self, kn_err *err) {
    if (check_open(FO(self), "enter", err) < 0) return NULL;
    return kn_incref(self);
}

static int file_exit(kn_obj *self, kn_obj *exc, kn_err *err) {
    (void)exc;
    return file_close(FO(self), err) < 0 ? -1 : 0;
}

#define FILE_TYPE(var, tname, tdoc)                                                                \
    static const kn_type var = {                                                                   \
        .name = tname,                                                                             \
        .qualname = "_io." tname,                                                                  \
        .doc = tdoc,                                                                               \
        .dealloc = file_dealloc,                                                                   \
        .repr = file_repr,                                                                         \
        .getattr = file_getattr,                                                                   \
        .iter = file_iter,                                                                         \
        .next = file_next,                                                                         \
        .dir = file_dir,                                                                           \
        .enter = file_enter,                                                                       \
        .exit = file_exit,                                                                         \
        .stable_methods = true,                                                                    \
    };
FILE_TYPE(type_text, "TextIOWrapper", "Character and line based layer over a BufferedIOBase object, buffer.")
FILE_TYPE(type_reader, "BufferedReader", "Create a new buffered reader using the given readable raw IO object.")
FILE_TYPE(type_writer, "BufferedWriter", "A buffer for a writeable sequential RawIO object.")
FILE_TYPE(type_random, "BufferedRandom", "A buffered interface to random access streams.")

/* ---- open() ----------------------------------------------------------------------------------- */

typedef struct open_mode {
    bool r, w, a, x, plus, b, t;
} open_mode;

/* CPython's checks of the mode string, in its order and words. */
static int parse_mode(kn_obj *mode, open_mode *m, kn_err *err) {
    const char *s = kn_str_cstr(mode);
    memset(m, 0, sizeof *m);
    for (const char *p = s; *p; p++) {
        bool *flagp = NULL;
        switch (*p) {
        case 'r': flagp = &m->r; break;
        case 'w': flagp = &m->w; break;
        case 'a': flagp = &m->a; break;
        case 'x': flagp = &m->x; break;
        case '+': flagp = &m->plus; break;
        case 'b': flagp = &m->b; break;
        case 't': flagp = &m->t; break;
        default: break;
        }
        if (!flagp || *flagp) {
            kn_obj *rp = kn_repr(mode, err);
            if (rp) tc_error_set(err, TC_EXC_VALUE, "invalid mode: %s", kn_str_cstr(rp));
            kn_decref(rp);
            return -1;
        }
        *flagp = true;
    }
    int kinds = m->r + m->w + m->a + m->x;
    if (m->t && m->b) return tc_error_set(err, TC_EXC_VALUE, "can't have text and binary mode at once");
    if (kinds > 1) return tc_error_set(err, TC_EXC_VALUE, "must have exactly one of create/read/write/append mode");
    if (kinds == 0)
        return tc_error_set(err, TC_EXC_VALUE,
                            "Must have exactly one of create/read/write/append mode and at most one plus");
    return 0;
}

/* The path of a str, bytes or os.PathLike argument (a new reference to a str or bytes). */
static kn_obj *fspath(kn_obj *file, kn_err *err) {
    if (kn_is(file, &kn_type_str) || kn_is(file, &kn_type_bytes)) return kn_incref(file);
    kn_obj *m = kn_is_instance_obj(file) ? kn_getattr(file, "__fspath__", err) : NULL;
    if (!m) {
        tc_error_clear(err);
        tc_error_set(err, TC_EXC_TYPE, "expected str, bytes or os.PathLike object, not %s", kn_type_name(file));
        return NULL;
    }
    kn_obj *r = kn_call_simple(m, NULL, 0, err);
    kn_decref(m);
    if (r && !kn_is(r, &kn_type_str) && !kn_is(r, &kn_type_bytes)) {
        tc_error_set(err, TC_EXC_TYPE, "expected %s.__fspath__() to return str or bytes, not %s",
                     kn_type_name(file), kn_type_name(r));
        kn_decref(r);
        return NULL;
    }
    return r;
}

/* The codec name text mode uses, or -1 with LookupError's text for one no codec knows. */
static int text_codec(kn_obj *enc, bool *utf8, kn_err *err) {
    char low[32];
    const char *s = kn_str_cstr(enc);
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof low; n++) low[n] = (char)(s[n] == '_' ? '-' : tolower((unsigned char)s[n]));
    low[n] = 0;
    *utf8 = strcmp(low, "utf-8") == 0 || strcmp(low, "utf8") == 0 || strcmp(low, "u8") == 0;
    bool known = *utf8 || strcmp(low, "ascii") == 0 || strcmp(low, "us-ascii") == 0 ||
                 strcmp(low, "latin-1") == 0 || strcmp(low, "latin1") == 0 ||
                 strcmp(low, "iso-8859-1") == 0 || strcmp(low, "iso8859-1") == 0 || strcmp(low, "l1") == 0;
    if (!known) return tc_error_set(err, TC_EXC_VALUE, "unknown encoding: %s", s);
    return 0;
}

static kn_obj *bi_open(kn_obj *self, const kn_args *args, kn_err *err) {
    (void)self;
    static const char *names[] = {"file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"};
    kn_obj *a[8];
    if (KN__BIND(args, "open", names, 1, a, err) < 0) return NULL;
    kn_obj *file = a[0], *mode = a[1], *encoding = a[3] == kn_none() ? NULL : a[3];
    kn_obj *errors = a[4] == kn_none() ? NULL : a[4], *newline = a[5] == kn_none() ? NULL : a[5];
    if (mode && !kn_is(mode, &kn_type_str)) {
        tc_error_set(err, TC_EXC_TYPE, "open() argument 'mode' must be str, not %s", kn_type_name(mode));
        return NULL;
    }
    for (int k = 3; k <= 5; k++)
        if (a[k] && a[k] != kn_none() && !kn_is(a[k], &kn_type_str)) {
            tc_error_set(err, TC_EXC_TYPE, "open() argument '%s' must be str or None, not %s", names[k],
                         kn_type_name(a[k]));
            return NULL;
        }
    if (a[7] && a[7] != kn_none()) {
        tc_error_set(err, TC_EXC_NOT_IMPLEMENTED, "open(): the opener argument is not supported");
        return NULL;
    }
    open_mode m;
    kn_obj *mode_default = NULL;
    if (!mode && !(mode = mode_default = kn_str_from_cstr("r"))) {
        kn_nomem(err);
        return NULL;
    }
    int rc = parse_mode(mode, &m, err);
    const char *nl = newline ? kn_str_cstr(newline) : NULL;
    if (rc == 0 && m.b && encoding) rc = tc_error_set(err, TC_EXC_VALUE, "binary mode doesn't take an encoding argument");
    if (rc == 0 && m.b && errors) rc = tc_error_set(err, TC_EXC_VALUE, "binary mode doesn't take an errors argument");
    if (rc == 0 && m.b && newline) rc = tc_error_set(err, TC_EXC_VALUE, "binary mode doesn't take a newline argument");
    if (rc == 0 && nl && strcmp(nl, "") && strcmp(nl, "\n") && strcmp(nl, "\r") && strcmp(nl, "\r\n")) {
        rc = tc_error_set(err, TC_EXC_VALUE, "illegal newline value: %s", nl);
    }
    bool utf8 = true;
    if (rc == 0 && !m.b && encoding) rc = text_codec(encoding, &utf8, err);
    bool closefd = !a[6] || kn_truth(a[6], err) == 1;
    int fd = -1;
    kn_obj *path = NULL;
    if (rc == 0 && kn__is_int(file)) {
        int64_t v;
        if (kn_to_int64(file, &v, err) < 0) rc = -1;
        else if (v < 0) rc = tc_error_set(err, TC_EXC_VALUE, "negative file descriptor");
        else fd = (int)v;
    } else if (rc == 0) {
        if (!closefd) rc = tc_error_set(err, TC_EXC_VALUE, "Cannot use closefd=False with file name");
        else if (!(path = fspath(file, err))) rc = -1;
    }
    if (rc == 0 && path) {
        const char *p = kn_is(path, &kn_type_str) ? kn_str_cstr(path) : kn_bytes_data(path);
        size_t plen = kn_is(path, &kn_type_str) ? kn_str_len(path) : kn_bytes_len(path);
        if (strlen(p) != plen) {
            rc = tc_error_set(err, TC_EXC_VALUE, "embedded null byte");
        } else {
            int flags = O_CLOEXEC | (m.plus ? O_RDWR : m.r ? O_RDONLY : O_WRONLY);
            if (m.w) flags |= O_CREAT | O_TRUNC;
            if (m.a) flags |= O_CREAT | O_APPEND;
            if (m.x) flags |= O_CREAT | O_EXCL;
            do {
                fd = open(p, flags, 0666);
            } while (fd < 0 && errno == EINTR && tc_interrupt_check(err) == 0);
            if (fd < 0 && !tc_error_is_set(err)) rc = kn__os_error(errno, path, err);
            else if (fd < 0) rc = -1;
            struct stat st;
            if (rc == 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) { /* O_RDONLY opens a directory */
                close(fd);
                fd = -1;
                rc = kn__os_error(EISDIR, path, err);
            }
        }
    }
    fileobj *f = NULL;
    if (rc == 0) {
        const kn_type *t = !m.b ? &type_text : m.plus ? &type_random : m.r ? &type_reader : &type_writer;
        f = (fileobj *)kn_obj_alloc(t, sizeof(fileobj), err);
        if (!f && fd >= 0 && path) close(fd);
    }
    if (f) {
        f->fd = fd;
        f->readable = m.r || m.plus;
        f->writable = m.w || m.a || m.x || m.plus;
        f->append = m.a;
        f->binary = m.b;
        f->closefd = closefd;
        f->seekable = lseek(fd, 0, SEEK_CUR) >= 0;
        f->nl = !nl ? 'u' : !*nl ? 'e' : !strcmp(nl, "\n") ? 'n' : !strcmp(nl, "\r") ? 'r' : 'c';
        f->name = kn_incref(file);
        f->utf8 = utf8;
        if (m.b) { /* FileIO's mode: xb, ab, rb+, rb or wb (+ kept) */
            const char *bm = m.x ? (m.plus ? "xb+" : "xb") : m.a ? (m.plus ? "ab+" : "ab")
                             : m.plus ? "rb+" : m.r ? "rb" : "wb";
            f->mode = kn_str_from_cstr(bm);
        } else {
            f->mode = kn_incref(mode);
            f->encoding = encoding ? kn_incref(encoding) : kn_str_from_cstr("UTF-8");
            f->errors = errors ? kn_incref(errors) : kn_str_from_cstr("strict");
        }
        if (!f->mode || (!m.b && (!f->encoding || !f->errors))) {
            kn_decref(&f->base);
            f = NULL;
            kn_nomem(err);
        } else if (m.a && f->seekable && lseek(fd, 0, SEEK_END) < 0) {
            kn__os_error(errno, path, err);
            kn_decref(&f->base);
            f = NULL;
        }
    }
    kn_decref(path);
    kn_decref(mode_default);
    return f ? &f->base : NULL;
}

static const kn__method open_funcs[] = {
    {"open", bi_open,
     "(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)",
     "Open file and return a stream.  Raise OSError upon failure."},
    {NULL, NULL, NULL, NULL},
};

/* The builtin open (a new reference). */
kn_obj *kn__builtin_open(void) {
    return kn_cfunction_new(open_funcs[0].name, open_funcs[0].fn, NULL, open_funcs[0].sig, open_funcs[0].doc);
}

/* The `_io` module: open, the file types, UnsupportedOperation and DEFAULT_BUFFER_SIZE. */
kn_obj *kn_mod__io_init(kn_err *err) {
    kn_obj *m = kn_module_new("_io", "The io module provides the Python interfaces to stream handling.");
    if (!m) {
        kn_nomem(err);
        return NULL;
    }
    kn_obj *d = kn_module_dict(m);
    kn_obj *open = kn__builtin_open(), *size = kn_int_new(8192);
    const kn_type *types[] = {&type_text, &type_reader, &type_writer, &type_random};
    bool ok = open && size && kn_dict_set_str(d, "open", open) == 0 &&
              kn_dict_set_str(d, "DEFAULT_BUFFER_SIZE", size) == 0 &&
              kn_dict_set_str(d, "UnsupportedOperation",
                              kn_type_object(kn__exc_type(TC_EXC_UNSUPPORTED_OPERATION))) == 0;
    for (size_t i = 0; ok && i < sizeof types / sizeof types[0]; i++)
        ok = kn_dict_set_str(d, types[i]->name, kn_type_object(types[i])) == 0;
    kn_decref(open);
    kn_decref(size);
    if (!ok) {
        kn_decref(m);
        kn_nomem(err);
        return NULL;
    }
    return m;
}
